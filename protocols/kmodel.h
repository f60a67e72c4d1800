/* SPDX-License-Identifier: MIT */
/*
 * The kernel side of the three protocols, as an executable model.
 *
 * On return to user space after the thread was preempted, migrated or
 * signalled, the kernel looks at the thread's protocol area and may
 * move the instruction pointer to an abort handler.  rb_kmodel_fixup()
 * is that decision, rule for rule, as a pure function: no architecture
 * code, user memory reached only through the accessors in struct
 * rb_kmodel_mem.  It is the specification the kernel patches
 * (kernel-patches/) are checked against, the "kernel" of the
 * signal-based emulation (kemu.c) and of the preemption-point verifier.
 * rb_kmodel_notify_resume(), rb_kmodel_syscall() and
 * rb_kmodel_unregister() model the paths around it that change what
 * user space sees; they keep the per-thread kernel state in struct
 * rb_kmodel_task.
 *
 * descriptor follows mainline Linux 6.12, kernel/rseq.c, in its order:
 *   1. read rseq_cs (rseq_get_rseq_cs_ptr_val()).  0 reads as an
 *      all-zero descriptor (rseq_get_rseq_cs()): its range is empty, so
 *      step 3 stores 0 over the 0.  Nothing changes, but the store is
 *      made and, if the area is not writable, kills the thread.
 *   2. rseq_get_rseq_cs(): the pointer and the descriptor must be user
 *      memory; start_ip, start_ip + post_commit_offset and abort_ip
 *      below the end of user space; version 0; no wrap; abort_ip
 *      outside [start_ip, start_ip + post_commit_offset); the 4 bytes
 *      before abort_ip the registered signature.  The descriptor's
 *      flags are not looked at here.
 *   3. ip outside [start_ip, start_ip + post_commit_offset): clear
 *      rseq_cs (rseq_ip_fixup(), clear_rseq_cs(): the lazy clear),
 *      nothing else: neither flags field is read and the event mask is
 *      left as it is.
 *   4. rseq_need_restart(), inside the sequence only:
 *      a. rseq_cs.flags != 0: killed.  rseq_warn_flags() warns about
 *         the deprecated RSEQ_CS_FLAG_NO_RESTART_ON_* bits and about
 *         unknown bits (res->warn), but in 6.12 both are -EINVAL: the
 *         deprecated flags no longer inhibit anything.
 *      b. read struct rseq.flags (offset 16); != 0: as in a.
 *      c. read and zero the event mask; 0: nothing, rseq_cs stays set.
 *   5. clear rseq_cs, ip = abort_ip.
 *   Any failed read, write or check: SIGSEGV (every negative return of
 *   rseq_ip_fixup() ends in force_sigsegv()).
 *
 * regabort (Turner 2015) and twostore (Zijlstra 2016), as v2 of the
 * kernel patches.  The thread always has its struct rseq registered
 * (the C library registers one) and may register, besides, a
 * post-commit area: abort_ip at +0 (twostore only), post_commit_ip at
 * +8.  A library may run descriptor sequences on the struct rseq while
 * the program runs regabort or twostore ones on the area, so every
 * fixup evaluates both, the struct rseq first:
 *   D. steps 1-5 above, on the struct rseq.  A SIGSEGV, a restart
 *      (step 5) or "inside, no event" (step 4c) is the result and the
 *      area is not read: ip is in a descriptor sequence, and a
 *      post-commit sequence, straight-line code that calls nothing,
 *      cannot be under way around it.  Only with ip outside the
 *      descriptor's range (step 3: the lazy clear, 0 stored over a
 *      NULL rseq_cs included) does P follow.
 *   P. the post-commit area:
 *   1. read post_commit_ip; 0: not armed, nothing more: the result is
 *      D's (NONE with `cleared` the rseq_cs field when D stored 0 over
 *      NULL, CLEARED when D cleared a set rseq_cs)
 *   2. post_commit_ip must be user memory
 *   3. ip >= post_commit_ip: the sequence has committed but user space
 *      has not disarmed yet (a signal at the disarm store, say).  Read
 *      and zero the event mask, clear post_commit_ip: the lazy disarm.
 *      v1 left the area armed here, so the signal handler then ran
 *      armed, and a second event while it ran below post_commit_ip
 *      "restarted" the handler into the committed sequence's abort
 *      handler.  The events are consumed because the sequence they
 *      interrupted has committed: there is nothing left to restart.
 *   4. read and zero the event mask; 0: nothing (`cleared` keeps what
 *      D stored)
 *   5. abort address: the saved register (regabort; its low 32 bits
 *      only for a 32-bit task on a 64-bit kernel: the saved register
 *      is 64 bits wide, and 32-bit execution leaves its upper half
 *      undefined on x86-64 and arm64) or abort_ip read from the area
 *      (twostore); it must be user memory, >= 4, with the signature in
 *      the 4 bytes before it
 *   6. clear post_commit_ip, ip = abort address
 *   Any failed read, write or check: SIGSEGV.  `consumed` is the mask
 *   read by whichever step read it (4c, P3 or P4: at most one runs).
 *   P reads neither flags field: the area has no descriptor, and its
 *   registration takes the place of the deprecated per-thread flags.
 *   Without a struct rseq (rb_kmodel_thread.rseq 0) D is skipped and P
 *   decides alone, as in v1 but for P3 and P5's truncation.
 *
 * The event mask (task_struct's rseq_event_mask): rseq_preempt(),
 * rseq_migrate() and rseq_signal_deliver() set RB_KEVENT_* bits; only
 * step 4c (descriptor) or P3 and P4 (regabort, twostore) clear them.
 * A mask set while the thread was outside every sequence therefore
 * survives until the thread is next found inside one (or with its
 * post-commit area armed past the commit), and a later return to user
 * with no new event (TIF_NOTIFY_RESUME raised by task_work or by the
 * registration) then restarts it: mainline does the same.
 * rb_kmodel_fixup() takes the older boolean regs->event instead, as a
 * mask used once.
 *
 * Return to user (__rseq_handle_notify_resume()): nothing when the
 * thread is not registered; the fixup, unless regs is NULL (the
 * syscall-path branch of that function; resume_user_mode_work() always
 * passes the registers in 6.12); on SIGSEGV nothing more; then
 * rseq_update_cpu_node_id() stores cpu_id_start, cpu_id, node_id and
 * mm_cid, in that order, for every protocol (the patches keep one
 * struct rseq per thread).  A failed store: SIGSEGV.
 *
 * System call exit (rseq_syscall(), CONFIG_DEBUG_RSEQ only, from
 * syscall_exit_to_user_mode_prepare(), before the notify-resume work):
 * if registered, SIGSEGV when rseq_get_rseq_cs() fails (step 2) or the
 * return address is inside the sequence.  Then, with a post-commit
 * area: read post_commit_ip; SIGSEGV when it is not 0 and either not
 * user memory or above the return address: a system call inside an
 * armed sequence, the same mistake as one inside a descriptor's range.
 * At or after post_commit_ip the sequence has committed and only its
 * disarm is to come: allowed, as on return to user (P3).  Nothing is
 * written, neither flags field is read and the event mask is
 * untouched.
 *
 * Unregistration (sys_rseq() with RSEQ_FLAG_UNREGISTER,
 * rseq_reset_rseq_cpu_node_id()): cpu_id_start = 0, cpu_id =
 * RSEQ_CPU_ID_UNINITIALIZED, node_id = 0, mm_cid = 0, in that order; a
 * failed store returns -EFAULT and leaves the thread registered.
 * rseq_cs and the event mask are left as they are.  The post-commit
 * area goes with the struct rseq: it was registered with the struct
 * rseq's signature, and the kernel keeps one registration per thread.
 * post_commit_ip is left as it is, like rseq_cs.
 *
 * Which struct rseq D reads.  rb_kmodel_fixup() has only the thread:
 * D reads rb_kmodel_thread.rseq, and skips it when 0, which is what
 * the three-field initialisers of v1 callers leave there, so they keep
 * v1's evaluation of the area alone (P3 and the compat truncation
 * aside).  rb_kmodel_notify_resume() and rb_kmodel_syscall() take the
 * struct rseq from the task when the thread does not name one: with a
 * post-commit protocol and t.rseq 0, D reads task->rseq, the struct
 * rseq the ids are published into and the kernel's only one, so a
 * task gets the v2 rules without naming it twice.  A t.rseq that is
 * set wins: a caller that names another struct rseq means it, and the
 * ids still go to task->rseq.  task->rseq 0 still means not registered
 * (unregistration clears it): no fixup and no check at all, whatever
 * t.rseq says, since the area needs the registration.  With the
 * descriptor protocol t.area is the struct rseq the fixup reads and
 * t.rseq is not used.
 *
 * Not modelled, because a user-space model cannot observe it:
 *   - the "once" of rseq_warn_flags()'s pr_warn_once(): it is console
 *     state shared by the whole kernel, not by the thread, and has no
 *     effect on the outcome; res->warn says which warning was reached;
 *   - which signal number force_sigsegv() reports while a signal is
 *     being delivered (all of them are RB_KV_SIGSEGV here);
 *   - the PF_EXITING early return, the atomicity of the event mask
 *     against membarrier IPIs (one thread, no interrupts here), the
 *     rate-limited "possible attack" message;
 *   - sys_rseq()'s argument checks (length, alignment, signature,
 *     -EBUSY/-EPERM): the emulation registers its own, always valid,
 *     area (rb_kemu_register() does the clear of a stale rseq_cs);
 *   - fields after the original 32 bytes: 6.12 writes none.
 */
#ifndef RB_KMODEL_H
#define RB_KMODEL_H

#include <stdbool.h>
#include <stdint.h>

enum rb_kproto {
	RB_KPROTO_NONE,		/* nothing registered: never acts */
	RB_KPROTO_REGABORT,
	RB_KPROTO_TWOSTORE,
	RB_KPROTO_DESCRIPTOR,
};

/*
 * How a thread asks the series (kernel-patches/linux-6.12, its uapi
 * <linux/rseq.h>) for a rule: rseq(area, RB_KAREA_LEN, flag, sig) with
 * the rule's flag registers its post-commit area beside the struct
 * rseq.  descriptor needs nothing beyond the struct rseq: flag 0.  The
 * guests built against the patched headers check these numbers against
 * the uapi at build time (tests/kernel/guest_uapi.h); the others (the
 * differential guest on the pristine kernel) take them from here.
 */
#define RB_KFLAG_TWOSTORE	(1 << 29)
#define RB_KFLAG_REGABORT	(1 << 30)
#define RB_KFLAGS_POST_COMMIT	(RB_KFLAG_TWOSTORE | RB_KFLAG_REGABORT)
#define RB_KAREA_LEN		16

static inline int rb_kproto_flag(enum rb_kproto kp)
{
	return kp == RB_KPROTO_REGABORT ? RB_KFLAG_REGABORT :
	       kp == RB_KPROTO_TWOSTORE ? RB_KFLAG_TWOSTORE : 0;
}

enum rb_kverdict {
	RB_KV_NONE,		/* leave the thread as it is */
	RB_KV_CLEARED,		/* cleared the area, ip unchanged */
	RB_KV_RESTART,		/* cleared the area, ip = new_ip */
	RB_KV_SIGSEGV,		/* the thread gets SIGSEGV */
};

/* User memory as the kernel reaches it: 0, or -1 on a fault. */
struct rb_kmodel_mem {
	int (*read)(void *ctx, uint64_t addr, void *buf, unsigned int len);
	int (*write)(void *ctx, uint64_t addr, const void *buf,
		     unsigned int len);
	void *ctx;
	uint64_t task_size;	/* first address that is not user space */
};

/*
 * The thread as the kernel registered it.  Fields are only ever added
 * at the end: { proto, sig, area } still means a thread whose struct
 * rseq the fixup does not read.
 */
struct rb_kmodel_thread {
	enum rb_kproto proto;
	uint32_t sig;
	/*
	 * descriptor: address of the struct rseq (rseq_cs at +8);
	 * regabort, twostore: address of abort_ip (+0), post_commit_ip (+8).
	 */
	uint64_t area;
	/*
	 * regabort, twostore: the thread's struct rseq, evaluated first
	 * (rule D); 0: none, D skipped.  Not used by descriptor.
	 */
	uint64_t rseq;
	bool compat;		/* 32-bit task: the register's low half only */
};

/* What the kernel sees on the way back to user space. */
struct rb_kmodel_regs {
	uint64_t ip;
	uint64_t regabort;	/* the regabort register's saved value */
	bool event;		/* rb_kmodel_fixup() only: preempted, ... */
};

/*
 * The bits of the event mask, as mainline lays them out: the same bits
 * as the deprecated RSEQ_CS_FLAG_NO_RESTART_ON_* flags.
 */
#define RB_KEVENT_PREEMPT	(1U << 0)
#define RB_KEVENT_SIGNAL	(1U << 1)
#define RB_KEVENT_MIGRATE	(1U << 2)
#define RB_KFLAGS_NO_RESTART	(RB_KEVENT_PREEMPT | RB_KEVENT_SIGNAL | \
				 RB_KEVENT_MIGRATE)

/* Which of rseq_warn_flags()'s two warnings a non-zero flags field hit. */
#define RB_KWARN_DEPRECATED	(1U << 0)
#define RB_KWARN_UNKNOWN	(1U << 1)

/* cpu_id after unregistration: uapi RSEQ_CPU_ID_UNINITIALIZED. */
#define RB_KMODEL_CPU_ID_UNINITIALIZED	((uint32_t)-1)

struct rb_kmodel_result {
	enum rb_kverdict verdict;
	uint64_t new_ip;	/* RB_KV_RESTART */
	/*
	 * Address of the field set to 0 last, or 0: post_commit_ip when P
	 * cleared it, else rseq_cs when D stored to it.  So also set with
	 * RB_KV_NONE when rseq_cs was NULL (0 was stored over 0), and
	 * when D's lazy clear was followed by P's "armed, no event".
	 */
	uint64_t cleared;
	const char *reason;	/* which rule decided, for reports */
	uint32_t consumed;	/* event mask bits read and zeroed, or 0 */
	uint32_t warn;		/* RB_KWARN_* reached on the way */
	bool published;		/* cpu_id_start .. mm_cid were stored */
};

/*
 * The per-thread kernel state around the fixup: what task_struct keeps
 * (registration, event mask) and where the thread goes back to user
 * space (cpu, node, mm_cid: the caller plays the scheduler).
 */
struct rb_kmodel_task {
	/* t.rseq 0 with regabort, twostore: D reads rseq below. */
	struct rb_kmodel_thread t;
	uint64_t rseq;		/* the struct rseq; 0: not registered */
	uint32_t event_mask;	/* RB_KEVENT_* since they were consumed */
	uint32_t cpu;
	uint32_t node_id;
	uint32_t mm_cid;
};

/* Offsets in struct rseq (uapi) and in the regabort/twostore area. */
#define RB_KMODEL_CPU_ID_START 0
#define RB_KMODEL_CPU_ID 4
#define RB_KMODEL_RSEQ_CS 8
#define RB_KMODEL_RSEQ_FLAGS 16
#define RB_KMODEL_NODE_ID 20
#define RB_KMODEL_MM_CID 24
#define RB_KMODEL_ABORT_IP 0
#define RB_KMODEL_POST_COMMIT_IP 8

/* The fixup alone, with regs->event as a one-off event mask. */
void rb_kmodel_fixup(const struct rb_kmodel_thread *t,
		     const struct rb_kmodel_regs *regs,
		     const struct rb_kmodel_mem *mem,
		     struct rb_kmodel_result *res);

/*
 * The whole return to user space: the fixup on task->event_mask
 * (regs->event is not used; regs NULL: no fixup), then the stores of
 * task->cpu, node_id and mm_cid into the struct rseq.  Raise events by
 * or-ing RB_KEVENT_* into task->event_mask first.
 */
void rb_kmodel_notify_resume(struct rb_kmodel_task *task,
			     const struct rb_kmodel_regs *regs,
			     const struct rb_kmodel_mem *mem,
			     struct rb_kmodel_result *res);

/*
 * The CONFIG_DEBUG_RSEQ check at system call exit, ip = return address:
 * the struct rseq's descriptor, then a post-commit area's arming.
 */
void rb_kmodel_syscall(const struct rb_kmodel_task *task, uint64_t ip,
		       const struct rb_kmodel_mem *mem,
		       struct rb_kmodel_result *res);

/*
 * Unregistration's stores into the struct rseq; on success the task is
 * no longer registered (task->rseq = 0) and has no protocol and no
 * post-commit area (task->t all zero).  0, or -1: not registered
 * (-EINVAL) or a store faulted (-EFAULT).
 */
int rb_kmodel_unregister(struct rb_kmodel_task *task,
			 const struct rb_kmodel_mem *mem);

const char *rb_kverdict_name(enum rb_kverdict v);

#endif
