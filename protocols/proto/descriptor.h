/* SPDX-License-Identifier: MIT */
/*
 * descriptor (Mathieu Desnoyers; mainline since Linux 4.18): one store
 * of the address of a link-time constant struct rseq_cs to the rseq_cs
 * field of the kernel's struct rseq.  No clear on the fast path: the
 * kernel clears rseq_cs lazily when it finds ip outside
 * [start_ip, start_ip + post_commit_offset).
 *
 * descriptor_eager is the 2016 v7 behaviour kept as a sensitivity row:
 * the same sequence plus a userspace clear after the commit and on the
 * abort and compare-fail paths.
 */
#define RB_DESCRIPTOR_CS RB_A_MEM("%[rseq]", RB_RSEQ_CS)

/* struct rseq_cs { u32 version; u32 flags; u64 start_ip;
 *		    u64 post_commit_offset; u64 abort_ip; } */
#define RB_DESCRIPTOR_FIELDS                                            \
	".long 0, 0\n\t"                                                \
	RB_A_U64("1f") RB_A_U64("(2f - 1f)") RB_A_U64("4f")
#define RB_DESCRIPTOR_TABLE_OF(fields)                                  \
	RB_A_DATA_SECTION                                               \
	".balign 32\n\t"                                                \
	"3:\n\t"                                                        \
	fields                                                          \
	RB_A_POP_SECTION
#define RB_DESCRIPTOR_TABLE RB_DESCRIPTOR_TABLE_OF(RB_DESCRIPTOR_FIELDS)

#define RB_P_descriptor_HEAD RB_DESCRIPTOR_TABLE
#define RB_P_descriptor_ARM RB_A_STORE_LABEL(RB_DESCRIPTOR_CS, "3b", RB_T0)
#define RB_P_descriptor_CHECK RB_CHECK_CPU
#define RB_P_descriptor_DISARM ""
#define RB_P_descriptor_TAIL RB_STUBS(RB_ABORT_LABEL, "", "")
#define RB_P_descriptor_FAIL "%l[rb_cmpfail]"
#define RB_P_descriptor_REC_ABORT "4b"
#define RB_P_descriptor_REC_FAIL "0"
#define RB_P_descriptor_INPUTS RB_IN_RSEQ RB_IN_CPU
#define RB_P_descriptor_CLOBBERS

#define RB_P_descriptor_eager_HEAD RB_DESCRIPTOR_TABLE
#define RB_P_descriptor_eager_ARM RB_P_descriptor_ARM
#define RB_P_descriptor_eager_CHECK RB_CHECK_CPU
#define RB_P_descriptor_eager_DISARM RB_A_STORE_ZERO(RB_DESCRIPTOR_CS)
#define RB_P_descriptor_eager_TAIL                                      \
	RB_STUBS(RB_ABORT_LABEL, RB_A_STORE_ZERO(RB_DESCRIPTOR_CS),     \
		 RB_FAIL_STUB(RB_A_STORE_ZERO(RB_DESCRIPTOR_CS)))
#define RB_P_descriptor_eager_FAIL "5f"
#define RB_P_descriptor_eager_REC_ABORT "4b"
#define RB_P_descriptor_eager_REC_FAIL "5b"
#define RB_P_descriptor_eager_INPUTS RB_IN_RSEQ RB_IN_CPU
#define RB_P_descriptor_eager_CLOBBERS
