// SPDX-License-Identifier: MIT
/*
 * The post-commit hazard, made deterministic: two signals pending at
 * post_commit_ip, with the first one's handler linked below it.
 *
 * A twostore or regabort sequence that has committed is still armed
 * until its disarm store.  A signal delivered there finds ip ==
 * post_commit_ip.  If the kernel leaves the area armed (the v1 series),
 * the first handler's frame is set up with the area armed, and the
 * second pending signal, delivered on the same way out with ip at the
 * first handler's entry, below post_commit_ip, "restarts" that handler
 * to the sequence's abort address: the handler never runs and the
 * thread resumes at the abort address with the handler's frame
 * orphaned on its stack.  regabort is silent about it on x86-64:
 * setup_rt_frame() leaves %rcx alone, so the abort address still
 * passes the signature check.  The v2 series disarms when it finds ip
 * at or after post_commit_ip.
 *
 * How the state is reached without a race: int3 raises SIGTRAP; its
 * handler arms the area with post_commit_ip = the instruction after
 * the int3 (where the thread resumes), puts the abort address in %rcx
 * and unblocks SIGUSR1 and SIGUSR2, both already pending, in the
 * context it returns to.  rt_sigreturn restores that context and the
 * kernel delivers both signals on its way out, at post_commit_ip.
 *
 * Passes when both handlers ran once each, the thread came back after
 * the int3, and the area is disarmed.  Prints TAP lines; exit status 0
 * when every check passed.  As /init (make kernel-test
 * KERNEL_GUEST=hazard) it hands that verdict to QEMU's isa-debug-exit
 * port instead, as guest.c does.  Built against either series' uapi header:
 * the v1 series (RSEQ_POST_COMMIT_OFFSET) needs its own struct rseq,
 * so there each case runs in a child that drops glibc's registration
 * first; v2 registers the area beside glibc's struct rseq.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/rseq.h>
#include <sys/io.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>

#include <linux/rseq.h>		/* the patched uapi header */

#include "../tap.h"

#if !defined(__x86_64__)
#error "tests/kernel/hazard.c: x86-64 only (int3, %rcx)"
#endif

extern volatile sig_atomic_t rb_hazard_usr1, rb_hazard_usr2;
void rb_hazard_on_usr1(int sig);
void rb_hazard_on_usr2(int sig);

extern const char rb_hazard_after[], rb_hazard_abort[];

struct pc_area {
	uint64_t abort_ip;
	uint64_t post_commit_ip;
};

#ifdef RSEQ_POST_COMMIT_OFFSET
/* v1: the fields follow the thread's own struct rseq. */
static struct {
	char rseq[RSEQ_POST_COMMIT_OFFSET];
	struct pc_area pc;
} ext __attribute__((aligned(64)));
static struct pc_area *area = &ext.pc;
#define SERIES "v1"
#else
static struct pc_area pc __attribute__((aligned(16)));
static struct pc_area *area = &pc;
#define SERIES "v2"
#endif

static int tests;
static int regabort;
static sigjmp_buf back;
static volatile int hijacked;

#define HZ_CHECK(cond, fmt, ...)                                        \
	(tests++, CHECK(cond, "hazard " SERIES ": " fmt, ##__VA_ARGS__))

static long sys_rseq(void *a, uint32_t len, int flags, uint32_t sig)
{
	return syscall(__NR_rseq, a, len, flags, sig);
}

static int area_register(void)
{
#ifdef RSEQ_POST_COMMIT_OFFSET
	void *glibc = (char *)__builtin_thread_pointer() + __rseq_offset;

	if (__rseq_size && sys_rseq(glibc, 32, RSEQ_FLAG_UNREGISTER, RSEQ_SIG))
		return -errno;
	memset(&ext, 0, sizeof(ext));
	((uint32_t *)ext.rseq)[1] = (uint32_t)-1;
	if (sys_rseq(&ext, RSEQ_POST_COMMIT_LEN, regabort ?
		     RSEQ_FLAG_REGABORT : RSEQ_FLAG_TWOSTORE, RSEQ_SIG))
		return -errno;
#else
	if (sys_rseq(area, sizeof(*area), regabort ?
		     RSEQ_FLAG_POST_COMMIT_REGABORT :
		     RSEQ_FLAG_POST_COMMIT_TWOSTORE, RSEQ_SIG))
		return -errno;
#endif
	return 0;
}

/* SIGTRAP: arm at the instruction after the int3, unblock the two. */
static void on_trap(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;

	(void)sig;
	(void)si;
	area->abort_ip = regabort ? 0 : (uint64_t)(uintptr_t)rb_hazard_abort;
	area->post_commit_ip = (uint64_t)uc->uc_mcontext.gregs[REG_RIP];
	uc->uc_mcontext.gregs[REG_RCX] = (greg_t)(uintptr_t)rb_hazard_abort;
	sigdelset(&uc->uc_sigmask, SIGUSR1);
	sigdelset(&uc->uc_sigmask, SIGUSR2);
}

/* Where a "restarted" handler lands: leave its orphaned frame behind. */
__attribute__((used, noreturn)) void rb_hazard_hijacked(void)
{
	hijacked = 1;
	siglongjmp(back, 1);
}

static void handler(int sig, void (*fn)(int), int info)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	if (info) {
		sa.sa_sigaction = on_trap;
		sa.sa_flags = SA_SIGINFO;
	} else {
		sa.sa_handler = fn;
	}
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

static void run_case(void)
{
	const char *name = regabort ? "regabort" : "twostore";
	sigset_t two, old;
	int rc;

	rc = area_register();
	HZ_CHECK(rc == 0, "%s: area registered (%s)", name,
	      rc ? strerror(-rc) : "0");
	if (rc)
		return;
	handler(SIGTRAP, NULL, 1);
	handler(SIGUSR1, rb_hazard_on_usr1, 0);
	handler(SIGUSR2, rb_hazard_on_usr2, 0);
	rb_hazard_usr1 = rb_hazard_usr2 = 0;
	hijacked = 0;
	sigemptyset(&two);
	sigaddset(&two, SIGUSR1);
	sigaddset(&two, SIGUSR2);
	sigprocmask(SIG_BLOCK, &two, &old);
	raise(SIGUSR1);
	raise(SIGUSR2);
	if (!sigsetjmp(back, 0))
		asm volatile("int3\n"
			     ".globl rb_hazard_after\n"
			     "rb_hazard_after:\n\t"
			     "jmp 1f\n\t"
			     /* the signature, then the abort address */
			     ".byte 0x0f, 0xb9, 0x3d\n\t"
			     ".long 0x53053053\n"
			     ".globl rb_hazard_abort\n"
			     "rb_hazard_abort:\n\t"
			     "andq $-16, %%rsp\n\t"
			     "call rb_hazard_hijacked\n"
			     "1:\n\t"
			     ::: "rcx", "memory", "cc");
	sigprocmask(SIG_SETMASK, &old, NULL);
	HZ_CHECK(!hijacked && rb_hazard_usr1 == 1 && rb_hazard_usr2 == 1,
	      "%s: two signals at post_commit_ip, first handler below it: both handlers ran (SIGUSR1 %d, SIGUSR2 %d)%s",
	      name, (int)rb_hazard_usr1, (int)rb_hazard_usr2,
	      hijacked ? "; the first handler was restarted to the sequence's abort address" : "");
	HZ_CHECK(area->post_commit_ip == 0,
	      "%s: the area is disarmed afterwards (post_commit_ip %#lx)",
	      name, (unsigned long)area->post_commit_ip);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	HZ_CHECK((uintptr_t)rb_hazard_on_usr1 < (uintptr_t)rb_hazard_after &&
	      (uintptr_t)rb_hazard_on_usr2 < (uintptr_t)rb_hazard_after,
	      "the handlers lie below post_commit_ip (%p, %p < %p)",
	      (void *)rb_hazard_on_usr1, (void *)rb_hazard_on_usr2,
	      (void *)rb_hazard_after);
	for (regabort = 0; regabort < 2; regabort++) {
#ifdef RSEQ_POST_COMMIT_OFFSET
		/* v1 drops glibc's registration: one child per case. */
		pid_t pid = fork();
		int st;

		if (pid == 0) {
			tap_failed = tests = 0;
			run_case();
			_exit(tap_failed ? 1 : 0);
		}
		waitpid(pid, &st, 0);
		HZ_CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0,
			 "%s case: child exit %d", regabort ? "regabort" : "twostore",
		      WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
#else
		run_case();
		sys_rseq(area, sizeof(*area), RSEQ_FLAG_UNREGISTER |
			 (regabort ? RSEQ_FLAG_POST_COMMIT_REGABORT :
			  RSEQ_FLAG_POST_COMMIT_TWOSTORE), RSEQ_SIG);
#endif
	}
	NOTE("hazard " SERIES ": %d of %d checks passed", tests - tap_failed,
	     tests);
	fflush(stdout);
	if (getpid() == 1 && ioperm(0xf4, 4, 1) == 0)
		outl(tap_failed ? 1 : 0, 0xf4);
	return tap_failed ? 1 : 0;
}
