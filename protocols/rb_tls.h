/* SPDX-License-Identifier: MIT */
/*
 * Per-thread state the sequences use.
 *
 * rseq points at the kernel-maintained struct rseq of this thread: the
 * one glibc registered (thread pointer + __rseq_offset), or our own
 * when glibc did not register one.  cpu_id_start and cpu_id come from
 * it for every protocol, and descriptor stores its rseq_cs there.
 *
 * area holds the fields of regabort and twostore.  The host kernel
 * does not know them, so they live in a per-thread area of our own.
 */
#ifndef RB_TLS_H
#define RB_TLS_H

#include <stdbool.h>
#include <stdint.h>

struct rb_rseq {
	uint32_t cpu_id_start;
	uint32_t cpu_id;
	uint64_t rseq_cs;
	uint32_t flags;
	uint32_t node_id;
	uint32_t mm_cid;
	char end[];
} __attribute__((aligned(32)));

struct rb_area {
	uint64_t abort_ip;
	uint64_t post_commit_ip;
} __attribute__((aligned(32)));

struct rb_tls {
	struct rb_rseq *rseq;
	struct rb_area *area;
};

enum rb_rseq_owner {
	RB_RSEQ_NONE,		/* no kernel rseq: descriptor cannot run */
	RB_RSEQ_GLIBC,		/* glibc registered it (__rseq_offset) */
	RB_RSEQ_OWN,		/* we registered our own */
};

/*
 * Set up the calling thread (every thread that runs a sequence calls
 * it once).  Returns who owns the kernel rseq area.
 */
enum rb_rseq_owner rb_tls_init(struct rb_tls *t);

/* Human-readable state for --list and the report, e.g. errno text. */
const char *rb_tls_describe(void);

#define RB_READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#define RB_WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))

/* The cpu an operation will be attempted on (may be stale). */
static inline int rb_cpu_start(const struct rb_tls *t)
{
	return (int)RB_READ_ONCE(t->rseq->cpu_id_start);
}

#endif
