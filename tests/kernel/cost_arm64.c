// SPDX-License-Identifier: MIT
/*
 * /init of the arm64 counting boot (tests/kernel/arm64.sh): the cost
 * probes of guest_cost.c, written for arm64, run by cost.h between
 * the markers that tests/kernel/tcg/rb_insncount.c counts.  Each protocol, armed
 * and not armed, interleaved:
 *   signal path      brk inside the sequence; the SIGTRAP is delivered
 *                    with the pc on the brk, the fixup restarts an
 *                    armed probe, and the handler steps over the brk
 *                    of one that went on;
 *   preemption path  a spin inside the sequence until the tick hands
 *                    the cpu to a partner thread.
 * rbcost=signal probes per case (default 1000), rbspin=preemption
 * probes (default 300).  Checks only the outcome of each probe.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#include <linux/rseq.h>		/* the patched uapi header */
#include <sys/rseq.h>

#include "protocols.h"
#include "guest_uapi.h"
#include "guest_util.h"
#include "../tap.h"
#include "cost.h"

#ifndef __aarch64__
#error "cost_arm64.c is the arm64 cost guest"
#endif

/* The plugin names the protocols by their position (guest_util.h). */
_Static_assert(RB_MARK_PROTOS == RB_KPROTO_DESCRIPTOR - RB_KPROTO_NONE,
	       "the plugin's protocols: one per kernel rule");

#define TSZ RB_ARCH_TASK_SIZE

extern const char rb_a64_trap[], rb_a64_after[], rb_a64_abort[];
extern const char rb_a64_spin[], rb_a64_spin_after[], rb_a64_spin_abort[];

/* 1 when the probe resumed at its abort label (a restart), else 0. */
__attribute__((noinline)) static int probe_brk(struct rb_area *area,
					       uint64_t pc, uint64_t abort)
{
	int r;

	asm volatile("mov x15, %[abort]\n\t"
		     "str %[abort], [%[area]]\n\t"
		     "str %[pc], [%[area], #8]\n"
		     ".globl rb_a64_trap\n"
		     "rb_a64_trap:\n\t"
		     "brk #0x52\n"
		     ".globl rb_a64_after\n"
		     "rb_a64_after:\n\t"
		     "str xzr, [%[area], #8]\n\t"
		     "mov %w[r], #0\n\t"
		     "b 9f\n\t"
		     RB_A_SIG
		     ".globl rb_a64_abort\n"
		     "rb_a64_abort:\n\t"
		     "mov %w[r], #1\n"
		     "9:\n\t"
		     : [r] "=&r"(r)
		     : [area] "r"(area), [pc] "r"(pc), [abort] "r"(abort)
		     : "x15", "memory", "cc");
	return r;
}

__attribute__((noinline)) static int
probe_spin(struct rb_area *area, uint64_t pc, uint64_t abort,
	   volatile long *bumps, long seen)
{
	int r;

	asm volatile("mov x15, %[abort]\n\t"
		     "str %[abort], [%[area]]\n\t"
		     "str %[pc], [%[area], #8]\n"
		     ".globl rb_a64_spin\n"
		     "rb_a64_spin:\n\t"
		     "ldr x10, [%[bumps]]\n\t"
		     "cmp x10, %[seen]\n\t"
		     "b.eq rb_a64_spin\n"
		     ".globl rb_a64_spin_after\n"
		     "rb_a64_spin_after:\n\t"
		     "str xzr, [%[area], #8]\n\t"
		     "mov %w[r], #0\n\t"
		     "b 9f\n\t"
		     RB_A_SIG
		     ".globl rb_a64_spin_abort\n"
		     "rb_a64_spin_abort:\n\t"
		     "mov %w[r], #1\n"
		     "9:\n\t"
		     : [r] "=&r"(r)
		     : [area] "r"(area), [pc] "r"(pc), [abort] "r"(abort),
		       [bumps] "r"(bumps), [seen] "r"(seen)
		     : "x10", "x15", "memory", "cc");
	return r;
}

/* The brk of a probe that went on: step over it. */
static void on_trap(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;

	(void)sig;
	(void)si;
	if (uc->uc_mcontext.pc == (uintptr_t)rb_a64_trap)
		uc->uc_mcontext.pc += 4;
}

static struct rseq_cs sig_cs __attribute__((aligned(32)));
static struct rseq_cs spin_cs __attribute__((aligned(32)));
static struct rb_area area;

/* A protocol without an area (descriptor) is armed through rseq_cs. */
static int probe(int p, int path, int armed)
{
	bool has_area = guest_proto_flag(p);
	uint64_t pc = armed && has_area ? TSZ - 1 : 0;
	int r;

	if (!has_area)
		RB_WRITE_ONCE(glibc_rseq()->rseq_cs,
			      armed ? (uintptr_t)(path ? &spin_cs : &sig_cs) :
				      0);
	cost_mark_begin(RB_MARK_CASE(guest_proto_pos(p), path, armed));
	if (path)
		r = probe_spin(&area, pc, (uintptr_t)rb_a64_spin_abort,
			       &cost_bumps, cost_bumps);
	else
		r = probe_brk(&area, pc, (uintptr_t)rb_a64_abort);
	cost_mark_end(r == armed);
	if (!has_area)
		RB_WRITE_ONCE(glibc_rseq()->rseq_cs, 0);
	return r;
}

static void cost(int p, long n, long nspin)
{
	const char *name = rb_protos[p].name;
	int flag = guest_proto_flag(p);

	if (flag && syscall(__NR_rseq, &area, RB_KAREA_LEN, flag, RSEQ_SIG)) {
		CHECK(0, "cost %s: register (errno %d)", name, errno);
		return;
	}
	cost_run(name, p, n, nspin, probe);
	if (flag)
		syscall(__NR_rseq, &area, RB_KAREA_LEN,
			RSEQ_FLAG_UNREGISTER | flag, RSEQ_SIG);
}

int main(void)
{
	long n = env_long("rbcost", 1000), nspin = env_long("rbspin", 300);
	struct sigaction sa;
	cpu_set_t set;
	int p;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (getpid() == 1)
		mount("proc", "/proc", "proc", 0, NULL);
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_trap;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGTRAP, &sa, NULL);
	CPU_ZERO(&set);
	CPU_SET(0, &set);
	sched_setaffinity(0, sizeof(set), &set);
	sig_cs.start_ip = (uintptr_t)rb_a64_trap;
	sig_cs.post_commit_offset = (uintptr_t)rb_a64_after -
				    (uintptr_t)rb_a64_trap;
	sig_cs.abort_ip = (uintptr_t)rb_a64_abort;
	spin_cs.start_ip = (uintptr_t)rb_a64_spin;
	spin_cs.post_commit_offset = (uintptr_t)rb_a64_spin_after -
				     (uintptr_t)rb_a64_spin;
	spin_cs.abort_ip = (uintptr_t)rb_a64_spin_abort;
	guest_for_each_proto(p)
		cost(p, n, nspin);
	NOTE("cost done: %d failed", tap_failed);
	fflush(stdout);
	if (getpid() == 1) {
		sync();
		reboot(RB_POWER_OFF);
	}
	return tap_failed ? 1 : 0;
}
