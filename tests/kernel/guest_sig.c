// SPDX-License-Identifier: MIT
/*
 * The guest's signal handlers, in their own object.  Where they lie no
 * longer matters: the series disarms a committed sequence before a
 * handler runs.  hazard.c puts a handler below a sequence on purpose
 * and checks exactly that.
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
