// SPDX-License-Identifier: MIT
/* Statistics against cases computed by hand (see comments). */
#include <math.h>
#include <string.h>

#include "stats.h"
#include "tap.h"

static int near(double a, double b)
{
	return fabs(a - b) < 1e-12;
}

int main(void)
{
	double odd[] = { 5, 1, 4, 2, 3 };
	double even[] = { 4, 1, 3, 2 };
	double x[20];
	struct rb_summary s;
	size_t lo = 0, hi = 0, i;
	bool ok;

	rb_sort(odd, 5);
	CHECK(near(rb_median_sorted(odd, 5), 3), "median of 1..5 is 3");
	rb_sort(even, 4);
	CHECK(near(rb_median_sorted(even, 4), 2.5), "median of 1..4 is 2.5");
	CHECK(isnan(rb_median_sorted(even, 0)), "median of nothing is NaN");

	/* Bin(10,1/2): P(B<=1) = 11/1024 = .0107, P(B<=2) = 56/1024 = .0547. */
	ok = rb_median_ci_ranks(10, 0.95, &lo, &hi);
	CHECK(ok && lo == 2 && hi == 9,
	      "n=10: 95%% CI of the median is [x(2), x(9)] (got %zu, %zu)",
	      lo, hi);
	/* Bin(20,1/2): P(B<=5) = .0207, P(B<=6) = .0577. */
	ok = rb_median_ci_ranks(20, 0.95, &lo, &hi);
	CHECK(ok && lo == 6 && hi == 15,
	      "n=20: 95%% CI is [x(6), x(15)] (got %zu, %zu)", lo, hi);
	/* Bin(6,1/2): P(B<=0) = 1/64 = .0156 <= .025; P(B<=1) = .109. */
	CHECK(rb_median_ci_ranks(6, 0.95, &lo, &hi) && lo == 1 && hi == 6,
	      "n=6: 95%% CI is [x(1), x(6)]");
	/* n=5: P(B<=0) = 1/32 = .031 > .025: no interval exists. */
	CHECK(!rb_median_ci_ranks(5, 0.95, &lo, &hi), "n=5: no 95%% CI");
	/* Bin(100,1/2): P(B<=39) = .0176, P(B<=40) = .0284 -> [x40, x61]. */
	ok = rb_median_ci_ranks(100, 0.95, &lo, &hi);
	CHECK(ok && lo == 40 && hi == 61,
	      "n=100: 95%% CI is [x(40), x(61)] (got %zu, %zu)", lo, hi);
	/* Large n must not overflow: normal approx gives lo ~ n/2-0.98sqrt(n). */
	ok = rb_median_ci_ranks(100000, 0.95, &lo, &hi);
	CHECK(ok && lo > 49680 &&
	      lo < 49700 && hi == 100001 - lo,
	      "n=100000: ranks near the normal approximation (lo %zu)", lo);

	for (i = 0; i < 20; i++)
		x[i] = (double)(20 - i);	/* 20, 19, ..., 1 */
	rb_summarize(x, 20, 0.95, &s);
	CHECK(s.n == 20 && near(s.min, 1) && near(s.max, 20) &&
	      near(s.median, 10.5) && near(s.ci_low, 6) && near(s.ci_high, 15),
	      "summary of 1..20: min 1, median 10.5, CI [6, 15]");
	rb_summarize(x, 3, 0.95, &s);
	CHECK(isnan(s.ci_low) && isnan(s.ci_high), "3 samples: CI is NaN");

	/*
	 * Mann-Whitney, by hand: {1,2,3} vs {4,5,6}: U = 0, mean 4.5,
	 * variance 3*3/12*7 = 5.25, z = (4.5 - 0.5)/2.2913 = 1.7457,
	 * p = erfc(1.7457/sqrt 2) = 0.08086.
	 */
	{
		double a[] = { 1, 2, 3 }, b[] = { 4, 5, 6 };
		double c[] = { 3, 1, 2 }, t[] = { 5, 5, 5, 5 };
		double p1 = rb_mann_whitney_p(a, 3, b, 3);
		double p2 = rb_mann_whitney_p(b, 3, a, 3);
		double p3 = rb_mann_whitney_p(a, 3, c, 3);
		double p4 = rb_mann_whitney_p(t, 4, t, 4);

		CHECK(fabs(p1 - 0.08086) < 1e-4, "Mann-Whitney {1,2,3} vs "
		      "{4,5,6}: p = 0.0809 (got %.5f)", p1);
		CHECK(fabs(p1 - p2) < 1e-12, "Mann-Whitney is symmetric");
		CHECK(p3 > 0.99, "Mann-Whitney of a permutation: p = 1 "
		      "(got %.3f)", p3);
		CHECK(p4 == 1.0, "Mann-Whitney, all tied: p = 1");
	}
	/*
	 * With ties: {1,1,2} vs {2,3,3}: ranks 1.5,1.5,3.5 | 3.5,5.5,5.5;
	 * R1 = 6.5, U = 0.5, ties: three pairs, sum(t^3 - t) = 18,
	 * var = 9/12 * (7 - 18/30) = 4.8, z = (4 - 0.5)/2.19089 = 1.59752,
	 * p = 0.11015.
	 */
	{
		double a[] = { 1, 1, 2 }, b[] = { 2, 3, 3 };
		double p = rb_mann_whitney_p(a, 3, b, 3);

		CHECK(fabs(p - 0.11015) < 1e-4, "Mann-Whitney with ties: "
		      "p = 0.1101 (got %.5f)", p);
	}
	return tap_exit();
}
