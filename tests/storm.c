// SPDX-License-Identifier: MIT
/*
 * Signal storms under the kernel model: every protocol and operation,
 * multi-threaded, with the kernel side played by protocols/kemu.c, so
 * that regabort and twostore are torture-tested on a stock kernel.
 *
 * One thread pinned per online cpu, each with its own emulated rseq
 * area (struct rb_kemu) registered for the protocol under test.  A
 * per-thread POSIX timer (CLOCK_MONOTONIC, SIGEV_THREAD_ID) sends
 * SIGRTMIN every TICK_US.  CLOCK_THREAD_CPUTIME_ID is not used: cpu
 * time timers are only checked at the scheduler tick, so they could
 * not fire more than a few hundred times a second.
 *
 * The handler is the kernel on its way back to user space: it applies
 * the fixup model to the interrupted context, then plays "another
 * thread on the same cpu" by running a conflicting operation on the
 * same cpu's data with the same protocol, through a second, handler
 * owned rb_tls / rb_kemu so that the interrupted thread's arm state is
 * left alone.  Without SA_NODEFER the handler cannot be interrupted, so
 * its operation always runs to completion.  Each cpu's data is touched
 * only by the thread pinned there and by its handler: every conflict
 * is one the model has to resolve.
 *
 * Checked per (protocol, operation):
 *   addv           each cpu's counter == main + handler increments
 *   cmpeqv_storev  each cpu's word == main + handler successful stores
 *   list           pop + push (cmpnev_storeoffp_load, cmpeqv_storev):
 *                  every node on exactly one list or handler stash,
 *                  no cycle
 *   trystorev,     offset == pushes by both; each push checks its slot
 *   trymemcpy      right after committing; the last RB_RING_SLOTS
 *                  slots hold the offset they were pushed at
 *   all            no SIGSEGV from the model, restarts the model made
 *                  == aborts the sequences returned, no area left armed
 *
 * And that the storm can fail: plain loses updates (addv where its
 * commit can be split, cmpeqv_storev everywhere), and regabort with
 * nothing registered in the model (so nothing restarts) is caught by
 * the same invariants.  For those, the handler also records where in
 * the sequence each signal landed (the __rb_seq record and objdump
 * give the instructions), so that addv and cmpeqv_storev are held to
 * an exact account: one update lost for each signal taken after the
 * sequence last read the word and before its commit store executed.
 *
 * The timer interval adapts to the host.  What a signal costs depends
 * far more on the machine than on the handler: a timer signal costs
 * ~50 us of cpu on some VMs (the emulated timer interrupt, not the
 * delivery: a self-sent signal there costs ~3 us) and qemu user mode
 * adds its own.  A fixed interval below that cost runs the handlers
 * back to back and the main loop, whose sequences the signals are
 * meant to interrupt, all but stops.  So a short calibration storm
 * measures the cpu one signal takes from the main loop, and the
 * interval is set so that the handlers take at most 1/TICK_COST_SHARE
 * of each thread's cpu (never below MIN_TICK_US).
 *
 * Each cell stops on an operation count or a time budget, whichever
 * comes first: a shared flag, polled between operations, then every
 * timer disarmed before anything is checked.
 *
 * -n N or STORM_OPS=N: main-loop operations per (protocol, operation)
 * over all threads (default DEFAULT_OPS).  -t S or STORM_BUDGET=S:
 * seconds for the whole storm, split over the cells (default
 * DEFAULT_BUDGET_S, DEFAULT_BUDGET_EMU_S when RSEQBENCH_EMULATED=1).
 * -i US: a fixed timer interval instead of the calibrated one.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysinfo.h>
#include <unistd.h>

#include "storm.h"
#include "rb_clock.h"
#include "tap.h"

/*
 * Out of reach in the default budget on any host seen so far: the
 * budget ends the cells, and what a cell is worth is the signals it
 * took, not its operations (a thread with the cpu to itself does
 * ~10^8 a second natively).  -n sets a count that ends them first.
 */
#define DEFAULT_OPS 1000000000L

/*
 * A few seconds natively.  Under qemu a signal costs about as much
 * but the main loop runs ~20x slower and the cells start slower: a
 * longer budget keeps them about as many signals deep (1-2k a cell
 * either way on the reference hosts).
 */
#define DEFAULT_BUDGET_S 5.0
#define DEFAULT_BUDGET_EMU_S 10.0


/* Over every cell, for the closing summary. */
static struct {
	int cells, on_budget;
	unsigned long done, signals, aborts;
	double secs;
} sum;

void report(const char *tag, const struct cell *cl,
		   const struct total *t)
{
	double ops = t->done ? (double)t->done : 1.0;

	NOTE("%-16s %-23s %9lu ops %6.2f Mops/s %5lu aborts %.1e/op %6lu signals %5.0f/s %4.1f%% hit; handler ops %lu, cmpfail %lu, lazy clears %lu; every %ld us, %.2f s, stopped on %s",
	     tag, op_names(cl->op), t->done,
	     t->secs > 0 ? (double)t->done / t->secs / 1e6 : 0.0, t->aborts,
	     (double)t->aborts / ops, t->signals,
	     t->secs > 0 ? (double)t->signals / t->secs : 0.0,
	     t->signals ? 100.0 * (double)t->aborts / (double)t->signals : 0,
	     t->hdone, t->cmpfails, t->clears, t->tick_us, t->secs,
	     t->timed_out ? "budget" : "count");
	sum.cells++;
	sum.on_budget += t->timed_out;
	sum.done += t->done;
	sum.signals += t->signals;
	sum.aborts += t->aborts;
	sum.secs += t->secs;
}

static double parse_secs(const char *s, const char *what)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !(v > 0) || v > 86400) {
		fprintf(stderr, "storm: bad %s '%s'\n", what, s);
		exit(2);
	}
	return v;
}

static long parse_long(const char *s, const char *what)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v <= 0) {
		fprintf(stderr, "storm: bad %s '%s'\n", what, s);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	const char *env = getenv("STORM_OPS");
	const char *emu = getenv("RSEQBENCH_EMULATED");
	long ops = env ? parse_long(env, "STORM_OPS") : DEFAULT_OPS;
	double budget = emu && !strcmp(emu, "1") ? DEFAULT_BUDGET_EMU_S :
						   DEFAULT_BUDGET_S;
	double phase, cell_budget, fail_budget;
	const int ncells = (int)nprotos * RB_NOP + 1 + RB_NOP;
	struct sigaction sa;
	cpu_set_t set;
	int *cpus, nw = 0, opt, c;
	unsigned int pi;
	double t0 = rb_now();
	char why[96];
	sigset_t rt;

	env = getenv("STORM_BUDGET");
	if (env)
		budget = parse_secs(env, "STORM_BUDGET");
	while ((opt = getopt(argc, argv, "n:i:t:")) != -1) {
		switch (opt) {
		case 'n':
			ops = parse_long(optarg, "-n");
			break;
		case 't':
			budget = parse_secs(optarg, "-t");
			break;
		case 'i':
			tick_us = parse_long(optarg, "-i");
			if (tick_us >= 1000000) {
				fprintf(stderr, "storm: -i must be < 1000000\n");
				return 2;
			}
			break;
		default:
			fprintf(stderr,
				"usage: storm [-n OPS] [-t SECONDS] [-i US]\n");
			return 2;
		}
	}

	if (!rb_op_tests_complete(why, sizeof(why))) {
		CHECK(0, "storm: %s", why);
		return tap_exit();
	}
	init_cells();

	nslots = get_nprocs_conf();
	if (nslots < 1)
		nslots = 1;
	if (sched_getaffinity(0, sizeof(set), &set))
		CPU_ZERO(&set);
	cpus = calloc((size_t)CPU_SETSIZE, sizeof(*cpus));
	for (c = 0; cpus && c < CPU_SETSIZE && c < nslots; c++)
		if (CPU_ISSET(c, &set))
			cpus[nw++] = c;
	cpu_stride = storm_stride();
	cpu_data = aligned_alloc(128, cpu_stride * (size_t)nslots);
	if (!CHECK(cpus && nw > 0 && cpu_data,
		   "%d threads, one pinned on each cpu we may run on", nw))
		return tap_exit();

	/*
	 * The main thread keeps SIGRTMIN blocked: the timers name their
	 * thread, this only keeps a stray one from running the handler
	 * where there is no worker.
	 */
	sigemptyset(&rt);
	sigaddset(&rt, SIGRTMIN);
	pthread_sigmask(SIG_BLOCK, &rt, NULL);
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_storm;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	if (!CHECK(sigaction(SIGRTMIN, &sa, NULL) == 0,
		   "SIGRTMIN handler installed (no SA_NODEFER)"))
		return tap_exit();
	/* A few percent of the budget, three short cells, calibrate. */
	phase = budget / 40;
	if (phase < 0.05)
		phase = 0.05;
	if (phase > 0.5)
		phase = 0.5;
	if (tick_us)
		NOTE("interval %ld us: given (-i)", tick_us);
	else
		tick_us = pick_tick(cpus, nw, phase);
	/* The runs that must fail take their share first: signals. */
	fail_budget = (double)MUST_FAIL_SIGNALS * (double)tick_us * 1e-6 / nw;
	cell_budget = (budget - (rb_now() - t0) - (1 + RB_NOP) * fail_budget) /
		      (ncells - 1 - RB_NOP);
	if (cell_budget < 0.05)
		cell_budget = 0.05;
	NOTE("%ld ops or %.2f s per (protocol, op), whichever comes first (%.1f s over %d cells), over %d threads, SIGRTMIN every %ld us per thread (CLOCK_MONOTONIC timer, SIGEV_THREAD_ID)",
	     ops, cell_budget, budget, ncells, nw, tick_us);
	NOTE("per cell: main-loop ops, ops/s, aborts (= restarts by the model) per op, signals delivered, hit = aborts per signal; handler ops are the conflicting ops run from the handler; whether the cell stopped on its op count or its time budget");

	for (pi = 0; pi < nprotos; pi++) {
		for (c = 0; c < RB_NOP; c++) {
			struct cell cl = {
				.p = protos[pi],
				.kproto = protos[pi]->kproto,
				.op = (enum rb_op_index)c,
			};
			struct total t = run_cell(&cl, cpus, nw, ops,
						  cell_budget, tick_us, 0);

			CHECK(t.sane && t.data_ok && t.aborts_match &&
			      t.signals > 0,
			      "%s %s: %s; model restarts %lu == aborts %lu; no SIGSEGV, none left armed",
			      cl.p->name, op_names(c), t.why, t.restarts,
			      t.aborts);
			report(cl.p->name, &cl, &t);
		}
	}

	/*
	 * The storm can fail: plain has no restart, and regabort with
	 * nothing registered in the model is never restarted.  Both must
	 * break the invariant that the protocols above keep.
	 */
	NOTE("the runs that must fail: %.2f s each, or up to 4x that until %d signals",
	     fail_budget, MUST_FAIL_SIGNALS);
	for (c = 0; c < RB_NOP; c++)
		if (rb_op_tests[c]->storm.plain_control)
			must_fail("plain", &sp_plain, (enum rb_op_index)c,
				  cpus, nw, ops, fail_budget);
	for (c = 0; c < RB_NOP; c++)
		must_fail("regabort/broken", &sp_regabort,
			  (enum rb_op_index)c, cpus, nw, ops, fail_budget);
	NOTE("storm summary: interval %ld us, %d cells (%d stopped on the budget), %.0f signals/s, %lu main-loop ops, %lu aborts, %.1f s in cells, %.1f s in all",
	     tick_us, sum.cells, sum.on_budget,
	     sum.secs > 0 ? (double)sum.signals / sum.secs : 0.0, sum.done,
	     sum.aborts, sum.secs, rb_now() - t0);
	free(cpus);
	free(cpu_data);
	return tap_exit();
}
