// SPDX-License-Identifier: MIT
/*
 * The robustness rule and the known-cost check on synthetic samples:
 * a difference whose sign holds in every placement is robust, one that
 * flips with the placement is not, and a wrong expectation fails.
 */
#include <math.h>

#include "robust.h"
#include "tap.h"

#define NPLACE 32
#define NPROC 3
#define PER 6		/* samples per placement and process */
#define N (NPLACE * NPROC * PER)

static double x[N];
static unsigned place[N], proc[N];

/* Sample i: placement i % NPLACE, process i / (NPLACE * PER). */
static void fill(double (*f)(unsigned place, unsigned k))
{
	unsigned i;

	for (i = 0; i < N; i++) {
		place[i] = i % NPLACE;
		proc[i] = i / (NPLACE * PER);
		x[i] = f(place[i], i);
	}
}

/* Noise in [-0.05, 0.05], deterministic. */
static double noise(unsigned k)
{
	return ((k * 2654435761u) % 1001) / 10000.0 - 0.05;
}

static double steady(unsigned p, unsigned k)
{
	return 0.3 + noise(k);
}

/* The -1.62 of one build: cheaper in a few placements only. */
static double few_placements(unsigned p, unsigned k)
{
	return (p < 4 ? -1.7 : 0.05) + noise(k);
}

/* Sign holds in 28 of 32 placements: 87.5%, below the 90% rule. */
static double mostly(unsigned p, unsigned k)
{
	return (p < 4 ? -0.3 : 0.3) + noise(k) / 10;
}

/* 30 of 32: 93.75%. */
static double nearly_all(unsigned p, unsigned k)
{
	return (p < 2 ? -0.3 : 0.3) + noise(k) / 10;
}

static double nothing(unsigned p, unsigned k)
{
	return noise(k);
}

/* Three address-space layouts apart, as fresh processes can be. */
static double by_process(unsigned p, unsigned k)
{
	static const double level[NPROC] = { 3.06, 2.72, 1.92 };

	return level[k / (NPLACE * PER)] + noise(k);
}

/* Every placement positive, but one process of three reverses it. */
static double one_process_reverses(unsigned p, unsigned k)
{
	return (k / (NPLACE * PER) == 2 ? -0.04 : 0.08) + noise(k) / 10;
}

int main(void)
{
	struct rb_verdict v;
	double got[3] = { 1.02, 3.97, 16.05 };
	double want[3] = { 1, 4, 16 };
	double wrong[3] = { 1, 5, 16 };
	double nan3[3] = { 1, NAN, 16 };

	fill(steady);
	rb_verdict(x, place, proc, N, NPLACE, NPROC, &v);
	CHECK(v.robust && v.agree == NPLACE && fabs(v.value - 0.3) < 0.05,
	      "+0.3 in every placement is robust (%u of %u agree)", v.agree,
	      v.placements);
	CHECK(v.processes == NPROC, "value from %u per-process medians",
	      v.processes);

	fill(few_placements);
	rb_verdict(x, place, proc, N, NPLACE, NPROC, &v);
	CHECK(!v.robust && v.lo < -1.6 && v.hi > 0,
	      "-1.7 in 4 placements, +0.05 elsewhere: not robust, range "
	      "[%.2f, %.2f]", v.lo, v.hi);

	fill(mostly);
	rb_verdict(x, place, proc, N, NPLACE, NPROC, &v);
	CHECK(!v.robust && v.agree == 28,
	      "sign in 28 of 32 placements (87.5%%): not robust");

	fill(nearly_all);
	rb_verdict(x, place, proc, N, NPLACE, NPROC, &v);
	CHECK(v.robust && v.agree == 30,
	      "sign in 30 of 32 placements (93.75%%): robust");

	fill(nothing);
	rb_verdict(x, place, proc, N, NPLACE, NPROC, &v);
	CHECK(!v.robust, "noise around 0 is not robust");

	fill(one_process_reverses);
	rb_verdict(x, place, proc, N, NPLACE, NPROC, &v);
	CHECK(!v.robust && !v.agree_proc && v.agree == NPLACE,
	      "a sign all %u placements hold and one process reverses is not robust (agree %u, value %+.3f)",
	      NPLACE, v.agree, v.value);

	fill(by_process);
	rb_verdict(x, place, proc, N, NPLACE, NPROC, &v);
	CHECK(v.lo <= v.value && v.value <= v.hi && v.hi - v.lo > 1.0,
	      "processes at 3.06, 2.72, 1.92: range [%.2f, %.2f] brackets "
	      "%.2f and shows their spread", v.lo, v.hi, v.value);

	rb_verdict(x, place, proc, 0, NPLACE, NPROC, &v);
	CHECK(!v.robust && isnan(v.value), "no samples: no verdict");

	CHECK(rb_known_cost_ok(got, want, 3, 0.1),
	      "known cost: 1.02 3.97 16.05 against 1 4 16 +-0.1 passes");
	CHECK(!rb_known_cost_ok(got, wrong, 3, 0.1),
	      "known cost: a wrong expectation (5 for 4 adds) fails");
	CHECK(!rb_known_cost_ok(nan3, want, 3, 0.1),
	      "known cost: a missing measurement fails");
	return tap_exit();
}
