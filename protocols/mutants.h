/* SPDX-License-Identifier: MIT */
/*
 * Deliberately broken sequences, one per number, for checking that the
 * preemption-point verifier (tests/verify.c) catches each class of bug.
 * Each is a mistake a real rseq author could make.  Built with
 * -DRB_MUTANT=RB_MUTANT_<NAME> applied to every object a mutant binary
 * links (sequences, kernel model, emulation), so that a constant the
 * code and the model share cannot hide a bug.
 *
 * The real protocol and architecture headers show only correct code:
 * protocols.h includes this file after them, and a mutant redefines
 * the one macro it breaks.
 *
 * The Makefile and tests/mutants.sh take the list of mutants from the
 * defines below (name lower-cased, '_' -> '-'): add one line here and
 * its override, and it is built and run on every architecture.  The
 * comment on a define's own line names the protocol families the
 * mutant breaks (registry.h's kproto, or "all"): where an architecture
 * builds sensitivity rows of those families, the mutant must be killed
 * among them alone too.
 */
#ifndef RB_MUTANTS_H
#define RB_MUTANTS_H

#ifndef RB_MUTANT
#define RB_MUTANT 0
#endif

/* cpu check after the commit */
#define RB_MUTANT_COMMIT_BEFORE_CHECK 1 /* all */
/* no clear after commit */
#define RB_MUTANT_REGABORT_NO_CLEAR 2 /* regabort */
/* no clear after commit */
#define RB_MUTANT_TWOSTORE_NO_CLEAR 3 /* twostore */
/* label 2 before the commit store */
#define RB_MUTANT_EARLY_POST_COMMIT 4 /* all */
/* post_commit_ip before abort_ip */
#define RB_MUTANT_TWOSTORE_SWAPPED 5 /* twostore */
/* abort handler without signature */
#define RB_MUTANT_NOSIG_REGABORT 6 /* regabort */
/* abort handler without signature */
#define RB_MUTANT_NOSIG_TWOSTORE 7 /* twostore */
/* abort handler without signature */
#define RB_MUTANT_NOSIG_DESCRIPTOR 8 /* descriptor */
/* start_ip after the cpu check */
#define RB_MUTANT_DESC_LATE_START 9 /* descriptor */
/* register loaded after arming */
#define RB_MUTANT_REGABORT_LATE_REG 10 /* regabort */
/* start_ip between compare, branch */
#define RB_MUTANT_START_AFTER_CMP 11 /* all */
/* a nop between arm and start_ip */
#define RB_MUTANT_PAD_BEFORE_START 12 /* descriptor */
/* post_commit_offset one too long */
#define RB_MUTANT_POST_COMMIT_LONG 13 /* descriptor */
/* the arch's signature constant */
#define RB_MUTANT_SIG_CHANGED 14 /* all */
/* cpu check against cpu_id_start */
#define RB_MUTANT_CHECK_CPU_ID_START 15 /* all */
/* abort stub leaves post_commit_ip */
#define RB_MUTANT_ABORT_NO_CLEAR 16 /* regabort,twostore */
/* start_ip and abort_ip swapped */
#define RB_MUTANT_DESC_FIELDS_SWAPPED 17 /* descriptor */
/* cpu check before arming */
#define RB_MUTANT_ARM_AFTER_CHECK 18 /* all */
/* register gets label 2, not 4 */
#define RB_MUTANT_REGABORT_WRONG_LABEL 19 /* regabort */
/* clear before the commit store */
#define RB_MUTANT_DISARM_BEFORE_COMMIT 20 /* regabort,twostore */
/* abort_ip "stored once" */
#define RB_MUTANT_TWOSTORE_NO_ABORT_STORE 21 /* twostore */
/* pointer loaded before start_ip */
#define RB_MUTANT_DEREF_LOAD_EARLY 22 /* all */
/* guard compared before start_ip */
#define RB_MUTANT_GUARD_CMP_EARLY 23 /* all */

#if RB_MUTANT == RB_MUTANT_COMMIT_BEFORE_CHECK
#undef RB_SEQ_BEGIN
#undef RB_SEQ_POST_COMMIT
#define RB_SEQ_BEGIN(P) RB_P(P, HEAD) "9:\n\t" RB_P(P, ARM) "1:\n\t"
#define RB_SEQ_POST_COMMIT(P) RB_P(P, CHECK) "2:\n\t"

#elif RB_MUTANT == RB_MUTANT_REGABORT_NO_CLEAR
#undef RB_REGABORT_DISARM
#define RB_REGABORT_DISARM ""

#elif RB_MUTANT == RB_MUTANT_TWOSTORE_NO_CLEAR
#undef RB_TWOSTORE_DISARM
#define RB_TWOSTORE_DISARM ""

#elif RB_MUTANT == RB_MUTANT_EARLY_POST_COMMIT
#undef RB_SEQ_COMMIT
#undef RB_SEQ_POST_COMMIT
#define RB_SEQ_COMMIT(P, store) "2:\n\t" store
#define RB_SEQ_POST_COMMIT(P) ""

#elif RB_MUTANT == RB_MUTANT_TWOSTORE_SWAPPED
#undef RB_TWOSTORE_ARM
#define RB_TWOSTORE_ARM(shape)                                          \
	RB_TWOSTORE_STORE_PC RB_TWOSTORE_STORE_ABORT(shape)

#elif RB_MUTANT == RB_MUTANT_NOSIG_REGABORT
#undef RB_REGABORT_ABORT_LABEL
#define RB_REGABORT_ABORT_LABEL "4:\n\t"

#elif RB_MUTANT == RB_MUTANT_NOSIG_TWOSTORE
#undef RB_TWOSTORE_ABORT_LABEL
#define RB_TWOSTORE_ABORT_LABEL "4:\n\t"

#elif RB_MUTANT == RB_MUTANT_NOSIG_DESCRIPTOR
#undef RB_DESCRIPTOR_ABORT_LABEL
#define RB_DESCRIPTOR_ABORT_LABEL "4:\n\t"

#elif RB_MUTANT == RB_MUTANT_DESC_LATE_START
#undef RB_SEQ_BEGIN
#define RB_SEQ_BEGIN(P)                                                 \
	RB_P(P, HEAD) "9:\n\t" RB_P(P, ARM) RB_P(P, CHECK) "1:\n\t"

#elif RB_MUTANT == RB_MUTANT_REGABORT_LATE_REG
#undef RB_REGABORT_ARM
#define RB_REGABORT_ARM(shape)                                          \
	RB_A_STORE_LABEL(RB_REGABORT_PC, "2f", RB_T0)                   \
	RB_SHAPE(shape, ADDR)(RB_REGABORT_REG, "4f")

#elif RB_MUTANT == RB_MUTANT_START_AFTER_CMP
/* Label 1 after the load and compare, before the branch on them. */
#undef RB_SEQ_BEGIN
#define RB_SEQ_BEGIN(P)                                                 \
	RB_P(P, HEAD) "9:\n\t" RB_P(P, ARM) RB_P(P, MUT_CMP) "1:\n\t"   \
	RB_P(P, MUT_BR)
#define RB_MUT_CMP RB_A_CMP32_HEAD(RB_A_R32("cpu"),                     \
				   RB_A_MEM("%[rseq]", RB_RSEQ_CPU_ID))
#define RB_MUT_BR RB_A_CMP32_BR(RB_A_R32("cpu"), "4f")
#define RB_P_plain_MUT_CMP ""
#define RB_P_plain_MUT_BR ""
#define RB_P_regabort_MUT_CMP RB_MUT_CMP
#define RB_P_regabort_MUT_BR RB_MUT_BR
#define RB_P_twostore_MUT_CMP RB_MUT_CMP
#define RB_P_twostore_MUT_BR RB_MUT_BR
#define RB_P_descriptor_MUT_CMP RB_MUT_CMP
#define RB_P_descriptor_MUT_BR RB_MUT_BR
#define RB_P_descriptor_eager_MUT_CMP RB_MUT_CMP
#define RB_P_descriptor_eager_MUT_BR RB_MUT_BR
#define RB_P_regabort_outline_MUT_CMP RB_MUT_CMP
#define RB_P_regabort_outline_MUT_BR RB_MUT_BR
#define RB_P_twostore_outline_MUT_CMP RB_MUT_CMP
#define RB_P_twostore_outline_MUT_BR RB_MUT_BR
#define RB_P_descriptor_outline_MUT_CMP RB_MUT_CMP
#define RB_P_descriptor_outline_MUT_BR RB_MUT_BR
#define RB_P_regabort_inline_MUT_CMP RB_MUT_CMP
#define RB_P_regabort_inline_MUT_BR RB_MUT_BR
#define RB_P_twostore_inline_MUT_CMP RB_MUT_CMP
#define RB_P_twostore_inline_MUT_BR RB_MUT_BR
#define RB_P_descriptor_toc_MUT_CMP RB_MUT_CMP
#define RB_P_descriptor_toc_MUT_BR RB_MUT_BR
#define RB_P_descriptor_lla_MUT_CMP RB_MUT_CMP
#define RB_P_descriptor_lla_MUT_BR RB_MUT_BR

#elif RB_MUTANT == RB_MUTANT_PAD_BEFORE_START
#undef RB_DESCRIPTOR_ARM_PAD
#define RB_DESCRIPTOR_ARM_PAD "nop\n\t"

#elif RB_MUTANT == RB_MUTANT_POST_COMMIT_LONG
/* The lazy descriptors only: their post-commit label is their end. */
#undef RB_DESCRIPTOR_LAZY_FIELDS
#define RB_DESCRIPTOR_LAZY_FIELDS(dir)                                  \
	".long 0, 0\n\t" RB_A_U64("1" dir)                               \
	RB_A_U64("(2" dir " - 1" dir " + 1)") RB_A_U64("4f")

#elif RB_MUTANT == RB_MUTANT_SIG_CHANGED
/*
 * Both the code's signature and the value the sequences are checked
 * with come from RB_SIG: only a value from outside (the C library's
 * RSEQ_SIG, which is what gets registered) can tell.  The build-time
 * check in protocols.h would stop this mutant from compiling; it is
 * skipped here so that the run-time check is shown to catch it too
 * (tests/build.sh shows the build-time one).
 */
#undef RB_SIG
#define RB_SIG 0x53053035
#define RB_NO_SYS_SIG_CHECK 1

#elif RB_MUTANT == RB_MUTANT_CHECK_CPU_ID_START
#undef RB_CHECK_CPU
#define RB_CHECK_CPU                                                    \
	RB_A_CMP32_BNE(RB_A_R32("cpu"),                                 \
		       RB_A_MEM("%[rseq]", RB_RSEQ_CPU_ID_START), "4f")

#elif RB_MUTANT == RB_MUTANT_ABORT_NO_CLEAR
#undef RB_REGABORT_ABORT_CLEAR
#undef RB_TWOSTORE_ABORT_CLEAR
#define RB_REGABORT_ABORT_CLEAR ""
#define RB_TWOSTORE_ABORT_CLEAR ""

#elif RB_MUTANT == RB_MUTANT_DESC_FIELDS_SWAPPED
#undef RB_DESCRIPTOR_FIELDS
#define RB_DESCRIPTOR_FIELDS(dir)                                       \
	".long 0, 0\n\t"                                                \
	RB_A_U64("4f") RB_A_U64("(2" dir " - 1" dir ")") RB_A_U64("1" dir)

#elif RB_MUTANT == RB_MUTANT_ARM_AFTER_CHECK
#undef RB_SEQ_BEGIN
#define RB_SEQ_BEGIN(P)                                                 \
	RB_P(P, HEAD) "9:\n\t" RB_P(P, CHECK) RB_P(P, ARM) "1:\n\t"

#elif RB_MUTANT == RB_MUTANT_REGABORT_WRONG_LABEL
#undef RB_REGABORT_ARM
#define RB_REGABORT_ARM(shape)                                          \
	RB_A_LABEL_ADDR(RB_REGABORT_REG, "2f")                          \
	RB_A_STORE_LABEL(RB_REGABORT_PC, "2f", RB_T0)

#elif RB_MUTANT == RB_MUTANT_DISARM_BEFORE_COMMIT
#undef RB_SEQ_COMMIT
#define RB_SEQ_COMMIT(P, store) RB_P(P, DISARM) store

#elif RB_MUTANT == RB_MUTANT_TWOSTORE_NO_ABORT_STORE
#undef RB_TWOSTORE_ARM
#define RB_TWOSTORE_ARM(shape) RB_TWOSTORE_STORE_PC

#elif RB_MUTANT == RB_MUTANT_DEREF_LOAD_EARLY
/* offset_deref_addv: a swap after this load is not seen. */
#undef RB_DEREF_BEGIN
#define RB_DEREF_BEGIN(P)                                               \
	RB_P(P, HEAD) "9:\n\t" RB_A_LOAD(RB_T1, RB_A_MEM("%[ptr]", 0))  \
	RB_P(P, ARM) "1:\n\t" RB_P(P, CHECK)

#elif RB_MUTANT == RB_MUTANT_GUARD_CMP_EARLY
/* cmpeqv_cmpeqv_storev: a guard change after this compare is not seen. */
#undef RB_GUARD_BEGIN
#define RB_GUARD_BEGIN(P, guard_cmp)                                    \
	RB_P(P, HEAD) "9:\n\t" guard_cmp RB_P(P, ARM) "1:\n\t"         \
	RB_P(P, CHECK)

#endif

#endif
