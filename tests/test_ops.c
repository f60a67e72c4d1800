// SPDX-License-Identifier: MIT
/*
 * Single-thread semantics of every (protocol, operation): the result
 * codes, exactly which memory each path writes, that the restartable
 * protocols abort before any store when the cpu check fails and leave
 * their per-thread state disarmed, and that the __rb_seq and __rseq_cs
 * tables the tools and the kernel rely on describe the code.
 *
 * The thread is pinned so that cpu_id stays put: an abort can then only
 * come from the kernel restarting a descriptor sequence it preempted,
 * which is legal and retried, or from the cpu we pass on purpose.
 *
 * Without kernel rseq (an old kernel, qemu-user) the sequences run
 * against the kernel model's area instead (protocols/kemu.h, cpu 0):
 * nothing delivers events then, so every abort is one we asked for,
 * but the sequences, their result codes, the memory they write and
 * the disarm steps are tested all the same, on every architecture.
 */
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "protocols.h"
#include "kemu.h"
#include "op_test.h"
#include "rb_seq.h"
#include "tap.h"

/* What a protocol leaves armed when it returns: registry.h. */
#define DA_NONE RB_DISARM_NONE
#define DA_AREA RB_DISARM_AREA
#define DA_LAZY RB_DISARM_LAZY
#define DA_EAGER RB_DISARM_EAGER

/* Sequence ids: the registry's, built here or not. */
#define T_NSEQ_PROTO RB_NSEQ_IDS
#define T_NOPS RB_NOP

/*
 * One row per protocol, so that the checks below are written once.
 * Taking the address of the always_inline functions gives one
 * out-of-line copy of each, which is the code the checks run.
 */
struct proto {
	const char *name;
	int id;
	enum rb_disarm disarm;
	enum rb_kproto kproto;
	int (*cpu)(const struct rb_tls *t);
	struct rb_op_fns fn;
};

#define T_PROTO_ROW(P)                                                  \
	{ .name = RB_NAME(P), .id = rb_protos[RB_PROTO_##P].seq_id,     \
	  .disarm = rb_protos[RB_PROTO_##P].disarm,                     \
	  .kproto = rb_protos[RB_PROTO_##P].kproto,                     \
	  .cpu = rb_cpu_##P, .fn = RB_OP_FNS(P) },

static const struct proto protos[] = { RB_FOR_EACH_PROTO(T_PROTO_ROW) };
#define T_NPROTOS (sizeof(protos) / sizeof(protos[0]))

static const char *const op_names[T_NOPS] = {
#define T_OP_NAME(op) [RB_OP_ID_##op] = #op,
	RB_FOR_EACH_OP(T_OP_NAME)
#undef T_OP_NAME
};

static struct rb_tls tls;

/* The emulated kernel's area, used when the kernel has no rseq. */
static struct rb_kemu kemu;

/*
 * Per-protocol tallies: aborts we did not ask for, and how often the
 * protocol's state was still armed after each kind of return.
 */
static struct {
	unsigned long stray_aborts;
	/* by outcome: ok, cmpfail, abort */
	unsigned long n[3], armed[3];
	/* descriptor's rseq_cs after commits: set, set but not ours */
	unsigned long lazy_set, lazy_bad;
} tally;

/*
 * The tables the linker collects; the section names are C identifiers.
 * __rseq_cs is empty where every descriptor is inline (arm).
 */
extern const char __start___rseq_cs[] __attribute__((weak));
extern const char __stop___rseq_cs[] __attribute__((weak));

static int outcome_idx(int rc)
{
	return rc == RB_OK ? 0 : rc == RB_CMPFAIL ? 1 : 2;
}

/*
 * descriptor never clears rseq_cs itself, so after a commit it still
 * points at the descriptor: proof that the sequence armed at all.  The
 * kernel may have cleared it since (preemption), which is also fine.
 * Where the descriptor is depends on the shape: the record says.
 */
static void observe_lazy(void)
{
	uint64_t cs = (uint64_t)RB_READ_ONCE(tls.rseq->rseq_cs);
	const struct rb_seq_rec *r;

	if (!cs)
		return;
	tally.lazy_set++;
	for (r = __start___rb_seq; r < __stop___rb_seq; r++)
		if (r->cs == cs)
			return;
	tally.lazy_bad++;
}

static bool is_armed(const struct proto *p)
{
	switch (p->disarm) {
	case DA_AREA:
		return RB_READ_ONCE(tls.area->post_commit_ip) != 0;
	case DA_EAGER:
		return RB_READ_ONCE(tls.rseq->rseq_cs) != 0;
	default:
		/* descriptor is allowed to leave rseq_cs set. */
		return false;
	}
}

static int observe(const struct proto *p, int rc)
{
	int i = outcome_idx(rc);

	tally.n[i]++;
	if (p->disarm == DA_LAZY && rc == RB_OK)
		observe_lazy();
	if (is_armed(p))
		tally.armed[i]++;
	return rc;
}

/* The protocol the cases run on, for observe(). */
static const struct proto *cur;

static int sem_observe(const struct rb_op_sem *s, int rc)
{
	return observe(cur, rc);
}

static void sem_stray_abort(void)
{
	tally.stray_aborts++;
}

/* A cpu the cpu check must reject: the kernel's cpu_id plus one. */
static int wrong_cpu(void)
{
	return (int)RB_READ_ONCE(tls.rseq->cpu_id) + 1;
}

static void test_proto(const struct proto *p)
{
	static const char *const outcome[3] = { "commit", "compare-fail",
						"abort" };
	bool restartable = p->disarm != DA_NONE;
	int i;

	const struct rb_op_sem s = {
		.name = p->name, .fn = &p->fn, .tls = &tls, .cpu = p->cpu,
		.wrong_cpu = wrong_cpu, .observe = sem_observe,
		.stray_abort = sem_stray_abort,
	};

	memset(&tally, 0, sizeof(tally));
	cur = p;
	for (i = 0; i < RB_NOP; i++)
		rb_op_tests[i]->semantics.cases(&s);
	if (restartable) {
		for (i = 0; i < RB_NOP; i++)
			rb_op_tests[i]->semantics.forced_abort(&s);
		if (p->disarm == DA_LAZY)
			NOTE("%s: rseq_cs after a forced abort is %#llx (the kernel clears it lazily; not a failure)",
			     p->name, (unsigned long long)
			     RB_READ_ONCE(tls.rseq->rseq_cs));
	}

	/* Pinned, only the kernel's descriptor restart may abort us. */
	if (p->disarm == DA_LAZY || p->disarm == DA_EAGER) {
		if (tally.stray_aborts)
			NOTE("%s: %lu preemption aborts retried", p->name,
			     tally.stray_aborts);
	} else {
		CHECK(tally.stray_aborts == 0,
		      "%s: no abort unless asked for (got %lu)", p->name,
		      tally.stray_aborts);
	}

	/*
	 * A protocol whose state outlives the sequence makes the kernel
	 * (or, for regabort/twostore, the kernel they were designed for)
	 * restart unrelated code later, so every exit must disarm.
	 */
	if (p->disarm == DA_LAZY)
		CHECK(tally.lazy_set > 0 && tally.lazy_bad == 0,
		      "%s: rseq_cs points at a sequence's descriptor after commits (%lu of %lu, %lu elsewhere)",
		      p->name, tally.lazy_set, tally.n[0], tally.lazy_bad);
	if (p->disarm != DA_AREA && p->disarm != DA_EAGER)
		return;
	for (i = 0; i < 3; i++)
		CHECK(tally.n[i] > 0 && tally.armed[i] == 0,
		      "%s: disarmed after every %s (%lu of %lu left armed)",
		      p->name, outcome[i], tally.armed[i], tally.n[i]);
}

struct cs_rec {
	uint32_t version, flags;
	uint64_t start_ip, post_commit_offset, abort_ip;
};
_Static_assert(sizeof(struct cs_rec) == 32, "struct rseq_cs layout");

/* The row of sequence id id, if this build has it. */
static const struct proto *seq_proto(unsigned int id)
{
	unsigned int i;

	for (i = 0; i < T_NPROTOS; i++)
		if (protos[i].id == (int)id)
			return &protos[i];
	return NULL;
}

static const struct rb_seq_rec *find_rec(const struct rb_seq_rec *r, size_t n,
				      const struct cs_rec *cs)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (r[i].start == cs->start_ip &&
		    r[i].post_commit == cs->start_ip + cs->post_commit_offset &&
		    r[i].abort == cs->abort_ip)
			return &r[i];
	return NULL;
}

static void test_tables(void)
{
	const struct rb_seq_rec *r = __start___rb_seq;
	const struct cs_rec *cs = (const void *)__start___rseq_cs;
	size_t nr = (size_t)(__stop___rb_seq - __start___rb_seq);
	size_t ncs = (size_t)(__stop___rseq_cs - __start___rseq_cs) /
		     sizeof(*cs);
	unsigned int count[T_NSEQ_PROTO][T_NOPS] = { { 0 } };
	unsigned int nsig[T_NSEQ_PROTO] = { 0 }, badsig[T_NSEQ_PROTO] = { 0 };
	unsigned int bad_order = 0, bad_id = 0, bad_abort = 0, bad_fail = 0;
	unsigned int cs_bad = 0, cs_hdr = 0, desc_recs = 0, desc_nocs = 0;
	const struct proto *p;
	uint32_t sig = RB_SIG;
	size_t i;
	unsigned int pid, op;

	CHECK((size_t)((const char *)__stop___rb_seq -
		       (const char *)__start___rb_seq) % sizeof(*r) == 0 &&
	      nr > 0, "__rb_seq: %zu records of %zu bytes", nr, sizeof(*r));
	for (i = 0; i < nr; i++) {
		p = r[i].proto < T_NSEQ_PROTO ? seq_proto(r[i].proto) : NULL;
		if (!p || r[i].op >= T_NOPS) {
			bad_id++;
			continue;
		}
		count[r[i].proto][r[i].op]++;
		if (!(r[i].arm <= r[i].start &&
		      r[i].start <= r[i].post_commit &&
		      r[i].post_commit <= r[i].end))
			bad_order++;
		/*
		 * Only plain has no abort handler; a fail stub exactly
		 * where the compare-fail path must disarm.
		 */
		if ((r[i].abort == 0) != (p->disarm == DA_NONE))
			bad_abort++;
		if ((r[i].fail != 0) !=
		    (p->disarm == DA_AREA || p->disarm == DA_EAGER))
			bad_fail++;
		if (!r[i].abort)
			continue;
		/*
		 * The kernel refuses to restart into an abort handler
		 * inside the critical section or without the signature.
		 */
		if (r[i].abort >= r[i].start && r[i].abort < r[i].post_commit)
			bad_abort++;
		nsig[r[i].proto]++;
		if (memcmp((const void *)(uintptr_t)(r[i].abort - 4), &sig, 4))
			badsig[r[i].proto]++;
	}
	CHECK(bad_id == 0, "__rb_seq: protocol and op ids in range (%u bad)",
	      bad_id);
	CHECK(bad_order == 0,
	      "__rb_seq: arm <= start <= post_commit <= end in every record (%u bad)",
	      bad_order);
	CHECK(bad_abort == 0,
	      "__rb_seq: abort handler present exactly for restartable protocols, outside [start, post_commit) (%u bad)",
	      bad_abort);
	CHECK(bad_fail == 0,
	      "__rb_seq: compare-fail stub present exactly where the fail path disarms (%u bad)",
	      bad_fail);

	for (pid = 0; pid < T_NSEQ_PROTO; pid++) {
		char counts[64];
		bool all = true;

		p = seq_proto(pid);
		if (!p)
			continue;	/* a row not built here */

		counts[0] = '\0';
		for (op = 0; op < T_NOPS; op++) {
			size_t l = strlen(counts);

			snprintf(counts + l, sizeof(counts) - l, "%s%u",
				 op ? "/" : "", count[pid][op]);
			if (!count[pid][op]) {
				all = false;
				NOTE("no __rb_seq record for %s %s",
				     p->name, op_names[op]);
			}
		}
		CHECK(all, "__rb_seq: %s has records for all %d ops (%s)",
		      p->name, T_NOPS, counts);
		if (pid == RB_PROTO_ID_plain)
			continue;
		CHECK(nsig[pid] > 0 && badsig[pid] == 0,
		      "%s: RB_SIG in the 4 bytes before every abort handler (%u of %u bad)",
		      p->name, badsig[pid], nsig[pid]);
	}

	/*
	 * The kernel reads the struct rseq_cs a descriptor sequence
	 * stores: each descriptor record names one (in __rseq_cs or
	 * inline, by its shape) that describes exactly that sequence,
	 * and every one in __rseq_cs belongs to a descriptor record.
	 */
	for (i = 0; i < nr; i++) {
		const struct cs_rec *c;

		p = r[i].proto < T_NSEQ_PROTO ? seq_proto(r[i].proto) : NULL;
		if (!p || p->kproto != RB_KPROTO_DESCRIPTOR) {
			if (r[i].cs)
				desc_nocs++;
			continue;
		}
		desc_recs++;
		c = (const void *)(uintptr_t)r[i].cs;
		if (!c || r[i].cs % 32 || !find_rec(&r[i], 1, c) ||
		    c->version != 0 || c->flags != 0)
			desc_nocs++;
	}
	CHECK(desc_recs > 0 && desc_nocs == 0,
	      "__rb_seq: each of %u descriptor records names its own struct rseq_cs, 32-byte aligned, version 0, flags 0 (%u bad)",
	      desc_recs, desc_nocs);
	CHECK((size_t)(__stop___rseq_cs - __start___rseq_cs) % sizeof(*cs) ==
	      0, "__rseq_cs: %zu descriptors of 32 bytes", ncs);
	for (i = 0; i < ncs; i++) {
		const struct rb_seq_rec *m = find_rec(r, nr, &cs[i]);

		if (cs[i].version != 0 || cs[i].flags != 0)
			cs_hdr++;
		p = m && m->proto < T_NSEQ_PROTO ? seq_proto(m->proto) : NULL;
		if (!p || p->kproto != RB_KPROTO_DESCRIPTOR ||
		    m->cs != (uint64_t)(uintptr_t)&cs[i])
			cs_bad++;
	}
	CHECK(cs_hdr == 0, "__rseq_cs: version 0, flags 0 (%u bad)", cs_hdr);
	CHECK(cs_bad == 0,
	      "__rseq_cs: every descriptor is the one a descriptor record names (%u bad)",
	      cs_bad);
}

int main(void)
{
	enum rb_rseq_owner owner = rb_tls_init(&tls);
	cpu_set_t set;
	int cpu = sched_getcpu();
	unsigned int i;

	char why[96];

	if (!rb_op_tests_complete(why, sizeof(why))) {
		CHECK(0, "test_ops: %s", why);
		return tap_exit();
	}
	NOTE("rseq: %s", rb_tls_describe());
	if (owner == RB_RSEQ_NONE) {
		rb_kemu_init(&kemu, &tls, 0);
		NOTE("no kernel rseq: restartable protocols run on the kernel model's area (cpu 0, no events)");
	}
	CPU_ZERO(&set);
	CPU_SET(cpu < 0 ? 0 : cpu, &set);
	CHECK(sched_setaffinity(0, sizeof(set), &set) == 0,
	      "pinned to cpu %d", cpu);
	if (owner != RB_RSEQ_NONE)
		CHECK((int)tls.rseq->cpu_id == cpu &&
		      rb_cpu_start(&tls) == cpu,
		      "rseq cpu_id and cpu_id_start are the pinned cpu (%u, %d)",
		      tls.rseq->cpu_id, rb_cpu_start(&tls));

	for (i = 0; i < T_NPROTOS; i++) {
		/* Registered as the kernel would be, though nothing preempts. */
		if (owner == RB_RSEQ_NONE)
			rb_kemu_register(&kemu,
					 rb_kemu_proto_for(protos[i].name));
		test_proto(&protos[i]);
	}
	test_tables();
	return tap_exit();
}
