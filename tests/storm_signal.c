// SPDX-License-Identifier: MIT
/*
 * The storm's signals: a per-thread POSIX timer, and the handler that
 * plays the kernel on its way back to user space, then another thread
 * on the same cpu.
 */
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "storm.h"

void on_storm(int sig, siginfo_t *si, void *ucv)
{
	struct worker *w = self;
	struct rb_kmodel_result res;
	uint64_t ip = rb_arch_uc_ip(ucv);

	(void)sig;
	(void)si;
	if (!w)
		return;
	w->signals++;
	if (rb_kemu_return_to_user(&w->k, ucv, w->cpu, &res) ==
	    RB_KV_SIGSEGV) {
		/* The real kernel would kill the thread; we report it. */
		w->sigsegv = true;
		return;
	}
	/*
	 * Past the budget, a main loop that the handlers starve must
	 * still reach its next poll: no more conflicts, no more ticks.
	 * The model above still ran, as the kernel always would.
	 */
	if (stopping()) {
		struct itimerspec off;

		memset(&off, 0, sizeof(off));
		timer_settime(w->timer, 0, &off, NULL);
		return;
	}
	/* Where the conflict below lands, for the controls' accounting. */
	if (ip >= watch.start && ip < watch.post_commit) {
		w->inside++;
		if (ip >= watch.window && ip <= watch.commit)
			w->in_window++;
		if (ip - watch.start < WATCH_BYTES)
			w->at[ip - watch.start]++;
	}
	handler_op(w);
}

bool start_timer(struct worker *w)
{
	struct sigevent sev;
	struct itimerspec its = {
		.it_interval = { .tv_sec = w->tick_us / 1000000,
				 .tv_nsec = w->tick_us % 1000000 * 1000 },
	};

	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_THREAD_ID;
	sev.sigev_signo = SIGRTMIN;
	/* glibc 2.36 has no sigev_notify_thread_id macro yet. */
	sev._sigev_un._tid = (pid_t)syscall(SYS_gettid);
	its.it_value = its.it_interval;
	if (timer_create(CLOCK_MONOTONIC, &sev, &w->timer))
		return false;
	if (timer_settime(w->timer, 0, &its, NULL)) {
		timer_delete(w->timer);
		return false;
	}
	return true;
}
