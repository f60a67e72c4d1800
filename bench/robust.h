/* SPDX-License-Identifier: MIT */
/*
 * Verdicts that survive the placement: a value (a cell's cost or the
 * paired difference of two rows) summarised per placement and per
 * process, and the rule that says when a difference is the rows'
 * rather than the placement's.
 */
#ifndef RB_ROBUST_H
#define RB_ROBUST_H

#include <stdbool.h>
#include <stddef.h>

/* A sign that holds in fewer placements than this is placement. */
#define RB_ROBUST_SHARE 0.9

struct rb_verdict {
	double value;		/* median of the per-process medians */
	double lo, hi;		/* range of the per-placement medians */
	double ci_low, ci_high;	/* 95% CI of the median of all samples */
	unsigned placements;	/* placements with samples */
	unsigned agree;		/* of them, with the sign of value */
	unsigned processes;
	bool agree_proc;	/* every process median has value's sign */
	bool robust;		/* sign in >= 90% of the placements and in
				 * every process, CI excludes 0 */
};

/*
 * x[i] is sample i (a cost, or a round's paired difference), taken at
 * placement place[i] (0 .. nplace - 1) in process proc[i]
 * (0 .. nproc - 1).  NaN samples are skipped.
 */
void rb_verdict(const double *x, const unsigned *place,
		const unsigned *proc, size_t n, unsigned nplace,
		unsigned nproc, struct rb_verdict *v);

/*
 * Known-cost check: every measured[i] within tol of expected[i].
 * NaN never passes.
 */
bool rb_known_cost_ok(const double *measured, const double *expected,
		      size_t n, double tol);

#endif
