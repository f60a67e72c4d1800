/* SPDX-License-Identifier: MIT */
/*
 * Measurement contexts and placements.
 *
 * A context is the situation a sequence runs in: a dependent chain
 * (latency), independent operations (throughput) or compiled C that
 * keeps values live around it (caller).  A placement is where the
 * timed code and its data sit: bench/placed.c is compiled once per
 * code placement, each copy padding every loop by a different multiple
 * of 8 bytes from a 64-byte boundary, and the per-CPU data and the
 * private protocol area are allocated at one of RB_NDATA offsets in a
 * page.  The kernel's struct rseq, registered by glibc in the thread's
 * static TLS, cannot move.
 */
#ifndef RB_PLACED_H
#define RB_PLACED_H

#include "cells.h"

enum rb_ctx { RB_CTX_LATENCY, RB_CTX_THROUGHPUT, RB_CTX_CALLER, RB_NCTX };
extern const char *const rb_ctx_names[RB_NCTX];

/*
 * Rows beyond the protocols: plain built a second time under another
 * name and placement, which must never differ robustly from plain, and
 * a deliberately placement-sensitive sequence (plain addv on a word
 * that straddles a page in half of the data placements), which the
 * placement spread must flag.
 */
enum {
#define RB_ROW_ENUM(P) RB_ROW_##P = RB_PROTO_##P,
	RB_FOR_EACH_PROTO(RB_ROW_ENUM)
#undef RB_ROW_ENUM
	RB_ROW_plain_copy = RB_NPROTO,
	RB_ROW_probe,
	RB_NROW
};
extern const char *const rb_row_names[RB_NROW];

/*
 * Operations beyond the five: the caller context's freelist
 * alloc+free pair (list pop, then push) and its addv at other counts
 * of live values (addv itself keeps RB_CALLER_LIVE_DEFAULT).
 */
enum { RB_XOP_freelist = RB_NOP, RB_XOP_addv_live4, RB_XOP_addv_live16,
	RB_NXOP };
extern const char *const rb_xop_names[RB_NXOP];

/* Operations per iteration of the latency loop. */
#define RB_LAT_UNROLL RB_UNROLL

/* Independent slots the throughput context rotates over. */
#define RB_NSLOT 8
/* Its two unroll factors: the difference cancels the loop's cost. */
#define RB_THR_U1 8
#define RB_THR_U2 24
/* Data placements: offsets k * 1024 + k * 128 in a page. */
#define RB_NDATA 4
/* Code placements step by 8 bytes, so 8 of them span 64 bytes. */
#define RB_CODE_STEP 8
#define RB_MAX_CODE 8
/* Live-value counts of the caller context's harnesses. */
#define RB_NLIVE 3
extern const unsigned rb_live_counts[RB_NLIVE];	/* 4, 8, 16 */

struct rb_placed {
	/* [ctx][row][op]; throughput: the RB_THR_U2 loop; NULL: absent */
	rb_loop_fn cell[RB_NCTX][RB_NROW][RB_NXOP];
	rb_loop_fn thr_short[RB_NROW][RB_NXOP];	/* RB_THR_U1 */
	rb_loop_fn lat_empty;
	rb_loop_fn caller_empty[RB_NLIVE];
	rb_loop_fn lat_dep[RB_NDEP];
	rb_loop_fn thr_dep[2];		/* 4 dependent adds, U1 and U2 */
	rb_loop_fn caller_dep[2];	/* 4, 20 adds in the 4-live harness */
};

extern const unsigned rb_ncode;
extern const struct rb_placed *const rb_placed_table[];

/* Where the probe row's word is, set for each data placement. */
extern intptr_t *rb_probe_word;
/* Keeps the caller harness's live values from being optimised away. */
extern volatile long rb_caller_sink;

/* Which live-count harness a caller cell runs in. */
int rb_caller_live_index(int op);

#endif
