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
	fprintf(f, "%s,%s,%s,%s,%s,%s,%s,%.6g\n", run->env.arch,
		run->env.emulated ? "true" : "false",
		run->timer.name, rb_unit(run), c->proto_name, c->op_name,
		stat, v);
}

void rb_write_csv(FILE *f, const struct rb_run *run)
{
	size_t k;

	fprintf(f, "arch,emulated,timer,unit,protocol,op,statistic,value\n");
	for (k = 0; k < run->ncells; k++) {
		const struct rb_cell_result *c = &run->cells[k];

		rb_csv_row(f, run, c, "n", (double)c->sum.n);
		rb_csv_row(f, run, c, "min", c->sum.min);
		rb_csv_row(f, run, c, "median", c->sum.median);
		rb_csv_row(f, run, c, "ci_low", c->sum.ci_low);
		rb_csv_row(f, run, c, "ci_high", c->sum.ci_high);
		rb_csv_row(f, run, c, "delta_descriptor", c->vs_desc.median);
		rb_csv_row(f, run, c, "delta_descriptor_ci_low",
			   c->vs_desc.ci_low);
		rb_csv_row(f, run, c, "delta_descriptor_ci_high",
			   c->vs_desc.ci_high);
		rb_csv_row(f, run, c, "delta_plain", c->vs_plain.median);
		rb_csv_row(f, run, c, "delta_plain_ci_low", c->vs_plain.ci_low);
		rb_csv_row(f, run, c, "delta_plain_ci_high",
			   c->vs_plain.ci_high);
		rb_csv_row(f, run, c, "aborts", (double)c->aborts);
		if (c->instr)
			rb_csv_row(f, run, c, "instructions_median",
				   c->instr_sum.median);
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

static void rb_json_cell(FILE *f, const struct rb_run *run,
			 const struct rb_cell_result *c, bool comma)
{
	fputs("    {\"protocol\": ", f);
	rb_json_str(f, c->proto_name);
	fputs(", \"op\": ", f);
	rb_json_str(f, c->op_name);
	fputs(",\n     \"cycles_per_op\": ", f);
	rb_json_summary(f, &c->sum);
	if (c->op >= 0) {
		fputs(",\n     \"paired_delta_descriptor\": ", f);
		rb_json_summary(f, &c->vs_desc);
		fputs(",\n     \"paired_delta_plain\": ", f);
		rb_json_summary(f, &c->vs_plain);
	}
	fprintf(f, ",\n     \"aborts\": %llu, \"compare_fails\": %llu",
		(unsigned long long)c->aborts, (unsigned long long)c->fails);
	fputs(",\n     \"samples_cycles\": ", f);
	rb_json_array(f, c->cycles, run->rounds_done);
	fputs(",\n     \"samples_timer_units\": ", f);
	rb_json_array(f, c->units, run->rounds_done);
	if (c->instr) {
		fputs(",\n     \"instructions_per_op\": ", f);
		rb_json_summary(f, &c->instr_sum);
		fputs(",\n     \"samples_instructions\": ", f);
		rb_json_array(f, c->instr, run->rounds_done);
	}
	fputs(comma ? "},\n" : "}\n", f);
}

void rb_write_json(FILE *f, const struct rb_run *run)
{
	const struct rb_env *e = &run->env;
	const struct rb_timer *t = &run->timer;
	char buf[64];
	size_t k;
	int d;

	fputs("{\n  \"schema\": \"rseqbench-results-1\",\n", f);
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
	rb_json_kv_str(f, "kernel", run->cfg.kernel == RB_KERNEL_MODEL ?
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
	fprintf(f, "    \"unroll\": %d,\n", RB_SHAPE_UNROLL(run->cfg.shape));
	rb_json_kv_str(f, "loop", rb_shape_names[run->cfg.shape], true);
	fprintf(f, "    \"pinned_cpu\": %d,\n", run->pinned_cpu);
	fprintf(f, "    \"ci_level\": %.2f,\n", RB_CI_LEVEL);
	snprintf(buf, sizeof(buf), "%s", rb_unit(run));
	rb_json_kv_str(f, "unit", buf, false);
	fputs("  },\n  \"empty_loop_cycles_per_op\": ", f);
	rb_json_summary(f, &run->empty_sum);
	fputs(",\n  \"empty_loop_samples\": ", f);
	rb_json_array(f, run->empty, run->rounds_done);
	fprintf(f, ",\n  \"selftest\": {\"pass\": %s, \"tolerance\": %.2f, "
		"\"chains\": [\n", run->selftest_pass ? "true" : "false",
		RB_SELFTEST_TOL);
	for (d = 0; d < RB_NDEP; d++) {
		fprintf(f, "    {\"dependent_adds\": %u, \"cycles_per_op\": ",
			rb_dep_adds[d]);
		rb_json_summary(f, &run->dep[d].sum);
		fputs(", \"samples_cycles\": ", f);
		rb_json_array(f, run->dep[d].cycles, run->rounds_done);
		fputs(d + 1 < RB_NDEP ? "},\n" : "}\n", f);
	}
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

/* "+0.45+-0.02": paired median and the larger side of its 95% CI. */
static void rb_fmt_delta(char *buf, size_t len, const struct rb_summary *d)
{
	double hw;

	if (isnan(d->median)) {
		snprintf(buf, len, "%11s", "-");
		return;
	}
	hw = fmax(d->median - d->ci_low, d->ci_high - d->median);
	if (d->median == 0 && d->ci_low == 0 && d->ci_high == 0) {
		snprintf(buf, len, "%11s", "0");
	} else if (isnan(hw)) {
		rb_fmt_fit(buf, len, 11, "+", d->median);
	} else {
		char m[16], h[16];

		rb_fmt_fit(m, sizeof(m), 6, "+", d->median);
		rb_fmt_fit(h, sizeof(h), 4, "", fmin(hw, 9999));
		snprintf(buf, len, "%s+-%-4s", m, h + strspn(h, " "));
	}
}

static void rb_fmt_ci(char *buf, size_t len, const struct rb_summary *s)
{
	char lo[16], hi[16];

	if (isnan(s->ci_low)) {
		snprintf(buf, len, "%-15s", "[n too small]");
		return;
	}
	rb_fmt_fit(lo, sizeof(lo), 6, "", s->ci_low);
	rb_fmt_fit(hi, sizeof(hi), 6, "", s->ci_high);
	snprintf(buf, len, "[%s,%s]", lo, hi);
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

void rb_write_report(FILE *f, const struct rb_run *run)
{
	const struct rb_env *e = &run->env;
	const struct rb_timer *t = &run->timer;
	bool est = rb_cycles_estimated(run);
	const char *unit = est ? "est. cycles" : "cycles";
	int o, d;
	size_t k;

	char line[1024];

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
	fprintf(f, "loop %s; empty loop %.3f %s/op subtracted\n",
		rb_shape_names[run->cfg.shape], run->empty_sum.median, unit);
	fprintf(f, "selftest (1, 4, 16 dependent adds/op):");
	for (d = 0; d < RB_NDEP; d++)
		fprintf(f, " %.2f", run->dep[d].sum.median);
	fprintf(f, " -> %s\n", run->selftest_pass ? "PASS" : "FAIL (+-0.1)");
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

	for (o = 0; o < RB_NOP; o++) {
		bool any = false;

		for (k = 0; k < run->ncells; k++)
			any |= run->cells[k].op == o;
		if (!any || run->cfg.selftest_only)
			continue;
		fprintf(f, "\n%-27s %-15s %11s %11s\n", rb_op_names[o],
			est ? "est.cyc  95% CI" : " cycles  95% CI", "vs desc",
			"vs plain");
		for (k = 0; k < run->ncells; k++) {
			const struct rb_cell_result *c = &run->cells[k];
			char ci[40], dd[32], dp[32], med[16];

			if (c->op != o)
				continue;
			rb_fmt_ci(ci, sizeof(ci), &c->sum);
			rb_fmt_delta(dd, sizeof(dd), &c->vs_desc);
			rb_fmt_delta(dp, sizeof(dp), &c->vs_plain);
			/* The reference rows themselves. */
			if (c->proto == RB_PROTO_descriptor)
				snprintf(dd, sizeof(dd), "%11s", "ref");
			if (c->proto == RB_PROTO_plain)
				snprintf(dp, sizeof(dp), "%11s", "ref");
			rb_fmt_fit(med, sizeof(med), 7, "", c->sum.median);
			fprintf(f, "  %-17s %s %s %s %s\n", c->proto_name, med,
				ci, dd, dp);
		}
		for (k = 0; k < run->ncells; k++) {
			const struct rb_cell_result *c = &run->cells[k];

			if (c->op == o && (c->aborts || c->fails))
				fprintf(f, "  (%s: %llu aborts, %llu compare "
					"fails)\n", c->proto_name,
					(unsigned long long)c->aborts,
					(unsigned long long)c->fails);
		}
	}
	fprintf(f, "\n%s/op: median of %u samples, each %llu ops, with the\n"
		"95%% CI of the median (order statistics).  vs desc, vs plain:\n"
		"median of the round-by-round differences +- its 95%% CI.\n",
		unit, run->rounds_done, (unsigned long long)run->cfg.n);
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
