// SPDX-License-Identifier: MIT
/*
 * A realistic caller for the static analysis (issue 6): a loop that
 * keeps RB_LIVE values live across an inlined rb_addv_<proto>, so that
 * the registers a protocol's asm takes (regabort: RB_REGABORT_REG and a
 * scratch register) show up as spills, reloads or callee-saved saves
 * in the compiled code.  bench/static.py --caller counts them per
 * protocol from the object; nothing here is run.
 */
#include <stdint.h>
#include "protocols.h"

#ifndef RB_LIVE
#define RB_LIVE 8
#endif

#define RB_CALLER(P)                                                    \
__attribute__((noinline)) long rb_caller_##P(const struct rb_tls *t,   \
					     intptr_t *v, const long *in, \
					     long n, int cpu)            \
{                                                                       \
	long a[RB_LIVE], s = 0;                                         \
	_Pragma("GCC unroll 64")                                        \
	for (int k = 0; k < RB_LIVE; k++)                               \
		a[k] = in[k];                                           \
	for (long i = 0; i < n; i++) {                                  \
		if (rb_addv_##P(t, v, a[0], cpu) != RB_OK)              \
			s++;                                            \
		_Pragma("GCC unroll 64")                                \
		for (int k = 0; k < RB_LIVE; k++)                       \
			a[k] = a[k] * 3 + a[(k + 1) % RB_LIVE];         \
	}                                                               \
	_Pragma("GCC unroll 64")                                        \
	for (int k = 0; k < RB_LIVE; k++)                               \
		s ^= a[k];                                              \
	return s;                                                       \
}
RB_FOR_EACH_SEQ_PROTO(RB_CALLER)
