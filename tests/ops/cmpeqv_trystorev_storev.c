// SPDX-License-Identifier: MIT
/*
 * cmpeqv_trystorev_storev: if (*v == expect) { *v2 = newv2; *v = newv; }
 * else compare-fail: a ring push, the slot then the offset.  What it
 * means to the tests (tests/op_test.h): semantics, the verifier's
 * model, the storm driver.
 */

#include "op_ring.h"
#include "tap.h"

static void trystorev_cases(const struct rb_op_sem *s)
{
	intptr_t v = 10, v2 = -1;
	int rc;

	rc = RB_OP_RUN(s, cmpeqv_trystorev_storev, &v, 10, &v2, 123, 11);
	CHECK(rc == RB_OK && v == 11 && v2 == 123,
	      "%s cmpeqv_trystorev_storev: equal writes v2 and v (rc %d, v %ld, v2 %ld)",
	      s->name, rc, (long)v, (long)v2);
	v2 = -1;
	rc = RB_OP_RUN(s, cmpeqv_trystorev_storev, &v, 10, &v2, 456, 12);
	CHECK(rc == RB_CMPFAIL && v == 11 && v2 == -1,
	      "%s cmpeqv_trystorev_storev: not equal writes neither (rc %d)",
	      s->name, rc);
}

static void trystorev_forced_abort(const struct rb_op_sem *s)
{
	intptr_t v = 10, v2 = -1;
	int rc;

	rc = RB_OP_RUN_WRONG(s, cmpeqv_trystorev_storev, &v, 10, &v2, 123,
			     11);
	CHECK(rc == RB_ABORT && v == 10 && v2 == -1,
	      "%s cmpeqv_trystorev_storev: wrong cpu is RB_ABORT, v and v2 kept (rc %d)",
	      s->name, rc);
}

/* Verifier: a ring of V_SLOTS words, pushed at offset 1. */
struct ring_model {
	intptr_t off, slot[V_SLOTS];
};

static void ring_setup(void *d, enum v_path path, struct v_args *a)
{
	struct ring_model *m = d;
	int i;

	m->off = 1;
	for (i = 0; i < V_SLOTS; i++)
		m->slot[i] = V_OLD;
	a->expect = path == VP_CMPFAIL ? 0 : 1;
}

static int ring_run(const struct rb_op_fns *f, const struct rb_tls *t,
		    void *d, const struct v_args *a)
{
	struct ring_model *m = d;

	return f->cmpeqv_trystorev_storev(t, &m->off, a->expect,
		&m->slot[a->expect & (V_SLOTS - 1)], V_OURS, a->expect + 1,
		a->cpu);
}

static void ring_conflict(void *d, const void *init)
{
	struct ring_model *m = d;

	m->slot[m->off & (V_SLOTS - 1)] = V_THEIRS;
	m->off++;
}

static bool ring_committed(const void *d, const void *init)
{
	const struct ring_model *m = d, *i = init;

	return m->off != i->off;
}

static int ring_owner(const void *d, int slot)
{
	const struct ring_model *m = d;

	return (int)m->slot[slot];
}

static const char *ring_check(const void *d, const void *init, int rc,
			      int nconf, char *detail, size_t len)
{
	const struct ring_model *m = d, *i = init;

	return rb_ring_slots_check(m->off, i->off, ring_owner, d, rc, nconf,
				   detail, len);
}

/*
 * Storm: each cpu's ring of RB_RING_SLOTS words.  A push writes the
 * offset and the pusher (bit 0: the handler); each push checks its slot
 * right after committing.
 */
#define RING_MASK (RB_RING_SLOTS - 1)

static intptr_t ring_value(intptr_t off, int who)
{
	return off * 2 + who;
}

static void ring_reset(void *d, int cpu)
{
	rb_init_cmpeqv_trystorev_storev(d);
}

static int ring_push(struct rb_storm_actor *a, void *d, int cpu, int who)
{
	struct rb_pcpu_cmpeqv_trystorev_storev *p = d;
	intptr_t o = RB_READ_ONCE(p->offset);
	int rc;

	rc = a->fn->cmpeqv_trystorev_storev(a->tls, &p->offset, o,
					    &p->slot[o & RING_MASK],
					    ring_value(o, who), o + 1, cpu);
	if (rc == RB_OK &&
	    RB_READ_ONCE(p->slot[o & RING_MASK]) != ring_value(o, who) &&
	    !rb_ring_reused(&p->offset, o))
		a->bad_slot = true;
	return rc;
}

static int ring_main(struct rb_storm_actor *a, void *d, int cpu)
{
	return ring_push(a, d, cpu, 0);
}

static int ring_handler(struct rb_storm_actor *a, void *d, int cpu)
{
	return ring_push(a, d, cpu, 1);
}

static intptr_t ring_counted(const void *d)
{
	const struct rb_pcpu_cmpeqv_trystorev_storev *p = d;

	return p->offset;
}

/* The slot of offset o holds what either pusher pushed there. */
static bool ring_slot_ok(const void *d, intptr_t o)
{
	const struct rb_pcpu_cmpeqv_trystorev_storev *p = d;
	intptr_t v = p->slot[o & RING_MASK];

	return v == ring_value(o, 0) || v == ring_value(o, 1);
}

static bool ring_ok(const void *d, char *why, size_t len)
{
	const struct rb_pcpu_cmpeqv_trystorev_storev *p = d;

	return rb_ring_last_ok(d, p->offset, ring_slot_ok, why, len);
}

const struct rb_op_test rb_op_test_cmpeqv_trystorev_storev = {
	.name = "cmpeqv_trystorev_storev",
	.semantics = {
		.cases = trystorev_cases,
		.forced_abort = trystorev_forced_abort,
	},
	.verify = {
		.size = sizeof(struct ring_model),
		.setup = ring_setup,
		.run = ring_run,
		.conflict = ring_conflict,
		.committed = ring_committed,
		.check = ring_check,
	},
	.storm = {
		.size = sizeof(struct rb_pcpu_cmpeqv_trystorev_storev),
		.reset = ring_reset,
		.main = ring_main,
		.handler = ring_handler,
		.counted = ring_counted,
		.cpu_ok = ring_ok,
	},
};
