// SPDX-License-Identifier: MIT
/*
 * addv: *v += inc, as one commit.  What it means to the tests
 * (tests/op_test.h): semantics, the verifier's model, the storm driver.
 */
#include <inttypes.h>
#include <stdio.h>

#include "op_test.h"
#include "tap.h"

static void addv_cases(const struct rb_op_sem *s)
{
	intptr_t v = 5;
	long i, bad = 0;
	int rc;

	rc = RB_OP_RUN(s, addv, &v, 3);
	CHECK(rc == RB_OK && v == 8, "%s addv: +3 on 5 gives RB_OK, 8 (rc %d, v %ld)",
	      s->name, rc, (long)v);

	/* Each call is one exact increment: no lost or doubled commit. */
	v = 0;
	for (i = 0; i < 100000; i++)
		bad += RB_OP_RUN(s, addv, &v, 1) != RB_OK;
	CHECK(bad == 0 && v == 100000,
	      "%s addv: 1e5 x (+1) sum to 1e5 (got %ld, %ld calls failed)",
	      s->name, (long)v, bad);
}

static void addv_forced_abort(const struct rb_op_sem *s)
{
	intptr_t v = 5;
	int rc;

	rc = RB_OP_RUN_WRONG(s, addv, &v, 3);
	CHECK(rc == RB_ABORT && v == 5,
	      "%s addv: wrong cpu is RB_ABORT, v kept (rc %d, v %ld)",
	      s->name, rc, (long)v);
}

/* Verifier: a counter the other thread adds a large step to. */
#define V_CONFLICT_ADD 1000

struct addv_model {
	intptr_t counter;
};

static void addv_setup(void *d, enum v_path path, struct v_args *a)
{
	struct addv_model *m = d;

	m->counter = 40;
	a->expect = 0;
}

static int addv_run(const struct rb_op_fns *f, const struct rb_tls *t,
		    void *d, const struct v_args *a)
{
	struct addv_model *m = d;

	return f->addv(t, &m->counter, 1, a->cpu);
}

static void addv_conflict(void *d, const void *init)
{
	struct addv_model *m = d;

	m->counter += V_CONFLICT_ADD;
}

static bool addv_committed(const void *d, const void *init)
{
	const struct addv_model *m = d, *i = init;

	return (m->counter - i->counter) % V_CONFLICT_ADD != 0;
}

static const char *addv_check(const void *d, const void *init, int rc,
			      int nconf, char *detail, size_t len)
{
	const struct addv_model *m = d, *i = init;
	intptr_t want = i->counter + nconf * V_CONFLICT_ADD +
			(rc == RB_OK ? 1 : 0);

	if (m->counter == want)
		return NULL;
	snprintf(detail, len, "counter %" PRIdPTR ", want %" PRIdPTR,
		 m->counter, want);
	return "exactly-once";
}

/* Storm: each cpu's counter, added to by its thread and its handler. */
static void addv_reset(void *d, int cpu)
{
	rb_init_addv(d);
}

static int addv_step(struct rb_storm_actor *a, void *d, int cpu)
{
	struct rb_pcpu_addv *p = d;

	return a->fn->addv(a->tls, &p->count, 1, cpu);
}

static intptr_t addv_counted(const void *d)
{
	const struct rb_pcpu_addv *p = d;

	return p->count;
}

const struct rb_op_test rb_op_test_addv = {
	.name = "addv",
	.semantics = {
		.cases = addv_cases,
		.forced_abort = addv_forced_abort,
	},
	.verify = {
		.size = sizeof(struct addv_model),
		.setup = addv_setup,
		.run = addv_run,
		.conflict = addv_conflict,
		.committed = addv_committed,
		.check = addv_check,
	},
	.storm = {
		.size = sizeof(struct rb_pcpu_addv),
		.reset = addv_reset,
		.main = addv_step,
		.handler = addv_step,
		.counted = addv_counted,
		.lost_per_conflict = true,
		.commit_adds = true,
		.plain_control = true,
	},
};
