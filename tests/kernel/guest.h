/* SPDX-License-Identifier: MIT */
/*
 * What the parts of the make kernel-test guest share (guest.c runs
 * them in order).  Protocols are registry indices (RB_PROTO_*): the
 * guest tests one per kernel rule (guest_for_each_proto()), and their
 * flags come from the kernel model, checked against the series' uapi
 * (guest_uapi.h).
 */
#ifndef RB_GUEST_H
#define RB_GUEST_H

#include <signal.h>
#include <stdint.h>

#include "protocols.h"
#include "kmodel.h"
#include "guest_uapi.h"
#include "guest_util.h"

/* One tap_failed for all the parts (tap.h). */
#include "../tap.h"

/*
 * A thread's registrations: a struct rseq of its own (raw clone
 * children only; threads glibc created use glibc's) and the
 * regabort/twostore area registered beside it (guest_rseq.c).
 */
struct ext_area {
	struct rb_rseq rseq;
	struct rb_area area;
} __attribute__((aligned(64)));

#define PC_LEN ((uint32_t)RB_KAREA_LEN)
#define PC_FLAGS RB_KFLAGS_POST_COMMIT
#define TSZ RB_ARCH_TASK_SIZE

long sys_rseq(void *a, uint32_t len, int flags, uint32_t sig);
int own_register(struct ext_area *e);
int own_unregister(struct ext_area *e);
int pc_register(struct ext_area *e, int p);
int pc_unregister(struct ext_area *e, int p);

/* The handlers of guest_sig.c. */
void rb_guest_timer_handler(int sig, siginfo_t *si, void *uc);
void rb_guest_trap_handler(int sig, siginfo_t *si, void *uc);
extern volatile unsigned long rb_guest_signals;
extern volatile uint64_t rb_guest_trap_ip, rb_guest_trap_pc, rb_guest_traps;
extern volatile uint64_t *volatile rb_guest_trap_area_pc;

/* The probe and the kernel model's view of it (guest_probe.c). */
extern const char rb_probe_trap[], rb_probe_after[], rb_probe_abort[];
int rb_probe(struct rb_area *area, uint64_t pc, uint64_t abort,
	     uint64_t rcx);

/* The model's view of memory: the armed area from a shadow, the rest probed. */
struct mctx {
	uint64_t area;
	uint64_t shadow[2];	/* abort_ip, post_commit_ip as armed */
	uint64_t rseq;		/* the struct rseq: its rseq_cs is written */
	int pipefd[2];
};

int m_read(void *ctx, uint64_t addr, void *buf, unsigned int len);
unsigned int model_expect(int p, struct ext_area *e, uint64_t pc,
			  uint64_t abort, uint64_t rcx, struct mctx *m,
			  const char *unreg, const char **why);
enum rb_kverdict probe_verdict(int restarted, uint64_t pc);

/* The parts, in the order guest.c runs them. */
void test_abi(void);				/* guest_abi.c */
void test_torture(int p, int mixed, int nthreads, double secs,
		  long timer_us);		/* guest_torture.c */
void test_hazard(void);				/* guest_progs.c */
void test_crosscheck(int p);			/* guest_crosscheck.c */
void test_fork_exec(void);			/* guest_abi.c */
int exec_probe(void);				/* guest_abi.c */
void test_fuzz(long n);				/* guest_fuzz.c */
void test_cost(int p, long n, long nspin);	/* guest_cost.c */
void test_selftests(void);			/* guest_progs.c */
void test_klog(void);				/* guest_klog.c */

#endif
