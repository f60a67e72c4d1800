/* SPDX-License-Identifier: MIT */
/*
 * twostore (Peter Zijlstra, Aug 2016): abort_ip and post_commit_ip
 * both in the thread's area.  The kernel reads abort_ip once it sees
 * post_commit_ip != 0, so abort_ip is stored first: the other order
 * leaves a window where a stale abort_ip from an earlier sequence is
 * taken.  Both stores are in one asm statement, so program order on
 * the one CPU is all the ordering needed.
 *
 * twostore takes the architecture's RB_A_SHAPE_twostore (rb_asm.h,
 * "Shapes"); twostore_outline and twostore_inline are the two shapes as
 * sensitivity rows, each built where the main row takes the other.
 */
#define RB_TWOSTORE_ABORT RB_A_MEM("%[area]", RB_AREA_ABORT_IP)
#define RB_TWOSTORE_PC RB_A_MEM("%[area]", RB_AREA_POST_COMMIT_IP)

/* The parts every shape shares; the mutants break them here. */
#define RB_TWOSTORE_CLEAR RB_A_STORE_ZERO(RB_TWOSTORE_PC)
#define RB_TWOSTORE_DISARM RB_TWOSTORE_CLEAR
#define RB_TWOSTORE_ABORT_CLEAR RB_TWOSTORE_CLEAR
#define RB_TWOSTORE_ABORT_LABEL RB_ABORT_LABEL
#define RB_TWOSTORE_STORE_ABORT(shape)                                  \
	RB_SHAPE(shape, STORE)(RB_TWOSTORE_ABORT, "4f", RB_T0)
#define RB_TWOSTORE_STORE_PC RB_A_STORE_LABEL(RB_TWOSTORE_PC, "2f", RB_T0)
#define RB_TWOSTORE_ARM(shape)                                          \
	RB_TWOSTORE_STORE_ABORT(shape) RB_TWOSTORE_STORE_PC
#define RB_TWOSTORE_TAIL(shape)                                         \
	RB_SHAPE(shape, STUBS)(RB_TWOSTORE_ABORT_LABEL,                 \
			       RB_TWOSTORE_ABORT_CLEAR,                 \
			       RB_FAIL_STUB(RB_TWOSTORE_CLEAR))

#define RB_P_twostore_HEAD ""
#define RB_P_twostore_ARM RB_TWOSTORE_ARM(RB_A_SHAPE_twostore)
#define RB_P_twostore_CHECK RB_CHECK_CPU
#define RB_P_twostore_DISARM RB_TWOSTORE_DISARM
#define RB_P_twostore_TAIL RB_TWOSTORE_TAIL(RB_A_SHAPE_twostore)
#define RB_P_twostore_FAIL "5f"
#define RB_P_twostore_REC_ABORT "4b"
#define RB_P_twostore_REC_FAIL "5b"
#define RB_P_twostore_REC_CS "0"
#define RB_P_twostore_INPUTS RB_IN_RSEQ RB_IN_AREA RB_IN_CPU
#define RB_P_twostore_CLOBBERS

#define RB_P_twostore_outline_HEAD ""
#define RB_P_twostore_outline_ARM RB_TWOSTORE_ARM(OUTLINE)
#define RB_P_twostore_outline_CHECK RB_CHECK_CPU
#define RB_P_twostore_outline_DISARM RB_TWOSTORE_DISARM
#define RB_P_twostore_outline_TAIL RB_TWOSTORE_TAIL(OUTLINE)
#define RB_P_twostore_outline_FAIL "5f"
#define RB_P_twostore_outline_REC_ABORT "4b"
#define RB_P_twostore_outline_REC_FAIL "5b"
#define RB_P_twostore_outline_REC_CS "0"
#define RB_P_twostore_outline_INPUTS RB_IN_RSEQ RB_IN_AREA RB_IN_CPU
#define RB_P_twostore_outline_CLOBBERS

#define RB_P_twostore_inline_HEAD ""
#define RB_P_twostore_inline_ARM RB_TWOSTORE_ARM(INLINE)
#define RB_P_twostore_inline_CHECK RB_CHECK_CPU
#define RB_P_twostore_inline_DISARM RB_TWOSTORE_DISARM
#define RB_P_twostore_inline_TAIL RB_TWOSTORE_TAIL(INLINE)
#define RB_P_twostore_inline_FAIL "5f"
#define RB_P_twostore_inline_REC_ABORT "4b"
#define RB_P_twostore_inline_REC_FAIL "5b"
#define RB_P_twostore_inline_REC_CS "0"
#define RB_P_twostore_inline_INPUTS RB_IN_RSEQ RB_IN_AREA RB_IN_CPU
#define RB_P_twostore_inline_CLOBBERS
