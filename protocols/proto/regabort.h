/* SPDX-License-Identifier: MIT */
/*
 * regabort (Paul Turner, 2015): the abort address is held in a fixed
 * register (RB_REGABORT_REG) for the whole sequence and the thread's
 * area holds only post_commit_ip.  The kernel has no start address: it
 * restarts when post_commit_ip != 0 and ip < post_commit_ip, so the
 * register is loaded before post_commit_ip is armed, and every way out
 * of the sequence (commit, abort, compare-fail) clears post_commit_ip
 * before anything else runs.
 */
#define RB_REGABORT_PC RB_A_MEM("%[area]", RB_AREA_POST_COMMIT_IP)

#define RB_P_regabort_HEAD ""
#define RB_P_regabort_ARM                                               \
	RB_A_LABEL_ADDR(RB_REGABORT_REG, "4f")                          \
	RB_A_STORE_LABEL(RB_REGABORT_PC, "2f", RB_T0)
#define RB_P_regabort_CHECK RB_CHECK_CPU
#define RB_P_regabort_DISARM RB_A_STORE_ZERO(RB_REGABORT_PC)
#define RB_P_regabort_TAIL                                              \
	RB_STUBS(RB_ABORT_LABEL, RB_A_STORE_ZERO(RB_REGABORT_PC),       \
		 RB_FAIL_STUB(RB_A_STORE_ZERO(RB_REGABORT_PC)))
#define RB_P_regabort_FAIL "5f"
#define RB_P_regabort_REC_ABORT "4b"
#define RB_P_regabort_REC_FAIL "5b"
#define RB_P_regabort_INPUTS RB_IN_RSEQ RB_IN_AREA RB_IN_CPU
#define RB_P_regabort_CLOBBERS RB_REGABORT_CLOBBER
