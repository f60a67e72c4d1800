/* SPDX-License-Identifier: MIT */
/*
 * The registry: every protocol and operation rseqbench knows, with the
 * one spelling every program, file and script uses, and the properties
 * the consumers ask about.  The benchmark, the tests, the verifier,
 * the storms and the kernel emulation take their lists from here, and
 * the build writes it out as registry.json (registry_dump.c) for the
 * scripts.  Adding a protocol or an operation is a row here plus its
 * header.
 */
#ifndef RB_REGISTRY_H
#define RB_REGISTRY_H

#include <stdbool.h>

#include "kmodel.h"

/*
 * Protocols, in report order: M(ident, name, kind, kproto, disarm, ...),
 * the caller's further arguments last
 *   ident   the C identifier: rb_<op>_<ident>(), RB_PROTO_<ident>
 *   name    the spelling on the command line, in every output file and
 *           in every script
 *   kind    SEQ, an assembly sequence with an __rb_seq record (its id
 *           is RB_PROTO_ID_<ident> below), or ATOMIC, a C baseline
 *   kproto  which kernel rule restarts it (kmodel.h): NONE for plain,
 *           which nothing restarts, and for the baselines
 *   disarm  what the sequence leaves armed after a commit: NONE, AREA
 *           (rseqbench's private area is cleared), LAZY (rseq_cs left
 *           for the kernel to clear) or EAGER (rseq_cs cleared)
 */
#define RB_PROTO_TABLE(M, ...)                                            \
	M(plain, "plain", SEQ, NONE, NONE, __VA_ARGS__)                           \
	M(regabort, "regabort", SEQ, REGABORT, AREA, __VA_ARGS__)                 \
	M(twostore, "twostore", SEQ, TWOSTORE, AREA, __VA_ARGS__)                 \
	M(descriptor, "descriptor", SEQ, DESCRIPTOR, LAZY, __VA_ARGS__)           \
	M(descriptor_eager, "descriptor-eager", SEQ, DESCRIPTOR, EAGER, __VA_ARGS__) \
	M(atomic, "atomic", ATOMIC, NONE, NONE, __VA_ARGS__)                      \
	M(getcpu_atomic, "getcpu+atomic", ATOMIC, NONE, NONE, __VA_ARGS__)

/*
 * The ids the __rb_seq records carry.  The assembly writes them as
 * literal tokens, so they are macros; a build-time check below keeps
 * them equal to the sequence protocols' positions in the table.
 */
#define RB_PROTO_ID_plain 0
#define RB_PROTO_ID_regabort 1
#define RB_PROTO_ID_twostore 2
#define RB_PROTO_ID_descriptor 3
#define RB_PROTO_ID_descriptor_eager 4

/*
 * Operations, in report order: M(ident, id, cmp, ...)
 *   ident   rb_<ident>_<protocol>(), protocols/ops/<ident>.h
 *   id      the op id in the __rb_seq records (a literal, as above)
 *   cmp     whether it has a compare that can fail
 */
#define RB_OP_TABLE(M, ...)                                               \
	M(addv, 0, false, __VA_ARGS__)                                            \
	M(cmpeqv_storev, 1, true, __VA_ARGS__)                                    \
	M(cmpnev_storeoffp_load, 2, true, __VA_ARGS__)                            \
	M(cmpeqv_trystorev_storev, 3, true, __VA_ARGS__)                          \
	M(cmpeqv_trymemcpy_storev, 4, true, __VA_ARGS__)                          \
	M(cmpeqv_cmpeqv_storev, 5, true, __VA_ARGS__)                             \
	M(offset_deref_addv, 6, false, __VA_ARGS__)

#define RB_OP_ID_addv 0
#define RB_OP_ID_cmpeqv_storev 1
#define RB_OP_ID_cmpnev_storeoffp_load 2
#define RB_OP_ID_cmpeqv_trystorev_storev 3
#define RB_OP_ID_cmpeqv_trymemcpy_storev 4
#define RB_OP_ID_cmpeqv_cmpeqv_storev 5
#define RB_OP_ID_offset_deref_addv 6

/* The X-macro lists the rest of the tree composes with. */
#define RB_REG_SEQ_ONLY_SEQ(x) x
#define RB_REG_SEQ_ONLY_ATOMIC(x)
#define RB_REG_ATOMIC_ONLY_SEQ(x)
#define RB_REG_ATOMIC_ONLY_ATOMIC(x) x
#define RB_REG_PICK_SEQ(p, name, kind, kp, da, X)                       \
	RB_REG_SEQ_ONLY_##kind(X(p))
#define RB_REG_PICK_ATOMIC(p, name, kind, kp, da, X)                    \
	RB_REG_ATOMIC_ONLY_##kind(X(p))
#define RB_REG_PICK_PROTO(p, name, kind, kp, da, X) X(p)
#define RB_REG_PICK_OP(op, id, cmp, X) X(op)

#define RB_REG_RESTART_NONE(x)
#define RB_REG_RESTART_REGABORT(x) x
#define RB_REG_RESTART_TWOSTORE(x) x
#define RB_REG_RESTART_DESCRIPTOR(x) x
#define RB_REG_PICK_RESTART(p, name, kind, kp, da, X)                   \
	RB_REG_RESTART_##kp(X(p))

/* Protocols written as assembly sequences. */
#define RB_FOR_EACH_SEQ_PROTO(X) RB_PROTO_TABLE(RB_REG_PICK_SEQ, X)
/* Baselines written in C with compiler atomics (relaxed ordering). */
#define RB_FOR_EACH_ATOMIC_PROTO(X) RB_PROTO_TABLE(RB_REG_PICK_ATOMIC, X)
#define RB_FOR_EACH_PROTO(X) RB_PROTO_TABLE(RB_REG_PICK_PROTO, X)
/* The sequences some kernel rule restarts (all but plain). */
#define RB_FOR_EACH_RESTARTABLE_PROTO(X)                                \
	RB_PROTO_TABLE(RB_REG_PICK_RESTART, X)
#define RB_FOR_EACH_OP(X) RB_OP_TABLE(RB_REG_PICK_OP, X)

/* Indices into the tables below. */
enum rb_proto_index {
#define RB_REG_ENUM(p) RB_PROTO_##p,
	RB_FOR_EACH_PROTO(RB_REG_ENUM)
#undef RB_REG_ENUM
	RB_NPROTO
};

enum rb_op_index {
#define RB_REG_ENUM(op) RB_OP_##op,
	RB_FOR_EACH_OP(RB_REG_ENUM)
#undef RB_REG_ENUM
	RB_NOP
};

enum rb_disarm { RB_DISARM_NONE, RB_DISARM_AREA, RB_DISARM_LAZY,
		 RB_DISARM_EAGER };

struct rb_proto_info {
	const char *ident;
	const char *name;
	bool sequence;		/* an assembly sequence with records */
	int seq_id;		/* RB_PROTO_ID_*; -1 for the baselines */
	enum rb_kproto kproto;
	enum rb_disarm disarm;
};

struct rb_op_info {
	const char *name;
	int seq_id;		/* RB_OP_ID_* */
	bool cmp;
};

#define RB_REG_SEQ_ID_SEQ(p) RB_PROTO_ID_##p
#define RB_REG_SEQ_ID_ATOMIC(p) -1
#define RB_REG_IS_SEQ_SEQ true
#define RB_REG_IS_SEQ_ATOMIC false
#define RB_REG_PROTO_ROW(p, nm, kind, kp, da, ...)                        \
	[RB_PROTO_##p] = { .ident = #p, .name = nm,                     \
			   .sequence = RB_REG_IS_SEQ_##kind,           \
			   .seq_id = RB_REG_SEQ_ID_##kind(p),           \
			   .kproto = RB_KPROTO_##kp,                    \
			   .disarm = RB_DISARM_##da },
#define RB_REG_OP_ROW(op, id, c, ...)                                     \
	[RB_OP_##op] = { .name = #op, .seq_id = id, .cmp = c },

static const struct rb_proto_info rb_protos[RB_NPROTO]
	__attribute__((unused)) = { RB_PROTO_TABLE(RB_REG_PROTO_ROW, ) };
static const struct rb_op_info rb_ops[RB_NOP]
	__attribute__((unused)) = { RB_OP_TABLE(RB_REG_OP_ROW, ) };

/* Sequence ids are the sequence protocols' positions, ops' likewise. */
#define RB_REG_CHECK_SEQ_ID(p)                                          \
	_Static_assert(RB_PROTO_ID_##p == RB_PROTO_##p,                 \
		       "RB_PROTO_ID_" #p " is not its row in the table");
RB_FOR_EACH_SEQ_PROTO(RB_REG_CHECK_SEQ_ID)
#define RB_REG_CHECK_OP_ID(op, id, c, ...)                                \
	_Static_assert(RB_OP_ID_##op == (id) && (id) == RB_OP_##op,     \
		       "RB_OP_ID_" #op " is not its row in the table");
RB_OP_TABLE(RB_REG_CHECK_OP_ID, )

/* Index of a protocol by its name; -1 if none. */
static inline int rb_proto_lookup(const char *name)
{
	int i;

	for (i = 0; i < RB_NPROTO; i++)
		if (!__builtin_strcmp(rb_protos[i].name, name))
			return i;
	return -1;
}

#endif
