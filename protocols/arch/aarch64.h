/* SPDX-License-Identifier: MIT */
/*
 * AArch64 primitives for the commit protocols and operation bodies:
 * the x86_64.h interface, for a load/store architecture.
 *
 * Differences from x86 that shape this file:
 * - No memory operands outside loads and stores, so the macros that
 *   compare a register with memory load the word into RB_TS, a scratch
 *   register reserved for that, first.  RB_TS is used by the cpu check
 *   of every restartable protocol, and every operation lists
 *   RB_CLOBBER_T0, so RB_CLOBBER_T0 names RB_TS as well.
 * - Labels are addressed with adrp + add (:lo12:): adr reaches only
 *   +-1 MiB, and the descriptors live in a data section the linker may
 *   put further away than that.  This is what the kernel selftests'
 *   RSEQ_ASM_STORE_RSEQ_CS does on arm64.
 * - Stores of zero use xzr: no scratch register for the disarm steps.
 */
#ifndef RB_ARCH_AARCH64_H
#define RB_ARCH_AARCH64_H

#define RB_ARCH_NAME "aarch64"

/*
 * The mainline arm64 signature (RSEQ_SIG_CODE): brk #0x45e0, which
 * traps if ever executed.  Instructions are little-endian even on a
 * big-endian (BE8) kernel, while the kernel compares the 4 bytes before
 * abort_ip as a data word: so RB_SIG is the word as memory holds it, as
 * mainline's RSEQ_SIG_DATA is, and on BE8 it is placed as data (.long),
 * whose bytes are then those of the instruction.  RB_A_SIG is written
 * from RB_SIG so that the code and the registered value cannot differ.
 */
#ifdef __AARCH64EB__
#define RB_SIG 0x00bc28d4
#define RB_A_SIG ".long " RB_STR(RB_SIG) "\n\t"
#else
#define RB_SIG 0xd428bc00
#define RB_A_SIG ".inst " RB_STR(RB_SIG) "\n\t"
#endif

/*
 * regabort: the abort address lives in x15 for the whole sequence.
 * A caller-saved temporary (x9-x15), not an argument register, so
 * the compiler is free to use the others around the sequence; the
 * kernel patches read it as regs->regs[15].
 */
#define RB_REGABORT_REG "x15"
#define RB_REGABORT_CLOBBER "x15",
/* The same register, as a local register variable names it. */
#define RB_REGABORT_REGNAME "x15"

/*
 * Scratch registers an operation body may use (clobbered), and RB_TS,
 * the protocol-internal scratch of the memory compares (see above).
 * RB_T0B is the 32-bit view of RB_T0, what ldrb/strb take.
 */
#define RB_T0 "x9"
#define RB_T1 "x10"
#define RB_T2 "x11"
#define RB_T3 "x12"
#define RB_T0B "w9"
#define RB_TS "x13"
#define RB_TS32 "w13"
#define RB_CLOBBER_T0 "x9", "x13",
#define RB_CLOBBER_T1 "x10",
#define RB_CLOBBER_T2 "x11",
#define RB_CLOBBER_T3 "x12",

/* A memory reference: base register operand plus constant offset. */
#define RB_A_MEM(base, off) "[" base ", #" RB_STR(off) "]"

/* A u64 field of a descriptor in the data section. */
#define RB_A_U64(x) ".quad " x "\n\t"

/*
 * Sections for descriptors and for the out-of-line abort/fail stubs.
 * A conditional branch reaches only +-1 MB, and the benchmark's eight
 * code placements alone are several MB of text: a separate stub
 * section would be out of reach of the sequences linked first.  So the
 * out-of-line stubs go to subsection 1 of the section the sequence is
 * in, which the assembler places after all of that object's code in
 * it: off the fast path, nothing to jump over, within reach.  The
 * push/.previous pair leaves GAS's section stack as RB_A_POP_SECTION
 * expects in both its uses (see ppc64le.h); __rseq_failure stays empty.
 */
#define RB_A_DATA_SECTION ".pushsection __rseq_cs, \"aw\"\n\t"
#define RB_A_STUB_SECTION                                               \
	".pushsection __rseq_failure, \"ax\"\n\t"                       \
	".previous\n\t"                                                 \
	".subsection 1\n\t"
#define RB_A_POP_SECTION ".popsection\n\t"

/* Word (pointer-sized) moves. */
#define RB_A_LOAD(reg, mem) "ldr " reg ", " mem "\n\t"
#define RB_A_STORE(reg, mem) "str " reg ", " mem "\n\t"
#define RB_A_STORE_ZERO(mem) "str xzr, " mem "\n\t"
#define RB_A_MOV(dst, src) "mov " dst ", " src "\n\t"
#define RB_A_ADD(dst, src) "add " dst ", " dst ", " src "\n\t"
#define RB_A_ADD1(reg) "add " reg ", " reg ", #1\n\t"
#define RB_A_SUB1_BNZ(reg, label)                                       \
	"subs " reg ", " reg ", #1\n\t"                                 \
	"b.ne " label "\n\t"

/* Only registers are operands here; 31 of them leave enough free. */
#define RB_A_RM(x) "r"(x)

/* Byte moves for the memcpy body; RB_T0B is the low word of RB_T0. */
#define RB_A_LOADB(mem) "ldrb " RB_T0B ", " mem "\n\t"
#define RB_A_STOREB(mem) "strb " RB_T0B ", " mem "\n\t"

/*
 * Address of a local label into a register (position independent).
 * 2f, the post-commit label, is in the sequence's own section, within
 * adr's +-1 MB: one instruction.  Any other label may be in another
 * section, as far away as the linker puts it: adrp + add.
 */
#define RB_A_LABEL_ADDR(reg, label)                                     \
	".ifc " label ",2f\n\t"                                         \
	"adr " reg ", " label "\n\t"                                    \
	".else\n\t"                                                     \
	"adrp " reg ", " label "\n\t"                                   \
	"add " reg ", " reg ", :lo12:" label "\n\t"                     \
	".endif\n\t"

/* A label in the sequence's own section (the INLINE shapes' stubs). */
#define RB_A_PCREL_ADDR(reg, label) "adr " reg ", " label "\n\t"

/*
 * Shapes of the main rows (rb_asm.h, "Shapes"; protocols/README.md).
 * descriptor: mainline's arm64 shape, the struct rseq_cs in __rseq_cs
 * (adrp + add), the signature and abort stub inline after the
 * sequence, jumped over on the way out.  regabort and twostore: their
 * stubs out of line, where adr into an inline stub would save one
 * instruction (adrp + add) and add the taken jump over it: no fewer
 * instructions, and llvm-mca's in-order cores (Cortex-A53) model the
 * jump as dearer, the others as equal.  The other shape of each is a
 * sensitivity row.
 */
#define RB_A_SHAPE_regabort OUTLINE
#define RB_A_SHAPE_twostore OUTLINE
#define RB_A_SHAPE_descriptor STUBS
#define RB_A_ROW_regabort_inline 1
#define RB_A_ROW_twostore_inline 1
#define RB_A_ROW_descriptor_outline 1

/* Address of a label stored to memory, through a scratch register. */
#define RB_A_STORE_LABEL(mem, label, scratch)                          \
	RB_A_LABEL_ADDR(scratch, label) RB_A_STORE(scratch, mem)

/* 32-bit compare of a register with memory, branch if (not) equal. */
/*
 * The compare and its branch apart, so that a label can be put between
 * them (a misplaced start label is one of the verifier's mutants).
 */
#define RB_A_CMP32_HEAD(reg, mem)                                       \
	"ldr " RB_TS32 ", " mem "\n\t"                                  \
	"cmp " reg ", " RB_TS32 "\n\t"
#define RB_A_CMP32_BR(reg, label) "b.ne " label "\n\t"
#define RB_A_CMP32_BNE(reg, mem, label)                                 \
	RB_A_CMP32_HEAD(reg, mem) RB_A_CMP32_BR(reg, label)

/* Word compares. */
#define RB_A_CMP_BNE(reg, mem, label)                                   \
	"ldr " RB_TS ", " mem "\n\t"                                    \
	"cmp " reg ", " RB_TS "\n\t"                                    \
	"b.ne " label "\n\t"
#define RB_A_CMP_BEQ(reg, mem, label)                                   \
	"ldr " RB_TS ", " mem "\n\t"                                    \
	"cmp " reg ", " RB_TS "\n\t"                                    \
	"b.eq " label "\n\t"
#define RB_A_CMPR_BEQ(reg, reg2, label)                                 \
	"cmp " reg ", " reg2 "\n\t"                                     \
	"b.eq " label "\n\t"
#define RB_A_BNZ(reg, label) "cbnz " reg ", " label "\n\t"
#define RB_A_BZ(reg, label) "cbz " reg ", " label "\n\t"

#define RB_A_JMP(label) "b " label "\n\t"

/*
 * Align the head of an inner loop (the memcpy body) to 32 bytes, as
 * GCC's Neoverse tunings align loops: the six-instruction loop then
 * sits in one 32-byte fetch block wherever the linker put the copy,
 * so placement is not reported as a protocol difference.
 */
#define RB_A_ALIGN_LOOP ".p2align 5\n\t"

/* The 32-bit (w) and 64-bit (x) names of a register operand. */
#define RB_A_R32(name) "%w[" name "]"
#define RB_A_R(name) "%x[" name "]"

/*
 * The generic timer's virtual count: constant rate (cntfrq_el0, often
 * 24 MHz to 1 GHz), readable from EL0 on Linux.  The reference clock
 * when no PMU is usable.
 */
#include <stdint.h>
static inline uint64_t rb_arch_ticks(void)
{
	uint64_t t;

	/*
	 * isb keeps the read from being taken before the preceding
	 * instructions, as lfence does for rdtsc; its fixed cost is
	 * part of the empty-loop baseline.
	 */
	asm volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(t)::"memory");
	return t;
}
#define RB_ARCH_TICKS_NAME "cntvct"

/* The counter's nominal rate, as firmware programmed it. */
static inline uint64_t rb_arch_ticks_freq(void)
{
	uint64_t f;

	asm volatile("mrs %0, cntfrq_el0" : "=r"(f));
	return f;
}

/*
 * No RB_ARCH_HAVE_RDPMC: Linux gates EL0 reads of the PMU counters
 * behind a sysctl (perf_user_access, off by default) and only for
 * some event setups; the perf timer reads through read() as on an
 * x86 kernel without cap_user_rdpmc.
 */

/*
 * The interrupted context, as a signal handler sees it: what the
 * emulated kernel (protocols/kemu.c) reads and rewrites.
 */
#include <ucontext.h>
static inline uint64_t rb_arch_uc_ip(const ucontext_t *uc)
{
	return (uint64_t)uc->uc_mcontext.pc;
}

static inline void rb_arch_uc_set_ip(ucontext_t *uc, uint64_t ip)
{
	uc->uc_mcontext.pc = ip;
}

static inline uint64_t rb_arch_uc_regabort(const ucontext_t *uc)
{
	return (uint64_t)uc->uc_mcontext.regs[15];
}

/*
 * First address above user space: 48-bit virtual addresses (VA_BITS
 * 48, Debian's and most distributions' arm64 kernels; a 52-bit kernel
 * maps user space above this only on request).
 */
#define RB_ARCH_TASK_SIZE 0x0001000000000000ULL

/*
 * brk #0 for the preemption-point verifier: SIGTRAP with pc at the
 * brk itself (no skew).  Little-endian bytes of 0xd4200000; the
 * instruction stream is little-endian on big-endian kernels too.
 */
#define RB_A_TRAP_BYTES "\x00\x00\x20\xd4"
#define RB_A_TRAP_LEN 4
#define RB_A_TRAP_SIGNAL SIGTRAP
#define RB_A_TRAP_SKEW 0

/* One dependent add: the unit of the known-cost selftest. */
#define RB_A_DEP_ADD(op) "add " op ", " op ", #1\n\t"

#endif
