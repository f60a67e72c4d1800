/* SPDX-License-Identifier: MIT */
/*
 * The cost probes' driver, shared by the x86-64 guest (guest_cost.c)
 * and the arm64 one (cost_arm64.c), which supply the probes.
 *
 * The guests time nothing: under TCG a nanosecond is not a cpu's.
 * Each probe runs between two markers (tcg/marker.h); under
 * qemu-system with the rb_insncount plugin the instructions between
 * them are counted exactly.  Without the plugin the markers are nops
 * and only the checks of each probe's outcome remain.
 *
 * The probe comes in as a function pointer.
 */
#ifndef RB_KERNEL_COST_H
#define RB_KERNEL_COST_H

#include <pthread.h>
#include <sched.h>
#include <stdbool.h>

#include "tcg/marker.h"

#if defined(__x86_64__)
#define RB_MARK(v)                                                      \
	asm volatile(RB_MARK_OPCODE_ASM ".long %c0"                     \
		     : : "i"(RB_MARK_MAGIC | (v)) : "memory")
#elif defined(__aarch64__)
#define RB_MARK(v)                                                      \
	asm volatile(".inst (0xd280001f | ((%c0) << 5))"                \
		     : : "i"(RB_MARK_A64_MAGIC | (v)) : "memory")
#else
#error "no cost marker for this architecture"
#endif

static inline void cost_mark_begin(int c)
{
	switch (c) {
#define RB_MARK_CASE_BEGIN(k)                                           \
	case k:                                                         \
		RB_MARK(RB_MARK_BEGIN | k);                             \
		break;
	RB_MARK_CASE_BEGIN(0) RB_MARK_CASE_BEGIN(1) RB_MARK_CASE_BEGIN(2)
	RB_MARK_CASE_BEGIN(3) RB_MARK_CASE_BEGIN(4) RB_MARK_CASE_BEGIN(5)
	RB_MARK_CASE_BEGIN(6) RB_MARK_CASE_BEGIN(7) RB_MARK_CASE_BEGIN(8)
	RB_MARK_CASE_BEGIN(9) RB_MARK_CASE_BEGIN(10) RB_MARK_CASE_BEGIN(11)
#undef RB_MARK_CASE_BEGIN
	default:
		break;
	}
}
_Static_assert(RB_MARK_CASES == 12, "one cost_mark_begin() case per case");

static inline void cost_mark_end(bool expected)
{
	if (expected)
		RB_MARK(RB_MARK_END);
	else
		RB_MARK(RB_MARK_DISCARD);
}

/*
 * The preemption probes spin until this moves: the partner thread, on
 * the same cpu, bumps it whenever the tick lets it run.
 */
static volatile long cost_bumps;
static volatile int cost_stop;

static void *cost_partner(void *arg)
{
	(void)arg;
	while (!cost_stop) {
		cost_bumps++;
		sched_yield();
	}
	return NULL;
}

/*
 * probe(p, path, armed) runs one probe of protocol p (called name)
 * between the markers of its case and returns 1 when it restarted.
 * Runs n signal probes (path 0) and nspin preemption probes (path 1)
 * per case, armed and not armed interleaved, and checks every
 * outcome.  The caller has pinned itself to one cpu; the partner
 * inherits it.
 */
static void cost_run(const char *name, int p, long n, long nspin,
		     int (*probe)(int p, int path, int armed))
{
	long i, want[2][2] = { { 0 } }, got[2][2] = { { 0 } };
	pthread_t partner;
	int path, armed, t, ok;

	for (i = 0; i < n; i++) {
		for (armed = 0; armed < 2; armed++) {
			want[0][armed]++;
			got[0][armed] += probe(p, 0, armed) == armed;
		}
	}
	cost_stop = 0;
	if (nspin > 0 &&
	    pthread_create(&partner, NULL, cost_partner, NULL) == 0) {
		for (i = 0; i < nspin; i++) {
			for (armed = 0; armed < 2; armed++) {
				/*
				 * A preemption before the arm stores
				 * ends the spin unrestarted: rare, and
				 * a broken fixup fails every retry.
				 */
				t = 0;
				do
					ok = probe(p, 1, armed) == armed;
				while (!ok && ++t < 3);
				want[1][armed]++;
				got[1][armed] += ok;
			}
		}
		cost_stop = 1;
		pthread_join(partner, NULL);
	}
	for (path = 0; path < (nspin > 0 ? 2 : 1); path++)
		for (armed = 0; armed < 2; armed++)
			CHECK(got[path][armed] == want[path][armed] &&
			      want[path][armed] > 0,
			      "cost %s, %s path, %s: every probe %s (%ld of %ld)",
			      name, path ? "preemption" : "signal",
			      armed ? "armed" : "not armed",
			      armed ? "restarted" : "went on", got[path][armed],
			      want[path][armed]);
}

#endif
