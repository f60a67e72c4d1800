// SPDX-License-Identifier: MIT
/*
 * Exact kernel-side cost of the rseq fixup, counted by QEMU: a TCG
 * plugin for qemu-system-x86_64 and -aarch64 that counts the guest instructions
 * executed between the cost guest's markers (marker.h), split by
 * privilege (kernel addresses have the top bit set), and the loads and
 * stores kernel-mode instructions make to user addresses.
 *
 * TCG executes the same instructions on every run: what varies is
 * where the timer interrupt lands, which adds its handler to some
 * samples.  So each case reports the mode of its samples (and how
 * many samples equal it), not a mean.
 *
 * Arguments: out=FILE (the report, written whole at exit).  One vCPU
 * only (-smp 1): the counters are plain globals bumped by inline ops.
 *
 *   qemu-system-x86_64 -smp 1 -plugin rb_insncount.so,out=FILE ...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plugin_api.h"
#include "marker.h"

RB_EXPORT int qemu_plugin_version = RB_QEMU_PLUGIN_API;

#define MAX_SAMPLES 65536

/* What one sample counts. */
enum { KINSN, UINSN, ULOAD, USTORE, KLAST, NCOUNT };

static uint64_t now[NCOUNT];	/* since boot; KLAST unused */
static uint64_t at_begin[NCOUNT];
/*
 * The last kernel segment: user TBs bump user_tbs inline, the first
 * kernel TB after any of them notes where the segment began.
 */
static uint64_t user_tbs, user_tbs_seen, seg_begin;
static int open_case = -1;

struct samples {
	uint64_t (*v)[NCOUNT];
	size_t n, dropped;
};
static struct samples cases[RB_MARK_CASES];
static const char *out_path;

static const char *const proto_name[RB_MARK_PROTOS] = {
	"regabort", "twostore", "descriptor",
};
static const char *const path_name[RB_MARK_PATHS] = {
	"signal", "preemption",
};

static int is_kernel(uint64_t vaddr)
{
	return (int)(vaddr >> 63);
}

static void on_mem(unsigned int vcpu, qemu_plugin_meminfo_t info,
		   uint64_t vaddr, void *udata)
{
	(void)vcpu;
	(void)udata;
	if (!is_kernel(vaddr))
		now[qemu_plugin_mem_is_store(info) ? USTORE : ULOAD]++;
}

static void on_marker(unsigned int vcpu, void *udata)
{
	uint32_t m = (uint32_t)(uintptr_t)udata;
	uint32_t what = m & 0xf000, c = m & 0xfff;
	struct samples *s;
	int i;

	(void)vcpu;
	if (what == RB_MARK_BEGIN && c < RB_MARK_CASES) {
		memcpy(at_begin, now, sizeof(now));
		open_case = (int)c;
		return;
	}
	if (open_case < 0)
		return;
	s = &cases[open_case];
	open_case = -1;
	if (what != RB_MARK_END || s->n == MAX_SAMPLES) {
		s->dropped++;
		return;
	}
	for (i = 0; i < KLAST; i++)
		s->v[s->n][i] = now[i] - at_begin[i];
	s->v[s->n][KLAST] = seg_begin >= at_begin[KINSN] ?
			    now[KINSN] - seg_begin : 0;
	s->n++;
}

static int target_arm64;

static int is_marker(const struct qemu_plugin_insn *insn, uint32_t *m)
{
	static const unsigned char op[] = { RB_MARK_OPCODE };
	const unsigned char *b = qemu_plugin_insn_data(insn);
	uint32_t d;

	if (target_arm64) {
		if (qemu_plugin_insn_size(insn) != 4)
			return 0;
		memcpy(&d, b, sizeof(d));
		if ((d & 0xffe0001f) != RB_MARK_A64_MOVZ_XZR ||
		    ((d >> 5) & 0xc000) != RB_MARK_A64_MAGIC)
			return 0;
		*m = (d >> 5) & 0x3fff;
		return 1;
	}
	if (qemu_plugin_insn_size(insn) != RB_MARK_LEN ||
	    memcmp(b, op, sizeof(op)))
		return 0;
	memcpy(&d, b + sizeof(op), sizeof(d));
	if ((d & 0xffff0000) != RB_MARK_MAGIC)
		return 0;
	*m = d & 0xffff;
	return 1;
}

static void on_kernel_tb(unsigned int vcpu, void *udata)
{
	(void)vcpu;
	(void)udata;
	if (user_tbs != user_tbs_seen) {
		user_tbs_seen = user_tbs;
		seg_begin = now[KINSN];
	}
}

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t i, n = qemu_plugin_tb_n_insns(tb);

	(void)id;
	if (n && is_kernel(qemu_plugin_insn_vaddr(qemu_plugin_tb_get_insn(tb, 0))))
		qemu_plugin_register_vcpu_tb_exec_cb(tb, on_kernel_tb,
						     QEMU_PLUGIN_CB_NO_REGS,
						     NULL);
	else if (n)
		qemu_plugin_register_vcpu_tb_exec_inline(
			tb, QEMU_PLUGIN_INLINE_ADD_U64, &user_tbs, 1);
	for (i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
		int k = is_kernel(qemu_plugin_insn_vaddr(insn));
		uint32_t m;

		qemu_plugin_register_vcpu_insn_exec_inline(
			insn, QEMU_PLUGIN_INLINE_ADD_U64,
			&now[k ? KINSN : UINSN], 1);
		if (k)
			qemu_plugin_register_vcpu_mem_cb(insn, on_mem,
							 QEMU_PLUGIN_CB_NO_REGS,
							 QEMU_PLUGIN_MEM_RW,
							 NULL);
		else if (is_marker(insn, &m))
			qemu_plugin_register_vcpu_insn_exec_cb(
				insn, on_marker, QEMU_PLUGIN_CB_NO_REGS,
				(void *)(uintptr_t)m);
	}
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* The most frequent value of column col (the smallest on a tie). */
static uint64_t mode_of(const struct samples *s, int col, size_t *count,
			uint64_t *min, uint64_t *max)
{
	uint64_t *v = malloc(s->n * sizeof(*v)), best = 0;
	size_t i, run = 0, best_run = 0;

	if (!v)
		return 0;
	for (i = 0; i < s->n; i++)
		v[i] = s->v[i][col];
	qsort(v, s->n, sizeof(*v), cmp_u64);
	for (i = 0; i < s->n; i++) {
		run = i && v[i] == v[i - 1] ? run + 1 : 1;
		if (run > best_run) {
			best_run = run;
			best = v[i];
		}
	}
	*count = best_run;
	*min = v[0];
	*max = v[s->n - 1];
	free(v);
	return best;
}

/*
 * The other columns of the samples whose key column is at its mode:
 * those are the runs without an interrupt, and the columns move with
 * it.  Their own mode, for the same reason.
 */
static uint64_t col_at_mode(const struct samples *s, int col, int key,
			    uint64_t kmode)
{
	struct samples sub = { .n = 0 };
	uint64_t mn, mx, r;
	size_t i, cnt;

	sub.v = malloc(s->n * sizeof(*sub.v));
	if (!sub.v)
		return 0;
	for (i = 0; i < s->n; i++)
		if (s->v[i][key] == kmode)
			memcpy(sub.v[sub.n++], s->v[i], sizeof(s->v[i]));
	r = sub.n ? mode_of(&sub, col, &cnt, &mn, &mx) : 0;
	free(sub.v);
	return r;
}

/*
 * Which count carries a path's fixup.  The signal path is exact as a
 * whole: int3, delivery with the fixup, the handler, sigreturn.  The
 * preemption probe spins through a varying number of ticks before the
 * one that lets the partner run, so there the count is the last kernel
 * segment: the partner's sched_yield() and the switch back, whose
 * return to user space runs the fixup.
 */
static int key_of(int path)
{
	return path ? KLAST : KINSN;
}

struct row {
	uint64_t v[NCOUNT];
	size_t n, at_mode;
	uint64_t min, max;
};

static void summarize(const struct samples *s, int path, struct row *r)
{
	int key = key_of(path), i;

	memset(r, 0, sizeof(*r));
	r->n = s->n;
	if (!s->n)
		return;
	r->v[key] = mode_of(s, key, &r->at_mode, &r->min, &r->max);
	for (i = 0; i < NCOUNT; i++)
		if (i != key)
			r->v[i] = col_at_mode(s, i, key, r->v[key]);
}

static void report(FILE *f)
{
	struct row r[RB_MARK_CASES];
	int c, p, q, i;

	fprintf(f, "# rb_insncount: guest instructions between the cost guest's markers, counted by a QEMU TCG plugin; per case the mode of the key count over n samples (how many equal it, min..max), the other columns from the samples at that mode\n");
	fprintf(f, "# key: signal path, all kernel instructions; preemption path, the last kernel segment (k.last)\n");
	fprintf(f, "%-10s %-10s %-5s %5s %8s %8s %9s %13s %8s %7s %8s\n",
		"protocol", "path", "armed", "n", "kernel", "k.last",
		"(at mode)", "min..max", "user", "u.loads", "u.stores");
	for (c = 0; c < RB_MARK_CASES; c++) {
		const struct samples *s = &cases[c];
		char range[32];

		summarize(s, c / 2 % 2, &r[c]);
		if (!s->n)
			continue;
		snprintf(range, sizeof(range), "%llu..%llu",
			 (unsigned long long)r[c].min,
			 (unsigned long long)r[c].max);
		fprintf(f, "%-10s %-10s %-5s %5zu %8llu %8llu %9zu %13s %8llu %7llu %8llu\n",
			proto_name[c / 4], path_name[c / 2 % 2],
			c % 2 ? "yes" : "no", s->n,
			(unsigned long long)r[c].v[KINSN],
			(unsigned long long)r[c].v[KLAST], r[c].at_mode,
			range, (unsigned long long)r[c].v[UINSN],
			(unsigned long long)r[c].v[ULOAD],
			(unsigned long long)r[c].v[USTORE]);
		if (s->dropped)
			fprintf(f, "#   %s %s %s: %zu samples dropped (the probe did not end as expected)\n",
				proto_name[c / 4], path_name[c / 2 % 2],
				c % 2 ? "armed" : "not armed", s->dropped);
	}
	fprintf(f, "# armed - not armed, of the key count: the fixup's own cost; user loads and stores are those kernel-mode instructions made\n");
	fprintf(f, "%-10s %-10s %12s %8s %8s %8s\n", "protocol", "path",
		"kernel", "user", "u.loads", "u.stores");
	for (p = 0; p < RB_MARK_PROTOS; p++) {
		for (q = 0; q < RB_MARK_PATHS; q++) {
			const struct row *a = &r[RB_MARK_CASE(p, q, 1)];
			const struct row *n = &r[RB_MARK_CASE(p, q, 0)];
			int key = key_of(q);

			if (!a->n || !n->n)
				continue;
			fprintf(f, "%-10s %-10s %+12lld", proto_name[p],
				path_name[q],
				(long long)(a->v[key] - n->v[key]));
			/* The preemption probe's user count is its spin. */
			if (q)
				fprintf(f, " %8s", "spin");
			else
				fprintf(f, " %+8lld", (long long)(a->v[UINSN] -
							       n->v[UINSN]));
			for (i = ULOAD; i <= USTORE; i++)
				fprintf(f, " %+8lld",
					(long long)(a->v[i] - n->v[i]));
			fprintf(f, "\n");
		}
	}
}

static void on_exit_qemu(qemu_plugin_id_t id, void *udata)
{
	char tmp[4096];
	FILE *f;

	(void)id;
	(void)udata;
	if (!out_path) {
		report(stderr);
		return;
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", out_path);
	f = fopen(tmp, "w");
	if (!f) {
		perror(tmp);
		return;
	}
	report(f);
	if (fclose(f) || rename(tmp, out_path))
		perror(out_path);
}

RB_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
				  const qemu_info_t *info, int argc,
				  char **argv)
{
	int i;

	target_arm64 = !strcmp(info->target_name, "aarch64");
	if (!info->system_emulation || info->system.smp_vcpus != 1 ||
	    (strcmp(info->target_name, "x86_64") && !target_arm64)) {
		fprintf(stderr, "rb_insncount: needs qemu-system-x86_64 or -aarch64 with -smp 1\n");
		return -1;
	}
	for (i = 0; i < argc; i++) {
		if (!strncmp(argv[i], "out=", 4)) {
			out_path = argv[i] + 4;
		} else {
			fprintf(stderr, "rb_insncount: unknown argument %s\n",
				argv[i]);
			return -1;
		}
	}
	for (i = 0; i < RB_MARK_CASES; i++) {
		cases[i].v = calloc(MAX_SAMPLES, sizeof(*cases[i].v));
		if (!cases[i].v)
			return -1;
	}
	qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
	qemu_plugin_register_atexit_cb(id, on_exit_qemu, NULL);
	return 0;
}
