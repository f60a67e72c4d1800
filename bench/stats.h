/* SPDX-License-Identifier: MIT */
/* Order statistics: median and its distribution-free confidence interval. */
#ifndef RB_STATS_H
#define RB_STATS_H

#include <stdbool.h>
#include <stddef.h>

struct rb_summary {
	size_t n;
	double min;
	double median;
	double ci_low;		/* NAN when n is too small for the level */
	double ci_high;
	double max;
};

void rb_sort(double *x, size_t n);

/* Median of sorted x (mean of the middle two when n is even). */
double rb_median_sorted(const double *x, size_t n);

/*
 * 1-based ranks (lo, hi) such that [x_(lo), x_(hi)] covers the median
 * with probability >= level, from the Binomial(n, 1/2) distribution of
 * the number of samples below the median; hi = n + 1 - lo.  Returns
 * false when no such interval exists (n < 6 at 95%).
 */
bool rb_median_ci_ranks(size_t n, double level, size_t *lo, size_t *hi);

/* Summary of x (sorted in place). */
void rb_summarize(double *x, size_t n, double level, struct rb_summary *s);

/*
 * Two-sided p-value of the Mann-Whitney U test of a against b: normal
 * approximation with tie and continuity corrections (n >= 6 a side
 * here).  1 when every value is tied.  a and b are not modified.
 */
double rb_mann_whitney_p(const double *a, size_t na, const double *b,
			 size_t nb);

#endif
