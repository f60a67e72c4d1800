/* SPDX-License-Identifier: MIT */
/*
 * What the two ring pushes (tests/ops/cmpeqv_trystorev_storev.c and
 * cmpeqv_trymemcpy_storev.c) share: the verifier's check of a ring of
 * records, and the storm's test for a slot pushed over since.
 */
#ifndef RB_OP_RING_H
#define RB_OP_RING_H

#include <inttypes.h>
#include <stdio.h>

#include "op_test.h"

/* The verifier's rings: slots, and what each writer writes. */
#define V_SLOTS 4
#define V_OLD 0x55		/* a record older than the run */
#define V_OURS 0x0a		/* what our ring push writes */
#define V_THEIRS 0x0e		/* what the conflicting thread writes */

/*
 * Slots [off0, off) must hold whole records, ours exactly once if we
 * committed and the other thread's once per conflict; the slots below
 * off0 hold an older record nobody may touch.  owner(d, slot) says
 * whose record a slot holds, or -1 for a mix.
 */
static inline const char *
rb_ring_slots_check(intptr_t off, intptr_t off0,
		    int (*owner)(const void *d, int slot), const void *d,
		    int rc, int nconf, char *detail, size_t len)
{
	intptr_t want = off0 + nconf + (rc == RB_OK ? 1 : 0), i;
	int ours = 0, theirs = 0, o;

	if (off != want) {
		snprintf(detail, len, "offset %" PRIdPTR ", want %" PRIdPTR,
			 off, want);
		return "exactly-once";
	}
	for (i = 0; i < off; i++) {
		o = owner(d, (int)(i & (V_SLOTS - 1)));
		if (i < off0 ? o != V_OLD :
		    (o != V_OURS && o != V_THEIRS)) {
			snprintf(detail, len, "slot %" PRIdPTR " holds %#x",
				 i, o);
			return "structure";
		}
		ours += i >= off0 && o == V_OURS;
		theirs += i >= off0 && o == V_THEIRS;
	}
	if (ours != (rc == RB_OK) || theirs != nconf) {
		snprintf(detail, len, "%d of our records, %d of theirs", ours,
			 theirs);
		return "exactly-once";
	}
	return NULL;
}

/*
 * The storm: after our push at offset o committed, handlers may run
 * back to back (a handler that outlasts the timer interval is followed
 * at once by the next signal) and push RB_RING_SLOTS more before we
 * look at our slot.  Called after the slot was read: if the offset has
 * not gone that far, what we read must still be ours.
 */
static inline bool rb_ring_reused(const intptr_t *offset, intptr_t o)
{
	asm volatile("" ::: "memory");
	return RB_READ_ONCE(*offset) > o + RB_RING_SLOTS;
}

/*
 * The storm, at the end: the last RB_RING_SLOTS pushes below end are
 * still in their slots, slot_ok(d, o) saying so of the one at o.
 */
static inline bool rb_ring_last_ok(const void *d, intptr_t end,
				   bool (*slot_ok)(const void *d, intptr_t o),
				   char *why, size_t len)
{
	intptr_t o = end > RB_RING_SLOTS ? end - RB_RING_SLOTS : 0;

	for (; o < end; o++) {
		if (!slot_ok(d, o)) {
			snprintf(why, len,
				 "the last %d slots do not hold what was pushed there",
				 RB_RING_SLOTS);
			return false;
		}
	}
	return true;
}

#endif
