// SPDX-License-Identifier: MIT
/*
 * Per operation, what the preemption-point verifier needs to judge a
 * run: set up one path, apply a conflicting operation of another
 * thread, tell whether our commit is visible, and check the outcome.
 * Checks return the name of the failed check (and a detail) or NULL.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "verify_ops.h"

static void addv_setup(struct v_data *d, enum v_path path, struct v_args *a)
{
	d->counter = 40;
	a->expect = 0;
}

static void addv_conflict(struct v_data *d)
{
	d->counter += V_CONFLICT_ADD;
}

static bool addv_committed(const struct v_data *d)
{
	return (d->counter - init.counter) % V_CONFLICT_ADD != 0;
}

static const char *addv_check(const struct v_data *d, int rc, int nconf,
			      char *detail, size_t len)
{
	intptr_t want = init.counter + nconf * V_CONFLICT_ADD +
			(rc == RB_OK ? 1 : 0);

	if (d->counter == want)
		return NULL;
	snprintf(detail, len, "counter %" PRIdPTR ", want %" PRIdPTR,
		 d->counter, want);
	return "exactly-once";
}

static void storev_setup(struct v_data *d, enum v_path path, struct v_args *a)
{
	d->word = 5;
	a->expect = path == VP_CMPFAIL ? 4 : 5;
}

static void storev_conflict(struct v_data *d)
{
	d->word += V_CONFLICT_ADD;
}

static bool storev_committed(const struct v_data *d)
{
	return d->word % V_CONFLICT_ADD != init.word;
}

/*
 * The commit stores expect + 1 over whatever is there: a conflict that
 * came before it and was not aborted is lost, which shows as a word
 * without the conflict's addition.
 */
static const char *storev_check(const struct v_data *d, int rc, int nconf,
				char *detail, size_t len)
{
	intptr_t base = rc == RB_OK ? init.word + 1 : init.word;
	intptr_t want = base + nconf * V_CONFLICT_ADD;

	if (d->word == want)
		return NULL;
	snprintf(detail, len, "word %" PRIdPTR ", want %" PRIdPTR, d->word,
		 want);
	return "exactly-once";
}

/* List: node[0] -> node[1] -> node[2], node[3] spare for the other. */
static void list_setup(struct v_data *d, enum v_path path, struct v_args *a)
{
	int i;

	for (i = 0; i < V_NODES; i++) {
		d->node[i].next = i + 1 < V_NODES - 1 ? &d->node[i + 1] : NULL;
		d->node[i].data = i;
	}
	d->head = path == VP_CMPFAIL ? 0 : (intptr_t)&d->node[0];
	d->popped = 0;
	d->other_popped = -1;
	d->spare = V_NODES - 1;
	a->expect = 0;
}

/* The other thread pops the head (if any) and pushes its spare node. */
static void list_conflict(struct v_data *d)
{
	struct rb_list_node *h = (struct rb_list_node *)d->head;

	if (h) {
		d->other_popped = (int)(h - d->node);
		d->head = (intptr_t)h->next;
	}
	d->node[d->spare].next = (struct rb_list_node *)d->head;
	d->head = (intptr_t)&d->node[d->spare];
	d->spare = -1;
}

static bool list_committed(const struct v_data *d)
{
	return d->head != init.head;
}

static int list_index(const struct v_data *d, intptr_t p)
{
	intptr_t i = (p - (intptr_t)d->node) / (intptr_t)sizeof(d->node[0]);

	if (i < 0 || i >= V_NODES || p != (intptr_t)&d->node[i])
		return -1;
	return (int)i;
}

/*
 * Every node must be in exactly one place: on the list, popped by us,
 * popped by the other thread, still spare, or never on the list (the
 * compare-fail path starts with an empty list).
 */
static const char *list_check(const struct v_data *d, int rc, int nconf,
			      char *detail, size_t len)
{
	int seen[V_NODES] = { 0 }, i, steps = 0;
	intptr_t p;

	for (p = d->head; p; p = (intptr_t)((struct rb_list_node *)p)->next) {
		i = list_index(d, p);
		if (i < 0 || ++steps > V_NODES) {
			snprintf(detail, len, "list broken after %d nodes",
				 steps);
			return "structure";
		}
		seen[i]++;
	}
	if (rc == RB_OK) {
		i = list_index(d, d->popped);
		if (i < 0) {
			snprintf(detail, len, "popped %#" PRIxPTR, d->popped);
			return "exactly-once";
		}
		seen[i]++;
	}
	if (d->other_popped >= 0)
		seen[d->other_popped]++;
	if (d->spare >= 0)
		seen[d->spare]++;
	if (!init.head)
		for (i = 0; i < V_NODES - 1; i++)
			seen[i]++;
	for (i = 0; i < V_NODES; i++)
		if (seen[i] != 1) {
			snprintf(detail, len, "node %d accounted %d times", i,
				 seen[i]);
			return "exactly-once";
		}
	return NULL;
}

/*
 * Rings: slots [init, offset) must hold whole records, ours exactly
 * once if we committed and the other thread's once per conflict; the
 * slot below init is an older record nobody may touch.
 */
static void ring_setup(struct v_data *d, enum v_path path, struct v_args *a)
{
	int i;

	d->ring_off = 1;
	d->copy_off = 1;
	for (i = 0; i < V_SLOTS; i++) {
		d->ring[i] = 0x55;
		memset(d->copy[i], 0x55, V_COPY);
	}
	memset(d->src, V_OURS, V_COPY);
	a->expect = path == VP_CMPFAIL ? 0 : 1;
}

static void ring_conflict(struct v_data *d)
{
	d->ring[d->ring_off & (V_SLOTS - 1)] = V_THEIRS;
	d->ring_off++;
}

static void copy_conflict(struct v_data *d)
{
	memset(d->copy[d->copy_off & (V_SLOTS - 1)], V_THEIRS, V_COPY);
	d->copy_off++;
}

static bool ring_committed(const struct v_data *d)
{
	return d->ring_off != init.ring_off;
}

static bool copy_committed(const struct v_data *d)
{
	return d->copy_off != init.copy_off;
}

/* What one slot holds: a whole record of one writer, or -1. */
static int slot_owner(const char *s, size_t n)
{
	size_t i;

	for (i = 1; i < n; i++)
		if (s[i] != s[0])
			return -1;
	return s[0];
}

static const char *slots_check(intptr_t off, intptr_t off0,
			       int (*owner)(const struct v_data *, int),
			       const struct v_data *d, int rc, int nconf,
			       char *detail, size_t len)
{
	intptr_t want = off0 + nconf + (rc == RB_OK ? 1 : 0), i;
	int ours = 0, theirs = 0, o;

	if (off != want) {
		snprintf(detail, len, "offset %" PRIdPTR ", want %" PRIdPTR,
			 off, want);
		return "exactly-once";
	}
	for (i = 0; i < off; i++) {
		o = owner(d, (int)(i & (V_SLOTS - 1)));
		if (i < off0 ? o != 0x55 :
		    (o != V_OURS && o != V_THEIRS)) {
			snprintf(detail, len, "slot %" PRIdPTR " holds %#x",
				 i, o);
			return "structure";
		}
		ours += i >= off0 && o == V_OURS;
		theirs += i >= off0 && o == V_THEIRS;
	}
	if (ours != (rc == RB_OK) || theirs != nconf) {
		snprintf(detail, len, "%d of our records, %d of theirs", ours,
			 theirs);
		return "exactly-once";
	}
	return NULL;
}

static int ring_owner(const struct v_data *d, int slot)
{
	return (int)d->ring[slot];
}

static int copy_owner(const struct v_data *d, int slot)
{
	return slot_owner(d->copy[slot], V_COPY);
}

static const char *ring_check(const struct v_data *d, int rc, int nconf,
			      char *detail, size_t len)
{
	return slots_check(d->ring_off, init.ring_off, ring_owner, d, rc,
			   nconf, detail, len);
}

static const char *copy_check(const struct v_data *d, int rc, int nconf,
			      char *detail, size_t len)
{
	return slots_check(d->copy_off, init.copy_off, copy_owner, d, rc,
			   nconf, detail, len);
}

/*
 * cmpeqv_cmpeqv_storev: the word as in cmpeqv_storev, guarded by a
 * generation the other thread bumps; the compare-fail path fails on
 * the guard.  A commit after a bump came through a stale guard.
 */
static void storev2_setup(struct v_data *d, enum v_path path,
			  struct v_args *a)
{
	storev_setup(d, VP_SUCCESS, a);
	d->guard = path == VP_CMPFAIL ? V_GUARD + 1 : V_GUARD;
	d->gconf_before = 0;
}

static void storev2_conflict(struct v_data *d)
{
	if (!storev_committed(d))
		d->gconf_before++;
	d->guard++;
}

static const char *storev2_check(const struct v_data *d, int rc, int nconf,
				 char *detail, size_t len)
{
	intptr_t want = rc == RB_OK ? init.word + 1 : init.word;

	if (d->word != want) {
		snprintf(detail, len, "word %" PRIdPTR ", want %" PRIdPTR,
			 d->word, want);
		return "exactly-once";
	}
	if (rc == RB_OK && d->gconf_before) {
		snprintf(detail, len, "committed after %d guard change(s)",
			 d->gconf_before);
		return "stale-guard";
	}
	return NULL;
}

/*
 * offset_deref_addv: the other thread swaps the pointer between two
 * arrays and adds to the counter it now points at, as the selftests'
 * membarrier test swaps lists.  Our add must land, exactly once, in
 * the array the pointer named when we committed: one that lands in
 * the other came through a pointer loaded before a swap.
 */
static void deref_setup(struct v_data *d, enum v_path path,
			struct v_args *a)
{
	d->da[0] = d->db[0] = 0;
	d->da[1] = 40;
	d->db[1] = 70;
	d->dptr = (intptr_t)d->da;
	d->dconf_before = 0;
	a->expect = 0;
}

static bool deref_committed(const struct v_data *d)
{
	return (d->da[1] + d->db[1] - init.da[1] - init.db[1]) %
	       V_CONFLICT_ADD != 0;
}

static void deref_conflict(struct v_data *d)
{
	intptr_t *to = d->dptr == (intptr_t)d->da ? d->db : d->da;

	if (!deref_committed(d))
		d->dconf_before++;
	d->dptr = (intptr_t)to;
	to[1] += V_CONFLICT_ADD;
}

static const char *deref_check(const struct v_data *d, int rc, int nconf,
			       char *detail, size_t len)
{
	intptr_t sum = d->da[1] + d->db[1], ours;
	intptr_t want = init.da[1] + init.db[1] + nconf * V_CONFLICT_ADD +
			(rc == RB_OK ? 1 : 0);
	bool in_a = !(d->dconf_before & 1);

	if (sum != want) {
		snprintf(detail, len, "counters sum to %" PRIdPTR
			 ", want %" PRIdPTR, sum, want);
		return "exactly-once";
	}
	if (rc != RB_OK)
		return NULL;
	ours = in_a ? d->da[1] - init.da[1] : d->db[1] - init.db[1];
	if (ours % V_CONFLICT_ADD == 1)
		return NULL;
	snprintf(detail, len, "added through the pointer before swap %d",
		 d->dconf_before);
	return "stale-pointer";
}

const struct v_op ops[] = {
	[RB_OP_ID_addv] = { "addv", false, addv_setup, addv_conflict,
			    addv_committed, addv_check },
	[RB_OP_ID_cmpeqv_storev] = { "cmpeqv_storev", true, storev_setup,
				     storev_conflict, storev_committed,
				     storev_check },
	[RB_OP_ID_cmpnev_storeoffp_load] = { "cmpnev_storeoffp_load", true,
					     list_setup, list_conflict,
					     list_committed, list_check },
	[RB_OP_ID_cmpeqv_trystorev_storev] = { "cmpeqv_trystorev_storev",
					       true, ring_setup,
					       ring_conflict, ring_committed,
					       ring_check },
	[RB_OP_ID_cmpeqv_trymemcpy_storev] = { "cmpeqv_trymemcpy_storev",
					       true, ring_setup,
					       copy_conflict, copy_committed,
					       copy_check },
	[RB_OP_ID_cmpeqv_cmpeqv_storev] = { "cmpeqv_cmpeqv_storev", true,
					    storev2_setup, storev2_conflict,
					    storev_committed, storev2_check },
	[RB_OP_ID_offset_deref_addv] = { "offset_deref_addv", false,
					 deref_setup, deref_conflict,
					 deref_committed, deref_check },
};
_Static_assert(sizeof(ops) / sizeof(ops[0]) == RB_NOP,
	       "every registered operation has its verifier model");
