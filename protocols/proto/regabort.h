/* SPDX-License-Identifier: MIT */
/*
 * regabort (Paul Turner, 2015): the abort address is held in a fixed
 * register (RB_REGABORT_REG) for the whole sequence and the thread's
 * area holds only post_commit_ip.  The kernel has no start address: it
 * restarts when post_commit_ip != 0 and ip < post_commit_ip, so the
 * register is loaded before post_commit_ip is armed, and every way out
 * of the sequence (commit, abort, compare-fail) clears post_commit_ip
 * before anything else runs.
 *
 * regabort takes the architecture's RB_A_SHAPE_regabort (rb_asm.h,
 * "Shapes"); regabort_outline and regabort_inline are the two shapes as
 * sensitivity rows, each built where the main row takes the other.
 */
#define RB_REGABORT_PC RB_A_MEM("%[area]", RB_AREA_POST_COMMIT_IP)

/* The parts every shape shares; the mutants break them here. */
#define RB_REGABORT_CLEAR RB_A_STORE_ZERO(RB_REGABORT_PC)
#define RB_REGABORT_ABORT_CLEAR RB_REGABORT_CLEAR
#define RB_REGABORT_ABORT_LABEL RB_ABORT_LABEL
#define RB_REGABORT_ARM(shape)                                          \
	RB_SHAPE(shape, ADDR)(RB_REGABORT_REG, "4f")                    \
	RB_A_STORE_LABEL(RB_REGABORT_PC, "2f", RB_T0)
#define RB_REGABORT_TAIL(shape)                                         \
	RB_SHAPE(shape, STUBS)(RB_REGABORT_ABORT_LABEL,                 \
			       RB_REGABORT_ABORT_CLEAR,                 \
			       RB_FAIL_STUB(RB_REGABORT_CLEAR))
#define RB_REGABORT_DISARM RB_REGABORT_CLEAR

#define RB_P_regabort_HEAD ""
#define RB_P_regabort_ARM RB_REGABORT_ARM(RB_A_SHAPE_regabort)
#define RB_P_regabort_CHECK RB_CHECK_CPU
#define RB_P_regabort_DISARM RB_REGABORT_DISARM
#define RB_P_regabort_TAIL RB_REGABORT_TAIL(RB_A_SHAPE_regabort)
#define RB_P_regabort_FAIL "5f"
#define RB_P_regabort_REC_ABORT "4b"
#define RB_P_regabort_REC_FAIL "5b"
#define RB_P_regabort_REC_CS "0"
#define RB_P_regabort_INPUTS RB_IN_RSEQ RB_IN_AREA RB_IN_CPU
#define RB_P_regabort_CLOBBERS RB_REGABORT_CLOBBER

#define RB_P_regabort_outline_HEAD ""
#define RB_P_regabort_outline_ARM RB_REGABORT_ARM(OUTLINE)
#define RB_P_regabort_outline_CHECK RB_CHECK_CPU
#define RB_P_regabort_outline_DISARM RB_REGABORT_DISARM
#define RB_P_regabort_outline_TAIL RB_REGABORT_TAIL(OUTLINE)
#define RB_P_regabort_outline_FAIL "5f"
#define RB_P_regabort_outline_REC_ABORT "4b"
#define RB_P_regabort_outline_REC_FAIL "5b"
#define RB_P_regabort_outline_REC_CS "0"
#define RB_P_regabort_outline_INPUTS RB_IN_RSEQ RB_IN_AREA RB_IN_CPU
#define RB_P_regabort_outline_CLOBBERS RB_REGABORT_CLOBBER

#define RB_P_regabort_inline_HEAD ""
#define RB_P_regabort_inline_ARM RB_REGABORT_ARM(INLINE)
#define RB_P_regabort_inline_CHECK RB_CHECK_CPU
#define RB_P_regabort_inline_DISARM RB_REGABORT_DISARM
#define RB_P_regabort_inline_TAIL RB_REGABORT_TAIL(INLINE)
#define RB_P_regabort_inline_FAIL "5f"
#define RB_P_regabort_inline_REC_ABORT "4b"
#define RB_P_regabort_inline_REC_FAIL "5b"
#define RB_P_regabort_inline_REC_CS "0"
#define RB_P_regabort_inline_INPUTS RB_IN_RSEQ RB_IN_AREA RB_IN_CPU
#define RB_P_regabort_inline_CLOBBERS RB_REGABORT_CLOBBER
