// SPDX-License-Identifier: MIT
/*
 * The ABI fuzz, a part of the guest: for regabort and twostore, one
 * process each, in parallel on the vCPUs, rbfuzz= generated inputs
 * (probes at every kind of post_commit_ip and abort address,
 * unregistrations while armed, registrations with every kind of
 * address, length and flags) from a fixed seed, each outcome against
 * the kernel model's or the ABI's (guest_fuzz_run.c).
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guest_fuzz.h"
#include "rb_clock.h"

static uint64_t splitmix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static uint64_t pick_pc(struct fz *f, uint64_t r, uint64_t r2, uint64_t trap,
			uint64_t after)
{
	switch (r % 20) {
	case 0: return 0;
	case 1: return 1;
	case 2: return trap;
	case 3: return after;
	case 4: return after + 1;
	case 5: return TSZ - 1;
	case 6: return TSZ;
	case 7: return TSZ + 1;
	case 8: return 0xffffffff81000000ULL;
	case 9: return 0x0000800000000000ULL;
	case 10: return 0xffff800000000000ULL;
	case 11: return ~0ULL;
	case 12: return r2;				/* any 64-bit value */
	case 13: return 1 + r2 % trap;			/* below the probe */
	default: return after + 1 + r2 % (TSZ - after - 1); /* above */
	}
}

static uint64_t pick_abort(struct fz *f, uint64_t r, uint64_t r2, uint64_t ok)
{
	switch (r % 24) {
	case 0: return ok + 1;
	case 1: return ok - 1;
	case 2: return (uintptr_t)rb_probe_after;	/* no signature */
	case 3: return 0;
	case 4: return 1 + r2 % 4;			/* 1..4 */
	case 5: return 0xffffffff81000000ULL + (r2 & 0xfff);
	case 6: return 0x0000800000000000ULL + (r2 & 0xfff);
	case 7: return TSZ - (r2 & 7);
	case 8: return TSZ + (r2 & 7);
	case 9: return ~0ULL - (r2 & 7);
	case 10: return f->unmapped + r2 % (1 << 20);	/* unreadable */
	case 11: return f->guard_page + (r2 & 3);	/* abort-4 unreadable */
	case 12: return r2;
	case 13: return (uintptr_t)&f->m + (r2 & 63);	/* data, no signature */
	default: return ok;				/* valid */
	}
}

static uint64_t pick_area(struct fz *f, uint64_t r, uint64_t r2)
{
	uint64_t a2 = (uintptr_t)&f->area2[0];

	switch (r % 16) {
	case 0: return a2 + 8 * (1 + r2 % 7);		/* misaligned */
	case 1: return 0xffffffff81000000ULL + 64 * (r2 & 0xff);
	case 2: return 0x0000800000000000ULL + 64 * (r2 & 0xff);
	case 3: return 0xffff800000000000ULL;
	case 4: return TSZ - 32 * (1 + (r2 & 3));	/* at the top */
	case 5: return f->unmapped + 64 * (r2 % (1 << 14));
	case 6: return f->guard_page - 32;		/* rseq unreadable */
	case 7: return f->guard_page + 4096 - 32;	/* fields unmapped */
	case 8: return f->guard_page + 4096 - 64;	/* fits exactly */
	case 9: return r2 & ~31ULL;
	case 10: return r2;
	case 11: return 0;
	default: return a2;				/* valid */
	}
}

static void gen_random(struct fz *f, long i, struct fz_in *in)
{
	/* the protocol's position, not its registry index: the seeds stay */
	uint64_t s = splitmix((uint64_t)i * 8 +
			      (uint64_t)guest_proto_pos(f->proto) *
			      0x1000000000ULL);
	uint64_t a = splitmix(s + 1), b = splitmix(s + 2), c = splitmix(s + 3);
	uint64_t d = splitmix(s + 4), e = splitmix(s + 5);
	static const uint32_t lens[] = { 0, 8, 16, 16, 16, 28, 31, 32, 33,
					 40, 48, 64, 4096 };
	static const int flags[] = {
		0, RSEQ_FLAG_POST_COMMIT_REGABORT,
		RSEQ_FLAG_POST_COMMIT_TWOSTORE, PC_FLAGS,
		RSEQ_FLAG_UNREGISTER, 1 << 3, 1 << 31,
		RSEQ_FLAG_POST_COMMIT_REGABORT | RSEQ_FLAG_UNREGISTER,
		RSEQ_FLAG_POST_COMMIT_TWOSTORE | (1 << 3),
		RSEQ_FLAG_POST_COMMIT_REGABORT, RSEQ_FLAG_POST_COMMIT_TWOSTORE,
	};
	uint64_t ok, good, other;

	memset(in, 0, sizeof(*in));
	switch ((s >> 58) & 15) {
	case 0:
	case 1:
		in->kind = K_REGISTER;
		in->addr = pick_area(f, a, b);
		in->len = lens[c % (sizeof(lens) / sizeof(lens[0]))];
		in->flags = flags[d % (sizeof(flags) / sizeof(flags[0]))];
		return;
	case 2:
		in->kind = K_UNREG;
		ok = (uintptr_t)rb_unreg_abort;
		in->pc = pick_pc(f, s, e, (uintptr_t)rb_unreg_sys,
				 (uintptr_t)rb_unreg_sys + 2);
		break;
	default:
		in->kind = K_PROBE;
		ok = (uintptr_t)rb_probe_abort;
		in->pc = pick_pc(f, s, e, (uintptr_t)rb_probe_trap,
				 (uintptr_t)rb_probe_after);
		break;
	}
	good = pick_abort(f, a, b, ok);
	other = pick_abort(f, c, a ^ b, ok);
	fz_set_abort(f, in, good, other);
}

/* Kills a child that makes no progress for 20 s (a hang is a failure). */
static void *fz_watchdog(void *arg)
{
	struct fz *f = arg;
	long last = -2;
	int idle = 0;

	for (;;) {
		long cur = RB_READ_ONCE(f->next);
		pid_t c = f->child;

		sleep(1);
		if (cur != last || !c) {
			last = cur;
			idle = 0;
			continue;
		}
		if (++idle >= 20) {
			f->hung++;
			kill(c, SIGKILL);
			idle = 0;
		}
	}
	return NULL;
}

/* Runs in its own process (one per protocol, in parallel). */
static void fuzz_proto(int p, long n)
{
	struct fz *f = fz_state();
	double t0 = rb_now();
	int i;

	pthread_t wd;

	fz_setup(f, p);
	f->n = n;
	f->gen = gen_random;
	pthread_create(&wd, NULL, fz_watchdog, f);
	fz_run(f);
	CHECK(f->mismatches == 0 &&
	      f->counts[0] + f->counts[1] + f->counts[2] + f->counts[3] +
	      f->kinds[K_REGISTER] == n,
	      "fuzz %s: %ld inputs as expected in %.1fs (%ld children, %ld hung)",
	      rb_protos[p].name, n, rb_now() - t0, f->children, f->hung);
	NOTE("fuzz %s: probes %ld + unregister-while-armed %ld: none %ld, restart %ld, SIGSEGV %ld, cleared %ld (%ld with two allowed outcomes)",
	     rb_protos[p].name, f->kinds[K_PROBE], f->kinds[K_UNREG],
	     f->counts[RB_KV_NONE], f->counts[RB_KV_RESTART],
	     f->counts[RB_KV_SIGSEGV], f->counts[RB_KV_CLEARED], f->ambiguous);
	NOTE("fuzz %s: registrations %ld: ok %ld, EINVAL %ld, EFAULT %ld, other %ld",
	     rb_protos[p].name, f->kinds[K_REGISTER], f->reg_ok, f->reg_einval,
	     f->reg_efault, f->reg_other);
	for (i = 0; i < f->nbad; i++)
		NOTE("fuzz %s mismatch: %s", rb_protos[p].name,
		     f->first_bad[i]);
	fz_teardown(f);
}

/* One process per protocol with an area, in parallel on the vCPUs. */
void test_fuzz(long n)
{
	pid_t pids[RB_NPROTO];
	int p;

	guest_for_each_proto(p) {
		if (!guest_proto_flag(p))
			continue;
		pids[p] = fork();
		if (pids[p] == 0) {
			fuzz_proto(p, n);
			fflush(stdout);
			_exit(tap_failed ? 1 : 0);
		}
	}
	guest_for_each_proto(p) {
		int st;

		if (!guest_proto_flag(p))
			continue;
		waitpid(pids[p], &st, 0);
		if (!WIFEXITED(st) || WEXITSTATUS(st))
			tap_failed++;
		if (!WIFEXITED(st))
			printf("not ok - fuzz %s process died (%#x)\n",
			       rb_protos[p].name, st);
	}
}
