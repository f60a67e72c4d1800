// SPDX-License-Identifier: MIT
/*
 * The descriptor protocols under the real kernel: more threads than
 * cpus, not pinned, so preemption and migration land inside sequences
 * and the kernel's restarts are what keeps per-CPU data consistent.
 *
 *   counter  every addv(+1) is counted exactly once
 *   list     pop/push of per-CPU lists neither loses nor duplicates a
 *            node
 *   plain    the same counter and list without restarts must lose
 *            updates and nodes, so both checks are shown to be able to
 *            fail on this machine
 *
 * regabort and twostore are not run here: the host kernel does not
 * implement them, so nothing would restart them.
 */
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "protocols.h"
#include "rb_clock.h"
#include "tap.h"

/*
 * A sequence that aborts this often in a row never commits: a broken
 * cpu check, not preemption.  Stop instead of spinning forever.
 */
#define MAX_TRIES 1000000

#define COUNTER_OPS 500000000L	/* addv calls per counter run */
#define LIST_OPS 400000000L	/* pops + pushes per list run */
#define PLAIN_OPS 12000000L	/* first plain counter/list attempt */

/*
 * With 2 cpus a thread runs a few ms between ticks, so preemption alone
 * lands in a sequence only a handful of times per run.  A signal every
 * TICK_US interrupts whichever thread is running: the kernel restarts a
 * sequence it interrupts for signal delivery exactly as for preemption.
 * The main thread blocks the signal, so that the kernel hands it to a
 * running worker rather than waking the idle main thread.
 */
#define TICK_US 50
#define NNODES 1000
#define PLAIN_ATTEMPTS 9

struct mtproto {
	const char *name;
	bool restartable;
	__typeof__(rb_addv_plain) *addv;
	__typeof__(rb_cmpeqv_storev_plain) *cmpeqv_storev;
	__typeof__(rb_cmpnev_storeoffp_load_plain) *pop;
};

#define MT_PROTO(P, r)                                                  \
	static const struct mtproto mt_##P = {                          \
		.name = RB_NAME(P), .restartable = r,                  \
		.addv = rb_addv_##P,                                    \
		.cmpeqv_storev = rb_cmpeqv_storev_##P,                  \
		.pop = rb_cmpnev_storeoffp_load_##P,                    \
	};
MT_PROTO(descriptor, true)
MT_PROTO(descriptor_eager, true)
MT_PROTO(plain, false)

/*
 * Where addv commits with one read-modify-write instruction (x86),
 * plain addv loses an update only when two cpus run that instruction
 * on one word at the same moment: too rare for a control.  The plain
 * counter control increments through plain cmpeqv_storev instead,
 * whose compare and store a preemption can split.  A compare failure
 * reads as an abort, so the caller retries.
 */
static int plain_split_addv(const struct rb_tls *t, intptr_t *v,
			    intptr_t count, int cpu)
{
	intptr_t old = RB_READ_ONCE(*v);

	return rb_cmpeqv_storev_plain(t, v, old, old + count, cpu) == RB_OK ?
	       RB_OK : RB_ABORT;
}

static const struct mtproto mt_plain_counter = {
	.name = RB_NAME(plain), .restartable = false,
	.addv = RB_A_ADDM_ONE_INSN ? plain_split_addv : rb_addv_plain,
	.cmpeqv_storev = rb_cmpeqv_storev_plain,
	.pop = rb_cmpnev_storeoffp_load_plain,
};

/* One word per configured cpu, each on its own pair of cache lines. */
struct slot {
	intptr_t v;
} __attribute__((aligned(128)));

static int nslots;

struct worker {
	pthread_t th;
	const struct mtproto *p;
	struct slot *slots;
	long ops;		/* counter: addv calls; list: pop/push pairs */
	/* results */
	unsigned long aborts, cmpfails, empties, done;
	bool stuck;		/* MAX_TRIES aborts in a row */
	bool bad_cpu;		/* cpu_id_start outside [0, nslots) */
	bool no_rseq;
};

static pthread_barrier_t start_line;
static struct rb_list_node nodes[NNODES];

static sigset_t ticks;

static void on_tick(int sig)
{
	(void)sig;
}

/* Workers inherit the main thread's mask, so take the ticks here. */
static void accept_ticks(void)
{
	pthread_sigmask(SIG_UNBLOCK, &ticks, NULL);
}

static bool start_ticks(void)
{
	struct sigaction sa;
	struct itimerval it = {
		.it_interval = { .tv_usec = TICK_US },
		.it_value = { .tv_usec = TICK_US },
	};

	sigemptyset(&ticks);
	sigaddset(&ticks, SIGALRM);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_tick;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	return sigaction(SIGALRM, &sa, NULL) == 0 &&
	       pthread_sigmask(SIG_BLOCK, &ticks, NULL) == 0 &&
	       setitimer(ITIMER_REAL, &it, NULL) == 0;
}

/* The cpu an operation will use; rejects ids we have no slot for. */
static bool read_cpu(struct worker *w, const struct rb_tls *t, int *cpu)
{
	*cpu = rb_cpu_start(t);
	if (*cpu < 0 || *cpu >= nslots) {
		w->bad_cpu = true;
		return false;
	}
	return true;
}

static void *counter_thread(void *arg)
{
	struct worker *w = arg;
	struct rb_tls tls;
	long i;

	w->no_rseq = rb_tls_init(&tls) == RB_RSEQ_NONE;
	accept_ticks();
	pthread_barrier_wait(&start_line);
	for (i = 0; i < w->ops; i++) {
		unsigned long n = 0;
		int cpu, rc;

		/* The retry idiom: a restart means re-read the cpu. */
		do {
			if (!read_cpu(w, &tls, &cpu))
				return NULL;
			rc = w->p->addv(&tls, &w->slots[cpu].v, 1, cpu);
		} while (rc == RB_ABORT && ++n < MAX_TRIES);
		w->aborts += n;
		if (rc != RB_OK) {
			w->stuck = true;
			return NULL;
		}
		w->done++;
	}
	return NULL;
}

static void *list_thread(void *arg)
{
	struct worker *w = arg;
	const long off = offsetof(struct rb_list_node, next);
	struct rb_tls tls;

	w->no_rseq = rb_tls_init(&tls) == RB_RSEQ_NONE;
	accept_ticks();
	pthread_barrier_wait(&start_line);
	/*
	 * Empty pops are bounded too, in case every node is elsewhere
	 * (divided, not 100 * ops: that overflows a 32-bit long).
	 */
	while ((long)w->done < w->ops &&
	       w->empties / 100 < (unsigned long)w->ops) {
		struct rb_list_node *node;
		intptr_t load = 0, head;
		unsigned long n = 0;
		int cpu, rc;

		do {
			if (!read_cpu(w, &tls, &cpu))
				return NULL;
			rc = w->p->pop(&tls, &w->slots[cpu].v, 0, off, &load,
				       cpu);
		} while (rc == RB_ABORT && ++n < MAX_TRIES);
		w->aborts += n;
		if (rc == RB_CMPFAIL) {
			w->empties++;
			continue;
		}
		if (rc != RB_OK)
			goto stuck;

		/*
		 * The node is ours now, so next can be set outside the
		 * sequence; the commit only needs head to be unchanged.
		 */
		node = (struct rb_list_node *)load;
		n = 0;
		do {
			if (!read_cpu(w, &tls, &cpu))
				return NULL;
			head = RB_READ_ONCE(w->slots[cpu].v);
			node->next = (struct rb_list_node *)head;
			rc = w->p->cmpeqv_storev(&tls, &w->slots[cpu].v, head,
						 (intptr_t)node, cpu);
			if (rc == RB_CMPFAIL)
				w->cmpfails++;
		} while (rc != RB_OK && ++n < MAX_TRIES);
		w->aborts += n;
		if (rc != RB_OK)
			goto stuck;
		w->done++;
	}
	return NULL;
stuck:
	w->stuck = true;
	return NULL;
}

struct run {
	unsigned long aborts, cmpfails, empties, done;
	bool stuck, bad_cpu, no_rseq, started;
	double secs;
};

/* Run nthreads copies of fn over slots, started together; sum results. */
static struct run run_threads(void *(*fn)(void *), const struct mtproto *p,
			      struct slot *slots, int nthreads, long ops)
{
	struct worker *w = calloc((size_t)nthreads, sizeof(*w));
	struct run r = { .started = true };
	double t0;
	int i, err, created = 0;

	if (!w) {
		r.started = false;
		return r;
	}
	pthread_barrier_init(&start_line, NULL, (unsigned int)nthreads + 1);
	for (i = 0; i < nthreads; i++) {
		w[i].p = p;
		w[i].slots = slots;
		w[i].ops = ops;
		err = pthread_create(&w[i].th, NULL, fn, &w[i]);
		if (err) {
			fprintf(stderr, "pthread_create: %s\n", strerror(err));
			r.started = false;
			break;
		}
		created++;
	}
	if (!r.started) {
		/*
		 * The barrier counts nthreads + 1 arrivals; without all of
		 * them the created threads would wait forever.  Tell them
		 * to do nothing and release them with stand-in arrivals.
		 */
		for (i = 0; i < created; i++)
			w[i].ops = 0;
		for (i = created; i < nthreads; i++)
			pthread_barrier_wait(&start_line);
	}
	t0 = rb_now();
	pthread_barrier_wait(&start_line);
	for (i = 0; i < created; i++) {
		pthread_join(w[i].th, NULL);
		r.aborts += w[i].aborts;
		r.cmpfails += w[i].cmpfails;
		r.empties += w[i].empties;
		r.done += w[i].done;
		r.stuck |= w[i].stuck;
		r.bad_cpu |= w[i].bad_cpu;
		r.no_rseq |= w[i].no_rseq;
	}
	r.secs = rb_now() - t0;
	pthread_barrier_destroy(&start_line);
	free(w);
	return r;
}

static struct slot *alloc_slots(void)
{
	void *p = NULL;

	if (posix_memalign(&p, 128, sizeof(struct slot) * (size_t)nslots))
		return NULL;
	memset(p, 0, sizeof(struct slot) * (size_t)nslots);
	return p;
}

static intptr_t slot_sum(const struct slot *s)
{
	intptr_t sum = 0;
	int i;

	for (i = 0; i < nslots; i++)
		sum += s[i].v;
	return sum;
}

static bool run_ok(const char *what, const struct run *r)
{
	return CHECK(r->started && !r->stuck && !r->bad_cpu && !r->no_rseq,
		     "%s: threads started, every op committed within %d tries, cpu ids < %d",
		     what, MAX_TRIES, nslots);
}

static void test_counter(const struct mtproto *p, int nthreads)
{
	long k = (COUNTER_OPS + nthreads - 1) / nthreads;
	intptr_t want = (intptr_t)k * nthreads, got;
	struct slot *slots = alloc_slots();
	struct run r;

	if (!CHECK(slots, "%s counter: slots allocated", p->name))
		return;
	r = run_threads(counter_thread, p, slots, nthreads, k);
	run_ok(p->name, &r);
	got = slot_sum(slots);
	CHECK(got == want,
	      "%s counter: %d threads x %ld addv(+1) sum to %ld (got %ld)",
	      p->name, nthreads, k, (long)want, (long)got);
	NOTE("%s counter: %lu ops, %lu aborts, %.3f s", p->name, r.done,
	     r.aborts, r.secs);
	free(slots);
}

struct walk {
	long seen;	/* distinct nodes found */
	long dups;	/* nodes reached twice: a duplicate or a cycle */
	long stray;	/* pointers that are not one of our nodes */
};

/*
 * Walk every list, each at most NNODES + 1 steps so that a cycle ends
 * the walk, and mark which nodes were found.
 */
static struct walk walk_lists(const struct slot *heads)
{
	static unsigned char mark[NNODES];
	struct walk r = { 0 };
	int c;

	memset(mark, 0, sizeof(mark));
	for (c = 0; c < nslots; c++) {
		const struct rb_list_node *n = (const void *)heads[c].v;
		long steps;

		for (steps = 0; n && steps <= NNODES; steps++) {
			uintptr_t i = (uintptr_t)(n - nodes);

			if ((uintptr_t)n < (uintptr_t)nodes || i >= NNODES ||
			    n != &nodes[i]) {
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
	return r;
}

static struct slot *preload_lists(void)
{
	struct slot *heads = alloc_slots();
	int i;

	if (!heads)
		return NULL;
	for (i = 0; i < NNODES; i++) {
		struct slot *h = &heads[i % nslots];

		nodes[i].data = i;
		nodes[i].next = (struct rb_list_node *)h->v;
		h->v = (intptr_t)&nodes[i];
	}
	return heads;
}

static void test_list(const struct mtproto *p, int nthreads)
{
	/* Each thread's iteration is one pop plus one push. */
	long iters = (LIST_OPS / 2 + nthreads - 1) / nthreads;
	struct slot *heads = preload_lists();
	struct walk wk;
	struct run r;

	if (!CHECK(heads, "%s list: heads allocated", p->name))
		return;
	r = run_threads(list_thread, p, heads, nthreads, iters);
	run_ok(p->name, &r);
	CHECK((long)r.done == iters * nthreads,
	      "%s list: %d threads x %ld pop+push all done (got %lu pairs)",
	      p->name, nthreads, iters, r.done);
	wk = walk_lists(heads);
	CHECK(wk.seen == NNODES && !wk.dups && !wk.stray,
	      "%s list: every one of %d nodes on exactly one list, no cycle (seen %ld, dup/cycle %ld, stray %ld)",
	      p->name, NNODES, wk.seen, wk.dups, wk.stray);
	NOTE("%s list: %lu ops, %lu aborts, %lu push compare-fails, %lu empty pops, %.3f s",
	     p->name, 2 * r.done, r.aborts, r.cmpfails, r.empties, r.secs);
	free(heads);
}

/*
 * plain has no restart, so a thread preempted between its load (or
 * compare) and its store, or migrated after reading its cpu, overwrites
 * other threads' increments.  That is a race, so try a few times with
 * more ops.
 */
static void test_plain_loses(int nthreads)
{
	long k = (PLAIN_OPS + nthreads - 1) / nthreads;
	intptr_t lost = 0, want = 0;
	int attempt;
	struct run r = { 0 };

	for (attempt = 1; attempt <= PLAIN_ATTEMPTS && !lost; attempt++) {
		struct slot *slots = alloc_slots();

		if (!slots)
			break;
		want = (intptr_t)k * nthreads;
		r = run_threads(counter_thread, &mt_plain_counter, slots,
				nthreads, k);
		if (!r.started || r.bad_cpu) {
			free(slots);
			break;
		}
		lost = want - slot_sum(slots);
		NOTE("plain counter attempt %d: %ld ops, %ld lost, %.3f s",
		     attempt, (long)want, (long)lost, r.secs);
		free(slots);
		k *= 2;
	}
	CHECK(r.started && !r.bad_cpu && lost > 0,
	      "plain counter (%s) loses updates (%ld of %ld lost): the counter check can fail",
	      RB_A_ADDM_ONE_INSN ? "increments by plain cmpeqv_storev" :
	      "plain addv", (long)lost, (long)want);
}

/* Same for the list: plain pops and pushes corrupt it. */
static void test_plain_list_breaks(int nthreads)
{
	long iters = (PLAIN_OPS / 2 + nthreads - 1) / nthreads;
	bool broken = false;
	int attempt;

	for (attempt = 1; attempt <= PLAIN_ATTEMPTS && !broken; attempt++) {
		struct slot *heads = preload_lists();
		struct walk wk;
		struct run r;

		if (!heads)
			break;
		r = run_threads(list_thread, &mt_plain, heads, nthreads,
				iters);
		wk = walk_lists(heads);
		broken = wk.seen != NNODES || wk.dups || wk.stray;
		NOTE("plain list attempt %d: %lu ops, seen %ld of %d, dup/cycle %ld, %.3f s",
		     attempt, 2 * r.done, wk.seen, NNODES, wk.dups, r.secs);
		free(heads);
		/* A race: give the next attempt twice the chances. */
		iters *= 2;
	}
	CHECK(broken, "plain list is corrupted: the list check can fail");
}

int main(void)
{
	long online = sysconf(_SC_NPROCESSORS_ONLN);
	int nthreads = 4 * (online > 0 ? (int)online : 1);
	struct rb_tls tls;
	double t0 = rb_now();

	nslots = get_nprocs_conf();
	if (nslots < 1)
		nslots = 1;
	NOTE("%d threads on %ld online cpus, %d per-cpu slots", nthreads,
	     online, nslots);
	CHECK(start_ticks(), "SIGALRM every %d us to interrupt sequences",
	      TICK_US);
	NOTE("regabort and twostore are not tested multi-threaded: the host kernel does not implement them (future work: a kernel that does)");

	if (rb_tls_init(&tls) == RB_RSEQ_NONE) {
		NOTE("descriptor tests skipped: %s", rb_tls_describe());
	} else {
		NOTE("rseq: %s", rb_tls_describe());
		test_counter(&mt_descriptor, nthreads);
		test_counter(&mt_descriptor_eager, nthreads);
		test_list(&mt_descriptor, nthreads);
	}
	test_plain_loses(nthreads);
	test_plain_list_breaks(nthreads);
	NOTE("test_mt: %.2f s", rb_now() - t0);
	return tap_exit();
}
