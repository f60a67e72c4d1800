// SPDX-License-Identifier: MIT
/*
 * The measurement: rounds of one sample per cell, cells in the same
 * order every round, so that slow drift (frequency, other load) falls
 * on all protocols alike.  Every round also times the empty loop and,
 * for timers that do not count cycles, a dependent-add chain that gives
 * the round's timer units per core cycle.
 */
#include <errno.h>
#include <math.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kemu.h"
#include "rseqbench.h"

volatile sig_atomic_t rb_stop;

/* --kernel=model: the emulated kernel of the measuring thread. */
static struct rb_kemu rb_kemu;

static void rb_model_tick(int sig, siginfo_t *si, void *ctx)
{
	struct rb_kmodel_result res;
	int cpu = sched_getcpu();

	(void)sig;
	(void)si;
	if (rb_kemu_return_to_user(&rb_kemu, ctx, cpu < 0 ? 0 : cpu, &res) ==
	    RB_KV_SIGSEGV) {
		/* What the kernel does: the thread dies with SIGSEGV. */
		static const char msg[] =
			"rseqbench: kernel model: SIGSEGV\n";

		if (write(2, msg, sizeof(msg) - 1) < 0)
			_exit(139);
		signal(SIGSEGV, SIG_DFL);
		raise(SIGSEGV);
	}
}

/* The emulated kernel knows which protocol the thread registered. */
static void rb_model_register(const struct rb_run *run, const char *proto)
{
	if (run->cfg.kernel == RB_KERNEL_MODEL)
		rb_kemu_register(&rb_kemu, proto ? rb_kemu_proto_for(proto) :
					   RB_KPROTO_NONE);
}

/* A per-thread timer whose signal plays the scheduler tick. */
static void rb_model_start(struct rb_state *s, int cpu)
{
	struct sigaction sa = { 0 };
	timer_t timer;

	rb_kemu_init(&rb_kemu, &s->tls, cpu);
	sa.sa_sigaction = rb_model_tick;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigaction(SIGRTMIN, &sa, NULL);
	if (rb_kemu_tick_start(SIGRTMIN, RB_MODEL_TICK_US, &timer)) {
		fprintf(stderr, "rseqbench: --kernel=model: timer: %s\n",
			strerror(errno));
		exit(1);
	}
}

static void *rb_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);

	if (!p) {
		fprintf(stderr, "rseqbench: out of memory\n");
		exit(1);
	}
	return p;
}

int rb_pin(int cpu, int *pinned)
{
	cpu_set_t set;
	int i;

	*pinned = -1;
	if (cpu == RB_CPU_NONE)
		return 0;
	if (sched_getaffinity(0, sizeof(set), &set))
		return -errno;
	if (cpu == RB_CPU_AUTO) {
		/*
		 * The highest allowed cpu: cpu 0 usually takes most device
		 * interrupts and housekeeping.
		 */
		for (i = CPU_SETSIZE - 1; i >= 0; i--)
			if (CPU_ISSET(i, &set))
				break;
		cpu = i;
	} else if (cpu >= CPU_SETSIZE || !CPU_ISSET(cpu, &set)) {
		return -EINVAL;
	}
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		return -errno;
	*pinned = cpu;
	return 0;
}

static void rb_cell_alloc(struct rb_cell_result *c, unsigned rounds,
			  bool instr)
{
	c->cycles = rb_xcalloc(rounds, sizeof(double));
	c->units = rb_xcalloc(rounds, sizeof(double));
	c->instr = instr ? rb_xcalloc(rounds, sizeof(double)) : NULL;
}

void rb_run_alloc(struct rb_run *run)
{
	const struct rb_config *cfg = &run->cfg;
	bool instr = run->timer.has_instructions;
	size_t k = 0;
	int p, o, d;

	for (o = 0; o < RB_NOP; o++)
		for (p = 0; p < RB_NPROTO; p++)
			k += cfg->op[o] && cfg->proto[p];
	run->ncells = k;
	run->cells = rb_xcalloc(k, sizeof(*run->cells));
	k = 0;
	/* Grouped by operation: the order of the report and the plots. */
	for (o = 0; o < RB_NOP; o++) {
		for (p = 0; p < RB_NPROTO; p++) {
			struct rb_cell_result *c = &run->cells[k];

			if (!cfg->op[o] || !cfg->proto[p])
				continue;
			c->proto = p;
			c->op = o;
			c->proto_name = rb_proto_names[p];
			c->op_name = rb_op_names[o];
			rb_cell_alloc(c, cfg->rounds, instr);
			k++;
		}
	}
	for (d = 0; d < RB_NDEP; d++) {
		static const char *const names[RB_NDEP] = {
			"dep1", "dep4", "dep16"
		};

		run->dep[d].proto = -1;
		run->dep[d].op = -1;
		run->dep[d].proto_name = "selftest";
		run->dep[d].op_name = names[d];
		rb_cell_alloc(&run->dep[d], cfg->rounds, instr);
	}
	run->calib = rb_xcalloc(cfg->rounds, sizeof(double));
	run->empty = rb_xcalloc(cfg->rounds, sizeof(double));
	run->dep_empty = rb_xcalloc(cfg->rounds, sizeof(double));
}

/* Timer units per core cycle, from a chain of 1-cycle dependent adds. */
static double rb_calibrate(struct rb_run *run, struct rb_state *s)
{
	struct rb_raw raw;

	if (run->timer.counts_cycles)
		return 1.0;
	rb_loop_calib(s, &run->timer, RB_CALIB_ITERS, &raw);
	return (double)raw.ticks / ((double)RB_CALIB_ITERS * RB_CALIB_ADDS);
}

/* One sample of loop in a shape (the selftest chains are unrolled). */
static void rb_sample(struct rb_run *run, struct rb_state *s,
		      struct rb_cell_result *c, rb_loop_fn loop, unsigned r,
		      int shape)
{
	uint64_t iters = run->cfg.n / RB_SHAPE_UNROLL(shape);
	uint64_t aborts = s->aborts, fails = s->fails;
	struct rb_raw raw;

	rb_model_register(run, c->proto_name);
	loop(s, &run->timer, iters, &raw);
	c->units[r] = (double)raw.ticks / (double)run->cfg.n;
	if (c->instr)
		c->instr[r] = (double)raw.instructions / (double)run->cfg.n;
	c->aborts += s->aborts - aborts;
	c->fails += s->fails - fails;
}

static void rb_warm_up(struct rb_run *run, struct rb_state *s)
{
	struct rb_raw raw;
	size_t k;
	int i;

	/*
	 * Fault in the data, train the predictors and give the cpu time to
	 * leave any idle frequency state (~50 ms of dependent adds).
	 */
	for (i = 0; i < 200; i++)
		rb_loop_calib(s, &run->timer, RB_CALIB_ITERS, &raw);
	for (k = 0; k < run->ncells; k++) {
		const struct rb_cell_result *c = &run->cells[k];

		rb_model_register(run, c->proto_name);
		rb_op_loop(run->cfg.shape, c->proto, c->op)(s, &run->timer,
			run->cfg.n / RB_SHAPE_UNROLL(run->cfg.shape), &raw);
	}
}

static void rb_progress(const struct rb_run *run, unsigned r)
{
	unsigned step = run->cfg.rounds / 10 ? run->cfg.rounds / 10 : 1;

	if (run->cfg.quiet || (r + 1) % step)
		return;
	fprintf(stderr, "rseqbench: round %u/%u\n", r + 1, run->cfg.rounds);
}

void rb_measure(struct rb_run *run)
{
	struct rb_state s;
	unsigned r;
	size_t k;
	int d;

	rb_state_init(&s);
	if (run->cfg.kernel == RB_KERNEL_MODEL)
		rb_model_start(&s, run->pinned_cpu < 0 ? sched_getcpu() :
				   run->pinned_cpu);
	rb_warm_up(run, &s);
	for (r = 0; r < run->cfg.rounds && !rb_stop; r++) {
		struct rb_cell_result empty = { 0 }, dep_empty = { 0 };
		double cycles;
		int shape = run->cfg.shape;

		run->calib[r] = rb_calibrate(run, &s);
		empty.units = &run->empty[r];
		empty.cycles = &cycles;
		rb_sample(run, &s, &empty, rb_empty_loop(shape), 0, shape);
		/* The selftest always checks the unrolled harness. */
		dep_empty.units = &run->dep_empty[r];
		dep_empty.cycles = &cycles;
		if (shape == RB_SHAPE_UNROLLED)
			run->dep_empty[r] = run->empty[r];
		else
			rb_sample(run, &s, &dep_empty,
				  rb_empty_loop(RB_SHAPE_UNROLLED), 0,
				  RB_SHAPE_UNROLLED);
		for (d = 0; d < RB_NDEP; d++)
			rb_sample(run, &s, &run->dep[d], rb_dep_loops[d], r,
				  RB_SHAPE_UNROLLED);
		if (!run->cfg.selftest_only) {
			for (k = 0; k < run->ncells; k++) {
				struct rb_cell_result *c = &run->cells[k];

				rb_sample(run, &s, c,
					  rb_op_loop(shape, c->proto, c->op),
					  r, shape);
			}
		}
		/* A round cut short by a signal is still a whole round. */
		run->rounds_done = r + 1;
		rb_progress(run, r);
	}
	run->interrupted = run->rounds_done < run->cfg.rounds;
	run->model_events = rb_kemu.events;
	run->model_restarts = rb_kemu.restarts;
	run->model_clears = rb_kemu.clears;
	rb_state_free(&s);
}

/*
 * Timer units to cycles: divide by the median units-per-cycle of all
 * rounds (one disturbed calibration sample must not rescale its round),
 * then subtract the empty loop's median.
 */
static void rb_cell_summarize(struct rb_run *run, struct rb_cell_result *c,
			      double empty)
{
	unsigned n = run->rounds_done, r;
	double *tmp = rb_xcalloc(n, sizeof(double));

	for (r = 0; r < n; r++)
		c->cycles[r] = c->units[r] / run->units_per_cycle - empty;
	memcpy(tmp, c->cycles, n * sizeof(double));
	rb_summarize(tmp, n, RB_CI_LEVEL, &c->sum);
	if (c->instr) {
		memcpy(tmp, c->instr, n * sizeof(double));
		rb_summarize(tmp, n, RB_CI_LEVEL, &c->instr_sum);
	}
	free(tmp);
}

/* Median and CI of the round-by-round difference c - ref. */
static void rb_paired(const struct rb_run *run,
		      const struct rb_cell_result *c,
		      const struct rb_cell_result *ref, struct rb_summary *out)
{
	unsigned n = run->rounds_done, r;
	double *tmp;

	if (!ref) {
		rb_summarize(NULL, 0, RB_CI_LEVEL, out);
		return;
	}
	tmp = rb_xcalloc(n, sizeof(double));
	for (r = 0; r < n; r++)
		tmp[r] = c->cycles[r] - ref->cycles[r];
	rb_summarize(tmp, n, RB_CI_LEVEL, out);
	free(tmp);
}

void rb_run_summarize(struct rb_run *run)
{
	unsigned n = run->rounds_done, r;
	double *tmp = rb_xcalloc(n, sizeof(double));
	size_t k;
	int d;

	memcpy(tmp, run->calib, n * sizeof(double));
	rb_summarize(tmp, n, RB_CI_LEVEL, &run->calib_sum);
	run->units_per_cycle = run->calib_sum.median;
	/* The empty loop, in cycles/op, converted like every other cell. */
	for (r = 0; r < n; r++)
		run->empty[r] /= run->units_per_cycle;
	memcpy(tmp, run->empty, n * sizeof(double));
	rb_summarize(tmp, n, RB_CI_LEVEL, &run->empty_sum);
	for (r = 0; r < n; r++)
		tmp[r] = run->dep_empty[r] / run->units_per_cycle;
	rb_summarize(tmp, n, RB_CI_LEVEL, &run->dep_empty_sum);
	free(tmp);
	for (k = 0; k < run->ncells; k++)
		rb_cell_summarize(run, &run->cells[k], run->empty_sum.median);
	for (k = 0; k < run->ncells; k++) {
		struct rb_cell_result *c = &run->cells[k];

		rb_paired(run, c, rb_find_cell(run, RB_PROTO_descriptor, c->op),
			  &c->vs_desc);
		rb_paired(run, c, rb_find_cell(run, RB_PROTO_plain, c->op),
			  &c->vs_plain);
	}
	run->selftest_pass = true;
	for (d = 0; d < RB_NDEP; d++) {
		rb_cell_summarize(run, &run->dep[d], run->dep_empty_sum.median);
		if (!(fabs(run->dep[d].sum.median - rb_dep_adds[d]) <=
		      RB_SELFTEST_TOL))
			run->selftest_pass = false;
	}
}

const struct rb_cell_result *rb_find_cell(const struct rb_run *run,
					  int proto, int op)
{
	size_t k;

	for (k = 0; k < run->ncells; k++)
		if (run->cells[k].proto == proto && run->cells[k].op == op)
			return &run->cells[k];
	return NULL;
}
