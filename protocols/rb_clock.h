/* SPDX-License-Identifier: MIT */
/*
 * Seconds on a clock, as a double: for the wall time of a run, a
 * test's time budget or a thread's cpu time, never for a measurement
 * (bench/timer.h has the timers that measure).  Here rather than in
 * bench/ because everything that keeps time includes protocols/: the
 * harness, the tests and the kernel test's guest, which is built with
 * protocols/ alone.
 */
#ifndef RB_CLOCK_H
#define RB_CLOCK_H

#include <time.h>

static inline double rb_clock_secs(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Monotonic seconds: differences of two are elapsed time. */
static inline double rb_now(void)
{
	return rb_clock_secs(CLOCK_MONOTONIC);
}

#endif
