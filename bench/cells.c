// SPDX-License-Identifier: MIT
/*
 * The timed loops.  Each is generated from the same macro so that the
 * protocols, the empty loop and the known-cost chains differ only in
 * their step: same timer reads, same loop, same unrolling.
 */
#include "cells.h"

RB_TIMED_LOOP(rb_loop_empty, , asm volatile(""))
static RB_TIMED_LOOP_ROLLED(rb_loop_empty_rolled, , asm volatile(""))

const char *const rb_shape_names[2] = {
	"unrolled x" RB_STR(RB_UNROLL), "rolled"
};

#define RB_DEP_STEP(k)                                                  \
	asm volatile(".rept " #k "\n\t" RB_A_DEP_ADD("%[acc]") ".endr"  \
		     : [acc] "+r"(acc))

RB_TIMED_LOOP(rb_loop_dep1, unsigned long acc = 0, RB_DEP_STEP(1))
RB_TIMED_LOOP(rb_loop_dep4, unsigned long acc = 0, RB_DEP_STEP(4))
RB_TIMED_LOOP(rb_loop_dep16, unsigned long acc = 0, RB_DEP_STEP(16))

const unsigned rb_dep_adds[RB_NDEP] = { 1, 4, 16 };
const rb_loop_fn rb_dep_loops[RB_NDEP] = {
	rb_loop_dep1, rb_loop_dep4, rb_loop_dep16,
};

void rb_loop_calib(struct rb_state *s, struct rb_timer *t, uint64_t iters,
		   struct rb_raw *out)
{
	uint64_t i, t0, t1;
	unsigned long acc = 0;	/* a register on 32-bit targets too */

	(void)s;
	t0 = t->read(t);
	for (i = 0; i < iters; i++)
		asm volatile(".rept " RB_STR(RB_CALIB_ADDS) "\n\t"
			     RB_A_DEP_ADD("%[acc]") ".endr"
			     : [acc] "+r"(acc));
	t1 = t->read(t);
	out->ticks = t1 - t0;
	out->instructions = 0;
}

/* One timed loop per (protocol, op) and shape. */
#define RB_CELL_LOOPS(P, op)                                            \
	static RB_TIMED_LOOP(rb_loop_##P##_##op, , RB_STEP_##op(P, s))  \
	static RB_TIMED_LOOP_ROLLED(rb_rloop_##P##_##op, ,              \
				    RB_STEP_##op(P, s))
#define RB_CELL_LOOPS_OP(op, id, cmp, P) RB_CELL_LOOPS(P, op)
#define RB_CELL_LOOPS_OPS(P) RB_OP_TABLE(RB_CELL_LOOPS_OP, P)
RB_FOR_EACH_PROTO(RB_CELL_LOOPS_OPS)

const rb_loop_fn rb_op_loops[RB_NPROTO][RB_NOP] = {
#define RB_LOOP_CELL(op, id, cmp, P) [RB_OP_##op] = rb_loop_##P##_##op,
#define RB_LOOP_ROW(P)                                                  \
	[RB_PROTO_##P] = { RB_OP_TABLE(RB_LOOP_CELL, P) },
	RB_FOR_EACH_PROTO(RB_LOOP_ROW)
#undef RB_LOOP_ROW
};

static const rb_loop_fn rb_op_loops_rolled[RB_NPROTO][RB_NOP] = {
#define RB_RLOOP_CELL(op, id, cmp, P) [RB_OP_##op] = rb_rloop_##P##_##op,
#define RB_RLOOP_ROW(P)                                                 \
	[RB_PROTO_##P] = { RB_OP_TABLE(RB_RLOOP_CELL, P) },
	RB_FOR_EACH_PROTO(RB_RLOOP_ROW)
#undef RB_RLOOP_ROW
};

rb_loop_fn rb_op_loop(int shape, int proto, int op)
{
	return shape == RB_SHAPE_ROLLED ? rb_op_loops_rolled[proto][op] :
					  rb_op_loops[proto][op];
}

rb_loop_fn rb_empty_loop(int shape)
{
	return shape == RB_SHAPE_ROLLED ? rb_loop_empty_rolled : rb_loop_empty;
}

const char *const rb_proto_names[RB_NPROTO] = {
#define RB_PROTO_NAME(P) [RB_PROTO_##P] = RB_NAME(P),
	RB_FOR_EACH_PROTO(RB_PROTO_NAME)
#undef RB_PROTO_NAME
};

const char *const rb_op_names[RB_NOP] = {
#define RB_OP_NAME(op) [RB_OP_##op] = #op,
	RB_FOR_EACH_OP(RB_OP_NAME)
#undef RB_OP_NAME
};

/*
 * The protocols the kernel's rseq area must be there for: those some
 * kernel rule restarts.  plain reads cpu_id_start but never checks it,
 * so it runs anywhere.
 */
const int rb_proto_needs_rseq[RB_NPROTO] = {
#define RB_NEEDS_RSEQ(P) [RB_PROTO_##P] = rb_protos[RB_PROTO_##P].kproto != \
	RB_KPROTO_NONE,
	RB_FOR_EACH_PROTO(RB_NEEDS_RSEQ)
#undef RB_NEEDS_RSEQ
};
