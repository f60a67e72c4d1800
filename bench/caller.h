/* SPDX-License-Identifier: MIT */
/*
 * The caller context's harness: compiled C that keeps `live` values
 * live across an inlined sequence.  Each value depends on itself and
 * on its neighbour every iteration, so the compiler can neither drop
 * nor sink them and must hold all of them in registers (or spill them)
 * around the sequence: the registers a protocol takes show up as cost.
 * analysis/static_caller.c counts the same harness's spills statically.
 */
#ifndef RB_CALLER_H
#define RB_CALLER_H

#define RB_CALLER_DECL(live, seed)                                      \
	long rb_a[live];                                                \
	_Pragma("GCC unroll 64")                                        \
	for (int rb_k = 0; rb_k < (live); rb_k++)                       \
		rb_a[rb_k] = (long)(seed) + rb_k

#define RB_CALLER_MIX(live)                                             \
	_Pragma("GCC unroll 64")                                        \
	for (int rb_k = 0; rb_k < (live); rb_k++)                       \
		rb_a[rb_k] = rb_a[rb_k] * 3 + rb_a[(rb_k + 1) % (live)]

#define RB_CALLER_FOLD(live, acc)                                       \
	_Pragma("GCC unroll 64")                                        \
	for (int rb_k = 0; rb_k < (live); rb_k++)                       \
		(acc) ^= rb_a[rb_k]

#endif
