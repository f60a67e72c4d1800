// SPDX-License-Identifier: MIT
/*
 * clock timer: clock_gettime(CLOCK_MONOTONIC_RAW) in nanoseconds, the
 * last resort that works everywhere.  RAW because NTP slewing of
 * CLOCK_MONOTONIC would change the length of a nanosecond mid-run.
 */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <time.h>

#include "timer.h"

static uint64_t rb_clock_read(struct rb_timer *t)
{
	struct timespec ts;

	(void)t;
	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

int rb_timer_clock_open(struct rb_timer *t, char *err, size_t errlen)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC_RAW, &ts)) {
		snprintf(err, errlen, "clock_gettime(CLOCK_MONOTONIC_RAW): %s",
			 strerror(errno));
		return -1;
	}
	t->name = "clock";
	t->unit = "ns";
	t->counts_cycles = false;
	t->has_instructions = false;
	t->hz = 1e9;
	t->read_method = "clock_gettime(CLOCK_MONOTONIC_RAW)";
	t->read = rb_clock_read;
	return 0;
}
