/* SPDX-License-Identifier: MIT */
/*
 * twostore (Peter Zijlstra, Aug 2016): abort_ip and post_commit_ip
 * both in the thread's area.  The kernel reads abort_ip once it sees
 * post_commit_ip != 0, so abort_ip is stored first: the other order
 * leaves a window where a stale abort_ip from an earlier sequence is
 * taken.  Both stores are in one asm statement, so program order on
 * the one CPU is all the ordering needed.
 */
#define RB_TWOSTORE_ABORT RB_A_MEM("%[area]", RB_AREA_ABORT_IP)
#define RB_TWOSTORE_PC RB_A_MEM("%[area]", RB_AREA_POST_COMMIT_IP)

#define RB_P_twostore_HEAD ""
#define RB_P_twostore_ARM                                               \
	RB_A_STORE_LABEL(RB_TWOSTORE_ABORT, "4f", RB_T0)                \
	RB_A_STORE_LABEL(RB_TWOSTORE_PC, "2f", RB_T0)
#define RB_P_twostore_CHECK RB_CHECK_CPU
#define RB_P_twostore_DISARM RB_A_STORE_ZERO(RB_TWOSTORE_PC)
#define RB_P_twostore_TAIL                                              \
	RB_STUBS(RB_ABORT_LABEL, RB_A_STORE_ZERO(RB_TWOSTORE_PC),       \
		 RB_FAIL_STUB(RB_A_STORE_ZERO(RB_TWOSTORE_PC)))
#define RB_P_twostore_FAIL "5f"
#define RB_P_twostore_REC_ABORT "4b"
#define RB_P_twostore_REC_FAIL "5b"
#define RB_P_twostore_INPUTS RB_IN_RSEQ RB_IN_AREA RB_IN_CPU
#define RB_P_twostore_CLOBBERS
