/* SPDX-License-Identifier: MIT */
/*
 * What one operation means to the tests, in one place: tests/ops/<op>.c
 * exports rb_op_test_<op>, with
 *   semantics  the single-thread cases tests/test_ops.c runs for every
 *              protocol: results and memory after one call, compare-fail
 *              and forced-abort cases;
 *   verify     the preemption-point verifier's model (tests/verify.c):
 *              the data a run starts from, what a conflicting thread
 *              does, and the check of the final state;
 *   storm      the signal storms' driver (tests/storm*.c): each cpu's
 *              data, the main loop's and the handler's operation, and
 *              what the data must say at the end.
 * tests/op_tests.c lists them in the registry's order; the Makefile
 * builds tests/ops/<op>.c for every operation of protocols/registry.h
 * and stops, naming the file, where one is missing.
 */
#ifndef RB_OP_TEST_H
#define RB_OP_TEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "protocols.h"

/* One protocol's operations, by the registry's names. */
struct rb_op_fns {
#define RB_OP_FNS_FIELD(op) __typeof__(rb_##op##_plain) *op;
	RB_FOR_EACH_OP(RB_OP_FNS_FIELD)
#undef RB_OP_FNS_FIELD
};

/*
 * Protocol P's operations, as an initializer.  Taking the address of
 * the always_inline functions gives one out-of-line copy of each in the
 * file that does it: the copy the tests run.
 */
#define RB_OP_FNS_ROW(op, id, cmp, P) .op = rb_##op##_##P,
#define RB_OP_FNS(P) { RB_OP_TABLE(RB_OP_FNS_ROW, P) }

/*
 * Semantics: what the cases run on, one protocol at a time, and how
 * test_ops counts each return (its disarm and abort tallies).
 */
struct rb_op_sem {
	const char *name;		/* the protocol's */
	const struct rb_op_fns *fn;
	struct rb_tls *tls;
	int (*cpu)(const struct rb_tls *t);	/* the protocol's cpu read */
	int (*wrong_cpu)(void);	/* one its cpu check must reject */
	/* Every return, tallied; gives rc back. */
	int (*observe)(const struct rb_op_sem *s, int rc);
	/* An abort nobody asked for: a preemption, retried. */
	void (*stray_abort)(void);
};

/*
 * Call an operation on the current cpu.  A preempted descriptor
 * sequence is restarted by the kernel and returns RB_ABORT having
 * stored nothing, so retrying is what a real caller does; the data
 * checks then still see exactly one effect.
 */
#define RB_OP_SEM_TRIES 10
#define RB_OP_RUN(s, op, ...)                                           \
	({                                                              \
		int rc_ = RB_ABORT, try_;                               \
		for (try_ = 0; try_ < RB_OP_SEM_TRIES; try_++) {        \
			rc_ = (s)->fn->op((s)->tls, __VA_ARGS__,        \
					  (s)->cpu((s)->tls));          \
			(s)->observe(s, rc_);                           \
			if (rc_ != RB_ABORT)                            \
				break;                                  \
			(s)->stray_abort();                             \
		}                                                       \
		rc_;                                                    \
	})

/* Once, on a cpu the cpu check must reject: it must abort. */
#define RB_OP_RUN_WRONG(s, op, ...)                                     \
	(s)->observe(s, (s)->fn->op((s)->tls, __VA_ARGS__, (s)->wrong_cpu()))

struct rb_op_semantics {
	/* Results and memory after calls that commit or compare-fail. */
	void (*cases)(const struct rb_op_sem *s);
	/*
	 * Restartable protocols only: inputs that would succeed, on the
	 * wrong cpu, so RB_ABORT and untouched memory show that the cpu
	 * check runs before any store.
	 */
	void (*forced_abort)(const struct rb_op_sem *s);
};

/*
 * Verify: one run's path and the cpu it passes.  The model's data is
 * the op's own; the verifier keeps it in a buffer of V_DATA_MAX bytes
 * and a copy of it as set up ("init").
 */
enum v_path { VP_SUCCESS, VP_CMPFAIL, VP_ABORT, VP_N };

#define V_DATA_MAX 256

struct v_args {
	intptr_t expect;
	int cpu;
};

/*
 * Checks return the name of the failed check (and a detail) or NULL;
 * nconf is the conflicts applied during the run.
 */
struct rb_op_verify {
	size_t size;			/* of the model's data */
	void (*setup)(void *d, enum v_path path, struct v_args *a);
	/* The operation once, on d, through f. */
	int (*run)(const struct rb_op_fns *f, const struct rb_tls *t,
		   void *d, const struct v_args *a);
	/* Another thread on this cpu changes the same data. */
	void (*conflict)(void *d, const void *init);
	/* Whether our commit is visible in d. */
	bool (*committed)(const void *d, const void *init);
	const char *(*check)(const void *d, const void *init, int rc,
			     int nconf, char *detail, size_t len);
};

/*
 * Storm: who runs an operation on a cpu's data, the worker's main loop
 * or its handler playing another thread on the same cpu; each with its
 * own rb_tls and its own scratch state.
 */
#define RB_STORM_STATE_MAX 192

struct rb_storm_actor {
	const struct rb_op_fns *fn;
	struct rb_tls *tls;
	uint32_t rnd;		/* for the op's choices; not 0 at start */
	/* An operation half done (a popped node): do not stop yet. */
	bool pending;
	/* A push found its committed slot overwritten. */
	volatile bool bad_slot;
	union {
		uint64_t align;
		void *ptr;
		unsigned char bytes[RB_STORM_STATE_MAX];
	} state;
};

/* Every cpu's data and every handler, for an op's whole-storm check. */
struct rb_storm_view {
	unsigned char *data;	/* cpu c's at data + c * stride */
	size_t stride;
	int ncpus;
	struct rb_storm_actor *const *handlers;
	int nhandlers;
};

/* A step that had nothing to do (an empty list): not retried. */
#define RB_OP_EMPTY 2

struct rb_op_storm {
	size_t size;			/* of one cpu's data */
	void (*reset)(void *d, int cpu);
	/*
	 * One attempt of the main loop's operation on cpu's data: RB_OK,
	 * RB_ABORT or RB_CMPFAIL (retried), or RB_OP_EMPTY.  Operands are
	 * read afresh each attempt.
	 */
	int (*main)(struct rb_storm_actor *a, void *d, int cpu);
	/*
	 * The conflicting operation, from the handler: nothing else runs
	 * on d meanwhile, so anything but RB_OK or RB_OP_EMPTY fails.
	 */
	int (*handler)(struct rb_storm_actor *a, void *d, int cpu);
	/*
	 * What the data says was done on this cpu, to equal the main
	 * loop's and the handler's successes; NULL: not a count.
	 */
	intptr_t (*counted)(const void *d);
	/* Beyond the count, one cpu's data; why says what broke. */
	bool (*cpu_ok)(const void *d, char *why, size_t len);
	/* Instead of the counts, the whole storm's (why: always). */
	bool (*all_ok)(const struct rb_storm_view *v, char *why, size_t len);
	/*
	 * Under the controls (nothing restarts), each conflict in the
	 * window before the commit loses exactly one update.
	 */
	bool lost_per_conflict;
	/* Its commit is a memory add: one instruction on some arches. */
	bool commit_adds;
	/* plain, which nothing restarts, must fail on it too. */
	bool plain_control;
};

struct rb_op_test {
	const char *name;		/* the registry's */
	struct rb_op_semantics semantics;
	struct rb_op_verify verify;
	struct rb_op_storm storm;
};

#define RB_OP_TEST_DECL(op) extern const struct rb_op_test rb_op_test_##op;
RB_FOR_EACH_OP(RB_OP_TEST_DECL)
#undef RB_OP_TEST_DECL

/* By the registry's index (tests/op_tests.c). */
extern const struct rb_op_test *const rb_op_tests[RB_NOP];

/*
 * Every operation's entry is its own and complete: false, with why, if
 * one is named for another operation or lacks a part.
 */
bool rb_op_tests_complete(char *why, size_t len);

#endif
