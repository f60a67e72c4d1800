// SPDX-License-Identifier: MIT
/*
 * The caller context's harness (caller.h) around an inlined
 * rb_addv_<proto>, compiled once per protocol for the static analysis:
 * the registers a protocol's asm takes (regabort: RB_REGABORT_REG and
 * a scratch register) show up as spills, reloads or callee-saved saves
 * in the compiled code.  analysis/static.py --caller counts them per
 * protocol from the object; the timed copies of the same harness are
 * the caller context of bench/placed.c.  Nothing here is run.
 */
#include <stdint.h>
#include "caller.h"
#include "protocols.h"

#ifndef RB_LIVE
#define RB_LIVE 8
#endif

#define RB_CALLER(P)                                                    \
__attribute__((noinline)) long rb_caller_##P(const struct rb_tls *t,   \
					     intptr_t *v, const long *in, \
					     long n, int cpu)            \
{                                                                       \
	long s = 0;                                                     \
	RB_CALLER_DECL(RB_LIVE, in[0]);                                 \
									\
	for (long i = 0; i < n; i++) {                                  \
		if (rb_addv_##P(t, v, rb_a[0], cpu) != RB_OK)           \
			s++;                                            \
		RB_CALLER_MIX(RB_LIVE);                                 \
	}                                                               \
	RB_CALLER_FOLD(RB_LIVE, s);                                     \
	return s;                                                       \
}
RB_FOR_EACH_SEQ_PROTO(RB_CALLER)
