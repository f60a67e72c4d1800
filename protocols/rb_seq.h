/* SPDX-License-Identifier: MIT */
/*
 * The __rb_seq records that RB_SEQ_RECORD (rb_asm.h) emits, as C reads
 * them: one definition for every program that looks its own sequences
 * up (the verifier, the storms, the table checks), so that a change of
 * the layout cannot leave one reader behind.
 */
#ifndef RB_SEQ_H
#define RB_SEQ_H

#include <stdint.h>

/* Run-time addresses of one emitted sequence, then its ids. */
struct rb_seq_rec {
	uint64_t arm;		/* first instruction of the arm step */
	uint64_t start;		/* first instruction the protocol protects */
	uint64_t post_commit;	/* right after the commit store */
	uint64_t end;		/* past the disarm */
	uint64_t abort;		/* abort handler; 0 for plain */
	uint64_t fail;		/* compare-fail stub; 0 where none */
	uint64_t cs;		/* its struct rseq_cs; 0 where none */
	uint32_t proto;		/* RB_PROTO_ID_* */
	uint32_t op;		/* RB_OP_ID_* */
};
_Static_assert(sizeof(struct rb_seq_rec) == 64, "RB_SEQ_RECORD layout");

/* The linker's bounds of the section. */
extern const struct rb_seq_rec __start___rb_seq[], __stop___rb_seq[];

/* How many records of (proto, op) this program holds; *rec the last. */
static inline unsigned int rb_seq_find(uint32_t proto, uint32_t op,
				       const struct rb_seq_rec **rec)
{
	const struct rb_seq_rec *r;
	unsigned int n = 0;

	*rec = 0;
	for (r = __start___rb_seq; r < __stop___rb_seq; r++) {
		if (r->proto == proto && r->op == op) {
			*rec = r;
			n++;
		}
	}
	return n;
}

#endif
