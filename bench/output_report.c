// SPDX-License-Identifier: MIT
/*
 * The plain-text report: 72 columns, so that it can be pasted into an
 * email unchanged.  Machine-provided strings are wrapped, numbers lose
 * decimals before they widen a column.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "rseqbench.h"

/*
 * A table row: its name in the first 18 columns, indented by two where
 * the name leaves room (the shape rows' names take up to 18).
 */
static void rb_row_line(FILE *f, const char *name, const char *cells)
{
	int len = (int)strlen(name);
	int indent = len <= 16 ? 2 : len < 18 ? 18 - len : 0;

	fprintf(f, "%*s%-*s%s\n", indent, "", 18 - indent, name, cells);
}

/*
 * v in at most width characters: two decimals while they fit, then
 * one, then none, so that a slow row (an emulated syscall) does not
 * push the table past 72 columns.
 */
static void rb_fmt_fit(char *buf, size_t len, int width, const char *sign,
		       double v)
{
	int prec;

	for (prec = 2; prec >= 0; prec--) {
		char fmt[16];

		snprintf(fmt, sizeof(fmt), "%%%s%d.%df", sign, width, prec);
		snprintf(buf, len, fmt, v);
		if ((int)strlen(buf) <= width)
			return;
	}
}

/*
 * Each line of text, word-wrapped to 72 columns: first line of each
 * after indent, continuation lines after indent2.
 */
static void rb_wrap(FILE *f, const char *text, const char *indent,
		    const char *indent2)
{
	const char *p = text;

	while (*p) {
		int len = (int)strcspn(p, "\n");
		const char *pre = indent;

		while (len > 0) {
			int width = 72 - (int)strlen(pre), cut = len;

			if (len > width) {
				for (cut = width; cut > 0 && p[cut] != ' '; cut--)
					;
				if (!cut)
					cut = width;
			}
			fprintf(f, "%s%.*s\n", pre, cut, p);
			p += cut;
			len -= cut;
			while (len > 0 && *p == ' ') {
				p++;
				len--;
			}
			pre = indent2;
		}
		if (*p)
			p++;
	}
}

static const struct rb_cell_result *rb_cell_at(const struct rb_run *run,
					       int ctx, int row, int op)
{
	return rb_find_ctx_cell(run, ctx, row, op);
}

/* " 12.34 [12.1,12.9]": 18 columns, '!' first when sensitive. */
static void rb_fmt_cost(char *buf, size_t len, const struct rb_cell_result *c)
{
	char m[16], lo[16], hi[16];

	if (!c || isnan(c->cost.value)) {
		snprintf(buf, len, "%17s ", "-");
		return;
	}
	rb_fmt_fit(m, sizeof(m), 5, "", c->cost.value);
	rb_fmt_fit(lo, sizeof(lo), 4, "", c->cost.lo);
	rb_fmt_fit(hi, sizeof(hi), 4, "", c->cost.hi);
	snprintf(buf, len, "%c%s [%s,%s]", c->sensitive ? '!' : ' ', m, lo,
		 hi);
}

/*
 * " +1.08~ ": 9 columns.  Below plain is never a protocol's cost: it is
 * always marked, whatever its spread.
 */
static void rb_fmt_verdict(char *buf, size_t len, const struct rb_verdict *v,
			   bool ref, bool vs_plain)
{
	char m[16];
	bool mark;

	if (ref) {
		snprintf(buf, len, "%8s ", "ref");
		return;
	}
	if (isnan(v->value)) {
		snprintf(buf, len, "%8s ", "-");
		return;
	}
	mark = !v->robust || (vs_plain && v->value < 0);
	rb_fmt_fit(m, sizeof(m), 7, "+", v->value);
	snprintf(buf, len, "%s%c ", m, mark ? '~' : ' ');
}

static void rb_report_op(FILE *f, const struct rb_run *run, int o, bool est)
{
	bool any = false;
	size_t k;
	int p, x;

	for (k = 0; k < run->ncells; k++)
		any |= run->cells[k].op == o;
	if (!any)
		return;
	fprintf(f, "\n%s (%s/op; [lo,hi] over placements)\n%-18s",
		rb_xop_names[o], est ? "est. cycles" : "cycles", "");
	for (x = 0; x < RB_NCTX; x++)
		fprintf(f, "%18s", rb_ctx_names[x]);
	fputc('\n', f);
	for (p = 0; p < RB_NROW; p++) {
		char line[256] = "";
		bool row = false;

		for (x = 0; x < RB_NCTX; x++) {
			const struct rb_cell_result *c = rb_cell_at(run, x, p, o);
			char b[40];

			row |= c != NULL;
			rb_fmt_cost(b, sizeof(b), c);
			strcat(line, b);
		}
		if (row)
			rb_row_line(f, rb_row_names[p], line);
	}
	fprintf(f, "%-18s%-27s%-27s\n%-18s", "", "vs plain", "vs descriptor",
		"");
	for (k = 0; k < 2; k++)
		fprintf(f, "%8s %8s %8s ", "lat", "thr", "call");
	fputc('\n', f);
	for (p = 0; p < RB_NROW; p++) {
		char line[256] = "";
		bool row = false;
		int side;

		if (p == RB_PROTO_plain)
			continue;
		for (side = 0; side < 2; side++) {
			for (x = 0; x < RB_NCTX; x++) {
				const struct rb_cell_result *c =
					rb_cell_at(run, x, p, o);
				struct rb_verdict none = { .value = NAN };
				char b[40];

				row |= c != NULL;
				rb_fmt_verdict(b, sizeof(b),
					       c ? (side ? &c->vs_desc :
						  &c->vs_plain) : &none,
					       side && p == RB_PROTO_descriptor,
					       !side);
				strcat(line, b);
			}
		}
		if (row)
			rb_row_line(f, rb_row_names[p], line);
	}
	for (k = 0; k < run->ncells; k++) {
		const struct rb_cell_result *c = &run->cells[k];

		if (c->op == o && (c->aborts || c->fails))
			fprintf(f, "  (%s %s: %llu aborts, %llu compare "
				"fails)\n", c->ctx_name, c->proto_name,
				(unsigned long long)c->aborts,
				(unsigned long long)c->fails);
	}
}

/* The checks that can fail, one line or two each. */
static void rb_report_checks(FILE *f, const struct rb_run *run)
{
	int x, i;
	size_t k;

	fprintf(f, "\nChecks\n");
	for (x = 0; x < RB_NCTX; x++) {
		char line[256];
		int len = 0;

		len += snprintf(line + len, sizeof(line) - len,
				"known cost, %s:", rb_ctx_names[x]);
		for (i = 0; i < RB_NKNOWN; i++)
			if (run->known[i].ctx == x)
				len += snprintf(line + len, sizeof(line) - len,
						" %g adds %.2f",
						run->known[i].expect,
						run->known[i].cost.value);
		snprintf(line + len, sizeof(line) - len, " -> %s",
			 run->ctx_pass[x] ? "PASS" : "FAIL");
		rb_wrap(f, line, "  ", "    ");
	}
	for (x = 0; x < RB_NCTX; x++) {
		unsigned n = 0, robust = 0;

		for (k = 0; k < run->ncells; k++) {
			const struct rb_cell_result *c = &run->cells[k];

			if (c->ctx != x || c->proto != RB_ROW_plain_copy)
				continue;
			n++;
			robust += c->vs_plain.robust;
		}
		if (n)
			fprintf(f, "  plain-copy vs plain, %s: %u of %u ops "
				"robust -> %s\n", rb_ctx_names[x], robust, n,
				robust ? "FAIL" : "PASS");
	}
	for (x = 0; x < RB_NCTX; x++) {
		const struct rb_cell_result *c =
			rb_cell_at(run, x, RB_ROW_probe, RB_OP_addv);

		if (c)
			fprintf(f, "  probe-split, %s: range %.2f-%.2f -> "
				"%s\n", rb_ctx_names[x], c->cost.lo,
				c->cost.hi, c->sensitive ?
				"flagged, PASS" : "not flagged, FAIL");
	}
}

void rb_write_report(FILE *f, const struct rb_run *run)
{
	const struct rb_env *e = &run->env;
	const struct rb_timer *t = &run->timer;
	bool est = rb_cycles_estimated(run);
	const char *unit = est ? "est. cycles" : "cycles";
	char line[1024];
	int o;

	/* Machine-provided strings can be long: wrap, never overflow 72. */
	snprintf(line, sizeof(line), "rseqbench %s (git %s) on %s, %s",
		 RB_VERSION, e->git_rev, e->host, e->date);
	rb_wrap(f, line, "", "  ");
	snprintf(line, sizeof(line), "arch %s: %s (%s)%s", e->arch,
		 e->cpu_model, e->cpu_id,
		 e->hypervisor ? ", virtual machine" : "");
	rb_wrap(f, line, "", "  ");
	if (e->emulated) {
		snprintf(line, sizeof(line), "EMULATED CPU (%s): timings are "
			 "the emulator's, not the architecture's; never "
			 "compare them with native numbers", e->emulated_why);
		rb_wrap(f, line, "", "  ");
	}
	snprintf(line, sizeof(line), "kernel %.*s, glibc %s, %s",
		 (int)strcspn(e->kernel, " "), e->kernel, e->glibc,
		 e->compiler);
	rb_wrap(f, line, "", "  ");
	fprintf(f, "timer: %s (%s)", t->name,
		t->read_method ? t->read_method : "");
	if (t->hz > 0)
		fprintf(f, " at %.4f GHz", t->hz / 1e9);
	fputc('\n', f);
	if (est)
		fprintf(f, "  cycles ESTIMATED: %.4f timer units per core cycle\n"
			"  (dependent-add chain, CI [%.4f, %.4f]); core ~%.2f GHz\n",
			run->calib_sum.median, run->calib_sum.ci_low,
			run->calib_sum.ci_high,
			t->hz > 0 ? t->hz / run->calib_sum.median / 1e9 : NAN);
	else
		fprintf(f, "  cycles counted by the PMU (%s events)\n",
			t->event_source ? t->event_source : "perf");
	if (t->note[0])
		rb_wrap(f, t->note, "  ", "    ");
	fprintf(f, "n = %llu ops/sample x %u rounds%s, ",
		(unsigned long long)run->cfg.n, run->rounds_done,
		run->interrupted ? " (INTERRUPTED)" : "");
	if (run->pinned_cpu >= 0)
		fprintf(f, "pinned to cpu %d\n", run->pinned_cpu);
	else
		fprintf(f, "not pinned\n");
	fprintf(f, "selftest (1, 4, 16 dependent adds/op): %.2f %.2f %.2f -> ",
		run->known[0].cost.value, run->known[1].cost.value,
		run->known[2].cost.value);
	if (run->ctx_pass[RB_CTX_LATENCY])
		fprintf(f, "PASS\n");
	else
		fprintf(f, "FAIL (+-%g)\n", RB_SELFTEST_TOL);
	fprintf(f, "placements: %u code (%d-byte steps mod 64) x %d data "
		"(offsets\n  mod 4096), shuffled; %u process(es)\n", rb_ncode,
		RB_CODE_STEP, RB_NDATA, run->processes_done);
	fprintf(f, "latency: empty loop %.3f %s/op subtracted\n",
		run->empty_sum.median, unit);
	if (run->cfg.kernel == RB_KERNEL_MODEL)
		fprintf(f, "kernel: MODEL (kmodel.c from a %d us timer signal):\n"
			"  %llu events, %llu restarts, %llu lazy clears\n",
			RB_MODEL_TICK_US,
			(unsigned long long)run->model_events,
			(unsigned long long)run->model_restarts,
			(unsigned long long)run->model_clears);
	else
		fprintf(f, "kernel: host (regabort, twostore: fast path only;"
			" the host\n  kernel does not restart them)\n"
			"rseq area: %.61s\n", e->rseq);
	if (!run->cfg.selftest_only)
		for (o = 0; o < RB_NXOP; o++)
			rb_report_op(f, run, o, est);
	rb_report_checks(f, run);
	fprintf(f, "\n%s/op: median of the per-process medians; [lo,hi]: the\n"
		"lowest and highest per-placement or per-process median;\n"
		"! placement-sensitive (range > %.1f + 10%% of the cost).\n"
		"vs: the round-by-round difference, summarised the same way.\n"
		"~ within placement spread: its sign holds in fewer than %.0f%%"
		"\nof placements or not in every process, or its 95%% CI "
		"includes 0,\nor it is within the known-cost tolerance (%g, "
		"caller %g),\nor it is below plain.\nThroughput: two unroll factors (%d, %d ops over %d "
		"slots)\ndifferenced; caller: addv with %u live values "
		"(.live4, .live16:\n%u, %u), the freelist with %u.\n", unit,
		RB_PLACEMENT_SPREAD, RB_ROBUST_SHARE * 100, RB_SELFTEST_TOL,
		RB_SELFTEST_TOL_CALLER, RB_THR_U1,
		RB_THR_U2, RB_NSLOT, rb_live_counts[1], rb_live_counts[0],
		rb_live_counts[2], rb_live_counts[1]);
	if (est)
		fprintf(f, "Estimated cycles are valid as ratios; absolute "
			"cycles need a PMU.\n");
}
