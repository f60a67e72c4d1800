// SPDX-License-Identifier: MIT
/*
 * Per operation, what a storm runs and checks: the main loop's step
 * with the retry idiom, the handler's conflicting operation, the data
 * each cell starts from, and what that data must say at the end.
 */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "storm.h"

/*
 * A sequence that aborts this often in a row never commits: a model
 * that restarts forever, not the storm.  Stop instead of spinning.
 */
#define MAX_TRIES 1000000

/* offset_deref_addv: from the entry its pointer names to its counter. */
#define DEREF_OFF ((intptr_t)offsetof(struct rb_pcpu_offset_deref_addv, count))

#define RING_MASK (RB_RING_SLOTS - 1)

#define SPROTO(P)                                                       \
	const struct sproto sp_##P = {                           \
		.name = RB_NAME(P), .id = RB_PROTO_ID_##P,              \
		.kproto = rb_protos[RB_PROTO_##P].kproto,               \
		.addv = rb_addv_##P,                                    \
		.cmpeqv_storev = rb_cmpeqv_storev_##P,                  \
		.pop = rb_cmpnev_storeoffp_load_##P,                    \
		.trystorev = rb_cmpeqv_trystorev_storev_##P,            \
		.trymemcpy = rb_cmpeqv_trymemcpy_storev_##P,            \
		.cmp2 = rb_cmpeqv_cmpeqv_storev_##P,                    \
		.deref = rb_offset_deref_addv_##P,                      \
	};
RB_FOR_EACH_SEQ_PROTO(SPROTO)

const struct sproto *const protos[] = {
	&sp_regabort, &sp_twostore, &sp_descriptor, &sp_descriptor_eager,
};
const unsigned int nprotos = sizeof(protos) / sizeof(protos[0]);

/* Different for every offset and pusher, so a mixed copy shows. */
static void make_record(struct record *r, intptr_t off, int who)
{
	/* Records are compared whole: 32-bit intptr_t leaves padding. */
	memset(r, 0, sizeof(*r));
	r->off = off;
	r->check = (uint64_t)off * 0x9e3779b97f4a7c15ULL ^
		   (who ? ~0ULL : 0ULL);
}

static bool record_ok(const struct record *r, intptr_t off)
{
	struct record a, b;

	make_record(&a, off, 0);
	make_record(&b, off, 1);
	return !memcmp(r, &a, sizeof(a)) || !memcmp(r, &b, sizeof(b));
}

/* Ring values: the offset, and the pusher in bit 0. */
static intptr_t ring_value(intptr_t off, int who)
{
	return off * 2 + who;
}

static void handler_list(struct worker *w, struct pcpu *d)
{
	const long off = offsetof(struct rb_list_node, next);
	const struct sproto *p = w->cell->p;
	intptr_t load = 0, head;
	bool push;
	int rc;

	w->rnd = w->rnd * 1103515245u + 12345u;
	push = w->nstash == STASH || (w->nstash && (w->rnd >> 16) & 1);
	if (!push) {
		rc = p->pop(&w->htls, &d->list.head, 0, off, &load, w->cpu);
		if (rc == RB_OK) {
			w->stash[w->nstash++] = (struct rb_list_node *)load;
			w->hdone++;
		} else if (rc == RB_CMPFAIL) {
			w->hempties++;
		} else {
			w->hfail = true;
		}
		return;
	}
	head = RB_READ_ONCE(d->list.head);
	w->stash[w->nstash - 1]->next = (struct rb_list_node *)head;
	rc = p->cmpeqv_storev(&w->htls, &d->list.head, head,
			      (intptr_t)w->stash[w->nstash - 1], w->cpu);
	if (rc == RB_OK) {
		w->nstash--;
		w->hdone++;
	} else {
		w->hfail = true;
	}
}

/*
 * The conflicting operation.  Nothing else runs on this cpu's data
 * while the handler does, so anything but RB_OK (or an empty list) is
 * a failure.
 */
void handler_op(struct worker *w)
{
	const struct sproto *p = w->cell->p;
	struct pcpu *d = &pcpu[w->cpu];
	intptr_t o;
	int rc = RB_OK;

	switch (w->cell->op) {
	case OP_ADDV:
		rc = p->addv(&w->htls, &d->addv.count, 1, w->cpu);
		break;
	case OP_CMPEQV:
		o = RB_READ_ONCE(d->word.word);
		rc = p->cmpeqv_storev(&w->htls, &d->word.word, o, o + 1,
				      w->cpu);
		break;
	case OP_CMP2:
		o = RB_READ_ONCE(d->word2.word);
		rc = p->cmp2(&w->htls, &d->word2.word, o, &d->word2.guard,
			     RB_READ_ONCE(d->word2.guard), o + 1, w->cpu);
		break;
	case OP_DEREF:
		rc = p->deref(&w->htls, &d->deref.base, DEREF_OFF, 1, w->cpu);
		break;
	case OP_LIST:
		handler_list(w, d);
		return;
	case OP_TRYSTOREV:
		o = RB_READ_ONCE(d->ring.offset);
		rc = p->trystorev(&w->htls, &d->ring.offset, o,
				  &d->ring.slot[o & RING_MASK],
				  ring_value(o, 1), o + 1, w->cpu);
		if (rc == RB_OK &&
		    d->ring.slot[o & RING_MASK] != ring_value(o, 1))
			w->bad_slot = true;
		break;
	case OP_TRYMEMCPY:
		o = RB_READ_ONCE(d->mring.offset);
		make_record(&w->hsrc, o, 1);
		rc = p->trymemcpy(&w->htls, &d->mring.offset, o,
				  d->mring.slot[o & RING_MASK], &w->hsrc,
				  RB_MEMCPY_LEN, o + 1, w->cpu);
		if (rc == RB_OK && memcmp(d->mring.slot[o & RING_MASK],
					  &w->hsrc, RB_MEMCPY_LEN))
			w->bad_slot = true;
		break;
	default:
		break;
	}
	if (rc == RB_OK)
		w->hdone++;
	else
		w->hfail = true;
}

/*
 * After our push at offset o committed, handlers may run back to back
 * (a handler that outlasts the timer interval is followed at once by
 * the next signal) and push RB_RING_SLOTS more before we look at our
 * slot.  Called after the slot was read: if the offset has not gone
 * that far, what we read must still be ours.
 */
static bool reused(const intptr_t *offset, intptr_t o)
{
	asm volatile("" ::: "memory");
	return RB_READ_ONCE(*offset) > o + RB_RING_SLOTS;
}

/* The cpu an operation will use, from the thread's (emulated) area. */
static bool read_cpu(struct worker *w, int *cpu)
{
	*cpu = rb_cpu_start(&w->tls);
	if (*cpu != w->cpu) {
		w->bad_cpu = true;
		return false;
	}
	return true;
}

/*
 * One operation with the retry idiom: re-read the cpu and the
 * operands after an abort (and after a compare-fail, which here only
 * means the handler got in between reading the operands and arming).
 * Returns RB_OK, RB_CMPFAIL (empty list) or -2 (stop).
 */
int main_step(struct worker *w, enum op op, struct rb_list_node **node)
{
	const long loff = offsetof(struct rb_list_node, next);
	const struct sproto *p = w->cell->p;
	unsigned long n = 0;
	int cpu, rc;

	do {
		struct pcpu *d;
		intptr_t o, load = 0;

		if (!read_cpu(w, &cpu))
			return -2;
		d = &pcpu[cpu];
		switch (op) {
		case OP_ADDV:
			rc = p->addv(&w->tls, &d->addv.count, 1, cpu);
			break;
		case OP_CMPEQV:
			o = RB_READ_ONCE(d->word.word);
			rc = p->cmpeqv_storev(&w->tls, &d->word.word, o,
					      o + 1, cpu);
			break;
		case OP_CMP2:
			o = RB_READ_ONCE(d->word2.word);
			rc = p->cmp2(&w->tls, &d->word2.word, o,
				     &d->word2.guard,
				     RB_READ_ONCE(d->word2.guard), o + 1, cpu);
			break;
		case OP_DEREF:
			rc = p->deref(&w->tls, &d->deref.base, DEREF_OFF, 1,
				      cpu);
			break;
		case OP_LIST:
			if (!*node) {
				rc = p->pop(&w->tls, &d->list.head, 0, loff,
					    &load, cpu);
				if (rc == RB_OK)
					*node = (struct rb_list_node *)load;
				else if (rc == RB_CMPFAIL)
					return RB_CMPFAIL;
				break;
			}
			/* The node is ours: next is set outside. */
			o = RB_READ_ONCE(d->list.head);
			(*node)->next = (struct rb_list_node *)o;
			rc = p->cmpeqv_storev(&w->tls, &d->list.head, o,
					      (intptr_t)*node, cpu);
			if (rc == RB_OK)
				*node = NULL;
			break;
		case OP_TRYSTOREV:
			o = RB_READ_ONCE(d->ring.offset);
			rc = p->trystorev(&w->tls, &d->ring.offset, o,
					  &d->ring.slot[o & RING_MASK],
					  ring_value(o, 0), o + 1, cpu);
			if (rc == RB_OK &&
			    RB_READ_ONCE(d->ring.slot[o & RING_MASK]) !=
			    ring_value(o, 0) && !reused(&d->ring.offset, o))
				w->bad_slot = true;
			break;
		case OP_TRYMEMCPY:
			o = RB_READ_ONCE(d->mring.offset);
			make_record(&w->msrc, o, 0);
			rc = p->trymemcpy(&w->tls, &d->mring.offset, o,
					  d->mring.slot[o & RING_MASK],
					  &w->msrc, RB_MEMCPY_LEN, o + 1,
					  cpu);
			if (rc == RB_OK &&
			    memcmp(d->mring.slot[o & RING_MASK], &w->msrc,
				   RB_MEMCPY_LEN) &&
			    !reused(&d->mring.offset, o))
				w->bad_slot = true;
			break;
		default:
			rc = RB_OK;
			break;
		}
		if (rc == RB_ABORT)
			w->aborts++;
		else if (rc == RB_CMPFAIL)
			w->cmpfails++;
	} while (rc != RB_OK && ++n < MAX_TRIES);
	if (rc != RB_OK) {
		w->stuck = true;
		return -2;
	}
	w->done++;
	return RB_OK;
}

void reset_data(void)
{
	int c, i;

	memset(pcpu, 0, sizeof(*pcpu) * (size_t)nslots);
	for (c = 0; c < nslots; c++) {
		rb_init_addv(&pcpu[c].addv);
		rb_init_cmpeqv_storev(&pcpu[c].word);
		rb_init_cmpeqv_trystorev_storev(&pcpu[c].ring);
		rb_init_cmpeqv_trymemcpy_storev(&pcpu[c].mring);
		rb_init_cmpeqv_cmpeqv_storev(&pcpu[c].word2);
		rb_init_offset_deref_addv(&pcpu[c].deref);
	}
	for (i = 0; i < nnodes; i++) {
		struct pcpu *d = &pcpu[i % nslots];

		nodes[i].data = i;
		nodes[i].next = (struct rb_list_node *)d->list.head;
		d->list.head = (intptr_t)&nodes[i];
	}
}

struct walk {
	long seen, dups, stray;
};

static bool node_index(const struct rb_list_node *n, long *i)
{
	uintptr_t j = (uintptr_t)(n - nodes);

	if ((uintptr_t)n < (uintptr_t)nodes || j >= (uintptr_t)nnodes ||
	    n != &nodes[j])
		return false;
	*i = (long)j;
	return true;
}

/* Every list (walks bounded so that a cycle ends them) and stash. */
static struct walk walk_nodes(const struct worker *w, int nw)
{
	unsigned char *mark = calloc((size_t)nnodes, 1);
	struct walk r = { 0, 0, 0 };
	long i;
	int c, k;

	if (!mark) {
		r.stray = -1;
		return r;
	}
	for (c = 0; c < nslots; c++) {
		const struct rb_list_node *n = (const void *)pcpu[c].list.head;
		long steps;

		for (steps = 0; n && steps <= nnodes; steps++) {
			if (!node_index(n, &i)) {
				r.stray++;
				break;
			}
			if (mark[i]++) {
				r.dups++;
				break;
			}
			r.seen++;
			n = n->next;
		}
	}
	for (k = 0; k < nw; k++) {
		for (c = 0; c < w[k].nstash; c++) {
			if (!node_index(w[k].stash[c], &i))
				r.stray++;
			else if (mark[i]++)
				r.dups++;
			else
				r.seen++;
		}
	}
	free(mark);
	return r;
}

/* The last RB_RING_SLOTS pushes of cpu c are still in their slots. */
static bool ring_ok(int c, enum op op)
{
	intptr_t end = op == OP_TRYSTOREV ? pcpu[c].ring.offset :
					    pcpu[c].mring.offset;
	intptr_t o = end > RB_RING_SLOTS ? end - RB_RING_SLOTS : 0;

	for (; o < end; o++) {
		if (op == OP_TRYSTOREV) {
			intptr_t v = pcpu[c].ring.slot[o & RING_MASK];

			if (v != ring_value(o, 0) && v != ring_value(o, 1))
				return false;
		} else if (!record_ok((const void *)
				      pcpu[c].mring.slot[o & RING_MASK], o)) {
			return false;
		}
	}
	return true;
}

/* What a counting op's data says was done on cpu c; 0 for the others. */
intptr_t counted(enum op op, int c)
{
	switch (op) {
	case OP_ADDV:
		return pcpu[c].addv.count;
	case OP_CMPEQV:
		return pcpu[c].word.word;
	case OP_TRYSTOREV:
		return pcpu[c].ring.offset;
	case OP_TRYMEMCPY:
		return pcpu[c].mring.offset;
	case OP_CMP2:
		return pcpu[c].word2.word;
	case OP_DEREF:
		return pcpu[c].deref.count;
	default:
		return 0;
	}
}

/* The op's invariant over every cpu; why says what broke first. */
bool check_data(const struct cell *cl, const struct worker *w,
		       int nw, struct total *t)
{
	struct walk wk;
	int k;

	if (cl->op == OP_LIST) {
		wk = walk_nodes(w, nw);
		snprintf(t->why, sizeof(t->why),
			 "nodes seen %ld of %d, dup/cycle %ld, stray %ld",
			 wk.seen, nnodes, wk.dups, wk.stray);
		return wk.seen == nnodes && !wk.dups && !wk.stray;
	}
	for (k = 0; k < nw; k++) {
		int c = w[k].cpu;
		intptr_t want = (intptr_t)(w[k].done + w[k].hdone);
		intptr_t got = counted(cl->op, c);
		if (got != want) {
			snprintf(t->why, sizeof(t->why),
				 "cpu %d: %ld, want %ld (%ld lost)", c,
				 (long)got, (long)want, (long)(want - got));
			return false;
		}
		if (w[k].bad_slot) {
			snprintf(t->why, sizeof(t->why),
				 "cpu %d: a push found its committed slot overwritten",
				 c);
			return false;
		}
		if ((cl->op == OP_TRYSTOREV || cl->op == OP_TRYMEMCPY) &&
		    !ring_ok(c, cl->op)) {
			snprintf(t->why, sizeof(t->why),
				 "cpu %d: the last %d slots do not hold what was pushed there",
				 c, RB_RING_SLOTS);
			return false;
		}
	}
	snprintf(t->why, sizeof(t->why), "exact on every cpu");
	return true;
}
