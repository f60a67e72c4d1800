// SPDX-License-Identifier: MIT
/*
 * rseqbench compare OLD NEW: two result sets side by side, per
 * (protocol, op): both medians with their CIs, the difference, and a
 * Mann-Whitney U p-value over the samples; a difference that is not
 * significant at 5% prints as "~" (benchstat's convention).
 *
 * --fail-above PCT turns it into a regression gate for CI: exit 1 when
 * a difference it already judges significant is slower than PCT
 * percent.  Only significant rows count, so the gate inherits the
 * test's protection against noise instead of adding a second rule.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "json.h"
#include "rseqbench.h"

#define RB_ALPHA 0.05

struct rb_set {
	char path[4096];
	struct rb_jval *doc;
	const struct rb_jval *cells;
};

/* One side of the comparison: one result set, or several runs. */
#define RB_MAX_RUNS 64
struct rb_side {
	struct rb_set set[RB_MAX_RUNS];
	size_t n;
};

static char *rb_slurp(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	size_t cap = 1 << 16, len = 0, n;
	char *buf;

	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	buf = malloc(cap + 1);
	while (buf && (n = fread(buf + len, 1, cap - len, f)) > 0) {
		len += n;
		if (len == cap) {
			char *nb = realloc(buf, (cap *= 2) + 1);

			if (!nb) {
				free(buf);
				buf = NULL;
			}
			buf = nb;
		}
	}
	fclose(f);
	if (!buf) {
		snprintf(err, errlen, "%s: out of memory", path);
		return NULL;
	}
	buf[len] = '\0';
	return buf;
}

/* A results directory (its results.json) or a JSON file. */
static int rb_set_load(struct rb_set *set, const char *arg, char *err,
		       size_t errlen)
{
	struct stat st;
	char jerr[256];
	char *text;

	if (stat(arg, &st)) {
		snprintf(err, errlen, "%s: %s", arg, strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode))
		snprintf(set->path, sizeof(set->path), "%s/results.json", arg);
	else
		snprintf(set->path, sizeof(set->path), "%s", arg);
	text = rb_slurp(set->path, err, errlen);
	if (!text)
		return -1;
	set->doc = rb_json_parse(text, jerr, sizeof(jerr));
	free(text);
	if (!set->doc) {
		snprintf(err, errlen, "%s: not JSON: %s", set->path, jerr);
		return -1;
	}
	set->cells = rb_json_get(set->doc, "cells");
	if (!set->cells || set->cells->type != RB_J_ARR) {
		snprintf(err, errlen, "%s: not an rseqbench results file "
			 "(no \"cells\")", set->path);
		return -1;
	}
	return 0;
}

static const char *rb_jstr(const struct rb_jval *obj, const char *a,
			   const char *b)
{
	const struct rb_jval *v = rb_json_get(rb_json_get(obj, a), b);

	return v && v->type == RB_J_STR ? v->str : "?";
}

/* The context of a cell; results from before contexts were latency. */
static const char *rb_cell_ctx(const struct rb_jval *c)
{
	const struct rb_jval *x = rb_json_get(c, "context");

	return x && x->type == RB_J_STR ? x->str : "latency";
}

static const struct rb_jval *rb_set_cell(const struct rb_set *set,
					 const char *ctx, const char *proto,
					 const char *op)
{
	size_t i;

	for (i = 0; i < set->cells->n; i++) {
		const struct rb_jval *c = &set->cells->items[i];
		const struct rb_jval *p = rb_json_get(c, "protocol");
		const struct rb_jval *o = rb_json_get(c, "op");

		if (p && o && p->type == RB_J_STR && o->type == RB_J_STR &&
		    !strcmp(p->str, proto) && !strcmp(o->str, op) &&
		    !strcmp(rb_cell_ctx(c), ctx))
			return c;
	}
	return NULL;
}

/* Samples of a cell as a double array; 0 when absent or malformed. */
static size_t rb_cell_samples(const struct rb_jval *cell, double **out)
{
	const struct rb_jval *s = rb_json_get(cell, "samples_cycles");
	size_t i, n = 0;

	*out = NULL;
	if (!s || s->type != RB_J_ARR || !s->n)
		return 0;
	*out = malloc(s->n * sizeof(double));
	if (!*out)
		return 0;
	for (i = 0; i < s->n; i++)
		if (s->items[i].type == RB_J_NUM)
			(*out)[n++] = s->items[i].num;
	return n;
}

static int rb_side_load(struct rb_side *side, const char *arg, char *err,
			size_t errlen)
{
	char *copy = strdup(arg), *save = NULL, *tok;

	for (tok = strtok_r(copy, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (side->n == RB_MAX_RUNS) {
			snprintf(err, errlen, "more than %d runs on one side",
				 RB_MAX_RUNS);
			free(copy);
			return -1;
		}
		if (rb_set_load(&side->set[side->n++], tok, err, errlen)) {
			free(copy);
			return -1;
		}
	}
	free(copy);
	if (!side->n) {
		snprintf(err, errlen, "'%s': no result set", arg);
		return -1;
	}
	return 0;
}

/*
 * The samples the test compares.  One run a side: its rounds (they
 * share the process, so a difference of machine state between the two
 * processes shows as significant).  Several runs a side: one median per
 * run, as benchstat does with -count, which is the honest unit when the
 * question is "did the configuration change the cost".
 */
static size_t rb_side_samples(const struct rb_side *side, const char *ctx,
			      const char *proto, const char *op, double **out)
{
	size_t i, n = 0;

	if (side->n == 1) {
		const struct rb_jval *c = rb_set_cell(&side->set[0], ctx, proto, op);

		*out = NULL;
		return c ? rb_cell_samples(c, out) : 0;
	}
	*out = malloc(side->n * sizeof(double));
	for (i = 0; *out && i < side->n; i++) {
		const struct rb_jval *c = rb_set_cell(&side->set[i], ctx, proto, op);
		struct rb_summary s;
		double *x;
		size_t k;

		if (!c)
			continue;
		k = rb_cell_samples(c, &x);
		if (k) {
			rb_summarize(x, k, RB_CI_LEVEL, &s);
			(*out)[n++] = s.median;
		}
		free(x);
	}
	return n;
}

static void rb_fmt_med(char *buf, size_t len, double *x, size_t n)
{
	struct rb_summary s;
	double hw;

	rb_summarize(x, n, RB_CI_LEVEL, &s);
	hw = fmax(s.median - s.ci_low, s.ci_high - s.median);
	if (isnan(hw))
		snprintf(buf, len, "%7.2f     ", s.median);
	else
		snprintf(buf, len, "%7.2f+-%-4.2f", s.median, fmin(hw, 9.99));
}

/* Environment fields that make two sets incomparable when they differ. */
static void rb_compare_env(FILE *f, const struct rb_set *a,
			   const struct rb_set *b)
{
	static const char *const keys[][2] = {
		{ "environment", "arch" }, { "timer", "name" },
		{ "environment", "cpu_model" }, { "config", "unit" },
	};
	const struct rb_jval *ea, *eb;
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const char *x = rb_jstr(a->doc, keys[i][0], keys[i][1]);
		const char *y = rb_jstr(b->doc, keys[i][0], keys[i][1]);

		if (strcmp(x, y))
			fprintf(f, "WARNING: %s differs (%.24s vs %.24s)\n",
				keys[i][1], x, y);
	}
	ea = rb_json_get(rb_json_get(a->doc, "environment"), "emulated");
	eb = rb_json_get(rb_json_get(b->doc, "environment"), "emulated");
	if (ea && eb && ea->num != eb->num)
		fprintf(f, "WARNING: one set is from an EMULATED cpu; the "
			"numbers do not compare\n");
}

/*
 * "--fail-above PCT" or "--fail-above=PCT", taken out of argv; returns
 * the new argc.  *pct stays NAN when the option is absent.
 */
static int rb_gate_args(int argc, char **argv, double *pct)
{
	int i, n = 1;

	*pct = NAN;
	for (i = 1; i < argc; i++) {
		const char *v = NULL;
		char *end;

		if (!strcmp(argv[i], "--fail-above")) {
			if (i + 1 == argc)
				rb_usage_error("compare: --fail-above needs "
					       "a percentage");
			v = argv[++i];
		} else if (!strncmp(argv[i], "--fail-above=", 13)) {
			v = argv[i] + 13;
		} else {
			argv[n++] = argv[i];
			continue;
		}
		errno = 0;
		*pct = strtod(v, &end);
		/* A typo must not silently disable the gate. */
		if (errno || end == v || *end || !isfinite(*pct) || *pct < 0)
			rb_usage_error("compare: --fail-above '%s': expected "
				       "a percentage >= 0, e.g. 10", v);
	}
	argv[n] = NULL;
	return n;
}

int rb_compare_main(int argc, char **argv)
{
	static struct rb_side a, b;
	char err[4400];
	char slow[8][96];
	size_t i, rows = 0, same = 0, nslow = 0;
	size_t min_n;
	double gate;

	if (argc == 2 && (!strcmp(argv[1], "-h") ||
			  !strcmp(argv[1], "--help"))) {
		printf("Usage: rseqbench compare [--fail-above PCT] OLD NEW\n"
		       "OLD, NEW: a results directory (or its results.json), "
		       "or several runs\nseparated by commas.  Per (protocol, "
		       "op): medians +- 95%% CI, the\ndifference, and a "
		       "Mann-Whitney U p-value; '~' = not significant at\n"
		       "5%%.  One run a side compares rounds; several runs a "
		       "side compare\nper-run medians (use >= 4 runs a side "
		       "for p < 0.05 to be reachable).\n"
		       "--fail-above PCT: exit 1 when a significant "
		       "difference is more than PCT\npercent slower (a "
		       "regression gate for CI); else 0; 2 on bad input.\n");
		return 0;
	}
	argc = rb_gate_args(argc, argv, &gate);
	if (argc != 3)
		rb_usage_error("compare: expected two result sets: "
			       "rseqbench compare OLD NEW");
	if (rb_side_load(&a, argv[1], err, sizeof(err)) ||
	    rb_side_load(&b, argv[2], err, sizeof(err)))
		rb_usage_error("compare: %s", err);
	min_n = a.n > 1 || b.n > 1 ? 2 : RB_MIN_ROUNDS;

	printf("old: %.60s\n  %zu run(s), git %s, %s, timer %s\n", argv[1],
	       a.n, rb_jstr(a.set[0].doc, "environment", "git_revision"),
	       rb_jstr(a.set[0].doc, "environment", "date"),
	       rb_jstr(a.set[0].doc, "timer", "name"));
	printf("new: %.60s\n  %zu run(s), git %s, %s, timer %s\n", argv[2],
	       b.n, rb_jstr(b.set[0].doc, "environment", "git_revision"),
	       rb_jstr(b.set[0].doc, "environment", "date"),
	       rb_jstr(b.set[0].doc, "timer", "name"));
	printf("samples: %s\n", a.n > 1 || b.n > 1 ?
	       "one median per run" :
	       "the rounds of one run a side (machine-state differences\n"
	       "  between the two processes count as real)");
	rb_compare_env(stdout, &a.set[0], &b.set[0]);
	for (i = 0; i < a.set[0].cells->n; i++) {
		const struct rb_jval *ca = &a.set[0].cells->items[i];
		const struct rb_jval *p = rb_json_get(ca, "protocol");
		const struct rb_jval *o = rb_json_get(ca, "op");
		static char last_op[96];
		char head[96];
		const char *ctx;
		double *xa, *xb, pval, ma, mb;
		size_t na, nb;
		char sa[32], sb[32], delta[32];
		struct rb_summary s;

		if (!p || !o || p->type != RB_J_STR || o->type != RB_J_STR)
			continue;
		ctx = rb_cell_ctx(ca);
		na = rb_side_samples(&a, ctx, p->str, o->str, &xa);
		nb = rb_side_samples(&b, ctx, p->str, o->str, &xb);
		if (na < min_n || nb < min_n) {
			free(xa);
			free(xb);
			continue;
		}
		snprintf(head, sizeof(head), "%.60s %.11s", o->str, ctx);
		if (strcmp(last_op, head)) {
			snprintf(last_op, sizeof(last_op), "%s", head);
			printf("\n%-24.36s %12s %12s %9s %7s\n", head, "old",
			       "new", "delta", "p");
		}
		pval = rb_mann_whitney_p(xa, na, xb, nb);
		rb_summarize(xa, na, RB_CI_LEVEL, &s);
		ma = s.median;
		rb_summarize(xb, nb, RB_CI_LEVEL, &s);
		mb = s.median;
		rb_fmt_med(sa, sizeof(sa), xa, na);
		rb_fmt_med(sb, sizeof(sb), xb, nb);
		if (!(pval <= RB_ALPHA)) {
			snprintf(delta, sizeof(delta), "~");
			same++;
		} else {
			double pct = ma ? (mb - ma) / fabs(ma) * 100 : 0.0;

			snprintf(delta, sizeof(delta), "%+.1f%%", pct);
			if (pct > gate) {
				if (nslow < sizeof(slow) / sizeof(slow[0]))
					snprintf(slow[nslow], sizeof(slow[0]),
						 "%.20s %.24s %.11s %.12s",
						 p->str, o->str, ctx, delta);
				nslow++;
			}
		}
		printf("  %-20s %13s %13s %9s %7.3f\n", p->str, sa, sb, delta,
		       pval);
		rows++;
		free(xa);
		free(xb);
	}
	printf("\n%zu rows, %zu marked ~ (no significant difference, "
	       "Mann-Whitney p > %.2f)\n", rows, same, RB_ALPHA);
	if (!isnan(gate)) {
		printf("fail-above %g%%: %zu significant slowdown(s) above it "
		       "-> %s\n", gate, nslow, nslow ? "FAIL" : "PASS");
		for (i = 0; i < nslow && i < sizeof(slow) / sizeof(slow[0]);
		     i++)
			printf("  %s\n", slow[i]);
		if (nslow > i)
			printf("  (and %zu more)\n", nslow - i);
	}
	for (i = 0; i < a.n; i++)
		rb_json_free(a.set[i].doc);
	for (i = 0; i < b.n; i++)
		rb_json_free(b.set[i].doc);
	return nslow ? 1 : 0;
}
