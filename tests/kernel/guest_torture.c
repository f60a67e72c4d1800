// SPDX-License-Identifier: MIT
/*
 * The torture, part 2 of the guest: threads run an increment, a pop and
 * a push on per-cpu data with one protocol, or descriptor interleaved
 * with regabort or twostore in every thread, under timer signals, the
 * scheduler's preemptions and forced migrations; then the counters must
 * be exact, the lists intact, every thread disarmed, and the kernel
 * must have restarted sequences.
 */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "guest.h"
#include "rb_clock.h"

struct lnode {
	struct lnode *next;	/* offset 0, as struct rb_list_node */
	intptr_t seen;
};

struct plist {
	intptr_t head;
} __attribute__((aligned(128)));

struct tort {
	int proto;
	int mixed;		/* descriptor interleaved with proto */
	volatile int stop;
	volatile int start;
	int ncpus;
	struct rb_pcpu_addv *cnt;
	struct plist *lists;
	long timer_us;
};

struct tthread {
	struct tort *sh;
	int proto;		/* regabort or twostore when mixed */
	pthread_t tid;
	volatile pid_t ktid;
	int err;
	unsigned long adds, pops, pushes, aborts, migrations, armed_at_end;
	int last_cpu;
} __attribute__((aligned(128)));

static __thread struct ext_area t_area;

/*
 * One step: an increment, a pop and a push of the popped node, all
 * with protocol P.  The torture runs steps of two protocols
 * alternately (the same one but for the mixed runs), on the same
 * per-CPU data.
 */
#define TORTURE_STEP(P)                                                 \
static void tort_step_##P(struct tthread *th, struct tort *sh,          \
			  struct rb_tls *tls)                           \
{                                                                       \
	intptr_t got = 0;                                               \
	int rc;                                                         \
									\
	do {                                                            \
		int cpu = rb_cpu_start(tls);                            \
		if (cpu != th->last_cpu) {                              \
			th->migrations++;                               \
			th->last_cpu = cpu;                             \
		}                                                       \
		rc = rb_addv_##P(tls, &sh->cnt[cpu].count, 1, cpu);     \
	} while (rc == RB_ABORT && ++th->aborts);                       \
	th->adds++;                                                     \
	do {                                                            \
		int cpu = rb_cpu_start(tls);                            \
		rc = rb_cmpnev_storeoffp_load_##P(tls,                  \
			&sh->lists[cpu].head, 0,                        \
			offsetof(struct lnode, next), &got, cpu);       \
	} while (rc == RB_ABORT && ++th->aborts);                       \
	if (rc != RB_OK)                                                \
		return;                                                 \
	th->pops++;                                                     \
	do {                                                            \
		int cpu = rb_cpu_start(tls);                            \
		struct lnode *n = (void *)got;                          \
		intptr_t h = RB_READ_ONCE(sh->lists[cpu].head);         \
		n->next = (void *)h;                                    \
		rc = rb_cmpeqv_storev_##P(tls, &sh->lists[cpu].head,    \
					  h, got, cpu);                 \
		if (rc == RB_ABORT)                                     \
			th->aborts++;                                   \
	} while (rc != RB_OK);                                          \
	th->pushes++;                                                   \
}
RB_FOR_EACH_RESTARTABLE_PROTO(TORTURE_STEP)
#undef TORTURE_STEP

typedef void tort_step_fn(struct tthread *th, struct tort *sh,
			  struct rb_tls *tls);

/* Each restartable protocol's step, by registry index. */
static tort_step_fn *const tort_steps[RB_NPROTO] = {
#define TORTURE_STEP_ROW(P) [RB_PROTO_##P] = tort_step_##P,
	RB_FOR_EACH_RESTARTABLE_PROTO(TORTURE_STEP_ROW)
#undef TORTURE_STEP_ROW
};

static void *tort_thread(void *arg)
{
	struct tthread *th = arg;
	struct tort *sh = th->sh;
	/* mixed: descriptor (sh->proto), then the thread's protocol */
	tort_step_fn *first = tort_steps[sh->mixed ? sh->proto : th->proto];
	tort_step_fn *second = tort_steps[th->proto];
	struct rb_tls tls;
	timer_t timer;
	int have_timer = 0;

	th->ktid = (pid_t)syscall(SYS_gettid);
	th->err = pc_register(&t_area, th->proto);
	if (th->err)
		return NULL;
	tls.rseq = glibc_rseq();
	tls.area = &t_area.area;
	th->last_cpu = rb_cpu_start(&tls);
	if (sh->timer_us > 0)
		have_timer = thread_timer_start(&timer, SIGALRM, sh->timer_us);
	while (!RB_READ_ONCE(sh->start))
		sched_yield();
	while (!RB_READ_ONCE(sh->stop)) {
		int k;

		for (k = 0; k < 32; k++) {
			first(th, sh, &tls);
			second(th, sh, &tls);
		}
	}
	if (have_timer)
		timer_delete(timer);
	th->armed_at_end = guest_proto_flag(th->proto) ?
		t_area.area.post_commit_ip : 0;
	pc_unregister(&t_area, th->proto);
	return NULL;
}

#define NNODES 64

/*
 * p: every thread runs protocol p.  mixed: every thread interleaves
 * descriptor (on glibc's rseq_cs) with regabort (even threads) or
 * twostore (odd threads) on the same data.
 */
void test_torture(int p, int mixed, int nthreads, double secs,
		  long timer_us)
{
	int regabort = guest_proto(RB_KPROTO_REGABORT);
	int twostore = guest_proto(RB_KPROTO_TWOSTORE);
	char name[64];
	struct tort sh;
	struct tthread *th = calloc(nthreads, sizeof(*th));
	struct lnode *nodes = calloc(NNODES, sizeof(*nodes));
	unsigned long adds = 0, pops = 0, pushes = 0, aborts = 0, migr = 0;
	unsigned long sigs0 = rb_guest_signals, armed = 0;
	intptr_t sum = 0;
	int i, c, errs = 0, seen = 0, bad = 0, round;
	int ncpu_onln = (int)sysconf(_SC_NPROCESSORS_ONLN);
	unsigned long moves = 0;
	double t0, t1;

	if (mixed)
		snprintf(name, sizeof(name), "%s+%s/%s", rb_protos[p].name,
			 rb_protos[regabort].name, rb_protos[twostore].name);
	else
		snprintf(name, sizeof(name), "%s", rb_protos[p].name);
	memset(&sh, 0, sizeof(sh));
	sh.proto = p;
	sh.mixed = mixed;
	sh.ncpus = (int)sysconf(_SC_NPROCESSORS_CONF);
	sh.timer_us = timer_us;
	sh.cnt = aligned_alloc(128, sizeof(*sh.cnt) * sh.ncpus);
	sh.lists = aligned_alloc(128, sizeof(*sh.lists) * sh.ncpus);
	memset(sh.cnt, 0, sizeof(*sh.cnt) * sh.ncpus);
	memset(sh.lists, 0, sizeof(*sh.lists) * sh.ncpus);
	for (i = 0; i < NNODES; i++) {
		c = i % sh.ncpus;
		nodes[i].next = (void *)sh.lists[c].head;
		sh.lists[c].head = (intptr_t)&nodes[i];
	}
	for (i = 0; i < nthreads; i++) {
		th[i].sh = &sh;
		th[i].proto = !mixed ? p : i % 2 ? twostore : regabort;
		pthread_create(&th[i].tid, NULL, tort_thread, &th[i]);
	}
	t0 = rb_now();
	sh.start = 1;
	/*
	 * Besides the scheduler's own preemptions: move every thread to
	 * another vCPU every 20 ms (forced migrations at arbitrary points).
	 */
	for (round = 0; rb_now() - t0 < secs; round++) {
		for (i = 0; i < nthreads && sh.ncpus > 1; i++) {
			cpu_set_t set;

			CPU_ZERO(&set);
			CPU_SET((i + round) % ncpu_onln, &set);
			if (th[i].ktid && sched_setaffinity(th[i].ktid,
							    sizeof(set), &set) == 0)
				moves++;
		}
		usleep(20000);
	}
	sh.stop = 1;
	for (i = 0; i < nthreads; i++) {
		pthread_join(th[i].tid, NULL);
		errs += th[i].err != 0;
		adds += th[i].adds;
		pops += th[i].pops;
		pushes += th[i].pushes;
		aborts += th[i].aborts;
		migr += th[i].migrations;
		armed += th[i].armed_at_end != 0;
	}
	t1 = rb_now();
	for (c = 0; c < sh.ncpus; c++) {
		struct lnode *n = (void *)sh.lists[c].head;
		int guard = 0;

		sum += sh.cnt[c].count;
		while (n && guard++ <= NNODES) {
			if (n < nodes || n >= nodes + NNODES || n->seen)
				bad++;
			else
				n->seen = 1;
			seen++;
			n = n->next;
		}
	}
	CHECK(errs == 0, "%s: %d threads registered", name, nthreads);
	CHECK(sum == (intptr_t)adds,
	      "%s: addv exact: per-CPU sum %ld == %lu increments", name,
	      (long)sum, adds);
	CHECK(seen == NNODES && bad == 0 && pops == pushes,
	      "%s: per-CPU lists intact: %d/%d nodes, %d bad, %lu pops, %lu pushes",
	      name, seen, NNODES, bad, pops, pushes);
	CHECK(armed == 0, "%s: every thread ended disarmed", name);
	CHECK(aborts > 0, "%s: the kernel restarted sequences (%lu aborts)",
	      name, aborts);
	CHECK(migr > 0, "%s: threads changed vCPU during the run (%lu)",
	      name, migr);
	printf("# torture %s: vcpus=%ld threads=%d secs=%.1f ops=%lu (addv %lu, pop %lu, push %lu) aborts=%lu cpu-changes-seen=%lu forced-moves=%lu timer-signals=%lu (every %ldus/thread) ops/s=%.0f\n",
	       name, sysconf(_SC_NPROCESSORS_ONLN), nthreads, t1 - t0,
	       adds + pops + pushes, adds, pops, pushes, aborts, migr, moves,
	       rb_guest_signals - sigs0, timer_us,
	       (adds + pops + pushes) / (t1 - t0));
	free(sh.cnt);
	free(sh.lists);
	free(nodes);
	free(th);
}
