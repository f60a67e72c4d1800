/* SPDX-License-Identifier: MIT */
/*
 * x86-64 primitives for the commit protocols and operation bodies.
 *
 * This is the only file that knows x86-64 assembly.  Protocols
 * (protocols/proto/) and operations (protocols/ops/) are written in
 * terms of the RB_A_* macros below, so that another architecture is
 * one more header of this shape.
 *
 * Operands: every pointer is passed in a general register ("r"), so a
 * memory reference is built from a register operand and a constant
 * offset with RB_A_MEM().  Scratch registers are fixed and listed as
 * clobbers, as the kernel selftests do, so that the verifier knows
 * which registers a sequence may touch.
 */
#ifndef RB_ARCH_X86_64_H
#define RB_ARCH_X86_64_H

#define RB_ARCH_NAME "x86_64"

/* The mainline x86 signature; the 4 bytes before every abort label. */
#define RB_SIG 0x53053053

/*
 * ud1 with the signature as its 32-bit displacement: the signature is
 * then the last 4 bytes before the abort label, and executing it by
 * mistake traps.
 */
#define RB_A_SIG ".byte 0x0f, 0xb9, 0x3d\n\t.long " RB_STR(RB_SIG) "\n\t"

/*
 * regabort: the abort address lives in %rcx for the whole sequence,
 * the register Paul Turner's 2015 x86-64 patches used.
 */
#define RB_REGABORT_REG "%%rcx"
#define RB_REGABORT_CLOBBER "rcx",
/* The same register, as a local register variable names it. */
#define RB_REGABORT_REGNAME "rcx"

/* Scratch registers an operation body may use (clobbered). */
#define RB_T0 "%%rax"
#define RB_T1 "%%rdx"
#define RB_T2 "%%rsi"
#define RB_T3 "%%rdi"
#define RB_T0B "%%al"
#define RB_CLOBBER_T0 "rax",
#define RB_CLOBBER_T1 "rdx",
#define RB_CLOBBER_T2 "rsi",
#define RB_CLOBBER_T3 "rdi",

/* A memory reference: base register operand plus constant offset. */
#define RB_A_MEM(base, off) RB_STR(off) "(" base ")"

/* A u64 field of a descriptor in the data section. */
#define RB_A_U64(x) ".quad " x "\n\t"

/* Sections for descriptors and for the out-of-line abort/fail stubs. */
#define RB_A_DATA_SECTION ".pushsection __rseq_cs, \"aw\"\n\t"
#define RB_A_STUB_SECTION ".pushsection __rseq_failure, \"ax\"\n\t"
#define RB_A_POP_SECTION ".popsection\n\t"

/* Word (pointer-sized) moves. */
#define RB_A_LOAD(reg, mem) "movq " mem ", " reg "\n\t"
#define RB_A_STORE(reg, mem) "movq " reg ", " mem "\n\t"
#define RB_A_STORE_ZERO(mem) "movq $0, " mem "\n\t"
#define RB_A_MOV(dst, src) "movq " src ", " dst "\n\t"
#define RB_A_ADD(dst, src) "addq " src ", " dst "\n\t"
/*
 * The read-modify-write add commits in one instruction (rb_asm.h).
 * -DRB_ADDM_LOAD_STORE builds the load/add/store form instead, to
 * measure what the form alone costs.
 */
#ifndef RB_ADDM_LOAD_STORE
#define RB_A_ADDM_PREP(tmp, mem, src) ""
#define RB_A_ADDM_COMMIT(tmp, mem, src) "addq " src ", " mem "\n\t"
#define RB_A_ADDM_ONE_INSN 1
#endif
#define RB_A_ADD1(reg) "addq $1, " reg "\n\t"
#define RB_A_SUB1_BNZ(reg, label)                                       \
	"subq $1, " reg "\n\t"                                          \
	"jnz " label "\n\t"

/*
 * Constraint for an input that is only copied into a scratch register:
 * x86 can take it from memory, which matters when regabort's register
 * and the memcpy body's scratch registers leave few free.
 */
#define RB_A_RM(x) "rm"(x)

/* Byte moves for the memcpy body; RB_T0B is the low byte of RB_T0. */
#define RB_A_LOADB(mem) "movb " mem ", " RB_T0B "\n\t"
#define RB_A_STOREB(mem) "movb " RB_T0B ", " mem "\n\t"

/* Address of a local label into a register (position independent). */
#define RB_A_LABEL_ADDR(reg, label) "leaq " label "(%%rip), " reg "\n\t"

/* Address of a label stored to memory, through a scratch register. */
#define RB_A_STORE_LABEL(mem, label, scratch)                          \
	RB_A_LABEL_ADDR(scratch, label) RB_A_STORE(scratch, mem)

/* 32-bit compare of a register with memory, branch if (not) equal. */
/*
 * The compare and its branch apart, so that a label can be put between
 * them (a misplaced start label is one of the verifier's mutants).
 */
#define RB_A_CMP32_HEAD(reg, mem)                                       \
	"cmpl " reg ", " mem "\n\t"
#define RB_A_CMP32_BR(reg, label) "jnz " label "\n\t"
#define RB_A_CMP32_BNE(reg, mem, label)                                 \
	RB_A_CMP32_HEAD(reg, mem) RB_A_CMP32_BR(reg, label)

/* Word compares. */
#define RB_A_CMP_BNE(reg, mem, label)                                   \
	"cmpq " reg ", " mem "\n\t"                                     \
	"jne " label "\n\t"
#define RB_A_CMP_BEQ(reg, mem, label)                                   \
	"cmpq " reg ", " mem "\n\t"                                     \
	"je " label "\n\t"
#define RB_A_CMPR_BEQ(reg, reg2, label)                                 \
	"cmpq " reg ", " reg2 "\n\t"                                    \
	"je " label "\n\t"
#define RB_A_BNZ(reg, label)                                            \
	"testq " reg ", " reg "\n\t"                                    \
	"jnz " label "\n\t"
#define RB_A_BZ(reg, label)                                             \
	"testq " reg ", " reg "\n\t"                                    \
	"jz " label "\n\t"

#define RB_A_JMP(label) "jmp " label "\n\t"

/*
 * Align the head of an inner loop (the memcpy body) to a 32-byte fetch
 * block.  Without it the loop's cost depends on where the linker put
 * each copy of the sequence (seen: 28.8 vs 33.1 cycles for the same
 * code), which would be reported as a protocol difference.
 */
#define RB_A_ALIGN_LOOP ".p2align 5\n\t"

/* The register half of a 32-bit operand ("%k[cpu]" is the 32-bit name). */
#define RB_A_R32(name) "%k[" name "]"
#define RB_A_R(name) "%[" name "]"

#include "x86-counters.h"

/*
 * The interrupted context, as a signal handler sees it: what the
 * emulated kernel (protocols/kemu.c) reads and rewrites.
 */
#include <ucontext.h>
static inline uint64_t rb_arch_uc_ip(const ucontext_t *uc)
{
	return (uint64_t)uc->uc_mcontext.gregs[REG_RIP];
}

static inline void rb_arch_uc_set_ip(ucontext_t *uc, uint64_t ip)
{
	uc->uc_mcontext.gregs[REG_RIP] = (greg_t)ip;
}

static inline uint64_t rb_arch_uc_regabort(const ucontext_t *uc)
{
	return (uint64_t)uc->uc_mcontext.gregs[REG_RCX];
}

/* First address above user space (47-bit virtual addresses). */
#define RB_ARCH_TASK_SIZE 0x00007ffffffff000ULL

/*
 * A one-byte breakpoint for the preemption-point verifier: int3 traps
 * with ip one past it, so the handler steps ip back by RB_A_TRAP_SKEW.
 */
#define RB_A_TRAP_BYTES "\xcc"
#define RB_A_TRAP_LEN 1
#define RB_A_TRAP_SIGNAL SIGTRAP
#define RB_A_TRAP_SKEW 1

/*
 * Other ways x86 user space reads its cpu, for the 4.18 table: rdtscp
 * and rdpid return TSC_AUX (cpu in the low 12 bits, as Linux sets it),
 * lsl the limit of the per-cpu GDT segment 0x7b that older vDSOs used.
 * Each is checked against sched_getcpu() before it is timed.
 */
static inline unsigned int rb_arch_cpu_rdtscp(void)
{
	uint32_t lo, hi, aux;

	asm volatile("rdtscp" : "=a"(lo), "=d"(hi), "=c"(aux));
	return aux & 0xfff;
}

static inline unsigned int rb_arch_cpu_rdpid(void)
{
	uint64_t v;

	asm volatile("rdpid %0" : "=r"(v));
	return (unsigned int)v & 0xfff;
}

static inline unsigned int rb_arch_cpu_lsl(void)
{
	unsigned int p;

	asm volatile("lsl %1, %0" : "=r"(p) : "r"(0x7bU));
	return p & 0xfff;
}

/* name, label, the /proc/cpuinfo flag it needs ("" for none) */
#define RB_ARCH_CPU_READERS(X)                                          \
	X(rdtscp, "rdtscp (TSC_AUX)", "rdtscp")                         \
	X(rdpid, "rdpid (TSC_AUX)", "rdpid")                            \
	X(lsl, "lsl (per-cpu GDT)", "")

/* One dependent add: the unit of the known-cost selftest. */
#define RB_A_DEP_ADD(op) "addq $1, " op "\n\t"

#endif
