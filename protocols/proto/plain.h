/* SPDX-License-Identifier: MIT */
/*
 * plain: the operation body alone, no arm, no cpu check, no disarm.
 * The lower bound every protocol is compared with; not restartable.
 */
#define RB_P_plain_HEAD ""
#define RB_P_plain_ARM ""
#define RB_P_plain_CHECK ""
#define RB_P_plain_DISARM ""
#define RB_P_plain_TAIL ""
#define RB_P_plain_FAIL "%l[rb_cmpfail]"
#define RB_P_plain_REC_ABORT "0"
#define RB_P_plain_REC_FAIL "0"
#define RB_P_plain_REC_CS "0"
#define RB_P_plain_INPUTS
#define RB_P_plain_CLOBBERS
