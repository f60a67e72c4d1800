// SPDX-License-Identifier: MIT
#include <math.h>
#include <stdlib.h>

#include "stats.h"

static int rb_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

void rb_sort(double *x, size_t n)
{
	qsort(x, n, sizeof(*x), rb_cmp_double);
}

double rb_median_sorted(const double *x, size_t n)
{
	if (!n)
		return NAN;
	if (n & 1)
		return x[n / 2];
	return (x[n / 2 - 1] + x[n / 2]) / 2;
}

/* log of C(n, k) / 2^n, through lgamma so large n does not overflow. */
static double rb_log_binom_half(size_t n, size_t k)
{
	return lgamma((double)n + 1) - lgamma((double)k + 1) -
	       lgamma((double)(n - k) + 1) - (double)n * log(2.0);
}

bool rb_median_ci_ranks(size_t n, double level, size_t *lo, size_t *hi)
{
	double alpha = (1 - level) / 2, cdf = 0;
	size_t k;

	/*
	 * P(B <= k - 1) for B ~ Bin(n, 1/2) is the chance that x_(k) lies
	 * above the median.  The largest k with that chance <= alpha gives
	 * the lower rank; symmetry gives the upper one.
	 */
	for (k = 0; k < n; k++) {
		double p = exp(rb_log_binom_half(n, k));

		if (cdf + p > alpha)
			break;
		cdf += p;
	}
	/* k values 0..k-1 fit, so x_(k) is the lowest usable rank. */
	if (k == 0)
		return false;
	*lo = k;
	*hi = n + 1 - k;
	return true;
}

void rb_summarize(double *x, size_t n, double level, struct rb_summary *s)
{
	size_t lo, hi;

	s->n = n;
	if (!n) {
		s->min = s->median = s->ci_low = s->ci_high = s->max = NAN;
		return;
	}
	rb_sort(x, n);
	s->min = x[0];
	s->max = x[n - 1];
	s->median = rb_median_sorted(x, n);
	if (rb_median_ci_ranks(n, level, &lo, &hi)) {
		s->ci_low = x[lo - 1];
		s->ci_high = x[hi - 1];
	} else {
		s->ci_low = s->ci_high = NAN;
	}
}

struct rb_ranked {
	double v;
	int from_a;
};

static int rb_cmp_ranked(const void *x, const void *y)
{
	double a = ((const struct rb_ranked *)x)->v;
	double b = ((const struct rb_ranked *)y)->v;

	return (a > b) - (a < b);
}

double rb_mann_whitney_p(const double *a, size_t na, const double *b,
			 size_t nb)
{
	size_t n = na + nb, i, j;
	struct rb_ranked *r = malloc(n * sizeof(*r));
	double r1 = 0, ties = 0, u, mu, var, z;

	if (!r || !na || !nb) {
		free(r);
		return NAN;
	}
	for (i = 0; i < na; i++)
		r[i] = (struct rb_ranked){ a[i], 1 };
	for (i = 0; i < nb; i++)
		r[na + i] = (struct rb_ranked){ b[i], 0 };
	qsort(r, n, sizeof(*r), rb_cmp_ranked);
	/* Average ranks over runs of equal values (1-based ranks). */
	for (i = 0; i < n; i = j) {
		double t, rank;

		for (j = i + 1; j < n && r[j].v == r[i].v; j++)
			;
		t = (double)(j - i);
		rank = ((double)i + 1 + (double)j) / 2;
		ties += t * t * t - t;
		for (size_t k = i; k < j; k++)
			if (r[k].from_a)
				r1 += rank;
	}
	free(r);
	u = r1 - (double)na * ((double)na + 1) / 2;
	mu = (double)na * (double)nb / 2;
	var = (double)na * (double)nb / 12 *
	      (((double)n + 1) - ties / ((double)n * ((double)n - 1)));
	if (var <= 0)
		return 1.0;
	z = (fabs(u - mu) - 0.5) / sqrt(var);
	if (z < 0)
		z = 0;
	return erfc(z / sqrt(2.0));
}
