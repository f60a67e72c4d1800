// SPDX-License-Identifier: MIT
/*
 * Timer tests.  The perf parts that need no PMU (sign extension, the
 * user-page seqlock, event encoding) are driven with fakes, so they run
 * in guests without a PMU; the timers themselves get sanity ranges
 * only, never timing assertions.
 */
#include <string.h>

#include "tap.h"
#include "timer.h"
#include "timer_perf.h"

static void test_sign_extend(void)
{
	CHECK(rb_pmc_sign_extend(0xffffffffffffULL, 48) == ~0ULL,
	      "sext48: 0xffffffffffff is -1");
	CHECK(rb_pmc_sign_extend(0x7fffffffffffULL, 48) == 0x7fffffffffffULL,
	      "sext48: 0x7fffffffffff unchanged");
	CHECK(rb_pmc_sign_extend(0x800000000000ULL, 48) ==
	      0xffff800000000000ULL, "sext48: 0x800000000000 is -2^47");
	CHECK(rb_pmc_sign_extend(0x123456789abcdef0ULL, 64) ==
	      0x123456789abcdef0ULL, "sext64: unchanged");
	CHECK(rb_pmc_sign_extend(0xffffffffffffffffULL, 64) == ~0ULL,
	      "sext64: all ones unchanged");
	CHECK(rb_pmc_sign_extend(0xffffffffffULL, 40) == ~0ULL,
	      "sext40: 0xffffffffff is -1");
	CHECK(rb_pmc_sign_extend(0x7fffffffffULL, 40) == 0x7fffffffffULL,
	      "sext40: 0x7fffffffff unchanged");
	CHECK(rb_pmc_sign_extend(0x8000000000ULL, 40) ==
	      0xffffff8000000000ULL, "sext40: 0x8000000000 is -2^39");
	CHECK(rb_pmc_sign_extend(0xabcd007fffffffffULL, 40) ==
	      0x7fffffffffULL, "sext40: bits above width ignored");
	CHECK(rb_pmc_sign_extend(0x1234, 0) == 0x1234,
	      "sext0: width 0 (unknown) returns raw");
}

/* The fake PMU: a page in ordinary memory and a scripted rdpmc. */
static struct perf_event_mmap_page fake_pc;
static uint32_t fake_last_idx;
static unsigned fake_calls;
static uint64_t fake_value;
static int fake_bumps;		/* kernel updates to simulate mid-read */

static uint64_t fake_rdpmc(uint32_t idx)
{
	fake_last_idx = idx;
	fake_calls++;
	if (fake_bumps > 0) {
		/* As the kernel would: rebase offset, move the counter. */
		fake_bumps--;
		((volatile struct perf_event_mmap_page *)&fake_pc)->lock++;
		fake_pc.offset = 5000;
		fake_value = 0xfffffffffff0ULL;	/* -16 at width 48 */
		return 0x123;	/* torn: must be discarded */
	}
	return fake_value;
}

static void fake_reset(void)
{
	memset(&fake_pc, 0, sizeof(fake_pc));
	fake_last_idx = ~0U;
	fake_calls = 0;
	fake_value = 0;
	fake_bumps = 0;
}

static void test_seqlock(void)
{
	unsigned retries = 99;
	bool used = true;
	uint64_t v;

	fake_reset();
	fake_pc.lock = 7;
	fake_pc.offset = 1000;
	fake_pc.index = 3;
	fake_pc.cap_user_rdpmc = 0;
	v = rb_perf_mmap_read(&fake_pc, fake_rdpmc, &used, &retries);
	CHECK(v == 1000 && !used && fake_calls == 0 && retries == 0,
	      "seqlock: cap_user_rdpmc=0 gives offset only (v=%llu)",
	      (unsigned long long)v);

	fake_reset();
	fake_pc.offset = 1000;
	fake_pc.index = 0;
	fake_pc.cap_user_rdpmc = 1;
	fake_pc.pmc_width = 48;
	v = rb_perf_mmap_read(&fake_pc, fake_rdpmc, &used, NULL);
	CHECK(v == 1000 && !used && fake_calls == 0,
	      "seqlock: index=0 (not on a counter) gives offset, no rdpmc");

	fake_reset();
	fake_pc.offset = 1000;
	fake_pc.index = 3;
	fake_pc.cap_user_rdpmc = 1;
	fake_pc.pmc_width = 48;
	fake_value = 0xffffffffff00ULL;		/* -256 at width 48 */
	v = rb_perf_mmap_read(&fake_pc, fake_rdpmc, &used, &retries);
	CHECK(fake_last_idx == 2, "seqlock: rdpmc of index-1 (got %u)",
	      fake_last_idx);
	CHECK(v == 1000 - 256 && used && retries == 0,
	      "seqlock: offset + sign-extended counter (v=%llu)",
	      (unsigned long long)v);

	fake_reset();
	fake_pc.lock = 41;
	fake_pc.offset = 1000;
	fake_pc.index = 3;
	fake_pc.cap_user_rdpmc = 1;
	fake_pc.pmc_width = 48;
	fake_value = 7;
	fake_bumps = 1;
	v = rb_perf_mmap_read(&fake_pc, fake_rdpmc, &used, &retries);
	CHECK(retries == 1 && fake_calls == 2,
	      "seqlock: lock change mid-read retried once (retries=%u calls=%u)",
	      retries, fake_calls);
	CHECK(v == 5000 - 16 && used,
	      "seqlock: retried read is the consistent new state (v=%llu)",
	      (unsigned long long)v);
}

static void check_encoding(const char *name, uint64_t hw_config)
{
	struct perf_event_attr a;
	const char *src = NULL;
	char err[256] = "";
	int rc;

	memset(&a, 0xa5, sizeof(a));
	rc = rb_perf_encode(name, &a, &src, err, sizeof(err));
	CHECK(rc == 0, "encode %s: ok%s%s", name, err[0] ? ": " : "", err);
	if (rc)
		return;
	NOTE("encode %s: source %s type %u config %#llx", name, src,
	     a.type, (unsigned long long)a.config);
#if RB_HAVE_LIBPFM
	CHECK(src && (!strcmp(src, "libpfm4") || !strcmp(src, "raw")),
	      "encode %s: source is libpfm4 or raw", name);
#else
	CHECK(src && !strcmp(src, "raw"), "encode %s: source is raw", name);
#endif
	/*
	 * libpfm4 resolves these to the generic perf events here; on
	 * another machine it may pick a core PMU encoding, which is raw
	 * or dynamic type with a non-zero event select.
	 */
	CHECK((a.type == PERF_TYPE_HARDWARE && a.config == hw_config) ||
	      ((a.type == PERF_TYPE_RAW || a.type >= PERF_TYPE_MAX) &&
	       a.config != 0),
	      "encode %s: generic hardware event or a raw PMU encoding", name);
	CHECK(a.exclude_kernel && a.exclude_hv,
	      "encode %s: user space only", name);
	CHECK(a.size == sizeof(a), "encode %s: attr.size is the kernel's",
	      name);
	CHECK(!a.pinned && !a.disabled && !a.sample_period,
	      "encode %s: no stray bits from the caller's memory", name);
}

static void test_encode(void)
{
	struct perf_event_attr a;
	const char *src = NULL;
	char err[256] = "";

	check_encoding("cycles", PERF_COUNT_HW_CPU_CYCLES);
	check_encoding("instructions", PERF_COUNT_HW_INSTRUCTIONS);
	CHECK(rb_perf_encode("no_such_event_xyz", &a, &src, err,
			     sizeof(err)) == -1,
	      "encode unknown: fails");
	CHECK(err[0] && strstr(err, "no_such_event_xyz") && !strchr(err, '\n'),
	      "encode unknown: one-line message naming it: %s", err);
	err[0] = '\0';
	CHECK(rb_perf_encode("", &a, &src, err, sizeof(err)) == -1 && err[0],
	      "encode empty name: fails with a message");
}

static void test_parse(void)
{
	static const char *const bad[] = {
		"", "PERF", "tsc ", " clock", "bogus", "perfx", "au",
	};
	size_t i;

	CHECK(rb_timer_parse("auto") == RB_TIMER_AUTO, "parse auto");
	CHECK(rb_timer_parse("perf") == RB_TIMER_PERF, "parse perf");
	CHECK(rb_timer_parse("tsc") == RB_TIMER_TSC, "parse tsc");
	CHECK(rb_timer_parse("clock") == RB_TIMER_CLOCK, "parse clock");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK(rb_timer_parse(bad[i]) == -1, "parse '%s' rejected",
		      bad[i]);
	CHECK(rb_timer_parse(NULL) == -1, "parse NULL rejected");
}

static void test_note(void)
{
	struct rb_timer t;
	int i;

	memset(&t, 0, sizeof(t));
	rb_timer_note(&t, "a: %d", 1);
	rb_timer_note(&t, "b");
	CHECK(!strcmp(t.note, "a: 1\nb"), "note: lines joined by newline");
	for (i = 0; i < 100; i++)
		rb_timer_note(&t, "filler line %d", i);
	CHECK(strlen(t.note) < sizeof(t.note),
	      "note: truncates, stays terminated");
}

static void test_auto(void)
{
	struct rb_timer t;
	char err[300] = "";
	int rc;

	rc = rb_timer_open(&t, RB_TIMER_AUTO, err, sizeof(err));
	CHECK(rc == 0 && t.read && t.name && t.unit && t.read_method,
	      "auto: opens a timer (%s)", rc ? err : t.name ? t.name : "?");
	if (rc)
		return;
	NOTE("auto chose %s (%s via %s); note: %s", t.name, t.unit,
	     t.read_method, t.note[0] ? t.note : "(none)");
	if (t.kind == RB_TIMER_PERF) {
		CHECK(t.counts_cycles, "auto: perf counts cycles");
	} else {
		const char *p = strstr(t.note, "perf: ");

		/* Not asserting that perf fails: only that we say why. */
		CHECK(p && strlen(p) > strlen("perf: ") + 3,
		      "auto: note says why perf was passed over");
	}
	rb_timer_close(&t);
	rb_timer_close(&t);
	CHECK(!t.read && !t.priv, "auto: close is idempotent");
}

static void test_perf(void)
{
	struct rb_timer t;
	char err[300] = "";
	uint64_t a, b;
	int rc;

	rc = rb_timer_open(&t, RB_TIMER_PERF, err, sizeof(err));
	if (rc) {
		NOTE("perf unavailable: %s", err);
		CHECK(rc == -1 && err[0] && !strchr(err, '\n'),
		      "perf: explicit open fails with a one-line reason");
		CHECK(!strncmp(err, "perf: ", 6) && strlen(err) > 10,
		      "perf: reason names the timer and says why");
		CHECK(!t.read && !t.priv, "perf: failed open leaves no reader");
		return;
	}
	NOTE("perf works: %s via %s, events %s", t.unit, t.read_method,
	     t.event_source);
	a = t.read(&t);
	b = t.read(&t);
	CHECK(b > a, "perf: cycles advance");
	CHECK(t.counts_cycles && !strcmp(t.unit, "cycles"),
	      "perf: unit is cycles");
	if (t.has_instructions) {
		a = t.read_instructions(&t);
		b = t.read_instructions(&t);
		CHECK(b > a, "perf: instructions advance");
	}
	rb_timer_close(&t);
}

/*
 * The real open/mmap/read() path and the real user page, with software
 * events that need no PMU (skipped where perf is off altogether).
 */
static void test_perf_sw(void)
{
	struct perf_event_mmap_page *pc;
	struct rb_timer t;
	char err[300] = "";
	uint64_t a, b, v;
	bool used = true;
	unsigned retries;
	int rc;

	memset(&t, 0, sizeof(t));
	rc = rb_perf_open_group(&t, "task-clock", "page-faults", err,
				sizeof(err));
	if (rc) {
		NOTE("software perf events unavailable: %s", err);
		CHECK(err[0] && !strchr(err, '\n') && !t.read && !t.priv,
		      "perf sw: failure is one line and leaves no reader");
		return;
	}
	NOTE("perf sw group: read via %s, events %s; note: %s",
	     t.read_method, t.event_source, t.note[0] ? t.note : "(none)");
	CHECK(t.read && t.priv && t.close, "perf sw: group opened");
	a = t.read(&t);
	b = t.read(&t);
	CHECK(b > a, "perf sw: task-clock advances through %s",
	      t.read_method);
	CHECK(t.has_instructions && t.read_instructions,
	      "perf sw: member opened in the leader's group");
	/* A real kernel page: no counter behind it, so offset alone. */
	pc = rb_perf_page(&t, 0);
	CHECK(pc && rb_perf_page(&t, 1) && !rb_perf_page(&t, 2),
	      "perf sw: both user pages mapped");
	if (!pc)
		return;
	fake_calls = 0;
	v = rb_perf_mmap_read(pc, fake_rdpmc, &used, &retries);
	CHECK(!used && fake_calls == 0,
	      "perf sw: kernel page offers no rdpmc (v=%llu, retries %u)",
	      (unsigned long long)v, retries);
	rb_timer_close(&t);
	CHECK(!t.read && !t.priv, "perf sw: closed");
}

static void test_tsc(void)
{
	struct rb_timer t;
	char err[300] = "";
	uint64_t a, b;
	int rc;

	rc = rb_timer_open(&t, RB_TIMER_TSC, err, sizeof(err));
	CHECK(rc == 0, "tsc: opens%s%s", err[0] ? ": " : "", err);
	if (rc)
		return;
	a = t.read(&t);
	b = t.read(&t);
	CHECK(b >= a, "tsc: two reads monotonic");
	CHECK(t.hz >= 1e8 && t.hz <= 1e11, "tsc: hz %.0f in 1e8..1e11", t.hz);
	CHECK(!strcmp(t.unit, "ticks") && !t.counts_cycles &&
	      !t.has_instructions, "tsc: unit ticks, not cycles");
	NOTE("tsc: %.4f GHz; note: %s", t.hz / 1e9,
	     t.note[0] ? t.note : "(none)");
	rb_timer_close(&t);
}

static void test_clock(void)
{
	struct rb_timer t;
	char err[300] = "";
	uint64_t a, b;
	int rc;

	rc = rb_timer_open(&t, RB_TIMER_CLOCK, err, sizeof(err));
	CHECK(rc == 0, "clock: opens%s%s", err[0] ? ": " : "", err);
	if (rc)
		return;
	a = t.read(&t);
	b = t.read(&t);
	CHECK(b >= a, "clock: two reads monotonic");
	CHECK(t.hz == 1e9 && !strcmp(t.unit, "ns") && !t.counts_cycles,
	      "clock: ns at 1e9 Hz");
	rb_timer_close(&t);
}

static void test_list(void)
{
	char buf[2048];
	int lines = 0;
	char *p;

	rb_timer_list(buf, sizeof(buf));
	for (p = buf; *p; p++)
		lines += *p == '\n';
	CHECK(lines == 3 && !strncmp(buf, "perf", 4) && strstr(buf, "\ntsc") &&
	      strstr(buf, "\nclock"), "list: one line per timer");
	for (p = strtok(buf, "\n"); p; p = strtok(NULL, "\n"))
		NOTE("list: %s", p);
	rb_timer_list(buf, 16);
	CHECK(strlen(buf) < 16, "list: respects a small buffer");
}

int main(void)
{
	test_sign_extend();
	test_seqlock();
	test_encode();
	test_parse();
	test_note();
	test_auto();
	test_perf();
	test_perf_sw();
	test_tsc();
	test_clock();
	test_list();
	return tap_exit();
}
