// SPDX-License-Identifier: MIT
/*
 * The runs that must fail, so that the storm is shown able to fail.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "storm.h"
#include "tap.h"

/*
 * The runs that must fail are races: if one happens to lose nothing,
 * try again with twice the operations.
 */
#define MUST_FAIL_ATTEMPTS 4

/*
 * The storm can fail: plain has no restart, and regabort with nothing
 * registered in the model (RB_KPROTO_NONE) is never restarted.  Both
 * must break the invariant that the protocols keep.
 *
 * Whether a signal lands in a given instruction is the cpu's business:
 * interrupts are taken where instructions retire, and one cpu, at one
 * code placement, may never take one on a given store.  So the
 * handler counts where in the sequence each signal landed, and for
 * addv and cmpeqv_storev, where a conflict taken after the sequence
 * read the word and before its commit store executed loses exactly
 * one update, the updates lost must equal the signals taken in that
 * window.  A run that loses nothing with no signal in the window is
 * then not a failure of the storm but a window it did not reach, and
 * says so; one that loses nothing with signals there is a failure.
 */
void must_fail(const char *tag, const struct sproto *p, enum rb_op_index op,
		      const int *cpus, int nw, long ops, double budget)
{
	struct cell cl = { .p = p, .kproto = RB_KPROTO_NONE, .op = op };
	const char *emu = getenv("RSEQBENCH_EMULATED");
	/* Ops whose lost updates are counted, one per conflict. */
	bool exact = rb_op_tests[op]->storm.lost_per_conflict;
	bool adds = rb_op_tests[op]->storm.commit_adds;
	char seen[96];
	bool watched;
	struct total t;
	int attempt = 1;
	/*
	 * addv's commit cannot be split by a signal where it is one
	 * read-modify-write instruction (x86), nor under qemu user mode
	 * (the runner sets RSEQBENCH_EMULATED=1), which delivers signals
	 * only between translation blocks, and addv's load, add and
	 * store have no branch between them.  The storm does not migrate
	 * threads, so there its controls cannot lose an update; the
	 * verifier's migrations catch them.
	 */
	bool one_insn = adds && RB_A_ADDM_ONE_INSN;
	bool blind = one_insn || (adds && emu && !strcmp(emu, "1"));

	watched = watch_seq(p, op, seen, sizeof(seen));
	if (!watched)
		NOTE("%s %s: interruptions not counted: %s", tag,
		     op_names(op), seen);
	for (;;) {
		t = run_cell(&cl, cpus, nw, ops, budget, tick_us,
			     MUST_FAIL_SIGNALS << (attempt - 1));
		report(tag, &cl, &t);
		if (watched)
			report_watch(tag, op, &t, seen);
		/* ... unless signals did land between its load and store. */
		if (blind && t.sane && t.data_ok && !t.restarts &&
		    !(watch.read_found && t.in_window)) {
			CHECK(1, "%s %s under the storm # SKIP %s",
			      tag, op_names(op), one_insn ?
			      "its commit is one memory add: no signal splits it, and the storm does not migrate" :
			      "emulated: qemu-user never splits a branch-free load-add-store");
			goto out;
		}
		if (!t.sane || !t.data_ok || attempt == MUST_FAIL_ATTEMPTS)
			break;
		/* Signals in the window and nothing lost: a defect. */
		if (watched && exact && t.in_window)
			break;
		/* More conflicts: twice the operations and the time. */
		NOTE("%s %s: nothing lost in attempt %d (%lu signals), retrying with %ld ops, %.2f s",
		     tag, op_names(op), attempt, t.signals, 2 * ops,
		     2 * budget);
		attempt++;
		if (ops < LONG_MAX / 2)
			ops *= 2;
		budget *= 2;
	}
	if (watched && exact && t.sane && !t.restarts) {
		if (watch.read_found)
			CHECK(t.lost == (long)t.in_window,
			      "%s %s under the storm: %ld updates lost, one for each of the %lu signals in its window",
			      tag, op_names(op), t.lost, t.in_window);
		else
			CHECK(t.lost >= (long)t.in_window &&
			      t.lost <= (long)t.inside,
			      "%s %s under the storm: %ld updates lost, between the %lu signals on its commit store and the %lu inside it",
			      tag, op_names(op), t.lost, t.in_window,
			      t.inside);
		if (t.data_ok && !t.in_window) {
			CHECK(1, "%s %s under the storm # SKIP no signal of %lu landed in its window (%lu inside the sequence): this cpu takes its interrupts elsewhere at this placement; the verifier preempts there",
			      tag, op_names(op), t.signals, t.inside);
			goto out;
		}
	}
	CHECK(t.sane && !t.data_ok && !t.restarts,
	      "%s %s under the storm (nothing restarts it) is caught: %s",
	      tag, op_names(op), t.why);
out:
	memset(&watch, 0, sizeof(watch));
}
