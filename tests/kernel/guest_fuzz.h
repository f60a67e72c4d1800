/* SPDX-License-Identifier: MIT */
/*
 * The runner of the fuzz and of the cross check (guest_fuzz_run.c):
 * inputs, each a probe, a probe that unregisters while armed or a
 * registration, run in CLONE_VM children with their own struct rseq,
 * each outcome against the kernel model's or the ABI's.
 */
#ifndef RB_GUEST_FUZZ_H
#define RB_GUEST_FUZZ_H

#include <stdbool.h>
#include <sys/types.h>

#include "guest.h"

/* The probe that unregisters between arming and the int3. */
extern const char rb_unreg_sys[], rb_unreg_abort[];

enum fz_kind { K_PROBE, K_UNREG, K_REGISTER };

struct fz_in {
	enum fz_kind kind;
	uint64_t pc, abort, rcx;	/* K_PROBE, K_UNREG */
	uint64_t addr;			/* K_REGISTER */
	uint32_t len;
	int flags;
};

struct fz {
	int proto;
	long n;			/* inputs */
	long next;		/* next input to run */
	long cur;		/* input being run */
	unsigned int cur_mask;	/* its allowed verdicts */
	long counts[4];		/* kernel verdicts of the probes */
	long kinds[3];		/* inputs per kind */
	long reg_ok, reg_einval, reg_efault, reg_other;
	long mismatches;
	long ambiguous;		/* inputs where two verdicts were allowed */
	char first_bad[4][240];
	int nbad;
	long children;
	volatile pid_t child;	/* running child, for the watchdog */
	long hung;
	void (*gen)(struct fz *f, long i, struct fz_in *in);
	struct mctx m;
	struct ext_area area;
	struct ext_area area2[2];
	uint64_t unmapped;	/* a PROT_NONE region, 1 MiB */
	uint64_t guard_page;	/* RW page between two PROT_NONE pages */
};

/*
 * The abort address of a probe: the protocol's source (rcx for
 * regabort, the area's abort_ip for twostore) gets abort, the other
 * one other, which the protocol must ignore.
 */
static inline void fz_set_abort(struct fz *f, struct fz_in *in,
				uint64_t abort, uint64_t other)
{
	bool regabort = rb_protos[f->proto].kproto == RB_KPROTO_REGABORT;

	in->rcx = regabort ? abort : other;
	in->abort = regabort ? other : abort;
}

/* The runner's state, shared with its children; mapped on first use. */
struct fz *fz_state(void);
/* For protocol p: the pipe of m_read() and the unreadable regions. */
void fz_setup(struct fz *f, int p);
void fz_teardown(struct fz *f);
/* Runs inputs 0 to f->n - 1 of f->gen, a child after another. */
void fz_run(struct fz *f);

#endif
