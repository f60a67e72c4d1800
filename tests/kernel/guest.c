// SPDX-License-Identifier: MIT
/*
 * /init of the make kernel-test guest: a static program that runs as
 * PID 1 on the patched 6.12 kernel under QEMU and checks the kernel
 * side of the three protocols.  It prints TAP lines ("ok - ..." /
 * "not ok - ...") and "# ..." notes on the console, then hands its
 * verdict (0 = all passed) to QEMU through the isa-debug-exit port.
 *
 * glibc's own rseq registration stays on, as on any Debian system:
 * descriptor runs on glibc's struct rseq, and regabort and twostore
 * register their area beside it (the series' ABI).  Only the fuzz and
 * cross-check children, raw clone()s that glibc never set up, register
 * a struct rseq of their own.
 *
 * This file runs the parts, a file each (guest.h lists them), in this
 * order; kernel command line words reach /init as environment
 * variables:
 *   guest_abi.c         the registration ABI checks;
 *   guest_torture.c     torture of regabort, twostore and descriptor,
 *                       then of descriptor interleaved with regabort or
 *                       twostore in every thread (rbsecs=seconds per
 *                       run, default 3);
 *   guest_progs.c       the post-commit hazard (/bin/hazard);
 *   guest_crosscheck.c  the kernel-model cross check;
 *   guest_abi.c         fork and exec while registered;
 *   guest_fuzz.c        the ABI fuzz (rbfuzz=inputs per protocol,
 *                       default 500000);
 *   guest_cost.c        the cost probes, the signal path and the
 *                       preemption path of each protocol, armed and
 *                       not, between markers that the TCG plugin counts
 *                       (rbcost=signal probes, default 2000;
 *                       rbspin=preemption probes, default 0);
 *   guest_progs.c       the kernel's selftests;
 *   guest_klog.c        a scan of the kernel log for oops/WARNING/BUG.
 * rbonly=cost runs the cost probes alone (the counting boot).  The
 * cross check and the fuzz share a runner (guest_fuzz_run.c) and the
 * probe (guest_probe.c); registration is guest_rseq.c's.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/io.h>
#include <sys/mount.h>
#include <sys/utsname.h>
#include <termios.h>
#include <unistd.h>

#include <sys/rseq.h>		/* __rseq_size */

#include "guest.h"
#include "rb_clock.h"

static void set_handler(int sig, void (*fn)(int, siginfo_t *, void *))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = fn;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

static void verdict(int v)
{
	tcdrain(1);
	fflush(stdout);
	tcdrain(1);
	if (getpid() == 1 && ioperm(0xf4, 4, 1) == 0)
		outl((unsigned int)v, 0xf4);
	_exit(v);
}

int main(int argc, char **argv, char **envp)
{
	struct utsname u;
	long secs, fuzz, cost, spin;
	const char *only = getenv("rbonly");
	int p, ncpu;
	double t0 = rb_now();

	if (argc > 1 && strcmp(argv[1], "exec-probe") == 0)
		return exec_probe();
	(void)envp;
	setvbuf(stdout, NULL, _IOLBF, 0);
	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	uname(&u);
	ncpu = (int)sysconf(_SC_NPROCESSORS_ONLN);
	secs = env_long("rbsecs", 3);
	fuzz = env_long("rbfuzz", 500000);
	cost = env_long("rbcost", 2000);
	/*
	 * Preemption probes only in the counting boot by default: on the
	 * 2-vCPU test boot each one waited ~0.7 s for its tick (against
	 * ~3 ms on one vCPU, not yet understood), 80 s for 120 probes.
	 */
	spin = env_long("rbspin", 0);
	NOTE("rseqbench kernel-test guest: %s %s, %d vCPUs online, glibc's rseq registration on (__rseq_size %u)",
	     u.release, u.version, ncpu, __rseq_size);
	NOTE("uptime at /init: %.2fs", t0);
	{
		char cs[64] = "?";
		FILE *fp = fopen("/sys/devices/system/clocksource/clocksource0/current_clocksource", "r");

		if (fp) {
			if (!fgets(cs, sizeof(cs), fp))
				strcpy(cs, "?");
			fclose(fp);
			cs[strcspn(cs, "\n")] = 0;
		}
		NOTE("clocksource: %s", cs);
	}
	set_handler(SIGALRM, rb_guest_timer_handler);
	set_handler(SIGTRAP, rb_guest_trap_handler);
	/* The counting boot (one vCPU, the plugin): the probes alone. */
	if (only && !strcmp(only, "cost")) {
		guest_for_each_proto(p)
			test_cost(p, cost, spin);
		NOTE("guest done in %.1fs: %d failed", rb_now() - t0,
		     tap_failed);
		verdict(tap_failed ? 1 : 0);
	}
	CHECK(ncpu >= 2, "at least 2 vCPUs online (%d)", ncpu);
	test_abi();
	guest_for_each_proto(p)
		test_torture(p, 0, 4 * ncpu, (double)secs, 2000);
	test_torture(guest_proto(RB_KPROTO_DESCRIPTOR), 1, 4 * ncpu,
		     (double)secs, 2000);
	test_hazard();
	/* the cross check and the fuzz: the protocols with an area */
	guest_for_each_proto(p)
		if (guest_proto_flag(p))
			test_crosscheck(p);
	test_fork_exec();
	if (fuzz > 0)
		test_fuzz(fuzz);
	if (cost > 0)
		guest_for_each_proto(p)
			test_cost(p, cost, spin);
	test_selftests();
	test_klog();
	NOTE("guest done in %.1fs: %d failed", rb_now() - t0, tap_failed);
	verdict(tap_failed ? 1 : 0);
	return 0;
}
