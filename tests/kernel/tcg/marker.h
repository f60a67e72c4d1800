/* SPDX-License-Identifier: MIT */
/*
 * The markers the cost guest executes around each probe and the TCG
 * plugin counts between: x86-64 "nopw disp32(%rax,%rax,1)", a nop that
 * no compiler emits with these displacements, whose displacement says
 * what it marks.  Shared by the guest (tests/kernel/guest.c) and the
 * plugin (rb_insncount.c).
 */
#ifndef RB_TCG_MARKER_H
#define RB_TCG_MARKER_H

#define RB_MARK_OPCODE 0x66, 0x0f, 0x1f, 0x84, 0x00
#define RB_MARK_OPCODE_ASM ".byte 0x66, 0x0f, 0x1f, 0x84, 0x00\n\t"
#define RB_MARK_LEN 9
#define RB_MARK_MAGIC 0x52420000
#define RB_MARK_BEGIN 0x1000	/* | case: a sample of that case starts */
#define RB_MARK_END 0x2000	/* the sample ends as expected */
#define RB_MARK_DISCARD 0x3000	/* the sample ends otherwise: drop it */

/* Cases: protocol x path x armed. */
#define RB_MARK_PROTOS 3	/* regabort, twostore, descriptor */
#define RB_MARK_PATHS 2		/* signal, preemption */
#define RB_MARK_CASE(proto, path, armed) \
	((proto) * 2 * RB_MARK_PATHS + (path) * 2 + (armed))
#define RB_MARK_CASES (RB_MARK_PROTOS * RB_MARK_PATHS * 2)

#endif
