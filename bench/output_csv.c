// SPDX-License-Identifier: MIT
/*
 * The tidy CSV writer: one row per (context, protocol, op, statistic),
 * each carrying the run's arch, timer and unit, so that a row read
 * alone still says what it measured.
 */
#include <math.h>
#include <stdio.h>

#include "rseqbench.h"

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
