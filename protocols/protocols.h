/* SPDX-License-Identifier: MIT */
/*
 * Every (protocol, operation) function, composed from the three axes:
 *
 *   protocols/arch/<arch>.h   instructions (RB_A_*), signature, registers
 *   protocols/proto/<p>.h     arm / cpu check / disarm / abort stubs
 *   protocols/ops/<op>.h      the operation body, its atomic twin and how
 *                             a benchmark drives it
 *
 * This file composes them.  Adding an architecture, a protocol or an
 * operation is one new header plus its row in registry.h.
 *
 * Every function has the same shape:
 *   int rb_<op>_<protocol>(const struct rb_tls *rb_t, <op args>, int cpu)
 * returning RB_OK, RB_CMPFAIL or RB_ABORT.
 */
#ifndef RB_PROTOCOLS_H
#define RB_PROTOCOLS_H

/* Built with -D_GNU_SOURCE: getcpu() is a GNU extension. */
#include <sched.h>
#include <stddef.h>
#include <stdint.h>

#include "rb_asm.h"
#include "rb_tls.h"

#include "proto/plain.h"
#include "proto/regabort.h"
#include "proto/twostore.h"
#include "proto/descriptor.h"

/* The lists of protocols and operations (RB_FOR_EACH_*): registry.h. */
#include "registry.h"

#include "ops/addv.h"
#include "ops/cmpeqv_storev.h"
#include "ops/cmpnev_storeoffp_load.h"
#include "ops/cmpeqv_trystorev_storev.h"
#include "ops/cmpeqv_trymemcpy_storev.h"
#include "ops/cmpeqv_cmpeqv_storev.h"
#include "ops/offset_deref_addv.h"

/* Deliberately broken variants, for the verifier's mutants only. */
#include "mutants.h"
/* The signature in the code must be the one the C library registers. */
#include "rb_sig.h"

/*
 * Which cpu's data an operation works on.  The restartable protocols
 * and plain read cpu_id_start (plain so that "vs plain" is exactly arm,
 * cpu check and disarm); atomic uses one shared word; getcpu+atomic asks
 * the vDSO through glibc's getcpu(), which unlike sched_getcpu() does
 * not read the rseq area: the 4.18 merge's baseline.
 */
#define RB_CPU_FROM_RSEQ(P)                                             \
static RB_ALWAYS_INLINE int rb_cpu_##P(const struct rb_tls *t)          \
{                                                                       \
	return rb_cpu_start(t);                                         \
}
RB_FOR_EACH_SEQ_PROTO(RB_CPU_FROM_RSEQ)

static RB_ALWAYS_INLINE int rb_cpu_atomic(const struct rb_tls *t)
{
	(void)t;
	return 0;
}

static RB_ALWAYS_INLINE int rb_cpu_getcpu_atomic(const struct rb_tls *t)
{
	unsigned int cpu = 0;

	(void)t;
	getcpu(&cpu, NULL);
	return (int)cpu;
}

/* Instantiate every operation for every protocol. */
#define RB_INSTANTIATE_SEQ_OP(op, id, cmp, P) RB_SEQ_##op(P)
#define RB_INSTANTIATE_ATOMIC_OP(op, id, cmp, P) RB_ATOMIC_##op(P)
#define RB_INSTANTIATE_SEQ(P) RB_OP_TABLE(RB_INSTANTIATE_SEQ_OP, P)
#define RB_INSTANTIATE_ATOMIC(P) RB_OP_TABLE(RB_INSTANTIATE_ATOMIC_OP, P)

RB_FOR_EACH_SEQ_PROTO(RB_INSTANTIATE_SEQ)
RB_FOR_EACH_ATOMIC_PROTO(RB_INSTANTIATE_ATOMIC)

/*
 * Per-thread state a benchmark or test loop drives the operations with:
 * the thread's areas and one array of per-CPU data per operation.
 */
struct rb_state {
	struct rb_tls tls;
	uint64_t aborts;	/* restarts taken (retried) */
	uint64_t fails;		/* compare-fails: a broken benchmark state */
#define RB_STATE_FIELD(op) struct rb_pcpu_##op *op;
	RB_FOR_EACH_OP(RB_STATE_FIELD)
#undef RB_STATE_FIELD
	int ncpus;
};

/*
 * One operation on the current cpu's data: read the cpu, run the
 * operation, and on abort read the cpu again and retry, as real users
 * of rseq do.  `cpu` is in scope for the call expression.
 */
#define RB_STEP_RETRY(P, s, call)                                       \
	do {                                                            \
		int rb_rc;                                              \
		do {                                                    \
			int cpu = rb_cpu_##P(&(s)->tls);                \
			rb_rc = (call);                                 \
		} while (rb_rc == RB_ABORT && ++(s)->aborts);           \
		if (rb_rc != RB_OK)                                     \
			(s)->fails++;                                   \
	} while (0)

/* Allocate and initialise the per-CPU data (aborts the program on OOM). */
void rb_state_init(struct rb_state *s);
void rb_state_free(struct rb_state *s);

/*
 * A protocol's name, as a constant the tables of the tests and the
 * benchmark can be initialised with (GCC folds the read of the const
 * registry).
 */
#define RB_NAME(P) (rb_protos[RB_PROTO_##P].name)

#endif
