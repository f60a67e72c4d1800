// SPDX-License-Identifier: MIT
/*
 * The probe of the cross check, the fuzz and the cost probes: one
 * armed event at a known instruction; and what the kernel model
 * (kmodel.h) says the kernel must do with it.
 */
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "guest.h"

/*
 * Arms the thread's area with (abort, pc), loads rcx, and executes
 * int3: the SIGTRAP is delivered on the way out of the trap, with ip =
 * rb_probe_after, rcx as loaded, the area armed: the kernel's fixup
 * decides.  Returns 1 when the thread resumed at rb_probe_abort (a
 * restart), 0 when it resumed after the int3.
 */
__attribute__((noinline, noclone)) int
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

int m_read(void *ctx, uint64_t addr, void *buf, unsigned int len)
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
unsigned int model_expect(int p, struct ext_area *e, uint64_t pc,
			  uint64_t abort, uint64_t rcx, struct mctx *m,
			  const char *unreg, const char **why)
{
	struct rb_area *area = &e->area;
	struct rb_kmodel_thread t = {
		.proto = rb_protos[p].kproto, .sig = RB_SIG,
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
enum rb_kverdict probe_verdict(int restarted, uint64_t pc)
{
	if (restarted)
		return RB_KV_RESTART;
	/* resumed after the int3: the area must still be as armed */
	return rb_guest_trap_pc == pc ? RB_KV_NONE : RB_KV_CLEARED;
}
