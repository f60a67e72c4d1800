// SPDX-License-Identifier: MIT
/*
 * Exhaustive preemption-point verifier.
 *
 * For every restartable (protocol, operation), every instruction
 * boundary of the built sequence [arm, end], the first instruction at
 * the end label included, and of its abort and compare-fail stubs is
 * made a preemption point in turn: a trap is
 * planted there, the operation runs once, and the trap handler acts as
 * the kernel returning to user space after
 *   conflict  another thread on this cpu changed the same data,
 *   migrate   the thread moved to another cpu (data unchanged),
 *   quiet     a preemption with nothing else happening,
 * by applying the kernel model (protocols/kmodel.c through kemu.c) to
 * the interrupted context.  Then the result and the data must say that
 * the operation took effect exactly once, or not at all.
 *
 * Then every pair: a quiet preemption at point i, and a conflict,
 * migration or quiet preemption at every point j reached after it
 * (through a restart too).  A single preemption cannot see a sequence
 * that the first preemption leaves unprotected: a kernel that clears
 * rseq_cs lazily because ip was outside [start, post_commit) protects
 * nothing until the thread re-arms, and only a second event shows it.
 * The first instruction at the end label is a preemption point too: a
 * post-commit range one too long covers it.  And once per sequence,
 * with rseq unregistered (cpu_id = RSEQ_CPU_ID_UNINITIALIZED, as the
 * kernel leaves it), the sequence must abort: a cpu check against
 * cpu_id_start would commit unprotected.
 *
 * Why plant traps instead of single-stepping with the trap flag: a
 * planted breakpoint works on every architecture, including the
 * fixed-width ISAs that will run this under qemu-user, which supports
 * self-modifying code but not hardware single-step; and a trap planted
 * for each preemption, the next one only once the last has fired,
 * gives exactly the preemptions wanted, at known points.
 *
 * All pairs by default, on every architecture (under qemu too: a few
 * seconds).  --pairs=subset, for a slower host, is a stated
 * deterministic subset: j over every point, i over the points where a
 * single quiet preemption made the model act (clear or restart);
 * elsewhere the model leaves the thread as it was, so (i, j) repeats
 * the single run at j.
 *
 * Instruction boundaries come from objdump on /proc/self/exe, not from
 * a hand list, so the code checked is the code that runs.  Each
 * (protocol, operation) has one copy of its sequence in this program,
 * the out-of-line one this file takes the address of, found through
 * its __rb_seq record; tests/ops/<op>.c calls it on the op's model.
 *
 * Every run is single-shot: the operation is called once, without the
 * retry loop, so that RB_ABORT can be checked to have left no trace.
 *
 * With --expect-violations (the mutants, tests/mutants.sh) the first
 * violation ends the run with "KILLED <check> at <instruction>"; a clean
 * run prints "SURVIVED" and fails.
 */
#include <inttypes.h>
#include <setjmp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "protocols.h"
#include "kemu.h"
#include "rb_clock.h"
#include "rb_seq.h"
#include "tap.h"
#include "verify_disasm.h"

#include "op_test.h"

enum v_mode { VM_CONFLICT, VM_MIGRATE, VM_QUIET, VM_N };

/* The cpu the thread runs on, the one it migrates to, and one never. */
#define V_CPU 0
#define V_OTHER_CPU 1
#define V_WRONG_CPU 7
/* cpu_id of a thread without rseq (uapi RSEQ_CPU_ID_UNINITIALIZED). */
#define V_CPU_ID_UNINITIALIZED -1

static const char *const path_names[VP_N] = { "success", "compare-fail",
					      "abort" };
static const char *const mode_names[VM_N] = { "conflict", "migrate",
					      "quiet" };

/* The operation's model data as the run left it, and as it was set up. */
static union {
	uint64_t align;
	void *ptr;
	unsigned char bytes[V_DATA_MAX];
} data, init;

/* The protocols a kernel restarts: plain has nothing to verify. */
#define V_FOR_EACH_PROTO(X) RB_FOR_EACH_RESTARTABLE_PROTO(X)

/*
 * Their operations: the only place this program takes their addresses,
 * so the out-of-line copies are the only copies of the sequences.
 */
#define V_FNS(P) static const struct rb_op_fns v_fns_##P = RB_OP_FNS(P);
V_FOR_EACH_PROTO(V_FNS)

/* One (protocol, operation): its functions and its __rb_seq record. */
struct v_point;

struct v_seq {
	const char *proto;
	int proto_id;
	enum rb_kproto kproto;
	int op_id;
	const struct rb_op_fns *fns;
	const struct rb_seq_rec *rec;
	/* Its preemption points and what the runs found there. */
	struct v_point *points;
	int npoints;
	unsigned int single, pairs, violations;
};

#define V_SEQ_ROW(P, op)                                                \
	{ RB_NAME(P), RB_PROTO_ID_##P, 0, RB_OP_ID_##op, &v_fns_##P, NULL, \
	  NULL, 0, 0, 0, 0 },
#define V_SEQ_ROW_OP(op, id, cmp, P) V_SEQ_ROW(P, op)
#define V_SEQ_ROWS(P) RB_OP_TABLE(V_SEQ_ROW_OP, P)

static struct v_seq seqs[] = { V_FOR_EACH_PROTO(V_SEQ_ROWS) };
/* The first nseqs of seqs[] are verified (--protos keeps some). */
static unsigned int nseqs = sizeof(seqs) / sizeof(seqs[0]);

/* The thread's emulated kernel and areas; the real kernel never sees them. */
static struct rb_kemu kemu;
static struct rb_tls tls;

/* At most this many preemptions in one run. */
#define V_MAX_PRE 2

/* One run, as the trap handler needs it. */
static struct {
	const struct v_seq *seq;
	const struct rb_op_verify *op;
	uint64_t at[V_MAX_PRE];		/* preemption points, in order */
	enum v_mode modes[V_MAX_PRE];
	int npre, done;			/* wanted, taken so far */
	enum rb_kverdict first;		/* the first preemption's verdict */
	uint64_t trap;			/* planted address, 0 when none */
	unsigned int trap_len;		/* bytes planted there */
	unsigned char saved[RB_A_TRAP_LEN];
	bool hit, committed_at_trap, in_run;
	int nconf;
	const char *fatal;		/* check that ended the run early */
	char fatal_detail[96];
	enum rb_kverdict verdict;
	const char *reason;
	sigjmp_buf env;
} run;

static long page_size;

#ifdef RB_A_TRAP_VARLEN
/* The trap fits the instruction it replaces (riscv64: c.ebreak on RVC). */
#define V_TRAP_LEN(a) rb_arch_trap_len((const void *)(uintptr_t)(a))
#define V_TRAP_BYTES(a) rb_arch_trap_bytes((const void *)(uintptr_t)(a))
#else
#define V_TRAP_LEN(a) RB_A_TRAP_LEN
#define V_TRAP_BYTES(a) RB_A_TRAP_BYTES
#endif

static void v_protect(uint64_t addr, int prot)
{
	uint64_t lo = addr & ~(uint64_t)(page_size - 1);
	uint64_t hi = addr + RB_A_TRAP_LEN;

	if (mprotect((void *)(uintptr_t)lo, hi - lo, prot)) {
		perror("verify: mprotect");
		abort();
	}
}

static void v_write_text(uint64_t addr, const void *bytes, unsigned int len)
{
	char *p = (char *)(uintptr_t)addr;

	memcpy(p, bytes, len);
	__builtin___clear_cache(p, p + len);
}

static void v_plant(uint64_t addr)
{
	const char *trap = V_TRAP_BYTES(addr);

	v_protect(addr, PROT_READ | PROT_WRITE | PROT_EXEC);
	run.trap_len = V_TRAP_LEN(addr);
	memcpy(run.saved, (void *)(uintptr_t)addr, run.trap_len);
	v_write_text(addr, trap, run.trap_len);
	run.trap = addr;
}

/* Async-signal-safe: the handler restores the text as it found it. */
static void v_unplant(void)
{
	if (!run.trap)
		return;
	v_write_text(run.trap, run.saved, run.trap_len);
	run.trap = 0;
}

static void v_fatal(const char *check, const char *detail)
{
	run.fatal = check;
	strncpy(run.fatal_detail, detail, sizeof(run.fatal_detail) - 1);
	run.in_run = false;
	siglongjmp(run.env, 1);
}

static void v_on_trap(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	uint64_t ip = rb_arch_uc_ip(uc) - RB_A_TRAP_SKEW;
	struct rb_kmodel_result res = { 0 };
	enum v_mode mode = run.modes[run.done];
	int cpu = mode == VM_MIGRATE ? V_OTHER_CPU : V_CPU;

	(void)sig;
	(void)si;
	if (!run.in_run || ip != run.trap) {
		v_unplant();
		if (!run.in_run)
			abort();
		v_fatal("crash", "trap at an unplanted address");
	}
	rb_arch_uc_set_ip(uc, ip);
	v_unplant();
	if (mode == VM_MIGRATE)
		run.committed_at_trap = run.op->committed(&data, &init);
	if (mode == VM_CONFLICT) {
		run.op->conflict(&data, &init);
		run.nconf++;
	}
	run.verdict = rb_kemu_return_to_user(&kemu, uc, cpu, &res);
	run.reason = res.reason;
	if (!run.done)
		run.first = run.verdict;
	if (run.verdict == RB_KV_SIGSEGV)
		v_fatal("model-sigsegv", "the kernel would kill the thread");
	if (run.verdict == RB_KV_RESTART && res.new_ip != run.seq->rec->abort)
		v_fatal("restart-target",
			"restarted outside this sequence's abort handler");
	if (++run.done < run.npre)
		v_plant(run.at[run.done]);
	else
		run.hit = true;
}

static void v_on_crash(int sig, siginfo_t *si, void *ucv)
{
	(void)si;
	(void)ucv;
	v_unplant();
	if (!run.in_run) {
		signal(sig, SIG_DFL);
		raise(sig);
		return;
	}
	v_fatal("crash", sig == SIGILL ? "SIGILL (signature executed?)" :
			 sig == SIGSEGV ? "SIGSEGV" : "SIGBUS");
}

static void v_signals(void)
{
	struct sigaction sa = { .sa_flags = SA_SIGINFO };
	static const int crash[] = { SIGSEGV, SIGILL, SIGBUS };
	size_t i;

	sigemptyset(&sa.sa_mask);
	sa.sa_sigaction = v_on_trap;
	sigaction(RB_A_TRAP_SIGNAL, &sa, NULL);
	sa.sa_sigaction = v_on_crash;
	/*
	 * Where the trap is itself SIGILL (arm's udf), v_on_trap keeps
	 * it: a SIGILL anywhere but the planted point is still a crash.
	 */
	for (i = 0; i < sizeof(crash) / sizeof(crash[0]); i++)
		if (crash[i] != RB_A_TRAP_SIGNAL)
			sigaction(crash[i], &sa, NULL);
}

/*
 * The abort address a twostore area still holds from a sequence before:
 * another sequence's, so that taking it is visible.
 */
static uint64_t stale_abort_ip[2];
/* The same for the regabort register, from a regabort sequence. */
static uint64_t stale_abort_reg[2];

static uint64_t v_stale(const uint64_t *stale, const struct v_seq *s)
{
	return stale[0] != s->rec->abort ? stale[0] : stale[1];
}

/*
 * Run s's scenario with another sequence's abort address in the
 * regabort register, as a stale one would be there: a sequence that
 * arms before it loads the register must be seen to restart into the
 * wrong handler, not into the right one by the luck of what the last
 * run left in the register (with a one-instruction adr it often did).
 * Nothing else is in that register here: the arguments are already in
 * place and the call is the next thing.
 */
static __attribute__((noinline)) int
v_call(const struct v_seq *s, const struct rb_op_verify *op, void *d,
       const struct v_args *a)
{
	register uintptr_t reg __asm__(RB_REGABORT_REGNAME) =
		(uintptr_t)v_stale(stale_abort_reg, s);

	asm volatile("" : "+r"(reg));
	return op->run(s->fns, &tls, d, a);
}

/* What an outcome-check found: check name and detail, or NULL. */
struct v_verdict {
	const char *check;
	char detail[128];
};

static bool v_rc_allowed(const struct v_seq *s, enum v_path path, int rc)
{
	switch (path) {
	case VP_ABORT:
		return rc == RB_ABORT;
	case VP_CMPFAIL:
		/* The other thread may make the compare succeed (list push). */
		return rc == RB_CMPFAIL || rc == RB_ABORT ||
		       (rc == RB_OK && run.nconf);
	default:
		/* A compare may fail only because the other thread ran. */
		return rc == RB_OK || rc == RB_ABORT ||
		       (rc == RB_CMPFAIL && rb_ops[s->op_id].cmp && run.nconf);
	}
}

/*
 * What the run left armed, read from the area itself, after the model:
 * armed past the sequence, the next event below post_commit_ip would
 * send unrelated code to this sequence's abort handler.  A preemption
 * at or after post_commit_ip before the disarm store disarms lazily
 * (kmodel.h, P3), so a run with one there cannot show a missing
 * disarm, and need not: nothing is left armed.  Every run whose
 * preemptions all come before post_commit_ip still shows it, and the
 * unregistered run, which no preemption touches, shows one missing on
 * the abort path.
 */
static const char *v_disarm_check(const struct v_seq *s)
{
	switch (s->kproto) {
	case RB_KPROTO_REGABORT:
	case RB_KPROTO_TWOSTORE:
		return kemu.area.post_commit_ip ? "disarm" : NULL;
	default:
		break;
	}
	if (s->proto_id == RB_PROTO_ID_descriptor_eager && kemu.rseq.rseq_cs)
		return "disarm";
	return NULL;
}

/*
 * Run s once with npre preemptions: modes[k] at at[k], each planted once
 * the one before has fired.  False when a point was not reached.
 */
static bool v_run(const struct v_seq *s, enum v_path path, int npre,
		  const uint64_t *at, const enum v_mode *modes,
		  struct v_verdict *v)
{
	const struct rb_op_verify *op = &rb_op_tests[s->op_id]->verify;
	struct v_args a;
	volatile int rc = 0;
	const char *check;
	enum v_mode last = modes[npre - 1];
	int k;

	v->check = NULL;
	v->detail[0] = '\0';
	memset(&data, 0, sizeof(data));
	op->setup(&data, path, &a);
	a.cpu = path == VP_ABORT ? V_WRONG_CPU : V_CPU;
	init = data;
	rb_kemu_init(&kemu, &tls, V_CPU);
	rb_kemu_register(&kemu, s->kproto);
	/*
	 * A twostore area keeps the abort_ip of the last sequence that
	 * armed it; quiet runs try the never-armed area (0) instead.
	 */
	kemu.area.abort_ip = last == VM_QUIET ? 0 :
			     v_stale(stale_abort_ip, s);

	memset(&run, 0, sizeof(run));
	run.seq = s;
	run.op = op;
	run.npre = npre;
	for (k = 0; k < npre; k++) {
		run.at[k] = at[k];
		run.modes[k] = modes[k];
	}
	v_plant(at[0]);
	if (sigsetjmp(run.env, 1) == 0) {
		run.in_run = true;
		rc = v_call(s, op, &data, &a);
		run.in_run = false;
	}
	v_unplant();
	for (k = 0; k < npre; k++)
		v_protect(at[k], PROT_READ | PROT_EXEC);
	if (!run.hit && !run.fatal)
		return false;

	if (run.fatal) {
		v->check = run.fatal;
		snprintf(v->detail, sizeof(v->detail), "%s", run.fatal_detail);
	} else if (!v_rc_allowed(s, path, rc)) {
		v->check = "result-code";
		snprintf(v->detail, sizeof(v->detail), "returned %d", rc);
	} else if ((check = op->check(&data, &init, rc, run.nconf, v->detail,
				      sizeof(v->detail)))) {
		v->check = check;
	} else if (last == VM_MIGRATE && rc == RB_OK &&
		   !run.committed_at_trap) {
		v->check = "commit-after-migration";
		snprintf(v->detail, sizeof(v->detail),
			 "committed on cpu %d's data while on cpu %d", V_CPU,
			 V_OTHER_CPU);
	} else if ((check = v_disarm_check(s))) {
		v->check = check;
		snprintf(v->detail, sizeof(v->detail), "left armed");
	}
	/* Back on cpu 0, nothing armed, for the next run. */
	rb_kemu_init(&kemu, &tls, V_CPU);
	return true;
}

/*
 * rseq unregistered: the kernel leaves cpu_id_start 0 and cpu_id
 * RSEQ_CPU_ID_UNINITIALIZED, and nothing would restart the sequence,
 * so it must abort at its cpu check, whatever cpu it read.
 */
static void v_run_unregistered(const struct v_seq *s, struct v_verdict *v)
{
	const struct rb_op_verify *op = &rb_op_tests[s->op_id]->verify;
	struct v_args a;
	volatile int rc = 0;
	const char *check;

	v->check = NULL;
	v->detail[0] = '\0';
	memset(&data, 0, sizeof(data));
	op->setup(&data, VP_SUCCESS, &a);
	a.cpu = V_CPU;
	init = data;
	rb_kemu_init(&kemu, &tls, V_CPU);
	rb_kemu_register(&kemu, s->kproto);
	if (rb_kemu_unregister(&kemu) ||
	    kemu.rseq.cpu_id != (uint32_t)V_CPU_ID_UNINITIALIZED) {
		v->check = "unregister";
		snprintf(v->detail, sizeof(v->detail),
			 "the emulated kernel did not unregister");
		return;
	}
	memset(&run, 0, sizeof(run));
	run.seq = s;
	run.op = op;
	if (sigsetjmp(run.env, 1) == 0) {
		run.in_run = true;
		rc = v_call(s, op, &data, &a);
		run.in_run = false;
	}
	if (run.fatal) {
		v->check = run.fatal;
		snprintf(v->detail, sizeof(v->detail), "%s", run.fatal_detail);
	} else if (rc != RB_ABORT) {
		v->check = "unregistered";
		snprintf(v->detail, sizeof(v->detail),
			 "returned %d with cpu_id %d, want an abort", rc,
			 V_CPU_ID_UNINITIALIZED);
	} else if ((check = op->check(&data, &init, rc, 0, v->detail,
				      sizeof(v->detail)))) {
		v->check = check;
	} else if ((check = v_disarm_check(s))) {
		v->check = check;
		snprintf(v->detail, sizeof(v->detail), "left armed");
	}
	rb_kemu_init(&kemu, &tls, V_CPU);
}

/* Preemption points of one sequence, with how they were reached. */
#define V_MAX_POINTS 256

struct v_point {
	struct vd_insn insn;
	unsigned int reached;	/* runs that hit it, all paths and modes */
	unsigned int acted;	/* quiet preemptions there the model acted on */
};

static struct v_point points[V_MAX_POINTS];
/*
 * The disassembly, read once (objdump is the slow part under qemu):
 * the text from the first sequence to past the last, and the stubs,
 * which are in that text where the arch keeps them inline.
 */
#define V_MAX_TEXT 65536
static struct vd_insn *text, *stubs;
static int ntext, nstubs;

#if defined(__aarch64__) || defined(__arm__) || defined(__powerpc64__)
/* The unconditional branch "b", not b.cond: what ends a stub. */
#define V_IS_JUMP(text) ((text)[0] == 'b' && (text)[1] == ' ')
#else
#define V_IS_JUMP(text) ((text)[0] == 'j')
#endif

/*
 * The stub at addr: from it up to and including its first jump, from
 * the text where the sequence keeps it inline, else from the stub
 * section; -1 when it is in neither, so that no stub goes unchecked.
 */
static int v_add_stub(uint64_t addr, int n)
{
	const struct vd_insn *in = text;
	int i, nin = ntext;

	for (i = 0; i < nin && in[i].addr != addr; i++)
		;
	if (i == nin) {
		in = stubs;
		nin = nstubs;
		for (i = 0; i < nin && in[i].addr != addr; i++)
			;
		if (i == nin)
			return -1;
	}
	for (; i < nin && n < V_MAX_POINTS; i++) {
		points[n++].insn = in[i];
		if (V_IS_JUMP(in[i].text))
			break;
	}
	return n;
}

/* Fill s->points: the sequence, its end instruction and its stubs. */
static int v_points(struct v_seq *s)
{
	const struct rb_seq_rec *r = s->rec;
	int n = 0, i;

	/* Up to and including the first instruction at the end label. */
	for (i = 0; i < ntext && text[i].addr != r->arm; i++)
		;
	memset(points, 0, sizeof(points));
	for (; i < ntext && text[i].addr <= r->end && n < V_MAX_POINTS; i++)
		points[n++].insn = text[i];
	if (n <= 0 || points[n - 1].insn.addr != r->end)
		return -1;
	n = v_add_stub(r->abort, n);
	/* An op without a compare never branches to its fail stub: dead. */
	if (n > 0 && r->fail && rb_ops[s->op_id].cmp)
		n = v_add_stub(r->fail, n);
	if (n <= 0)
		return -1;
	s->points = malloc(sizeof(points[0]) * (size_t)n);
	if (!s->points)
		return -1;
	memcpy(s->points, points, sizeof(points[0]) * (size_t)n);
	s->npoints = n;
	return n;
}

static bool expect_violations;
static bool pairs_subset;
static unsigned long total_points, total_single, total_double;
static unsigned long total_violations;

static void v_report(const struct v_seq *s, int path, int npre,
		     const int *pt, const enum v_mode *modes,
		     const struct v_verdict *v)
{
	const char *why = run.reason ? run.reason : "-";
	const struct vd_insn *at = &s->points[npre ? pt[npre - 1] : 0].insn;
	char first[200] = "";

	if (npre > 1)
		snprintf(first, sizeof(first), "quiet at <%s> %s, then ",
			 s->points[pt[0]].insn.where,
			 s->points[pt[0]].insn.text);
	if (expect_violations) {
		printf("KILLED %s at <%s> %s (%s %s, %s path, %s%s: %s; model: %s, %s)\n",
		       v->check, at->where, at->text, s->proto,
		       rb_ops[s->op_id].name, path < 0 ? "unregistered" :
		       path_names[path], first,
		       npre ? mode_names[modes[npre - 1]] : "no preemption",
		       v->detail, rb_kverdict_name(run.verdict), why);
		exit(0);
	}
	NOTE("violation %s: %s; %s %s, %s path, %s%s at %#" PRIx64
	     " <%s> %s; model: %s (%s)",
	     v->check, v->detail, s->proto, rb_ops[s->op_id].name,
	     path < 0 ? "unregistered" : path_names[path], first,
	     npre ? mode_names[modes[npre - 1]] : "no preemption", at->addr,
	     at->where, at->text, rb_kverdict_name(run.verdict), why);
}

static bool v_path_applies(const struct v_seq *s, enum v_path path)
{
	return path != VP_CMPFAIL || rb_ops[s->op_id].cmp;
}

/* The unregistered run and one preemption at every point. */
static void v_verify_single(struct v_seq *s)
{
	struct v_point *p = s->points;
	enum v_path path;
	enum v_mode mode;
	struct v_verdict v;
	uint64_t at;
	int i;

	v_run_unregistered(s, &v);
	if (v.check) {
		s->violations++;
		v_report(s, -1, 0, NULL, NULL, &v);
	}
	for (i = 0; i < s->npoints; i++) {
		at = p[i].insn.addr;
		for (path = 0; path < VP_N; path++) {
			if (!v_path_applies(s, path))
				continue;
			for (mode = 0; mode < VM_N; mode++) {
				if (!v_run(s, path, 1, &at, &mode, &v))
					continue;
				if (mode == VM_QUIET &&
				    run.verdict != RB_KV_NONE)
					p[i].acted++;
				p[i].reached++;
				s->single++;
				if (!v.check)
					continue;
				s->violations++;
				v_report(s, path, 1, &i, &mode, &v);
			}
		}
	}
}

/*
 * A quiet preemption at i, then each mode at every j reached after it.
 * Under --pairs=subset, i only where the quiet preemption acted: where
 * the model did nothing the thread goes on exactly as if it had not
 * been preempted, so every pair (i, j) repeats the single run at j.
 */
static void v_verify_pairs(struct v_seq *s)
{
	static const enum v_mode quiet_then[VM_N][2] = {
		{ VM_QUIET, VM_CONFLICT }, { VM_QUIET, VM_MIGRATE },
		{ VM_QUIET, VM_QUIET },
	};
	struct v_point *p = s->points;
	enum v_path path;
	struct v_verdict v;
	uint64_t at[2];
	int i, j, m;

	for (i = 0; i < s->npoints; i++) {
		if (pairs_subset && !p[i].acted)
			continue;
		for (path = 0; path < VP_N; path++) {
			if (!v_path_applies(s, path))
				continue;
			for (j = 0; j < s->npoints; j++) {
				at[0] = p[i].insn.addr;
				at[1] = p[j].insn.addr;
				for (m = 0; m < VM_N; m++) {
					if (!v_run(s, path, 2, at,
						   quiet_then[m], &v))
						break;	/* j not reached */
					s->pairs++;
					if (!v.check)
						continue;
					s->violations++;
					v_report(s, path, 2, (int[]){ i, j },
						 quiet_then[m], &v);
				}
			}
		}
	}
}

static void v_summary(const struct v_seq *s)
{
	const char *op = rb_ops[s->op_id].name;
	unsigned int unreached = 0;
	int i;

	for (i = 0; i < s->npoints; i++) {
		if (s->points[i].reached)
			continue;
		unreached++;
		NOTE("%s %s: point %#" PRIx64 " <%s> %s not reached",
		     s->proto, op, s->points[i].insn.addr,
		     s->points[i].insn.where, s->points[i].insn.text);
	}
	CHECK(!s->violations && !unreached,
	      "verify %s %s: %d points, %u single + %u double preemptions, %u violations%s",
	      s->proto, op, s->npoints, s->single, s->pairs, s->violations,
	      unreached ? ", some points not reached" : "");
}

/* Exactly one record per sequence: the scenario function's own. */
static bool v_find_records(void)
{
	unsigned int i, count;
	bool ok = true;

	for (i = 0; i < nseqs; i++) {
		seqs[i].kproto = rb_kemu_proto_for(seqs[i].proto);
		count = rb_seq_find((uint32_t)seqs[i].proto_id,
				    (uint32_t)seqs[i].op_id, &seqs[i].rec);
		if (count != 1) {
			printf("not ok - %s %s: %u __rb_seq records, want 1\n",
			       seqs[i].proto, rb_ops[seqs[i].op_id].name,
			       count);
			ok = false;
		}
	}
	return ok;
}

/*
 * The stub section holds the stubs every OUTLINE shape keeps out of
 * line (none where the architecture keeps them all inline); the
 * INLINE shapes' stubs follow their sequence in the text.
 */
extern const char __start___rseq_failure[] __attribute__((weak));
extern const char __stop___rseq_failure[] __attribute__((weak));

static bool v_inline(uint64_t stub)
{
	return stub && (stub < (uint64_t)(uintptr_t)__start___rseq_failure ||
			stub >= (uint64_t)(uintptr_t)__stop___rseq_failure);
}

/* From the first sequence to past the last one's end and inline stubs. */
static uint64_t v_text_lo(void)
{
	uint64_t lo = UINT64_MAX;
	unsigned int i;

	for (i = 0; i < nseqs; i++)
		if (seqs[i].rec->arm < lo)
			lo = seqs[i].rec->arm;
	return lo;
}

static uint64_t v_text_hi(void)
{
	uint64_t hi = 0, at;
	unsigned int i;

	for (i = 0; i < nseqs; i++) {
		at = seqs[i].rec->end + 16;
		if (v_inline(seqs[i].rec->abort) &&
		    seqs[i].rec->abort + 64 > at)
			at = seqs[i].rec->abort + 64;
		if (v_inline(seqs[i].rec->fail) && seqs[i].rec->fail + 64 > at)
			at = seqs[i].rec->fail + 64;
		if (at > hi)
			hi = at;
	}
	return hi;
}

/*
 * --protos=a,b: verify only those protocols' sequences (the mutants
 * check the sensitivity rows apart, so that a kill in a main row does
 * not hide a shape the verifier cannot see into).
 */
static bool v_keep_protos(const char *list)
{
	unsigned int i, kept = 0;
	size_t len;
	const char *at;

	for (i = 0; i < nseqs; i++) {
		len = strlen(seqs[i].proto);
		for (at = strstr(list, seqs[i].proto); at;
		     at = strstr(at + 1, seqs[i].proto))
			if ((at == list || at[-1] == ',') &&
			    (at[len] == ',' || at[len] == '\0'))
				break;
		if (at)
			seqs[kept++] = seqs[i];
	}
	if (!kept)
		fprintf(stderr, "verify: --protos=%s: no such protocol here\n",
			list);
	nseqs = kept;
	return kept > 0;
}

int main(int argc, char **argv)
{
	double t0, t1;
	unsigned int i;
	char why[96];

	int arg;

	for (arg = 1; arg < argc; arg++) {
		if (!strcmp(argv[arg], "--expect-violations")) {
			expect_violations = true;
		} else if (!strcmp(argv[arg], "--pairs=all")) {
			pairs_subset = false;
		} else if (!strcmp(argv[arg], "--pairs=subset")) {
			pairs_subset = true;
		} else if (!strncmp(argv[arg], "--protos=", 9)) {
			if (!v_keep_protos(argv[arg] + 9))
				return 2;
		} else {
			fprintf(stderr, "verify: unknown argument '%s'\n",
				argv[arg]);
			return 2;
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	t0 = rb_now();
	if (!rb_op_tests_complete(why, sizeof(why))) {
		CHECK(0, "verify: %s", why);
		return tap_exit();
	}
	page_size = sysconf(_SC_PAGESIZE);
	if (!v_find_records())
		return 1;
	text = calloc(V_MAX_TEXT, sizeof(*text));
	if (!text)
		return 1;
	ntext = vd_disasm(v_text_lo(), v_text_hi(), text, V_MAX_TEXT);
	if (ntext <= 0) {
		printf("not ok - verify: cannot disassemble the sequences\n");
		return 1;
	}
	if ((uintptr_t)__stop___rseq_failure >
	    (uintptr_t)__start___rseq_failure) {
		stubs = calloc(V_MAX_TEXT, sizeof(*stubs));
		if (!stubs)
			return 1;
		nstubs = vd_disasm((uint64_t)(uintptr_t)__start___rseq_failure,
				   (uint64_t)(uintptr_t)__stop___rseq_failure,
				   stubs, V_MAX_TEXT);
		if (nstubs <= 0) {
			printf("not ok - verify: cannot disassemble the stubs\n");
			return 1;
		}
	}
	for (i = 0; i < nseqs; i++)
		if (seqs[i].kproto == RB_KPROTO_TWOSTORE)
			stale_abort_ip[seqs[i].op_id != RB_OP_ID_addv] =
				seqs[i].rec->abort;
		else if (seqs[i].kproto == RB_KPROTO_REGABORT)
			stale_abort_reg[seqs[i].op_id != RB_OP_ID_addv] =
				seqs[i].rec->abort;
	v_signals();
	for (i = 0; i < nseqs; i++) {
		if (v_points(&seqs[i]) < 0) {
			CHECK(0, "verify %s %s: no disassembly", seqs[i].proto,
			      rb_ops[seqs[i].op_id].name);
			return tap_exit();
		}
	}
	/* Every single preemption first: most bugs show there, soonest. */
	for (i = 0; i < nseqs; i++)
		v_verify_single(&seqs[i]);
	for (i = 0; i < nseqs; i++)
		v_verify_pairs(&seqs[i]);
	for (i = 0; i < nseqs; i++) {
		v_summary(&seqs[i]);
		total_points += seqs[i].npoints;
		total_single += seqs[i].single;
		total_double += seqs[i].pairs;
		total_violations += seqs[i].violations;
	}
	t1 = rb_now();
	if (expect_violations) {
		printf("SURVIVED %lu points, %lu single + %lu double preemptions\n",
		       total_points, total_single, total_double);
		return 1;
	}
	NOTE("verify: %lu points, %lu single + %lu double preemptions (%s pairs), %lu violations, %.2f s",
	     total_points, total_single, total_double,
	     pairs_subset ? "a subset of" : "all", total_violations, t1 - t0);
	return tap_exit();
}
