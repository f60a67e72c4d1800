/* SPDX-License-Identifier: MIT */
/*
 * i386 (IA-32) primitives for the commit protocols and operation bodies.
 *
 * The same instruction set as x86_64.h with 32-bit words, and one
 * constraint that shapes everything here: seven allocatable general
 * registers (%eax %ebx %ecx %edx %esi %edi %ebp), of which regabort
 * pins %ecx for the whole sequence.  So:
 *
 * - label addresses are absolute 32-bit immediates (movl $label, ...),
 *   as in librseq's i386 code: i386 has no %eip-relative addressing,
 *   and a call/pop thunk in the arm step would cost a return-stack
 *   misprediction per operation.  The build is static and not PIE
 *   (Makefile: foreign ARCH => -static), so the linker resolves them;
 *   a PIE link would get text relocations.  The stores of a label
 *   therefore need no scratch register (RB_A_STORE_LABEL ignores it).
 * - inputs that are only copied, compared or added take RB_A_RM ("g":
 *   register, memory or immediate), so that gcc may leave them in their
 *   stack slots when registers run out.  The op headers use it on i386
 *   where the generic operand lists cannot be allocated: see the
 *   __i386__ blocks in ops/ (cmpeqv_storev drops an unused scratch,
 *   cmpnev_storeoffp_load and cmpeqv_trystorev_storev read operands
 *   from memory, cmpeqv_trymemcpy_storev has its own register plan).
 *
 * The u64 fields of the areas (rseq_cs, abort_ip, post_commit_ip) are
 * stored as 32-bit words, the low half (little endian): their high
 * halves are zero because every area starts zeroed (static TLS,
 * memset in kemu.c) and nothing stores a value above 4 GiB there,
 * which is how librseq's i386 code relies on the kernel's u64
 * rseq_cs.  Descriptors (RB_A_U64) write both halves.
 */
#ifndef RB_ARCH_I386_H
#define RB_ARCH_I386_H

#define RB_ARCH_NAME "i386"

/* The mainline x86 signature; the 4 bytes before every abort label. */
#define RB_SIG 0x53053053

/*
 * ud1 with the signature as its 32-bit displacement, as on x86_64: the
 * signature is the last 4 bytes before the abort label, and executing
 * it by mistake traps.
 */
#define RB_A_SIG ".byte 0x0f, 0xb9, 0x3d\n\t.long " RB_STR(RB_SIG) "\n\t"

/* regabort: the abort address in %ecx, as in the 2015-2016 patches. */
#define RB_REGABORT_REG "%%ecx"
#define RB_REGABORT_CLOBBER "ecx",
/* The same register, as a local register variable names it. */
#define RB_REGABORT_REGNAME "ecx"

/*
 * Scratch registers an operation body may use (clobbered).  %ebx and
 * %ebp are left to gcc: the PIC base and the frame pointer when a
 * function needs them, otherwise two more registers for operands.
 */
#define RB_T0 "%%eax"
#define RB_T1 "%%edx"
#define RB_T2 "%%esi"
#define RB_T3 "%%edi"
#define RB_T0B "%%al"
#define RB_CLOBBER_T0 "eax",
#define RB_CLOBBER_T1 "edx",
#define RB_CLOBBER_T2 "esi",
#define RB_CLOBBER_T3 "edi",

/* A memory reference: base register operand plus constant offset. */
#define RB_A_MEM(base, off) RB_STR(off) "(" base ")"

/* A u64 field of a descriptor: the 32-bit value, high half zero. */
#define RB_A_U64(x) ".long " x ", 0\n\t"

/* Sections for descriptors and for the out-of-line abort/fail stubs. */
#define RB_A_DATA_SECTION ".pushsection __rseq_cs, \"aw\"\n\t"
#define RB_A_STUB_SECTION ".pushsection __rseq_failure, \"ax\"\n\t"
#define RB_A_POP_SECTION ".popsection\n\t"

/* Word (pointer-sized, 32-bit) moves. */
#define RB_A_LOAD(reg, mem) "movl " mem ", " reg "\n\t"
#define RB_A_STORE(reg, mem) "movl " reg ", " mem "\n\t"
#define RB_A_STORE_ZERO(mem) "movl $0, " mem "\n\t"
#define RB_A_MOV(dst, src) "movl " src ", " dst "\n\t"
#define RB_A_ADD(dst, src) "addl " src ", " dst "\n\t"
/*
 * The read-modify-write add commits in one instruction (rb_asm.h).
 * -DRB_ADDM_LOAD_STORE builds the load/add/store form instead, to
 * measure what the form alone costs.
 */
#ifndef RB_ADDM_LOAD_STORE
#define RB_A_ADDM_PREP(tmp, mem, src) ""
#define RB_A_ADDM_COMMIT(tmp, mem, src) "addl " src ", " mem "\n\t"
#define RB_A_ADDM_ONE_INSN 1
#endif
#define RB_A_ADD1(reg) "addl $1, " reg "\n\t"
#define RB_A_SUB1_BNZ(reg, label)                                       \
	"subl $1, " reg "\n\t"                                          \
	"jnz " label "\n\t"

/*
 * An input that is only copied into a scratch register or compared or
 * added to one: it may stay in memory, or be an immediate when it is a
 * constant (cmpnev_storeoffp_load's NULL and offset), which spares a
 * register gcc would otherwise need to hold the constant.
 */
#define RB_A_RM(x) "g"(x)

/* Byte moves for the memcpy body; RB_T0B is the low byte of RB_T0. */
#define RB_A_LOADB(mem) "movb " mem ", " RB_T0B "\n\t"
#define RB_A_STOREB(mem) "movb " RB_T0B ", " mem "\n\t"

/* Address of a local label into a register: an absolute immediate. */
#define RB_A_LABEL_ADDR(reg, label) "movl $" label ", " reg "\n\t"

/* Address of a label stored to memory: one store, no scratch needed. */
#define RB_A_STORE_LABEL(mem, label, scratch)                          \
	"movl $" label ", " mem "\n\t"

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
	"cmpl " reg ", " mem "\n\t"                                     \
	"jne " label "\n\t"
#define RB_A_CMP_BEQ(reg, mem, label)                                   \
	"cmpl " reg ", " mem "\n\t"                                     \
	"je " label "\n\t"
#define RB_A_CMPR_BEQ(reg, reg2, label)                                 \
	"cmpl " reg ", " reg2 "\n\t"                                    \
	"je " label "\n\t"
#define RB_A_BNZ(reg, label)                                            \
	"testl " reg ", " reg "\n\t"                                    \
	"jnz " label "\n\t"
#define RB_A_BZ(reg, label)                                             \
	"testl " reg ", " reg "\n\t"                                    \
	"jz " label "\n\t"

#define RB_A_JMP(label) "jmp " label "\n\t"

/*
 * Inner loop heads on a 32-byte fetch block, as on x86_64 (same CPUs,
 * same reason).  For 32-bit code gas pads with lea no-ops and, for a
 * long pad, a jmp over them: dead bytes inside the sequence, which the
 * preemption-point verifier rightly reports as never reached.  ".arch
 * .nop" lets it use the long nopl/nopw forms that x86_64 gets (every
 * P6-class cpu has them), which fall through like x86_64's padding.
 */
#define RB_A_ALIGN_LOOP ".arch .nop\n\t.p2align 5\n\t"

/* The register of an operand (all words are 32-bit here). */
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
	return (uint32_t)uc->uc_mcontext.gregs[REG_EIP];
}

static inline void rb_arch_uc_set_ip(ucontext_t *uc, uint64_t ip)
{
	uc->uc_mcontext.gregs[REG_EIP] = (greg_t)(uint32_t)ip;
}

static inline uint64_t rb_arch_uc_regabort(const ucontext_t *uc)
{
	return (uint32_t)uc->uc_mcontext.gregs[REG_ECX];
}

/*
 * First address above user space for a 32-bit task on an x86_64
 * kernel (IA32_PAGE_OFFSET), where these binaries run; the stack sits
 * just below it.  A native i386 kernel with the 3G/1G split stops at
 * 0xc0000000, which this bound also admits: it only has to reject what
 * no 32-bit kernel accepts.
 */
#define RB_ARCH_TASK_SIZE 0xffffe000ULL

/*
 * A one-byte breakpoint for the preemption-point verifier: int3 traps
 * with ip one past it, so the handler steps ip back by RB_A_TRAP_SKEW.
 */
#define RB_A_TRAP_BYTES "\xcc"
#define RB_A_TRAP_LEN 1
#define RB_A_TRAP_SIGNAL SIGTRAP
#define RB_A_TRAP_SKEW 1

/* One dependent add: the unit of the known-cost selftest. */
#define RB_A_DEP_ADD(op) "addl $1, " op "\n\t"

#endif
