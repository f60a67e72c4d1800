// SPDX-License-Identifier: MIT
/*
 * --kernel=model's scheduler tick: the SIGRTMIN handler that runs the
 * kernel model on the interrupted thread's context, for the measuring
 * thread and for every --scaling and --spin thread alike, so that a
 * sequence the model would kill ends the run wherever it ran.
 */
#include <sched.h>
#include <signal.h>
#include <unistd.h>

#include "kemu.h"
#include "rseqbench.h"

/* The calling thread's emulated kernel; NULL: the tick does nothing. */
static __thread struct rb_kemu *rb_tick_kemu;

static void rb_model_tick(int sig, siginfo_t *si, void *ctx)
{
	struct rb_kemu *k = rb_tick_kemu;
	struct rb_kmodel_result res;
	int cpu;

	(void)sig;
	(void)si;
	if (!k)
		return;
	cpu = sched_getcpu();
	if (rb_kemu_return_to_user(k, ctx, cpu < 0 ? 0 : cpu, &res) ==
	    RB_KV_SIGSEGV) {
		/* What the kernel does: the thread dies with SIGSEGV. */
		static const char msg[] =
			"rseqbench: kernel model: SIGSEGV\n";

		if (write(2, msg, sizeof(msg) - 1) < 0)
			_exit(139);
		signal(SIGSEGV, SIG_DFL);
		raise(SIGSEGV);
	}
}

void rb_model_tick_install(void)
{
	struct sigaction sa = { 0 };

	sa.sa_sigaction = rb_model_tick;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigaction(SIGRTMIN, &sa, NULL);
}

void rb_model_tick_attach(struct rb_kemu *k)
{
	rb_tick_kemu = k;
}
