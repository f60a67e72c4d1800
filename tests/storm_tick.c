// SPDX-License-Identifier: MIT
/*
 * The timer interval: the cpu one signal costs, measured by a short
 * calibration storm, sets how often the timers may fire.
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>

#include "storm.h"
#include "tap.h"

/*
 * On the 2-cpu KVM guest one signal with the model costs ~10-20 us, so
 * 30 us is the densest storm worth asking for anywhere; hosts with
 * dearer signals get a longer interval from the calibration.
 */
#define MIN_TICK_US 30

/* The handlers may take 1/4 of each thread's cpu; the rest is its own. */
#define TICK_COST_SHARE 4

/*
 * Past this interval a cell of the default budget sees too few signals
 * for the runs that must fail to fail: rather a denser storm.
 */
#define MAX_TICK_US 5000

/*
 * The calibration storm's interval: dense enough that the signals'
 * share of the cpu stands well above the noise of a busy machine.
 */
#define CALIB_TICK_US 50

/*
 * The main loop's operations per second of its own cpu time: the
 * cpu clock leaves out what other jobs on a busy machine take.
 */
static double cpu_rate(const struct total *t)
{
	return t->cpu_secs > 0 ? (double)t->done / t->cpu_secs : 0;
}

/*
 * The cpu one signal takes from the main loop: a cell without signals,
 * one under a dense storm, and the first again (their mean is the
 * reference, so a machine slowing down or speeding up in between
 * shows less).  The share the storm took, over the signals per cpu
 * second, is the cost of one: timer interrupt, delivery, the model and
 * the handler's operation, sigreturn and the caches it cools.  The
 * descriptor trymemcpy cell has the dearest handler: its model reads
 * the descriptor from user memory and its operation copies a record.
 * Returns the cost in us, or a negative value if nothing was measured.
 */
static double signal_cost_us(const int *cpus, int nw, double phase,
			     double *share)
{
	const struct cell cl = {
		.p = &sp_descriptor,
		.kproto = RB_KPROTO_DESCRIPTOR,
		.op = RB_OP_cmpeqv_trymemcpy_storev,
	};
	struct total a, b, a2;
	double r0, r1, per_sec;

	a = run_cell(&cl, cpus, nw, LONG_MAX / 2, phase, 0, 0);
	b = run_cell(&cl, cpus, nw, LONG_MAX / 2, phase, CALIB_TICK_US, 0);
	a2 = run_cell(&cl, cpus, nw, LONG_MAX / 2, phase, 0, 0);
	r0 = (cpu_rate(&a) + cpu_rate(&a2)) / 2;
	r1 = cpu_rate(&b);
	per_sec = b.cpu_secs > 0 ? (double)b.signals / b.cpu_secs : 0;
	*share = r0 > 0 ? 1 - r1 / r0 : 0;
	NOTE("calibration: %.0f ops/cpu-s without signals (%.0f, %.0f), %.0f under SIGRTMIN every %d us (%.0f signals/cpu-s): the signals take %.1f%% of the cpu",
	     r0, cpu_rate(&a), cpu_rate(&a2), r1, CALIB_TICK_US, per_sec,
	     100 * *share);
	if (!(a.sane && b.sane && a2.sane && a.data_ok && b.data_ok &&
	      a2.data_ok))
		NOTE("calibration: a cell broke its invariant (%s); the cells below will say",
		     b.why);
	if (r0 <= 0 || per_sec <= 0 || *share <= 0)
		return -1;
	return *share / per_sec * 1e6;
}

/* The interval for the cells, and why, in one line. */
long pick_tick(const int *cpus, int nw, double phase)
{
	double share, cost = signal_cost_us(cpus, nw, phase, &share);
	long tick = MIN_TICK_US;

	if (cost < 0) {
		NOTE("interval %ld us: the floor (no measurable signal cost)",
		     tick);
		return tick;
	}
	if (cost * TICK_COST_SHARE > tick)
		tick = (long)ceil(cost * TICK_COST_SHARE);
	if (tick > MAX_TICK_US)
		tick = MAX_TICK_US;
	NOTE("interval %ld us: one signal costs %.1f us of cpu, so max(%d us, %d x %.1f us), at most %d us, leaves the handlers <= %d%% of each thread",
	     tick, cost, MIN_TICK_US, TICK_COST_SHARE, cost, MAX_TICK_US,
	     100 / TICK_COST_SHARE);
	return tick;
}
