// SPDX-License-Identifier: MIT
/* The table of code placements the build made, and the names. */
#include "placed.h"

#ifndef RB_NCODE
#define RB_NCODE 1
#endif

const char *const rb_ctx_names[RB_NCTX] = {
	"latency", "throughput", "caller",
};

const char *const rb_row_names[RB_NROW] = {
#define RB_ROW_NAME(P) [RB_PROTO_##P] = RB_NAME(P),
	RB_FOR_EACH_PROTO(RB_ROW_NAME)
#undef RB_ROW_NAME
	[RB_ROW_plain_copy] = "plain-copy",
	[RB_ROW_probe] = "probe-split",
};

const char *const rb_xop_names[RB_NXOP] = {
#define RB_XOP_NAME(op) [RB_OP_##op] = #op,
	RB_FOR_EACH_OP(RB_XOP_NAME)
#undef RB_XOP_NAME
	[RB_XOP_freelist] = "freelist",
	[RB_XOP_addv_live4] = "addv.live4",
	[RB_XOP_addv_live16] = "addv.live16",
};

const unsigned rb_live_counts[RB_NLIVE] = { 4, 8, 16 };

int rb_caller_live_index(int op)
{
	if (op == RB_XOP_addv_live4)
		return 0;
	if (op == RB_XOP_addv_live16)
		return 2;
	return 1;
}

intptr_t *rb_probe_word;
volatile long rb_caller_sink;

#define RB_DECL_PLACED(k) extern const struct rb_placed rb_placed_##k;
#define RB_REF_PLACED(k) &rb_placed_##k,
#define RB_PLACED_LIST(X)                                               \
	X(0) RB_PLACED_MORE(X)
#if RB_NCODE >= 8
#define RB_PLACED_MORE(X) X(1) X(2) X(3) X(4) X(5) X(6) X(7)
#elif RB_NCODE >= 2
#define RB_PLACED_MORE(X) X(1)
#else
#define RB_PLACED_MORE(X)
#endif
RB_PLACED_LIST(RB_DECL_PLACED)

const struct rb_placed *const rb_placed_table[] = {
	RB_PLACED_LIST(RB_REF_PLACED)
};
const unsigned rb_ncode = sizeof(rb_placed_table) /
			  sizeof(rb_placed_table[0]);
