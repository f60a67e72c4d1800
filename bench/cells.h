/* SPDX-License-Identifier: MIT */
/*
 * Measurement cells: one timed loop per (protocol, operation), plus the
 * empty loop whose cost is subtracted, the dependent-add chains of the
 * known-cost selftest and the calibration chain for estimated cycles.
 */
#ifndef RB_CELLS_H
#define RB_CELLS_H

#include <stddef.h>
#include <stdint.h>

#include "protocols.h"
#include "timer.h"

/*
 * Operations per loop iteration.  The loop counter's increment, compare
 * and branch cost at most one cycle an iteration and overlap with the
 * body; unrolling bounds what they add (or hide) at 1/RB_UNROLL cycle
 * an op, and the empty-loop subtraction removes the rest of the fixed
 * cost.
 */
#ifdef RB_PLACED_LEAN
/*
 * Builds for foreign architectures, timed under an emulator: 64 copies
 * of every loop put the sequences beyond the reach of a conditional
 * branch to their abort stubs on aarch64 (+-1 MiB).
 */
#define RB_UNROLL 8
#else
#define RB_UNROLL 64
#endif

/* Adds per iteration of the calibration chain, and its iterations. */
#define RB_CALIB_ADDS 256
#define RB_CALIB_ITERS 256

struct rb_raw {
	uint64_t ticks;
	uint64_t instructions;
};

typedef void (*rb_loop_fn)(struct rb_state *s, struct rb_timer *t,
			   uint64_t iters, struct rb_raw *out);

/* RB_PROTO_<p>, RB_NPROTO, RB_OP_<op>, RB_NOP: protocols/registry.h. */

extern const char *const rb_proto_names[RB_NPROTO];
extern const char *const rb_op_names[RB_NOP];

/* Whether a protocol needs the kernel's rseq area to run at all. */
extern const int rb_proto_needs_rseq[RB_NPROTO];

/* The timed loop of (protocol, op), both as indices above. */
extern const rb_loop_fn rb_op_loops[RB_NPROTO][RB_NOP];

/* The same loop with an empty step: the loop's own, fixed cost. */
void rb_loop_empty(struct rb_state *s, struct rb_timer *t, uint64_t iters,
		   struct rb_raw *out);

#define RB_REP2(x) x x
#define RB_REP8(x) RB_REP2(RB_REP2(RB_REP2(x)))
#define RB_REP64(x) RB_REP8(RB_REP8(x))

#if RB_UNROLL == 64
#define RB_REP_UNROLL(x) RB_REP64(x)
#elif RB_UNROLL == 8
#define RB_REP_UNROLL(x) RB_REP8(x)
#else
#error "RB_REP_UNROLL must match RB_UNROLL"
#endif

/*
 * Every timed loop is this one, so that cells differ only in their
 * step: same timer reads, same loop.  body is the step repeated
 * RB_UNROLL times (RB_TIMED_LOOP) or once (RB_TIMED_LOOP_ROLLED, the
 * kernel selftests' shape, --loop rolled: on some cores the shape
 * changes the hardware regime, see the README).
 */
#define RB_TIMED_LOOP_FN(attrs, name, pre, decl, body, post)            \
attrs void name(struct rb_state *s, struct rb_timer *t, uint64_t iters, \
		struct rb_raw *out)                                     \
{                                                                       \
	uint64_t i, t0, t1, i0 = 0, i1 = 0;                             \
	decl;                                                           \
									\
	(void)s;                                                        \
	pre;                                                            \
	if (t->has_instructions)                                        \
		i0 = t->read_instructions(t);                           \
	t0 = t->read(t);                                                \
	for (i = 0; i < iters; i++) {                                   \
		body                                                    \
	}                                                               \
	t1 = t->read(t);                                                \
	if (t->has_instructions)                                        \
		i1 = t->read_instructions(t);                           \
	post;                                                           \
	out->ticks = t1 - t0;                                           \
	out->instructions = i1 - i0;                                    \
}
#define RB_TIMED_LOOP_BODY(name, decl, body)                            \
	RB_TIMED_LOOP_FN(, name, , decl, body, )
#define RB_TIMED_LOOP(name, decl, step)                                 \
	RB_TIMED_LOOP_BODY(name, decl, RB_REP_UNROLL(step;))
#define RB_TIMED_LOOP_ROLLED(name, decl, step)                          \
	RB_TIMED_LOOP_BODY(name, decl, step;)

enum rb_shape { RB_SHAPE_UNROLLED, RB_SHAPE_ROLLED };
extern const char *const rb_shape_names[2];
/* Operations per loop iteration of a shape. */
#define RB_SHAPE_UNROLL(shape) ((shape) == RB_SHAPE_ROLLED ? 1 : RB_UNROLL)

/* The timed loop of (protocol, op) in a shape, and the empty loop. */
rb_loop_fn rb_op_loop(int shape, int proto, int op);
rb_loop_fn rb_empty_loop(int shape);

/* Known cost: RB_UNROLL steps of k dependent adds per iteration. */
#define RB_NDEP 3
extern const unsigned rb_dep_adds[RB_NDEP];	/* 1, 4, 16 */
extern const rb_loop_fn rb_dep_loops[RB_NDEP];

/* RB_CALIB_ITERS x RB_CALIB_ADDS dependent adds: ticks per core cycle. */
void rb_loop_calib(struct rb_state *s, struct rb_timer *t, uint64_t iters,
		   struct rb_raw *out);

#endif
