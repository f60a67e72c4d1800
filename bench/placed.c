// SPDX-License-Identifier: MIT
/*
 * One code placement of every timed loop.  The Makefile compiles this
 * file once per placement with -DRB_PLACEMENT=k and function alignment
 * of 64 bytes, loop alignment off: each loop starts with k * 8 bytes of
 * padding, so the copies put the same loops and inlined sequences at
 * every multiple of 8 bytes mod 64 and a cost that only belongs to one
 * placement shows as spread across them.  plain-copy is plain padded
 * half a line further, so identical code is compared at different
 * placements.
 */
#include <stddef.h>

#include "caller.h"
#include "placed.h"

#ifndef RB_PLACEMENT
#define RB_PLACEMENT 0
#endif

#define RB_CAT_(a, b) a##b
#define RB_CAT(a, b) RB_CAT_(a, b)

#define RB_PAD_OF(shift) ((RB_PLACEMENT + (shift)) % 8 * RB_CODE_STEP)

/* Padding that runs: executed once a sample, it costs nothing. */
#if defined(__x86_64__) || defined(__i386__)
/* No .skip of 0 bytes: the assembler warns about it. */
#define RB_PAD(shift)                                                   \
	asm volatile(".if " RB_STR(RB_PAD_OF(shift)) "\n\t"             \
		     ".skip " RB_STR(RB_PAD_OF(shift)) ", 0x90\n\t"       \
		     ".endif")
#elif defined(__riscv)
#define RB_PAD(shift)                                                   \
	asm volatile(".option push\n\t.option norvc\n\t.rept "          \
		     RB_STR(RB_PAD_OF(shift)) " / 4\n\tnop\n\t.endr\n\t"  \
		     ".option pop")
#else
#define RB_PAD(shift)                                                   \
	asm volatile(".rept " RB_STR(RB_PAD_OF(shift)) " / 4\n\tnop\n\t" \
		     ".endr")
#endif

/* The timed loop of cells.h, padded to this copy's placement. */
#define RB_PLACED_LOOP(name, shift, decl, body, post)                   \
	RB_TIMED_LOOP_FN(static __attribute__((noinline, aligned(64))), \
			 name, RB_PAD(shift), decl, body, post)

/* Throughput: consecutive steps on independent slots. */
#define RB_ROT8(step)                                                   \
	step(s + 0); step(s + 1); step(s + 2); step(s + 3);             \
	step(s + 4); step(s + 5); step(s + 6); step(s + 7);

#define RB_DEP(k, var)                                                  \
	asm volatile(".rept " #k "\n\t" RB_A_DEP_ADD("%[acc]") ".endr"  \
		     : [acc] "+r"(var))

/* RB_ROT8 of one operation's step under one protocol. */
#define RB_ROT8_OP(op, P)                                               \
	RB_STEP_##op(P, s + 0); RB_STEP_##op(P, s + 1);                 \
	RB_STEP_##op(P, s + 2); RB_STEP_##op(P, s + 3);                 \
	RB_STEP_##op(P, s + 4); RB_STEP_##op(P, s + 5);                 \
	RB_STEP_##op(P, s + 6); RB_STEP_##op(P, s + 7);

/* Latency and throughput loops of one (row, protocol, op). */
#define RB_LT_LOOPS(R, P, op, shift)                                    \
	RB_PLACED_LOOP(rb_lat_##R##_##op, shift, ,                      \
		       RB_REP_UNROLL(RB_STEP_##op(P, s);), )                 \
	RB_PLACED_LOOP(rb_thr1_##R##_##op, shift, ,                     \
		       RB_ROT8_OP(op, P), )                             \
	RB_PLACED_LOOP(rb_thr3_##R##_##op, shift, ,                     \
		       RB_ROT8_OP(op, P) RB_ROT8_OP(op, P)              \
		       RB_ROT8_OP(op, P), )

/* The caller context: the sequence inside compiled C. */
#define RB_CALLER_ADDV(P, s)                                            \
	RB_STEP_RETRY(P, s, rb_addv_##P(&(s)->tls,                      \
					&(s)->addv[cpu].count,          \
					rb_a[0] & 1, cpu))

/*
 * A per-CPU freelist as tcmalloc-style allocators run it: alloc pops
 * the head (one sequence), free writes the object's next pointer and
 * pushes it back (another).  The benchmark list is one node pointing
 * at itself, so every pair succeeds and leaves it as it was.
 */
#define RB_CALLER_FREELIST(P, s)                                        \
	do {                                                            \
		intptr_t rb_obj = 0;                                    \
									\
		RB_STEP_RETRY(P, s, ({                                  \
			struct rb_pcpu_cmpnev_storeoffp_load *rb_d =    \
				&(s)->cmpnev_storeoffp_load[cpu];       \
			rb_cmpnev_storeoffp_load_##P(&(s)->tls,         \
				&rb_d->head, 0,                         \
				offsetof(struct rb_list_node, next),    \
				&rb_obj, cpu);                          \
		}));                                                    \
		rb_a[0] += rb_obj & 1;                                  \
		RB_STEP_RETRY(P, s, ({                                  \
			struct rb_pcpu_cmpnev_storeoffp_load *rb_d =    \
				&(s)->cmpnev_storeoffp_load[cpu];       \
			intptr_t rb_h = RB_READ_ONCE(rb_d->head);       \
			((struct rb_list_node *)rb_obj)->next =         \
				(struct rb_list_node *)rb_h;            \
			rb_cmpeqv_storev_##P(&(s)->tls, &rb_d->head,    \
					     rb_h, rb_obj, cpu);        \
		}));                                                    \
	} while (0)

#define RB_CALLER_LOOP(name, shift, live, step)                         \
	RB_PLACED_LOOP(name, shift, RB_CALLER_DECL(live, iters),        \
		       step; RB_CALLER_MIX(live);,                      \
		       long rb_x = 0; RB_CALLER_FOLD(live, rb_x);       \
		       rb_caller_sink = rb_x)

#define RB_CALLER_LOOPS(R, P, shift)                                    \
	RB_CALLER_LOOP(rb_call_##R##_addv, shift, 8, RB_CALLER_ADDV(P, s)) \
	RB_CALLER_LOOP(rb_call_##R##_live4, shift, 4,                   \
		       RB_CALLER_ADDV(P, s))                            \
	RB_CALLER_LOOP(rb_call_##R##_live16, shift, 16,                 \
		       RB_CALLER_ADDV(P, s))                            \
	RB_CALLER_LOOP(rb_call_##R##_freelist, shift, 8,                \
		       RB_CALLER_FREELIST(P, s))

#define RB_LT_LOOPS_OP(op, id, cmp, R, P, shift) RB_LT_LOOPS(R, P, op, shift)
#define RB_ROW_LOOPS(R, P, shift)                                       \
	RB_OP_TABLE(RB_LT_LOOPS_OP, R, P, shift)                        \
	RB_CALLER_LOOPS(R, P, shift)

#define RB_PROTO_LOOPS(P) RB_ROW_LOOPS(P, P, 0)
RB_FOR_EACH_PROTO(RB_PROTO_LOOPS)
RB_ROW_LOOPS(plain_copy, plain, 4)

/* The probe: plain addv on rb_probe_word, which may straddle a page. */
#define RB_PROBE_STEP(x)                                                \
	RB_STEP_RETRY(plain, x, rb_addv_plain(&(x)->tls, rb_probe_word, \
					      1, cpu))
RB_PLACED_LOOP(rb_lat_probe_addv, 0, , RB_REP_UNROLL(RB_PROBE_STEP(s);), )
RB_PLACED_LOOP(rb_thr1_probe_addv, 0, , RB_ROT8(RB_PROBE_STEP), )
RB_PLACED_LOOP(rb_thr3_probe_addv, 0, ,
	       RB_ROT8(RB_PROBE_STEP) RB_ROT8(RB_PROBE_STEP)
	       RB_ROT8(RB_PROBE_STEP), )

/* Empty loops and the known-cost chains of every context. */
RB_PLACED_LOOP(rb_lat_empty, 0, , RB_REP_UNROLL(asm volatile("");), )
RB_PLACED_LOOP(rb_lat_dep1, 0, unsigned long acc = 0,
	       RB_REP_UNROLL(RB_DEP(1, acc);), )
RB_PLACED_LOOP(rb_lat_dep4, 0, unsigned long acc = 0,
	       RB_REP_UNROLL(RB_DEP(4, acc);), )
RB_PLACED_LOOP(rb_lat_dep16, 0, unsigned long acc = 0,
	       RB_REP_UNROLL(RB_DEP(16, acc);), )
#define RB_DEP4_1(x) RB_DEP(4, acc)
RB_PLACED_LOOP(rb_thr1_dep4, 0, unsigned long acc = 0,
	       RB_ROT8(RB_DEP4_1), )
RB_PLACED_LOOP(rb_thr3_dep4, 0, unsigned long acc = 0,
	       RB_ROT8(RB_DEP4_1) RB_ROT8(RB_DEP4_1) RB_ROT8(RB_DEP4_1), )
RB_CALLER_LOOP(rb_call_empty4, 0, 4, )
RB_CALLER_LOOP(rb_call_empty8, 0, 8, )
RB_CALLER_LOOP(rb_call_empty16, 0, 16, )
/*
 * Adds on a live value lengthen its loop-carried chain by one cycle
 * each once that chain bounds the loop: 4 adds make it the bound, 20
 * add exactly 16 cycles more.
 */
RB_CALLER_LOOP(rb_call_dep4, 0, 4, RB_DEP(4, rb_a[0]))
RB_CALLER_LOOP(rb_call_dep20, 0, 4, RB_DEP(20, rb_a[0]))

#define RB_OP_ENTRIES_OP(op, id, cmp, R) RB_OP_ENTRIES(R, op)
#define RB_ROW_ENTRIES(R)                                               \
	RB_OP_TABLE(RB_OP_ENTRIES_OP, R)                                \
	.cell[RB_CTX_CALLER][RB_ROW_##R][RB_OP_addv] = rb_call_##R##_addv, \
	.cell[RB_CTX_CALLER][RB_ROW_##R][RB_XOP_addv_live4] =           \
		rb_call_##R##_live4,                                    \
	.cell[RB_CTX_CALLER][RB_ROW_##R][RB_XOP_addv_live16] =          \
		rb_call_##R##_live16,                                   \
	.cell[RB_CTX_CALLER][RB_ROW_##R][RB_XOP_freelist] =             \
		rb_call_##R##_freelist,
#define RB_OP_ENTRIES(R, op)                                            \
	.cell[RB_CTX_LATENCY][RB_ROW_##R][RB_OP_##op] = rb_lat_##R##_##op, \
	.cell[RB_CTX_THROUGHPUT][RB_ROW_##R][RB_OP_##op] =              \
		rb_thr3_##R##_##op,                                     \
	.thr_short[RB_ROW_##R][RB_OP_##op] = rb_thr1_##R##_##op,


const struct rb_placed RB_CAT(rb_placed_, RB_PLACEMENT) = {
	RB_FOR_EACH_PROTO(RB_ROW_ENTRIES)
	RB_ROW_ENTRIES(plain_copy)
	RB_OP_ENTRIES(probe, addv)
	.lat_empty = rb_lat_empty,
	.caller_empty = { rb_call_empty4, rb_call_empty8, rb_call_empty16 },
	.lat_dep = { rb_lat_dep1, rb_lat_dep4, rb_lat_dep16 },
	.thr_dep = { rb_thr1_dep4, rb_thr3_dep4 },
	.caller_dep = { rb_call_dep4, rb_call_dep20 },
};
