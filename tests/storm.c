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
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <time.h>
#include <unistd.h>

#include "protocols.h"
#include "kemu.h"
#include "rb_clock.h"
#include "rb_seq.h"
#include "tap.h"
#include "verify_disasm.h"

#include <math.h>

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

/*
 * On the 2-cpu KVM guest one signal with the model costs ~10-20 us, so
 * 30 us is the densest storm worth asking for anywhere; hosts with
 * dearer signals get a longer interval from the calibration.
 */
#define MIN_TICK_US 30

/* The handlers may take 1/4 of each thread's cpu; the rest is its own. */
#define TICK_COST_SHARE 4

/*
 * Past this interval a cell of the default budget sees too few signals
 * for the runs that must fail to fail: rather a denser storm.
 */
#define MAX_TICK_US 5000

/*
 * The calibration storm's interval: dense enough that the signals'
 * share of the cpu stands well above the noise of a busy machine.
 */
#define CALIB_TICK_US 50

/*
 * The runs that must fail are races: if one happens to lose nothing,
 * try again with twice the operations.
 */
#define MUST_FAIL_ATTEMPTS 4

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

/*
 * A sequence that aborts this often in a row never commits: a model
 * that restarts forever, not the storm.  Stop instead of spinning.
 */
#define MAX_TRIES 1000000

/* The longest protected range whose interruptions are told apart. */
#define WATCH_INSNS 64
#define WATCH_BYTES 512

/* offset_deref_addv: from the entry its pointer names to its counter. */
#define DEREF_OFF ((intptr_t)offsetof(struct rb_pcpu_offset_deref_addv, count))

#define NODES_PER_CPU 64
#define STASH 8		/* nodes a handler may hold between signals */
#define RING_MASK (RB_RING_SLOTS - 1)

/* The registry's operations, by the short names this file uses. */
enum op {
	OP_ADDV = RB_OP_addv,
	OP_CMPEQV = RB_OP_cmpeqv_storev,
	OP_LIST = RB_OP_cmpnev_storeoffp_load,
	OP_TRYSTOREV = RB_OP_cmpeqv_trystorev_storev,
	OP_TRYMEMCPY = RB_OP_cmpeqv_trymemcpy_storev,
	OP_CMP2 = RB_OP_cmpeqv_cmpeqv_storev,
	OP_DEREF = RB_OP_offset_deref_addv,
	NR_OPS = RB_NOP
};

#define op_names(op) (rb_ops[op].name)
#define op_ids(op) ((uint32_t)rb_ops[op].seq_id)

struct sproto {
	const char *name;
	uint32_t id;		/* RB_PROTO_ID_*, to find its __rb_seq records */
	enum rb_kproto kproto;
	__typeof__(rb_addv_plain) *addv;
	__typeof__(rb_cmpeqv_storev_plain) *cmpeqv_storev;
	__typeof__(rb_cmpnev_storeoffp_load_plain) *pop;
	__typeof__(rb_cmpeqv_trystorev_storev_plain) *trystorev;
	__typeof__(rb_cmpeqv_trymemcpy_storev_plain) *trymemcpy;
	__typeof__(rb_cmpeqv_cmpeqv_storev_plain) *cmp2;
	__typeof__(rb_offset_deref_addv_plain) *deref;
};

#define SPROTO(P)                                                       \
	static const struct sproto sp_##P = {                           \
		.name = RB_NAME(P), .id = RB_PROTO_ID_##P,              \
		.kproto = rb_protos[RB_PROTO_##P].kproto,               \
		.addv = rb_addv_##P,                                    \
		.cmpeqv_storev = rb_cmpeqv_storev_##P,                  \
		.pop = rb_cmpnev_storeoffp_load_##P,                    \
		.trystorev = rb_cmpeqv_trystorev_storev_##P,            \
		.trymemcpy = rb_cmpeqv_trymemcpy_storev_##P,            \
		.cmp2 = rb_cmpeqv_cmpeqv_storev_##P,                    \
		.deref = rb_offset_deref_addv_##P,                      \
	};
RB_FOR_EACH_SEQ_PROTO(SPROTO)

static const struct sproto *const protos[] = {
	&sp_regabort, &sp_twostore, &sp_descriptor, &sp_descriptor_eager,
};

/* One memcpy record: the offset it was pushed at and who pushed it. */
struct record {
	intptr_t off;
	uint64_t check __attribute__((aligned(8)));	/* i386: 4 */
};

_Static_assert(sizeof(struct record) == RB_MEMCPY_LEN, "record size");

/* The data of one cpu, shared by its thread and that thread's handler. */
struct pcpu {
	struct rb_pcpu_addv addv;
	struct rb_pcpu_cmpeqv_storev word;
	struct {
		intptr_t head;
	} __attribute__((aligned(128))) list;
	struct rb_pcpu_cmpeqv_trystorev_storev ring;
	struct rb_pcpu_cmpeqv_trymemcpy_storev mring;
	struct rb_pcpu_cmpeqv_cmpeqv_storev word2;
	struct rb_pcpu_offset_deref_addv deref;
};

struct cell {
	const struct sproto *p;
	enum rb_kproto kproto;	/* registered for the main thread */
	enum op op;
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
	struct record msrc, hsrc;
	struct rb_list_node *stash[STASH];
	int nstash;
	uint32_t rnd;
	timer_t timer;
	/* results */
	unsigned long done, aborts, cmpfails, empties;
	volatile unsigned long signals, hdone, hempties;
	/* Handler runs that interrupted the watched sequence (below). */
	volatile unsigned long inside, in_window;
	volatile unsigned int at[WATCH_BYTES];	/* by offset from start */
	volatile bool sigsegv, hfail, bad_slot;
	bool stuck, bad_cpu, setup_fail, armed, timed_out;
	double cpu_secs;	/* the main loop's, handlers included */
};

/*
 * The sequence a control cell watches, as its __rb_seq record and the
 * disassembly give it: [start, post_commit), the commit store (the
 * last instruction in there) and the window [window, commit] in which
 * a conflict is overwritten by the commit.  Zero: nothing watched.
 */
static struct {
	uint64_t start, post_commit, commit;
	uint64_t window;	/* after the last read of the commit's word */
	bool read_found;	/* false: window is the commit alone */
	struct vd_insn insn[WATCH_INSNS];
	int ninsn;
} watch;

static struct pcpu *pcpu;
static int nslots;
static struct rb_list_node *nodes;
static int nnodes;
static long tick_us;
static pthread_barrier_t start_line;
static __thread struct worker *self;

/*
 * The end of a cell's budget.  Polled by the main loops only between
 * whole operations (a list pop is always followed by its push), so
 * every count, list and ring is at a point the checks can judge.
 */
static int stop_flag;
/* Workers that left their main loop, for the cell's wait. */
static int finished;
static pthread_mutex_t finish_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t finish_cond;

static bool stopping(void)
{
	return __atomic_load_n(&stop_flag, __ATOMIC_ACQUIRE);
}

/* Different for every offset and pusher, so a mixed copy shows. */
static void make_record(struct record *r, intptr_t off, int who)
{
	/* Records are compared whole: 32-bit intptr_t leaves padding. */
	memset(r, 0, sizeof(*r));
	r->off = off;
	r->check = (uint64_t)off * 0x9e3779b97f4a7c15ULL ^
		   (who ? ~0ULL : 0ULL);
}

static bool record_ok(const struct record *r, intptr_t off)
{
	struct record a, b;

	make_record(&a, off, 0);
	make_record(&b, off, 1);
	return !memcmp(r, &a, sizeof(a)) || !memcmp(r, &b, sizeof(b));
}

/* Ring values: the offset, and the pusher in bit 0. */
static intptr_t ring_value(intptr_t off, int who)
{
	return off * 2 + who;
}

static void handler_list(struct worker *w, struct pcpu *d)
{
	const long off = offsetof(struct rb_list_node, next);
	const struct sproto *p = w->cell->p;
	intptr_t load = 0, head;
	bool push;
	int rc;

	w->rnd = w->rnd * 1103515245u + 12345u;
	push = w->nstash == STASH || (w->nstash && (w->rnd >> 16) & 1);
	if (!push) {
		rc = p->pop(&w->htls, &d->list.head, 0, off, &load, w->cpu);
		if (rc == RB_OK) {
			w->stash[w->nstash++] = (struct rb_list_node *)load;
			w->hdone++;
		} else if (rc == RB_CMPFAIL) {
			w->hempties++;
		} else {
			w->hfail = true;
		}
		return;
	}
	head = RB_READ_ONCE(d->list.head);
	w->stash[w->nstash - 1]->next = (struct rb_list_node *)head;
	rc = p->cmpeqv_storev(&w->htls, &d->list.head, head,
			      (intptr_t)w->stash[w->nstash - 1], w->cpu);
	if (rc == RB_OK) {
		w->nstash--;
		w->hdone++;
	} else {
		w->hfail = true;
	}
}

/*
 * The conflicting operation.  Nothing else runs on this cpu's data
 * while the handler does, so anything but RB_OK (or an empty list) is
 * a failure.
 */
static void handler_op(struct worker *w)
{
	const struct sproto *p = w->cell->p;
	struct pcpu *d = &pcpu[w->cpu];
	intptr_t o;
	int rc = RB_OK;

	switch (w->cell->op) {
	case OP_ADDV:
		rc = p->addv(&w->htls, &d->addv.count, 1, w->cpu);
		break;
	case OP_CMPEQV:
		o = RB_READ_ONCE(d->word.word);
		rc = p->cmpeqv_storev(&w->htls, &d->word.word, o, o + 1,
				      w->cpu);
		break;
	case OP_CMP2:
		o = RB_READ_ONCE(d->word2.word);
		rc = p->cmp2(&w->htls, &d->word2.word, o, &d->word2.guard,
			     RB_READ_ONCE(d->word2.guard), o + 1, w->cpu);
		break;
	case OP_DEREF:
		rc = p->deref(&w->htls, &d->deref.base, DEREF_OFF, 1, w->cpu);
		break;
	case OP_LIST:
		handler_list(w, d);
		return;
	case OP_TRYSTOREV:
		o = RB_READ_ONCE(d->ring.offset);
		rc = p->trystorev(&w->htls, &d->ring.offset, o,
				  &d->ring.slot[o & RING_MASK],
				  ring_value(o, 1), o + 1, w->cpu);
		if (rc == RB_OK &&
		    d->ring.slot[o & RING_MASK] != ring_value(o, 1))
			w->bad_slot = true;
		break;
	case OP_TRYMEMCPY:
		o = RB_READ_ONCE(d->mring.offset);
		make_record(&w->hsrc, o, 1);
		rc = p->trymemcpy(&w->htls, &d->mring.offset, o,
				  d->mring.slot[o & RING_MASK], &w->hsrc,
				  RB_MEMCPY_LEN, o + 1, w->cpu);
		if (rc == RB_OK && memcmp(d->mring.slot[o & RING_MASK],
					  &w->hsrc, RB_MEMCPY_LEN))
			w->bad_slot = true;
		break;
	default:
		break;
	}
	if (rc == RB_OK)
		w->hdone++;
	else
		w->hfail = true;
}

static void on_storm(int sig, siginfo_t *si, void *ucv)
{
	struct worker *w = self;
	struct rb_kmodel_result res;
	uint64_t ip = rb_arch_uc_ip(ucv);

	(void)sig;
	(void)si;
	if (!w)
		return;
	w->signals++;
	if (rb_kemu_return_to_user(&w->k, ucv, w->cpu, &res) ==
	    RB_KV_SIGSEGV) {
		/* The real kernel would kill the thread; we report it. */
		w->sigsegv = true;
		return;
	}
	/*
	 * Past the budget, a main loop that the handlers starve must
	 * still reach its next poll: no more conflicts, no more ticks.
	 * The model above still ran, as the kernel always would.
	 */
	if (stopping()) {
		struct itimerspec off;

		memset(&off, 0, sizeof(off));
		timer_settime(w->timer, 0, &off, NULL);
		return;
	}
	/* Where the conflict below lands, for the controls' accounting. */
	if (ip >= watch.start && ip < watch.post_commit) {
		w->inside++;
		if (ip >= watch.window && ip <= watch.commit)
			w->in_window++;
		if (ip - watch.start < WATCH_BYTES)
			w->at[ip - watch.start]++;
	}
	handler_op(w);
}

/*
 * After our push at offset o committed, handlers may run back to back
 * (a handler that outlasts the timer interval is followed at once by
 * the next signal) and push RB_RING_SLOTS more before we look at our
 * slot.  Called after the slot was read: if the offset has not gone
 * that far, what we read must still be ours.
 */
static bool reused(const intptr_t *offset, intptr_t o)
{
	asm volatile("" ::: "memory");
	return RB_READ_ONCE(*offset) > o + RB_RING_SLOTS;
}

/* The cpu an operation will use, from the thread's (emulated) area. */
static bool read_cpu(struct worker *w, int *cpu)
{
	*cpu = rb_cpu_start(&w->tls);
	if (*cpu != w->cpu) {
		w->bad_cpu = true;
		return false;
	}
	return true;
}

/*
 * One operation with the retry idiom: re-read the cpu and the
 * operands after an abort (and after a compare-fail, which here only
 * means the handler got in between reading the operands and arming).
 * Returns RB_OK, RB_CMPFAIL (empty list) or -2 (stop).
 */
static int main_step(struct worker *w, enum op op, struct rb_list_node **node)
{
	const long loff = offsetof(struct rb_list_node, next);
	const struct sproto *p = w->cell->p;
	unsigned long n = 0;
	int cpu, rc;

	do {
		struct pcpu *d;
		intptr_t o, load = 0;

		if (!read_cpu(w, &cpu))
			return -2;
		d = &pcpu[cpu];
		switch (op) {
		case OP_ADDV:
			rc = p->addv(&w->tls, &d->addv.count, 1, cpu);
			break;
		case OP_CMPEQV:
			o = RB_READ_ONCE(d->word.word);
			rc = p->cmpeqv_storev(&w->tls, &d->word.word, o,
					      o + 1, cpu);
			break;
		case OP_CMP2:
			o = RB_READ_ONCE(d->word2.word);
			rc = p->cmp2(&w->tls, &d->word2.word, o,
				     &d->word2.guard,
				     RB_READ_ONCE(d->word2.guard), o + 1, cpu);
			break;
		case OP_DEREF:
			rc = p->deref(&w->tls, &d->deref.base, DEREF_OFF, 1,
				      cpu);
			break;
		case OP_LIST:
			if (!*node) {
				rc = p->pop(&w->tls, &d->list.head, 0, loff,
					    &load, cpu);
				if (rc == RB_OK)
					*node = (struct rb_list_node *)load;
				else if (rc == RB_CMPFAIL)
					return RB_CMPFAIL;
				break;
			}
			/* The node is ours: next is set outside. */
			o = RB_READ_ONCE(d->list.head);
			(*node)->next = (struct rb_list_node *)o;
			rc = p->cmpeqv_storev(&w->tls, &d->list.head, o,
					      (intptr_t)*node, cpu);
			if (rc == RB_OK)
				*node = NULL;
			break;
		case OP_TRYSTOREV:
			o = RB_READ_ONCE(d->ring.offset);
			rc = p->trystorev(&w->tls, &d->ring.offset, o,
					  &d->ring.slot[o & RING_MASK],
					  ring_value(o, 0), o + 1, cpu);
			if (rc == RB_OK &&
			    RB_READ_ONCE(d->ring.slot[o & RING_MASK]) !=
			    ring_value(o, 0) && !reused(&d->ring.offset, o))
				w->bad_slot = true;
			break;
		case OP_TRYMEMCPY:
			o = RB_READ_ONCE(d->mring.offset);
			make_record(&w->msrc, o, 0);
			rc = p->trymemcpy(&w->tls, &d->mring.offset, o,
					  d->mring.slot[o & RING_MASK],
					  &w->msrc, RB_MEMCPY_LEN, o + 1,
					  cpu);
			if (rc == RB_OK &&
			    memcmp(d->mring.slot[o & RING_MASK], &w->msrc,
				   RB_MEMCPY_LEN) &&
			    !reused(&d->mring.offset, o))
				w->bad_slot = true;
			break;
		default:
			rc = RB_OK;
			break;
		}
		if (rc == RB_ABORT)
			w->aborts++;
		else if (rc == RB_CMPFAIL)
			w->cmpfails++;
	} while (rc != RB_OK && ++n < MAX_TRIES);
	if (rc != RB_OK) {
		w->stuck = true;
		return -2;
	}
	w->done++;
	return RB_OK;
}

static void main_loop(struct worker *w)
{
	struct rb_list_node *node = NULL;

	while ((long)w->done < w->ops) {
		if (stopping()) {
			w->timed_out = true;
			break;
		}
		if (w->cell->op == OP_LIST) {
			/* pop, then push the same node: two operations */
			int rc = main_step(w, OP_LIST, &node);

			if (rc == RB_CMPFAIL) {
				if (++w->empties > 100UL * (unsigned long)w->ops)
					break;
				continue;
			}
			if (rc != RB_OK || main_step(w, OP_LIST, &node))
				break;
			continue;
		}
		if (main_step(w, w->cell->op, NULL))
			break;
	}
}

/*
 * A final return to user space from outside every sequence: the model
 * must do nothing but the lazy clear, and leave the area disarmed.
 *
 * post_commit_ip is read before the model runs: user space disarms on
 * every way out of a regabort or twostore sequence, and the model's
 * lazy disarm (kmodel.h, P3) would otherwise clear an area left armed
 * whenever this function lies above the sequences, so that the check
 * could not fail there.  rseq_cs is still judged after it: the lazy
 * descriptor leaves rseq_cs set by design, for this clear.
 */
static bool left_armed(struct rb_kemu *k)
{
	struct rb_kmodel_regs regs = {
		.ip = (uint64_t)(uintptr_t)&left_armed,
		.regabort = 0,
		.event = true,
	};
	struct rb_kmodel_result res;

	if (k->area.post_commit_ip)
		return true;
	rb_kmodel_fixup(&k->kt, &regs, &rb_kemu_self_mem, &res);
	if (res.verdict != RB_KV_NONE && res.verdict != RB_KV_CLEARED)
		return true;
	return k->rseq.rseq_cs || k->area.post_commit_ip;
}

static bool start_timer(struct worker *w)
{
	struct sigevent sev;
	struct itimerspec its = {
		.it_interval = { .tv_sec = w->tick_us / 1000000,
				 .tv_nsec = w->tick_us % 1000000 * 1000 },
	};

	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_THREAD_ID;
	sev.sigev_signo = SIGRTMIN;
	/* glibc 2.36 has no sigev_notify_thread_id macro yet. */
	sev._sigev_un._tid = (pid_t)syscall(SYS_gettid);
	its.it_value = its.it_interval;
	if (timer_create(CLOCK_MONOTONIC, &sev, &w->timer))
		return false;
	if (timer_settime(w->timer, 0, &its, NULL)) {
		timer_delete(w->timer);
		return false;
	}
	return true;
}

static void *storm_thread(void *arg)
{
	struct worker *w = arg;
	cpu_set_t set;
	sigset_t rt;
	bool timer = false;
	double c0;

	CPU_ZERO(&set);
	CPU_SET(w->cpu, &set);
	if (pthread_setaffinity_np(pthread_self(), sizeof(set), &set))
		w->setup_fail = true;
	rb_kemu_init(&w->k, &w->tls, w->cpu);
	rb_kemu_register(&w->k, w->cell->kproto);
	rb_kemu_init(&w->hk, &w->htls, w->cpu);
	rb_kemu_register(&w->hk, w->cell->p->kproto);
	w->rnd = (uint32_t)w->cpu + 1;
	self = w;

	sigemptyset(&rt);
	sigaddset(&rt, SIGRTMIN);
	pthread_sigmask(SIG_UNBLOCK, &rt, NULL);
	pthread_barrier_wait(&start_line);
	c0 = rb_clock_secs(CLOCK_THREAD_CPUTIME_ID);
	if (w->tick_us) {
		timer = start_timer(w);
		if (!timer)
			w->setup_fail = true;
	}
	if (timer || !w->tick_us)
		main_loop(w);
	/* Block first, so no signal lands after the counts are read. */
	pthread_sigmask(SIG_BLOCK, &rt, NULL);
	w->cpu_secs = rb_clock_secs(CLOCK_THREAD_CPUTIME_ID) - c0;
	if (timer)
		timer_delete(w->timer);
	self = NULL;
	pthread_mutex_lock(&finish_lock);
	finished++;
	pthread_cond_signal(&finish_cond);
	pthread_mutex_unlock(&finish_lock);
	w->armed = left_armed(&w->k) || left_armed(&w->hk);
	return NULL;
}

static void reset_data(void)
{
	int c, i;

	memset(pcpu, 0, sizeof(*pcpu) * (size_t)nslots);
	for (c = 0; c < nslots; c++) {
		rb_init_addv(&pcpu[c].addv);
		rb_init_cmpeqv_storev(&pcpu[c].word);
		rb_init_cmpeqv_trystorev_storev(&pcpu[c].ring);
		rb_init_cmpeqv_trymemcpy_storev(&pcpu[c].mring);
		rb_init_cmpeqv_cmpeqv_storev(&pcpu[c].word2);
		rb_init_offset_deref_addv(&pcpu[c].deref);
	}
	for (i = 0; i < nnodes; i++) {
		struct pcpu *d = &pcpu[i % nslots];

		nodes[i].data = i;
		nodes[i].next = (struct rb_list_node *)d->list.head;
		d->list.head = (intptr_t)&nodes[i];
	}
}

struct walk {
	long seen, dups, stray;
};

static bool node_index(const struct rb_list_node *n, long *i)
{
	uintptr_t j = (uintptr_t)(n - nodes);

	if ((uintptr_t)n < (uintptr_t)nodes || j >= (uintptr_t)nnodes ||
	    n != &nodes[j])
		return false;
	*i = (long)j;
	return true;
}

/* Every list (walks bounded so that a cycle ends them) and stash. */
static struct walk walk_nodes(const struct worker *w, int nw)
{
	unsigned char *mark = calloc((size_t)nnodes, 1);
	struct walk r = { 0, 0, 0 };
	long i;
	int c, k;

	if (!mark) {
		r.stray = -1;
		return r;
	}
	for (c = 0; c < nslots; c++) {
		const struct rb_list_node *n = (const void *)pcpu[c].list.head;
		long steps;

		for (steps = 0; n && steps <= nnodes; steps++) {
			if (!node_index(n, &i)) {
				r.stray++;
				break;
			}
			if (mark[i]++) {
				r.dups++;
				break;
			}
			r.seen++;
			n = n->next;
		}
	}
	for (k = 0; k < nw; k++) {
		for (c = 0; c < w[k].nstash; c++) {
			if (!node_index(w[k].stash[c], &i))
				r.stray++;
			else if (mark[i]++)
				r.dups++;
			else
				r.seen++;
		}
	}
	free(mark);
	return r;
}

/* The last RB_RING_SLOTS pushes of cpu c are still in their slots. */
static bool ring_ok(int c, enum op op)
{
	intptr_t end = op == OP_TRYSTOREV ? pcpu[c].ring.offset :
					    pcpu[c].mring.offset;
	intptr_t o = end > RB_RING_SLOTS ? end - RB_RING_SLOTS : 0;

	for (; o < end; o++) {
		if (op == OP_TRYSTOREV) {
			intptr_t v = pcpu[c].ring.slot[o & RING_MASK];

			if (v != ring_value(o, 0) && v != ring_value(o, 1))
				return false;
		} else if (!record_ok((const void *)
				      pcpu[c].mring.slot[o & RING_MASK], o)) {
			return false;
		}
	}
	return true;
}

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

/* What a counting op's data says was done on cpu c; 0 for the others. */
static intptr_t counted(enum op op, int c)
{
	switch (op) {
	case OP_ADDV:
		return pcpu[c].addv.count;
	case OP_CMPEQV:
		return pcpu[c].word.word;
	case OP_TRYSTOREV:
		return pcpu[c].ring.offset;
	case OP_TRYMEMCPY:
		return pcpu[c].mring.offset;
	case OP_CMP2:
		return pcpu[c].word2.word;
	case OP_DEREF:
		return pcpu[c].deref.count;
	default:
		return 0;
	}
}

/* The op's invariant over every cpu; why says what broke first. */
static bool check_data(const struct cell *cl, const struct worker *w,
		       int nw, struct total *t)
{
	struct walk wk;
	int k;

	if (cl->op == OP_LIST) {
		wk = walk_nodes(w, nw);
		snprintf(t->why, sizeof(t->why),
			 "nodes seen %ld of %d, dup/cycle %ld, stray %ld",
			 wk.seen, nnodes, wk.dups, wk.stray);
		return wk.seen == nnodes && !wk.dups && !wk.stray;
	}
	for (k = 0; k < nw; k++) {
		int c = w[k].cpu;
		intptr_t want = (intptr_t)(w[k].done + w[k].hdone);
		intptr_t got = counted(cl->op, c);
		if (got != want) {
			snprintf(t->why, sizeof(t->why),
				 "cpu %d: %ld, want %ld (%ld lost)", c,
				 (long)got, (long)want, (long)(want - got));
			return false;
		}
		if (w[k].bad_slot) {
			snprintf(t->why, sizeof(t->why),
				 "cpu %d: a push found its committed slot overwritten",
				 c);
			return false;
		}
		if ((cl->op == OP_TRYSTOREV || cl->op == OP_TRYMEMCPY) &&
		    !ring_ok(c, cl->op)) {
			snprintf(t->why, sizeof(t->why),
				 "cpu %d: the last %d slots do not hold what was pushed there",
				 c, RB_RING_SLOTS);
			return false;
		}
	}
	snprintf(t->why, sizeof(t->why), "exact on every cpu");
	return true;
}

static unsigned long signals_so_far(const struct worker *w, int nw)
{
	unsigned long n = 0;
	int k;

	for (k = 0; k < nw; k++)
		n += w[k].signals;
	return n;
}

/*
 * Wait for the workers until the budget is spent, then raise the stop
 * flag; the workers disarm their own timers on the way out.  A cell
 * that needs min_signals conflicts gets up to 4x its budget for them:
 * on a busy machine a thread waiting for its cpu takes fewer signals.
 */
static void wait_cell(const struct worker *w, int created, double t0,
		      double budget, unsigned long min_signals)
{
	double end = t0 + budget;
	struct timespec ts;

	pthread_mutex_lock(&finish_lock);
	while (finished < created) {
		double left = end - rb_now();

		if (left <= 0 && signals_so_far(w, created) < min_signals &&
		    rb_now() < t0 + 4 * budget)
			left = 0.01;
		if (left <= 0)
			break;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_sec += (time_t)left;
		ts.tv_nsec += (long)((left - floor(left)) * 1e9);
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&finish_cond, &finish_lock, &ts);
	}
	pthread_mutex_unlock(&finish_lock);
	__atomic_store_n(&stop_flag, 1, __ATOMIC_RELEASE);
}

static struct total run_cell(const struct cell *cl, const int *cpus,
			     int nw, long ops, double budget, long tick,
			     unsigned long min_signals)
{
	struct worker *w = calloc((size_t)nw, sizeof(*w));
	struct total t;
	double t0;
	int i, k, err, created = 0;

	memset(&t, 0, sizeof(t));
	t.tick_us = tick;
	if (!w) {
		snprintf(t.why, sizeof(t.why), "out of memory");
		return t;
	}
	reset_data();
	__atomic_store_n(&stop_flag, 0, __ATOMIC_RELEASE);
	finished = 0;
	pthread_barrier_init(&start_line, NULL, (unsigned int)nw + 1);
	for (k = 0; k < nw; k++) {
		w[k].cpu = cpus[k];
		w[k].cell = cl;
		w[k].tick_us = tick;
		w[k].ops = (ops + nw - 1) / nw;
		err = pthread_create(&w[k].th, NULL, storm_thread, &w[k]);
		if (err) {
			fprintf(stderr, "pthread_create: %s\n", strerror(err));
			break;
		}
		created++;
	}
	/* Stand-in arrivals, so created threads are not left waiting. */
	for (k = created; k < nw; k++) {
		w[k].setup_fail = true;
		pthread_barrier_wait(&start_line);
	}
	t0 = rb_now();
	pthread_barrier_wait(&start_line);
	t.sane = true;
	t.aborts_match = true;
	wait_cell(w, created, t0, budget, min_signals);
	for (k = 0; k < created; k++)
		pthread_join(w[k].th, NULL);
	t.secs = rb_now() - t0;
	pthread_barrier_destroy(&start_line);
	for (k = 0; k < nw; k++) {
		t.done += w[k].done;
		t.hdone += w[k].hdone;
		t.aborts += w[k].aborts;
		t.restarts += w[k].k.restarts;
		t.clears += w[k].k.clears;
		t.cmpfails += w[k].cmpfails;
		t.signals += w[k].signals;
		t.empties += w[k].empties;
		t.inside += w[k].inside;
		t.in_window += w[k].in_window;
		for (i = 0; i < WATCH_BYTES; i++)
			t.at[i] += w[k].at[i];
		t.lost += (long)(w[k].done + w[k].hdone) -
			  (long)counted(cl->op, w[k].cpu);
		t.cpu_secs += w[k].cpu_secs;
		if (w[k].timed_out)
			t.timed_out = true;
		if (w[k].setup_fail || w[k].stuck || w[k].bad_cpu ||
		    w[k].sigsegv || w[k].hfail || w[k].armed ||
		    ((long)w[k].done < w[k].ops && !w[k].timed_out)) {
			t.sane = false;
			fprintf(stderr,
				"storm %s %s cpu %d: setup_fail %d stuck %d bad_cpu %d sigsegv %d (%s) handler_fail %d armed %d done %lu of %ld\n",
				cl->p->name, op_names(cl->op), w[k].cpu,
				w[k].setup_fail, w[k].stuck, w[k].bad_cpu,
				w[k].sigsegv, w[k].k.last_reason ?
				w[k].k.last_reason : "-", w[k].hfail,
				w[k].armed, w[k].done, w[k].ops);
		}
		/* Every restart the model made lands at an abort label. */
		if (w[k].aborts != w[k].k.restarts)
			t.aborts_match = false;
	}
	t.data_ok = check_data(cl, w, created, &t);
	free(w);
	return t;
}

/* Over every cell, for the closing summary. */
static struct {
	int cells, on_budget;
	unsigned long done, signals, aborts;
	double secs;
} sum;

static void report(const char *tag, const struct cell *cl,
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

/* Where the signals inside the watched sequence landed. */
static void report_watch(const char *tag, enum op op, const struct total *t,
			 const char *seen)
{
	char line[512];
	size_t len = 0;
	int i;

	NOTE("%s %s: %lu signals inside the sequence, %lu in its window (%s)",
	     tag, op_names(op), t->inside, t->in_window, seen);
	line[0] = 0;
	for (i = 0; i < watch.ninsn && len < sizeof(line) - 32; i++) {
		uint64_t off = watch.insn[i].addr - watch.start;

		len += (size_t)snprintf(line + len, sizeof(line) - len,
					" +%" PRIu64 ":%lu", off, t->at[off]);
	}
	NOTE("%s %s: signals by instruction offset:%s", tag, op_names(op),
	     line);
}

/*
 * The memory operand of an instruction as objdump prints it: "[x1]",
 * "[r1, #8]" (arm), "0x8(%r9)" (x86), "0(a1)" (riscv, ppc).
 */
static bool mem_operand(const char *text, char *out, size_t len)
{
	const char *a = strchr(text, '['), *b;

	if (a) {
		b = strchr(a, ']');
	} else {
		b = strchr(text, '(');
		if (!b)
			return false;
		for (a = b; a > text && a[-1] != ' ' && a[-1] != ',' &&
			    a[-1] != '\t'; a--)
			;
		b = strchr(b, ')');
	}
	if (!b || (size_t)(b - a + 1) >= len)
		return false;
	memcpy(out, a, (size_t)(b - a + 1));
	out[b - a + 1] = 0;
	return true;
}

/* Whether text names operand op, as a whole operand. */
static bool names_operand(const char *text, const char *op)
{
	const char *p;

	for (p = strstr(text, op); p; p = strstr(p + 1, op))
		if (p == text || p[-1] == ' ' || p[-1] == ',' ||
		    p[-1] == '\t')
			return true;
	return false;
}

/*
 * Point watch at the sequence of (p, op): its protected range from its
 * __rb_seq record, its commit store from the disassembly (the last
 * instruction before post_commit).  False, with why, where either is
 * missing.
 */
static bool watch_seq(const struct sproto *p, enum op op, char *why,
		      size_t len)
{
	const struct rb_seq_rec *r;
	char opnd[64];
	int i, n;

	memset(&watch, 0, sizeof(watch));
	if (rb_seq_find(p->id, op_ids(op), &r) != 1) {
		snprintf(why, len, "no single __rb_seq record");
		return false;
	}
	n = vd_disasm(r->start, r->post_commit, watch.insn, WATCH_INSNS);
	if (n <= 0 || n == WATCH_INSNS ||
	    r->post_commit - r->start > WATCH_BYTES) {
		snprintf(why, len, "no disassembly of its protected range");
		return false;
	}
	watch.ninsn = n;
	watch.start = r->start;
	watch.post_commit = r->post_commit;
	watch.commit = watch.insn[n - 1].addr;
	/*
	 * The window opens after the last instruction before the commit
	 * that names the commit's memory operand: the load or compare
	 * that read the word.  Where none does, it is the commit alone,
	 * and the account below is a lower bound.
	 */
	watch.window = watch.commit;
	if (mem_operand(watch.insn[n - 1].text, opnd, sizeof(opnd))) {
		for (i = n - 2; i >= 0; i--) {
			if (names_operand(watch.insn[i].text, opnd)) {
				watch.window = watch.insn[i + 1].addr;
				watch.read_found = true;
				break;
			}
		}
	}
	snprintf(why, len, "+%" PRIu64 "..+%" PRIu64 ", commit store %s",
		 watch.window - watch.start, watch.commit - watch.start,
		 watch.insn[n - 1].text);
	return true;
}

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
static void must_fail(const char *tag, const struct sproto *p, enum op op,
		      const int *cpus, int nw, long ops, double budget)
{
	struct cell cl = { .p = p, .kproto = RB_KPROTO_NONE, .op = op };
	const char *emu = getenv("RSEQBENCH_EMULATED");
	/* Ops whose lost updates are counted, one per conflict. */
	bool exact = op == OP_ADDV || op == OP_CMPEQV || op == OP_CMP2 ||
		     op == OP_DEREF;
	bool adds = op == OP_ADDV || op == OP_DEREF;
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

/*
 * The main loop's operations per second of its own cpu time: the
 * cpu clock leaves out what other jobs on a busy machine take.
 */
static double cpu_rate(const struct total *t)
{
	return t->cpu_secs > 0 ? (double)t->done / t->cpu_secs : 0;
}

/*
 * The cpu one signal takes from the main loop: a cell without signals,
 * one under a dense storm, and the first again (their mean is the
 * reference, so a machine slowing down or speeding up in between
 * shows less).  The share the storm took, over the signals per cpu
 * second, is the cost of one: timer interrupt, delivery, the model and
 * the handler's operation, sigreturn and the caches it cools.  The
 * descriptor trymemcpy cell has the dearest handler: its model reads
 * the descriptor from user memory and its operation copies a record.
 * Returns the cost in us, or a negative value if nothing was measured.
 */
static double signal_cost_us(const int *cpus, int nw, double phase,
			     double *share)
{
	const struct cell cl = {
		.p = &sp_descriptor,
		.kproto = RB_KPROTO_DESCRIPTOR,
		.op = OP_TRYMEMCPY,
	};
	struct total a, b, a2;
	double r0, r1, per_sec;

	a = run_cell(&cl, cpus, nw, LONG_MAX / 2, phase, 0, 0);
	b = run_cell(&cl, cpus, nw, LONG_MAX / 2, phase, CALIB_TICK_US, 0);
	a2 = run_cell(&cl, cpus, nw, LONG_MAX / 2, phase, 0, 0);
	r0 = (cpu_rate(&a) + cpu_rate(&a2)) / 2;
	r1 = cpu_rate(&b);
	per_sec = b.cpu_secs > 0 ? (double)b.signals / b.cpu_secs : 0;
	*share = r0 > 0 ? 1 - r1 / r0 : 0;
	NOTE("calibration: %.0f ops/cpu-s without signals (%.0f, %.0f), %.0f under SIGRTMIN every %d us (%.0f signals/cpu-s): the signals take %.1f%% of the cpu",
	     r0, cpu_rate(&a), cpu_rate(&a2), r1, CALIB_TICK_US, per_sec,
	     100 * *share);
	if (!(a.sane && b.sane && a2.sane && a.data_ok && b.data_ok &&
	      a2.data_ok))
		NOTE("calibration: a cell broke its invariant (%s); the cells below will say",
		     b.why);
	if (r0 <= 0 || per_sec <= 0 || *share <= 0)
		return -1;
	return *share / per_sec * 1e6;
}

/* The interval for the cells, and why, in one line. */
static long pick_tick(const int *cpus, int nw, double phase)
{
	double share, cost = signal_cost_us(cpus, nw, phase, &share);
	long tick = MIN_TICK_US;

	if (cost < 0) {
		NOTE("interval %ld us: the floor (no measurable signal cost)",
		     tick);
		return tick;
	}
	if (cost * TICK_COST_SHARE > tick)
		tick = (long)ceil(cost * TICK_COST_SHARE);
	if (tick > MAX_TICK_US)
		tick = MAX_TICK_US;
	NOTE("interval %ld us: one signal costs %.1f us of cpu, so max(%d us, %d x %.1f us), at most %d us, leaves the handlers <= %d%% of each thread",
	     tick, cost, MIN_TICK_US, TICK_COST_SHARE, cost, MAX_TICK_US,
	     100 / TICK_COST_SHARE);
	return tick;
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
	const int ncells = (int)(sizeof(protos) / sizeof(protos[0])) *
			   NR_OPS + 1 + NR_OPS;
	pthread_condattr_t ca;
	struct sigaction sa;
	cpu_set_t set;
	int *cpus, nw = 0, opt, c;
	unsigned int pi;
	double t0 = rb_now();
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

	/* The cells' deadlines are on the monotonic clock. */
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&finish_cond, &ca);

	nslots = get_nprocs_conf();
	if (nslots < 1)
		nslots = 1;
	if (sched_getaffinity(0, sizeof(set), &set))
		CPU_ZERO(&set);
	cpus = calloc((size_t)CPU_SETSIZE, sizeof(*cpus));
	for (c = 0; cpus && c < CPU_SETSIZE && c < nslots; c++)
		if (CPU_ISSET(c, &set))
			cpus[nw++] = c;
	nnodes = NODES_PER_CPU * nslots;
	pcpu = aligned_alloc(128, sizeof(*pcpu) * (size_t)nslots);
	nodes = calloc((size_t)nnodes, sizeof(*nodes));
	if (!CHECK(cpus && nw > 0 && pcpu && nodes,
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
	cell_budget = (budget - (rb_now() - t0) - (1 + NR_OPS) * fail_budget) /
		      (ncells - 1 - NR_OPS);
	if (cell_budget < 0.05)
		cell_budget = 0.05;
	NOTE("%ld ops or %.2f s per (protocol, op), whichever comes first (%.1f s over %d cells), over %d threads, SIGRTMIN every %ld us per thread (CLOCK_MONOTONIC timer, SIGEV_THREAD_ID)",
	     ops, cell_budget, budget, ncells, nw, tick_us);
	NOTE("per cell: main-loop ops, ops/s, aborts (= restarts by the model) per op, signals delivered, hit = aborts per signal; handler ops are the conflicting ops run from the handler; whether the cell stopped on its op count or its time budget");

	for (pi = 0; pi < sizeof(protos) / sizeof(protos[0]); pi++) {
		for (c = 0; c < NR_OPS; c++) {
			struct cell cl = {
				.p = protos[pi],
				.kproto = protos[pi]->kproto,
				.op = (enum op)c,
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
	must_fail("plain", &sp_plain, OP_ADDV, cpus, nw, ops, fail_budget);
	must_fail("plain", &sp_plain, OP_CMPEQV, cpus, nw, ops,
		  fail_budget);
	for (c = 0; c < NR_OPS; c++)
		must_fail("regabort/broken", &sp_regabort, (enum op)c, cpus,
			  nw, ops, fail_budget);
	NOTE("storm summary: interval %ld us, %d cells (%d stopped on the budget), %.0f signals/s, %lu main-loop ops, %lu aborts, %.1f s in cells, %.1f s in all",
	     tick_us, sum.cells, sum.on_budget,
	     sum.secs > 0 ? (double)sum.signals / sum.secs : 0.0, sum.done,
	     sum.aborts, sum.secs, rb_now() - t0);
	free(cpus);
	free(pcpu);
	free(nodes);
	return tap_exit();
}
