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
 *
 * Both take the architecture's RB_A_SHAPE_descriptor, mainline's shape
 * on that architecture (rb_asm.h, "Shapes"; INLINE puts the struct
 * rseq_cs itself inline, addressed as mainline's arm selftests do);
 * descriptor_outline is the lazy protocol in the OUTLINE shape, a
 * sensitivity row where that differs.  Where mainline forms the
 * descriptor's address in a longer way than the architecture's general
 * form (MAINLINE), the OUTLINE shape is the sensitivity row, named for
 * that form: descriptor_toc on ppc64le, descriptor_lla on riscv64.
 */
#define RB_DESCRIPTOR_CS RB_A_MEM("%[rseq]", RB_RSEQ_CS)

/* struct rseq_cs { u32 version; u32 flags; u64 start_ip;
 *		    u64 post_commit_offset; u64 abort_ip; } */
/*
 * dir is "f" for a descriptor placed before the sequence (HEAD), "b"
 * for one placed after it (the INLINE tail); the abort label follows
 * both.
 */
#define RB_DESCRIPTOR_FIELDS(dir)                                       \
	".long 0, 0\n\t"                                                \
	RB_A_U64("1" dir) RB_A_U64("(2" dir " - 1" dir ")") RB_A_U64("4f")
/* The lazy rows' descriptor (a mutant breaks it alone). */
#define RB_DESCRIPTOR_LAZY_FIELDS(dir) RB_DESCRIPTOR_FIELDS(dir)
/* struct rseq_cs is 32-byte aligned in the uapi. */
#define RB_DESCRIPTOR_AT_3(fields) ".balign 32\n\t3:\n\t" fields
#define RB_DESCRIPTOR_TABLE_OF(fields)                                  \
	RB_A_DATA_SECTION RB_DESCRIPTOR_AT_3(fields) RB_A_POP_SECTION

/*
 * The parts every shape shares, then each shape's HEAD, ARM and TAIL
 * (fields: the name of one of the FIELDS macros above); the mutants
 * break the shared parts.
 */
#define RB_DESCRIPTOR_CLEAR RB_A_STORE_ZERO(RB_DESCRIPTOR_CS)
#define RB_DESCRIPTOR_ABORT_LABEL RB_ABORT_LABEL
#define RB_DESCRIPTOR_ARM_PAD ""

#define RB_DESC_HEAD_OUTLINE(fields) RB_DESCRIPTOR_TABLE_OF(fields("f"))
#define RB_DESC_HEAD_STUBS(fields) RB_DESCRIPTOR_TABLE_OF(fields("f"))
#define RB_DESC_HEAD_INLINE(fields) ""
#define RB_DESC_HEAD_MAINLINE(fields) RB_DESCRIPTOR_TABLE_OF(fields("f"))
#define RB_DESC_ARM_OUTLINE RB_A_STORE_LABEL(RB_DESCRIPTOR_CS, "3b", RB_T0)
#define RB_DESC_ARM_STUBS RB_DESC_ARM_OUTLINE
#define RB_DESC_ARM_MAINLINE                                            \
	RB_A_MAINLINE_ADDR(RB_T0, "3b") RB_A_STORE(RB_T0, RB_DESCRIPTOR_CS)
#define RB_DESC_ARM_INLINE                                              \
	RB_A_PCREL_ADDR(RB_T0, "3f") RB_A_STORE(RB_T0, RB_DESCRIPTOR_CS)
#define RB_DESC_TAIL_OUTLINE(fields, clear, fail)                       \
	RB_STUBS(RB_DESCRIPTOR_ABORT_LABEL, clear, fail)
#define RB_DESC_TAIL_STUBS(fields, clear, fail)                         \
	RB_STUBS_INLINE("", RB_DESCRIPTOR_ABORT_LABEL, clear, fail)
#define RB_DESC_TAIL_MAINLINE(fields, clear, fail)                      \
	RB_DESC_TAIL_OUTLINE(fields, clear, fail)
#define RB_DESC_TAIL_INLINE(fields, clear, fail)                        \
	RB_STUBS_INLINE(RB_DESCRIPTOR_AT_3(fields("b")),                     \
			RB_DESCRIPTOR_ABORT_LABEL, clear, fail)

#define RB_DESCRIPTOR_HEAD(shape, fields) RB_SHAPE_CAT(RB_DESC_HEAD_, shape)(fields)
#define RB_DESCRIPTOR_ARM(shape)                                        \
	RB_SHAPE_CAT(RB_DESC_ARM_, shape) RB_DESCRIPTOR_ARM_PAD
#define RB_DESCRIPTOR_TAIL(shape, fields, clear, fail)                  \
	RB_SHAPE_CAT(RB_DESC_TAIL_, shape)(fields, clear, fail)

#define RB_P_descriptor_HEAD                                            \
	RB_DESCRIPTOR_HEAD(RB_A_SHAPE_descriptor, RB_DESCRIPTOR_LAZY_FIELDS)
#define RB_P_descriptor_ARM RB_DESCRIPTOR_ARM(RB_A_SHAPE_descriptor)
#define RB_P_descriptor_CHECK RB_CHECK_CPU
#define RB_P_descriptor_DISARM ""
#define RB_P_descriptor_TAIL                                            \
	RB_DESCRIPTOR_TAIL(RB_A_SHAPE_descriptor, RB_DESCRIPTOR_LAZY_FIELDS, \
			   "", "")
#define RB_P_descriptor_FAIL "%l[rb_cmpfail]"
#define RB_P_descriptor_REC_ABORT "4b"
#define RB_P_descriptor_REC_FAIL "0"
#define RB_P_descriptor_REC_CS "3b"
#define RB_P_descriptor_INPUTS RB_IN_RSEQ RB_IN_CPU
#define RB_P_descriptor_CLOBBERS

#define RB_P_descriptor_eager_HEAD                                      \
	RB_DESCRIPTOR_HEAD(RB_A_SHAPE_descriptor, RB_DESCRIPTOR_FIELDS)
#define RB_P_descriptor_eager_ARM RB_DESCRIPTOR_ARM(RB_A_SHAPE_descriptor)
#define RB_P_descriptor_eager_CHECK RB_CHECK_CPU
#define RB_P_descriptor_eager_DISARM RB_DESCRIPTOR_CLEAR
#define RB_P_descriptor_eager_TAIL                                      \
	RB_DESCRIPTOR_TAIL(RB_A_SHAPE_descriptor, RB_DESCRIPTOR_FIELDS,  \
			   RB_DESCRIPTOR_CLEAR,                         \
			   RB_FAIL_STUB(RB_DESCRIPTOR_CLEAR))
#define RB_P_descriptor_eager_FAIL "5f"
#define RB_P_descriptor_eager_REC_ABORT "4b"
#define RB_P_descriptor_eager_REC_FAIL "5b"
#define RB_P_descriptor_eager_REC_CS "3b"
#define RB_P_descriptor_eager_INPUTS RB_IN_RSEQ RB_IN_CPU
#define RB_P_descriptor_eager_CLOBBERS

#define RB_P_descriptor_outline_HEAD                                    \
	RB_DESCRIPTOR_HEAD(OUTLINE, RB_DESCRIPTOR_LAZY_FIELDS)
#define RB_P_descriptor_outline_ARM RB_DESCRIPTOR_ARM(OUTLINE)
#define RB_P_descriptor_outline_CHECK RB_CHECK_CPU
#define RB_P_descriptor_outline_DISARM ""
#define RB_P_descriptor_outline_TAIL                                    \
	RB_DESCRIPTOR_TAIL(OUTLINE, RB_DESCRIPTOR_LAZY_FIELDS, "", "")
#define RB_P_descriptor_outline_FAIL "%l[rb_cmpfail]"
#define RB_P_descriptor_outline_REC_ABORT "4b"
#define RB_P_descriptor_outline_REC_FAIL "0"
#define RB_P_descriptor_outline_REC_CS "3b"
#define RB_P_descriptor_outline_INPUTS RB_IN_RSEQ RB_IN_CPU
#define RB_P_descriptor_outline_CLOBBERS

/* The same row under the name of its address form, where that differs. */
#define RB_P_descriptor_toc_HEAD RB_P_descriptor_outline_HEAD
#define RB_P_descriptor_toc_ARM RB_P_descriptor_outline_ARM
#define RB_P_descriptor_toc_CHECK RB_P_descriptor_outline_CHECK
#define RB_P_descriptor_toc_DISARM RB_P_descriptor_outline_DISARM
#define RB_P_descriptor_toc_TAIL RB_P_descriptor_outline_TAIL
#define RB_P_descriptor_toc_FAIL RB_P_descriptor_outline_FAIL
#define RB_P_descriptor_toc_REC_ABORT RB_P_descriptor_outline_REC_ABORT
#define RB_P_descriptor_toc_REC_FAIL RB_P_descriptor_outline_REC_FAIL
#define RB_P_descriptor_toc_REC_CS RB_P_descriptor_outline_REC_CS
#define RB_P_descriptor_toc_INPUTS RB_P_descriptor_outline_INPUTS
#define RB_P_descriptor_toc_CLOBBERS RB_P_descriptor_outline_CLOBBERS

#define RB_P_descriptor_lla_HEAD RB_P_descriptor_outline_HEAD
#define RB_P_descriptor_lla_ARM RB_P_descriptor_outline_ARM
#define RB_P_descriptor_lla_CHECK RB_P_descriptor_outline_CHECK
#define RB_P_descriptor_lla_DISARM RB_P_descriptor_outline_DISARM
#define RB_P_descriptor_lla_TAIL RB_P_descriptor_outline_TAIL
#define RB_P_descriptor_lla_FAIL RB_P_descriptor_outline_FAIL
#define RB_P_descriptor_lla_REC_ABORT RB_P_descriptor_outline_REC_ABORT
#define RB_P_descriptor_lla_REC_FAIL RB_P_descriptor_outline_REC_FAIL
#define RB_P_descriptor_lla_REC_CS RB_P_descriptor_outline_REC_CS
#define RB_P_descriptor_lla_INPUTS RB_P_descriptor_outline_INPUTS
#define RB_P_descriptor_lla_CLOBBERS RB_P_descriptor_outline_CLOBBERS
