// SPDX-License-Identifier: MIT
/*
 * The addv torture of the small guests (compat.c on i386 and arm64,
 * differ.c on the patched and the pristine kernel): threads that
 * increment per-cpu counters with one protocol while timer signals and
 * forced migrations interrupt them, so that the kernel restarts their
 * sequences.  The counters' sum must equal the increments that
 * committed.  Needs only mainline's uapi: the series' flag comes from
 * the kernel model (kmodel.h).
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "protocols.h"
#include "guest_util.h"

#define MAX_THREADS 64

struct tort {
	int proto, flag, ncpus;
	struct rb_pcpu_addv *cnt;
	volatile int stop;
	unsigned long adds[MAX_THREADS], aborts[MAX_THREADS];
	int err[MAX_THREADS];
};

struct targ {
	struct tort *t;
	int k;
};

static __thread struct rb_area t_area;

/* The timer's signal only interrupts. */
static void on_alarm(int sig)
{
	(void)sig;
}

static int addv_step(int p, struct rb_tls *tls, struct rb_pcpu_addv *cnt)
{
	int cpu = rb_cpu_start(tls);

	switch (p) {
#define ADDV_CASE(ident)                                                \
	case RB_PROTO_##ident:                                          \
		return rb_addv_##ident(tls, &cnt[cpu].count, 1, cpu);
	RB_FOR_EACH_RESTARTABLE_PROTO(ADDV_CASE)
#undef ADDV_CASE
	default:
		abort();	/* nothing restarts it: not a torture */
	}
}

static void *tort_thread(void *arg)
{
	struct targ *a = arg;
	struct tort *t = a->t;
	struct rb_tls tls = { .rseq = glibc_rseq(), .area = &t_area };
	unsigned long n = 0;
	timer_t timer;
	int have_timer;

	if (t->flag && syscall(__NR_rseq, &t_area, RB_KAREA_LEN, t->flag,
			       RB_SIG)) {
		t->err[a->k] = errno;
		return NULL;
	}
	have_timer = thread_timer_start(&timer, SIGALRM, 500);
	while (!t->stop) {
		if (addv_step(t->proto, &tls, t->cnt) == RB_OK)
			t->adds[a->k]++;
		else
			t->aborts[a->k]++;
		migrate_every(++n, a->k, t->ncpus);
	}
	if (have_timer)
		timer_delete(timer);
	if (t->flag && t_area.post_commit_ip)
		t->err[a->k] = -1;	/* left armed */
	if (t->flag)
		syscall(__NR_rseq, &t_area, RB_KAREA_LEN,
			RSEQ_FLAG_UNREGISTER | t->flag, RB_SIG);
	return NULL;
}

bool addv_torture(int p, int ncpus, long secs, struct addv_torture *r)
{
	struct tort t = { .proto = p, .flag = guest_proto_flag(p),
			  .ncpus = ncpus };
	struct targ a[MAX_THREADS];
	pthread_t th[MAX_THREADS];
	int k;

	memset(r, 0, sizeof(*r));
	r->nthreads = 2 * ncpus > MAX_THREADS ? MAX_THREADS : 2 * ncpus;
	t.cnt = aligned_alloc(128, (size_t)ncpus * sizeof(*t.cnt));
	if (!t.cnt)
		return false;
	memset(t.cnt, 0, (size_t)ncpus * sizeof(*t.cnt));
	signal(SIGALRM, on_alarm);
	for (k = 0; k < r->nthreads; k++) {
		a[k].t = &t;
		a[k].k = k;
		pthread_create(&th[k], NULL, tort_thread, &a[k]);
	}
	sleep((unsigned int)secs);
	t.stop = 1;
	for (k = 0; k < r->nthreads; k++) {
		pthread_join(th[k], NULL);
		r->adds += t.adds[k];
		r->aborts += t.aborts[k];
		if (t.err[k] && !r->err)
			r->err = t.err[k];
	}
	for (k = 0; k < ncpus; k++)
		r->sum += (unsigned long)t.cnt[k].count;
	free(t.cnt);
	return true;
}
