// SPDX-License-Identifier: MIT
/*
 * The kernel model against hand-built cases: every rule of kmodel.h,
 * each in its taken and not-taken form, over a fake user memory whose
 * every byte is known.
 */
#include <stdint.h>
#include <string.h>

#include "kmodel.h"
#include "tap.h"

#define BASE 0x10000ULL
#define SIZE 0x1000
#define SIG 0x53053053U
#define TASK 0x00007ffffffff000ULL

static unsigned char mem[SIZE];

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
	memcpy(mem + (a - BASE), buf, len);
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
	CHECK(r.verdict == RB_KV_NONE && get64(AREA + 8) == POST,
	      "%s: ip == post_commit_ip: nothing, not cleared", name);
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

int main(void)
{
	struct rb_kmodel_result r;

	test_descriptor();
	test_post_commit(RB_KPROTO_REGABORT, "regabort");
	test_post_commit(RB_KPROTO_TWOSTORE, "twostore");
	reset();
	put64(RSEQ + 8, CS);
	put64(AREA + 8, POST);
	r = run(RB_KPROTO_NONE, START, ABORT, 1);
	CHECK(r.verdict == RB_KV_NONE, "nothing registered: never acts");
	return tap_exit();
}
