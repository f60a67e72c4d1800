// SPDX-License-Identifier: MIT
/*
 * The kernel model against hand-built cases: every rule of kmodel.h,
 * each in its taken and not-taken form, over a fake user memory whose
 * every byte is known.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "kemu.h"
#include "kmodel.h"
#include "rb_asm.h"
#include "rb_tls.h"
#include "tap.h"

#define BASE 0x10000ULL
#define SIZE 0x1000
#define SIG 0x53053053U
#define TASK 0x00007ffffffff000ULL

static unsigned char mem[SIZE];

/* Stores into [ro_lo, ro_hi) fault; every store that lands is counted. */
static uint64_t ro_lo, ro_hi;
static unsigned int nwrites;

static int fake_read(void *ctx, uint64_t a, void *buf, unsigned int len)
{
	(void)ctx;
	if (a < BASE || a + len > BASE + SIZE)
		return -1;
	memcpy(buf, mem + (a - BASE), len);
	return 0;
}

static int fake_write(void *ctx, uint64_t a, const void *buf,
		      unsigned int len)
{
	(void)ctx;
	if (a < BASE || a + len > BASE + SIZE)
		return -1;
	if (a < ro_hi && a + len > ro_lo)
		return -1;
	memcpy(mem + (a - BASE), buf, len);
	nwrites++;
	return 0;
}

static const struct rb_kmodel_mem fmem = {
	.read = fake_read, .write = fake_write, .task_size = TASK,
};

static void put64(uint64_t a, uint64_t v)
{
	memcpy(mem + (a - BASE), &v, 8);
}

static uint64_t get64(uint64_t a)
{
	uint64_t v;

	memcpy(&v, mem + (a - BASE), 8);
	return v;
}

static void put32(uint64_t a, uint32_t v)
{
	memcpy(mem + (a - BASE), &v, 4);
}

static uint32_t get32(uint64_t a)
{
	uint32_t v;

	memcpy(&v, mem + (a - BASE), 4);
	return v;
}

/* Layout: rseq area at BASE, descriptor at +0x100, code at +0x800. */
#define RSEQ (BASE)
#define AREA (BASE + 0x40)
#define CS (BASE + 0x100)
#define START (BASE + 0x800)
#define POST (START + 0x20)
#define ABORT (BASE + 0x900)

static void reset(void)
{
	memset(mem, 0, sizeof(mem));
	ro_lo = ro_hi = 0;
	nwrites = 0;
	put32(ABORT - 4, SIG);
	/* descriptor: version 0, flags 0, start, offset, abort */
	put64(CS + 8, START);
	put64(CS + 16, POST - START);
	put64(CS + 24, ABORT);
}

static struct rb_kmodel_result run(enum rb_kproto p, uint64_t ip,
				   uint64_t reg, int event)
{
	struct rb_kmodel_thread t = {
		.proto = p, .sig = SIG,
		.area = p == RB_KPROTO_DESCRIPTOR ? RSEQ : AREA,
	};
	struct rb_kmodel_regs r = { .ip = ip, .regabort = reg,
				    .event = event };
	struct rb_kmodel_result res;

	rb_kmodel_fixup(&t, &r, &fmem, &res);
	return res;
}

static void test_descriptor(void)
{
	struct rb_kmodel_result r;
	const enum rb_kproto d = RB_KPROTO_DESCRIPTOR;

	reset();
	r = run(d, START + 4, 0, 1);
	CHECK(r.verdict == RB_KV_NONE, "descriptor: rseq_cs NULL: no action");

	put64(RSEQ + 8, CS);
	r = run(d, START + 4, 0, 1);
	CHECK(r.verdict == RB_KV_RESTART && r.new_ip == ABORT &&
	      get64(RSEQ + 8) == 0, "descriptor: in range + event: restart "
	      "at abort_ip, rseq_cs cleared (%s)", r.reason);
	put64(RSEQ + 8, CS);
	r = run(d, START, 0, 1);
	CHECK(r.verdict == RB_KV_RESTART, "descriptor: ip == start_ip is in");
	put64(RSEQ + 8, CS);
	r = run(d, POST, 0, 1);
	CHECK(r.verdict == RB_KV_CLEARED && get64(RSEQ + 8) == 0,
	      "descriptor: ip == post_commit_ip is out: lazy clear only");
	put64(RSEQ + 8, CS);
	r = run(d, START - 1, 0, 1);
	CHECK(r.verdict == RB_KV_CLEARED, "descriptor: ip below start: clear");
	put64(RSEQ + 8, CS);
	r = run(d, START + 4, 0, 0);
	CHECK(r.verdict == RB_KV_NONE && get64(RSEQ + 8) == CS,
	      "descriptor: in range, no event: nothing, not cleared");

	put64(RSEQ + 8, CS);
	put32(ABORT - 4, SIG + 1);
	r = run(d, START + 4, 0, 1);
	CHECK(r.verdict == RB_KV_SIGSEGV, "descriptor: bad signature: "
	      "SIGSEGV (%s)", r.reason);
	r = run(d, START - 64, 0, 1);
	CHECK(r.verdict == RB_KV_SIGSEGV, "descriptor: bad signature is "
	      "SIGSEGV even with ip outside the range (mainline order)");
	reset();

	put64(RSEQ + 8, TASK + 64);
	r = run(d, START, 0, 1);
	CHECK(r.verdict == RB_KV_SIGSEGV, "descriptor: pointer above "
	      "user space: SIGSEGV");
	put64(RSEQ + 8, BASE + SIZE + 64);
	r = run(d, START, 0, 1);
	CHECK(r.verdict == RB_KV_SIGSEGV, "descriptor: unmapped "
	      "descriptor: SIGSEGV");
	put64(RSEQ + 8, CS);
	put32(CS, 1);
	r = run(d, START, 0, 1);
	CHECK(r.verdict == RB_KV_SIGSEGV, "descriptor: version 1: SIGSEGV");
	put32(CS, 0);
	put32(CS + 4, 1);
	r = run(d, START, 0, 1);
	CHECK(r.verdict == RB_KV_SIGSEGV, "descriptor: flags != 0: SIGSEGV");
	put32(CS + 4, 0);
	put64(CS + 24, START + 8);
	r = run(d, START, 0, 1);
	CHECK(r.verdict == RB_KV_SIGSEGV, "descriptor: abort_ip inside the "
	      "sequence: SIGSEGV");
	put64(CS + 24, ABORT);
	put64(CS + 16, ~0ULL - START + 2);
	r = run(d, START, 0, 1);
	CHECK(r.verdict == RB_KV_SIGSEGV, "descriptor: start + offset "
	      "wraps: SIGSEGV");
	put64(CS + 16, POST - START);
	put64(CS + 24, 2);
	r = run(d, START, 0, 1);
	CHECK(r.verdict == RB_KV_SIGSEGV, "descriptor: abort_ip < 4: SIGSEGV");
}

static void test_post_commit(enum rb_kproto p, const char *name)
{
	struct rb_kmodel_result r;
	uint64_t reg = p == RB_KPROTO_REGABORT ? ABORT : 0;

	reset();
	if (p == RB_KPROTO_TWOSTORE)
		put64(AREA, ABORT);
	r = run(p, START + 4, reg, 1);
	CHECK(r.verdict == RB_KV_NONE, "%s: not armed: no action", name);

	put64(AREA + 8, POST);
	r = run(p, START + 4, reg, 1);
	CHECK(r.verdict == RB_KV_RESTART && r.new_ip == ABORT &&
	      get64(AREA + 8) == 0, "%s: armed, ip < post_commit, event: "
	      "restart, post_commit_ip cleared (%s)", name, r.reason);
	put64(AREA + 8, POST);
	r = run(p, BASE + 0x10, reg, 1);
	CHECK(r.verdict == RB_KV_RESTART, "%s: no start address: any ip "
	      "below post_commit_ip restarts", name);
	put64(AREA + 8, POST);
	r = run(p, POST, reg, 1);
	CHECK(r.verdict == RB_KV_CLEARED && get64(AREA + 8) == 0 &&
	      r.cleared == AREA + 8 && !r.new_ip, "%s: ip == "
	      "post_commit_ip: committed, lazy disarm, ip kept (%s)", name,
	      r.reason);
	put64(AREA + 8, POST);
	r = run(p, START, reg, 0);
	CHECK(r.verdict == RB_KV_NONE, "%s: armed, no event: nothing", name);

	if (p == RB_KPROTO_REGABORT) {
		put64(AREA + 8, POST);
		r = run(p, START, ABORT + 8, 1);
		CHECK(r.verdict == RB_KV_SIGSEGV, "regabort: register points "
		      "past the signature: SIGSEGV (%s)", r.reason);
		put64(AREA + 8, POST);
		r = run(p, START, TASK + 8, 1);
		CHECK(r.verdict == RB_KV_SIGSEGV, "regabort: register above "
		      "user space: SIGSEGV");
		put64(AREA + 8, POST);
		r = run(p, START, 0, 1);
		CHECK(r.verdict == RB_KV_SIGSEGV, "regabort: register 0: "
		      "SIGSEGV");
		put64(AREA + 8, POST);
		r = run(p, START, ABORT, 1);
		CHECK(r.verdict == RB_KV_RESTART, "regabort: the abort address "
		      "comes from the register, not the area");
	} else {
		put64(AREA + 8, POST);
		put64(AREA, 0);
		r = run(p, START, 0, 1);
		CHECK(r.verdict == RB_KV_SIGSEGV, "twostore: abort_ip 0 "
		      "(stale arm order): SIGSEGV");
		put64(AREA + 8, POST);
		put64(AREA, ABORT + 4);
		r = run(p, START, 0, 1);
		CHECK(r.verdict == RB_KV_SIGSEGV, "twostore: abort_ip without "
		      "signature: SIGSEGV");
		put64(AREA, ABORT);
		put64(AREA + 8, POST);
		r = run(p, START, 0xdead, 1);
		CHECK(r.verdict == RB_KV_RESTART && r.new_ip == ABORT,
		      "twostore: abort address from the area, register "
		      "ignored");
	}
	put64(AREA + 8, TASK + 0x1000);
	r = run(p, START, reg, 1);
	CHECK(r.verdict == RB_KV_SIGSEGV, "%s: post_commit_ip above user "
	      "space: SIGSEGV", name);
	{
		struct rb_kmodel_thread t = { .proto = p, .sig = SIG,
					      .area = BASE + SIZE + 0x100 };
		struct rb_kmodel_regs rg = { .ip = START, .regabort = reg,
					     .event = 1 };

		rb_kmodel_fixup(&t, &rg, &fmem, &r);
		CHECK(r.verdict == RB_KV_SIGSEGV, "%s: unmapped area: SIGSEGV",
		      name);
	}
}


/*
 * One function per rule the model takes from mainline 6.12; each
 * check is named after its rule so that breaking the rule in kmodel.c
 * shows up as "not ok - rule N ...".
 */
#define FLAGS (RSEQ + RB_KMODEL_RSEQ_FLAGS)

static struct rb_kmodel_task new_task(enum rb_kproto p)
{
	struct rb_kmodel_task tk = {
		.t = { .proto = p, .sig = SIG,
		       .area = p == RB_KPROTO_DESCRIPTOR ? RSEQ : AREA },
		.rseq = RSEQ, .cpu = 3, .node_id = 1, .mm_cid = 2,
	};

	return tk;
}

static struct rb_kmodel_result resume(struct rb_kmodel_task *tk,
				      uint64_t ip, uint64_t reg)
{
	struct rb_kmodel_regs r = { .ip = ip, .regabort = reg };
	struct rb_kmodel_result res;

	rb_kmodel_notify_resume(tk, &r, &fmem, &res);
	return res;
}

/* rseq_need_restart(): the descriptor's flags only inside the sequence. */
static void test_rule1_cs_flags(void)
{
	const enum rb_kproto d = RB_KPROTO_DESCRIPTOR;
	struct rb_kmodel_task tk;
	struct rb_kmodel_result r;

	reset();
	put64(RSEQ + 8, CS);
	put32(CS + 4, RB_KEVENT_PREEMPT);
	r = run(d, START - 1, 0, 1);
	CHECK(r.verdict == RB_KV_CLEARED && get64(RSEQ + 8) == 0 && !r.warn,
	      "rule 1: rseq_cs.flags != 0, ip outside: lazy clear, no "
	      "check (%s)", r.reason);
	put64(RSEQ + 8, CS);
	r = run(d, START + 4, 0, 1);
	CHECK(r.verdict == RB_KV_SIGSEGV && r.warn == RB_KWARN_DEPRECATED &&
	      get64(RSEQ + 8) == CS, "rule 1: deprecated NO_RESTART flag "
	      "inside: warned as deprecated, SIGSEGV, rseq_cs kept");
	put32(CS + 4, 8);
	r = run(d, START + 4, 0, 1);
	CHECK(r.verdict == RB_KV_SIGSEGV && r.warn == RB_KWARN_UNKNOWN,
	      "rule 1: unknown flag inside: warned as unknown, SIGSEGV");
	put32(CS + 4, 8 | RB_KEVENT_MIGRATE);
	r = run(d, START + 4, 0, 1);
	CHECK(r.verdict == RB_KV_SIGSEGV &&
	      r.warn == (RB_KWARN_DEPRECATED | RB_KWARN_UNKNOWN),
	      "rule 1: deprecated and unknown flags: both warnings");
	r = run(d, START + 4, 0, 1);
	CHECK(r.verdict == RB_KV_SIGSEGV, "rule 1: only the warning is "
	      "once: the SIGSEGV comes every time");

	tk = new_task(d);
	put32(CS + 4, RB_KEVENT_SIGNAL);
	r = resume(&tk, START + 4, 0);
	CHECK(r.verdict == RB_KV_SIGSEGV && !r.consumed,
	      "rule 1: flags are checked before the event mask: SIGSEGV "
	      "with no event, mask not consumed");
	put32(CS + 4, 0);
	put32(CS, 1);
	r = run(d, START - 1, 0, 1);
	CHECK(r.verdict == RB_KV_SIGSEGV, "rule 1: the version is checked "
	      "before the range (rseq_get_rseq_cs): SIGSEGV outside too");
}

/* rseq_need_restart(): struct rseq.flags, after the descriptor's. */
static void test_rule2_rseq_flags(void)
{
	const enum rb_kproto d = RB_KPROTO_DESCRIPTOR;
	struct rb_kmodel_thread t = { .proto = d, .sig = SIG,
				      .area = BASE + SIZE - 16 };
	struct rb_kmodel_regs rg = { .ip = START + 4, .event = true };
	struct rb_kmodel_result r;

	reset();
	put64(RSEQ + 8, CS);
	put32(FLAGS, RB_KEVENT_PREEMPT);
	r = run(d, START + 4, 0, 1);
	CHECK(r.verdict == RB_KV_SIGSEGV && r.warn == RB_KWARN_DEPRECATED &&
	      get64(RSEQ + 8) == CS, "rule 2: struct rseq.flags "
	      "NO_RESTART_ON_PREEMPT inside: deprecated, SIGSEGV (%s)",
	      r.reason);
	put32(FLAGS, 0x10);
	r = run(d, START + 4, 0, 1);
	CHECK(r.verdict == RB_KV_SIGSEGV && r.warn == RB_KWARN_UNKNOWN,
	      "rule 2: struct rseq.flags unknown bit inside: SIGSEGV");
	put32(FLAGS, 0x10);
	r = run(d, START + 4, 0, 0);
	CHECK(r.verdict == RB_KV_SIGSEGV, "rule 2: struct rseq.flags is "
	      "checked before the event");
	put64(RSEQ + 8, CS);
	r = run(d, START - 1, 0, 1);
	CHECK(r.verdict == RB_KV_CLEARED && !r.warn, "rule 2: struct "
	      "rseq.flags set, ip outside: not read, lazy clear");
	put64(RSEQ + 8, CS);
	put32(FLAGS, 0x10);
	put32(CS + 4, RB_KEVENT_SIGNAL);
	r = run(d, START + 4, 0, 1);
	CHECK(r.verdict == RB_KV_SIGSEGV && r.warn == RB_KWARN_DEPRECATED,
	      "rule 2: rseq_cs.flags decides first (%s)", r.reason);

	/* A struct rseq whose flags word is past the end of the mapping. */
	reset();
	put64(BASE + SIZE - 8, CS);
	rb_kmodel_fixup(&t, &rg, &fmem, &r);
	CHECK(r.verdict == RB_KV_SIGSEGV, "rule 2: struct rseq.flags "
	      "unreadable inside the sequence: SIGSEGV (%s)", r.reason);
	rg.ip = START - 1;
	rb_kmodel_fixup(&t, &rg, &fmem, &r);
	CHECK(r.verdict == RB_KV_CLEARED, "rule 2: ... and not read with "
	      "ip outside: lazy clear");
}

/* rseq_get_rseq_cs() + clear_rseq_cs(): NULL is stored back. */
static void test_rule3_null_rseq_cs(void)
{
	const enum rb_kproto d = RB_KPROTO_DESCRIPTOR;
	struct rb_kmodel_result r;

	reset();
	r = run(d, START + 4, 0, 1);
	CHECK(r.verdict == RB_KV_NONE && r.cleared == RSEQ + 8 &&
	      nwrites == 1, "rule 3: rseq_cs NULL: 0 stored over it, "
	      "nothing else (%s)", r.reason);
	ro_lo = RSEQ + 8;
	ro_hi = RSEQ + 16;
	r = run(d, START + 4, 0, 1);
	CHECK(r.verdict == RB_KV_SIGSEGV, "rule 3: rseq_cs NULL in a "
	      "read-only struct rseq: the store faults, SIGSEGV");
	reset();
	r = run(RB_KPROTO_REGABORT, START + 4, ABORT, 1);
	CHECK(r.verdict == RB_KV_NONE && !nwrites && !r.cleared,
	      "rule 3: regabort not armed: nothing stored (the patches "
	      "return at once)");
}

/* rseq_need_restart(): the event mask is consumed, inside only. */
static void test_rule4_event_mask(void)
{
	const enum rb_kproto d = RB_KPROTO_DESCRIPTOR;
	struct rb_kmodel_task tk = new_task(d);
	struct rb_kmodel_result r;

	reset();
	put64(RSEQ + 8, CS);
	r = resume(&tk, START + 4, 0);
	CHECK(r.verdict == RB_KV_NONE && get64(RSEQ + 8) == CS &&
	      !r.consumed, "rule 4: inside, empty mask: nothing, rseq_cs "
	      "kept (%s)", r.reason);
	tk.event_mask = RB_KEVENT_PREEMPT | RB_KEVENT_MIGRATE;
	r = resume(&tk, START + 4, 0);
	CHECK(r.verdict == RB_KV_RESTART && r.new_ip == ABORT &&
	      r.consumed == (RB_KEVENT_PREEMPT | RB_KEVENT_MIGRATE) &&
	      !tk.event_mask, "rule 4: inside after preempt+migrate: "
	      "restart, mask read and zeroed");
	put64(RSEQ + 8, CS);
	r = resume(&tk, START + 4, 0);
	CHECK(r.verdict == RB_KV_NONE && get64(RSEQ + 8) == CS,
	      "rule 4: the consumed mask does not restart twice");
	tk.event_mask = RB_KEVENT_SIGNAL;
	r = resume(&tk, START - 1, 0);
	CHECK(r.verdict == RB_KV_CLEARED && !r.consumed &&
	      tk.event_mask == RB_KEVENT_SIGNAL, "rule 4: outside: lazy "
	      "clear, mask left set");
	put64(RSEQ + 8, CS);
	r = resume(&tk, START + 4, 0);
	CHECK(r.verdict == RB_KV_RESTART && r.consumed == RB_KEVENT_SIGNAL,
	      "rule 4: the left mask restarts a later sequence on a return "
	      "with no new event");
	reset();
	r = resume(&tk, START + 4, 0);
	CHECK(r.verdict == RB_KV_NONE && !tk.event_mask && !r.consumed,
	      "rule 4: rseq_cs NULL consumes nothing");

	r = run(d, START + 4, 0, 0);
	CHECK(!r.consumed, "rule 4: rb_kmodel_fixup, regs.event false: "
	      "nothing consumed");

	reset();
	tk = new_task(RB_KPROTO_REGABORT);
	put64(AREA + 8, POST);
	r = resume(&tk, START + 4, ABORT);
	CHECK(r.verdict == RB_KV_NONE && get64(AREA + 8) == POST,
	      "rule 4: regabort armed, empty mask: nothing");
	tk.event_mask = RB_KEVENT_PREEMPT;
	r = resume(&tk, POST, ABORT);
	CHECK(r.verdict == RB_KV_CLEARED && !tk.event_mask &&
	      r.consumed == RB_KEVENT_PREEMPT && !get64(AREA + 8),
	      "rule 4: regabort at post_commit_ip: the lazy disarm "
	      "consumes the mask");
	put64(AREA + 8, POST);
	tk.event_mask = RB_KEVENT_PREEMPT;
	r = resume(&tk, START + 4, ABORT);
	CHECK(r.verdict == RB_KV_RESTART && !tk.event_mask,
	      "rule 4: regabort below post_commit_ip: restart, consumed");
	tk = new_task(RB_KPROTO_TWOSTORE);
	tk.event_mask = RB_KEVENT_PREEMPT;
	put64(AREA + 8, POST);
	r = resume(&tk, START + 4, 0);
	CHECK(r.verdict == RB_KV_SIGSEGV && !tk.event_mask,
	      "rule 4: twostore consumes before checking abort_ip, as "
	      "the patches do");
}

/* rseq_syscall(): CONFIG_DEBUG_RSEQ's kill at system call exit. */
static void test_rule5_syscall(void)
{
	struct rb_kmodel_task tk = new_task(RB_KPROTO_DESCRIPTOR);
	struct rb_kmodel_result r;

	reset();
	rb_kmodel_syscall(&tk, START + 4, &fmem, &r);
	CHECK(r.verdict == RB_KV_NONE, "rule 5: rseq_cs NULL: no kill");
	put64(RSEQ + 8, CS);
	tk.event_mask = RB_KEVENT_PREEMPT;
	rb_kmodel_syscall(&tk, START + 4, &fmem, &r);
	CHECK(r.verdict == RB_KV_SIGSEGV && get64(RSEQ + 8) == CS &&
	      !nwrites && tk.event_mask == RB_KEVENT_PREEMPT,
	      "rule 5: system call inside the sequence: SIGSEGV, nothing "
	      "written or consumed (%s)", r.reason);
	rb_kmodel_syscall(&tk, START, &fmem, &r);
	CHECK(r.verdict == RB_KV_SIGSEGV, "rule 5: at start_ip: SIGSEGV");
	rb_kmodel_syscall(&tk, POST, &fmem, &r);
	CHECK(r.verdict == RB_KV_NONE && get64(RSEQ + 8) == CS && !nwrites,
	      "rule 5: at post_commit_ip: no kill, no lazy clear");
	put32(CS + 4, 8);
	put32(FLAGS, 8);
	rb_kmodel_syscall(&tk, START - 1, &fmem, &r);
	CHECK(r.verdict == RB_KV_NONE, "rule 5: neither flags field is "
	      "looked at");
	put32(ABORT - 4, SIG + 1);
	rb_kmodel_syscall(&tk, START - 1, &fmem, &r);
	CHECK(r.verdict == RB_KV_SIGSEGV, "rule 5: a descriptor "
	      "rseq_get_rseq_cs() rejects kills even outside");
	tk.rseq = 0;
	rb_kmodel_syscall(&tk, START + 4, &fmem, &r);
	CHECK(r.verdict == RB_KV_NONE, "rule 5: not registered: no check");

	reset();
	tk = new_task(RB_KPROTO_REGABORT);
	put64(AREA + 8, POST);
	rb_kmodel_syscall(&tk, START + 4, &fmem, &r);
	CHECK(r.verdict == RB_KV_SIGSEGV, "rule 5: regabort armed, ip "
	      "below post_commit_ip: caught (%s)", r.reason);
}

/* rseq_update_cpu_node_id(): all four ids after the fixup. */
static void test_rule6_publish(void)
{
	struct rb_kmodel_task tk = new_task(RB_KPROTO_DESCRIPTOR);
	struct rb_kmodel_result r;

	reset();
	put64(RSEQ + 8, CS);
	tk.event_mask = RB_KEVENT_PREEMPT;
	r = resume(&tk, START + 4, 0);
	CHECK(r.verdict == RB_KV_RESTART && r.published &&
	      get32(RSEQ) == 3 && get32(RSEQ + 4) == 3 &&
	      get32(RSEQ + 20) == 1 && get32(RSEQ + 24) == 2 &&
	      !get32(FLAGS), "rule 6: after a restart: cpu_id_start, "
	      "cpu_id, node_id, mm_cid written, flags untouched");
	tk.cpu = 5;
	tk.node_id = 7;
	tk.mm_cid = 9;
	r = resume(&tk, START - 1, 0);
	CHECK(r.published && get32(RSEQ) == 5 && get32(RSEQ + 4) == 5 &&
	      get32(RSEQ + 20) == 7 && get32(RSEQ + 24) == 9,
	      "rule 6: rseq_cs NULL: the ids are still written");
	tk.cpu = 6;
	r = (struct rb_kmodel_result){ 0 };
	rb_kmodel_notify_resume(&tk, NULL, &fmem, &r);
	CHECK(r.published && get32(RSEQ + 4) == 6, "rule 6: no registers "
	      "(system call branch): no fixup, ids written");

	reset();
	put64(RSEQ + 8, CS);
	put32(ABORT - 4, SIG + 1);
	r = resume(&tk, START + 4, 0);
	CHECK(r.verdict == RB_KV_SIGSEGV && !r.published &&
	      get32(RSEQ + 4) == 0, "rule 6: a failed fixup writes no ids");
	reset();
	ro_lo = RSEQ + 24;
	ro_hi = RSEQ + 28;
	r = resume(&tk, START - 1, 0);
	CHECK(r.verdict == RB_KV_SIGSEGV && !r.published &&
	      get32(RSEQ) == 6 && get32(RSEQ + 4) == 6 &&
	      get32(RSEQ + 20) == 7, "rule 6: mm_cid unwritable: SIGSEGV, "
	      "after the three stores before it");

	reset();
	tk = new_task(RB_KPROTO_REGABORT);
	put64(AREA + 8, POST);
	tk.event_mask = RB_KEVENT_PREEMPT;
	r = resume(&tk, START + 4, ABORT);
	CHECK(r.verdict == RB_KV_RESTART && r.published &&
	      get32(RSEQ + 4) == 3 && get32(RSEQ + 24) == 2,
	      "rule 6: regabort publishes into the struct rseq as well");
}

/* rseq_reset_rseq_cpu_node_id(): what unregistration leaves behind. */
static void test_unregister(void)
{
	struct rb_kmodel_task tk = new_task(RB_KPROTO_DESCRIPTOR);
	struct rb_kmodel_result r;

	reset();
	tk.event_mask = RB_KEVENT_PREEMPT;
	r = resume(&tk, START - 1, 0);
	ro_lo = RSEQ + 20;
	ro_hi = RSEQ + 24;
	CHECK(rb_kmodel_unregister(&tk, &fmem) && tk.rseq == RSEQ,
	      "unregister: a faulting store fails, still registered");
	ro_lo = ro_hi = 0;
	put64(RSEQ + 8, CS);
	CHECK(!rb_kmodel_unregister(&tk, &fmem) && !tk.rseq &&
	      get32(RSEQ) == 0 &&
	      get32(RSEQ + 4) == RB_KMODEL_CPU_ID_UNINITIALIZED &&
	      get32(RSEQ + 20) == 0 && get32(RSEQ + 24) == 0 &&
	      get64(RSEQ + 8) == CS, "unregister: cpu_id_start 0, cpu_id "
	      "RSEQ_CPU_ID_UNINITIALIZED, node_id and mm_cid 0, rseq_cs "
	      "left");
	nwrites = 0;
	r = resume(&tk, START + 4, 0);
	CHECK(r.verdict == RB_KV_NONE && !r.published && !nwrites &&
	      get32(RSEQ + 4) == RB_KMODEL_CPU_ID_UNINITIALIZED,
	      "unregister: then no fixup and no ids on return to user");
	CHECK(rb_kmodel_unregister(&tk, &fmem), "unregister: twice fails");
}

/*
 * v2 of the post-commit rules: the struct rseq first (D), then the
 * area (P).  RSEQ2 is a second struct rseq, ABORT2 a second signed
 * abort address, so that which rule restarted shows in new_ip.
 */
#define RSEQ2 (BASE + 0x80)
#define ABORT2 (BASE + 0x980)

static struct rb_kmodel_result run_d(enum rb_kproto p, uint64_t ip,
				     uint64_t reg, int event)
{
	struct rb_kmodel_thread t = { .proto = p, .sig = SIG, .area = AREA,
				      .rseq = RSEQ };
	struct rb_kmodel_regs r = { .ip = ip, .regabort = reg,
				    .event = event };
	struct rb_kmodel_result res;

	rb_kmodel_fixup(&t, &r, &fmem, &res);
	return res;
}

static void reset_v2(enum rb_kproto p)
{
	reset();
	put32(ABORT2 - 4, SIG);
	if (p == RB_KPROTO_TWOSTORE)
		put64(AREA, ABORT2);
}

/* A regabort task with rseq_cs and its area both armed, events raised. */
static struct rb_kmodel_task v2_both_armed(uint32_t events)
{
	struct rb_kmodel_task tk = new_task(RB_KPROTO_REGABORT);

	reset_v2(RB_KPROTO_REGABORT);
	put64(RSEQ + 8, CS);
	put64(AREA + 8, POST);
	tk.event_mask = events;
	return tk;
}

/* P3: at or after post_commit_ip the area is disarmed lazily. */
static void test_v2_lazy_disarm(enum rb_kproto p, const char *name)
{
	struct rb_kmodel_task tk = new_task(p);
	struct rb_kmodel_result r;

	reset_v2(p);
	put64(AREA + 8, POST);
	tk.event_mask = RB_KEVENT_PREEMPT | RB_KEVENT_SIGNAL;
	r = resume(&tk, POST + 0x10, ABORT2);
	CHECK(r.verdict == RB_KV_CLEARED && r.cleared == AREA + 8 &&
	      !get64(AREA + 8) && !tk.event_mask &&
	      r.consumed == (RB_KEVENT_PREEMPT | RB_KEVENT_SIGNAL) &&
	      r.published, "v2 P3: %s, ip after post_commit_ip: mask "
	      "consumed, post_commit_ip cleared, ids published (%s)", name,
	      r.reason);
	put64(AREA + 8, POST);
	r = resume(&tk, POST, ABORT2);
	CHECK(r.verdict == RB_KV_CLEARED && !get64(AREA + 8) && !r.consumed,
	      "v2 P3: %s, ip == post_commit_ip, no event: disarmed all the "
	      "same", name);

	/* v1's bug: the signal at the disarm store, the handler below. */
	put64(AREA + 8, POST);
	tk.event_mask = RB_KEVENT_SIGNAL;
	r = resume(&tk, POST + 4, ABORT2);
	tk.event_mask = RB_KEVENT_PREEMPT;
	r = resume(&tk, START - 0x100, ABORT2);
	CHECK(r.verdict == RB_KV_NONE && !r.new_ip &&
	      tk.event_mask == RB_KEVENT_PREEMPT, "v2 P3: %s, a handler "
	      "below post_commit_ip after a signal at the disarm store is "
	      "not restarted (%s)", name, r.reason);

	put64(AREA + 8, POST);
	ro_lo = AREA + 8;
	ro_hi = AREA + 16;
	tk.event_mask = RB_KEVENT_PREEMPT;
	r = resume(&tk, POST, ABORT2);
	CHECK(r.verdict == RB_KV_SIGSEGV && !r.published &&
	      get64(AREA + 8) == POST, "v2 P3: %s, post_commit_ip "
	      "unwritable at the lazy disarm: SIGSEGV (%s)", name, r.reason);
	ro_lo = ro_hi = 0;
	put64(AREA + 8, TASK);
	r = resume(&tk, TASK + 4, ABORT2);
	CHECK(r.verdict == RB_KV_SIGSEGV && get64(AREA + 8) == TASK,
	      "v2 P2 before P3: %s, post_commit_ip == task size: SIGSEGV, "
	      "not disarmed", name);
}

/* D decides first; only its lazy clear lets P look at the area. */
static void test_v2_descriptor_first(void)
{
	const enum rb_kproto ra = RB_KPROTO_REGABORT;
	struct rb_kmodel_task tk = v2_both_armed(RB_KEVENT_PREEMPT);
	struct rb_kmodel_result r;

	r = resume(&tk, START + 4, ABORT2);
	CHECK(r.verdict == RB_KV_RESTART && r.new_ip == ABORT &&
	      r.cleared == RSEQ + 8 && !get64(RSEQ + 8) &&
	      get64(AREA + 8) == POST && !tk.event_mask,
	      "v2 D: descriptor restart takes precedence over an armed "
	      "post-commit area, which is left as it is (%s)", r.reason);

	put64(RSEQ + 8, CS);
	put64(AREA + 8, TASK + 0x1000);
	r = run_d(ra, START + 4, ABORT2, 1);
	CHECK(r.verdict == RB_KV_RESTART && r.new_ip == ABORT,
	      "v2 D: ... and the area is not read: a bad post_commit_ip "
	      "does not kill");

	put64(RSEQ + 8, CS);
	put64(AREA + 8, START + 2);
	r = run_d(ra, START + 4, ABORT2, 0);
	CHECK(r.verdict == RB_KV_NONE && get64(RSEQ + 8) == CS &&
	      get64(AREA + 8) == START + 2, "v2 D: inside the descriptor, "
	      "no event: evaluation stops, no lazy disarm (%s)", r.reason);

	put64(RSEQ + 8, CS);
	put32(ABORT - 4, SIG + 1);
	put64(AREA + 8, POST);
	r = run_d(ra, START - 4, ABORT2, 1);
	CHECK(r.verdict == RB_KV_SIGSEGV && get64(AREA + 8) == POST,
	      "v2 D: a descriptor rseq_get_rseq_cs() rejects kills before "
	      "the area is read");
	put32(ABORT - 4, SIG);

	put64(RSEQ + 8, CS);
	put64(AREA + 8, POST);
	r = run_d(ra, START - 4, ABORT2, 1);
	CHECK(r.verdict == RB_KV_RESTART && r.new_ip == ABORT2 &&
	      !get64(RSEQ + 8) && !get64(AREA + 8) &&
	      r.cleared == AREA + 8 && r.consumed == RB_KEVENT_PREEMPT,
	      "v2 P after D: ip outside the descriptor: rseq_cs cleared "
	      "lazily, then the armed area restarts (%s)", r.reason);

	put64(RSEQ + 8, CS);
	r = run_d(ra, START - 4, ABORT2, 1);
	CHECK(r.verdict == RB_KV_CLEARED && r.cleared == RSEQ + 8 &&
	      !get64(RSEQ + 8) && !r.consumed, "v2 P1 after D: area not "
	      "armed: D's lazy clear is the result (%s)", r.reason);
	nwrites = 0;
	r = run_d(ra, START - 4, ABORT2, 1);
	CHECK(r.verdict == RB_KV_NONE && r.cleared == RSEQ + 8 &&
	      nwrites == 1, "v2 P1 after D: rseq_cs NULL, area not armed: "
	      "0 stored over NULL, nothing else (%s)", r.reason);
	put64(RSEQ + 8, CS);
	put64(AREA + 8, POST);
	r = run_d(ra, START - 4, ABORT2, 0);
	CHECK(r.verdict == RB_KV_NONE && !get64(RSEQ + 8) &&
	      r.cleared == RSEQ + 8 && get64(AREA + 8) == POST,
	      "v2 P4 after D: rseq_cs cleared lazily, area armed without "
	      "an event: nothing more (%s)", r.reason);
	ro_lo = RSEQ + 8;
	ro_hi = RSEQ + 16;
	r = run_d(ra, START - 4, ABORT2, 1);
	CHECK(r.verdict == RB_KV_SIGSEGV && get64(AREA + 8) == POST,
	      "v2 D: rseq_cs unwritable: SIGSEGV before the area");
	ro_lo = ro_hi = 0;

	reset_v2(RB_KPROTO_TWOSTORE);
	put64(RSEQ + 8, CS);
	put64(AREA + 8, POST);
	r = run_d(RB_KPROTO_TWOSTORE, START - 4, 0, 1);
	CHECK(r.verdict == RB_KV_RESTART && r.new_ip == ABORT2 &&
	      !get64(RSEQ + 8), "v2 P after D: twostore likewise, abort_ip "
	      "from the area");
}

/* P5: a 32-bit task's register is cut to its low half. */
static void test_v2_compat(void)
{
	struct rb_kmodel_thread t = { .proto = RB_KPROTO_REGABORT,
				      .sig = SIG, .area = AREA,
				      .rseq = RSEQ, .compat = true };
	struct rb_kmodel_regs rg = { .ip = START + 4,
				     .regabort = 0xdead000000000000ULL |
						 ABORT2, .event = true };
	struct rb_kmodel_result r;

	reset_v2(RB_KPROTO_REGABORT);
	put64(AREA + 8, POST);
	rb_kmodel_fixup(&t, &rg, &fmem, &r);
	CHECK(r.verdict == RB_KV_RESTART && r.new_ip == ABORT2,
	      "v2 P5: compat task: the register's upper half is dropped "
	      "(%s)", r.reason);
	put64(AREA + 8, POST);
	t.compat = false;
	rb_kmodel_fixup(&t, &rg, &fmem, &r);
	CHECK(r.verdict == RB_KV_SIGSEGV && get64(AREA + 8) == POST,
	      "v2 P5: 64-bit task: the same register is above user space, "
	      "SIGSEGV (%s)", r.reason);
	t.proto = RB_KPROTO_TWOSTORE;
	t.compat = true;
	put64(AREA, 0xdead000000000000ULL | ABORT2);
	rb_kmodel_fixup(&t, &rg, &fmem, &r);
	CHECK(r.verdict == RB_KV_SIGSEGV, "v2 P5: twostore's abort_ip is "
	      "memory, not a register: not truncated (%s)", r.reason);
}

/* rseq_syscall(), v2: an armed area below the return address kills. */
static void test_v2_syscall(void)
{
	struct rb_kmodel_task tk = new_task(RB_KPROTO_TWOSTORE);
	struct rb_kmodel_result r;

	reset_v2(RB_KPROTO_TWOSTORE);
	put64(AREA + 8, POST);
	tk.event_mask = RB_KEVENT_PREEMPT;
	nwrites = 0;
	rb_kmodel_syscall(&tk, START + 4, &fmem, &r);
	CHECK(r.verdict == RB_KV_SIGSEGV && !nwrites &&
	      get64(AREA + 8) == POST && tk.event_mask == RB_KEVENT_PREEMPT,
	      "v2 syscall: twostore armed, return address below "
	      "post_commit_ip: SIGSEGV, nothing written or consumed (%s)",
	      r.reason);
	rb_kmodel_syscall(&tk, POST, &fmem, &r);
	CHECK(r.verdict == RB_KV_NONE && get64(AREA + 8) == POST,
	      "v2 syscall: at post_commit_ip: committed, no kill, no "
	      "disarm");
	put64(AREA + 8, TASK);
	rb_kmodel_syscall(&tk, START + 4, &fmem, &r);
	CHECK(r.verdict == RB_KV_SIGSEGV, "v2 syscall: post_commit_ip "
	      "outside user space: SIGSEGV");
	put64(AREA + 8, 0);
	rb_kmodel_syscall(&tk, START + 4, &fmem, &r);
	CHECK(r.verdict == RB_KV_NONE, "v2 syscall: not armed: no kill");
	tk.t.area = BASE + SIZE + 0x100;
	rb_kmodel_syscall(&tk, START + 4, &fmem, &r);
	CHECK(r.verdict == RB_KV_SIGSEGV, "v2 syscall: area unreadable: "
	      "SIGSEGV (%s)", r.reason);
	tk.t.area = AREA;
	put64(RSEQ + 8, CS);
	rb_kmodel_syscall(&tk, START + 4, &fmem, &r);
	CHECK(r.verdict == RB_KV_SIGSEGV && get64(RSEQ + 8) == CS,
	      "v2 syscall: the struct rseq's descriptor is checked for a "
	      "post-commit task too (%s)", r.reason);
	put64(RSEQ + 8, 0);
	put64(RSEQ2 + 8, CS);
	tk.t.rseq = RSEQ2;
	rb_kmodel_syscall(&tk, START + 4, &fmem, &r);
	CHECK(r.verdict == RB_KV_SIGSEGV, "v2 syscall: t.rseq, when set, "
	      "is the struct rseq checked");
	tk.rseq = 0;
	put64(AREA + 8, POST);
	rb_kmodel_syscall(&tk, START + 4, &fmem, &r);
	CHECK(r.verdict == RB_KV_NONE, "v2 syscall: not registered: no "
	      "check of the area either");
}

/* Which struct rseq D reads when the task names one, or two. */
static void test_v2_task_rseq(void)
{
	struct rb_kmodel_task tk = v2_both_armed(RB_KEVENT_MIGRATE);
	struct rb_kmodel_result r;

	r = resume(&tk, START + 4, ABORT2);
	CHECK(r.verdict == RB_KV_RESTART && r.new_ip == ABORT &&
	      !get64(RSEQ + 8), "v2 task: t.rseq 0: D reads task->rseq");
	put64(RSEQ2 + 8, CS);
	tk.t.rseq = RSEQ2;
	tk.event_mask = RB_KEVENT_MIGRATE;
	tk.cpu = 5;
	r = resume(&tk, START + 4, ABORT2);
	CHECK(r.verdict == RB_KV_RESTART && r.new_ip == ABORT &&
	      !get64(RSEQ2 + 8) && get32(RSEQ + 4) == 5 &&
	      !get32(RSEQ2 + 4), "v2 task: t.rseq set: D reads it, the ids "
	      "still go to task->rseq");
	reset_v2(RB_KPROTO_REGABORT);
	put64(RSEQ + 8, CS);
	r = run(RB_KPROTO_REGABORT, START + 4, ABORT2, 1);
	CHECK(r.verdict == RB_KV_NONE && get64(RSEQ + 8) == CS && !nwrites,
	      "v2 fixup: { proto, sig, area } reads no struct rseq");
}

/* Unregistering the struct rseq drops the post-commit area with it. */
static void test_v2_unregister(void)
{
	struct rb_kmodel_task tk = new_task(RB_KPROTO_TWOSTORE);
	struct rb_kmodel_result r;

	reset_v2(RB_KPROTO_TWOSTORE);
	tk.t.compat = true;
	CHECK(!rb_kmodel_unregister(&tk, &fmem) && !tk.rseq &&
	      tk.t.proto == RB_KPROTO_NONE && !tk.t.area && !tk.t.sig &&
	      !tk.t.rseq && !tk.t.compat, "v2 unregister: the area, its "
	      "protocol and signature are dropped");
	put64(AREA + 8, POST);
	tk.event_mask = RB_KEVENT_PREEMPT;
	nwrites = 0;
	r = resume(&tk, START + 4, 0);
	CHECK(r.verdict == RB_KV_NONE && !nwrites && !r.published &&
	      get64(AREA + 8) == POST, "v2 unregister: an armed area is "
	      "no longer restarted");
	tk.rseq = RSEQ;
	r = resume(&tk, START + 4, 0);
	CHECK(r.verdict == RB_KV_NONE && r.published &&
	      get64(AREA + 8) == POST && tk.event_mask == RB_KEVENT_PREEMPT,
	      "v2 unregister: a struct rseq registered again does not "
	      "bring the area back");
}

/* The kemu helpers, on this process's own memory. */
static uint32_t kemu_code[16] __attribute__((aligned(32)));

static void test_kemu(void)
{
	static struct rb_kemu k;
	static struct {
		uint32_t version, flags;
		uint64_t start_ip, post_commit_offset, abort_ip;
	} __attribute__((aligned(32))) desc;
	uint64_t start = (uint64_t)(uintptr_t)&kemu_code[0];
	uint64_t abort_ip = (uint64_t)(uintptr_t)&kemu_code[8];
	struct rb_kmodel_result r;
	enum rb_kverdict v;
	struct rb_tls tls;
	ucontext_t uc;

	CHECK(offsetof(struct rb_rseq, flags) == RB_KMODEL_RSEQ_FLAGS &&
	      offsetof(struct rb_rseq, node_id) == RB_KMODEL_NODE_ID &&
	      offsetof(struct rb_rseq, mm_cid) == RB_KMODEL_MM_CID &&
	      sizeof(struct rb_rseq) == 32, "kemu: struct rb_rseq has the "
	      "uapi layout");
	kemu_code[7] = RB_SIG;
	desc.start_ip = start;
	desc.post_commit_offset = 16;
	desc.abort_ip = abort_ip;
	memset(&uc, 0, sizeof(uc));
	rb_kemu_init(&k, &tls, 1);
	rb_kemu_register(&k, RB_KPROTO_DESCRIPTOR);
	k.node_id = 4;
	k.mm_cid = 5;
	k.rseq.rseq_cs = (uint64_t)(uintptr_t)&desc;
	rb_arch_uc_set_ip(&uc, start + 4);
	v = rb_kemu_notify_resume(&k, &uc, 2, 0, &r);
	CHECK(v == RB_KV_NONE && rb_arch_uc_ip(&uc) == start + 4 && k.rseq.rseq_cs &&
	      k.rseq.cpu_id == 2 && k.rseq.node_id == 4 &&
	      k.rseq.mm_cid == 5, "kemu: return with no event inside: "
	      "ip and rseq_cs kept, ids published (%s)", r.reason);
	CHECK(rb_kemu_syscall(&k, start + 4, &r) == RB_KV_SIGSEGV &&
	      rb_kemu_syscall(&k, start + 16, &r) == RB_KV_NONE,
	      "kemu: system call inside kills, after does not");
	v = rb_kemu_return_to_user(&k, &uc, 3, &r);
	CHECK(v == RB_KV_RESTART && rb_arch_uc_ip(&uc) == abort_ip &&
	      !k.rseq.rseq_cs && k.rseq.cpu_id_start == 3 && !k.event_mask,
	      "kemu: return after preemption: restart (%s)", r.reason);
	k.rseq.rseq_cs = (uint64_t)(uintptr_t)&desc;
	rb_arch_uc_set_ip(&uc, start + 4);
	CHECK(!rb_kemu_unregister(&k) && k.rseq.cpu_id_start == 0 &&
	      k.rseq.cpu_id == RB_KMODEL_CPU_ID_UNINITIALIZED,
	      "kemu: unregistered: cpu_id_start 0, cpu_id -1");
	v = rb_kemu_return_to_user(&k, &uc, 3, &r);
	CHECK(v == RB_KV_NONE && rb_arch_uc_ip(&uc) == start + 4 &&
	      k.rseq.cpu_id == RB_KMODEL_CPU_ID_UNINITIALIZED &&
	      k.rseq.cpu_id_start == 0, "kemu: unregistered: the kernel "
	      "neither restarts nor publishes");
	CHECK(k.event_mask == RB_KEVENT_PREEMPT, "kemu: unregistered: "
	      "the preemption still sets the mask");
	rb_kemu_register(&k, RB_KPROTO_DESCRIPTOR);
	CHECK(!k.rseq.rseq_cs, "kemu: registered again: the stale rseq_cs "
	      "is cleared");
	k.rseq.rseq_cs = (uint64_t)(uintptr_t)&desc;
	v = rb_kemu_notify_resume(&k, &uc, 1, 0, &r);
	CHECK(v == RB_KV_RESTART && k.rseq.cpu_id == 1, "kemu: registered "
	      "again: the mask left from before restarts a return with no "
	      "event, ids published");

	/* A post-commit protocol: its own struct rseq is evaluated first. */
	rb_kemu_register(&k, RB_KPROTO_REGABORT);
	CHECK(k.kt.rseq == (uint64_t)(uintptr_t)&k.rseq &&
	      k.kt.area == (uint64_t)(uintptr_t)&k.area &&
	      k.kt.compat == (sizeof(void *) == 4), "kemu: regabort "
	      "registers the area and names the struct rseq for rule D");
	k.rseq.rseq_cs = (uint64_t)(uintptr_t)&desc;
	k.area.post_commit_ip = start + 2;
	rb_arch_uc_set_ip(&uc, start + 4);
	v = rb_kemu_return_to_user(&k, &uc, 1, &r);
	CHECK(v == RB_KV_RESTART && rb_arch_uc_ip(&uc) == abort_ip &&
	      !k.rseq.rseq_cs && k.area.post_commit_ip == start + 2,
	      "kemu: regabort thread inside a descriptor sequence: the "
	      "descriptor restarts, the area is not looked at (%s)",
	      r.reason);
	rb_arch_uc_set_ip(&uc, start + 4);
	v = rb_kemu_return_to_user(&k, &uc, 1, &r);
	CHECK(v == RB_KV_CLEARED && rb_arch_uc_ip(&uc) == start + 4 &&
	      !k.area.post_commit_ip && !k.event_mask, "kemu: regabort "
	      "past post_commit_ip: lazy disarm (%s)", r.reason);
	k.area.post_commit_ip = start + 8;
	CHECK(rb_kemu_syscall(&k, start + 4, &r) == RB_KV_SIGSEGV &&
	      rb_kemu_syscall(&k, start + 8, &r) == RB_KV_NONE &&
	      k.area.post_commit_ip == start + 8, "kemu: system call "
	      "below an armed post_commit_ip kills, at it does not");
	CHECK(!rb_kemu_unregister(&k) && k.kt.proto == RB_KPROTO_NONE,
	      "kemu: unregistering drops the post-commit protocol");
	k.area.post_commit_ip = 0;
}

int main(void)
{
	struct rb_kmodel_result r;

	test_descriptor();
	test_post_commit(RB_KPROTO_REGABORT, "regabort");
	test_post_commit(RB_KPROTO_TWOSTORE, "twostore");
	test_rule1_cs_flags();
	test_rule2_rseq_flags();
	test_rule3_null_rseq_cs();
	test_rule4_event_mask();
	test_rule5_syscall();
	test_rule6_publish();
	test_unregister();
	test_v2_lazy_disarm(RB_KPROTO_REGABORT, "regabort");
	test_v2_lazy_disarm(RB_KPROTO_TWOSTORE, "twostore");
	test_v2_descriptor_first();
	test_v2_compat();
	test_v2_syscall();
	test_v2_task_rseq();
	test_v2_unregister();
	test_kemu();
	reset();
	put64(RSEQ + 8, CS);
	put64(AREA + 8, POST);
	r = run(RB_KPROTO_NONE, START, ABORT, 1);
	CHECK(r.verdict == RB_KV_NONE, "nothing registered: never acts");
	return tap_exit();
}
