// SPDX-License-Identifier: MIT
/*
 * tsc timer: the architecture's constant-rate counter.  It counts
 * reference ticks, not core cycles, so the harness needs its rate:
 * calibrated here against CLOCK_MONOTONIC_RAW, which no NTP slewing
 * bends.
 */
#include <math.h>
#include <setjmp.h>
#include <signal.h>
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

#if defined(__x86_64__) || defined(__i386__)
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

#ifdef __arm__
/*
 * arm-specific: CNTVCT and CNTFRQ are readable from user space only
 * where the kernel enabled it (CNTKCTL.PL0VCTEN); elsewhere, and under
 * qemu-arm, mrrc/mrc trap with SIGILL.  Probe once, here, so that the
 * reads in the measured loops need no check; where it traps the tsc
 * timer is unavailable and the timer chain falls back to clock.
 */
static sigjmp_buf rb_tsc_probe_env;

static void rb_tsc_probe_sigill(int sig)
{
	(void)sig;
	siglongjmp(rb_tsc_probe_env, 1);
}

/* The nominal rate, or 0 when the counter is not readable here. */
static uint64_t rb_tsc_probe(void)
{
	struct sigaction sa = { .sa_handler = rb_tsc_probe_sigill }, old;
	volatile uint64_t freq = 0;

	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGILL, &sa, &old))
		return 0;
	if (sigsetjmp(rb_tsc_probe_env, 1) == 0) {
		(void)rb_arch_ticks();
		freq = rb_arch_ticks_freq();
	}
	sigaction(SIGILL, &old, NULL);
	return freq;
}
#endif

#ifdef __aarch64__
/*
 * The generic timer counts at CNTFRQ_EL0 by architecture: use that
 * exact rate, unless firmware set it wrong (the calibration says so).
 */
static double rb_tsc_nominal(struct rb_timer *t, double hz)
{
	double freq = (double)rb_arch_ticks_freq();

	if (fabs(hz - freq) <= 0.01 * freq)
		return freq;
	rb_timer_note(t, "cntvct: measured %.0f Hz, CNTFRQ_EL0 says %.0f; using the measured rate",
		      hz, freq);
	return hz;
}
#endif

#ifdef __powerpc64__
/*
 * The time base rate as the kernel states it (/proc/cpuinfo's
 * "timebase : 512000000" on POWER8/9), or 0.  qemu user mode passes
 * the host's /proc/cpuinfo through, which has no such line, and its
 * mftb counts host ticks at another rate: then the calibration is all
 * there is.
 */
static double rb_tsc_ppc_timebase(void)
{
	char line[256];
	double hz = 0;
	FILE *f = fopen("/proc/cpuinfo", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "timebase", 8) &&
		    sscanf(line + strcspn(line, ":"), ": %lf", &hz) == 1)
			break;
	fclose(f);
	return hz > 0 ? hz : 0;
}
#endif

int rb_timer_tsc_open(struct rb_timer *t, char *err, size_t errlen)
{
	struct timespec ts;
	double hz;
#ifdef __arm__
	uint64_t freq = rb_tsc_probe();

	if (!freq) {
		snprintf(err, errlen,
			 "cntvct not readable from user space (SIGILL: kernel left CNTKCTL.PL0VCTEN off, or qemu-arm); clock_gettime ns instead");
		return -1;
	}
#endif

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
#if defined(__x86_64__) || defined(__i386__)
	rb_tsc_check_flags(t);
	t->read_method = "rdtsc";
#elif defined(__arm__)
	/* CNTFRQ is the rate by architecture, unless firmware set it wrong. */
	if (fabs(hz - (double)freq) <= 0.01 * (double)freq)
		hz = (double)freq;
	else
		rb_timer_note(t, "cntvct: measured %.0f Hz, CNTFRQ says %llu; using the measured rate",
			      hz, (unsigned long long)freq);
	t->read_method = "mrrc cntvct";
#elif defined(__powerpc64__)
	{
		double tb = rb_tsc_ppc_timebase();

		if (!tb)
			rb_timer_note(t, "timebase: no rate in /proc/cpuinfo (qemu user mode?); calibrated %.0f Hz",
				      hz);
		else if (fabs(hz - tb) > 0.01 * tb)
			rb_timer_note(t, "timebase: measured %.0f Hz, /proc/cpuinfo says %.0f; using the measured rate",
				      hz, tb);
		else
			hz = tb;
	}
	t->read_method = "mftb";
#elif defined(__aarch64__)
	hz = rb_tsc_nominal(t, hz);
	t->read_method = "mrs cntvct_el0";
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
