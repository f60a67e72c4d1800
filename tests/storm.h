/* SPDX-License-Identifier: MIT */
/*
 * The signal storms' shared pieces (tests/storm.c runs them): what one
 * cell is, what a worker thread and its handler count, and the files
 * that do each part of the work:
 *   storm_cell.c     one cell: the pinned workers, their main loops
 *   storm_signal.c   the per-thread timer and the handler (the kernel)
 *   storm_ops.c      the operations' drivers (tests/ops/<op>.c): the
 *                    retry idiom, each cell's data and its checks
 *   storm_window.c   where in a sequence the signals landed
 *   storm_control.c  the runs that must fail (plain, regabort/broken)
 *   storm_tick.c     the timer interval, from the cost of one signal
 */
#ifndef STORM_H
#define STORM_H

#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "protocols.h"
#include "kemu.h"
#include "op_test.h"
#include "verify_disasm.h"

/*
 * Signals a run that must fail gets at least, over all threads, twice
 * that each retry.  The least likely to fail, regabort/broken
 * cmpeqv_storev, loses an update only to a signal taken between its
 * compare and its store: ~1 in 700 signals on one Zen 5 guest at one
 * code placement, none in 30000 at another, where no signal was ever
 * taken on the store.  must_fail() counts where the signals landed, so
 * that such a run says so instead of failing at random.
 */
#define MUST_FAIL_SIGNALS 2000

/* The longest protected range whose interruptions are told apart. */
#define WATCH_INSNS 64
#define WATCH_BYTES 512

#define op_names(op) (rb_ops[op].name)
#define op_ids(op) ((uint32_t)rb_ops[op].seq_id)

/* One sequence protocol and its operations. */
struct sproto {
	const char *name;
	uint32_t id;		/* RB_PROTO_ID_*: finds its __rb_seq records */
	enum rb_kproto kproto;
	struct rb_op_fns fn;
};

/* plain, the controls' protocol, and the four that restart. */
extern const struct sproto sp_plain, sp_regabort, sp_descriptor;
extern const struct sproto *const protos[];
extern const unsigned int nprotos;

struct cell {
	const struct sproto *p;
	enum rb_kproto kproto;	/* registered for the main thread */
	enum rb_op_index op;
};

struct worker {
	pthread_t th;
	int cpu;
	long ops;
	long tick_us;		/* 0: no timer (calibration) */
	const struct cell *cell;
	/* The interrupted thread's emulated kernel area ... */
	struct rb_kemu k;
	struct rb_tls tls;
	/* ... and the handler's ("another thread on this cpu"). */
	struct rb_kemu hk;
	struct rb_tls htls;
	/* Who runs the operation: the main loop, and the handler. */
	struct rb_storm_actor loop, handler;
	timer_t timer;
	/* results */
	unsigned long done, aborts, cmpfails, empties;
	volatile unsigned long signals, hdone, hempties;
	/* Handler runs that interrupted the watched sequence (below). */
	volatile unsigned long inside, in_window;
	volatile unsigned int at[WATCH_BYTES];	/* by offset from start */
	volatile bool sigsegv, hfail;
	bool stuck, bad_cpu, setup_fail, armed, timed_out;
	double cpu_secs;	/* the main loop's, handlers included */
};

/*
 * The sequence a control cell watches, as its __rb_seq record and the
 * disassembly give it: [start, post_commit), the commit store (the
 * last instruction in there) and the window [window, commit] in which
 * a conflict is overwritten by the commit.  Zero: nothing watched.
 */
struct storm_watch {
	uint64_t start, post_commit, commit;
	uint64_t window;	/* after the last read of the commit's word */
	bool read_found;	/* false: window is the commit alone */
	struct vd_insn insn[WATCH_INSNS];
	int ninsn;
};
extern struct storm_watch watch;

struct total {
	unsigned long done, hdone, aborts, restarts, clears, cmpfails;
	unsigned long signals, empties;
	unsigned long inside, in_window;	/* of the watched sequence */
	unsigned long at[WATCH_BYTES];
	long lost;		/* counted ops: updates lost */
	bool sane;		/* nothing but the data may be wrong */
	bool data_ok;		/* the op's invariant held */
	bool aborts_match;
	bool timed_out;		/* the budget, not the count, ended it */
	double secs, cpu_secs;
	long tick_us;
	char why[160];
};

/* Every cpu's data for the cell under way, cpu_stride bytes apart. */
extern unsigned char *cpu_data;
extern size_t cpu_stride;
extern int nslots;
/* The timer interval of the cells, in us. */
extern long tick_us;
/* The worker whose thread this is, for its handler; NULL outside. */
extern __thread struct worker *self;

/* storm_cell.c */
void init_cells(void);
bool stopping(void);
struct total run_cell(const struct cell *cl, const int *cpus, int nw,
		      long ops, double budget, long tick,
		      unsigned long min_signals);

/* storm_signal.c */
void on_storm(int sig, siginfo_t *si, void *ucv);
bool start_timer(struct worker *w);

/* storm_ops.c */
void *storm_data(int cpu);
size_t storm_stride(void);
void handler_op(struct worker *w);
int main_step(struct worker *w);
void reset_data(const struct cell *cl);
intptr_t counted(const struct cell *cl, int c);
bool check_data(const struct cell *cl, const struct worker *w, int nw,
		struct total *t);

/* storm_window.c */
bool watch_seq(const struct sproto *p, enum rb_op_index op, char *why,
	       size_t len);
void report_watch(const char *tag, enum rb_op_index op, const struct total *t,
		  const char *seen);

/* storm_control.c */
void must_fail(const char *tag, const struct sproto *p, enum rb_op_index op,
	       const int *cpus, int nw, long ops, double budget);

/* storm_tick.c */
long pick_tick(const int *cpus, int nw, double phase);

/* storm.c */
void report(const char *tag, const struct cell *cl, const struct total *t);

#endif
