/* SPDX-License-Identifier: MIT */
/*
 * The markers the cost guests execute around each probe and the TCG
 * plugin counts between, nops that no compiler emits:
 *   x86-64  "nopw disp32(%rax,%rax,1)", disp32 = RB_MARK_MAGIC | m;
 *   arm64   "movz xzr, #imm16", imm16 = RB_MARK_A64_MAGIC | m;
 * where m = what it marks (RB_MARK_BEGIN | case, RB_MARK_END or
 * RB_MARK_DISCARD).  Shared by the guests (tests/kernel/guest_cost.c,
 * cost_arm64.c) and the plugin (rb_insncount.c).
 */
#ifndef RB_TCG_MARKER_H
#define RB_TCG_MARKER_H

#define RB_MARK_OPCODE 0x66, 0x0f, 0x1f, 0x84, 0x00
#define RB_MARK_OPCODE_ASM ".byte 0x66, 0x0f, 0x1f, 0x84, 0x00\n\t"
#define RB_MARK_LEN 9
#define RB_MARK_MAGIC 0x52420000
#define RB_MARK_A64_MAGIC 0xc000
#define RB_MARK_A64_MOVZ_XZR 0xd280001f	/* movz xzr, #0 */
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
