// SPDX-License-Identifier: MIT
/* rseqbench: measure the rseq commit protocols' fast path. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "rseqbench.h"

static void rb_on_signal(int sig)
{
	(void)sig;
	rb_stop = 1;
}

static void rb_list(enum rb_rseq_owner owner)
{
	char timers[2048];
	int i;

	printf("arch: %s\n", RB_ARCH_NAME);
	printf("rseq area: %s\n", rb_tls_describe());
	printf("protocols:\n");
	for (i = 0; i < RB_NPROTO; i++)
		printf("  %-18s %s\n", rb_proto_names[i],
		       rb_proto_needs_rseq[i] && owner == RB_RSEQ_NONE ?
		       "unavailable: needs the kernel's rseq area" :
		       "available");
	printf("operations:\n");
	for (i = 0; i < RB_NOP; i++)
		printf("  %s\n", rb_op_names[i]);
	rb_timer_list(timers, sizeof(timers));
	printf("timers:\n%s", timers);
}

/* Drop what cannot run here, or refuse if the user asked for it. */
static void rb_check_available(struct rb_config *cfg,
			       enum rb_rseq_owner owner)
{
	int p;

	/* The kernel model needs nothing from the running kernel. */
	if (owner != RB_RSEQ_NONE || cfg->kernel == RB_KERNEL_MODEL)
		return;
	for (p = 0; p < RB_NPROTO; p++) {
		if (!cfg->proto[p] || !rb_proto_needs_rseq[p])
			continue;
		if (cfg->proto_given)
			rb_usage_error("protocol %s needs the kernel's rseq "
				       "area: %s", rb_proto_names[p],
				       rb_tls_describe());
		cfg->proto[p] = false;
		fprintf(stderr, "rseqbench: skipping %s: %s\n",
			rb_proto_names[p], rb_tls_describe());
	}
}

static uint64_t rb_no_time(struct rb_timer *t)
{
	(void)t;
	return 0;
}

/*
 * The --spin workload runs the very loops the measurement times (with
 * a timer that reads nothing), so an outside timer such as hyperfine
 * sees the same code: on some cores the loop's shape alone changes the
 * cost (a rolled addv loop ran 2.7x faster than the 64x unrolled one
 * on Zen 4, through memory renaming).
 */
static void rb_spin(const struct rb_config *cfg)
{
	struct rb_timer none = { .name = "none", .read = rb_no_time };
	uint64_t iters = (uint64_t)cfg->spin / RB_SHAPE_UNROLL(cfg->shape);
	struct rb_state master, *s;
	struct rb_raw raw;
	int p, o;

	rb_state_init(&master);
	s = rb_spin_state(&master, cfg->state_offset);
	for (o = 0; o < RB_NOP; o++)
		for (p = 0; p < RB_NPROTO; p++)
			if (cfg->op[o] && cfg->proto[p])
				rb_op_loop(cfg->shape, p, o)(s, &none, iters,
							    &raw);
	rb_spin_state_free(s, cfg->state_offset);
	rb_state_free(&master);
}

int main(int argc, char **argv)
{
	static struct rb_run run;
	struct rb_config *cfg = &run.cfg;
	struct rb_tls tls;
	enum rb_rseq_owner owner;
	struct sigaction sa;
	char err[512];
	size_t k;
	int ret;

	if (argc > 1 && !strcmp(argv[1], "compare"))
		return rb_compare_main(argc - 1, argv + 1);
	rb_parse_args(argc, argv, cfg);
	owner = rb_tls_init(&tls);
	if (cfg->list) {
		rb_list(owner);
		return 0;
	}
	/* No rseq in the running kernel (qemu user mode): the model. */
	if (cfg->kernel == RB_KERNEL_AUTO)
		cfg->kernel = owner == RB_RSEQ_NONE ? RB_KERNEL_MODEL :
						      RB_KERNEL_HOST;
	rb_check_available(cfg, owner);
	/* Threads run unpinned on purpose: migration is part of it. */
	if (cfg->scaling || cfg->threads)
		cfg->cpu = RB_CPU_NONE;
	ret = rb_pin(cfg->cpu, &run.pinned_cpu);
	if (ret == -EINVAL)
		rb_usage_error("--cpu %d: not a cpu this process may run on",
			       cfg->cpu);
	if (ret)
		rb_usage_error("cannot pin to a cpu: %s", strerror(-ret));
	if (cfg->spin >= 0) {
		if (cfg->threads)
			return rb_spin_threads(cfg);
		rb_spin(cfg);
		return 0;
	}
	if (cfg->threads)
		rb_usage_error("--threads goes with --spin");
	if (cfg->state_offset && cfg->spin < 0)
		rb_usage_error("--state-offset goes with --spin");
	if (cfg->out_dir) {
		ret = rb_prepare_out_dir(cfg->out_dir);
		if (ret)
			rb_usage_error("--out %s: %s", cfg->out_dir,
				       strerror(-ret));
	}
	if (rb_timer_open(&run.timer, cfg->timer, err, sizeof(err)))
		rb_usage_error("--timer: %s", err);
	rb_env_collect(&run.env);
	if (!cfg->quiet && run.timer.note[0])
		fprintf(stderr, "rseqbench: timer %s chosen; %s\n",
			run.timer.name, run.timer.note);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = rb_on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	if (cfg->table418)
		return rb_table418(&run);
	if (cfg->scaling)
		return rb_scaling(&run);
	rb_run_alloc(&run);
	if (!cfg->quiet && cfg->child < 0)
		fprintf(stderr, "rseqbench: %zu cells x %u rounds of %llu ops"
			" x %u process(es), %u placements, timer %s\n",
			run.ncells, cfg->rounds, (unsigned long long)cfg->n,
			cfg->processes, run.nplace, run.timer.name);
	if (cfg->processes > 1 && cfg->child < 0) {
		ret = rb_run_processes(&run, argv);
		if (ret)
			return 1;
	} else {
		rb_measure(&run);
		if (run.rounds_done)
			rb_run_convert(&run);
	}
	if (cfg->child >= 0) {
		rb_child_dump(&run, stdout);
		return run.interrupted ? 130 : 0;
	}
	if (!run.rounds_done) {
		fprintf(stderr, "rseqbench: interrupted before the first "
			"round finished; nothing to write\n");
		return 130;
	}
	rb_run_analyze(&run);

	if (cfg->out_dir) {
		ret = rb_write_results(&run, cfg->out_dir);
		if (ret) {
			fprintf(stderr, "rseqbench: writing %s: %s\n",
				cfg->out_dir, strerror(-ret));
			return 1;
		}
		if (!cfg->quiet)
			fprintf(stderr, "rseqbench: wrote %s/results.csv, "
				"results.json, report.txt\n", cfg->out_dir);
	}
	if (cfg->format == RB_FMT_CSV)
		rb_write_csv(stdout, &run);
	else if (cfg->format == RB_FMT_JSON)
		rb_write_json(stdout, &run);
	else
		rb_write_report(stdout, &run);
	fflush(stdout);

	rb_timer_close(&run.timer);
	if (run.interrupted) {
		fprintf(stderr, "rseqbench: interrupted after %u of %u rounds; "
			"the finished rounds are reported\n", run.rounds_done,
			cfg->rounds);
		return 130;
	}
	for (k = 0; k < run.ncells; k++) {
		if (run.cells[k].fails) {
			fprintf(stderr, "rseqbench: %s/%s: %llu compare-fails "
				"in a benchmark that must always succeed\n",
				run.cells[k].proto_name, run.cells[k].op_name,
				(unsigned long long)run.cells[k].fails);
			return 1;
		}
	}
	if (!run.selftest_pass) {
		/* Only the checks of the failed contexts, with their
		 * tolerance: the others passed, and listed beside them
		 * made every figure look like the failure. */
		fprintf(stderr, "rseqbench: known-cost selftest failed:");
		for (k = 0; k < RB_NKNOWN; k++) {
			const struct rb_cell_result *c = &run.known[k];

			if (run.ctx_pass[c->ctx] ||
			    !(run.cfg.ctx[c->ctx] || c->ctx == RB_CTX_LATENCY))
				continue;
			fprintf(stderr, " %s %s %.3f (want %g +-%g)",
				c->ctx_name, c->op_name, c->cost.value,
				c->expect, c->ctx == RB_CTX_CALLER ?
				RB_SELFTEST_TOL_CALLER : RB_SELFTEST_TOL);
		}
		fprintf(stderr, "; the report's Checks say more\n");
		return cfg->selftest_only ? 1 : 0;
	}
	return 0;
}
