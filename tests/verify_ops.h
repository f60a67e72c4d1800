/* SPDX-License-Identifier: MIT */
/*
 * The verifier's model of each operation (tests/verify_ops.c): the data
 * a sequence works on, how a path is set up, what a conflicting thread
 * does, and what a correct outcome is.  tests/verify.c runs them.
 */
#ifndef VERIFY_OPS_H
#define VERIFY_OPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "protocols.h"

enum v_path { VP_SUCCESS, VP_CMPFAIL, VP_ABORT, VP_N };
enum v_mode { VM_CONFLICT, VM_MIGRATE, VM_QUIET, VM_N };


/* The cpu the thread runs on, the one it migrates to, and one never. */
#define V_CPU 0
#define V_OTHER_CPU 1
#define V_WRONG_CPU 7
/* cpu_id of a thread without rseq (uapi RSEQ_CPU_ID_UNINITIALIZED). */
#define V_CPU_ID_UNINITIALIZED -1

#define V_CONFLICT_ADD 1000
#define V_SLOTS 4
#define V_COPY 8
#define V_OURS 0x0a		/* what our ring push writes */
#define V_THEIRS 0x0e		/* what the conflicting thread writes */
#define V_NODES 4
#define V_GUARD 2		/* what cmpeqv_cmpeqv_storev's guard holds */

/* cpu 0's data for every operation; the handler changes it in place. */
struct v_data {
	intptr_t counter;
	intptr_t word;
	intptr_t head, popped;
	struct rb_list_node node[V_NODES];
	int other_popped;	/* node index the other thread took, or -1 */
	int spare;		/* node index the other thread pushes, or -1 */
	intptr_t ring_off, ring[V_SLOTS];
	intptr_t copy_off;
	char copy[V_SLOTS][V_COPY], src[V_COPY];
	intptr_t guard;		/* cmpeqv_cmpeqv_storev's second word */
	int gconf_before;	/* guard changes before our commit */
	intptr_t dptr;		/* offset_deref_addv: points at da or db */
	intptr_t da[2], db[2];	/* its counters are [1] */
	int dconf_before;	/* conflicts (swaps) before our commit */
};

struct v_args {
	intptr_t expect;
	int cpu;
};

/* cpu 0's data as the run left it, and as it was set up. */
extern struct v_data data, init;

/*
 * Per operation: set up one path, apply a conflicting operation of
 * another thread, tell whether our commit is visible, and check the
 * outcome.  Checks return the name of the failed check (and a detail)
 * or NULL.
 */
struct v_op {
	const char *name;
	bool has_compare;
	void (*setup)(struct v_data *d, enum v_path path, struct v_args *a);
	void (*conflict)(struct v_data *d);
	bool (*committed)(const struct v_data *d);
	const char *(*check)(const struct v_data *d, int rc, int nconf,
			     char *detail, size_t len);
};

/* Indexed by the registry's op ids. */
extern const struct v_op ops[RB_NOP];

#endif
