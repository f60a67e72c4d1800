/* SPDX-License-Identifier: MIT */
/*
 * Helpers of the kernel-test guests (guest.c and its parts, differ.c,
 * compat.c, cost_arm64.c): static programs that run as /init, with
 * glibc's own rseq registration on.  Nothing here needs the series'
 * uapi headers: the differential guest builds against mainline's.
 */
#ifndef RB_GUEST_UTIL_H
#define RB_GUEST_UTIL_H

#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/rseq.h>
#include <sys/syscall.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "protocols.h"

/*
 * The protocols a guest tests: one per kernel rule (kmodel.h), the
 * registry's first row with that rule, in report order.  A later row
 * with the same rule (descriptor-eager) differs only in user space,
 * which the guests do not test.  p is a registry index (RB_PROTO_*).
 */
static inline bool guest_tests_proto(int p)
{
	enum rb_kproto kp = rb_protos[p].kproto;
	int q;

	if (kp == RB_KPROTO_NONE)
		return false;
	for (q = 0; q < p; q++)
		if (rb_protos[q].kproto == kp)
			return false;
	return true;
}

/* The protocol tested after p (-1: the first one), or -1. */
static inline int guest_proto_next(int p)
{
	while (++p < RB_NPROTO)
		if (guest_tests_proto(p))
			return p;
	return -1;
}

#define guest_for_each_proto(p)                                         \
	for ((p) = guest_proto_next(-1); (p) >= 0; (p) = guest_proto_next(p))

/* The protocol tested for kernel rule kp; -1 if none. */
static inline int guest_proto(enum rb_kproto kp)
{
	int p;

	guest_for_each_proto(p)
		if (rb_protos[p].kproto == kp)
			return p;
	return -1;
}

/*
 * p's position among the protocols tested, from 0: what the fuzz seeds
 * and the cost markers (tcg/marker.h) number them by.
 */
static inline int guest_proto_pos(int p)
{
	int q, pos = 0;

	guest_for_each_proto(q) {
		if (q == p)
			return pos;
		pos++;
	}
	return -1;
}

/* Its rseq() flag in the series' ABI: 0 when it registers no area. */
static inline int guest_proto_flag(int p)
{
	return rb_kproto_flag(rb_protos[p].kproto);
}

/* The struct rseq glibc registered for the calling thread. */
static inline struct rb_rseq *glibc_rseq(void)
{
	return (struct rb_rseq *)((char *)__builtin_thread_pointer() +
				  __rseq_offset);
}

/* Kernel command line words reach /init as environment variables. */
static inline long env_long(const char *name, long def)
{
	const char *s = getenv(name);

	return s && *s ? strtol(s, NULL, 0) : def;
}

/*
 * Before QEMU's isa-debug-exit ends the boot: stdout flushed and the
 * console drained, or the last lines die in the UART with the machine
 * (seen on a loaded host: a verdict of 0 and no closing lines).
 */
static inline void console_drain(void)
{
	fflush(stdout);
	tcdrain(1);
}

/*
 * A timer that sends sig every us microseconds to the calling thread
 * alone: a process-wide timer's signals would all go to main().
 */
static inline bool thread_timer_start(timer_t *timer, int sig, long us)
{
	struct itimerspec its = {
		.it_interval = { us / 1000000, us % 1000000 * 1000 },
		.it_value = { us / 1000000, us % 1000000 * 1000 },
	};
	struct sigevent sev;

	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_THREAD_ID;
	sev.sigev_signo = sig;
	/* glibc 2.36 has no sigev_notify_thread_id macro yet. */
	sev._sigev_un._tid = (pid_t)syscall(SYS_gettid);
	if (timer_create(CLOCK_MONOTONIC, &sev, timer))
		return false;
	if (timer_settime(*timer, 0, &its, NULL)) {
		timer_delete(*timer);
		return false;
	}
	return true;
}

/* Thread k's forced migration: every 20000 operations, the next cpu. */
static inline void migrate_every(unsigned long n, int k, int ncpus)
{
	cpu_set_t set;

	if (n % 20000)
		return;
	CPU_ZERO(&set);
	CPU_SET((int)((n / 20000 + (unsigned long)k) % (unsigned long)ncpus),
		&set);
	sched_setaffinity(0, sizeof(set), &set);
}

/* What addv_torture() saw. */
struct addv_torture {
	int nthreads;
	unsigned long adds;	/* increments that committed */
	unsigned long sum;	/* of the per-cpu counters: adds when exact */
	unsigned long aborts;
	int err;		/* the first registration errno; -1: armed */
};

/*
 * Protocol p's addv on per-cpu counters for secs seconds, 2 threads
 * per vCPU (at most 64), each with a 500 us timer signal and forced
 * migrations (addv_torture.c).  A protocol with a post-commit area
 * registers it beside glibc's struct rseq in every thread.  false:
 * out of memory, nothing ran.
 */
bool addv_torture(int p, int ncpus, long secs, struct addv_torture *t);

#endif
