/* SPDX-License-Identifier: MIT */
/*
 * The parts of the perf timer that need no PMU, so that tests can drive
 * them with a fake mmap page and a fake rdpmc (tests/test_timer.c).
 */
#ifndef RB_TIMER_PERF_H
#define RB_TIMER_PERF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/perf_event.h>

struct rb_timer;

/*
 * Sign-extend the low width bits of raw, as the kernel's own rdpmc
 * example does: counters are narrower than 64 bits and pc->offset is
 * chosen so that offset + the signed counter value is the count.
 * Bits above width are ignored; width 0 or >= 64 returns raw.
 */
uint64_t rb_pmc_sign_extend(uint64_t raw, unsigned width);

/* Reads counter idx (the page's index - 1); rb_arch_rdpmc's shape. */
typedef uint64_t (*rb_rdpmc_fn)(uint32_t idx);

#define rb_perf_barrier() asm volatile("" ::: "memory")

/*
 * The user-page protocol of include/uapi/linux/perf_event.h: read the
 * page under its seqlock and retry when the kernel updated it (counter
 * rescheduled, offset rebased) in between.  Returns offset plus the
 * sign-extended counter when the page allows rdpmc (cap_user_rdpmc and
 * a non-zero index), offset alone otherwise; *used_rdpmc says which,
 * so that the caller can fall back to read() when the event is not on
 * a counter right now.  *retries (may be NULL) counts the retries.
 *
 * Inline so that with the real rdpmc as a constant the indirect call
 * disappears from the timed path.
 */
static inline uint64_t
rb_perf_mmap_read(volatile struct perf_event_mmap_page *pc, rb_rdpmc_fn rdpmc,
		  bool *used_rdpmc, unsigned *retries)
{
	uint64_t count;
	uint32_t seq, idx;
	unsigned n = 0;
	bool used;

	for (;;) {
		seq = pc->lock;
		rb_perf_barrier();
		idx = pc->index;
		count = pc->offset;
		used = pc->cap_user_rdpmc && idx;
		if (used)
			count += rb_pmc_sign_extend(rdpmc(idx - 1),
						    pc->pmc_width);
		rb_perf_barrier();
		if (pc->lock == seq)
			break;
		n++;
	}
	if (used_rdpmc)
		*used_rdpmc = used;
	if (retries)
		*retries = n;
	return count;
}

/*
 * Fill *attr for a user-space-only counting event named name
 * ("cycles", "instructions", the software events "task-clock" and
 * "page-faults", or with libpfm4 any name it knows).
 * With RB_HAVE_LIBPFM the name goes through libpfm4 first and *source
 * is set to "libpfm4"; when libpfm4 is absent or cannot encode it, the
 * generic PERF_TYPE_HARDWARE encoding is used and *source is "raw".
 * exclude_kernel and exclude_hv are always set; the caller sets
 * pinned, disabled and the like.  Returns 0, or -1 with a one-line
 * reason in err.
 */
int rb_perf_encode(const char *name, struct perf_event_attr *attr,
		   const char **source, char *err, size_t errlen);

/*
 * Open lead (pinned) and member as one group for the calling thread,
 * mmap each event's user page, and set t's read (lead), and
 * read_instructions (member; absent with a line in t->note when the
 * member cannot be opened), read_method, event_source, priv and close.
 * Fails when the lead's count does not advance.  rb_timer_perf_open is
 * this with "cycles" and "instructions"; tests use software events
 * ("task-clock") to run the real open/mmap/read() path without a PMU.
 * Returns 0, or -1 with a one-line reason in err and t untouched but
 * for its note.
 */
int rb_perf_open_group(struct rb_timer *t, const char *lead,
		       const char *member, char *err, size_t errlen);

/* Event i's user page (0 lead, 1 member) of an open perf timer, or NULL. */
struct perf_event_mmap_page *rb_perf_page(struct rb_timer *t, int i);

#endif
