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
 *
 * descriptor (mainline rseq_ip_fixup, Linux 6.12):
 *   1. read the rseq_cs pointer; 0: nothing to do
 *   2. the pointer and the descriptor must be user memory; version 0,
 *      flags 0; start_ip + post_commit_offset must not wrap or leave
 *      user space; abort_ip must be user memory outside
 *      [start_ip, start_ip + post_commit_offset)
 *   3. the 4 bytes before abort_ip must be the registered signature
 *   4. ip outside [start_ip, start_ip + post_commit_offset): clear the
 *      pointer (the lazy clear), nothing else
 *   5. no event: nothing; else clear the pointer, ip = abort_ip
 *   Any failed read, write or check: SIGSEGV.
 *
 * regabort (Turner 2015) and twostore (Zijlstra 2016):
 *   1. read post_commit_ip; 0: nothing to do
 *   2. post_commit_ip must be user memory
 *   3. ip >= post_commit_ip: nothing (there is no start address, and
 *      user space clears on every way out)
 *   4. no event: nothing
 *   5. abort address: the saved register (regabort) or abort_ip read
 *      from the area (twostore); it must be user memory with the
 *      signature in the 4 bytes before it
 *   6. clear post_commit_ip, ip = abort address
 *   Any failed read, write or check: SIGSEGV.
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

/* The thread as the kernel registered it. */
struct rb_kmodel_thread {
	enum rb_kproto proto;
	uint32_t sig;
	/*
	 * descriptor: address of the struct rseq (rseq_cs at +8);
	 * regabort, twostore: address of abort_ip (+0), post_commit_ip (+8).
	 */
	uint64_t area;
};

/* What the kernel sees on the way back to user space. */
struct rb_kmodel_regs {
	uint64_t ip;
	uint64_t regabort;	/* the regabort register's saved value */
	bool event;		/* preempted, migrated or signalled */
};

struct rb_kmodel_result {
	enum rb_kverdict verdict;
	uint64_t new_ip;	/* RB_KV_RESTART */
	uint64_t cleared;	/* address of the field set to 0, or 0 */
	const char *reason;	/* which rule decided, for reports */
};

/* Offsets of the fields the model reads. */
#define RB_KMODEL_RSEQ_CS 8
#define RB_KMODEL_ABORT_IP 0
#define RB_KMODEL_POST_COMMIT_IP 8

void rb_kmodel_fixup(const struct rb_kmodel_thread *t,
		     const struct rb_kmodel_regs *regs,
		     const struct rb_kmodel_mem *mem,
		     struct rb_kmodel_result *res);

const char *rb_kverdict_name(enum rb_kverdict v);

#endif
