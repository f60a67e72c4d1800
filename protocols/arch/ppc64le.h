/* SPDX-License-Identifier: MIT */
/*
 * 64-bit little-endian POWER (ELFv2 ABI) primitives for the commit
 * protocols and operation bodies: the ppc64le version of
 * protocols/arch/x86_64.h, which documents the interface.
 *
 * Registers are written "%%rN" (GAS accepts the % prefix; operands are
 * printed as bare numbers).  POWER is load/store: a compare with memory
 * first loads the word into r0, the scratch reserved for that here.
 *
 * r0 has a second job.  In the base (RA) field of a D-form load or
 * store, and in addi/addis, r0 reads as the constant 0, so an "r"
 * operand that GCC happened to put in r0 would turn "ld 9,0(%[v])"
 * into a load from address 0.  Every operation clobbers RB_CLOBBER_T0,
 * which lists r0: GCC never allocates a clobbered register to an
 * input, so no operand can be r0.
 */
#ifndef RB_ARCH_PPC64LE_H
#define RB_ARCH_PPC64LE_H

#define RB_ARCH_NAME "ppc64le"

/* The mainline powerpc signature; the 4 bytes before every abort label. */
#define RB_SIG 0x0fe5000b

/*
 * 0x0fe5000b is "twui r5,0xb", a trap-word-immediate with TO=31 that
 * always traps: executing the signature by mistake raises SIGTRAP
 * instead of running on into the handler.  Instructions are 4 bytes
 * and little-endian here, so .long places exactly that word.
 */
#define RB_A_SIG ".long " RB_STR(RB_SIG) "\n\t"

/*
 * regabort: the abort address lives in r11 for the whole sequence.
 * No 2015-2016 patch chose one for POWER.  r11 is volatile (caller
 * saved), so clobbering it costs no save/restore; it is not an
 * argument register (r3-r10); and its only ABI use, the environment
 * (static chain) pointer of a call through a pointer, is dead inside
 * an asm statement.  r12 was the other candidate but holds the target
 * address at every global entry point, which a kernel reading it back
 * would find harder to tell apart.  A kernel port reads
 * regs->gpr[11].
 */
#define RB_REGABORT_REG "%%r11"
#define RB_REGABORT_CLOBBER "r11",
/* The same register, as a local register variable names it. */
#define RB_REGABORT_REGNAME "r11"

/*
 * Scratch registers an operation body may use (clobbered): volatile
 * ones, so that no sequence makes its caller save anything.  r0 is
 * the compare/zero scratch of the macros below and rides along with
 * RB_T0 (see the top of this file); cr0 holds every compare's result.
 */
#define RB_T0 "%%r9"
#define RB_T1 "%%r10"
#define RB_T2 "%%r12"
#define RB_T3 "%%r8"
#define RB_CLOBBER_T0 "r9", "r0", "cr0",
#define RB_CLOBBER_T1 "r10",
#define RB_CLOBBER_T2 "r12",
#define RB_CLOBBER_T3 "r8",

/* The scratch of compares with memory and of zero stores. */
#define RB_A_RX "%%r0"

/* A memory reference: base register operand plus constant offset. */
#define RB_A_MEM(base, off) RB_STR(off) "(" base ")"

/* A u64 field of a descriptor in the data section. */
#define RB_A_U64(x) ".quad " x "\n\t"

/* Sections for descriptors. */
#define RB_A_DATA_SECTION ".pushsection __rseq_cs, \"aw\"\n\t"

/*
 * The abort and compare-fail stubs stay in the section of the code
 * that branches to them, right after the sequence, and the way out of
 * the sequence jumps over them.  A conditional branch reaches only
 * +-32 KB, and bench/cells.o alone holds 500 KB of unrolled sequences:
 * a __rseq_failure section after it is out of reach, and the linker's
 * long-branch stubs for it both fail there ("relocation truncated to
 * fit: R_PPC64_REL14 (stub)") and, where they fit, put instructions
 * on the abort path that no __rb_seq record lists.  The price is one
 * taken unconditional branch after label 8 (outside the sequence) on
 * every protocol's fast path; plain has no stubs and no jump.
 *
 * The push/.previous pair leaves GAS's section stack as the other
 * architectures' .pushsection does, so that RB_A_POP_SECTION pops in
 * both uses (after the descriptor and after the stubs) and the stubs
 * land in whatever section GCC is emitting (.text, .text.startup,
 * .text.unlikely, a function section).  Label 0 after the pop is the
 * jump's target; after the descriptor's pop it is an unused label.
 * The verifier reads inline stubs where they are (RB_A_INLINE_STUBS).
 */
#define RB_A_STUB_SECTION                                               \
	"b 0f\n\t"                                                      \
	".pushsection __rseq_failure, \"ax\"\n\t"                       \
	".previous\n\t"
#define RB_A_POP_SECTION ".popsection\n0:\n\t"
#define RB_A_INLINE_STUBS 1

/*
 * Doubleword moves.  ld/std are DS-form: offsets must be multiples of
 * 4, which every field offset used here is.  POWER has no store of an
 * immediate, so the zero store is li + std through r0.
 */
#define RB_A_LOAD(reg, mem) "ld " reg ", " mem "\n\t"
#define RB_A_STORE(reg, mem) "std " reg ", " mem "\n\t"
#define RB_A_STORE_ZERO(mem)                                            \
	"li " RB_A_RX ", 0\n\t"                                         \
	"std " RB_A_RX ", " mem "\n\t"
#define RB_A_MOV(dst, src) "mr " dst ", " src "\n\t"
#define RB_A_ADD(dst, src) "add " dst ", " dst ", " src "\n\t"
#define RB_A_ADD1(reg) "addi " reg ", " reg ", 1\n\t"
#define RB_A_SUB1_BNZ(reg, label)                                       \
	"addi " reg ", " reg ", -1\n\t"                                 \
	"cmpdi " reg ", 0\n\t"                                          \
	"bne " label "\n\t"

/* Every operand is a register on a load/store architecture. */
#define RB_A_RM(x) "r"(x)

/* Byte moves for the memcpy body, through RB_T0. */
#define RB_A_LOADB(mem) "lbz " RB_T0 ", " mem "\n\t"
#define RB_A_STOREB(mem) "stb " RB_T0 ", " mem "\n\t"

/*
 * Address of a local label into a register, TOC-relative: what GCC
 * itself emits for the address of static data under ELFv2 (medium
 * code model), two instructions that POWER8 and later fuse.  There is
 * no pc-relative addressing before POWER10, and the alternative
 * (bcl 20,31 + mflr) costs a link-register round trip per label.
 *
 * This relies on r2 holding this module's TOC pointer, which ELFv2
 * guarantees at every local entry and after every global-entry
 * prologue.  The one exception is a leaf function with no TOC use of
 * its own (no global-entry prologue) called directly from another
 * shared object; static binaries have one TOC and are always safe.
 */
#define RB_A_LABEL_ADDR(reg, label)                                     \
	"addis " reg ", %%r2, " label "@toc@ha\n\t"                     \
	"addi " reg ", " reg ", " label "@toc@l\n\t"

/*
 * The descriptor's address as mainline's selftests form it
 * (rseq-ppc.h): the absolute 64-bit address, built 16 bits at a time
 * in five dependent instructions, with no TOC and no relocation a
 * static link cannot resolve (a PIE link resolves it with text
 * relocations).  The descriptor row takes this form (MAINLINE shape);
 * descriptor-toc keeps RB_A_LABEL_ADDR's two, which is what an
 * advocate would write and what regabort and twostore use.
 */
#define RB_A_MAINLINE_ADDR(reg, label)                                  \
	"lis " reg ", (" label ")@highest\n\t"                          \
	"ori " reg ", " reg ", (" label ")@higher\n\t"                  \
	"rldicr " reg ", " reg ", 32, 31\n\t"                           \
	"oris " reg ", " reg ", (" label ")@high\n\t"                   \
	"ori " reg ", " reg ", (" label ")@l\n\t"
#define RB_A_SHAPE_descriptor MAINLINE
#define RB_A_ROW_descriptor_toc 1

/* Address of a label stored to memory, through a scratch register. */
#define RB_A_STORE_LABEL(mem, label, scratch)                          \
	RB_A_LABEL_ADDR(scratch, label) RB_A_STORE(scratch, mem)

/* 32-bit compare of a register with memory, branch if not equal. */
/*
 * The compare and its branch apart, so that a label can be put between
 * them (a misplaced start label is one of the verifier's mutants).
 */
#define RB_A_CMP32_HEAD(reg, mem)                                       \
	"lwz " RB_A_RX ", " mem "\n\t"                                  \
	"cmpw " reg ", " RB_A_RX "\n\t"
#define RB_A_CMP32_BR(reg, label) "bne " label "\n\t"
#define RB_A_CMP32_BNE(reg, mem, label)                                 \
	RB_A_CMP32_HEAD(reg, mem) RB_A_CMP32_BR(reg, label)

/* Doubleword compares. */
#define RB_A_CMP_BNE(reg, mem, label)                                   \
	"ld " RB_A_RX ", " mem "\n\t"                                   \
	"cmpd " reg ", " RB_A_RX "\n\t"                                 \
	"bne " label "\n\t"
#define RB_A_CMP_BEQ(reg, mem, label)                                   \
	"ld " RB_A_RX ", " mem "\n\t"                                   \
	"cmpd " reg ", " RB_A_RX "\n\t"                                 \
	"beq " label "\n\t"
#define RB_A_CMPR_BEQ(reg, reg2, label)                                 \
	"cmpd " reg ", " reg2 "\n\t"                                    \
	"beq " label "\n\t"
#define RB_A_BNZ(reg, label)                                            \
	"cmpdi " reg ", 0\n\t"                                          \
	"bne " label "\n\t"
#define RB_A_BZ(reg, label)                                             \
	"cmpdi " reg ", 0\n\t"                                          \
	"beq " label "\n\t"

/*
 * Sequences only branch to local labels and to asm-goto labels of the
 * same function, never to a function's entry: no r12 set-up (ELFv2
 * wants r12 = target only at a global entry point).
 */
#define RB_A_JMP(label) "b " label "\n\t"

/*
 * Align the head of an inner loop (the memcpy body) to 32 bytes, the
 * instruction fetch sector of POWER8/9 (8 instructions), for the same
 * reason as on x86: the loop's cost must not depend on where the
 * linker put each copy of the sequence.  The padding is nop words
 * (ori 0,0,0), run once per operation before the loop: a plain
 * .p2align lets GAS branch over padding of more than a few words,
 * which leaves dead instructions inside the sequence that no
 * preemption can reach (and the verifier rightly reports).
 */
#define RB_A_ALIGN_LOOP ".p2alignl 5, 0x60000000\n\t"

/* POWER names a register the same at every width (cmpw vs cmpd). */
#define RB_A_R32(name) "%[" name "]"
#define RB_A_R(name) "%[" name "]"

/*
 * Time base: the architected constant-rate counter, readable from user
 * space (512 MHz on POWER8/9, /proc/cpuinfo's "timebase" line; the
 * tsc timer takes the rate from there when it can).  isync waits for
 * the preceding instructions to complete, as lfence does before rdtsc
 * on x86; its fixed cost is part of the empty-loop baseline.
 */
#include <stdint.h>
static inline uint64_t rb_arch_ticks(void)
{
	uint64_t tb;

	asm volatile("isync\n\tmftb %0" : "=r"(tb)::"memory");
	return tb;
}
#define RB_ARCH_TICKS_NAME "timebase"

/*
 * The thread pointer (r13 in the 64-bit ABI), which glibc's
 * __rseq_offset is relative to; GCC 12 has no __builtin_thread_pointer
 * for POWER (protocols/rb_tls.c).
 */
static inline void *rb_arch_thread_pointer(void)
{
	void *tp;

	asm("mr %0, %%r13" : "=r"(tp));
	return tp;
}
#define RB_ARCH_HAVE_THREAD_POINTER 1

/*
 * No rb_arch_rdpmc: user-space PMC reads (mfspr PMCn) need the kernel
 * to set MMCR0[PMCC], which Linux does not do for perf events.
 */

/*
 * The interrupted context, as a signal handler sees it: gp_regs holds
 * r0-r31 and then the kernel's pt_regs (nip at PT_NIP = 32).
 */
#include <ucontext.h>
#define RB_PPC_PT_NIP 32
static inline uint64_t rb_arch_uc_ip(const ucontext_t *uc)
{
	return (uint64_t)uc->uc_mcontext.gp_regs[RB_PPC_PT_NIP];
}

static inline void rb_arch_uc_set_ip(ucontext_t *uc, uint64_t ip)
{
	uc->uc_mcontext.gp_regs[RB_PPC_PT_NIP] = ip;
}

static inline uint64_t rb_arch_uc_regabort(const ucontext_t *uc)
{
	return (uint64_t)uc->uc_mcontext.gp_regs[11];
}

/*
 * First address above user space: TASK_SIZE_USER64 of Book3S-64 with
 * 64K pages (Debian's ppc64el kernels), 4 PB.  mmap hands out
 * addresses below 128 TB unless asked for more; the kernel's check
 * against abort addresses uses the full limit.
 */
#define RB_ARCH_TASK_SIZE 0x0010000000000000ULL

/*
 * "trap" (tw 31,0,0 = 0x7fe00008), little-endian: SIGTRAP with nip at
 * the trap itself, so no skew.  Every instruction is 4 bytes, so every
 * boundary objdump lists can take it.
 */
#define RB_A_TRAP_BYTES "\x08\x00\xe0\x7f"
#define RB_A_TRAP_LEN 4
#define RB_A_TRAP_SIGNAL SIGTRAP
#define RB_A_TRAP_SKEW 0

/*
 * One dependent add: the unit of the known-cost selftest.  The operand
 * is a "+r" that may be r0, where addi would read 0 and break the
 * chain; add reads r0 as a register, so the step doubles the value
 * (which nobody reads) with the latency of one add.
 */
#define RB_A_DEP_ADD(op) "add " op ", " op ", " op "\n\t"

#endif
