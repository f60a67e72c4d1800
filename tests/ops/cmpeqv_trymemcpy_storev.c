// SPDX-License-Identifier: MIT
/*
 * cmpeqv_trymemcpy_storev: if (*v == expect) { memcpy(dst, src, len);
 * *v = newv; } else compare-fail: a ring push of a record.  What it
 * means to the tests (tests/op_test.h): semantics, the verifier's
 * model, the storm driver.
 */
#include <string.h>

#include "op_ring.h"
#include "tap.h"

/* Semantics: dst = buf + GUARD, every byte around it POISON. */
#define GUARD 16
#define MAXLEN 100
#define POISON 0xaa

static unsigned char src[MAXLEN];
static unsigned char buf[GUARD + MAXLEN + GUARD];

/* dst = buf + GUARD holds src[0, len) and every other byte is POISON. */
static bool buf_holds(size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(buf); i++) {
		bool in = i >= GUARD && i < GUARD + len;
		unsigned char want = in ? src[i - GUARD] : POISON;

		if (buf[i] != want)
			return false;
	}
	return true;
}

static void trymemcpy_cases(const struct rb_op_sem *s)
{
	static const size_t lens[] = { 0, 1, 16, MAXLEN };
	char what[64] = "";
	intptr_t v;
	unsigned int i;
	bool ok = true;
	int rc;

	for (i = 0; i < MAXLEN; i++)
		src[i] = (unsigned char)(i * 7 + 1);	/* never POISON */
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		memset(buf, POISON, sizeof(buf));
		v = 3;
		rc = RB_OP_RUN(s, cmpeqv_trymemcpy_storev, &v, 3, buf + GUARD,
			       src, lens[i], 4);
		if (rc != RB_OK || v != 4 || !buf_holds(lens[i])) {
			ok = false;
			snprintf(what, sizeof(what), " (len %zu: rc %d, v %ld)",
				 lens[i], rc, (long)v);
		}
	}
	CHECK(ok, "%s cmpeqv_trymemcpy_storev: equal copies exactly len (0/1/16/100), guards kept, v stored%s",
	      s->name, what);

	memset(buf, POISON, sizeof(buf));
	v = 7;
	rc = RB_OP_RUN(s, cmpeqv_trymemcpy_storev, &v, 6, buf + GUARD, src,
		       MAXLEN, 8);
	CHECK(rc == RB_CMPFAIL && v == 7 && buf_holds(0),
	      "%s cmpeqv_trymemcpy_storev: not equal copies nothing, v kept (rc %d)",
	      s->name, rc);
}

static void trymemcpy_forced_abort(const struct rb_op_sem *s)
{
	intptr_t v = 3;
	int rc;

	memset(buf, POISON, sizeof(buf));
	rc = RB_OP_RUN_WRONG(s, cmpeqv_trymemcpy_storev, &v, 3, buf + GUARD,
			     src, MAXLEN, 4);
	CHECK(rc == RB_ABORT && v == 3 && buf_holds(0),
	      "%s cmpeqv_trymemcpy_storev: wrong cpu is RB_ABORT, v and dst kept (rc %d)",
	      s->name, rc);
}

/* Verifier: a ring of V_SLOTS records of V_COPY bytes, pushed at 1. */
#define V_COPY 8

struct copy_model {
	intptr_t off;
	char slot[V_SLOTS][V_COPY], src[V_COPY];
};

static void copy_setup(void *d, enum v_path path, struct v_args *a)
{
	struct copy_model *m = d;
	int i;

	m->off = 1;
	for (i = 0; i < V_SLOTS; i++)
		memset(m->slot[i], V_OLD, V_COPY);
	memset(m->src, V_OURS, V_COPY);
	a->expect = path == VP_CMPFAIL ? 0 : 1;
}

static int copy_run(const struct rb_op_fns *f, const struct rb_tls *t,
		    void *d, const struct v_args *a)
{
	struct copy_model *m = d;

	return f->cmpeqv_trymemcpy_storev(t, &m->off, a->expect,
		m->slot[a->expect & (V_SLOTS - 1)], m->src, V_COPY,
		a->expect + 1, a->cpu);
}

static void copy_conflict(void *d, const void *init)
{
	struct copy_model *m = d;

	memset(m->slot[m->off & (V_SLOTS - 1)], V_THEIRS, V_COPY);
	m->off++;
}

static bool copy_committed(const void *d, const void *init)
{
	const struct copy_model *m = d, *i = init;

	return m->off != i->off;
}

/* What one slot holds: a whole record of one writer, or -1. */
static int copy_owner(const void *d, int slot)
{
	const struct copy_model *m = d;
	const char *s = m->slot[slot];
	size_t i;

	for (i = 1; i < V_COPY; i++)
		if (s[i] != s[0])
			return -1;
	return s[0];
}

static const char *copy_check(const void *d, const void *init, int rc,
			      int nconf, char *detail, size_t len)
{
	const struct copy_model *m = d, *i = init;

	return rb_ring_slots_check(m->off, i->off, copy_owner, d, rc, nconf,
				   detail, len);
}

/*
 * Storm: each cpu's ring of RB_RING_SLOTS records; each push checks its
 * slot right after committing.
 */
#define RING_MASK (RB_RING_SLOTS - 1)

/* One record: the offset it was pushed at and who pushed it. */
struct record {
	intptr_t off;
	uint64_t check __attribute__((aligned(8)));	/* i386: 4 */
};

_Static_assert(sizeof(struct record) == RB_MEMCPY_LEN, "record size");
_Static_assert(sizeof(struct record) <= RB_STORM_STATE_MAX,
	       "a record fits an actor's state");

/* Different for every offset and pusher, so a mixed copy shows. */
static void make_record(struct record *r, intptr_t off, int who)
{
	/* Records are compared whole: 32-bit intptr_t leaves padding. */
	memset(r, 0, sizeof(*r));
	r->off = off;
	r->check = (uint64_t)off * 0x9e3779b97f4a7c15ULL ^
		   (who ? ~0ULL : 0ULL);
}

/* The slot of offset o holds the record either pusher pushed there. */
static bool copy_slot_ok(const void *d, intptr_t o)
{
	const struct rb_pcpu_cmpeqv_trymemcpy_storev *p = d;
	const char *r = p->slot[o & RING_MASK];
	struct record a, b;

	make_record(&a, o, 0);
	make_record(&b, o, 1);
	return !memcmp(r, &a, sizeof(a)) || !memcmp(r, &b, sizeof(b));
}

static void copy_reset(void *d, int cpu)
{
	rb_init_cmpeqv_trymemcpy_storev(d);
}

/* The record to copy is the actor's own: a handler may not touch ours. */
static int copy_push(struct rb_storm_actor *a, void *d, int cpu, int who)
{
	struct rb_pcpu_cmpeqv_trymemcpy_storev *p = d;
	struct record *r = (struct record *)a->state.bytes;
	intptr_t o = RB_READ_ONCE(p->offset);
	int rc;

	make_record(r, o, who);
	rc = a->fn->cmpeqv_trymemcpy_storev(a->tls, &p->offset, o,
					    p->slot[o & RING_MASK], r,
					    RB_MEMCPY_LEN, o + 1, cpu);
	if (rc == RB_OK &&
	    memcmp(p->slot[o & RING_MASK], r, RB_MEMCPY_LEN) &&
	    !rb_ring_reused(&p->offset, o))
		a->bad_slot = true;
	return rc;
}

static int copy_main(struct rb_storm_actor *a, void *d, int cpu)
{
	return copy_push(a, d, cpu, 0);
}

static int copy_handler(struct rb_storm_actor *a, void *d, int cpu)
{
	return copy_push(a, d, cpu, 1);
}

static intptr_t copy_counted(const void *d)
{
	const struct rb_pcpu_cmpeqv_trymemcpy_storev *p = d;

	return p->offset;
}

static bool copy_ok(const void *d, char *why, size_t len)
{
	const struct rb_pcpu_cmpeqv_trymemcpy_storev *p = d;

	return rb_ring_last_ok(d, p->offset, copy_slot_ok, why, len);
}

const struct rb_op_test rb_op_test_cmpeqv_trymemcpy_storev = {
	.name = "cmpeqv_trymemcpy_storev",
	.semantics = {
		.cases = trymemcpy_cases,
		.forced_abort = trymemcpy_forced_abort,
	},
	.verify = {
		.size = sizeof(struct copy_model),
		.setup = copy_setup,
		.run = copy_run,
		.conflict = copy_conflict,
		.committed = copy_committed,
		.check = copy_check,
	},
	.storm = {
		.size = sizeof(struct rb_pcpu_cmpeqv_trymemcpy_storev),
		.reset = copy_reset,
		.main = copy_main,
		.handler = copy_handler,
		.counted = copy_counted,
		.cpu_ok = copy_ok,
	},
};
