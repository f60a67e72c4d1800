// SPDX-License-Identifier: MIT
/*
 * The cross check, a part of the guest: named scenarios, each one
 * probe run by the fuzz's runner, the kernel's verdict against the
 * model's, printed one by one.
 */
#include <string.h>

#include "guest_fuzz.h"

/* The cross-check: named scenarios, kernel vs model, printed one by one. */
struct xcase {
	const char *name;
	uint64_t pc, abort;	/* the protocol's abort source gets abort */
};

static uint64_t xc_pc, xc_abort, xc_other;

static void gen_fixed(struct fz *f, long i, struct fz_in *in)
{
	(void)i;
	memset(in, 0, sizeof(*in));
	in->kind = K_PROBE;
	fz_set_abort(f, in, xc_abort, xc_other);
	in->pc = xc_pc;
}

void test_crosscheck(int p)
{
	struct fz *f = fz_state();
	bool regabort = rb_protos[p].kproto == RB_KPROTO_REGABORT;
	uint64_t trap = (uintptr_t)rb_probe_trap;
	uint64_t after = (uintptr_t)rb_probe_after;
	uint64_t ok = (uintptr_t)rb_probe_abort;
	const struct xcase cases[] = {
		{ "not armed", 0, ok },
		{ "armed, ip above post_commit_ip", trap - 1, ok },
		{ "armed, ip == post_commit_ip", after, ok },
		{ "armed, ip below post_commit_ip, valid abort", after + 1, ok },
		{ "armed high, valid abort", TSZ - 1, ok },
		{ "wrong signature", after + 64, ok + 1 },
		{ "abort address 0", after + 64, 0 },
		{ "abort address 2", after + 64, 2 },
		{ "abort address in the kernel", after + 64, 0xffffffff81000000ULL },
		{ "abort address non-canonical", after + 64, 0x0000800000000000ULL },
		{ "abort-4 unmapped", after + 64, 0 /* guard page, below */ },
		{ "post_commit_ip == TASK_SIZE", TSZ, ok },
		{ "post_commit_ip in the kernel", 0xffffffff81000000ULL, ok },
		{ "post_commit_ip non-canonical", 0x0000800000000000ULL, ok },
		{ "post_commit_ip below ip, bad abort", 1, 0 },
	};
	unsigned int i;
	int agree = 0;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *why;
		unsigned int mask;
		enum rb_kverdict got;

		fz_setup(f, p);
		xc_pc = cases[i].pc;
		xc_abort = cases[i].abort;
		if (i == 10)
			xc_abort = f->guard_page;
		/* the source the protocol must ignore: a valid-looking lure */
		xc_other = ok;
		if (cases[i].abort == ok)
			xc_other = ok + 1;
		mask = model_expect(p, &f->area, xc_pc, xc_abort,
				    regabort ? xc_abort : xc_other,
				    &f->m, NULL, &why);
		f->n = 1;
		f->gen = gen_fixed;
		fz_run(f);
		got = f->counts[RB_KV_SIGSEGV] ? RB_KV_SIGSEGV :
		      f->counts[RB_KV_RESTART] ? RB_KV_RESTART :
		      f->counts[RB_KV_CLEARED] ? RB_KV_CLEARED : RB_KV_NONE;
		agree += CHECK(f->mismatches == 0 && (mask & (1u << got)),
			       "cross-check %s: %s: kernel %s, model %s (%s)",
			       rb_protos[p].name, cases[i].name,
			       rb_kverdict_name(got),
			       rb_kverdict_name((enum rb_kverdict)
						__builtin_ctz(mask)),
			       why);
		fz_teardown(f);
	}
	(void)agree;
}
