// SPDX-License-Identifier: MIT
/*
 * /init of the compat boot (make kernel-test-full): a static i386
 * program on the x86-64 kernel with IA32_EMULATION, so that the
 * series' compat path (registers and area fields truncated to 32 bits)
 * runs for real.  Built for aarch64, the same program is the arm64
 * boot's /init (tests/kernel/arm64.sh).  For each protocol, 2 threads per vCPU run addv on
 * per-cpu counters with a 500 us timer each and forced migrations;
 * regabort and twostore register their area beside glibc's struct
 * rseq.  Every sum must be exact and every protocol must have
 * restarted at least once.  rbsecs=seconds per protocol (default 3).
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__x86_64__) || defined(__i386__)
#include <sys/io.h>
#endif
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <linux/rseq.h>		/* the patched uapi header */
#include <sys/rseq.h>

#include "protocols.h"
#include "guest_util.h"
#include "../tap.h"

_Static_assert(sizeof(struct rseq_post_commit) == 16, "the series' uapi");

enum { P_REGABORT, P_TWOSTORE, P_DESCRIPTOR, P_N };
static const char *const pname[P_N] = { "regabort", "twostore", "descriptor" };
static const int pflags[P_N] = { RSEQ_FLAG_POST_COMMIT_REGABORT,
				 RSEQ_FLAG_POST_COMMIT_TWOSTORE, 0 };

#define MAX_THREADS 64

struct tort {
	int proto, ncpus;
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

static void on_alarm(int sig)
{
	(void)sig;
}

static int step(int p, struct rb_tls *tls, struct rb_pcpu_addv *cnt)
{
	int cpu = rb_cpu_start(tls);

	switch (p) {
	case P_REGABORT:
		return rb_addv_regabort(tls, &cnt[cpu].count, 1, cpu);
	case P_TWOSTORE:
		return rb_addv_twostore(tls, &cnt[cpu].count, 1, cpu);
	default:
		return rb_addv_descriptor(tls, &cnt[cpu].count, 1, cpu);
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

	if (pflags[t->proto] &&
	    syscall(__NR_rseq, &t_area, sizeof(struct rseq_post_commit),
		    pflags[t->proto], RSEQ_SIG)) {
		t->err[a->k] = errno;
		return NULL;
	}
	have_timer = thread_timer_start(&timer, SIGALRM, 500);
	while (!t->stop) {
		if (step(t->proto, &tls, t->cnt) == RB_OK)
			t->adds[a->k]++;
		else
			t->aborts[a->k]++;
		migrate_every(++n, a->k, t->ncpus);
	}
	if (have_timer)
		timer_delete(timer);
	if (pflags[t->proto] && t_area.post_commit_ip)
		t->err[a->k] = -1;	/* left armed */
	if (pflags[t->proto])
		syscall(__NR_rseq, &t_area, sizeof(struct rseq_post_commit),
			RSEQ_FLAG_UNREGISTER | pflags[t->proto], RSEQ_SIG);
	return NULL;
}

static void torture(int p, int ncpus, long secs)
{
	struct tort t = { .proto = p, .ncpus = ncpus };
	struct targ a[MAX_THREADS];
	pthread_t th[MAX_THREADS];
	int nt = 2 * ncpus > MAX_THREADS ? MAX_THREADS : 2 * ncpus, k;
	unsigned long sum = 0, want = 0, aborts = 0;
	int err = 0;

	t.cnt = aligned_alloc(128, (size_t)ncpus * sizeof(*t.cnt));
	if (!t.cnt)
		return;
	memset(t.cnt, 0, (size_t)ncpus * sizeof(*t.cnt));
	for (k = 0; k < nt; k++) {
		a[k].t = &t;
		a[k].k = k;
		pthread_create(&th[k], NULL, tort_thread, &a[k]);
	}
	sleep((unsigned int)secs);
	t.stop = 1;
	for (k = 0; k < nt; k++) {
		pthread_join(th[k], NULL);
		want += t.adds[k];
		aborts += t.aborts[k];
		if (t.err[k] && !err)
			err = t.err[k];
	}
	for (k = 0; k < ncpus; k++)
		sum += (unsigned long)t.cnt[k].count;
	CHECK(!err && sum == want && aborts > 0,
	      "torture %s: %d threads, %ld s: %lu adds, sum %lu, %lu aborts (error %d)",
	      pname[p], nt, secs, want, sum, aborts, err);
	free(t.cnt);
}

int main(void)
{
	long secs = env_long("rbsecs", 3);
	int ncpus, p;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (getpid() == 1)
		mount("proc", "/proc", "proc", 0, NULL);
	ncpus = (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (ncpus > MAX_THREADS / 2)
		ncpus = MAX_THREADS / 2;
	signal(SIGALRM, on_alarm);
	NOTE("torture: %zu-bit task, %d vCPUs, glibc's rseq registration on (__rseq_size %u)",
	     sizeof(void *) * 8, ncpus, __rseq_size);
#ifdef __i386__
	CHECK(sizeof(void *) == 4, "running as a 32-bit task");
#endif
	for (p = 0; p < P_N; p++)
		torture(p, ncpus, secs);
	NOTE("torture done: %d failed", tap_failed);
	fflush(stdout);
	if (getpid() != 1)
		return tap_failed ? 1 : 0;
#if defined(__x86_64__) || defined(__i386__)
	/* QEMU's isa-debug-exit turns the verdict into its exit status. */
	if (ioperm(0xf4, 4, 1) == 0)
		outl(tap_failed ? 1u : 0u, 0xf4);
#endif
	/* Elsewhere the runner reads the line above; PID 1 must not exit. */
	sync();
	reboot(RB_POWER_OFF);
	return tap_failed ? 1 : 0;
}
