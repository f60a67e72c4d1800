// SPDX-License-Identifier: MIT
/*
 * Writers: tidy CSV, JSON with every sample and the environment, and a
 * 72-column plain-text report for email.  Files are written to a
 * temporary name in the target directory and renamed into place, so a
 * reader never sees half a file.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rseqbench.h"

bool rb_cycles_estimated(const struct rb_run *run)
{
	return !run->timer.counts_cycles;
}

static const char *rb_unit(const struct rb_run *run)
{
	return rb_cycles_estimated(run) ? "cycles_est" : "cycles";
}


/* ---- CSV ---- */

static void rb_csv_row(FILE *f, const struct rb_run *run,
		       const struct rb_cell_result *c, const char *stat,
		       double v)
{
	if (isnan(v))
		return;		/* tidy: a missing value is a missing row */
	fprintf(f, "%s,%s,%s,%s,%s,%s,%s,%s,%.6g\n", run->env.arch,
		run->env.emulated ? "true" : "false",
		run->timer.name, rb_unit(run), c->ctx_name, c->proto_name,
		c->op_name, stat, v);
}

static void rb_csv_verdict(FILE *f, const struct rb_run *run,
			   const struct rb_cell_result *c, const char *name,
			   const struct rb_verdict *v)
{
	char k[64];

	if (isnan(v->value))
		return;
	rb_csv_row(f, run, c, name, v->value);
	snprintf(k, sizeof(k), "%s_place_lo", name);
	rb_csv_row(f, run, c, k, v->lo);
	snprintf(k, sizeof(k), "%s_place_hi", name);
	rb_csv_row(f, run, c, k, v->hi);
	snprintf(k, sizeof(k), "%s_ci_low", name);
	rb_csv_row(f, run, c, k, v->ci_low);
	snprintf(k, sizeof(k), "%s_ci_high", name);
	rb_csv_row(f, run, c, k, v->ci_high);
	snprintf(k, sizeof(k), "%s_robust", name);
	rb_csv_row(f, run, c, k, v->robust);
}

void rb_write_csv(FILE *f, const struct rb_run *run)
{
	size_t k;

	fprintf(f, "arch,emulated,timer,unit,context,protocol,op,statistic,"
		"value\n");
	for (k = 0; k < run->ncells; k++) {
		const struct rb_cell_result *c = &run->cells[k];

		rb_csv_row(f, run, c, "n", (double)c->sum.n);
		rb_csv_row(f, run, c, "min", c->sum.min);
		rb_csv_row(f, run, c, "median", c->cost.value);
		rb_csv_row(f, run, c, "place_lo", c->cost.lo);
		rb_csv_row(f, run, c, "place_hi", c->cost.hi);
		rb_csv_row(f, run, c, "ci_low", c->cost.ci_low);
		rb_csv_row(f, run, c, "ci_high", c->cost.ci_high);
		rb_csv_row(f, run, c, "placement_sensitive", c->sensitive);
		rb_csv_verdict(f, run, c, "delta_descriptor", &c->vs_desc);
		rb_csv_verdict(f, run, c, "delta_plain", &c->vs_plain);
		rb_csv_row(f, run, c, "aborts", (double)c->aborts);
	}
}

/* ---- JSON ---- */

static void rb_json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			fprintf(f, "\\%c", ch);
		else if (ch == '\n')
			fputs("\\n", f);
		else if (ch == '\t')
			fputs("\\t", f);
		else if (ch < 0x20)
			fprintf(f, "\\u%04x", ch);
		else
			fputc(ch, f);
	}
	fputc('"', f);
}

static void rb_json_num(FILE *f, double v)
{
	if (isnan(v) || isinf(v))
		fputs("null", f);
	else
		fprintf(f, "%.9g", v);
}

static void rb_json_kv_str(FILE *f, const char *k, const char *v, bool comma)
{
	fprintf(f, "    ");
	rb_json_str(f, k);
	fputs(": ", f);
	rb_json_str(f, v);
	fputs(comma ? ",\n" : "\n", f);
}

static void rb_json_array(FILE *f, const double *x, unsigned n)
{
	unsigned i;

	fputc('[', f);
	for (i = 0; i < n; i++) {
		if (i)
			fputs(", ", f);
		rb_json_num(f, x[i]);
	}
	fputc(']', f);
}

static void rb_json_summary(FILE *f, const struct rb_summary *s)
{
	fprintf(f, "{\"n\": %zu, \"min\": ", s->n);
	rb_json_num(f, s->min);
	fputs(", \"median\": ", f);
	rb_json_num(f, s->median);
	fputs(", \"ci_low\": ", f);
	rb_json_num(f, s->ci_low);
	fputs(", \"ci_high\": ", f);
	rb_json_num(f, s->ci_high);
	fputs(", \"max\": ", f);
	rb_json_num(f, s->max);
	fputc('}', f);
}

static void rb_json_verdict(FILE *f, const struct rb_verdict *v)
{
	fputs("{\"value\": ", f);
	rb_json_num(f, v->value);
	fputs(", \"place_lo\": ", f);
	rb_json_num(f, v->lo);
	fputs(", \"place_hi\": ", f);
	rb_json_num(f, v->hi);
	fputs(", \"ci_low\": ", f);
	rb_json_num(f, v->ci_low);
	fputs(", \"ci_high\": ", f);
	rb_json_num(f, v->ci_high);
	fprintf(f, ", \"placements\": %u, \"agree\": %u, \"processes\": %u, "
		"\"robust\": %s}", v->placements, v->agree, v->processes,
		v->robust ? "true" : "false");
}

static void rb_json_cell(FILE *f, const struct rb_run *run,
			 const struct rb_cell_result *c, bool comma)
{
	fputs("    {\"context\": ", f);
	rb_json_str(f, c->ctx_name);
	fputs(", \"protocol\": ", f);
	rb_json_str(f, c->proto_name);
	fputs(", \"op\": ", f);
	rb_json_str(f, c->op_name);
	fputs(",\n     \"cycles_per_op\": ", f);
	rb_json_summary(f, &c->sum);
	fputs(",\n     \"cost\": ", f);
	rb_json_verdict(f, &c->cost);
	fprintf(f, ",\n     \"placement_sensitive\": %s",
		c->sensitive ? "true" : "false");
	if (c->op >= 0) {
		fputs(",\n     \"paired_delta_descriptor\": ", f);
		rb_json_verdict(f, &c->vs_desc);
		fputs(",\n     \"paired_delta_plain\": ", f);
		rb_json_verdict(f, &c->vs_plain);
	} else {
		fprintf(f, ",\n     \"expected\": %g", c->expect);
	}
	fprintf(f, ",\n     \"aborts\": %llu, \"compare_fails\": %llu",
		(unsigned long long)c->aborts, (unsigned long long)c->fails);
	fputs(",\n     \"samples_cycles\": ", f);
	rb_json_array(f, c->cycles, run->rounds_done);
	fputs(",\n     \"samples_timer_units\": ", f);
	rb_json_array(f, c->units, run->rounds_done);
	fputs(comma ? "},\n" : "}\n", f);
}

static void rb_json_uarray(FILE *f, const unsigned *x, unsigned n,
			   unsigned div, unsigned mod)
{
	unsigned i;

	fputc('[', f);
	for (i = 0; i < n; i++)
		fprintf(f, "%s%u", i ? ", " : "", x[i] / div % mod);
	fputc(']', f);
}

void rb_write_json(FILE *f, const struct rb_run *run)
{
	const struct rb_env *e = &run->env;
	const struct rb_timer *t = &run->timer;
	char buf[64];
	size_t k;
	int d;

	fputs("{\n  \"schema\": \"rseqbench-results-2\",\n", f);
	fputs("  \"environment\": {\n", f);
	rb_json_kv_str(f, "rseqbench_version", RB_VERSION, true);
	rb_json_kv_str(f, "git_revision", e->git_rev, true);
	rb_json_kv_str(f, "host", e->host, true);
	rb_json_kv_str(f, "date", e->date, true);
	rb_json_kv_str(f, "arch", e->arch, true);
	fprintf(f, "    \"emulated\": %s,\n", e->emulated ? "true" : "false");
	rb_json_kv_str(f, "emulated_why", e->emulated_why, true);
	fprintf(f, "    \"hypervisor\": %s,\n", e->hypervisor ? "true" : "false");
	rb_json_kv_str(f, "cpu_model", e->cpu_model, true);
	rb_json_kv_str(f, "cpu_id", e->cpu_id, true);
	rb_json_kv_str(f, "microcode", e->microcode, true);
	fprintf(f, "    \"cpus_online\": %d,\n", e->ncpus_online);
	rb_json_kv_str(f, "kernel", e->kernel, true);
	rb_json_kv_str(f, "glibc", e->glibc, true);
	rb_json_kv_str(f, "compiler", e->compiler, true);
	rb_json_kv_str(f, "cflags", e->cflags, true);
	rb_json_kv_str(f, "rseq_area", e->rseq, true);
	fprintf(f, "    \"libpfm4\": %s,\n", e->libpfm ? "true" : "false");
	/* Which kernel restarted sequences: "kernel" is the version. */
	rb_json_kv_str(f, "restarts_by", run->cfg.kernel == RB_KERNEL_MODEL ?
		       "model" : "host", true);
	fprintf(f, "    \"model_events\": %llu, \"model_restarts\": %llu, "
		"\"model_clears\": %llu,\n",
		(unsigned long long)run->model_events,
		(unsigned long long)run->model_restarts,
		(unsigned long long)run->model_clears);
	rb_json_kv_str(f, "command_line", run->cfg.cmdline, false);
	fputs("  },\n  \"timer\": {\n", f);
	rb_json_kv_str(f, "name", t->name, true);
	rb_json_kv_str(f, "unit", t->unit, true);
	rb_json_kv_str(f, "read_method", t->read_method ? t->read_method : "",
		       true);
	rb_json_kv_str(f, "event_source",
		       t->event_source ? t->event_source : "", true);
	rb_json_kv_str(f, "cycles", rb_cycles_estimated(run) ?
		       "estimated from a dependent-add calibration chain" :
		       "counted by the PMU", true);
	fputs("    \"frequency_hz\": ", f);
	rb_json_num(f, t->hz);
	fputs(",\n    \"core_hz_estimate\": ", f);
	rb_json_num(f, t->hz > 0 ? t->hz / run->calib_sum.median : NAN);
	fputs(",\n    \"units_per_cycle\": ", f);
	rb_json_summary(f, &run->calib_sum);
	fputs(",\n    \"units_per_cycle_samples\": ", f);
	rb_json_array(f, run->calib, run->rounds_done);
	fputs(",\n", f);
	rb_json_kv_str(f, "note", t->note, false);
	fputs("  },\n  \"config\": {\n", f);
	fprintf(f, "    \"ops_per_sample\": %llu,\n",
		(unsigned long long)run->cfg.n);
	fprintf(f, "    \"rounds_requested\": %u,\n", run->cfg.rounds);
	fprintf(f, "    \"rounds_done\": %u,\n", run->rounds_done);
	fprintf(f, "    \"interrupted\": %s,\n",
		run->interrupted ? "true" : "false");
	fprintf(f, "    \"unroll\": %d,\n", RB_LAT_UNROLL);
	fprintf(f, "    \"throughput_unroll\": [%d, %d],\n", RB_THR_U1,
		RB_THR_U2);
	fprintf(f, "    \"throughput_slots\": %d,\n", RB_NSLOT);
	fprintf(f, "    \"caller_live_values\": [%u, %u, %u],\n",
		rb_live_counts[0], rb_live_counts[1], rb_live_counts[2]);
	fprintf(f, "    \"code_placements\": %u,\n", rb_ncode);
	fprintf(f, "    \"code_placement_step_bytes\": %d,\n",
		RB_CODE_STEP);
	fprintf(f, "    \"data_placements\": %d,\n", RB_NDATA);
	fprintf(f, "    \"processes\": %u,\n", run->processes_done);
	fprintf(f, "    \"robust_share\": %.2f,\n", RB_ROBUST_SHARE);
	fprintf(f, "    \"pinned_cpu\": %d,\n", run->pinned_cpu);
	fprintf(f, "    \"ci_level\": %.2f,\n", RB_CI_LEVEL);
	snprintf(buf, sizeof(buf), "%s", rb_unit(run));
	rb_json_kv_str(f, "unit", buf, false);
	fputs("  },\n  \"empty_loop_cycles_per_op\": ", f);
	rb_json_num(f, run->empty_sum.median);
	fputs(",\n  \"empty_loop_samples\": ", f);
	rb_json_array(f, run->empty, run->rounds_done);
	/* Per round, for every cell's samples_* arrays alike. */
	fputs(",\n  \"sample_process\": ", f);
	rb_json_uarray(f, run->proc, run->rounds_done, 1, ~0u);
	fputs(",\n  \"sample_code_placement\": ", f);
	rb_json_uarray(f, run->place, run->rounds_done, RB_NDATA, ~0u);
	fputs(",\n  \"sample_data_placement\": ", f);
	rb_json_uarray(f, run->place, run->rounds_done, 1, RB_NDATA);
	fprintf(f, ",\n  \"selftest\": {\"pass\": %s, \"tolerance\": %.2f, "
		"\"caller_tolerance\": %.2f, \"contexts\": {",
		run->selftest_pass ? "true" : "false", RB_SELFTEST_TOL,
		RB_SELFTEST_TOL_CALLER);
	for (d = 0; d < RB_NCTX; d++)
		fprintf(f, "%s\"%s\": %s", d ? ", " : "", rb_ctx_names[d],
			run->ctx_pass[d] ? "true" : "false");
	fputs("}, \"chains\": [\n", f);
	for (d = 0; d < RB_NKNOWN; d++)
		rb_json_cell(f, run, &run->known[d], d + 1 < RB_NKNOWN);
	fputs("  ]},\n  \"cells\": [\n", f);
	for (k = 0; k < run->ncells; k++)
		rb_json_cell(f, run, &run->cells[k], k + 1 < run->ncells);
	fputs("  ]\n}\n", f);
}

/* ---- report.txt ---- */

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
			fprintf(f, "  %-16s%s\n", rb_row_names[p], line);
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
			fprintf(f, "  %-16s%s\n", rb_row_names[p], line);
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
	fprintf(f, "selftest (1, 4, 16 dependent adds/op): %.2f %.2f %.2f -> "
		"%s\n", run->known[0].cost.value, run->known[1].cost.value,
		run->known[2].cost.value, run->ctx_pass[RB_CTX_LATENCY] ?
		"PASS" : "FAIL (+-0.1)");
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
		"\nof placements, or its 95%% CI includes 0, or it is below "
		"plain.\nThroughput: two unroll factors (%d, %d ops over %d "
		"slots)\ndifferenced; caller: addv with %u live values "
		"(.live4, .live16:\n%u, %u), the freelist with %u.\n", unit,
		RB_PLACEMENT_SPREAD, RB_ROBUST_SHARE * 100, RB_THR_U1,
		RB_THR_U2, RB_NSLOT, rb_live_counts[1], rb_live_counts[0],
		rb_live_counts[2], rb_live_counts[1]);
	if (est)
		fprintf(f, "Estimated cycles are valid as ratios; absolute "
			"cycles need a PMU.\n");
}

/* ---- files ---- */

static int rb_write_atomic(const char *dir, const char *name,
			   void (*writer)(FILE *, const struct rb_run *),
			   const struct rb_run *run)
{
	char tmp[4096], path[4096];
	int fd, err = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	snprintf(tmp, sizeof(tmp), "%s/.%s.XXXXXX", dir, name);
	fd = mkstemp(tmp);
	if (fd < 0)
		return -errno;
	f = fdopen(fd, "w");
	if (!f) {
		err = -errno;
		close(fd);
		unlink(tmp);
		return err;
	}
	writer(f, run);
	if (fflush(f) || fsync(fd))
		err = -errno;
	if (fclose(f) && !err)
		err = -errno;
	if (!err && chmod(tmp, 0644))
		err = -errno;
	if (!err && rename(tmp, path))
		err = -errno;
	if (err)
		unlink(tmp);
	return err;
}

static int rb_mkdir_p(const char *dir)
{
	char buf[4096], *p;

	snprintf(buf, sizeof(buf), "%s", dir);
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (mkdir(buf, 0755) && errno != EEXIST)
		return -errno;
	return 0;
}

int rb_prepare_out_dir(const char *dir)
{
	char probe[4096];
	int err = rb_mkdir_p(dir), fd;

	if (err)
		return err;
	/* Find out now, not after the measurement, that it is writable. */
	snprintf(probe, sizeof(probe), "%s/.rseqbench-probe.XXXXXX", dir);
	fd = mkstemp(probe);
	if (fd < 0)
		return -errno;
	close(fd);
	unlink(probe);
	return 0;
}

int rb_write_results(const struct rb_run *run, const char *dir)
{
	int err = rb_mkdir_p(dir);

	if (!err)
		err = rb_write_atomic(dir, "results.json", rb_write_json, run);
	if (!err)
		err = rb_write_atomic(dir, "results.csv", rb_write_csv, run);
	if (!err)
		err = rb_write_atomic(dir, "report.txt", rb_write_report, run);
	return err;
}
