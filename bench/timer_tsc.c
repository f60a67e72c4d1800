// SPDX-License-Identifier: MIT
/*
 * tsc timer: the architecture's constant-rate counter.  It counts
 * reference ticks, not core cycles, so the harness needs its rate:
 * calibrated here against CLOCK_MONOTONIC_RAW, which no NTP slewing
 * bends.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rb_asm.h"
#include "timer.h"

#define RB_TSC_WINDOWS 5
#define RB_TSC_WINDOW_NS 10000000ULL	/* 5 x 10 ms = ~50 ms */

static uint64_t rb_raw_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static uint64_t rb_tsc_read(struct rb_timer *t)
{
	(void)t;
	return rb_arch_ticks();
}

/*
 * One window: the clock read on each side of the ticks read brackets
 * it, and the midpoint halves the error a clock_gettime call adds.
 */
static double rb_tsc_window(void)
{
	uint64_t c0, c1, c2, c3, k0, k1;

	c0 = rb_raw_ns();
	k0 = rb_arch_ticks();
	c1 = rb_raw_ns();
	do {
		c2 = rb_raw_ns();
	} while (c2 - c0 < RB_TSC_WINDOW_NS);
	k1 = rb_arch_ticks();
	c3 = rb_raw_ns();
	if (k1 <= k0)
		return 0;
	return (double)(k1 - k0) * 2e9 / (double)((c2 + c3) - (c0 + c1));
}

static int rb_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The median shrugs off a window that a preemption stretched. */
static double rb_tsc_calibrate(void)
{
	double hz[RB_TSC_WINDOWS];
	int i;

	for (i = 0; i < RB_TSC_WINDOWS; i++)
		hz[i] = rb_tsc_window();
	qsort(hz, RB_TSC_WINDOWS, sizeof(hz[0]), rb_cmp_double);
	return hz[RB_TSC_WINDOWS / 2];
}

#ifdef __x86_64__
/*
 * x86-specific: without constant_tsc the rate follows the core clock,
 * without nonstop_tsc it stops in deep C-states; either way ticks are
 * not a time base.  Not fatal (guests often hide the flags), but the
 * result file should say so.
 */
static void rb_tsc_check_flags(struct rb_timer *t)
{
	bool constant = false, nonstop = false, seen = false;
	char *line = NULL;	/* getline: flags lines run to kilobytes */
	size_t cap = 0;
	FILE *f;

	f = fopen("/proc/cpuinfo", "r");
	if (!f) {
		rb_timer_note(t,
			      "tsc: cannot read /proc/cpuinfo for constant_tsc/nonstop_tsc");
		return;
	}
	while (getline(&line, &cap, f) > 0) {
		char *tok, *save;

		if (strncmp(line, "flags", 5))
			continue;
		seen = true;
		for (tok = strtok_r(line, " \t\n", &save); tok;
		     tok = strtok_r(NULL, " \t\n", &save)) {
			if (!strcmp(tok, "constant_tsc"))
				constant = true;
			else if (!strcmp(tok, "nonstop_tsc"))
				nonstop = true;
		}
		break;	/* the first cpu speaks for all */
	}
	free(line);
	fclose(f);
	if (!seen)
		rb_timer_note(t,
			      "tsc: warning: no flags line in /proc/cpuinfo");
	else if (!constant || !nonstop)
		rb_timer_note(t,
			      "tsc: warning: cpu lacks%s%s; tick rate may vary",
			      constant ? "" : " constant_tsc",
			      nonstop ? "" : " nonstop_tsc");
}
#endif

int rb_timer_tsc_open(struct rb_timer *t, char *err, size_t errlen)
{
	struct timespec ts;
	double hz;

	if (clock_gettime(CLOCK_MONOTONIC_RAW, &ts)) {
		snprintf(err, errlen,
			 "no CLOCK_MONOTONIC_RAW to calibrate against");
		return -1;
	}
	hz = rb_tsc_calibrate();
	if (!(hz >= 1e6)) {
		snprintf(err, errlen,
			 "calibration gave %.0f Hz; counter not running?", hz);
		return -1;
	}
#ifdef __x86_64__
	rb_tsc_check_flags(t);
	t->read_method = "rdtsc";
#else
	t->read_method = RB_ARCH_TICKS_NAME;
#endif
	t->name = "tsc";
	t->unit = "ticks";
	t->counts_cycles = false;
	t->has_instructions = false;
	t->hz = hz;
	t->read = rb_tsc_read;
	return 0;
}
