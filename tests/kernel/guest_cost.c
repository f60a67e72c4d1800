// SPDX-License-Identifier: MIT
/*
 * What the fixup costs, a part of the guest: the signal path and the
 * preemption path of each protocol, armed and not, between the markers
 * that the TCG plugin counts (cost.h runs them).  rbonly=cost runs
 * this part alone (the counting boot).
 */
#include <sched.h>

#include "guest.h"
#include "cost.h"

/* The plugin names the protocols by their position (guest_util.h). */
_Static_assert(RB_MARK_PROTOS == RB_KPROTO_DESCRIPTOR - RB_KPROTO_NONE,
	       "the plugin's protocols: one per kernel rule");

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

/*
 * One probe of path (0 signal, 1 preemption), armed or not.  A
 * protocol without an area (descriptor) is armed through glibc's
 * rseq_cs.
 */
static int cost_probe(int p, int path, int armed)
{
	bool area = guest_proto_flag(p);
	uint64_t pc = armed ? TSZ - 1 : 0;
	int r;

	if (!area) {
		RB_WRITE_ONCE(glibc_rseq()->rseq_cs,
			      armed ? (uintptr_t)(path ? &cost_spin_cs :
							 &cost_sig_cs) : 0);
		pc = 0;
	}
	cost_mark_begin(RB_MARK_CASE(guest_proto_pos(p), path, armed));
	if (path)
		r = rb_probe_spin(&cost_area.area, pc,
				  (uintptr_t)rb_spin_abort,
				  (uintptr_t)rb_spin_abort, &cost_bumps,
				  cost_bumps);
	else
		r = rb_probe(&cost_area.area, pc, (uintptr_t)rb_probe_abort,
			     (uintptr_t)rb_probe_abort);
	cost_mark_end(r == armed);
	if (!area)
		RB_WRITE_ONCE(glibc_rseq()->rseq_cs, 0);
	return r;
}

void test_cost(int p, long n, long nspin)
{
	cpu_set_t all;

	if (pc_register(&cost_area, p)) {
		CHECK(0, "cost %s: register", rb_protos[p].name);
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
	cost_run(rb_protos[p].name, p, n, nspin, cost_probe);
	sched_setaffinity(0, sizeof(all), &all);
	pc_unregister(&cost_area, p);
}
