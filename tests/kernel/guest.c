// SPDX-License-Identifier: MIT
/*
 * /init of the make kernel-test guest: a static program that runs as
 * PID 1 on the patched 6.12 kernel under QEMU and checks the kernel
 * side of the three protocols.  It prints TAP lines ("ok - ..." /
 * "not ok - ...") and "# ..." notes on the console, then hands its
 * verdict (0 = all passed) to QEMU through the isa-debug-exit port.
 *
 * glibc's own rseq registration stays on, as on any Debian system:
 * descriptor runs on glibc's struct rseq, and regabort and twostore
 * register their area beside it (the series' ABI).  Only the fuzz and
 * cross-check children, raw clone()s that glibc never set up, register
 * a struct rseq of their own.
 *
 * Parts (kernel command line words reach /init as environment
 * variables): ABI checks; torture of regabort, twostore and descriptor,
 * then of descriptor interleaved with regabort or twostore in every
 * thread (rbsecs=seconds per run, default 3); the post-commit hazard
 * (/bin/hazard); the kernel-model cross check; the ABI fuzz
 * (rbfuzz=inputs per protocol, default 500000); the cost probes, the
 * signal path and the preemption path of each protocol, armed and not,
 * between markers that the TCG plugin counts (rbcost=signal probes,
 * default 2000; rbspin=preemption probes, default 0); the kernel's
 * selftests; a scan of the kernel log for oops/WARNING/BUG.
 * rbonly=cost runs the cost probes alone (the counting boot).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/io.h>
#include <sys/klog.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <linux/rseq.h>		/* the patched uapi header */
#include <sys/rseq.h>		/* __rseq_offset, __rseq_size */

#include "protocols.h"
#include "rb_clock.h"
#include "guest_util.h"
#include "kmodel.h"
#include "../tap.h"
#include "cost.h"

/* Fails to build against an unpatched <linux/rseq.h>. */
_Static_assert(sizeof(struct rseq_post_commit) == 16, "the series' uapi");

enum { P_REGABORT, P_TWOSTORE, P_DESCRIPTOR, P_N };
static const char *const pname[P_N] = { "regabort", "twostore", "descriptor" };
static const int pflags[P_N] = { RSEQ_FLAG_POST_COMMIT_REGABORT,
				 RSEQ_FLAG_POST_COMMIT_TWOSTORE, 0 };
static const enum rb_kproto pkproto[P_N] = { RB_KPROTO_REGABORT,
					     RB_KPROTO_TWOSTORE,
					     RB_KPROTO_DESCRIPTOR };
#define PC_LEN ((uint32_t)sizeof(struct rseq_post_commit))
#define PC_FLAGS (RSEQ_FLAG_POST_COMMIT_REGABORT | \
		  RSEQ_FLAG_POST_COMMIT_TWOSTORE)

/*
 * A thread's registrations: a struct rseq of its own (raw clone
 * children only; threads glibc created use glibc's) and the
 * regabort/twostore area registered beside it.
 */
struct ext_area {
	struct rb_rseq rseq;
	struct rb_area area;
} __attribute__((aligned(64)));
_Static_assert(RB_AREA_POST_COMMIT_IP ==
	       offsetof(struct rseq_post_commit, post_commit_ip), "layout");
_Static_assert(RB_AREA_ABORT_IP == offsetof(struct rseq_post_commit, abort_ip),
	       "layout");
_Static_assert(_Alignof(struct rb_area) %
	       _Alignof(struct rseq_post_commit) == 0, "alignment");

static long sys_rseq(void *a, uint32_t len, int flags, uint32_t sig)
{
	return syscall(__NR_rseq, a, len, flags, sig);
}

/* A struct rseq of the thread's own (threads glibc did not set up). */
static int own_register(struct ext_area *e)
{
	memset(&e->rseq, 0, sizeof(e->rseq));
	e->rseq.cpu_id = (uint32_t)-1;
	if (sys_rseq(&e->rseq, 32, 0, RB_SIG))
		return -errno;
	return 0;
}

static int own_unregister(struct ext_area *e)
{
	return sys_rseq(&e->rseq, 32, RSEQ_FLAG_UNREGISTER, RB_SIG) ? -errno : 0;
}

/* Protocol p's area beside the thread's struct rseq (none for descriptor). */
static int pc_register(struct ext_area *e, int p)
{
	if (p == P_DESCRIPTOR)
		return 0;
	if (sys_rseq(&e->area, PC_LEN, pflags[p], RB_SIG))
		return -errno;
	return 0;
}

static int pc_unregister(struct ext_area *e, int p)
{
	if (p == P_DESCRIPTOR)
		return 0;
	if (sys_rseq(&e->area, PC_LEN, RSEQ_FLAG_UNREGISTER | pflags[p],
		     RB_SIG))
		return -errno;
	return 0;
}

/* Handlers of guest_sig.c (linked after this file: see there). */
void rb_guest_timer_handler(int sig, siginfo_t *si, void *uc);
void rb_guest_trap_handler(int sig, siginfo_t *si, void *uc);
extern volatile unsigned long rb_guest_signals;
extern volatile uint64_t rb_guest_trap_ip, rb_guest_trap_pc, rb_guest_traps;
extern volatile uint64_t *volatile rb_guest_trap_area_pc;

static void set_handler(int sig, void (*fn)(int, siginfo_t *, void *))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = fn;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

/* ---- 1. registration ABI ------------------------------------------- */

static struct ext_area abi_area;
static char abi_big[256] __attribute__((aligned(64)));

/* In a forked child: the struct rseq's unregistration drops the area. */
static int abi_unregister_drops_area(void)
{
	struct ext_area *e = &abi_area;
	struct rb_rseq *g = glibc_rseq();

	if (pc_register(e, P_TWOSTORE))
		return 1;
	if (sys_rseq(g, 32, RSEQ_FLAG_UNREGISTER, RB_SIG))
		return 2;
	/* mainline extensible lengths still work for the struct rseq */
	if (sys_rseq(abi_big, 40, 0, RB_SIG) ||
	    sys_rseq(abi_big, 40, RSEQ_FLAG_UNREGISTER, RB_SIG))
		return 3;
	if (sys_rseq(g, 32, 0, RB_SIG))
		return 4;
	/* the area went with the first registration */
	if (!pc_unregister(e, P_TWOSTORE) || errno != EINVAL)
		return 5;
	return 0;
}

static void test_abi(void)
{
	struct ext_area *e = &abi_area;
	struct rb_rseq *g = glibc_rseq();
	char *a = (char *)&e->area;
	pid_t pid;
	long r;
	int st;

	CHECK(getauxval(AT_RSEQ_FEATURE_SIZE) == 28,
	      "AT_RSEQ_FEATURE_SIZE unchanged (%lu)",
	      getauxval(AT_RSEQ_FEATURE_SIZE));
	CHECK(__rseq_size > 0 && (int)g->cpu_id >= 0,
	      "glibc registered its struct rseq (__rseq_size %u, cpu_id %d)",
	      __rseq_size, (int)g->cpu_id);
	CHECK(sys_rseq(NULL, 0, RSEQ_FLAG_POST_COMMIT_TWOSTORE, 0) == 0 &&
	      sys_rseq(NULL, 0, RSEQ_FLAG_POST_COMMIT_REGABORT, 0) == 0,
	      "probe: rseq(NULL, 0, protocol flag, 0) returns 0 for both");
	CHECK(sys_rseq(NULL, 0, PC_FLAGS, 0) && errno == EINVAL,
	      "probe with both protocol flags: EINVAL");
	CHECK(sys_rseq(NULL, 0, 1 << 3, 0) && errno == EINVAL,
	      "unknown flag: EINVAL");
	CHECK(sys_rseq(a, 15, RSEQ_FLAG_POST_COMMIT_TWOSTORE, RB_SIG) &&
	      errno == EINVAL, "area length 15: EINVAL");
	CHECK(sys_rseq(a, 32, RSEQ_FLAG_POST_COMMIT_TWOSTORE, RB_SIG) &&
	      errno == EINVAL, "area length 32: EINVAL");
	CHECK(sys_rseq(a + 8, PC_LEN, RSEQ_FLAG_POST_COMMIT_TWOSTORE, RB_SIG) &&
	      errno == EINVAL, "area misaligned by 8: EINVAL");
	CHECK(sys_rseq(a, PC_LEN, PC_FLAGS, RB_SIG) && errno == EINVAL,
	      "both protocols: EINVAL");
	CHECK(sys_rseq(a, PC_LEN, RSEQ_FLAG_POST_COMMIT_TWOSTORE | (1 << 3),
		       RB_SIG) && errno == EINVAL,
	      "a protocol with an unknown flag: EINVAL");
	CHECK(sys_rseq(a, PC_LEN, RSEQ_FLAG_POST_COMMIT_TWOSTORE, RB_SIG + 1) &&
	      errno == EPERM, "another signature than the struct rseq's: EPERM");
	CHECK(sys_rseq((void *)0xffffffff81000000UL, PC_LEN,
		       RSEQ_FLAG_POST_COMMIT_TWOSTORE, RB_SIG) &&
	      errno == EFAULT, "kernel address: EFAULT");
	CHECK(sys_rseq((void *)0x0000800000000000UL, PC_LEN,
		       RSEQ_FLAG_POST_COMMIT_TWOSTORE, RB_SIG) &&
	      errno == EFAULT, "non-canonical address: EFAULT");
	CHECK(sys_rseq(a, PC_LEN, RSEQ_FLAG_UNREGISTER |
		       RSEQ_FLAG_POST_COMMIT_TWOSTORE, RB_SIG) &&
	      errno == EINVAL, "unregister with no area registered: EINVAL");
	e->area.abort_ip = 0x1234;
	e->area.post_commit_ip = 0x5678;
	CHECK(pc_register(e, P_REGABORT) == 0, "regabort registers");
	CHECK(e->area.abort_ip == 0 && e->area.post_commit_ip == 0,
	      "registration zeroes the whole area");
	r = sys_rseq(a, PC_LEN, RSEQ_FLAG_POST_COMMIT_REGABORT, RB_SIG);
	CHECK(r && errno == EBUSY, "same registration again: EBUSY");
	r = sys_rseq(a, PC_LEN, RSEQ_FLAG_POST_COMMIT_TWOSTORE, RB_SIG);
	CHECK(r && errno == EINVAL, "other protocol on the same area: EINVAL");
	r = sys_rseq(abi_big, PC_LEN, RSEQ_FLAG_POST_COMMIT_REGABORT, RB_SIG);
	CHECK(r && errno == EINVAL, "another area: EINVAL");
	r = sys_rseq(g, 32, 0, RB_SIG);
	CHECK(r && errno == EBUSY,
	      "glibc's struct rseq is still registered as it was: EBUSY");
	r = sys_rseq(a, PC_LEN, RSEQ_FLAG_UNREGISTER |
		     RSEQ_FLAG_POST_COMMIT_TWOSTORE, RB_SIG);
	CHECK(r && errno == EINVAL, "unregister naming the other protocol: EINVAL");
	r = sys_rseq(a, PC_LEN, RSEQ_FLAG_UNREGISTER |
		     RSEQ_FLAG_POST_COMMIT_REGABORT, RB_SIG + 1);
	CHECK(r && errno == EPERM, "unregister with another signature: EPERM");
	CHECK(pc_unregister(e, P_REGABORT) == 0 && (int)g->cpu_id >= 0,
	      "unregister: the struct rseq stays registered (cpu_id %d)",
	      (int)g->cpu_id);
	CHECK(pc_register(e, P_TWOSTORE) == 0 &&
	      pc_unregister(e, P_TWOSTORE) == 0,
	      "twostore registers and unregisters");
	pid = fork();
	if (pid == 0)
		_exit(abi_unregister_drops_area());
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "unregistering the struct rseq drops the area; rseq_len 40 still registers (status %#x)",
	      st);
}

/* ---- 2. torture ----------------------------------------------------- */

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
 * with protocol P.  The torture runs steps of P and Q alternately (Q
 * == P but for the mixed runs), on the same per-CPU data.
 */
#define TORTURE_STEP(P)                                                 \
	do {                                                            \
		intptr_t got = 0;                                       \
		int rc;                                                 \
									\
		do {                                                    \
			int cpu = rb_cpu_start(&tls);                   \
			if (cpu != th->last_cpu) {                      \
				th->migrations++;                       \
				th->last_cpu = cpu;                     \
			}                                               \
			rc = rb_addv_##P(&tls, &sh->cnt[cpu].count, 1,  \
					 cpu);                          \
		} while (rc == RB_ABORT && ++th->aborts);               \
		th->adds++;                                             \
		do {                                                    \
			int cpu = rb_cpu_start(&tls);                   \
			rc = rb_cmpnev_storeoffp_load_##P(&tls,         \
				&sh->lists[cpu].head, 0,                \
				offsetof(struct lnode, next), &got, cpu); \
		} while (rc == RB_ABORT && ++th->aborts);               \
		if (rc != RB_OK)                                        \
			break;                                          \
		th->pops++;                                             \
		do {                                                    \
			int cpu = rb_cpu_start(&tls);                   \
			struct lnode *n = (void *)got;                  \
			intptr_t h = RB_READ_ONCE(sh->lists[cpu].head); \
			n->next = (void *)h;                            \
			rc = rb_cmpeqv_storev_##P(&tls,                 \
				&sh->lists[cpu].head, h, got, cpu);     \
			if (rc == RB_ABORT)                             \
				th->aborts++;                           \
		} while (rc != RB_OK);                                  \
		th->pushes++;                                           \
	} while (0)

#define TORTURE_LOOP(P, Q)                                              \
	do {                                                            \
		while (!RB_READ_ONCE(sh->stop)) {                       \
			int k;                                          \
			for (k = 0; k < 32; k++) {                      \
				TORTURE_STEP(P);                        \
				TORTURE_STEP(Q);                        \
			}                                               \
		}                                                       \
	} while (0)

static void *tort_thread(void *arg)
{
	struct tthread *th = arg;
	struct tort *sh = th->sh;
	struct rb_tls tls;
	timer_t timer;
	struct sigevent sev;
	struct itimerspec its;
	int have_timer = 0;

	th->ktid = (pid_t)syscall(SYS_gettid);
	th->err = pc_register(&t_area, th->proto);
	if (th->err)
		return NULL;
	tls.rseq = glibc_rseq();
	tls.area = &t_area.area;
	th->last_cpu = rb_cpu_start(&tls);
	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_THREAD_ID;
	sev.sigev_signo = SIGALRM;
	sev._sigev_un._tid = (pid_t)syscall(SYS_gettid);
	if (sh->timer_us > 0 && timer_create(CLOCK_MONOTONIC, &sev, &timer) == 0) {
		its.it_value.tv_sec = 0;
		its.it_value.tv_nsec = sh->timer_us * 1000;
		its.it_interval = its.it_value;
		timer_settime(timer, 0, &its, NULL);
		have_timer = 1;
	}
	while (!RB_READ_ONCE(sh->start))
		sched_yield();
	if (sh->mixed && th->proto == P_REGABORT)
		TORTURE_LOOP(descriptor, regabort);
	else if (sh->mixed)
		TORTURE_LOOP(descriptor, twostore);
	else if (th->proto == P_REGABORT)
		TORTURE_LOOP(regabort, regabort);
	else if (th->proto == P_TWOSTORE)
		TORTURE_LOOP(twostore, twostore);
	else
		TORTURE_LOOP(descriptor, descriptor);
	if (have_timer)
		timer_delete(timer);
	th->armed_at_end = th->proto == P_DESCRIPTOR ? 0 :
		t_area.area.post_commit_ip;
	pc_unregister(&t_area, th->proto);
	return NULL;
}

#define NNODES 64

/*
 * p: every thread runs protocol p.  mixed: every thread interleaves
 * descriptor (on glibc's rseq_cs) with regabort (even threads) or
 * twostore (odd threads) on the same data.
 */
static void test_torture(int p, int mixed, int nthreads, double secs,
			 long timer_us)
{
	const char *name = mixed ? "descriptor+regabort/twostore" : pname[p];
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
		th[i].proto = !mixed ? p : i % 2 ? P_TWOSTORE : P_REGABORT;
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
			if (th[i].ktid &&
			    sched_setaffinity(th[i].ktid, sizeof(set), &set) == 0)
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

/* ---- 3. the probe: one armed event at a known instruction ---------- */

/*
 * Arms the thread's area with (abort, pc), loads rcx, and executes
 * int3: the SIGTRAP is delivered on the way out of the trap, with ip =
 * rb_probe_after, rcx as loaded, the area armed: the kernel's fixup
 * decides.  Returns 1 when the thread resumed at rb_probe_abort (a
 * restart), 0 when it resumed after the int3.
 */
extern const char rb_probe_trap[], rb_probe_after[], rb_probe_abort[];

__attribute__((noinline, noclone)) static int
rb_probe(struct rb_area *area, uint64_t pc, uint64_t abort, uint64_t rcx)
{
	int r = 0;

	asm volatile("movq %[rcx], %%rcx\n\t"
		     "movq %[abort], 0(%[area])\n\t"
		     "movq %[pc], 8(%[area])\n"
		     ".globl rb_probe_trap\n"
		     "rb_probe_trap:\n\t"
		     "int3\n"
		     ".globl rb_probe_after\n"
		     "rb_probe_after:\n\t"
		     "movq $0, 8(%[area])\n\t"
		     "movl $0, %[r]\n\t"
		     "jmp 9f\n\t"
		     RB_A_SIG
		     ".globl rb_probe_abort\n"
		     "rb_probe_abort:\n\t"
		     "movl $1, %[r]\n"
		     "9:\n\t"
		     : [r] "+m"(r)
		     : [area] "r"(area), [pc] "r"(pc), [abort] "r"(abort),
		       [rcx] "r"(rcx)
		     : "rcx", "memory", "cc");
	return r;
}

#define TSZ RB_ARCH_TASK_SIZE

/* The model's view of memory: the armed area from a shadow, the rest probed. */
struct mctx {
	uint64_t area;
	uint64_t shadow[2];	/* abort_ip, post_commit_ip as armed */
	uint64_t rseq;		/* the struct rseq: its rseq_cs is written */
	int pipefd[2];
};

static int m_read(void *ctx, uint64_t addr, void *buf, unsigned int len)
{
	struct mctx *m = ctx;
	char tmp[64];
	long w, r, got;

	if (addr >= m->area && addr + len <= m->area + 16) {
		memcpy(buf, (char *)m->shadow + (addr - m->area), len);
		return 0;
	}
	if (len > sizeof(tmp))
		return -1;
	/*
	 * write(2) from an unreadable address fails with EFAULT, or
	 * copies only the readable head of a range that runs into an
	 * unmapped page: both are a fault.  The pipe is non-blocking and
	 * drained whatever happened.
	 */
	w = syscall(SYS_write, m->pipefd[1], (void *)(uintptr_t)addr, len);
	got = 0;
	while (got < (long)sizeof(tmp) &&
	       (r = syscall(SYS_read, m->pipefd[0], tmp + got,
			    sizeof(tmp) - got)) > 0)
		got += r;
	if (w != (long)len || got != (long)len)
		return -1;
	memcpy(buf, tmp, len);
	return 0;
}

static int m_write(void *ctx, uint64_t addr, const void *buf, unsigned int len)
{
	struct mctx *m = ctx;

	(void)buf;
	if (addr >= m->area && addr + len <= m->area + 16)
		return 0;
	/* rseq_cs: the lazy clear of the descriptor rules writes it */
	if (m->rseq && addr >= m->rseq + RB_KMODEL_RSEQ_CS &&
	    addr + len <= m->rseq + RB_KMODEL_RSEQ_CS + 8)
		return 0;
	return -1;
}

/*
 * Expected verdicts: bit v set when verdict v is allowed.  The event is
 * the SIGTRAP at rb_probe_after; a preemption just before the int3 sees
 * ip = rb_probe_trap, so both are allowed.  With `unreg` (the probe
 * that unregisters first): nothing, or what a preemption before the
 * system call at `unreg` gives.
 */
static unsigned int model_expect(int p, struct ext_area *e, uint64_t pc,
				 uint64_t abort, uint64_t rcx, struct mctx *m,
				 const char *unreg, const char **why)
{
	struct rb_area *area = &e->area;
	struct rb_kmodel_thread t = {
		.proto = pkproto[p], .sig = RB_SIG,
		.area = (uint64_t)(uintptr_t)area,
		.rseq = (uint64_t)(uintptr_t)&e->rseq,
	};
	struct rb_kmodel_mem mem = { m_read, m_write, m, TSZ };
	struct rb_kmodel_regs regs = { (uint64_t)(uintptr_t)rb_probe_after,
				       rcx, true };
	struct rb_kmodel_result res;
	unsigned int mask;

	m->area = (uint64_t)(uintptr_t)area;
	m->rseq = t.rseq;
	m->shadow[0] = abort;
	m->shadow[1] = pc;
	if (unreg) {
		regs.ip = (uint64_t)(uintptr_t)unreg;
		rb_kmodel_fixup(&t, &regs, &mem, &res);
		*why = "unregistered while armed";
		return 1u << RB_KV_NONE | 1u << res.verdict;
	}
	rb_kmodel_fixup(&t, &regs, &mem, &res);
	mask = 1u << res.verdict;
	*why = res.reason;
	regs.ip = (uint64_t)(uintptr_t)rb_probe_trap;
	rb_kmodel_fixup(&t, &regs, &mem, &res);
	mask |= 1u << res.verdict;
	return mask;
}

/* Verdict the kernel gave, from the probe's return and the handler. */
static enum rb_kverdict probe_verdict(int restarted, uint64_t pc)
{
	if (restarted)
		return RB_KV_RESTART;
	/* resumed after the int3: the area must still be as armed */
	return rb_guest_trap_pc == pc ? RB_KV_NONE : RB_KV_CLEARED;
}

/* ---- fuzz / cross-check runner in CLONE_VM children ------------------ */

/*
 * The same probe with an rseq(RSEQ_FLAG_UNREGISTER) system call between
 * arming and the int3: once unregistered, nothing may happen.  Its own
 * abort label, so that a restart before the system call (a preemption
 * at rb_unreg_sys) lands here.
 */
extern const char rb_unreg_sys[], rb_unreg_abort[];

__attribute__((noinline, noclone)) static int
rb_probe_unreg(struct ext_area *e, int p, uint64_t pc, uint64_t abort,
	       uint64_t rcx, long *sysret)
{
	register long r10 asm("r10") = RB_SIG;
	long rax = __NR_rseq;
	int r = 0;

	asm volatile("movq %[abort], 0(%[area])\n\t"
		     "movq %[pc], 8(%[area])\n\t"
		     "movq %[rcx], %%rcx\n"
		     ".globl rb_unreg_sys\n"
		     "rb_unreg_sys:\n\t"
		     "syscall\n\t"
		     "int3\n\t"
		     "movq $0, 8(%[area])\n\t"
		     "movl $0, %[r]\n\t"
		     "jmp 9f\n\t"
		     RB_A_SIG
		     ".globl rb_unreg_abort\n"
		     "rb_unreg_abort:\n\t"
		     "movl $1, %[r]\n"
		     "9:\n\t"
		     : [r] "+m"(r), "+a"(rax)
		     : [area] "r"(&e->area), [pc] "r"(pc), [abort] "r"(abort),
		       [rcx] "r"(rcx), "D"(&e->area), "S"((long)PC_LEN),
		       "d"((long)(RSEQ_FLAG_UNREGISTER | pflags[p])), "r"(r10)
		     : "rcx", "r11", "memory", "cc");
	*sysret = rax;
	return r;
}

enum fz_kind { K_PROBE, K_UNREG, K_REGISTER };

struct fz_in {
	enum fz_kind kind;
	uint64_t pc, abort, rcx;	/* K_PROBE, K_UNREG */
	uint64_t addr;			/* K_REGISTER */
	uint32_t len;
	int flags;
};

struct fz {
	int proto;
	long n;			/* inputs */
	long next;		/* next input to run */
	long cur;		/* input being run */
	unsigned int cur_mask;	/* its allowed verdicts */
	long counts[4];		/* kernel verdicts of the probes */
	long kinds[3];		/* inputs per kind */
	long reg_ok, reg_einval, reg_efault, reg_other;
	long mismatches;
	long ambiguous;		/* inputs where two verdicts were allowed */
	char first_bad[4][240];
	int nbad;
	long children;
	volatile pid_t child;	/* running child, for the watchdog */
	long hung;
	void (*gen)(struct fz *f, long i, struct fz_in *in);
	struct mctx m;
	struct ext_area area;
	struct ext_area area2[2];
	uint64_t unmapped;	/* a PROT_NONE region, 1 MiB */
	uint64_t guard_page;	/* RW page between two PROT_NONE pages */
};

static void fz_bad(struct fz *f, const char *what, long i,
		   const struct fz_in *in, unsigned int mask, int got)
{
	f->mismatches++;
	if (f->nbad < 4)
		snprintf(f->first_bad[f->nbad++], sizeof(f->first_bad[0]),
			 "%s #%ld kind=%d pc=%#lx abort=%#lx rcx=%#lx addr=%#lx len=%u flags=%d allowed=%#x got=%d",
			 what, i, in ? (int)in->kind : -1,
			 in ? (unsigned long)in->pc : 0,
			 in ? (unsigned long)in->abort : 0,
			 in ? (unsigned long)in->rcx : 0,
			 in ? (unsigned long)in->addr : 0, in ? in->len : 0,
			 in ? in->flags : 0, mask, got);
}

static bool readable(struct fz *f, uint64_t addr, unsigned int len)
{
	uint64_t buf[8];

	if (addr >= TSZ || addr + len > TSZ || addr + len < addr)
		return false;
	return m_read(&f->m, addr, buf, len) == 0;
}

/*
 * The registration rules of the ABI (not part of kmodel.h): the
 * expected errno, or 0.  With a protocol flag, the series' rules for
 * the area (the thread's struct rseq registered, no area yet): flags,
 * the NULL/0 probe, length and alignment, access_ok, then the clear
 * of the whole area.  Without, mainline's rules for the struct rseq
 * (nothing registered): flags, length and alignment, access_ok, then
 * the read of rseq_cs.
 */
static int expect_register(struct fz *f, uint64_t a, uint32_t len, int flags)
{
	int proto = flags & PC_FLAGS;

	if (proto) {
		if (flags & ~(PC_FLAGS | RSEQ_FLAG_UNREGISTER))
			return EINVAL;
		if (proto == PC_FLAGS || (flags & RSEQ_FLAG_UNREGISTER))
			return EINVAL;
		if (!a && !len)
			return 0;
		if (len != PC_LEN || (a % 16))
			return EINVAL;
		if (a >= TSZ || a + len > TSZ || a + len < a)
			return EFAULT;
		if (!readable(f, a, len))
			return EFAULT;
		return 0;
	}
	if (flags)
		return EINVAL;	/* unknown, or UNREGISTER with nothing */
	if (len < 32 || (a % 32) || (len != 32 && len < 28))
		return EINVAL;
	if (a >= TSZ || a + len > TSZ || a + len < a)
		return EFAULT;
	if (!readable(f, a + 8, 8))
		return EFAULT;
	return 0;
}

static void fz_register(struct fz *f, long i, const struct fz_in *in)
{
	int exp = expect_register(f, in->addr, in->len, in->flags);
	bool area = in->flags & PC_FLAGS;
	long r;
	int err;

	if (pc_unregister(&f->area, f->proto) ||
	    (!area && own_unregister(&f->area))) {
		fz_bad(f, "unregister before register", i, in, 0, errno);
		_exit(4);
	}
	r = sys_rseq((void *)(uintptr_t)in->addr, in->len, in->flags, RB_SIG);
	err = r ? errno : 0;
	if (err == 0)
		f->reg_ok++;
	else if (err == EINVAL)
		f->reg_einval++;
	else if (err == EFAULT)
		f->reg_efault++;
	else
		f->reg_other++;
	if (err != exp)
		fz_bad(f, "registration errno", i, in, (unsigned int)exp, err);
	if (r == 0 && (in->addr || in->len) &&
	    sys_rseq((void *)(uintptr_t)in->addr, in->len,
		     RSEQ_FLAG_UNREGISTER | (in->flags & PC_FLAGS), RB_SIG))
		fz_bad(f, "unregister after fuzz registration", i, in, 0, errno);
	if ((!area && own_register(&f->area)) ||
	    pc_register(&f->area, f->proto))
		_exit(3);
}

static int fz_child(void *arg)
{
	struct fz *f = arg;
	long i;

	/* a raw clone: no struct rseq from glibc */
	if (own_register(&f->area) || pc_register(&f->area, f->proto))
		_exit(3);
	rb_guest_trap_area_pc = &f->area.area.post_commit_ip;
	for (i = f->next; i < f->n; i++) {
		struct fz_in in;
		const char *why;
		unsigned int mask;
		enum rb_kverdict v;
		long sysret = 0;
		int r;

		f->gen(f, i, &in);
		f->kinds[in.kind]++;
		f->cur = i;
		f->next = i + 1;
		if (in.kind == K_REGISTER) {
			f->cur_mask = 0;
			fz_register(f, i, &in);
			continue;
		}
		mask = model_expect(f->proto, &f->area, in.pc, in.abort,
				    in.rcx, &f->m,
				    in.kind == K_UNREG ? rb_unreg_sys : NULL,
				    &why);
		f->cur_mask = mask;
		rb_guest_trap_pc = ~0ULL;
		if (in.kind == K_PROBE) {
			r = rb_probe(&f->area.area, in.pc, in.abort, in.rcx);
		} else {
			r = rb_probe_unreg(&f->area, f->proto, in.pc, in.abort,
					   in.rcx, &sysret);
			if (!r && sysret != 0)
				fz_bad(f, "unregister while armed failed", i,
				       &in, mask, (int)sysret);
		}
		v = probe_verdict(r, in.pc);
		f->counts[v]++;
		if (mask & (mask - 1))
			f->ambiguous++;
		if (!(mask & (1u << v))) {
			fz_bad(f, why, i, &in, mask, v);
			/* the area may be left armed: start afresh */
			_exit(4);
		}
		if (in.kind == K_UNREG) {
			int e = pc_register(&f->area, f->proto);

			if (e && e != -EBUSY)
				_exit(3);
		}
	}
	_exit(0);
}

static void fz_run(struct fz *f)
{
	static char *stack;
	int st;
	pid_t pid;

	if (!stack)
		stack = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	f->next = 0;
	while (f->next < f->n) {
		f->cur = -1;
		pid = clone(fz_child, stack + (1 << 20) - 64, CLONE_VM | SIGCHLD,
			    f);
		if (pid < 0) {
			fz_bad(f, "clone failed", f->next, NULL, 0, -1);
			return;
		}
		f->children++;
		f->child = pid;
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
		f->child = 0;
		if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
			break;
		if (WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV && f->cur >= 0) {
			f->counts[RB_KV_SIGSEGV]++;
			if (!(f->cur_mask & (1u << RB_KV_SIGSEGV)))
				fz_bad(f, "unexpected SIGSEGV", f->cur, NULL,
				       f->cur_mask, RB_KV_SIGSEGV);
			continue;
		}
		if (WIFEXITED(st) && WEXITSTATUS(st) == 4)
			continue;
		fz_bad(f, "child died otherwise", f->cur, NULL, f->cur_mask,
		       WIFSIGNALED(st) ? 100 + WTERMSIG(st) : WEXITSTATUS(st));
		if (f->cur < 0)
			return;
		f->next = f->cur + 1;
	}
}

static uint64_t splitmix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static uint64_t pick_pc(struct fz *f, uint64_t r, uint64_t r2, uint64_t trap,
			uint64_t after)
{
	switch (r % 20) {
	case 0: return 0;
	case 1: return 1;
	case 2: return trap;
	case 3: return after;
	case 4: return after + 1;
	case 5: return TSZ - 1;
	case 6: return TSZ;
	case 7: return TSZ + 1;
	case 8: return 0xffffffff81000000ULL;
	case 9: return 0x0000800000000000ULL;
	case 10: return 0xffff800000000000ULL;
	case 11: return ~0ULL;
	case 12: return r2;				/* any 64-bit value */
	case 13: return 1 + r2 % trap;			/* below the probe */
	default: return after + 1 + r2 % (TSZ - after - 1); /* above */
	}
}

static uint64_t pick_abort(struct fz *f, uint64_t r, uint64_t r2, uint64_t ok)
{
	switch (r % 24) {
	case 0: return ok + 1;
	case 1: return ok - 1;
	case 2: return (uintptr_t)rb_probe_after;	/* no signature */
	case 3: return 0;
	case 4: return 1 + r2 % 4;			/* 1..4 */
	case 5: return 0xffffffff81000000ULL + (r2 & 0xfff);
	case 6: return 0x0000800000000000ULL + (r2 & 0xfff);
	case 7: return TSZ - (r2 & 7);
	case 8: return TSZ + (r2 & 7);
	case 9: return ~0ULL - (r2 & 7);
	case 10: return f->unmapped + r2 % (1 << 20);	/* unreadable */
	case 11: return f->guard_page + (r2 & 3);	/* abort-4 unreadable */
	case 12: return r2;
	case 13: return (uintptr_t)&f->m + (r2 & 63);	/* data, no signature */
	default: return ok;				/* valid */
	}
}

static uint64_t pick_area(struct fz *f, uint64_t r, uint64_t r2)
{
	uint64_t a2 = (uintptr_t)&f->area2[0];

	switch (r % 16) {
	case 0: return a2 + 8 * (1 + r2 % 7);		/* misaligned */
	case 1: return 0xffffffff81000000ULL + 64 * (r2 & 0xff);
	case 2: return 0x0000800000000000ULL + 64 * (r2 & 0xff);
	case 3: return 0xffff800000000000ULL;
	case 4: return TSZ - 32 * (1 + (r2 & 3));	/* at the top */
	case 5: return f->unmapped + 64 * (r2 % (1 << 14));
	case 6: return f->guard_page - 32;		/* rseq unreadable */
	case 7: return f->guard_page + 4096 - 32;	/* fields unmapped */
	case 8: return f->guard_page + 4096 - 64;	/* fits exactly */
	case 9: return r2 & ~31ULL;
	case 10: return r2;
	case 11: return 0;
	default: return a2;				/* valid */
	}
}

static void gen_random(struct fz *f, long i, struct fz_in *in)
{
	uint64_t s = splitmix((uint64_t)i * 8 + (uint64_t)f->proto * 0x1000000000ULL);
	uint64_t a = splitmix(s + 1), b = splitmix(s + 2), c = splitmix(s + 3);
	uint64_t d = splitmix(s + 4), e = splitmix(s + 5);
	static const uint32_t lens[] = { 0, 8, 16, 16, 16, 28, 31, 32, 33,
					 40, 48, 64, 4096 };
	static const int flags[] = {
		0, RSEQ_FLAG_POST_COMMIT_REGABORT,
		RSEQ_FLAG_POST_COMMIT_TWOSTORE, PC_FLAGS,
		RSEQ_FLAG_UNREGISTER, 1 << 3, 1 << 31,
		RSEQ_FLAG_POST_COMMIT_REGABORT | RSEQ_FLAG_UNREGISTER,
		RSEQ_FLAG_POST_COMMIT_TWOSTORE | (1 << 3),
		RSEQ_FLAG_POST_COMMIT_REGABORT, RSEQ_FLAG_POST_COMMIT_TWOSTORE,
	};
	uint64_t ok, good, other;

	memset(in, 0, sizeof(*in));
	switch ((s >> 58) & 15) {
	case 0:
	case 1:
		in->kind = K_REGISTER;
		in->addr = pick_area(f, a, b);
		in->len = lens[c % (sizeof(lens) / sizeof(lens[0]))];
		in->flags = flags[d % (sizeof(flags) / sizeof(flags[0]))];
		return;
	case 2:
		in->kind = K_UNREG;
		ok = (uintptr_t)rb_unreg_abort;
		in->pc = pick_pc(f, s, e, (uintptr_t)rb_unreg_sys,
				 (uintptr_t)rb_unreg_sys + 2);
		break;
	default:
		in->kind = K_PROBE;
		ok = (uintptr_t)rb_probe_abort;
		in->pc = pick_pc(f, s, e, (uintptr_t)rb_probe_trap,
				 (uintptr_t)rb_probe_after);
		break;
	}
	good = pick_abort(f, a, b, ok);
	other = pick_abort(f, c, a ^ b, ok);
	/* the protocol's abort source gets `good`, the other one noise */
	if (f->proto == P_REGABORT) {
		in->rcx = good;
		in->abort = other;
	} else {
		in->abort = good;
		in->rcx = other;
	}
}

static void fz_setup(struct fz *f, int p)
{
	char *g;

	memset(f, 0, sizeof(*f));
	f->proto = p;
	if (pipe2(f->m.pipefd, O_NONBLOCK))
		abort();
	f->unmapped = (uintptr_t)mmap(NULL, 1 << 20, PROT_NONE,
				      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	g = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(g, 0, 3 * 4096);
	mprotect(g, 4096, PROT_NONE);
	mprotect(g + 2 * 4096, 4096, PROT_NONE);
	f->guard_page = (uintptr_t)g + 4096;
}

static void fz_teardown(struct fz *f)
{
	close(f->m.pipefd[0]);
	close(f->m.pipefd[1]);
	munmap((void *)(uintptr_t)f->unmapped, 1 << 20);
	munmap((void *)(uintptr_t)(f->guard_page - 4096), 3 * 4096);
}

static struct fz *fz_shared;

/* Kills a child that makes no progress for 20 s (a hang is a failure). */
static void *fz_watchdog(void *arg)
{
	struct fz *f = arg;
	long last = -2;
	int idle = 0;

	for (;;) {
		long cur = RB_READ_ONCE(f->next);
		pid_t c = f->child;

		sleep(1);
		if (cur != last || !c) {
			last = cur;
			idle = 0;
			continue;
		}
		if (++idle >= 20) {
			f->hung++;
			kill(c, SIGKILL);
			idle = 0;
		}
	}
	return NULL;
}

/* Runs in its own process (one per protocol, in parallel). */
static void test_fuzz(int p, long n)
{
	struct fz *f = fz_shared;
	double t0 = rb_now();
	int i;

	pthread_t wd;

	fz_setup(f, p);
	f->n = n;
	f->gen = gen_random;
	pthread_create(&wd, NULL, fz_watchdog, f);
	fz_run(f);
	CHECK(f->mismatches == 0 &&
	      f->counts[0] + f->counts[1] + f->counts[2] + f->counts[3] +
	      f->kinds[K_REGISTER] == n,
	      "fuzz %s: %ld inputs as expected in %.1fs (%ld children, %ld hung)",
	      pname[p], n, rb_now() - t0, f->children, f->hung);
	NOTE("fuzz %s: probes %ld + unregister-while-armed %ld: none %ld, restart %ld, SIGSEGV %ld, cleared %ld (%ld with two allowed outcomes)",
	     pname[p], f->kinds[K_PROBE], f->kinds[K_UNREG],
	     f->counts[RB_KV_NONE], f->counts[RB_KV_RESTART],
	     f->counts[RB_KV_SIGSEGV], f->counts[RB_KV_CLEARED], f->ambiguous);
	NOTE("fuzz %s: registrations %ld: ok %ld, EINVAL %ld, EFAULT %ld, other %ld",
	     pname[p], f->kinds[K_REGISTER], f->reg_ok, f->reg_einval,
	     f->reg_efault, f->reg_other);
	for (i = 0; i < f->nbad; i++)
		NOTE("fuzz %s mismatch: %s", pname[p], f->first_bad[i]);
	fz_teardown(f);
}

/* The cross-check: named scenarios, kernel vs model, printed one by one. */
struct xcase {
	const char *name;
	uint64_t pc, abort;	/* the protocol's abort source gets abort */
};

static uint64_t xc_pc, xc_abort, xc_other;

static void gen_fixed(struct fz *f, long i, struct fz_in *in)
{
	(void)i;
	memset(in, 0, sizeof(*in));
	in->kind = K_PROBE;
	if (f->proto == P_REGABORT) {
		in->rcx = xc_abort;
		in->abort = xc_other;
	} else {
		in->abort = xc_abort;
		in->rcx = xc_other;
	}
	in->pc = xc_pc;
}

static void test_crosscheck(int p)
{
	struct fz *f = fz_shared;
	uint64_t trap = (uintptr_t)rb_probe_trap, after = (uintptr_t)rb_probe_after;
	uint64_t ok = (uintptr_t)rb_probe_abort;
	const struct xcase cases[] = {
		{ "not armed", 0, ok },
		{ "armed, ip above post_commit_ip", trap - 1, ok },
		{ "armed, ip == post_commit_ip", after, ok },
		{ "armed, ip below post_commit_ip, valid abort", after + 1, ok },
		{ "armed high, valid abort", TSZ - 1, ok },
		{ "wrong signature", after + 64, ok + 1 },
		{ "abort address 0", after + 64, 0 },
		{ "abort address 2", after + 64, 2 },
		{ "abort address in the kernel", after + 64, 0xffffffff81000000ULL },
		{ "abort address non-canonical", after + 64, 0x0000800000000000ULL },
		{ "abort-4 unmapped", after + 64, 0 /* guard page, below */ },
		{ "post_commit_ip == TASK_SIZE", TSZ, ok },
		{ "post_commit_ip in the kernel", 0xffffffff81000000ULL, ok },
		{ "post_commit_ip non-canonical", 0x0000800000000000ULL, ok },
		{ "post_commit_ip below ip, bad abort", 1, 0 },
	};
	unsigned int i;
	int agree = 0;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *why;
		unsigned int mask;
		enum rb_kverdict got;

		fz_setup(f, p);
		xc_pc = cases[i].pc;
		xc_abort = cases[i].abort;
		if (i == 10)
			xc_abort = f->guard_page;
		/* the source the protocol must ignore holds a valid-looking lure */
		xc_other = ok;
		if (cases[i].abort == ok)
			xc_other = ok + 1;
		mask = model_expect(p, &f->area, xc_pc, xc_abort,
				    p == P_REGABORT ? xc_abort : xc_other,
				    &f->m, NULL, &why);
		f->n = 1;
		f->gen = gen_fixed;
		fz_run(f);
		got = f->counts[RB_KV_SIGSEGV] ? RB_KV_SIGSEGV :
		      f->counts[RB_KV_RESTART] ? RB_KV_RESTART :
		      f->counts[RB_KV_CLEARED] ? RB_KV_CLEARED : RB_KV_NONE;
		agree += CHECK(f->mismatches == 0 && (mask & (1u << got)),
			       "cross-check %s: %s: kernel %s, model %s (%s)",
			       pname[p], cases[i].name, rb_kverdict_name(got),
			       rb_kverdict_name((enum rb_kverdict)__builtin_ctz(mask)),
			       why);
		fz_teardown(f);
	}
	(void)agree;
}

/* ---- 5. what the fixup costs: probes for the TCG plugin (cost.h) ---- */

_Static_assert(P_REGABORT == 0 && P_TWOSTORE == 1 && P_DESCRIPTOR == 2 &&
	       P_N == RB_MARK_PROTOS, "the plugin's protocol names");

/*
 * The preemption probe: arms like rb_probe(), then spins inside the
 * sequence until the partner thread (same cpu) has run, that is until
 * the tick preempted the spin.  Returns 1 when the thread resumed at
 * rb_spin_abort (a restart), 0 when the spin saw the partner's bump.
 * No syscall inside: on x86-64 syscall overwrites rcx, the regabort
 * register, so only an interrupt is a fair preemption for all three.
 */
extern const char rb_spin_start[], rb_spin_after[], rb_spin_abort[];

__attribute__((noinline, noclone)) static int
rb_probe_spin(struct rb_area *area, uint64_t pc, uint64_t abort,
	      uint64_t rcx, volatile long *bumps, long seen)
{
	int r = 0;

	asm volatile("movq %[rcx], %%rcx\n\t"
		     "movq %[abort], 0(%[area])\n\t"
		     "movq %[pc], 8(%[area])\n"
		     ".globl rb_spin_start\n"
		     "rb_spin_start:\n\t"
		     "cmpq %[seen], (%[bumps])\n\t"
		     "je rb_spin_start\n"
		     ".globl rb_spin_after\n"
		     "rb_spin_after:\n\t"
		     "movq $0, 8(%[area])\n\t"
		     "movl $0, %[r]\n\t"
		     "jmp 9f\n\t"
		     RB_A_SIG
		     ".globl rb_spin_abort\n"
		     "rb_spin_abort:\n\t"
		     "movl $1, %[r]\n"
		     "9:\n\t"
		     : [r] "+m"(r)
		     : [area] "r"(area), [pc] "r"(pc), [abort] "r"(abort),
		       [rcx] "r"(rcx), [bumps] "r"(bumps), [seen] "r"(seen)
		     : "rcx", "memory", "cc");
	return r;
}

static void pin_self(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

static struct ext_area cost_area;
static struct rseq_cs cost_sig_cs __attribute__((aligned(32)));
static struct rseq_cs cost_spin_cs __attribute__((aligned(32)));

/* One probe of path (0 signal, 1 preemption), armed or not. */
static int cost_probe(int p, int path, int armed)
{
	uint64_t pc = armed ? TSZ - 1 : 0;
	int r;

	if (p == P_DESCRIPTOR) {
		RB_WRITE_ONCE(glibc_rseq()->rseq_cs,
			      armed ? (uintptr_t)(path ? &cost_spin_cs :
							 &cost_sig_cs) : 0);
		pc = 0;
	}
	cost_mark_begin(RB_MARK_CASE(p, path, armed));
	if (path)
		r = rb_probe_spin(&cost_area.area, pc,
				  (uintptr_t)rb_spin_abort,
				  (uintptr_t)rb_spin_abort, &cost_bumps,
				  cost_bumps);
	else
		r = rb_probe(&cost_area.area, pc, (uintptr_t)rb_probe_abort,
			     (uintptr_t)rb_probe_abort);
	cost_mark_end(r == armed);
	if (p == P_DESCRIPTOR)
		RB_WRITE_ONCE(glibc_rseq()->rseq_cs, 0);
	return r;
}

static void test_cost(int p, long n, long nspin)
{
	cpu_set_t all;

	if (pc_register(&cost_area, p)) {
		CHECK(0, "cost %s: register", pname[p]);
		return;
	}
	cost_sig_cs.start_ip = (uintptr_t)rb_probe_trap;
	cost_sig_cs.post_commit_offset = (uintptr_t)rb_probe_after + 1 -
					 (uintptr_t)rb_probe_trap;
	cost_sig_cs.abort_ip = (uintptr_t)rb_probe_abort;
	cost_spin_cs.start_ip = (uintptr_t)rb_spin_start;
	cost_spin_cs.post_commit_offset = (uintptr_t)rb_spin_after -
					  (uintptr_t)rb_spin_start;
	cost_spin_cs.abort_ip = (uintptr_t)rb_spin_abort;
	rb_guest_trap_area_pc = &cost_area.area.post_commit_ip;
	/*
	 * On one cpu for the partner, then back: what runs after (the
	 * selftests) inherits this process's affinity, and the
	 * kernel's basic_percpu_ops_test crawls on one cpu.
	 */
	sched_getaffinity(0, sizeof(all), &all);
	pin_self(0);
	cost_run(pname[p], p, n, nspin, cost_probe);
	sched_setaffinity(0, sizeof(all), &all);
	pc_unregister(&cost_area, p);
}

/* ---- 4. the kernel's own selftests ----------------------------------- */

static int run_prog(char *const argv[], double timeout_s)
{
	char *const envp[] = { "PATH=/bin", NULL };
	pid_t pid = fork();
	int st;
	double t0 = rb_now();

	if (pid == 0) {
		execve(argv[0], argv, envp);
		_exit(127);
	}
	for (;;) {
		pid_t r = waitpid(pid, &st, WNOHANG);

		if (r == pid)
			break;
		if (rb_now() - t0 > timeout_s) {
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
			return -1;
		}
		usleep(20000);
	}
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* The post-commit hazard: tests/kernel/hazard.c, its own program. */
static void test_hazard(void)
{
	static char *const argv[] = { "/bin/hazard", NULL };
	int rc = run_prog(argv, 60);

	CHECK(rc == 0, "hazard: two signals at post_commit_ip with a handler below it, both protocols (exit %d)",
	      rc);
}

static void test_selftests(void)
{
	static char *const t1[] = { "/bin/basic_test", NULL };
	static char *const t2[] = { "/bin/basic_percpu_ops_test", NULL };
	static char *const pt[][8] = {
		{ "/bin/param_test", "-T", "s", "-t", "4", "-r", "2000", NULL },
		{ "/bin/param_test", "-T", "l", "-t", "4", "-r", "2000", NULL },
		{ "/bin/param_test", "-T", "b", "-t", "4", "-r", "2000", NULL },
		{ "/bin/param_test", "-T", "m", "-t", "4", "-r", "2000", NULL },
		{ "/bin/param_test", "-T", "i", "-t", "4", "-r", "2000", NULL },
	};
	unsigned int i;
	int rc;

	rc = run_prog(t1, 120);
	CHECK(rc == 0, "selftest basic_test (exit %d)", rc);
	rc = run_prog(t2, 300);
	CHECK(rc == 0, "selftest basic_percpu_ops_test (exit %d)", rc);
	for (i = 0; i < sizeof(pt) / sizeof(pt[0]); i++) {
		rc = run_prog(pt[i], 300);
		CHECK(rc == 0, "selftest param_test -T %s -t 4 -r 2000 (exit %d)",
		      pt[i][2], rc);
	}
}

/* ---- fork and exec while registered -------------------------------- */

static void test_fork_exec(void)
{
	static struct ext_area fa;
	pid_t pid;
	int st;

	if (pc_register(&fa, P_TWOSTORE)) {
		CHECK(0, "fork/exec: register");
		return;
	}
	pid = fork();
	if (pid == 0) {
		/* inherited: the same registration is busy */
		long a = pc_register(&fa, P_TWOSTORE);

		if (a != -EBUSY)
			_exit(1);
		if (pc_unregister(&fa, P_TWOSTORE))
			_exit(2);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "fork: the child inherits the twostore registration (status %#x)", st);
	pid = fork();
	if (pid == 0) {
		char *const argv[] = { "/init", "exec-probe", NULL };
		char *const envp[] = { NULL };

		execve("/init", argv, envp);
		_exit(127);
	}
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "exec: the new image starts without the area (status %#x)", st);
	pc_unregister(&fa, P_TWOSTORE);
}

/*
 * After execve: glibc registered a new struct rseq and no area is
 * registered, so registering one succeeds (EBUSY would be a leftover).
 */
static int exec_probe(void)
{
	static struct ext_area ea;

	return pc_register(&ea, P_REGABORT) == 0 ? 0 : 1;
}

/* ---- kernel log ------------------------------------------------------ */

static void test_klog(void)
{
	static char buf[1 << 17];
	int n = klogctl(3, buf, sizeof(buf) - 1);
	int bad = 0, attack = 0;
	char *line, *save = NULL;

	if (n < 0) {
		CHECK(0, "kernel log readable (%s)", strerror(errno));
		return;
	}
	buf[n] = 0;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (strstr(line, "Possible attack attempt"))
			attack++;
		if (strstr(line, "Oops") || strstr(line, "WARNING:") ||
		    strstr(line, "BUG:") || strstr(line, "Call Trace") ||
		    strstr(line, "general protection") ||
		    strstr(line, "Kernel panic")) {
			if (bad++ < 10)
				NOTE("klog: %s", line);
		}
	}
	CHECK(bad == 0, "kernel log: no oops/WARNING/BUG (%d bytes, %d rate-limited signature warnings)",
	      n, attack);
}

/* ---- main ------------------------------------------------------------ */

static void verdict(int v)
{
	tcdrain(1);
	fflush(stdout);
	tcdrain(1);
	if (getpid() == 1 && ioperm(0xf4, 4, 1) == 0)
		outl((unsigned int)v, 0xf4);
	_exit(v);
}

int main(int argc, char **argv, char **envp)
{
	struct utsname u;
	long secs, fuzz, cost, spin;
	const char *only = getenv("rbonly");
	int p, ncpu;
	double t0 = rb_now();

	if (argc > 1 && strcmp(argv[1], "exec-probe") == 0)
		return exec_probe();
	(void)envp;
	setvbuf(stdout, NULL, _IOLBF, 0);
	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	uname(&u);
	ncpu = (int)sysconf(_SC_NPROCESSORS_ONLN);
	secs = env_long("rbsecs", 3);
	fuzz = env_long("rbfuzz", 500000);
	cost = env_long("rbcost", 2000);
	/*
	 * Preemption probes only in the counting boot by default: on the
	 * 2-vCPU test boot each one waited ~0.7 s for its tick (against
	 * ~3 ms on one vCPU, not yet understood), 80 s for 120 probes.
	 */
	spin = env_long("rbspin", 0);
	NOTE("rseqbench kernel-test guest: %s %s, %d vCPUs online, glibc's rseq registration on (__rseq_size %u)",
	     u.release, u.version, ncpu, __rseq_size);
	NOTE("uptime at /init: %.2fs", t0);
	{
		char cs[64] = "?";
		FILE *fp = fopen("/sys/devices/system/clocksource/clocksource0/current_clocksource", "r");

		if (fp) {
			if (!fgets(cs, sizeof(cs), fp))
				strcpy(cs, "?");
			fclose(fp);
			cs[strcspn(cs, "\n")] = 0;
		}
		NOTE("clocksource: %s", cs);
	}
	set_handler(SIGALRM, rb_guest_timer_handler);
	set_handler(SIGTRAP, rb_guest_trap_handler);
	/* The counting boot (one vCPU, the plugin): the probes alone. */
	if (only && !strcmp(only, "cost")) {
		for (p = 0; p < P_N; p++)
			test_cost(p, cost, spin);
		NOTE("guest done in %.1fs: %d failed", rb_now() - t0,
		     tap_failed);
		verdict(tap_failed ? 1 : 0);
	}
	CHECK(ncpu >= 2, "at least 2 vCPUs online (%d)", ncpu);
	test_abi();
	fz_shared = mmap(NULL, sizeof(struct fz), PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	for (p = 0; p < P_N; p++)
		test_torture(p, 0, 4 * ncpu, (double)secs, 2000);
	test_torture(P_DESCRIPTOR, 1, 4 * ncpu, (double)secs, 2000);
	test_hazard();
	for (p = P_REGABORT; p <= P_TWOSTORE; p++)
		test_crosscheck(p);
	test_fork_exec();
	if (fuzz > 0) {
		/* one process per protocol, in parallel on the vCPUs */
		pid_t pids[2];

		for (p = P_REGABORT; p <= P_TWOSTORE; p++) {
			pids[p] = fork();
			if (pids[p] == 0) {
				test_fuzz(p, fuzz);
				fflush(stdout);
				_exit(tap_failed ? 1 : 0);
			}
		}
		for (p = P_REGABORT; p <= P_TWOSTORE; p++) {
			int st;

			waitpid(pids[p], &st, 0);
			if (!WIFEXITED(st) || WEXITSTATUS(st))
				tap_failed++;
			if (!WIFEXITED(st))
				printf("not ok - fuzz %s process died (%#x)\n",
				       pname[p], st);
		}
	}
	if (cost > 0)
		for (p = 0; p < P_N; p++)
			test_cost(p, cost, spin);
	test_selftests();
	test_klog();
	NOTE("guest done in %.1fs: %d failed", rb_now() - t0, tap_failed);
	verdict(tap_failed ? 1 : 0);
	return 0;
}
