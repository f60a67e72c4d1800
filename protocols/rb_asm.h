/* SPDX-License-Identifier: MIT */
/*
 * The composition layer: picks the architecture header and defines the
 * skeleton every sequence follows, so that an operation body is written
 * once and a protocol's arm/commit/disarm steps are written once.
 *
 * Labels inside one sequence (GAS numeric local labels):
 *   9  first instruction of the arm step
 *   1  start_ip: first instruction the kernel may restart
 *   2  post_commit_ip: first instruction after the commit store
 *   8  first instruction after the disarm step
 *   3  the descriptor (data section, descriptor protocols only)
 *   4  abort handler (stub section, preceded by the signature)
 *   5  compare-fail stub (protocols that must disarm on that path)
 *   6, 7  free for operation bodies
 *   10 past the stubs and data a sequence keeps inline (the INLINE
 *      shapes below): where its way out jumps to
 */
#ifndef RB_ASM_H
#define RB_ASM_H

#define RB_STR_(x) #x
#define RB_STR(x) RB_STR_(x)
#define RB_CAT_(a, b) a##b
#define RB_CAT(a, b) RB_CAT_(a, b)

#if defined(__x86_64__)
#include "arch/x86_64.h"
#elif defined(__i386__)
#include "arch/i386.h"
#elif defined(__aarch64__)
#include "arch/aarch64.h"
#elif defined(__arm__)
#include "arch/arm.h"
#elif defined(__powerpc64__) && defined(__LITTLE_ENDIAN__)
#include "arch/ppc64le.h"
#elif defined(__riscv) && __riscv_xlen == 64
#include "arch/riscv64.h"
#else
#error "rseqbench: no protocols/arch header for this architecture yet"
#endif

/*
 * Add src into the word at mem as a commit: RB_A_ADDM_PREP before
 * RB_SEQ_COMMIT, RB_A_ADDM_COMMIT inside it.  Load/store architectures
 * load and add into tmp, then commit with the store; an architecture
 * with a read-modify-write add (x86) commits with that one instruction,
 * as the kernel selftests do: there the three-instruction form's cost
 * moved with its code placement (README, "The selftests beside us").
 */
#ifndef RB_A_ADDM_COMMIT
#define RB_A_ADDM_PREP(tmp, mem, src) RB_A_LOAD(tmp, mem) RB_A_ADD(tmp, src)
#define RB_A_ADDM_COMMIT(tmp, mem, src) RB_A_STORE(tmp, mem)
#define RB_A_ADDM_ONE_INSN 0
#endif

/* Results of every operation, as in the kernel selftests. */
#define RB_OK 0
#define RB_CMPFAIL 1
#define RB_ABORT -1

/* Offsets in the kernel's struct rseq (uapi) and in our own area. */
#define RB_RSEQ_CPU_ID_START 0
#define RB_RSEQ_CPU_ID 4
#define RB_RSEQ_CS 8
#define RB_AREA_ABORT_IP 0
#define RB_AREA_POST_COMMIT_IP 8

/* The ids recorded in the __rb_seq table: registry.h. */
#include "registry.h"

/* A protocol P supplies RB_P_<P>_<PART>; this picks one part. */
#define RB_P(P, PART) RB_CAT(RB_CAT(RB_P_, P), _##PART)

/*
 * One record per emitted sequence in section __rb_seq, so that tools
 * (the preemption-point verifier, the static analysis) find every
 * sequence's boundaries in the built object instead of a hand list.
 * Layout: arm, start, post_commit, end, abort, fail, cs (the struct
 * rseq_cs, wherever the shape put it) (u64 each), then protocol id and
 * op id (u32 each).
 */
#define RB_SEQ_RECORD(P, OP_ID)                                         \
	".pushsection __rb_seq, \"aw\"\n\t"                             \
	".balign 8\n\t"                                                 \
	RB_A_U64("9b") RB_A_U64("1b") RB_A_U64("2b") RB_A_U64("8b")     \
	RB_A_U64(RB_P(P, REC_ABORT)) RB_A_U64(RB_P(P, REC_FAIL))        \
	RB_A_U64(RB_P(P, REC_CS))                                       \
	".long " RB_STR(RB_CAT(RB_PROTO_ID_, P)) ", " RB_STR(OP_ID) "\n\t" \
	".popsection\n\t"

/* Everything before the operation's loads and compares. */
#define RB_SEQ_BEGIN(P)                                                 \
	RB_P(P, HEAD) "9:\n\t" RB_P(P, ARM) "1:\n\t" RB_P(P, CHECK)

/*
 * The single commit store, the last instruction before RB_SEQ_END, and
 * the post-commit label right after it.  Wrapped so that the mutants
 * (protocols/mutants.h) can misplace the label around the store.
 */
#define RB_SEQ_COMMIT(P, store) store
#define RB_SEQ_POST_COMMIT(P) "2:\n\t"

/* Everything after the single commit store. */
#define RB_SEQ_END(P, OP_ID)                                            \
	RB_SEQ_POST_COMMIT(P) RB_P(P, DISARM) "8:\n\t" RB_P(P, TAIL)    \
	RB_SEQ_RECORD(P, OP_ID)

/* Where an operation body branches when its compare fails. */
#define RB_SEQ_FAIL(P) RB_P(P, FAIL)

/* Operand and clobber lists (each item ends with a comma). */
#define RB_SEQ_INPUTS(P) RB_P(P, INPUTS)
#define RB_SEQ_CLOBBERS(P) RB_P(P, CLOBBERS)

/* Operands shared by the protocols; they name the op's parameters. */
#define RB_IN_RSEQ [rseq] "r"(rb_t->rseq),
#define RB_IN_AREA [area] "r"(rb_t->area),
#define RB_IN_CPU [cpu] "r"(cpu),

/* The cpu check: the kernel-maintained cpu_id must equal the cpu read. */
#define RB_CHECK_CPU                                                    \
	RB_A_CMP32_BNE(RB_A_R32("cpu"),                                 \
		       RB_A_MEM("%[rseq]", RB_RSEQ_CPU_ID), "4f")

/* Signature, then the abort label. */
#define RB_ABORT_LABEL RB_A_SIG "4:\n\t"

/*
 * The out-of-line stubs of a protocol: the abort handler (label, then
 * what it must undo, then back to C) and the compare-fail stub, for the
 * protocols that must disarm on that path too (RB_FAIL_STUB).
 */
#define RB_STUBS(abort_label, abort_clear, fail_stub)                   \
	RB_A_STUB_SECTION                                               \
	abort_label abort_clear RB_A_JMP("%l[rb_abort]")                \
	fail_stub                                                       \
	RB_A_POP_SECTION
#define RB_FAIL_STUB(clear) "5:\n\t" clear RB_A_JMP("%l[rb_cmpfail]")

/*
 * Shapes: where a protocol keeps its abort stub (and descriptor its
 * struct rseq_cs) and how the sequence forms their addresses.  The
 * operation body, the cpu check and the commit are the same in every
 * shape; the README's shape table says which shape each row takes on
 * each architecture, and why.
 *   OUTLINE  stubs in __rseq_failure, the descriptor in __rseq_cs;
 *            their addresses in the architecture's general form
 *            (RB_A_LABEL_ADDR); nothing to jump over on the way out.
 *   INLINE   stubs (and the descriptor) right after the sequence in
 *            its own section, so that one pc-relative instruction
 *            (RB_A_PCREL_ADDR) forms their address; the way out jumps
 *            over them: one taken branch on every commit.
 *   STUBS    descriptor only: the descriptor in __rseq_cs, the stubs
 *            inline (mainline's arm64 and riscv shape).
 *   MAINLINE descriptor only: OUTLINE, but the descriptor's address
 *            formed as mainline's selftests write it
 *            (RB_A_MAINLINE_ADDR) where that is not the general form:
 *            an absolute address on ppc64le, "la" on riscv64.
 * An architecture names its main rows' shapes (RB_A_SHAPE_<protocol>,
 * default OUTLINE) and builds a sensitivity row in the other shape
 * where it differs (RB_A_ROW_<protocol>_outline, registry.h).
 */
#define RB_STUBS_INLINE(data, abort_label, abort_clear, fail_stub)      \
	RB_A_JMP("10f")                                                 \
	data abort_label abort_clear RB_A_JMP("%l[rb_abort]")           \
	fail_stub                                                       \
	"10:\n\t"
#ifndef RB_A_PCREL_ADDR
#define RB_A_PCREL_ADDR(reg, label) RB_A_LABEL_ADDR(reg, label)
#endif
#ifndef RB_A_MAINLINE_ADDR
#define RB_A_MAINLINE_ADDR(reg, label) RB_A_LABEL_ADDR(reg, label)
#endif
#define RB_SHAPE_ADDR_OUTLINE(reg, label) RB_A_LABEL_ADDR(reg, label)
#define RB_SHAPE_STUBS_OUTLINE(abort_label, abort_clear, fail_stub)     \
	RB_STUBS(abort_label, abort_clear, fail_stub)
#define RB_SHAPE_STORE_OUTLINE(mem, label, scratch)                    \
	RB_A_STORE_LABEL(mem, label, scratch)
#define RB_SHAPE_ADDR_INLINE(reg, label) RB_A_PCREL_ADDR(reg, label)
#define RB_SHAPE_STORE_INLINE(mem, label, scratch)                     \
	RB_A_PCREL_ADDR(scratch, label) RB_A_STORE(scratch, mem)
#define RB_SHAPE_STUBS_INLINE(abort_label, abort_clear, fail_stub)      \
	RB_STUBS_INLINE("", abort_label, abort_clear, fail_stub)
/*
 * RB_SHAPE(INLINE, ADDR) -> RB_SHAPE_ADDR_INLINE.  A paste of its own:
 * it expands inside RB_P()'s RB_CAT, which does not expand twice.
 */
#define RB_SHAPE_CAT_(a, b) a##b
#define RB_SHAPE_CAT(a, b) RB_SHAPE_CAT_(a, b)
#define RB_SHAPE(shape, part) RB_SHAPE_CAT(RB_SHAPE_##part##_, shape)

#ifndef RB_A_SHAPE_regabort
#define RB_A_SHAPE_regabort OUTLINE
#endif
#ifndef RB_A_SHAPE_twostore
#define RB_A_SHAPE_twostore OUTLINE
#endif
#ifndef RB_A_SHAPE_descriptor
#define RB_A_SHAPE_descriptor OUTLINE
#endif

#define RB_ALWAYS_INLINE inline __attribute__((always_inline))

/*
 * The end of every sequence function: the fall-through commit, and the
 * C labels the asm goto reaches on abort and on compare-fail.
 */
#define RB_SEQ_RESULTS                                                  \
	return RB_OK;                                                   \
rb_abort:                                                               \
	return RB_ABORT;                                                \
rb_cmpfail:                                                             \
	return RB_CMPFAIL;

#endif
