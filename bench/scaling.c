// SPDX-License-Identifier: MIT
/*
 * rseqbench --scaling: throughput and aborts per operation as threads
 * are added, 1, 2, 4, ... up to 4 x cpus, unpinned, all threads on the
 * same per-CPU data, so that preemption and migration happen for real.
 *
 * With the host kernel only descriptor (and its eager variant) is
 * restarted, so regabort and twostore are left out there (their result
 * would be wrong data, not a cost); with --kernel=model every thread
 * has its own emulated kernel and timer tick, and all protocols run.
 * plain is not restartable at all: its row is the unsafe upper bound.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysinfo.h>
#include <time.h>
#include <unistd.h>

#include "kemu.h"
#include "rb_clock.h"
#include "rseqbench.h"

#define RB_SCALE_CHUNK 16	/* loop iterations between stop checks */
#define RB_SCALE_MAX_POINTS 16

struct rb_scale_worker {
	pthread_t tid;
	const struct rb_state *shared;
	int proto, op;
	bool model;
	bool counted;		/* --spin: stop after count ops */
	uint64_t count;
	int shape;
	int state_offset;	/* --state-offset */
	uint64_t ops, aborts, fails;
	struct rb_kemu kemu;
};

static volatile int rb_scale_go, rb_scale_halt;

static uint64_t rb_scale_no_time(struct rb_timer *t)
{
	(void)t;
	return 0;
}

/*
 * The copy of the state a --spin loop runs on, in a page of its own at
 * offset bytes.  The loop reloads its pointers from the copy every
 * operation (the sequences clobber "memory"), so where the copy sits
 * mod 4096 beside the per-CPU data the operation stores to decides what
 * the reload costs (4K aliasing): on a thread's stack it sat wherever
 * the stack put it, and cpu 1's counter happened to share its offset.
 * Here it is a chosen variable; make peers sweeps it.
 */
struct rb_state *rb_spin_state(const struct rb_state *src, int offset)
{
	void *page = NULL;
	struct rb_state *s;

	_Static_assert(sizeof(struct rb_state) <= 4096 - RB_STATE_OFFSET_MAX,
		       "a state copy must fit in its page");
	if (posix_memalign(&page, 4096, 4096)) {
		fprintf(stderr, "rseqbench: out of memory\n");
		exit(1);
	}
	memset(page, 0, 4096);
	s = (struct rb_state *)((char *)page + offset);
	*s = *src;
	s->aborts = s->fails = 0;
	return s;
}

void rb_spin_state_free(struct rb_state *s, int offset)
{
	free((char *)s - offset);
}

static void *rb_scale_thread(void *arg)
{
	struct rb_scale_worker *w = arg;
	struct rb_timer none = { .name = "none", .read = rb_scale_no_time };
	struct rb_state *s = rb_spin_state(w->shared, w->state_offset);
	struct rb_raw raw;
	timer_t timer;

	rb_tls_init(&s->tls);
	if (w->model) {
		rb_kemu_init(&w->kemu, &s->tls, sched_getcpu());
		rb_kemu_register(&w->kemu,
				 rb_kemu_proto_for(rb_proto_names[w->proto]));
		rb_model_tick_attach(&w->kemu);
		if (rb_kemu_tick_start(SIGRTMIN, RB_MODEL_TICK_US, &timer))
			w->model = false;
	}
	while (!rb_scale_go)
		;
	if (w->counted) {
		uint64_t unroll = RB_SHAPE_UNROLL(w->shape);

		rb_op_loop(w->shape, w->proto, w->op)(s, &none,
						      w->count / unroll, &raw);
		w->ops = w->count / unroll * unroll;
	}
	while (!w->counted && !rb_scale_halt) {
		rb_op_loop(w->shape, w->proto, w->op)(s, &none,
						      RB_SCALE_CHUNK, &raw);
		w->ops += RB_SCALE_CHUNK * RB_SHAPE_UNROLL(w->shape);
	}
	if (w->model)
		timer_delete(timer);
	rb_model_tick_attach(NULL);
	w->aborts = s->aborts;
	w->fails = s->fails;
	rb_spin_state_free(s, w->state_offset);
	return NULL;
}

/* 72 columns: the thread counts in blocks of five. */
static void rb_scale_print(const char *op, const char *what,
			   double v[RB_NPROTO][RB_SCALE_MAX_POINTS],
			   const bool *ran, const int *points, int np)
{
	int k0, k, p;

	for (k0 = 0; k0 < np; k0 += 5) {
		printf("\n%s%s%s by threads\n%-20s", op, *op ? ": " : "",
		       what, "");
		for (k = k0; k < np && k < k0 + 5; k++)
			printf(" %9d", points[k]);
		printf("\n");
		for (p = 0; p < RB_NPROTO; p++) {
			if (!ran[p])
				continue;
			printf("  %-18s", rb_proto_names[p]);
			for (k = k0; k < np && k < k0 + 5; k++)
				printf(" %9.1f", v[p][k]);
			printf("\n");
		}
	}
}

int rb_scaling(struct rb_run *run)
{
	const struct rb_config *cfg = &run->cfg;
	int cpus = get_nprocs(), points[RB_SCALE_MAX_POINTS], np = 0, t;
	bool model = cfg->kernel == RB_KERNEL_MODEL;
	struct rb_scale_worker *w;
	struct rb_state shared;
	FILE *csv = NULL;
	char path[4096];
	int p, o, k;

	for (t = 1; t < 4 * cpus && np < RB_SCALE_MAX_POINTS - 1; t *= 2)
		points[np++] = t;
	points[np++] = 4 * cpus;
	w = calloc((size_t)(4 * cpus), sizeof(*w));
	if (!w)
		return 1;
	rb_model_tick_install();
	if (cfg->out_dir) {
		snprintf(path, sizeof(path), "%s/scaling.csv", cfg->out_dir);
		csv = fopen(path, "w");
		if (!csv)
			rb_usage_error("--out %s: cannot write scaling.csv",
				       cfg->out_dir);
		fprintf(csv, "arch,emulated,kernel,protocol,op,threads,"
			"mops_per_s,aborts_per_op\n");
	}
	printf("Scaling: %s%s, %d cpus, kernel %s, %d ms a point,\n"
	       "threads unpinned on shared per-CPU data.\n", run->env.arch,
	       run->env.emulated ? " (EMULATED)" : "", cpus,
	       model ? "model" : "host", RB_SCALE_MS);
	for (o = 0; o < RB_NOP && !rb_stop; o++) {
		double mops[RB_NPROTO][RB_SCALE_MAX_POINTS] = { { 0 } };
		double apm[RB_NPROTO][RB_SCALE_MAX_POINTS] = { { 0 } };
		bool ran[RB_NPROTO] = { 0 };

		if (!cfg->op[o])
			continue;
		for (p = 0; p < RB_NPROTO && !rb_stop; p++) {
			if (!cfg->proto[p])
				continue;
			/* Nothing would restart them: wrong data, no cost. */
			if (!model && (p == RB_PROTO_regabort ||
				       p == RB_PROTO_twostore))
				continue;
			ran[p] = true;
			for (k = 0; k < np && !rb_stop; k++) {
				uint64_t ops = 0, aborts = 0;
				double t0, secs;
				int i, n = points[k];

				rb_state_init(&shared);
				rb_scale_go = rb_scale_halt = 0;
				for (i = 0; i < n; i++) {
					memset(&w[i], 0, sizeof(w[i]));
					w[i].shared = &shared;
					w[i].proto = p;
					w[i].op = o;
					w[i].model = model;
					w[i].shape = cfg->shape;
					pthread_create(&w[i].tid, NULL,
						       rb_scale_thread, &w[i]);
				}
				t0 = rb_now();
				rb_scale_go = 1;
				usleep(RB_SCALE_MS * 1000);
				rb_scale_halt = 1;
				for (i = 0; i < n; i++) {
					pthread_join(w[i].tid, NULL);
					ops += w[i].ops;
					aborts += w[i].aborts;
				}
				secs = rb_now() - t0;
				rb_state_free(&shared);
				mops[p][k] = ops / secs / 1e6;
				apm[p][k] = ops ? 1e6 * aborts / ops : 0;
				if (csv)
					fprintf(csv, "%s,%s,%s,%s,%s,%d,%.4f,"
						"%.3g\n", run->env.arch,
						run->env.emulated ? "true" :
						"false", model ? "model" :
						"host", rb_proto_names[p],
						rb_op_names[o], n, mops[p][k],
						apm[p][k] / 1e6);
			}
		}
		rb_scale_print(rb_op_names[o], "Mops/s", mops, ran, points, np);
		rb_scale_print("", "aborts/Mop", apm, ran, points, np);
	}
	printf("\nplain is not restartable: its rows are an unsafe upper "
	       "bound.%s\n", model ? "" : "\nregabort and twostore need "
	       "--kernel=model (the host kernel does\nnot restart them).");
	if (csv)
		fclose(csv);
	free(w);
	return rb_stop ? 130 : 0;
}

/*
 * --spin COUNT --threads N: N unpinned threads on shared per-CPU data,
 * each running COUNT operations of every selected cell through the
 * timed loops: the multi-thread workload of `make peers`.
 */
int rb_spin_threads(const struct rb_config *cfg)
{
	struct rb_scale_worker *w = calloc(cfg->threads, sizeof(*w));
	bool model = cfg->kernel == RB_KERNEL_MODEL;
	struct rb_state shared;
	int p, o, i;

	if (!w)
		return 1;
	rb_model_tick_install();
	for (o = 0; o < RB_NOP; o++) {
		for (p = 0; p < RB_NPROTO; p++) {
			if (!cfg->op[o] || !cfg->proto[p])
				continue;
			rb_state_init(&shared);
			rb_scale_go = rb_scale_halt = 0;
			for (i = 0; i < cfg->threads; i++) {
				memset(&w[i], 0, sizeof(w[i]));
				w[i].shared = &shared;
				w[i].proto = p;
				w[i].op = o;
				w[i].model = model;
				w[i].counted = true;
				w[i].count = (uint64_t)cfg->spin;
				w[i].shape = cfg->shape;
				w[i].state_offset = cfg->state_offset;
				pthread_create(&w[i].tid, NULL,
					       rb_scale_thread, &w[i]);
			}
			rb_scale_go = 1;
			for (i = 0; i < cfg->threads; i++)
				pthread_join(w[i].tid, NULL);
			rb_state_free(&shared);
		}
	}
	free(w);
	return 0;
}
