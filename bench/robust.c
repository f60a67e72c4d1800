// SPDX-License-Identifier: MIT
#include <math.h>
#include <stdlib.h>

#include "robust.h"
#include "stats.h"

/* Median of the x[i] with key[i] == k (NaN when there are none). */
static double rb_median_of(const double *x, const unsigned *key, size_t n,
			   unsigned k, double *tmp)
{
	size_t i, m = 0;

	for (i = 0; i < n; i++)
		if (key[i] == k && !isnan(x[i]))
			tmp[m++] = x[i];
	rb_sort(tmp, m);
	return rb_median_sorted(tmp, m);
}

void rb_verdict(const double *x, const unsigned *place,
		const unsigned *proc, size_t n, unsigned nplace,
		unsigned nproc, struct rb_verdict *v)
{
	double *tmp = malloc((n + nplace + nproc + 1) * sizeof(double));
	double *pm = tmp + n, *pp = pm + nplace;
	struct rb_summary all;
	unsigned k, np = 0, nq = 0, pos = 0, neg = 0;
	size_t i, m = 0;

	v->value = v->lo = v->hi = v->ci_low = v->ci_high = NAN;
	v->placements = v->agree = v->processes = 0;
	v->robust = false;
	v->agree_proc = true;
	if (!tmp)
		return;
	for (k = 0; k < nproc; k++) {
		double med = rb_median_of(x, proc, n, k, tmp);

		if (!isnan(med))
			pp[nq++] = med;
	}
	rb_sort(pp, nq);
	v->value = rb_median_sorted(pp, nq);
	v->processes = nq;
	for (k = 0; k < nplace; k++) {
		double med = rb_median_of(x, place, n, k, tmp);

		if (isnan(med))
			continue;
		pm[np++] = med;
		pos += med > 0;
		neg += med < 0;
	}
	v->placements = np;
	if (np) {
		rb_sort(pm, np);
		v->lo = pm[0];
		v->hi = pm[np - 1];
	}
	/*
	 * Processes (address-space layouts) can differ more than the
	 * placements within them, and the headline value is the median of
	 * the per-process medians: the range covers those too, so that it
	 * always brackets the value it is printed beside.
	 */
	if (nq) {
		if (!np || pp[0] < v->lo)
			v->lo = pp[0];
		if (!np || pp[nq - 1] > v->hi)
			v->hi = pp[nq - 1];
	}
	for (i = 0; i < n; i++)
		if (!isnan(x[i]))
			tmp[m++] = x[i];
	rb_summarize(tmp, m, 0.95, &all);
	v->ci_low = all.ci_low;
	v->ci_high = all.ci_high;
	v->agree = v->value > 0 ? pos : v->value < 0 ? neg : 0;
	/*
	 * Every process must see the sign too: a difference of a few
	 * hundredths of a cycle held in every placement of one run and
	 * reversed in the next (offset_deref_addv, regabort vs
	 * descriptor, latency: +0.08 and -0.04 in ten runs).  The
	 * processes are where address-space layout varies; a sign one of
	 * them reverses is the layout's.
	 */
	for (k = 0; k < nq; k++)
		if ((v->value > 0) != (pp[k] > 0) ||
		    (v->value < 0) != (pp[k] < 0))
			v->agree_proc = false;
	v->robust = np && v->agree >= RB_ROBUST_SHARE * np &&
		    v->agree_proc &&
		    ((v->value > 0 && all.ci_low > 0) ||
		     (v->value < 0 && all.ci_high < 0));
	free(tmp);
}

bool rb_known_cost_ok(const double *measured, const double *expected,
		      size_t n, double tol)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!(fabs(measured[i] - expected[i]) <= tol))
			return false;
	return true;
}
