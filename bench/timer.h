/* SPDX-License-Identifier: MIT */
/*
 * Timers.  A timer reads a monotonic count; the harness takes the
 * difference over a sample of N operations.  Best first:
 *
 *   perf   PMU core cycles (and instructions) from perf_event_open,
 *          event names resolved by libpfm4 when built with it, read
 *          with rdpmc from the mmap'd page when the kernel allows it,
 *          read() otherwise.  Counts real cycles.
 *   tsc    the architecture's constant-rate counter (rdtsc on x86).
 *          Frequency calibrated against CLOCK_MONOTONIC_RAW; core
 *          cycles are estimated by the harness from a dependent-add
 *          calibration chain timed every round (rb_loop_calib() in
 *          bench/cells.c, rb_calibrate() in bench/measure.c).
 *   clock  clock_gettime(CLOCK_MONOTONIC_RAW) in ns; core cycles
 *          estimated the same way.
 */
#ifndef RB_TIMER_H
#define RB_TIMER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum rb_timer_kind {
	RB_TIMER_AUTO,
	RB_TIMER_PERF,
	RB_TIMER_TSC,
	RB_TIMER_CLOCK,
};

struct rb_timer {
	enum rb_timer_kind kind;
	const char *name;		/* "perf", "tsc", "clock" */
	const char *unit;		/* "cycles", "ticks", "ns" */
	bool counts_cycles;		/* read() gives core cycles */
	bool has_instructions;		/* read_instructions() works */
	double hz;			/* count rate; 0 for perf cycles */
	const char *read_method;	/* "rdpmc", "read()", "rdtsc", ... */
	const char *event_source;	/* "libpfm4", "raw", NULL */
	char note[512];			/* why chosen, why others fell back */
	uint64_t (*read)(struct rb_timer *t);
	uint64_t (*read_instructions)(struct rb_timer *t);
	void *priv;
	void (*close)(struct rb_timer *t);	/* backend teardown, or NULL */
};

/* Parse "auto|perf|tsc|clock"; -1 on anything else. */
int rb_timer_parse(const char *s);

/*
 * Open the timer of the given kind.  For RB_TIMER_AUTO the first that
 * works, with the reasons the better ones failed in t->note.  Returns 0,
 * or -1 with a one-line reason in err when an explicit kind cannot work
 * on this machine.
 */
int rb_timer_open(struct rb_timer *t, enum rb_timer_kind kind, char *err,
		  size_t errlen);
void rb_timer_close(struct rb_timer *t);

/* Which timers work here, one line each, for --list. */
void rb_timer_list(char *buf, size_t len);

/*
 * Backends (bench/timer_perf.c, timer_tsc.c, timer_clock.c), called by
 * rb_timer_open on a zeroed timer whose note may already hold lines.
 * Each fills in t or returns -1 with a one-line reason in err, without
 * the backend's name (rb_timer_open prefixes it).
 */
int rb_timer_perf_open(struct rb_timer *t, char *err, size_t errlen);
int rb_timer_tsc_open(struct rb_timer *t, char *err, size_t errlen);
int rb_timer_clock_open(struct rb_timer *t, char *err, size_t errlen);

/* Append one line to t->note; silently truncated when full. */
void rb_timer_note(struct rb_timer *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
