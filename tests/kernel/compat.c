// SPDX-License-Identifier: MIT
/*
 * /init of the compat boot (make kernel-test-full): a static i386
 * program on the x86-64 kernel with IA32_EMULATION, so that the
 * series' compat path (registers and area fields truncated to 32 bits)
 * runs for real.  Built for aarch64, the same program is the arm64
 * boot's /init (tests/kernel/arm64.sh).  For each protocol, the addv
 * torture (addv_torture.c): 2 threads per vCPU with a 500 us timer
 * each and forced migrations; regabort and twostore register their
 * area beside glibc's struct rseq.  Every sum must be exact and every
 * protocol must have restarted at least once.  rbsecs=seconds per
 * protocol (default 3).
 */
#include <stdio.h>
#if defined(__x86_64__) || defined(__i386__)
#include <sys/io.h>
#endif
#include <sys/mount.h>
#include <sys/reboot.h>
#include <unistd.h>

#include <linux/rseq.h>		/* the patched uapi header */
#include <sys/rseq.h>

#include "protocols.h"
#include "guest_uapi.h"
#include "guest_util.h"
#include "../tap.h"

/* addv_torture() runs 2 threads a cpu, 64 at the most. */
#define MAX_CPUS 32

static void torture(int p, int ncpus, long secs)
{
	struct addv_torture t;

	if (!addv_torture(p, ncpus, secs, &t))
		return;
	CHECK(!t.err && t.sum == t.adds && t.aborts > 0,
	      "torture %s: %d threads, %ld s: %lu adds, sum %lu, %lu aborts (error %d)",
	      rb_protos[p].name, t.nthreads, secs, t.adds, t.sum, t.aborts,
	      t.err);
}

int main(void)
{
	long secs = env_long("rbsecs", 3);
	int ncpus, p;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (getpid() == 1)
		mount("proc", "/proc", "proc", 0, NULL);
	ncpus = (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (ncpus > MAX_CPUS)
		ncpus = MAX_CPUS;
	NOTE("torture: %zu-bit task, %d vCPUs, glibc's rseq registration on (__rseq_size %u)",
	     sizeof(void *) * 8, ncpus, __rseq_size);
#ifdef __i386__
	CHECK(sizeof(void *) == 4, "running as a 32-bit task");
#endif
	guest_for_each_proto(p)
		torture(p, ncpus, secs);
	NOTE("torture done: %d failed", tap_failed);
	fflush(stdout);
	if (getpid() != 1)
		return tap_failed ? 1 : 0;
#if defined(__x86_64__) || defined(__i386__)
	/* QEMU's isa-debug-exit turns the verdict into its exit status. */
	console_drain();
	if (ioperm(0xf4, 4, 1) == 0)
		outl(tap_failed ? 1u : 0u, 0xf4);
#endif
	/* Elsewhere the runner reads the line above; PID 1 must not exit. */
	sync();
	reboot(RB_POWER_OFF);
	return tap_failed ? 1 : 0;
}
