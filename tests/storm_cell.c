// SPDX-License-Identifier: MIT
/*
 * One storm cell: a thread pinned on each cpu, each with its emulated
 * kernel areas and its timer, running its main loop until the count or
 * the budget ends it; then the totals and the operation's checks.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "storm.h"
#include "rb_clock.h"

int nslots;
long tick_us;
static pthread_barrier_t start_line;
__thread struct worker *self;

/*
 * The end of a cell's budget.  Polled by the main loops only between
 * whole operations (a list pop is always followed by its push), so
 * every count, list and ring is at a point the checks can judge.
 */
static int stop_flag;
/* Workers that left their main loop, for the cell's wait. */
static int finished;
static pthread_mutex_t finish_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t finish_cond;

/* The cells' deadlines are on the monotonic clock. */
void init_cells(void)
{
	pthread_condattr_t ca;

	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&finish_cond, &ca);
}

bool stopping(void)
{
	return __atomic_load_n(&stop_flag, __ATOMIC_ACQUIRE);
}

/*
 * Operations until the count or the budget ends them; one half done
 * (loop.pending: a popped node) is finished first.
 */
static void main_loop(struct worker *w)
{
	int rc;

	while (w->loop.pending || (long)w->done < w->ops) {
		if (!w->loop.pending && stopping()) {
			w->timed_out = true;
			break;
		}
		rc = main_step(w);
		if (rc == RB_OP_EMPTY) {
			if (++w->empties > 100UL * (unsigned long)w->ops)
				break;
			continue;
		}
		if (rc != RB_OK)
			break;
	}
}

/*
 * A final return to user space from outside every sequence: the model
 * must do nothing but the lazy clear, and leave the area disarmed.
 *
 * post_commit_ip is read before the model runs: user space disarms on
 * every way out of a regabort or twostore sequence, and the model's
 * lazy disarm (kmodel.h, P3) would otherwise clear an area left armed
 * whenever this function lies above the sequences, so that the check
 * could not fail there.  rseq_cs is still judged after it: the lazy
 * descriptor leaves rseq_cs set by design, for this clear.
 */
static bool left_armed(struct rb_kemu *k)
{
	struct rb_kmodel_regs regs = {
		.ip = (uint64_t)(uintptr_t)&left_armed,
		.regabort = 0,
		.event = true,
	};
	struct rb_kmodel_result res;

	if (k->area.post_commit_ip)
		return true;
	rb_kmodel_fixup(&k->kt, &regs, &rb_kemu_self_mem, &res);
	if (res.verdict != RB_KV_NONE && res.verdict != RB_KV_CLEARED)
		return true;
	return k->rseq.rseq_cs || k->area.post_commit_ip;
}

static void *storm_thread(void *arg)
{
	struct worker *w = arg;
	cpu_set_t set;
	sigset_t rt;
	bool timer = false;
	double c0;

	CPU_ZERO(&set);
	CPU_SET(w->cpu, &set);
	if (pthread_setaffinity_np(pthread_self(), sizeof(set), &set))
		w->setup_fail = true;
	rb_kemu_init(&w->k, &w->tls, w->cpu);
	rb_kemu_register(&w->k, w->cell->kproto);
	rb_kemu_init(&w->hk, &w->htls, w->cpu);
	rb_kemu_register(&w->hk, w->cell->p->kproto);
	w->loop.fn = &w->cell->p->fn;
	w->loop.tls = &w->tls;
	w->loop.rnd = (uint32_t)w->cpu + 1;
	w->handler.fn = &w->cell->p->fn;
	w->handler.tls = &w->htls;
	w->handler.rnd = (uint32_t)w->cpu + 1;
	self = w;

	sigemptyset(&rt);
	sigaddset(&rt, SIGRTMIN);
	pthread_sigmask(SIG_UNBLOCK, &rt, NULL);
	pthread_barrier_wait(&start_line);
	c0 = rb_clock_secs(CLOCK_THREAD_CPUTIME_ID);
	if (w->tick_us) {
		timer = start_timer(w);
		if (!timer)
			w->setup_fail = true;
	}
	if (timer || !w->tick_us)
		main_loop(w);
	/* Block first, so no signal lands after the counts are read. */
	pthread_sigmask(SIG_BLOCK, &rt, NULL);
	w->cpu_secs = rb_clock_secs(CLOCK_THREAD_CPUTIME_ID) - c0;
	if (timer)
		timer_delete(w->timer);
	self = NULL;
	pthread_mutex_lock(&finish_lock);
	finished++;
	pthread_cond_signal(&finish_cond);
	pthread_mutex_unlock(&finish_lock);
	w->armed = left_armed(&w->k) || left_armed(&w->hk);
	return NULL;
}

static unsigned long signals_so_far(const struct worker *w, int nw)
{
	unsigned long n = 0;
	int k;

	for (k = 0; k < nw; k++)
		n += w[k].signals;
	return n;
}

/*
 * Wait for the workers until the budget is spent, then raise the stop
 * flag; the workers disarm their own timers on the way out.  A cell
 * that needs min_signals conflicts gets up to 4x its budget for them:
 * on a busy machine a thread waiting for its cpu takes fewer signals.
 */
static void wait_cell(const struct worker *w, int created, double t0,
		      double budget, unsigned long min_signals)
{
	double end = t0 + budget;
	struct timespec ts;

	pthread_mutex_lock(&finish_lock);
	while (finished < created) {
		double left = end - rb_now();

		if (left <= 0 && signals_so_far(w, created) < min_signals &&
		    rb_now() < t0 + 4 * budget)
			left = 0.01;
		if (left <= 0)
			break;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_sec += (time_t)left;
		ts.tv_nsec += (long)((left - floor(left)) * 1e9);
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&finish_cond, &finish_lock, &ts);
	}
	pthread_mutex_unlock(&finish_lock);
	__atomic_store_n(&stop_flag, 1, __ATOMIC_RELEASE);
}

struct total run_cell(const struct cell *cl, const int *cpus,
			     int nw, long ops, double budget, long tick,
			     unsigned long min_signals)
{
	struct worker *w = calloc((size_t)nw, sizeof(*w));
	struct total t;
	double t0;
	int i, k, err, created = 0;

	memset(&t, 0, sizeof(t));
	t.tick_us = tick;
	if (!w) {
		snprintf(t.why, sizeof(t.why), "out of memory");
		return t;
	}
	reset_data(cl);
	__atomic_store_n(&stop_flag, 0, __ATOMIC_RELEASE);
	finished = 0;
	pthread_barrier_init(&start_line, NULL, (unsigned int)nw + 1);
	for (k = 0; k < nw; k++) {
		w[k].cpu = cpus[k];
		w[k].cell = cl;
		w[k].tick_us = tick;
		w[k].ops = (ops + nw - 1) / nw;
		err = pthread_create(&w[k].th, NULL, storm_thread, &w[k]);
		if (err) {
			fprintf(stderr, "pthread_create: %s\n", strerror(err));
			break;
		}
		created++;
	}
	/* Stand-in arrivals, so created threads are not left waiting. */
	for (k = created; k < nw; k++) {
		w[k].setup_fail = true;
		pthread_barrier_wait(&start_line);
	}
	t0 = rb_now();
	pthread_barrier_wait(&start_line);
	t.sane = true;
	t.aborts_match = true;
	wait_cell(w, created, t0, budget, min_signals);
	for (k = 0; k < created; k++)
		pthread_join(w[k].th, NULL);
	t.secs = rb_now() - t0;
	pthread_barrier_destroy(&start_line);
	for (k = 0; k < nw; k++) {
		t.done += w[k].done;
		t.hdone += w[k].hdone;
		t.aborts += w[k].aborts;
		t.restarts += w[k].k.restarts;
		t.clears += w[k].k.clears;
		t.cmpfails += w[k].cmpfails;
		t.signals += w[k].signals;
		t.empties += w[k].empties;
		t.inside += w[k].inside;
		t.in_window += w[k].in_window;
		for (i = 0; i < WATCH_BYTES; i++)
			t.at[i] += w[k].at[i];
		t.lost += (long)(w[k].done + w[k].hdone) -
			  (long)counted(cl, w[k].cpu);
		t.cpu_secs += w[k].cpu_secs;
		if (w[k].timed_out)
			t.timed_out = true;
		if (w[k].setup_fail || w[k].stuck || w[k].bad_cpu ||
		    w[k].sigsegv || w[k].hfail || w[k].armed ||
		    ((long)w[k].done < w[k].ops && !w[k].timed_out)) {
			t.sane = false;
			fprintf(stderr,
				"storm %s %s cpu %d: setup_fail %d stuck %d bad_cpu %d sigsegv %d (%s) handler_fail %d armed %d done %lu of %ld\n",
				cl->p->name, op_names(cl->op), w[k].cpu,
				w[k].setup_fail, w[k].stuck, w[k].bad_cpu,
				w[k].sigsegv, w[k].k.last_reason ?
				w[k].k.last_reason : "-", w[k].hfail,
				w[k].armed, w[k].done, w[k].ops);
		}
		/* Every restart the model made lands at an abort label. */
		if (w[k].aborts != w[k].k.restarts)
			t.aborts_match = false;
	}
	t.data_ok = check_data(cl, w, created, &t);
	free(w);
	return t;
}
