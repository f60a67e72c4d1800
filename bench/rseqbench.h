/* SPDX-License-Identifier: MIT */
/* The run: configuration, environment and results of one invocation. */
#ifndef RSEQBENCH_H
#define RSEQBENCH_H

#include <math.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "cells.h"
#include "placed.h"
#include "robust.h"
#include "stats.h"
#include "timer.h"

#define RB_VERSION "0.1"
#define RB_MIN_N 10000ULL
#define RB_MAX_N 1000000000ULL
#define RB_MIN_ROUNDS 6		/* fewest samples with a 95% CI */
#define RB_MAX_ROUNDS 100000
#define RB_DEFAULT_N 10048ULL	/* >= 10^4, a multiple of RB_UNROLL */
/* Rounds per process: each placement is visited this many / nplace. */
#define RB_DEFAULT_ROUNDS 640
#define RB_MAX_PROCESSES 32
#define RB_STATE_OFFSET_MAX 3968	/* a state copy stays in its page */
#define RB_CI_LEVEL 0.95
/* Known-cost selftest tolerance, cycles/op. */
#define RB_SELFTEST_TOL 0.1
/* The caller chain shares the core with the harness's own work. */
#define RB_SELFTEST_TOL_CALLER 0.25
/*
 * A cell whose per-placement medians span more than this (cycles, plus
 * a tenth of its cost) is marked placement-sensitive.
 */
#define RB_PLACEMENT_SPREAD 0.5

enum rb_format { RB_FMT_TABLE, RB_FMT_CSV, RB_FMT_JSON };

/*
 * Who restarts the sequences: the running kernel (only descriptor is
 * known to it), or the kernel model driven by a timer signal (all
 * three protocols; see protocols/kemu.h).
 */
enum rb_kernel { RB_KERNEL_AUTO, RB_KERNEL_HOST, RB_KERNEL_MODEL };
#define RB_MODEL_TICK_US 1000	/* emulated scheduler tick */

/*
 * model_tick.c: the tick's SIGRTMIN handler, installed for the whole
 * process, and the emulated kernel it runs for the calling thread
 * (attach before starting the thread's tick, NULL when it stops).  A
 * SIGSEGV verdict of the model kills the process, as the kernel would.
 */
struct rb_kemu;
void rb_model_tick_install(void);
void rb_model_tick_attach(struct rb_kemu *k);

#define RB_CPU_AUTO -2
#define RB_CPU_NONE -1

struct rb_config {
	uint64_t n;		/* operations per sample, multiple of UNROLL */
	unsigned rounds;
	enum rb_timer_kind timer;
	int cpu;
	bool proto[RB_NPROTO];
	bool op[RB_NOP];
	bool proto_given;	/* -p named protocols explicitly */
	enum rb_format format;
	const char *out_dir;
	bool list;
	bool selftest_only;
	bool quiet;
	enum rb_kernel kernel;
	bool table418;		/* --table mainline-4.18 */
	bool scaling;		/* --scaling */
	int threads;		/* --threads N for --spin; 0: the caller */
	int shape;		/* --loop: RB_SHAPE_UNROLLED or _ROLLED */
	long long spin;		/* --spin COUNT; -1 when not given */
	int state_offset;	/* --state-offset: --spin state, mod 4096 */
	bool ctx[RB_NCTX];	/* --context */
	unsigned processes;	/* --processes N */
	int child;		/* --child K: one of them; -1 otherwise */
	char cmdline[4096];
};

struct rb_env {
	char host[256];
	char date[64];		/* ISO 8601, UTC */
	char arch[32];
	char cpu_model[256];
	char cpu_id[64];	/* family/model/stepping */
	char microcode[64];
	bool hypervisor;
	bool emulated;		/* an emulated cpu (qemu user mode) */
	char emulated_why[128];
	int ncpus_online;
	char kernel[256];
	char glibc[64];
	char compiler[128];
	char cflags[512];
	char git_rev[64];
	char rseq[192];
	bool libpfm;
};

struct rb_cell_result {
	int ctx;		/* enum rb_ctx; -1 for a known-cost chain */
	int proto, op;		/* a row (rb_row_names), an rb_xop_names op */
	const char *ctx_name, *proto_name, *op_name;
	double *cycles;		/* per round: cycles/op, loop cost removed */
	double *units;		/* per round: timer units/op, raw */
	uint64_t aborts, fails;
	struct rb_summary sum;	/* of cycles, all rounds */
	/*
	 * Over placements and processes: the cost, and the round-by-round
	 * differences to descriptor and to plain (each round's pair ran
	 * back to back at one placement, so machine drift cancels).
	 */
	struct rb_verdict cost, vs_desc, vs_plain;
	bool sensitive;		/* placement range wider than allowed */
	double expect;		/* known-cost chains: cycles expected */
};

/* Known-cost chains: latency 1, 4, 16; throughput 4; caller 16. */
#define RB_NKNOWN 5

struct rb_run {
	struct rb_config cfg;
	struct rb_timer timer;
	struct rb_env env;
	int pinned_cpu;		/* -1 when not pinned */
	size_t ncells;
	struct rb_cell_result *cells;
	struct rb_cell_result known[RB_NKNOWN];
	unsigned nplace;	/* code x data placements */
	unsigned *place;	/* per round: code * RB_NDATA + data */
	unsigned *proc;		/* per round: process index */
	unsigned *order;	/* the cells' order in the current round */
	double *calib;		/* per round: timer units per core cycle */
	double units_per_cycle;	/* their median: what samples are divided by */
	double *empty;		/* per round: latency empty loop, cycles/op */
	double *caller_empty[RB_NLIVE];	/* per round, cycles/iteration */
	struct rb_summary calib_sum, empty_sum;
	unsigned rounds_done;	/* all processes */
	unsigned processes_done;
	bool interrupted;
	bool selftest_pass;	/* every context's known cost */
	bool ctx_pass[RB_NCTX];
	/* --kernel=model: what the emulated kernel did. */
	uint64_t model_events, model_restarts, model_clears;
};

extern volatile sig_atomic_t rb_stop;

/* cli.c */
int rb_parse_args(int argc, char **argv, struct rb_config *cfg);
void rb_usage(FILE *f);

/* env.c */
void rb_env_collect(struct rb_env *env);

/* measure.c */
int rb_pin(int cpu, int *pinned);
void rb_run_alloc(struct rb_run *run);
void rb_measure(struct rb_run *run);
void rb_run_convert(struct rb_run *run);
void rb_run_analyze(struct rb_run *run);
int rb_run_processes(struct rb_run *run, char **argv);
void rb_child_dump(const struct rb_run *run, FILE *f);
const struct rb_cell_result *rb_find_ctx_cell(const struct rb_run *run,
					      int ctx, int proto, int op);
const struct rb_cell_result *rb_find_cell(const struct rb_run *run,
					  int proto, int op);

/* output_*.c: the writers, one file each, and the results directory */
static inline bool rb_cycles_estimated(const struct rb_run *run)
{
	return !run->timer.counts_cycles;
}

/* The unit column of the CSV and JSON: estimated cycles say so. */
static inline const char *rb_unit(const struct rb_run *run)
{
	return rb_cycles_estimated(run) ? "cycles_est" : "cycles";
}

void rb_write_csv(FILE *f, const struct rb_run *run);
void rb_write_json(FILE *f, const struct rb_run *run);
void rb_write_report(FILE *f, const struct rb_run *run);
int rb_prepare_out_dir(const char *dir);
int rb_write_results(const struct rb_run *run, const char *dir);

/* scaling.c: --scaling, one point per thread count */
#define RB_SCALE_MS 200
int rb_scaling(struct rb_run *run);
int rb_spin_threads(const struct rb_config *cfg);
struct rb_state *rb_spin_state(const struct rb_state *src, int offset);
void rb_spin_state_free(struct rb_state *s, int offset);

/* table418.c: --table mainline-4.18 */
int rb_table418(struct rb_run *run);

/* compare.c: `rseqbench compare OLD NEW` */
int rb_compare_main(int argc, char **argv);

/* Bad input: one line on stderr and exit status 2. */
void __attribute__((noreturn, format(printf, 1, 2)))
rb_usage_error(const char *fmt, ...);

#endif
