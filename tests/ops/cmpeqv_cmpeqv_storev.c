// SPDX-License-Identifier: MIT
/*
 * cmpeqv_cmpeqv_storev: if (*v == expect && *v2 == expect2) *v = newv,
 * else compare-fail.  What it means to the tests (tests/op_test.h):
 * semantics, the verifier's model, the storm driver.
 */
#include <inttypes.h>
#include <stdio.h>

#include "op_test.h"
#include "tap.h"

static void cmp2_cases(const struct rb_op_sem *s)
{
	intptr_t v = 10, v2 = 7;
	int rc;

	rc = RB_OP_RUN(s, cmpeqv_cmpeqv_storev, &v, 10, &v2, 7, 11);
	CHECK(rc == RB_OK && v == 11 && v2 == 7,
	      "%s cmpeqv_cmpeqv_storev: both equal stores newv, v2 kept (rc %d, v %ld, v2 %ld)",
	      s->name, rc, (long)v, (long)v2);
	rc = RB_OP_RUN(s, cmpeqv_cmpeqv_storev, &v, 10, &v2, 7, 12);
	CHECK(rc == RB_CMPFAIL && v == 11 && v2 == 7,
	      "%s cmpeqv_cmpeqv_storev: first not equal is RB_CMPFAIL, v kept (rc %d)",
	      s->name, rc);
	rc = RB_OP_RUN(s, cmpeqv_cmpeqv_storev, &v, 11, &v2, 8, 12);
	CHECK(rc == RB_CMPFAIL && v == 11 && v2 == 7,
	      "%s cmpeqv_cmpeqv_storev: second not equal is RB_CMPFAIL, v kept (rc %d)",
	      s->name, rc);
}

static void cmp2_forced_abort(const struct rb_op_sem *s)
{
	intptr_t v = 10, v2 = 7;
	int rc;

	rc = RB_OP_RUN_WRONG(s, cmpeqv_cmpeqv_storev, &v, 10, &v2, 7, 11);
	CHECK(rc == RB_ABORT && v == 10 && v2 == 7,
	      "%s cmpeqv_cmpeqv_storev: wrong cpu is RB_ABORT, v kept (rc %d)",
	      s->name, rc);
}

/*
 * Verifier: the word as in cmpeqv_storev, guarded by a generation the
 * other thread bumps; the compare-fail path fails on the guard.  A
 * commit after a bump came through a stale guard.
 */
#define V_CONFLICT_ADD 1000
#define V_GUARD 2		/* what the guard holds */

struct cmp2_model {
	intptr_t word;
	intptr_t guard;
	int gconf_before;	/* guard changes before our commit */
};

static void cmp2_setup(void *d, enum v_path path, struct v_args *a)
{
	struct cmp2_model *m = d;

	m->word = 5;
	a->expect = 5;
	m->guard = path == VP_CMPFAIL ? V_GUARD + 1 : V_GUARD;
	m->gconf_before = 0;
}

static int cmp2_run(const struct rb_op_fns *f, const struct rb_tls *t,
		    void *d, const struct v_args *a)
{
	struct cmp2_model *m = d;

	return f->cmpeqv_cmpeqv_storev(t, &m->word, a->expect, &m->guard,
				       V_GUARD, a->expect + 1, a->cpu);
}

static bool cmp2_committed(const void *d, const void *init)
{
	const struct cmp2_model *m = d, *i = init;

	return m->word % V_CONFLICT_ADD != i->word;
}

static void cmp2_conflict(void *d, const void *init)
{
	struct cmp2_model *m = d;

	if (!cmp2_committed(m, init))
		m->gconf_before++;
	m->guard++;
}

static const char *cmp2_check(const void *d, const void *init, int rc,
			      int nconf, char *detail, size_t len)
{
	const struct cmp2_model *m = d, *i = init;
	intptr_t want = rc == RB_OK ? i->word + 1 : i->word;

	if (m->word != want) {
		snprintf(detail, len, "word %" PRIdPTR ", want %" PRIdPTR,
			 m->word, want);
		return "exactly-once";
	}
	if (rc == RB_OK && m->gconf_before) {
		snprintf(detail, len, "committed after %d guard change(s)",
			 m->gconf_before);
		return "stale-guard";
	}
	return NULL;
}

/* Storm: each cpu's word, incremented under its guard. */
static void cmp2_reset(void *d, int cpu)
{
	rb_init_cmpeqv_cmpeqv_storev(d);
}

static int cmp2_step(struct rb_storm_actor *a, void *d, int cpu)
{
	struct rb_pcpu_cmpeqv_cmpeqv_storev *p = d;
	intptr_t o = RB_READ_ONCE(p->word);

	return a->fn->cmpeqv_cmpeqv_storev(a->tls, &p->word, o, &p->guard,
					   RB_READ_ONCE(p->guard), o + 1, cpu);
}

static intptr_t cmp2_counted(const void *d)
{
	const struct rb_pcpu_cmpeqv_cmpeqv_storev *p = d;

	return p->word;
}

const struct rb_op_test rb_op_test_cmpeqv_cmpeqv_storev = {
	.name = "cmpeqv_cmpeqv_storev",
	.semantics = {
		.cases = cmp2_cases,
		.forced_abort = cmp2_forced_abort,
	},
	.verify = {
		.size = sizeof(struct cmp2_model),
		.setup = cmp2_setup,
		.run = cmp2_run,
		.conflict = cmp2_conflict,
		.committed = cmp2_committed,
		.check = cmp2_check,
	},
	.storm = {
		.size = sizeof(struct rb_pcpu_cmpeqv_cmpeqv_storev),
		.reset = cmp2_reset,
		.main = cmp2_step,
		.handler = cmp2_step,
		.counted = cmp2_counted,
		.lost_per_conflict = true,
	},
};
