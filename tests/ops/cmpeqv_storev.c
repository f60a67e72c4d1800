// SPDX-License-Identifier: MIT
/*
 * cmpeqv_storev: if (*v == expect) *v = newv, else compare-fail.  What
 * it means to the tests (tests/op_test.h): semantics, the verifier's
 * model, the storm driver.
 */
#include <inttypes.h>
#include <stdio.h>

#include "op_test.h"
#include "tap.h"

static void cmpeqv_storev_cases(const struct rb_op_sem *s)
{
	intptr_t v = 42;
	int rc;

	rc = RB_OP_RUN(s, cmpeqv_storev, &v, 42, 77);
	CHECK(rc == RB_OK && v == 77,
	      "%s cmpeqv_storev: equal stores newv (rc %d, v %ld)",
	      s->name, rc, (long)v);
	rc = RB_OP_RUN(s, cmpeqv_storev, &v, 42, 99);
	CHECK(rc == RB_CMPFAIL && v == 77,
	      "%s cmpeqv_storev: not equal is RB_CMPFAIL, v kept (rc %d, v %ld)",
	      s->name, rc, (long)v);
}

static void cmpeqv_storev_forced_abort(const struct rb_op_sem *s)
{
	intptr_t v = 42;
	int rc;

	rc = RB_OP_RUN_WRONG(s, cmpeqv_storev, &v, 42, 77);
	CHECK(rc == RB_ABORT && v == 42,
	      "%s cmpeqv_storev: wrong cpu is RB_ABORT, v kept (rc %d)",
	      s->name, rc);
}

/* Verifier: a word the other thread adds a large step to. */
#define V_CONFLICT_ADD 1000

struct storev_model {
	intptr_t word;
};

static void storev_setup(void *d, enum v_path path, struct v_args *a)
{
	struct storev_model *m = d;

	m->word = 5;
	a->expect = path == VP_CMPFAIL ? 4 : 5;
}

static int storev_run(const struct rb_op_fns *f, const struct rb_tls *t,
		      void *d, const struct v_args *a)
{
	struct storev_model *m = d;

	return f->cmpeqv_storev(t, &m->word, a->expect, a->expect + 1,
				a->cpu);
}

static void storev_conflict(void *d, const void *init)
{
	struct storev_model *m = d;

	m->word += V_CONFLICT_ADD;
}

static bool storev_committed(const void *d, const void *init)
{
	const struct storev_model *m = d, *i = init;

	return m->word % V_CONFLICT_ADD != i->word;
}

/*
 * The commit stores expect + 1 over whatever is there: a conflict that
 * came before it and was not aborted is lost, which shows as a word
 * without the conflict's addition.
 */
static const char *storev_check(const void *d, const void *init, int rc,
				int nconf, char *detail, size_t len)
{
	const struct storev_model *m = d, *i = init;
	intptr_t base = rc == RB_OK ? i->word + 1 : i->word;
	intptr_t want = base + nconf * V_CONFLICT_ADD;

	if (m->word == want)
		return NULL;
	snprintf(detail, len, "word %" PRIdPTR ", want %" PRIdPTR, m->word,
		 want);
	return "exactly-once";
}

/* Storm: each cpu's word, incremented by compare-and-store. */
static void storev_reset(void *d, int cpu)
{
	rb_init_cmpeqv_storev(d);
}

static int storev_step(struct rb_storm_actor *a, void *d, int cpu)
{
	struct rb_pcpu_cmpeqv_storev *p = d;
	intptr_t o = RB_READ_ONCE(p->word);

	return a->fn->cmpeqv_storev(a->tls, &p->word, o, o + 1, cpu);
}

static intptr_t storev_counted(const void *d)
{
	const struct rb_pcpu_cmpeqv_storev *p = d;

	return p->word;
}

const struct rb_op_test rb_op_test_cmpeqv_storev = {
	.name = "cmpeqv_storev",
	.semantics = {
		.cases = cmpeqv_storev_cases,
		.forced_abort = cmpeqv_storev_forced_abort,
	},
	.verify = {
		.size = sizeof(struct storev_model),
		.setup = storev_setup,
		.run = storev_run,
		.conflict = storev_conflict,
		.committed = storev_committed,
		.check = storev_check,
	},
	.storm = {
		.size = sizeof(struct rb_pcpu_cmpeqv_storev),
		.reset = storev_reset,
		.main = storev_step,
		.handler = storev_step,
		.counted = storev_counted,
		.lost_per_conflict = true,
		.plain_control = true,
	},
};
