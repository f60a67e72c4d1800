/* SPDX-License-Identifier: MIT */
/*
 * 32-bit ARM (ARMv7-A, little-endian, A32 instruction set) primitives
 * for the commit protocols and operation bodies: the x86_64.h
 * interface, for a load/store architecture with 14 usable registers.
 *
 * Differences from x86 that shape this file:
 * - The sequences are A32 ("ARM mode") code: the Makefile builds with
 *   -marm, as Debian's armhf compiler defaults to Thumb-2.  A32 keeps
 *   every instruction 4 bytes wide and 4-byte aligned (the verifier's
 *   boundaries and trap), puts the signature in front of the abort
 *   label as the instruction it is, and leaves the pc's bit 0 and the
 *   CPSR's T and IT bits out of the signal-time context rewrites.
 *   Thumb callers (static glibc) interwork through bl/bx as usual.
 * - No memory operands outside loads and stores, so the macros that
 *   compare a register with memory, and the stores of zero, go
 *   through RB_TS (ip, r12), a scratch reserved for that.  RB_TS is
 *   used by the cpu check of every restartable protocol, and every
 *   operation lists RB_CLOBBER_T0, so RB_CLOBBER_T0 names RB_TS too.
 * - adr reaches only labels in the same section.  The post-commit
 *   label (2f) is in the sequence's own section, and so are the abort
 *   stub (4f) and the descriptor (3f) in the INLINE shapes; in the
 *   OUTLINE shapes they are not, and are addressed pc-relative with
 *   movw/movt + add pc, which the linker resolves
 *   (R_ARM_MOVW_PREL_NC/R_ARM_MOVT_PREL) in static and PIE builds.
 * - Pointers are 32 bits, so the u64 fields of the thread's areas
 *   (rseq_cs, abort_ip, post_commit_ip) are written as their low word
 *   only, as the kernel selftests' arm rseq_cs store does.  Their high
 *   words are zero and stay zero: every area starts zeroed (TLS, the
 *   kernel's registration, rb_kemu_init), nothing in user space writes
 *   them, and the kernel only ever clears the whole u64.  A high word
 *   that were not zero would make the kernel (and the model) see an
 *   address above TASK_SIZE: SIGSEGV, not a silent misfixup.
 */
#ifndef RB_ARCH_ARM_H
#define RB_ARCH_ARM_H

#if defined(__thumb__)
#error "protocols/arch/arm.h: the sequences are A32 code; build with -marm"
#endif
#if defined(__ARMEB__)
#error "protocols/arch/arm.h: little-endian ARM only"
#endif

#define RB_ARCH_NAME "arm"

/*
 * The mainline arm signature: udf #24035 (0x5de3), which traps if ever
 * executed.  Little-endian, so instruction and data byte order agree
 * and the 4 bytes before every abort label read as RB_SIG.
 */
#define RB_SIG 0xe7f5def3
#define RB_A_SIG ".inst " RB_STR(RB_SIG) "\n\t"

/*
 * regabort: the abort address lives in r2 for the whole sequence, the
 * register of the 2015-2016 arm patches; the kernel patches read it
 * as regs->ARM_r2.
 */
#define RB_REGABORT_REG "r2"
#define RB_REGABORT_CLOBBER "r2",
/* The same register, as a local register variable names it. */
#define RB_REGABORT_REGNAME "r2"

/*
 * Scratch registers an operation body may use (clobbered), and RB_TS,
 * the protocol-internal scratch (see above).  Caller-saved registers
 * except T3 = lr, which only the memcpy body needs: r0-r3 and r12 are
 * all the caller-saved ones there are, and r2 is regabort's.  RB_T0B
 * is RB_T0 itself: ldrb/strb take the full register.
 */
#define RB_T0 "r0"
#define RB_T1 "r1"
#define RB_T2 "r3"
#define RB_T3 "lr"
#define RB_T0B "r0"
#define RB_TS "ip"
#define RB_CLOBBER_T0 "r0", "ip",
#define RB_CLOBBER_T1 "r1",
#define RB_CLOBBER_T2 "r3",
#define RB_CLOBBER_T3 "lr",

/* A memory reference: base register operand plus constant offset. */
#define RB_A_MEM(base, off) "[" base ", #" RB_STR(off) "]"

/* A u64 field of a descriptor in the data section (little-endian). */
#define RB_A_U64(x) ".long " x ", 0\n\t"

/* Sections for descriptors and for the out-of-line abort/fail stubs. */
#define RB_A_DATA_SECTION ".pushsection __rseq_cs, \"aw\"\n\t"
#define RB_A_STUB_SECTION ".pushsection __rseq_failure, \"ax\"\n\t"
#define RB_A_POP_SECTION ".popsection\n\t"

/* Word (pointer-sized) moves; STORE_ZERO goes through RB_TS. */
#define RB_A_LOAD(reg, mem) "ldr " reg ", " mem "\n\t"
#define RB_A_STORE(reg, mem) "str " reg ", " mem "\n\t"
#define RB_A_STORE_ZERO(mem)                                            \
	"mov " RB_TS ", #0\n\t"                                         \
	"str " RB_TS ", " mem "\n\t"
#define RB_A_ADD(dst, src) "add " dst ", " dst ", " src "\n\t"
#define RB_A_ADD1(reg) "add " reg ", " reg ", #1\n\t"
#define RB_A_SUB1_BNZ(reg, label)                                       \
	"subs " reg ", " reg ", #1\n\t"                                 \
	"bne " label "\n\t"

/*
 * Inputs that are only copied into a scratch register come from
 * memory (the stack frame): regabort's memcpy needs rseq, area, cpu,
 * v, expect, newv, r2, four scratch registers and RB_TS, which leaves
 * no register for dst, src and len.  RB_A_MOV is therefore the load
 * of such an operand; it is used for nothing else, and a register
 * source would not assemble.  Every protocol pays the same three
 * loads, plain included.
 */
#define RB_A_RM(x) "m"(x)
#define RB_A_MOV(dst, src) "ldr " dst ", " src "\n\t"

/* Byte moves for the memcpy body. */
#define RB_A_LOADB(mem) "ldrb " RB_T0B ", " mem "\n\t"
#define RB_A_STOREB(mem) "strb " RB_T0B ", " mem "\n\t"

/*
 * Address of a local label into a register, position independent.
 * 2f, the post-commit label, is in the sequence's section: one adr.
 * Any other label (4f, the stub; 3b, the descriptor) may be in
 * another section: movw/movt of its distance from the add's pc
 * (which reads as the add's address + 8), then the add.
 */
#define RB_A_LABEL_ADDR(reg, label)                                     \
	".ifc " label ",2f\n\t"                                         \
	"adr " reg ", " label "\n\t"                                    \
	".else\n\t"                                                     \
	"movw " reg ", #:lower16:(" label " - (98f + 8))\n\t"           \
	"movt " reg ", #:upper16:(" label " - (98f + 8))\n\t"           \
	"98: add " reg ", pc, " reg "\n\t"                              \
	".endif\n\t"

/* Address of a label stored to memory, through a scratch register. */
#define RB_A_STORE_LABEL(mem, label, scratch)                          \
	RB_A_LABEL_ADDR(scratch, label) RB_A_STORE(scratch, mem)

/*
 * Address of a label in the sequence's own section, within adr's
 * reach (a rotated 8-bit immediate: any multiple of 4 up to 1020
 * bytes); the INLINE shapes put the stubs and the descriptor there.
 */
#define RB_A_PCREL_ADDR(reg, label) "adr " reg ", " label "\n\t"

/*
 * Shapes of the main rows (rb_asm.h, "Shapes"; protocols/README.md).
 * descriptor: mainline's arm shape, the one the 2016 thread argued
 * for: the struct rseq_cs inline after the sequence, addressed by one
 * adr, the signature and the abort stub after it, all jumped over on
 * the way out.  regabort and twostore: the same placement of their
 * abort stub (adr instead of movw/movt/add: two instructions fewer for
 * one taken branch), which the static counts and llvm-mca prefer on
 * every arm core with a model.  The OUTLINE shape of each is a
 * sensitivity row.
 */
#define RB_A_SHAPE_regabort INLINE
#define RB_A_SHAPE_twostore INLINE
#define RB_A_SHAPE_descriptor INLINE
#define RB_A_ROW_regabort_outline 1
#define RB_A_ROW_twostore_outline 1
#define RB_A_ROW_descriptor_outline 1

/* 32-bit compare of a register with memory, branch if (not) equal. */
/*
 * The compare and its branch apart, so that a label can be put between
 * them (a misplaced start label is one of the verifier's mutants).
 */
#define RB_A_CMP32_HEAD(reg, mem)                                       \
	"ldr " RB_TS ", " mem "\n\t"                                    \
	"cmp " reg ", " RB_TS "\n\t"
#define RB_A_CMP32_BR(reg, label) "bne " label "\n\t"
#define RB_A_CMP32_BNE(reg, mem, label)                                 \
	RB_A_CMP32_HEAD(reg, mem) RB_A_CMP32_BR(reg, label)

/* Word compares (a word is 32 bits here). */
#define RB_A_CMP_BNE(reg, mem, label) RB_A_CMP32_BNE(reg, mem, label)
#define RB_A_CMP_BEQ(reg, mem, label)                                   \
	"ldr " RB_TS ", " mem "\n\t"                                    \
	"cmp " reg ", " RB_TS "\n\t"                                    \
	"beq " label "\n\t"
#define RB_A_CMPR_BEQ(reg, reg2, label)                                 \
	"cmp " reg ", " reg2 "\n\t"                                     \
	"beq " label "\n\t"
#define RB_A_BNZ(reg, label)                                            \
	"cmp " reg ", #0\n\t"                                           \
	"bne " label "\n\t"
#define RB_A_BZ(reg, label)                                             \
	"cmp " reg ", #0\n\t"                                           \
	"beq " label "\n\t"

#define RB_A_JMP(label) "b " label "\n\t"

/*
 * Align the head of an inner loop (the memcpy body) to 32 bytes: the
 * six-instruction loop then sits in one 32-byte block, the unit
 * Cortex-A cores fetch in one or two cycles, wherever the linker put
 * the copy, so placement is not reported as a protocol difference.
 */
#define RB_A_ALIGN_LOOP ".p2align 5\n\t"

/* Registers are 32 bits: one name for both views. */
#define RB_A_R32(name) "%[" name "]"
#define RB_A_R(name) "%[" name "]"

/*
 * The generic timer's virtual count (CNTVCT, 64 bits, constant rate
 * CNTFRQ).  Readable from user space only where the kernel set
 * CNTKCTL.PL0VCTEN (Linux does when the arch timer is in use); else,
 * and under qemu-arm 7.2, mrrc is undefined and raises SIGILL.  The
 * tsc timer probes it once when it opens (bench/timer_tsc.c) and is
 * unavailable where it traps, so the clock timer (clock_gettime ns)
 * is used instead, with a note saying why; reads never check.
 */
#include <stdint.h>
static inline uint64_t rb_arch_ticks(void)
{
	uint32_t lo, hi;

	/*
	 * isb keeps the read from being taken before the preceding
	 * instructions, as lfence does for rdtsc; its fixed cost is
	 * part of the empty-loop baseline.
	 */
	asm volatile("isb\n\tmrrc p15, 1, %0, %1, c14"
		     : "=r"(lo), "=r"(hi)::"memory");
	return ((uint64_t)hi << 32) | lo;
}
#define RB_ARCH_TICKS_NAME "cntvct"

/* The counter's nominal rate, as firmware programmed it (CNTFRQ). */
static inline uint64_t rb_arch_ticks_freq(void)
{
	uint32_t f;

	asm volatile("mrc p15, 0, %0, c14, c0, 0" : "=r"(f));
	return f;
}

/*
 * No RB_ARCH_HAVE_RDPMC: the arm kernel never sets cap_user_rdpmc
 * (PMUSERENR is left off), so the perf timer reads through read().
 */

/*
 * The interrupted context, as a signal handler sees it: what the
 * emulated kernel (protocols/kemu.c) reads and rewrites.  Every pc
 * read or set here is in A32 code (see above): the pc is the address
 * as is, and a new pc gets the state a bx to an A32 address gives,
 * T and the IT bits clear (they are clear in A32 code already).
 */
#include <ucontext.h>
#define RB_ARM_CPSR_T (1UL << 5)
#define RB_ARM_CPSR_IT ((3UL << 25) | (0x3fUL << 10))

static inline uint64_t rb_arch_uc_ip(const ucontext_t *uc)
{
	return (uint64_t)uc->uc_mcontext.arm_pc;
}

static inline void rb_arch_uc_set_ip(ucontext_t *uc, uint64_t ip)
{
	uc->uc_mcontext.arm_pc = (unsigned long)ip;
	uc->uc_mcontext.arm_cpsr &= ~(RB_ARM_CPSR_T | RB_ARM_CPSR_IT);
}

static inline uint64_t rb_arch_uc_regabort(const ucontext_t *uc)
{
	return (uint64_t)uc->uc_mcontext.arm_r2;
}

/* First address above user space (VMSPLIT_3G: PAGE_OFFSET - 16 MiB). */
#define RB_ARCH_TASK_SIZE 0xbf000000ULL

/*
 * udf #0xfeed for the preemption-point verifier: SIGILL with pc at the
 * udf itself (no skew).  Not one of the udf patterns the arm kernel
 * turns into SIGTRAP (0xe7f001f0, ptrace's breakpoint), and not the
 * signature.
 */
#define RB_A_TRAP_BYTES "\xfd\xee\xff\xe7"
#define RB_A_TRAP_LEN 4
#define RB_A_TRAP_SIGNAL SIGILL
#define RB_A_TRAP_SKEW 0

/* One dependent add: the unit of the known-cost selftest. */
#define RB_A_DEP_ADD(op) "add " op ", " op ", #1\n\t"

#endif
