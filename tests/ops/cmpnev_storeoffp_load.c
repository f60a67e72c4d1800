// SPDX-License-Identifier: MIT
/*
 * cmpnev_storeoffp_load: list pop.  If (*v != expectnot) { *load = *v;
 * *v = *(*v + voffp); } else compare-fail.  What it means to the tests
 * (tests/op_test.h): semantics, the verifier's model, the storm driver,
 * which pushes with cmpeqv_storev.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "op_test.h"
#include "tap.h"

#define NODE_OFF ((long)offsetof(struct rb_list_node, next))
#define SENTINEL ((intptr_t)0x5e5e5e5e)

static void pop_cases(const struct rb_op_sem *s)
{
	struct rb_list_node n[3] = {
		{ .next = &n[1], .data = 0 },
		{ .next = &n[2], .data = 1 },
		{ .next = NULL, .data = 2 },
	};
	intptr_t head = (intptr_t)&n[0], load;
	bool order_ok = true;
	int i, rc;

	/* Pops come out in list order and each one advances head. */
	for (i = 0; i < 3; i++) {
		load = SENTINEL;
		rc = RB_OP_RUN(s, cmpnev_storeoffp_load, &head, 0, NODE_OFF,
			       &load);
		if (rc != RB_OK || load != (intptr_t)&n[i] ||
		    head != (intptr_t)n[i].next)
			order_ok = false;
	}
	CHECK(order_ok && head == 0,
	      "%s cmpnev_storeoffp_load: pops n0, n1, n2 in order, head ends NULL",
	      s->name);

	load = SENTINEL;
	rc = RB_OP_RUN(s, cmpnev_storeoffp_load, &head, 0, NODE_OFF, &load);
	CHECK(rc == RB_CMPFAIL && head == 0 && load == SENTINEL,
	      "%s cmpnev_storeoffp_load: empty is RB_CMPFAIL, head and *load kept (rc %d)",
	      s->name, rc);
	CHECK(n[0].next == &n[1] && n[1].next == &n[2] && !n[2].next,
	      "%s cmpnev_storeoffp_load: nodes themselves never written",
	      s->name);
}

static void pop_forced_abort(const struct rb_op_sem *s)
{
	struct rb_list_node n[2] = { { .next = &n[1] }, { .next = NULL } };
	intptr_t head = (intptr_t)&n[0], load = SENTINEL;
	int rc;

	rc = RB_OP_RUN_WRONG(s, cmpnev_storeoffp_load, &head, 0, NODE_OFF,
			     &load);
	CHECK(rc == RB_ABORT && head == (intptr_t)&n[0] && load == SENTINEL &&
	      n[0].next == &n[1],
	      "%s cmpnev_storeoffp_load: wrong cpu is RB_ABORT, list and *load kept (rc %d)",
	      s->name, rc);
}

/* Verifier: node[0] -> node[1] -> node[2], node[3] spare for the other. */
#define V_NODES 4

struct list_model {
	intptr_t head, popped;
	struct rb_list_node node[V_NODES];
	int other_popped;	/* node the other thread took, or -1 */
	int spare;		/* node the other thread pushes, or -1 */
};

static void list_setup(void *d, enum v_path path, struct v_args *a)
{
	struct list_model *m = d;
	int i;

	for (i = 0; i < V_NODES; i++) {
		m->node[i].next = i + 1 < V_NODES - 1 ? &m->node[i + 1] : NULL;
		m->node[i].data = i;
	}
	m->head = path == VP_CMPFAIL ? 0 : (intptr_t)&m->node[0];
	m->popped = 0;
	m->other_popped = -1;
	m->spare = V_NODES - 1;
	a->expect = 0;
}

static int list_run(const struct rb_op_fns *f, const struct rb_tls *t,
		    void *d, const struct v_args *a)
{
	struct list_model *m = d;

	return f->cmpnev_storeoffp_load(t, &m->head, a->expect, NODE_OFF,
					&m->popped, a->cpu);
}

/* The other thread pops the head (if any) and pushes its spare node. */
static void list_conflict(void *d, const void *init)
{
	struct list_model *m = d;
	struct rb_list_node *h = (struct rb_list_node *)m->head;

	if (h) {
		m->other_popped = (int)(h - m->node);
		m->head = (intptr_t)h->next;
	}
	m->node[m->spare].next = (struct rb_list_node *)m->head;
	m->head = (intptr_t)&m->node[m->spare];
	m->spare = -1;
}

static bool list_committed(const void *d, const void *init)
{
	const struct list_model *m = d, *i = init;

	return m->head != i->head;
}

static int list_index(const struct list_model *m, intptr_t p)
{
	intptr_t i = (p - (intptr_t)m->node) / (intptr_t)sizeof(m->node[0]);

	if (i < 0 || i >= V_NODES || p != (intptr_t)&m->node[i])
		return -1;
	return (int)i;
}

/*
 * Every node must be in exactly one place: on the list, popped by us,
 * popped by the other thread, still spare, or never on the list (the
 * compare-fail path starts with an empty list).
 */
static const char *list_check(const void *d, const void *init, int rc,
			      int nconf, char *detail, size_t len)
{
	const struct list_model *m = d, *m0 = init;
	int seen[V_NODES] = { 0 }, i, steps = 0;
	intptr_t p;

	for (p = m->head; p; p = (intptr_t)((struct rb_list_node *)p)->next) {
		i = list_index(m, p);
		if (i < 0 || ++steps > V_NODES) {
			snprintf(detail, len, "list broken after %d nodes",
				 steps);
			return "structure";
		}
		seen[i]++;
	}
	if (rc == RB_OK) {
		i = list_index(m, m->popped);
		if (i < 0) {
			snprintf(detail, len, "popped %#" PRIxPTR, m->popped);
			return "exactly-once";
		}
		seen[i]++;
	}
	if (m->other_popped >= 0)
		seen[m->other_popped]++;
	if (m->spare >= 0)
		seen[m->spare]++;
	if (!m0->head)
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
 * Storm: each cpu's list of its own NODES_PER_CPU nodes.  The main loop
 * pops a node and pushes it back (two operations, never stopped in
 * between); the handler pops into its stash or pushes from it.
 */
#define NODES_PER_CPU 64
#define STASH 8		/* nodes a handler may hold between signals */

struct list_cpu {
	intptr_t head __attribute__((aligned(128)));
	struct rb_list_node node[NODES_PER_CPU];
};

struct list_actor {
	struct rb_list_node *node;	/* the main loop's, popped */
	struct rb_list_node *stash[STASH];	/* the handler's */
	int nstash;
};

_Static_assert(sizeof(struct list_actor) <= RB_STORM_STATE_MAX,
	       "the list's state fits an actor's");

static void list_reset(void *d, int cpu)
{
	struct list_cpu *l = d;
	int i;

	l->head = 0;
	for (i = 0; i < NODES_PER_CPU; i++) {
		l->node[i].data = cpu * NODES_PER_CPU + i;
		l->node[i].next = (struct rb_list_node *)l->head;
		l->head = (intptr_t)&l->node[i];
	}
}

static int list_main(struct rb_storm_actor *a, void *d, int cpu)
{
	struct list_actor *s = (struct list_actor *)a->state.bytes;
	struct list_cpu *l = d;
	intptr_t o, load = 0;
	int rc;

	if (!s->node) {
		rc = a->fn->cmpnev_storeoffp_load(a->tls, &l->head, 0,
						  NODE_OFF, &load, cpu);
		if (rc == RB_CMPFAIL)
			return RB_OP_EMPTY;
		if (rc == RB_OK) {
			s->node = (struct rb_list_node *)load;
			a->pending = true;
		}
		return rc;
	}
	/* The node is ours: next is set outside. */
	o = RB_READ_ONCE(l->head);
	s->node->next = (struct rb_list_node *)o;
	rc = a->fn->cmpeqv_storev(a->tls, &l->head, o, (intptr_t)s->node,
				  cpu);
	if (rc == RB_OK) {
		s->node = NULL;
		a->pending = false;
	}
	return rc;
}

static int list_handler(struct rb_storm_actor *a, void *d, int cpu)
{
	struct list_actor *s = (struct list_actor *)a->state.bytes;
	struct list_cpu *l = d;
	intptr_t load = 0, head;
	bool push;
	int rc;

	a->rnd = a->rnd * 1103515245u + 12345u;
	push = s->nstash == STASH || (s->nstash && (a->rnd >> 16) & 1);
	if (!push) {
		rc = a->fn->cmpnev_storeoffp_load(a->tls, &l->head, 0,
						  NODE_OFF, &load, cpu);
		if (rc == RB_OK)
			s->stash[s->nstash++] = (struct rb_list_node *)load;
		return rc == RB_CMPFAIL ? RB_OP_EMPTY : rc;
	}
	head = RB_READ_ONCE(l->head);
	s->stash[s->nstash - 1]->next = (struct rb_list_node *)head;
	rc = a->fn->cmpeqv_storev(a->tls, &l->head, head,
				  (intptr_t)s->stash[s->nstash - 1], cpu);
	if (rc == RB_OK)
		s->nstash--;
	return rc;
}

/* The node's number over every cpu's pool, or false if none is it. */
static bool node_index(const struct rb_storm_view *v,
		       const struct rb_list_node *n, long *i)
{
	uintptr_t off = (uintptr_t)n - (uintptr_t)v->data;
	uintptr_t c = off / v->stride;
	const struct list_cpu *l;
	uintptr_t j;

	if ((uintptr_t)n < (uintptr_t)v->data || c >= (uintptr_t)v->ncpus)
		return false;
	l = (const void *)(v->data + c * v->stride);
	if ((uintptr_t)n < (uintptr_t)l->node)
		return false;
	j = (uintptr_t)(n - l->node);
	if (j >= NODES_PER_CPU || n != &l->node[j])
		return false;
	*i = (long)(c * NODES_PER_CPU + j);
	return true;
}

/*
 * Every node on exactly one list or handler stash, and no cycle: every
 * list walked (bounded, so that a cycle ends it), every stash counted.
 */
static bool list_ok(const struct rb_storm_view *v, char *why, size_t len)
{
	long nnodes = (long)v->ncpus * NODES_PER_CPU;
	unsigned char *mark = calloc((size_t)nnodes, 1);
	long seen = 0, dups = 0, stray = 0, i;
	int c, k;

	if (!mark)
		stray = -1;
	for (c = 0; mark && c < v->ncpus; c++) {
		const struct list_cpu *l = (const void *)(v->data +
							  c * v->stride);
		const struct rb_list_node *n = (const void *)l->head;
		long steps;

		for (steps = 0; n && steps <= nnodes; steps++) {
			if (!node_index(v, n, &i)) {
				stray++;
				break;
			}
			if (mark[i]++) {
				dups++;
				break;
			}
			seen++;
			n = n->next;
		}
	}
	for (k = 0; mark && k < v->nhandlers; k++) {
		const struct list_actor *s =
			(const void *)v->handlers[k]->state.bytes;

		for (c = 0; c < s->nstash; c++) {
			if (!node_index(v, s->stash[c], &i))
				stray++;
			else if (mark[i]++)
				dups++;
			else
				seen++;
		}
	}
	free(mark);
	snprintf(why, len, "nodes seen %ld of %ld, dup/cycle %ld, stray %ld",
		 seen, nnodes, dups, stray);
	return seen == nnodes && !dups && !stray;
}

const struct rb_op_test rb_op_test_cmpnev_storeoffp_load = {
	.name = "cmpnev_storeoffp_load",
	.semantics = {
		.cases = pop_cases,
		.forced_abort = pop_forced_abort,
	},
	.verify = {
		.size = sizeof(struct list_model),
		.setup = list_setup,
		.run = list_run,
		.conflict = list_conflict,
		.committed = list_committed,
		.check = list_check,
	},
	.storm = {
		.size = sizeof(struct list_cpu),
		.reset = list_reset,
		.main = list_main,
		.handler = list_handler,
		.all_ok = list_ok,
	},
};
