// SPDX-License-Identifier: MIT
/*
 * The measurement: rounds of one sample per cell, cells in the same
 * order every round, so that slow drift (frequency, other load) falls
 * on all protocols alike.  Each round runs at one placement (a copy of
 * the code, an offset of the data), the placements visited in a new
 * shuffled order every pass over them.  Every round also times the
 * empty loops and, for timers that do not count cycles, a dependent-add
 * chain that gives the round's timer units per core cycle.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kemu.h"
#include "rseqbench.h"

volatile sig_atomic_t rb_stop;

/* --kernel=model: the emulated kernel of the measuring thread. */
static struct rb_kemu rb_kemu;

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
	timer_t timer;

	rb_kemu_init(&rb_kemu, &s->tls, cpu);
	rb_model_tick_attach(&rb_kemu);
	rb_model_tick_install();
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


/*
 * One data placement: RB_NSLOT states (latency uses the first) whose
 * per-CPU data, and the private protocol area, sit at the placement's
 * offset in their pages.
 */
struct rb_dplace {
	struct rb_state slot[RB_NSLOT];
	intptr_t *probe;
};

static void *rb_page_at(size_t size, size_t off)
{
	void *p = NULL;

	if (posix_memalign(&p, 4096, size + off + 4096)) {
		fprintf(stderr, "rseqbench: out of memory\n");
		exit(1);
	}
	memset(p, 0, size + off + 4096);
	return (char *)p + off;
}

static void rb_dplace_init(struct rb_dplace *dp, const struct rb_state *m,
			   int d, bool move_area)
{
	size_t off = (size_t)d * 1024 + (size_t)d * 128;
	struct rb_area *area = move_area ?
		rb_page_at(sizeof(*area), off) : m->tls.area;
	char *probe;
	int j, i;

	for (j = 0; j < RB_NSLOT; j++) {
		struct rb_state *s = &dp->slot[j];

		memset(s, 0, sizeof(*s));
		s->tls = m->tls;
		s->tls.area = area;
		s->ncpus = m->ncpus;
#define RB_DPLACE_ALLOC(op)                                             \
		s->op = rb_page_at(sizeof(*s->op) * s->ncpus, off);     \
		for (i = 0; i < s->ncpus; i++)                          \
			rb_init_##op(&s->op[i]);
		RB_FOR_EACH_OP(RB_DPLACE_ALLOC)
#undef RB_DPLACE_ALLOC
	}
	/*
	 * The probe's word straddles a page in odd placements (x86 only:
	 * other architectures may trap on a misaligned access).
	 */
	probe = rb_page_at(4096, 0);
#if defined(__x86_64__) || defined(__i386__)
	dp->probe = (intptr_t *)(probe + (d & 1 ? 4096 - 4 : off % 4096));
#else
	dp->probe = (intptr_t *)(probe + off % 4096);
#endif
}

static double *rb_dalloc(unsigned n)
{
	double *x = rb_xcalloc(n, sizeof(double));
	unsigned i;

	for (i = 0; i < n; i++)
		x[i] = NAN;
	return x;
}

static void rb_cell_alloc(struct rb_cell_result *c, unsigned rounds)
{
	c->cycles = rb_dalloc(rounds);
	c->units = rb_dalloc(rounds);
}

/* Which rows and operations a context measures. */
static bool rb_cell_wanted(const struct rb_config *cfg, int ctx, int row,
			   int op)
{
	const struct rb_placed *pl = rb_placed_table[0];
	int real = op == RB_XOP_freelist ? RB_OP_cmpnev_storeoffp_load :
		   op >= RB_NOP ? RB_OP_addv : op;
	int proto = row >= RB_NPROTO ? RB_PROTO_plain : row;

	return pl->cell[ctx][row][op] && cfg->ctx[ctx] && cfg->op[real] &&
	       cfg->proto[proto];
}

void rb_run_alloc(struct rb_run *run)
{
	const struct rb_config *cfg = &run->cfg;
	unsigned rounds = cfg->rounds * (cfg->processes ? cfg->processes : 1);
	static const int kctx[RB_NKNOWN] = {
		RB_CTX_LATENCY, RB_CTX_LATENCY, RB_CTX_LATENCY,
		RB_CTX_THROUGHPUT, RB_CTX_CALLER,
	};
	static const char *const kname[RB_NKNOWN] = {
		"dep1", "dep4", "dep16", "dep4", "dep20-dep4",
	};
	static const double kexp[RB_NKNOWN] = { 1, 4, 16, 4, 16 };
	size_t k = 0;
	int x, p, o, i;

	for (o = 0; o < RB_NXOP; o++)
		for (x = 0; x < RB_NCTX; x++)
			for (p = 0; p < RB_NROW; p++)
				k += rb_cell_wanted(cfg, x, p, o);
	run->ncells = k;
	run->cells = rb_xcalloc(k ? k : 1, sizeof(*run->cells));
	k = 0;
	/* Grouped by operation, then context: the report's order. */
	for (o = 0; o < RB_NXOP; o++) {
		for (x = 0; x < RB_NCTX; x++) {
			for (p = 0; p < RB_NROW; p++) {
				struct rb_cell_result *c = &run->cells[k];

				if (!rb_cell_wanted(cfg, x, p, o))
					continue;
				c->ctx = x;
				c->proto = p;
				c->op = o;
				c->ctx_name = rb_ctx_names[x];
				c->proto_name = rb_row_names[p];
				c->op_name = rb_xop_names[o];
				rb_cell_alloc(c, rounds);
				k++;
			}
		}
	}
	for (i = 0; i < RB_NKNOWN; i++) {
		struct rb_cell_result *c = &run->known[i];

		c->ctx = kctx[i];
		c->proto = c->op = -1;
		c->ctx_name = rb_ctx_names[kctx[i]];
		c->proto_name = "selftest";
		c->op_name = kname[i];
		c->expect = kexp[i];
		rb_cell_alloc(c, rounds);
	}
	run->nplace = rb_ncode * RB_NDATA;
	run->place = rb_xcalloc(rounds, sizeof(unsigned));
	run->proc = rb_xcalloc(rounds, sizeof(unsigned));
	run->calib = rb_dalloc(rounds);
	run->empty = rb_dalloc(rounds);
	for (i = 0; i < RB_NLIVE; i++)
		run->caller_empty[i] = rb_dalloc(rounds);
}

/* Timer units per core cycle, from a chain of 1-cycle dependent adds. */
static double rb_calibrate(struct rb_run *run, struct rb_state *s)
{
	struct rb_raw raw;

	if (run->timer.counts_cycles)
		return 1.0;
	/* Warm, as every timed loop is (rb_warm() below). */
	rb_loop_calib(s, &run->timer, 1, &raw);
	rb_loop_calib(s, &run->timer, RB_CALIB_ITERS, &raw);
	return (double)raw.ticks / ((double)RB_CALIB_ITERS * RB_CALIB_ADDS);
}

/*
 * One untimed iteration first: with every cell and placement in turn,
 * a loop's code is often no longer in the instruction and op caches
 * when its sample starts, and refetching a long unrolled body (the
 * 16-add chain is 4 KB) cost the first iteration enough to read 16.1
 * to 16.3 cycles for 16 adds.  Warm, every loop starts as it runs.
 */
static void rb_warm(struct rb_run *run, struct rb_state *s, rb_loop_fn loop)
{
	struct rb_raw raw;

	loop(s, &run->timer, 1, &raw);
}

/* Timer units per operation of one run of loop (iters iterations). */
static double rb_time(struct rb_run *run, struct rb_state *s,
		      rb_loop_fn loop, uint64_t iters, uint64_t ops)
{
	struct rb_raw raw;

	rb_warm(run, s, loop);
	loop(s, &run->timer, iters, &raw);
	return (double)raw.ticks / (double)ops;
}

/* Throughput: the difference of two unroll factors, per operation. */
static double rb_time_thr(struct rb_run *run, struct rb_state *s,
			  rb_loop_fn u1, rb_loop_fn u2)
{
	uint64_t iters = run->cfg.n / RB_THR_U2;
	struct rb_raw a, b;

	rb_warm(run, s, u1);
	u1(s, &run->timer, iters, &a);
	rb_warm(run, s, u2);
	u2(s, &run->timer, iters, &b);
	return ((double)b.ticks - (double)a.ticks) /
	       ((double)iters * (RB_THR_U2 - RB_THR_U1));
}

static const char *rb_kemu_name(int row)
{
	return row < RB_NPROTO ? rb_proto_names[row] : "plain";
}

static double rb_sample_cell(struct rb_run *run, struct rb_state *slots,
			     const struct rb_placed *pl,
			     const struct rb_cell_result *c)
{
	uint64_t n = run->cfg.n;
	rb_loop_fn f = pl->cell[c->ctx][c->proto][c->op];

	rb_model_register(run, rb_kemu_name(c->proto));
	switch (c->ctx) {
	case RB_CTX_LATENCY:
		return rb_time(run, slots, f, n / RB_LAT_UNROLL, n);
	case RB_CTX_THROUGHPUT:
		return rb_time_thr(run, slots, pl->thr_short[c->proto][c->op],
				   f);
	default:
		return rb_time(run, slots, f, n, n);
	}
}

static uint64_t rb_slot_sum(const struct rb_state *slots, bool fails)
{
	uint64_t n = 0;
	int j;

	for (j = 0; j < RB_NSLOT; j++)
		n += fails ? slots[j].fails : slots[j].aborts;
	return n;
}

/* xorshift: a shuffle that differs per process, and repeats. */
static uint64_t rb_rand(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

static void rb_shuffle(unsigned *v, size_t n, uint64_t *seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		v[i] = i;
	for (i = n; i > 1; i--) {
		size_t j = rb_rand(seed) % i;
		unsigned t = v[i - 1];

		v[i - 1] = v[j];
		v[j] = t;
	}
}

static void rb_one_round(struct rb_run *run, struct rb_state *master,
			 struct rb_dplace *dp, unsigned r, unsigned place)
{
	const struct rb_placed *pl = rb_placed_table[place / RB_NDATA];
	struct rb_state *slots = dp[place % RB_NDATA].slot;
	uint64_t n = run->cfg.n;
	size_t k;
	int i;

	rb_probe_word = dp[place % RB_NDATA].probe;
	run->place[r] = place;
	run->calib[r] = rb_calibrate(run, master);
	rb_model_register(run, NULL);
	run->empty[r] = rb_time(run, slots, pl->lat_empty, n / RB_LAT_UNROLL,
				n);
	for (i = 0; i < RB_NLIVE; i++)
		run->caller_empty[i][r] = rb_time(run, slots,
						  pl->caller_empty[i], n, n);
	for (i = 0; i < RB_NDEP; i++)
		run->known[i].units[r] = rb_time(run, slots, pl->lat_dep[i],
						 n / RB_LAT_UNROLL, n);
	run->known[3].units[r] = rb_time_thr(run, slots, pl->thr_dep[0],
					     pl->thr_dep[1]);
	run->known[4].units[r] = rb_time(run, slots, pl->caller_dep[1], n, n) -
				 rb_time(run, slots, pl->caller_dep[0], n, n);
	if (run->cfg.selftest_only)
		return;
	for (k = 0; k < run->ncells; k++) {
		struct rb_cell_result *c = &run->cells[run->order[k]];
		uint64_t ab = rb_slot_sum(slots, false);
		uint64_t fl = rb_slot_sum(slots, true);

		c->units[r] = rb_sample_cell(run, slots, pl, c);
		c->aborts += rb_slot_sum(slots, false) - ab;
		c->fails += rb_slot_sum(slots, true) - fl;
	}
}

static void rb_warm_up(struct rb_run *run, struct rb_state *s,
		       struct rb_dplace *dp)
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
	rb_probe_word = dp[0].probe;
	for (k = 0; k < run->ncells; k++)
		rb_sample_cell(run, dp[0].slot, rb_placed_table[0],
			       &run->cells[k]);
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
	struct rb_dplace *dp = rb_xcalloc(RB_NDATA, sizeof(*dp));
	unsigned *order = rb_xcalloc(run->nplace, sizeof(unsigned));
	uint64_t seed = 0x9e3779b97f4a7c15ULL * (uint64_t)(run->cfg.child + 2);
	struct rb_state s;
	unsigned r;
	int d;

	run->order = rb_xcalloc(run->ncells + 1, sizeof(unsigned));
	rb_state_init(&s);
	if (run->cfg.kernel == RB_KERNEL_MODEL)
		rb_model_start(&s, run->pinned_cpu < 0 ? sched_getcpu() :
				   run->pinned_cpu);
	/* The emulated kernel knows one area: it stays where it is. */
	for (d = 0; d < RB_NDATA; d++)
		rb_dplace_init(&dp[d], &s, d,
			       run->cfg.kernel != RB_KERNEL_MODEL);
	rb_warm_up(run, &s, dp);
	for (r = 0; r < run->cfg.rounds && !rb_stop; r++) {
		if (r % run->nplace == 0)
			rb_shuffle(order, run->nplace, &seed);
		/*
		 * Cells in a new order every round too: a cell must not
		 * always follow the same neighbour (getcpu+atomic leaves
		 * the predictors in another state than plain does).
		 */
		rb_shuffle(run->order, run->ncells, &seed);
		rb_one_round(run, &s, dp, r, order[r % run->nplace]);
		/* A round cut short by a signal is still a whole round. */
		run->rounds_done = r + 1;
		rb_progress(run, r);
	}
	run->processes_done = 1;
	run->interrupted = run->rounds_done < run->cfg.rounds;
	run->model_events = rb_kemu.events;
	run->model_restarts = rb_kemu.restarts;
	run->model_clears = rb_kemu.clears;
	free(order);
	rb_state_free(&s);
}

static double rb_median_copy(const double *x, unsigned n)
{
	double *tmp = rb_xcalloc(n, sizeof(double));
	struct rb_summary s;
	unsigned i, m = 0;

	for (i = 0; i < n; i++)
		if (!isnan(x[i]))
			tmp[m++] = x[i];
	rb_summarize(tmp, m, RB_CI_LEVEL, &s);
	free(tmp);
	return s.median;
}

/* Median of x over the rounds run from one code copy. */
static double rb_code_median(const struct rb_run *run, const double *x,
			     unsigned code)
{
	double *tmp = rb_dalloc(run->rounds_done);
	unsigned r;
	double m;

	for (r = 0; r < run->rounds_done; r++)
		if (run->place[r] / RB_NDATA == code)
			tmp[r] = x[r];
	m = rb_median_copy(tmp, run->rounds_done);
	free(tmp);
	return m;
}

/*
 * Timer units to cycles, within one process: divide by the median
 * units-per-cycle of its rounds (one disturbed calibration sample must
 * not rescale its round), then subtract the median empty loop of the
 * same code copy; the throughput difference has no loop cost left.
 */
void rb_run_convert(struct rb_run *run)
{
	double lat0[RB_MAX_CODE], call0[RB_NLIVE][RB_MAX_CODE];
	unsigned n = run->rounds_done, r, c;
	size_t k;
	int i;

	run->units_per_cycle = rb_median_copy(run->calib, n);
	for (r = 0; r < n; r++) {
		run->empty[r] /= run->units_per_cycle;
		for (i = 0; i < RB_NLIVE; i++)
			run->caller_empty[i][r] /= run->units_per_cycle;
	}
	for (c = 0; c < rb_ncode; c++) {
		lat0[c] = rb_code_median(run, run->empty, c);
		for (i = 0; i < RB_NLIVE; i++)
			call0[i][c] = rb_code_median(run, run->caller_empty[i],
						     c);
	}
	for (k = 0; k < run->ncells + RB_NKNOWN; k++) {
		struct rb_cell_result *cell = k < run->ncells ?
			&run->cells[k] : &run->known[k - run->ncells];
		int live = cell->op < 0 ? 0 : rb_caller_live_index(cell->op);

		for (r = 0; r < n; r++) {
			unsigned code = run->place[r] / RB_NDATA;
			double v = cell->units[r] / run->units_per_cycle;

			if (cell->ctx == RB_CTX_LATENCY)
				v -= lat0[code];
			else if (cell->ctx == RB_CTX_CALLER && cell->op >= 0)
				v -= call0[live][code];
			cell->cycles[r] = v;
		}
	}
}

/* How close the known-cost check of a context shows the harness right. */
static double rb_known_tol(int ctx)
{
	return ctx == RB_CTX_CALLER ? RB_SELFTEST_TOL_CALLER :
				      RB_SELFTEST_TOL;
}

static void rb_paired(const struct rb_run *run,
		      const struct rb_cell_result *c,
		      const struct rb_cell_result *ref, struct rb_verdict *out)
{
	unsigned n = run->rounds_done, r;
	double *tmp;

	if (!ref) {
		rb_verdict(NULL, NULL, NULL, 0, 0, 0, out);
		return;
	}
	tmp = rb_xcalloc(n ? n : 1, sizeof(double));
	for (r = 0; r < n; r++)
		tmp[r] = c->cycles[r] - ref->cycles[r];
	rb_verdict(tmp, run->place, run->proc, n, run->nplace,
		   run->processes_done, out);
	free(tmp);
	/*
	 * The known-cost check shows the harness right to its tolerance
	 * and no closer: a difference inside it is not one this run can
	 * claim.  Ten runs had a 0.04-0.10 cycle difference robust in
	 * every one and its sign reversed in one of them.
	 */
	if (fabs(out->value) <= rb_known_tol(c->ctx))
		out->robust = false;
}

static void rb_cell_analyze(struct rb_run *run, struct rb_cell_result *c)
{
	double *tmp = rb_xcalloc(run->rounds_done + 1, sizeof(double));
	unsigned i, m = 0;

	rb_verdict(c->cycles, run->place, run->proc, run->rounds_done,
		   run->nplace, run->processes_done, &c->cost);
	for (i = 0; i < run->rounds_done; i++)
		if (!isnan(c->cycles[i]))
			tmp[m++] = c->cycles[i];
	rb_summarize(tmp, m, RB_CI_LEVEL, &c->sum);
	free(tmp);
	c->sensitive = c->cost.hi - c->cost.lo >
		       RB_PLACEMENT_SPREAD + 0.1 * fabs(c->cost.value);
}

/* Across processes: the verdicts, and the known-cost checks. */
void rb_run_analyze(struct rb_run *run)
{
	size_t k;
	int i;

	double *tmp = rb_xcalloc(run->rounds_done + 1, sizeof(double));

	memcpy(tmp, run->calib, run->rounds_done * sizeof(double));
	rb_summarize(tmp, run->rounds_done, RB_CI_LEVEL, &run->calib_sum);
	free(tmp);
	run->empty_sum.median = rb_median_copy(run->empty, run->rounds_done);
	for (k = 0; k < run->ncells; k++) {
		struct rb_cell_result *c = &run->cells[k];

		rb_cell_analyze(run, c);
		rb_paired(run, c, rb_find_ctx_cell(run, c->ctx,
			  RB_PROTO_descriptor, c->op), &c->vs_desc);
		rb_paired(run, c, rb_find_ctx_cell(run, c->ctx,
			  RB_PROTO_plain, c->op), &c->vs_plain);
	}
	for (i = 0; i < RB_NCTX; i++)
		run->ctx_pass[i] = true;
	for (i = 0; i < RB_NKNOWN; i++) {
		struct rb_cell_result *c = &run->known[i];
		double tol = rb_known_tol(c->ctx);

		rb_cell_analyze(run, c);
		if (!rb_known_cost_ok(&c->cost.value, &c->expect, 1, tol))
			run->ctx_pass[c->ctx] = false;
	}
	run->selftest_pass = true;
	for (i = 0; i < RB_NCTX; i++)
		if (run->cfg.ctx[i] || i == RB_CTX_LATENCY)
			run->selftest_pass &= run->ctx_pass[i];
}

const struct rb_cell_result *rb_find_ctx_cell(const struct rb_run *run,
					      int ctx, int proto, int op)
{
	size_t k;

	for (k = 0; k < run->ncells; k++)
		if (run->cells[k].ctx == ctx && run->cells[k].proto == proto &&
		    run->cells[k].op == op)
			return &run->cells[k];
	return NULL;
}

/* ---- processes ---- */

/*
 * A child's rounds, converted to cycles, as raw doubles on a pipe: the
 * parent runs the same binary with the same arguments, so both know
 * the cells and their order.
 */
static void rb_put(FILE *f, const void *p, size_t size)
{
	if (fwrite(p, size, 1, f) != 1) {
		fprintf(stderr, "rseqbench: writing to the parent failed\n");
		exit(1);
	}
}

void rb_child_dump(const struct rb_run *run, FILE *f)
{
	unsigned n = run->rounds_done;
	size_t k;
	int i;

	rb_put(f, &n, sizeof(n));
	rb_put(f, run->place, n * sizeof(unsigned));
	rb_put(f, run->calib, n * sizeof(double));
	rb_put(f, run->empty, n * sizeof(double));
	for (i = 0; i < RB_NLIVE; i++)
		rb_put(f, run->caller_empty[i], n * sizeof(double));
	for (k = 0; k < run->ncells + RB_NKNOWN; k++) {
		const struct rb_cell_result *c = k < run->ncells ?
			&run->cells[k] : &run->known[k - run->ncells];

		rb_put(f, c->cycles, n * sizeof(double));
		rb_put(f, c->units, n * sizeof(double));
		rb_put(f, &c->aborts, sizeof(c->aborts));
		rb_put(f, &c->fails, sizeof(c->fails));
	}
	rb_put(f, &run->model_events, sizeof(run->model_events));
	rb_put(f, &run->model_restarts, sizeof(run->model_restarts));
	rb_put(f, &run->model_clears, sizeof(run->model_clears));
	fflush(f);
}

static int rb_get(FILE *f, void *p, size_t size)
{
	return size && fread(p, size, 1, f) != 1 ? -1 : 0;
}

static int rb_child_read(struct rb_run *run, FILE *f, unsigned proc)
{
	unsigned at = run->rounds_done, n, r;
	uint64_t x;
	size_t k;
	int i, err = 0;

	if (rb_get(f, &n, sizeof(n)) || n > run->cfg.rounds)
		return -1;
	err |= rb_get(f, run->place + at, n * sizeof(unsigned));
	err |= rb_get(f, run->calib + at, n * sizeof(double));
	err |= rb_get(f, run->empty + at, n * sizeof(double));
	for (i = 0; i < RB_NLIVE; i++)
		err |= rb_get(f, run->caller_empty[i] + at, n * sizeof(double));
	for (k = 0; k < run->ncells + RB_NKNOWN; k++) {
		struct rb_cell_result *c = k < run->ncells ?
			&run->cells[k] : &run->known[k - run->ncells];

		err |= rb_get(f, c->cycles + at, n * sizeof(double));
		err |= rb_get(f, c->units + at, n * sizeof(double));
		err |= rb_get(f, &x, sizeof(x));
		c->aborts += x;
		err |= rb_get(f, &x, sizeof(x));
		c->fails += x;
	}
	err |= rb_get(f, &x, sizeof(x));
	run->model_events += x;
	err |= rb_get(f, &x, sizeof(x));
	run->model_restarts += x;
	err |= rb_get(f, &x, sizeof(x));
	run->model_clears += x;
	if (err)
		return -1;
	for (r = at; r < at + n; r++)
		run->proc[r] = proc;
	run->rounds_done += n;
	if (n < run->cfg.rounds)
		run->interrupted = true;
	return 0;
}

/*
 * --processes N: the same command N times as fresh processes (exec,
 * so each gets a new address-space layout), one after the other so
 * they do not share the cpu, their rounds merged.
 */
int rb_run_processes(struct rb_run *run, char **argv)
{
	unsigned k, argc = 0;
	char **args, idx[16];

	while (argv[argc])
		argc++;
	args = rb_xcalloc(argc + 3, sizeof(char *));
	memcpy(args, argv, argc * sizeof(char *));
	args[argc] = "--child";
	args[argc + 1] = idx;
	for (k = 0; k < run->cfg.processes && !rb_stop; k++) {
		int fd[2], status;
		pid_t pid;
		FILE *f;

		snprintf(idx, sizeof(idx), "%u", k);
		if (pipe(fd))
			return -errno;
		pid = fork();
		if (pid < 0)
			return -errno;
		if (!pid) {
			dup2(fd[1], 1);
			close(fd[0]);
			close(fd[1]);
			execv("/proc/self/exe", args);
			/* Under qemu user mode without binfmt_misc the host
			 * kernel cannot run the foreign binary: ENOEXEC. */
			fprintf(stderr, "rseqbench: process %u: exec "
				"/proc/self/exe: %s%s\n", k, strerror(errno),
				errno == ENOEXEC ? " (an emulated binary? "
				"--processes 1 runs in this one)" : "");
			_exit(127);
		}
		close(fd[1]);
		f = fdopen(fd[0], "r");
		if (!f || rb_child_read(run, f, k)) {
			fprintf(stderr, "rseqbench: process %u gave no "
				"results\n", k);
			if (f)
				fclose(f);
			waitpid(pid, &status, 0);
			return -EIO;
		}
		fclose(f);
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		run->processes_done = k + 1;
		if (!run->cfg.quiet)
			fprintf(stderr, "rseqbench: process %u/%u done\n",
				k + 1, run->cfg.processes);
	}
	free(args);
	run->units_per_cycle = rb_median_copy(run->calib, run->rounds_done);
	run->interrupted |= run->processes_done < run->cfg.processes;
	return 0;
}
