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
};

/* Point t at k's areas; cpu_id and cpu_id_start start as cpu. */
void rb_kemu_init(struct rb_kemu *k, struct rb_tls *t, int cpu);

/* Switch the registered protocol (the thread is between sequences). */
void rb_kemu_register(struct rb_kemu *k, enum rb_kproto proto);

/*
 * The return-to-user path after an event (preemption, migration,
 * signal) on cpu: apply the fixup to uc, then publish cpu_id_start and
 * cpu_id as the kernel does.  Returns the verdict; on RB_KV_SIGSEGV
 * the context is left untouched and the caller decides (the storms
 * count it as a failure, the real kernel would kill the thread).
 * Async-signal-safe.
 */
enum rb_kverdict rb_kemu_return_to_user(struct rb_kemu *k, ucontext_t *uc,
					int cpu, struct rb_kmodel_result *res);

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
