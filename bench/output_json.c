// SPDX-License-Identifier: MIT
/*
 * The JSON writer: every sample, the environment, the timer and the
 * configuration, so that a run can be re-analysed (rseqbench compare
 * reads it back with json.c) without rerunning it.
 */
#include <math.h>
#include <stdio.h>

#include "rseqbench.h"

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
		"\"processes_agree\": %s, \"robust\": %s}", v->placements,
		v->agree, v->processes, v->agree_proc ? "true" : "false",
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
