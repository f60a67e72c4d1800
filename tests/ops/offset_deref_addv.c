// SPDX-License-Identifier: MIT
/*
 * offset_deref_addv: *(*ptr + off) += inc, the pointer read inside the
 * sequence.  What it means to the tests (tests/op_test.h): semantics,
 * the verifier's model, the storm driver.
 */
#include <inttypes.h>
#include <stdio.h>

#include "op_test.h"
#include "tap.h"

static void deref_cases(const struct rb_op_sem *s)
{
	intptr_t slots[4] = { 100, 200, 300, 400 }, other[4] = { 0 };
	intptr_t ptr = (intptr_t)slots;
	long i, bad = 0;
	int rc;

	rc = RB_OP_RUN(s, offset_deref_addv, &ptr, 2 * sizeof(intptr_t), 5);
	CHECK(rc == RB_OK && slots[2] == 305 && slots[1] == 200 &&
	      slots[3] == 400 && ptr == (intptr_t)slots,
	      "%s offset_deref_addv: adds 5 at *ptr + 2 words only (rc %d, %ld)",
	      s->name, rc, (long)slots[2]);
	/* The pointer is read each time: after a swap the other array. */
	ptr = (intptr_t)other;
	for (i = 0; i < 100000; i++)
		bad += RB_OP_RUN(s, offset_deref_addv, &ptr,
				 sizeof(intptr_t), 1) != RB_OK;
	CHECK(bad == 0 && other[1] == 100000 && slots[1] == 200,
	      "%s offset_deref_addv: 1e5 x (+1) through a swapped pointer sum to 1e5 there (got %ld, %ld failed)",
	      s->name, (long)other[1], bad);
}

static void deref_forced_abort(const struct rb_op_sem *s)
{
	intptr_t v = 5, ptr = (intptr_t)&v;
	int rc;

	rc = RB_OP_RUN_WRONG(s, offset_deref_addv, &ptr, 0, 3);
	CHECK(rc == RB_ABORT && v == 5 && ptr == (intptr_t)&v,
	      "%s offset_deref_addv: wrong cpu is RB_ABORT, counter kept (rc %d)",
	      s->name, rc);
}

/*
 * Verifier: the other thread swaps the pointer between two arrays and
 * adds to the counter it now points at, as the selftests' membarrier
 * test swaps lists.  Our add must land, exactly once, in the array the
 * pointer named when we committed: one that lands in the other came
 * through a pointer loaded before a swap.
 */
#define V_CONFLICT_ADD 1000

struct deref_model {
	intptr_t dptr;		/* points at da or db */
	intptr_t da[2], db[2];	/* the counters are [1] */
	int dconf_before;	/* conflicts (swaps) before our commit */
};

static void deref_setup(void *d, enum v_path path, struct v_args *a)
{
	struct deref_model *m = d;

	m->da[0] = m->db[0] = 0;
	m->da[1] = 40;
	m->db[1] = 70;
	m->dptr = (intptr_t)m->da;
	m->dconf_before = 0;
	a->expect = 0;
}

static int deref_run(const struct rb_op_fns *f, const struct rb_tls *t,
		     void *d, const struct v_args *a)
{
	struct deref_model *m = d;

	return f->offset_deref_addv(t, &m->dptr, sizeof(intptr_t), 1,
				    a->cpu);
}

static bool deref_committed(const void *d, const void *init)
{
	const struct deref_model *m = d, *i = init;

	return (m->da[1] + m->db[1] - i->da[1] - i->db[1]) %
	       V_CONFLICT_ADD != 0;
}

static void deref_conflict(void *d, const void *init)
{
	struct deref_model *m = d;
	intptr_t *to = m->dptr == (intptr_t)m->da ? m->db : m->da;

	if (!deref_committed(m, init))
		m->dconf_before++;
	m->dptr = (intptr_t)to;
	to[1] += V_CONFLICT_ADD;
}

static const char *deref_check(const void *d, const void *init, int rc,
			       int nconf, char *detail, size_t len)
{
	const struct deref_model *m = d, *i = init;
	intptr_t sum = m->da[1] + m->db[1], ours;
	intptr_t want = i->da[1] + i->db[1] + nconf * V_CONFLICT_ADD +
			(rc == RB_OK ? 1 : 0);
	bool in_a = !(m->dconf_before & 1);

	if (sum != want) {
		snprintf(detail, len, "counters sum to %" PRIdPTR
			 ", want %" PRIdPTR, sum, want);
		return "exactly-once";
	}
	if (rc != RB_OK)
		return NULL;
	ours = in_a ? m->da[1] - i->da[1] : m->db[1] - i->db[1];
	if (ours % V_CONFLICT_ADD == 1)
		return NULL;
	snprintf(detail, len, "added through the pointer before swap %d",
		 m->dconf_before);
	return "stale-pointer";
}

/* Storm: each cpu's counter, reached through the pointer to its entry. */
#define DEREF_OFF ((intptr_t)offsetof(struct rb_pcpu_offset_deref_addv, count))

static void deref_reset(void *d, int cpu)
{
	rb_init_offset_deref_addv(d);
}

static int deref_step(struct rb_storm_actor *a, void *d, int cpu)
{
	struct rb_pcpu_offset_deref_addv *p = d;

	return a->fn->offset_deref_addv(a->tls, &p->base, DEREF_OFF, 1, cpu);
}

static intptr_t deref_counted(const void *d)
{
	const struct rb_pcpu_offset_deref_addv *p = d;

	return p->count;
}

const struct rb_op_test rb_op_test_offset_deref_addv = {
	.name = "offset_deref_addv",
	.semantics = {
		.cases = deref_cases,
		.forced_abort = deref_forced_abort,
	},
	.verify = {
		.size = sizeof(struct deref_model),
		.setup = deref_setup,
		.run = deref_run,
		.conflict = deref_conflict,
		.committed = deref_committed,
		.check = deref_check,
	},
	.storm = {
		.size = sizeof(struct rb_pcpu_offset_deref_addv),
		.reset = deref_reset,
		.main = deref_step,
		.handler = deref_step,
		.counted = deref_counted,
		.lost_per_conflict = true,
		.commit_adds = true,
	},
};
