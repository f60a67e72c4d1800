// SPDX-License-Identifier: MIT
/*
 * The storm's side of the operations, whose drivers live in
 * tests/ops/<op>.c: the main loop's step with the retry idiom, the
 * handler's conflicting operation, the data each cell starts from, and
 * the checks of what that data says at the end.
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

#define SPROTO(P)                                                       \
	const struct sproto sp_##P = {                                  \
		.name = RB_NAME(P), .id = RB_PROTO_ID_##P,              \
		.kproto = rb_protos[RB_PROTO_##P].kproto,               \
		.fn = RB_OP_FNS(P),                                     \
	};
RB_FOR_EACH_SEQ_PROTO(SPROTO)

#define SPROTO_REF(P) &sp_##P,
const struct sproto *const protos[] = {
	RB_FOR_EACH_RESTARTABLE_PROTO(SPROTO_REF)
};
const unsigned int nprotos = sizeof(protos) / sizeof(protos[0]);

unsigned char *cpu_data;
size_t cpu_stride;

void *storm_data(int cpu)
{
	return cpu_data + (size_t)cpu * cpu_stride;
}

/* The stride that fits every operation's data of one cpu. */
size_t storm_stride(void)
{
	size_t size = 0;
	int i;

	for (i = 0; i < RB_NOP; i++)
		if (rb_op_tests[i]->storm.size > size)
			size = rb_op_tests[i]->storm.size;
	return (size + 127) & ~(size_t)127;
}

/*
 * The conflicting operation.  Nothing else runs on this cpu's data
 * while the handler does, so anything but RB_OK (or nothing to do, an
 * empty list) is a failure.
 */
void handler_op(struct worker *w)
{
	const struct rb_op_storm *s = &rb_op_tests[w->cell->op]->storm;
	int rc = s->handler(&w->handler, storm_data(w->cpu), w->cpu);

	if (rc == RB_OK)
		w->hdone++;
	else if (rc == RB_OP_EMPTY)
		w->hempties++;
	else
		w->hfail = true;
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
 * Returns RB_OK, RB_OP_EMPTY (an empty list) or -2 (stop).
 */
int main_step(struct worker *w)
{
	const struct rb_op_storm *s = &rb_op_tests[w->cell->op]->storm;
	unsigned long n = 0;
	int cpu, rc;

	do {
		if (!read_cpu(w, &cpu))
			return -2;
		rc = s->main(&w->loop, storm_data(cpu), cpu);
		if (rc == RB_OP_EMPTY)
			return rc;
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

/* Every cpu's data as the operation of cl starts from it. */
void reset_data(const struct cell *cl)
{
	int c;

	memset(cpu_data, 0, cpu_stride * (size_t)nslots);
	for (c = 0; c < nslots; c++)
		rb_op_tests[cl->op]->storm.reset(storm_data(c), c);
}

/* What a counting op's data says was done on cpu c; 0 for the others. */
intptr_t counted(const struct cell *cl, int c)
{
	const struct rb_op_storm *s = &rb_op_tests[cl->op]->storm;

	return s->counted ? s->counted(storm_data(c)) : 0;
}

/* The invariant of a storm-wide op (the list), over every cpu. */
static bool check_all(const struct rb_op_storm *s, const struct worker *w,
		      int nw, struct total *t)
{
	struct rb_storm_actor **h = calloc((size_t)nw + 1, sizeof(*h));
	struct rb_storm_view v = {
		.data = cpu_data, .stride = cpu_stride, .ncpus = nslots,
		.handlers = h, .nhandlers = nw,
	};
	bool ok;
	int k;

	if (!h) {
		snprintf(t->why, sizeof(t->why), "out of memory");
		return false;
	}
	for (k = 0; k < nw; k++)
		h[k] = (struct rb_storm_actor *)&w[k].handler;
	ok = s->all_ok(&v, t->why, sizeof(t->why));
	free(h);
	return ok;
}

/* The op's invariant over every cpu; why says what broke first. */
bool check_data(const struct cell *cl, const struct worker *w, int nw,
		struct total *t)
{
	const struct rb_op_storm *s = &rb_op_tests[cl->op]->storm;
	char why[sizeof(t->why) - 16];
	int k;

	if (s->all_ok)
		return check_all(s, w, nw, t);
	for (k = 0; k < nw; k++) {
		int c = w[k].cpu;
		intptr_t want = (intptr_t)(w[k].done + w[k].hdone);
		intptr_t got = counted(cl, c);

		if (got != want) {
			snprintf(t->why, sizeof(t->why),
				 "cpu %d: %ld, want %ld (%ld lost)", c,
				 (long)got, (long)want, (long)(want - got));
			return false;
		}
		if (w[k].loop.bad_slot || w[k].handler.bad_slot) {
			snprintf(t->why, sizeof(t->why),
				 "cpu %d: a push found its committed slot overwritten",
				 c);
			return false;
		}
		if (s->cpu_ok && !s->cpu_ok(storm_data(c), why, sizeof(why))) {
			snprintf(t->why, sizeof(t->why), "cpu %d: %s", c, why);
			return false;
		}
	}
	snprintf(t->why, sizeof(t->why), "exact on every cpu");
	return true;
}
