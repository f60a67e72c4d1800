/* SPDX-License-Identifier: MIT */
/*
 * RV64GC (Linux, LP64D) primitives for the commit protocols and
 * operation bodies: the riscv64 version of protocols/arch/x86_64.h,
 * which documents the interface.
 *
 * Built as the distribution builds everything, -march=rv64gc: GAS may
 * assemble a sequence instruction as a 2-byte compressed one (c.ld,
 * c.mv, c.j ...) and the linker may relax others, so instruction
 * boundaries are not every 4 bytes.  The verifier therefore plants a
 * trap of the instruction's own length (rb_arch_trap_len: ebreak on 4-
 * byte instructions, c.ebreak on 2-byte ones) instead of forcing
 * .option norvc on the sequences, which would measure code nobody
 * ships and breaks .p2align (GAS fills with zero halfwords when a
 * norvc region starts at 2 mod 4).
 *
 * RISC-V is load/store: a compare with memory first loads the word
 * into t4, the scratch reserved for that here.  Stores of zero use the
 * zero register.
 */
#ifndef RB_ARCH_RISCV64_H
#define RB_ARCH_RISCV64_H

#define RB_ARCH_NAME "riscv64"

/*
 * The signature of the mainline rseq selftests (rseq-riscv.h),
 * 0xf1401073 = "csrw mhartid, zero": a write to a read-only machine
 * CSR, illegal in user mode, so executing it by mistake raises SIGILL.
 * glibc 2.36 defines no RSEQ_SIG for riscv64; this is the value the
 * kernel selftests and librseq register.  Aligned to 4 bytes as the
 * selftests do, so that the kernel's read of it is an aligned one
 * (the padding before it lies after the stub section's jump: dead).
 */
#define RB_SIG 0xf1401073
#define RB_A_SIG ".balign 4\n\t.4byte " RB_STR(RB_SIG) "\n\t"

/*
 * regabort: the abort address lives in t6 (x31) for the whole
 * sequence.  No 2015-2016 patch chose one for RISC-V.  t6 is a
 * caller-saved temporary, not an argument register (a0-a7), and the
 * last one the compiler allocates.  A kernel port reads regs->t6.
 */
#define RB_REGABORT_REG "t6"
#define RB_REGABORT_CLOBBER "t6",
/* The same register, as a local register variable names it. */
#define RB_REGABORT_REGNAME "t6"

/*
 * Scratch registers an operation body may use (clobbered): caller-
 * saved temporaries, so that no sequence makes its caller save
 * anything.  t4 is the compare scratch of the macros below and rides
 * along with RB_T0.  t0 is avoided: it is the alternate link register
 * of millicode calls (-msave-restore).
 */
#define RB_T0 "t1"
#define RB_T1 "t2"
#define RB_T2 "t3"
#define RB_T3 "t5"
#define RB_CLOBBER_T0 "t1", "t4",
#define RB_CLOBBER_T1 "t2",
#define RB_CLOBBER_T2 "t3",
#define RB_CLOBBER_T3 "t5",

/* The scratch of compares with memory. */
#define RB_A_RX "t4"

/* A memory reference: base register operand plus constant offset. */
#define RB_A_MEM(base, off) RB_STR(off) "(" base ")"

/* A u64 field of a descriptor in the data section. */
#define RB_A_U64(x) ".dword " x "\n\t"

/* Sections for descriptors. */
#define RB_A_DATA_SECTION ".pushsection __rseq_cs, \"aw\"\n\t"

/*
 * The abort and compare-fail stubs stay in the section of the code
 * that branches to them, right after the sequence, and the way out of
 * the sequence jumps over them, as on ppc64le (see there): a
 * conditional branch reaches only +-4 KB, and GAS emits it as is
 * (R_RISCV_BRANCH) for a label in another section, which the linker
 * then cannot reach from bench/cells.o (the mainline selftests'
 * rseq-riscv.h jumps over an inline abort the same way).  The price is
 * one taken jump after label 8 (outside the sequence) on every
 * protocol's fast path; plain has no stubs and no jump.  The
 * push/.previous pair keeps GAS's section stack as RB_A_POP_SECTION
 * expects in both its uses.
 */
#define RB_A_STUB_SECTION                                               \
	"j 0f\n\t"                                                      \
	".pushsection __rseq_failure, \"ax\"\n\t"                       \
	".previous\n\t"
#define RB_A_POP_SECTION ".popsection\n0:\n\t"
#define RB_A_INLINE_STUBS 1

/* Doubleword moves. */
#define RB_A_LOAD(reg, mem) "ld " reg ", " mem "\n\t"
#define RB_A_STORE(reg, mem) "sd " reg ", " mem "\n\t"
#define RB_A_STORE_ZERO(mem) "sd zero, " mem "\n\t"
#define RB_A_MOV(dst, src) "mv " dst ", " src "\n\t"
#define RB_A_ADD(dst, src) "add " dst ", " dst ", " src "\n\t"
#define RB_A_ADD1(reg) "addi " reg ", " reg ", 1\n\t"
#define RB_A_SUB1_BNZ(reg, label)                                       \
	"addi " reg ", " reg ", -1\n\t"                                 \
	"bnez " reg ", " label "\n\t"

/* Every operand is a register on a load/store architecture. */
#define RB_A_RM(x) "r"(x)

/* Byte moves for the memcpy body, through RB_T0. */
#define RB_A_LOADB(mem) "lbu " RB_T0 ", " mem "\n\t"
#define RB_A_STOREB(mem) "sb " RB_T0 ", " mem "\n\t"

/* Address of a local label into a register: auipc + addi, pc-relative. */
#define RB_A_LABEL_ADDR(reg, label) "lla " reg ", " label "\n\t"

/*
 * The descriptor's address as mainline's selftests form it
 * (rseq-riscv.h): "la", which GAS expands by the code model of the
 * compile.  Debian's gcc compiles position-independent by default, so
 * "la" is auipc + ld from the GOT, and binutils 2.40 does not relax
 * that back even in a static link: one load on the fast path where
 * "lla" has an add.  (With -fno-pie, "la" is "lla" and the two rows
 * below are the same code.)  The descriptor row takes this form
 * (MAINLINE shape); descriptor-lla keeps RB_A_LABEL_ADDR, which is
 * what an advocate would write and what regabort and twostore use.
 */
#define RB_A_MAINLINE_ADDR(reg, label) "la " reg ", " label "\n\t"
#define RB_A_SHAPE_descriptor MAINLINE
#define RB_A_ROW_descriptor_lla 1

/* Address of a label stored to memory, through a scratch register. */
#define RB_A_STORE_LABEL(mem, label, scratch)                          \
	RB_A_LABEL_ADDR(scratch, label) RB_A_STORE(scratch, mem)

/*
 * 32-bit compare of a register with memory, branch if not equal: lw
 * sign-extends, and so does every int the compiler holds in a 64-bit
 * register (the LP64 ABI keeps 32-bit values sign-extended).
 */
/*
 * The compare and its branch apart, so that a label can be put between
 * them (a misplaced start label is one of the verifier's mutants).
 */
#define RB_A_CMP32_HEAD(reg, mem)                                       \
	"lw " RB_A_RX ", " mem "\n\t"
#define RB_A_CMP32_BR(reg, label) "bne " reg ", " RB_A_RX ", " label "\n\t"
#define RB_A_CMP32_BNE(reg, mem, label)                                 \
	RB_A_CMP32_HEAD(reg, mem) RB_A_CMP32_BR(reg, label)

/* Doubleword compares. */
#define RB_A_CMP_BNE(reg, mem, label)                                   \
	"ld " RB_A_RX ", " mem "\n\t"                                   \
	"bne " reg ", " RB_A_RX ", " label "\n\t"
#define RB_A_CMP_BEQ(reg, mem, label)                                   \
	"ld " RB_A_RX ", " mem "\n\t"                                   \
	"beq " reg ", " RB_A_RX ", " label "\n\t"
#define RB_A_CMPR_BEQ(reg, reg2, label)                                 \
	"beq " reg ", " reg2 ", " label "\n\t"
#define RB_A_BNZ(reg, label) "bnez " reg ", " label "\n\t"
#define RB_A_BZ(reg, label) "beqz " reg ", " label "\n\t"

#define RB_A_JMP(label) "j " label "\n\t"

/*
 * Align the head of an inner loop (the memcpy body) to 32 bytes, for
 * the same reason as on x86: the loop's cost must not depend on where
 * the linker put each copy.  With linker relaxation (the default) GAS
 * leaves the padding to the linker (R_RISCV_ALIGN), which keeps it
 * right after relaxing the code before it.
 */
#define RB_A_ALIGN_LOOP ".p2align 5\n\t"

/* RISC-V names a register the same at every width (lw vs ld). */
#define RB_A_R32(name) "%[" name "]"
#define RB_A_R(name) "%[" name "]"

/*
 * rdtime: the constant-rate "time" CSR, readable from user space (the
 * kernel enables it in scounteren).  Its rate is the devicetree's
 * timebase-frequency, which user space cannot read portably: the tsc
 * timer calibrates it against CLOCK_MONOTONIC_RAW.  rdcycle is not
 * used: Linux 6.6+ disables user access to it.  The fence orders the
 * read after earlier memory accesses, the closest RISC-V has to
 * lfence; its fixed cost is part of the empty-loop baseline.
 */
#include <stdint.h>
static inline uint64_t rb_arch_ticks(void)
{
	uint64_t t;

	asm volatile("fence\n\trdtime %0" : "=r"(t)::"memory");
	return t;
}
#define RB_ARCH_TICKS_NAME "rdtime"

/*
 * The interrupted context, as a signal handler sees it: __gregs[0] is
 * the pc, __gregs[n] is xn for the others.
 */
#include <ucontext.h>
static inline uint64_t rb_arch_uc_ip(const ucontext_t *uc)
{
	return (uint64_t)uc->uc_mcontext.__gregs[REG_PC];
}

static inline void rb_arch_uc_set_ip(ucontext_t *uc, uint64_t ip)
{
	uc->uc_mcontext.__gregs[REG_PC] = ip;
}

static inline uint64_t rb_arch_uc_regabort(const ucontext_t *uc)
{
	return (uint64_t)uc->uc_mcontext.__gregs[31];	/* t6 = x31 */
}

/*
 * First address above user space: TASK_SIZE of Sv57, the largest
 * paging mode Linux uses (Sv39 and Sv48 machines have smaller
 * limits, which an abort address in a mapped page is below anyway).
 */
#define RB_ARCH_TASK_SIZE 0x0100000000000000ULL

/*
 * The verifier's trap: ebreak (0x00100073) on a 4-byte instruction,
 * c.ebreak (0x9002) on a 2-byte one, so that it never overwrites the
 * next instruction.  Both raise SIGTRAP with pc at the trap: no skew.
 * RB_A_TRAP_BYTES/LEN are the 4-byte form and the largest length;
 * rb_arch_trap_len() tells an instruction's length from its low two
 * bits (11 = 32-bit).
 */
#define RB_A_TRAP_BYTES "\x73\x00\x10\x00"
#define RB_A_TRAP_LEN 4
#define RB_A_TRAP_SIGNAL SIGTRAP
#define RB_A_TRAP_SKEW 0
#define RB_A_TRAP_VARLEN 1
#define RB_A_TRAP_BYTES_2 "\x02\x90"

static inline unsigned int rb_arch_trap_len(const void *insn)
{
	return (*(const uint8_t *)insn & 3) == 3 ? 4 : 2;
}

static inline const char *rb_arch_trap_bytes(const void *insn)
{
	return rb_arch_trap_len(insn) == 4 ? RB_A_TRAP_BYTES :
					     RB_A_TRAP_BYTES_2;
}

/* One dependent add: the unit of the known-cost selftest. */
#define RB_A_DEP_ADD(op) "addi " op ", " op ", 1\n\t"

#endif
