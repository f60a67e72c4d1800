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
 *           is RB_PROTO_ID_<ident> below); SHAPE, the same for a
 *           sensitivity row: a protocol in the other code shape
 *           (rb_asm.h, "Shapes"), built only where the architecture
 *           sets RB_A_ROW_<ident> to 1 because its main row takes a
 *           different shape there; or ATOMIC, a C baseline
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
	M(regabort_outline, "regabort-outline", SHAPE, REGABORT, AREA, __VA_ARGS__) \
	M(twostore_outline, "twostore-outline", SHAPE, TWOSTORE, AREA, __VA_ARGS__) \
	M(descriptor_outline, "descriptor-outline", SHAPE, DESCRIPTOR, LAZY, __VA_ARGS__) \
	M(regabort_inline, "regabort-inline", SHAPE, REGABORT, AREA, __VA_ARGS__) \
	M(twostore_inline, "twostore-inline", SHAPE, TWOSTORE, AREA, __VA_ARGS__) \
	M(descriptor_toc, "descriptor-toc", SHAPE, DESCRIPTOR, LAZY, __VA_ARGS__) \
	M(descriptor_lla, "descriptor-lla", SHAPE, DESCRIPTOR, LAZY, __VA_ARGS__) \
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
#define RB_PROTO_ID_regabort_outline 5
#define RB_PROTO_ID_twostore_outline 6
#define RB_PROTO_ID_descriptor_outline 7
#define RB_PROTO_ID_regabort_inline 8
#define RB_PROTO_ID_twostore_inline 9
#define RB_PROTO_ID_descriptor_toc 10
#define RB_PROTO_ID_descriptor_lla 11

/*
 * Which sensitivity rows this build has: the architecture header sets
 * RB_A_ROW_<ident> to 1 for each.  registry_dump.c, which describes
 * every row, sets RB_REG_ALL_ROWS.
 */
#ifndef RB_A_ROW_regabort_outline
#define RB_A_ROW_regabort_outline 0
#endif
#ifndef RB_A_ROW_twostore_outline
#define RB_A_ROW_twostore_outline 0
#endif
#ifndef RB_A_ROW_descriptor_outline
#define RB_A_ROW_descriptor_outline 0
#endif
#ifndef RB_A_ROW_regabort_inline
#define RB_A_ROW_regabort_inline 0
#endif
#ifndef RB_A_ROW_twostore_inline
#define RB_A_ROW_twostore_inline 0
#endif
#ifndef RB_A_ROW_descriptor_toc
#define RB_A_ROW_descriptor_toc 0
#endif
#ifndef RB_A_ROW_descriptor_lla
#define RB_A_ROW_descriptor_lla 0
#endif

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
#define RB_REG_CAT_(a, b) a##b
#define RB_REG_CAT(a, b) RB_REG_CAT_(a, b)
#define RB_REG_IF_0(...)
#define RB_REG_IF_1(...) __VA_ARGS__
#ifdef RB_REG_ALL_ROWS
#define RB_REG_BUILT_SHAPE(p, ...) __VA_ARGS__
#else
#define RB_REG_BUILT_SHAPE(p, ...)                                      \
	RB_REG_CAT(RB_REG_IF_, RB_A_ROW_##p)(__VA_ARGS__)
#endif
#define RB_REG_BUILT_SEQ(p, ...) __VA_ARGS__
#define RB_REG_BUILT_ATOMIC(p, ...) __VA_ARGS__
/* The rest of the arguments if row p is built here, else nothing. */
#define RB_REG_BUILT(p, kind, ...) RB_REG_BUILT_##kind(p, __VA_ARGS__)

#define RB_REG_SEQ_ONLY_SEQ(...) __VA_ARGS__
#define RB_REG_SEQ_ONLY_SHAPE(...) __VA_ARGS__
#define RB_REG_SEQ_ONLY_ATOMIC(...)
#define RB_REG_ATOMIC_ONLY_SEQ(...)
#define RB_REG_ATOMIC_ONLY_SHAPE(...)
#define RB_REG_ATOMIC_ONLY_ATOMIC(...) __VA_ARGS__
#define RB_REG_PICK_SEQ(p, name, kind, kp, da, X)                       \
	RB_REG_BUILT(p, kind, RB_REG_SEQ_ONLY_##kind(X(p)))
#define RB_REG_PICK_ATOMIC(p, name, kind, kp, da, X)                    \
	RB_REG_BUILT(p, kind, RB_REG_ATOMIC_ONLY_##kind(X(p)))
#define RB_REG_PICK_PROTO(p, name, kind, kp, da, X)                     \
	RB_REG_BUILT(p, kind, X(p))
#define RB_REG_PICK_OP(op, id, cmp, X) X(op)

#define RB_REG_RESTART_NONE(...)
#define RB_REG_RESTART_REGABORT(...) __VA_ARGS__
#define RB_REG_RESTART_TWOSTORE(...) __VA_ARGS__
#define RB_REG_RESTART_DESCRIPTOR(...) __VA_ARGS__
#define RB_REG_PICK_RESTART(p, name, kind, kp, da, X)                   \
	RB_REG_BUILT(p, kind, RB_REG_RESTART_##kp(X(p)))

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
	bool shape_row;		/* a sensitivity row (kind SHAPE) */
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
#define RB_REG_SEQ_ID_SHAPE(p) RB_PROTO_ID_##p
#define RB_REG_SEQ_ID_ATOMIC(p) -1
#define RB_REG_IS_SEQ_SEQ true
#define RB_REG_IS_SEQ_SHAPE true
#define RB_REG_IS_SEQ_ATOMIC false
#define RB_REG_PROTO_ROW(p, nm, kind, kp, da, ...)                        \
	RB_REG_BUILT(p, kind,                                           \
	[RB_PROTO_##p] = { .ident = #p, .name = nm,                     \
			   .sequence = RB_REG_IS_SEQ_##kind,           \
			   .shape_row = RB_REG_CAT(RB_REG_IS_SHAPE_, kind), \
			   .seq_id = RB_REG_SEQ_ID_##kind(p),           \
			   .kproto = RB_KPROTO_##kp,                    \
			   .disarm = RB_DISARM_##da },)
#define RB_REG_IS_SHAPE_SEQ false
#define RB_REG_IS_SHAPE_SHAPE true
#define RB_REG_IS_SHAPE_ATOMIC false
#define RB_REG_OP_ROW(op, id, c, ...)                                     \
	[RB_OP_##op] = { .name = #op, .seq_id = id, .cmp = c },

static const struct rb_proto_info rb_protos[RB_NPROTO]
	__attribute__((unused)) = { RB_PROTO_TABLE(RB_REG_PROTO_ROW, ) };
static const struct rb_op_info rb_ops[RB_NOP]
	__attribute__((unused)) = { RB_OP_TABLE(RB_REG_OP_ROW, ) };

/*
 * Sequence ids are the sequence protocols' positions in the whole
 * table (every row, built or not), ops' likewise: the ids of the rows
 * an architecture leaves out are holes, never reused.
 */
enum rb_proto_row {
#define RB_REG_ROW_ENUM(p, ...) RB_PROTO_ROW_##p,
	RB_PROTO_TABLE(RB_REG_ROW_ENUM, )
#undef RB_REG_ROW_ENUM
};
#define RB_REG_CHECK_ID_SEQ(p)                                          \
	_Static_assert(RB_PROTO_ID_##p == RB_PROTO_ROW_##p,             \
		       "RB_PROTO_ID_" #p " is not its row in the table");
#define RB_REG_CHECK_ID_SHAPE(p) RB_REG_CHECK_ID_SEQ(p)
#define RB_REG_CHECK_ID_ATOMIC(p)
#define RB_REG_CHECK_SEQ_ID(p, nm, kind, kp, da, ...)                     \
	RB_REG_CHECK_ID_##kind(p)
RB_PROTO_TABLE(RB_REG_CHECK_SEQ_ID, )

/* One past the largest sequence id, built here or not. */
#define RB_REG_IS_SEQ_ROW_SEQ 1
#define RB_REG_IS_SEQ_ROW_SHAPE 1
#define RB_REG_IS_SEQ_ROW_ATOMIC 0
#define RB_REG_COUNT_SEQ_ROW(p, nm, kind, ...) +RB_REG_IS_SEQ_ROW_##kind
enum { RB_NSEQ_IDS = 0 RB_PROTO_TABLE(RB_REG_COUNT_SEQ_ROW, ) };
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
