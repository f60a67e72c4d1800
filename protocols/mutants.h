/* SPDX-License-Identifier: MIT */
/*
 * Deliberately broken sequences, one per number, for checking that the
 * preemption-point verifier (tests/verify.c) catches each class of bug.
 * Build with -DRB_MUTANT=RB_MUTANT_<NAME>; without it every hook in
 * rb_asm.h and the protocol headers compiles to the real sequence.
 *
 * The Makefile and tests/mutants.sh take the list of mutants from the
 * defines below (name lower-cased, '_' -> '-'): add one line here and
 * the hook, and it is built and run.
 */
#ifndef RB_MUTANTS_H
#define RB_MUTANTS_H

#ifndef RB_MUTANT
#define RB_MUTANT 0
#endif

#define RB_MUTANT_COMMIT_BEFORE_CHECK 1	/* cpu check after the commit */
#define RB_MUTANT_REGABORT_NO_CLEAR 2	/* regabort: no clear after commit */
#define RB_MUTANT_TWOSTORE_NO_CLEAR 3	/* twostore: no clear after commit */
#define RB_MUTANT_EARLY_POST_COMMIT 4	/* label 2 before the commit store */
#define RB_MUTANT_TWOSTORE_SWAPPED 5	/* post_commit_ip before abort_ip */
#define RB_MUTANT_NOSIG_REGABORT 6	/* abort handler without signature */
#define RB_MUTANT_NOSIG_TWOSTORE 7
#define RB_MUTANT_NOSIG_DESCRIPTOR 8	/* descriptor and descriptor_eager */
#define RB_MUTANT_DESC_LATE_START 9	/* start_ip after the cpu check */
#define RB_MUTANT_REGABORT_LATE_REG 10	/* register loaded after arming */

#endif
