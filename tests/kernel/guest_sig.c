// SPDX-License-Identifier: MIT
/*
 * The guest's signal handlers, in their own object linked after
 * guest.c, so that their code lies above every sequence's
 * post_commit_ip (guest.c checks this at run time).
 *
 * Why it matters: regabort and twostore have no start address.  A
 * signal delivered exactly at post_commit_ip (the disarm store) finds
 * the thread armed with ip >= post_commit_ip, so the kernel leaves the
 * area armed and the handler runs armed.  Were the handler below
 * post_commit_ip, a preemption inside it would "restart" the handler
 * to the interrupted sequence's abort address (twostore) or to
 * whatever the regabort register holds.  Handlers placed above every
 * sequence are never inside one.
 */
#include <signal.h>
#include <stdint.h>
#include <ucontext.h>

volatile unsigned long rb_guest_signals;

/* The torture's timer signal: only counts. */
void rb_guest_timer_handler(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)si;
	(void)uc;
	__atomic_fetch_add(&rb_guest_signals, 1, __ATOMIC_RELAXED);
}

/* The probe's int3: records where the thread resumed and the area. */
volatile uint64_t rb_guest_trap_ip, rb_guest_trap_pc, rb_guest_traps;
volatile uint64_t *volatile rb_guest_trap_area_pc;

void rb_guest_trap_handler(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;

	(void)sig;
	(void)si;
	rb_guest_trap_ip = (uint64_t)uc->uc_mcontext.gregs[REG_RIP];
	rb_guest_trap_pc = rb_guest_trap_area_pc ? *rb_guest_trap_area_pc : 0;
	rb_guest_traps++;
}
