/* SPDX-License-Identifier: MIT */
/*
 * Signal-based emulation of the kernel side: a thread's "kernel" is the
 * model of kmodel.h, run from a signal handler on the interrupted
 * context, exactly where the real kernel would run it on the way back
 * to user space.  The thread's rseq area is then one of our own that
 * the real kernel does not know, so the real kernel never acts on it.
 *
 * Used by the preemption-point verifier, the signal storms and
 * `rseqbench --kernel=model`, so that regabort and twostore run
 * multi-threaded honestly on a stock kernel (and on qemu-user, which
 * has no rseq at all).
 */
#ifndef RB_KEMU_H
#define RB_KEMU_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>
#include <ucontext.h>

#include "kmodel.h"
#include "rb_tls.h"

struct rb_kemu {
	struct rb_rseq rseq;		/* the emulated kernel's area */
	struct rb_area area;		/* regabort / twostore fields */
	struct rb_kmodel_thread kt;	/* what is "registered" */
	uint64_t restarts, clears, sigsegvs, events;
	const char *last_reason;
	/* The emulated task_struct's side (struct rb_kmodel_task). */
	uint32_t event_mask;		/* RB_KEVENT_* not yet consumed */
	uint32_t node_id, mm_cid;	/* published with the cpu; 0 at init */
	bool unregistered;		/* the kernel no longer sees the area */
};

/* Point t at k's areas; cpu_id and cpu_id_start start as cpu. */
void rb_kemu_init(struct rb_kemu *k, struct rb_tls *t, int cpu);

/*
 * Switch the registered protocol (the thread is between sequences);
 * also registers again after rb_kemu_unregister(), clearing rseq_cs as
 * sys_rseq() does.  regabort and twostore register k->area as the
 * post-commit area beside k->rseq, and the fixup evaluates k->rseq
 * first (the v2 rules of kmodel.h).  The ids are published on the next
 * return to user.
 */
void rb_kemu_register(struct rb_kemu *k, enum rb_kproto proto);

/*
 * The return-to-user path after a preemption on cpu: the same as
 * rb_kemu_notify_resume() with RB_KEVENT_PREEMPT.  Returns the verdict;
 * on RB_KV_SIGSEGV the context is left untouched and the caller decides
 * (the storms count it as a failure, the real kernel would kill the
 * thread).  Async-signal-safe.
 */
enum rb_kverdict rb_kemu_return_to_user(struct rb_kemu *k, ucontext_t *uc,
					int cpu, struct rb_kmodel_result *res);

/*
 * Any return to user through the rseq notify-resume work on cpu:
 * events (RB_KEVENT_*) are those since the thread last left the kernel
 * and join the ones not yet consumed; 0 is a return that no rseq event
 * caused (task_work after a page fault, the return from registration).
 * Applies the fixup to uc, then publishes cpu_id_start, cpu_id,
 * node_id and mm_cid.  Nothing at all once unregistered.
 * Async-signal-safe.
 */
enum rb_kverdict rb_kemu_notify_resume(struct rb_kemu *k, ucontext_t *uc,
				       int cpu, uint32_t events,
				       struct rb_kmodel_result *res);

/*
 * The CONFIG_DEBUG_RSEQ check on the way out of a system call that
 * returns to ip (the address after the system call instruction):
 * RB_KV_SIGSEGV when the kernel would kill the thread.  Changes nothing.
 * Async-signal-safe.
 */
enum rb_kverdict rb_kemu_syscall(struct rb_kemu *k, uint64_t ip,
				 struct rb_kmodel_result *res);

/*
 * Unregister the area as sys_rseq(RSEQ_FLAG_UNREGISTER) does:
 * cpu_id_start = 0, cpu_id = RB_KMODEL_CPU_ID_UNINITIALIZED, node_id =
 * mm_cid = 0, and from then on no fixup and no publishing, so a sequence
 * that trusts cpu_id_start alone commits where it must abort.  0, or -1
 * when it was not registered.
 */
int rb_kemu_unregister(struct rb_kemu *k);

/*
 * The emulated scheduler tick: a CLOCK_MONOTONIC timer that sends signo
 * to the calling thread every period_us.  0, or -1 with errno.
 */
int rb_kemu_tick_start(int signo, long period_us, timer_t *timer);

/* The model's user memory: this process, through process_vm_*. */
extern const struct rb_kmodel_mem rb_kemu_self_mem;

/* The kernel protocol that runs a user protocol's sequences. */
enum rb_kproto rb_kemu_proto_for(const char *protocol_name);

#endif
