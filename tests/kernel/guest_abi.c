// SPDX-License-Identifier: MIT
/*
 * The registration ABI of the series, part 1 of the guest: the probe,
 * the argument checks, what registering and unregistering an area do
 * to it and to the struct rseq beside it; and, after the hazard and the
 * cross check, what fork() and execve() do to a registered area.
 */
#include <errno.h>
#include <sys/auxv.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guest.h"

static struct ext_area abi_area;
static char abi_big[256] __attribute__((aligned(64)));

/* In a forked child: the struct rseq's unregistration drops the area. */
static int abi_unregister_drops_area(void)
{
	struct ext_area *e = &abi_area;
	struct rb_rseq *g = glibc_rseq();
	int twostore = guest_proto(RB_KPROTO_TWOSTORE);

	if (pc_register(e, twostore))
		return 1;
	if (sys_rseq(g, 32, RSEQ_FLAG_UNREGISTER, RB_SIG))
		return 2;
	/* mainline extensible lengths still work for the struct rseq */
	if (sys_rseq(abi_big, 40, 0, RB_SIG) ||
	    sys_rseq(abi_big, 40, RSEQ_FLAG_UNREGISTER, RB_SIG))
		return 3;
	if (sys_rseq(g, 32, 0, RB_SIG))
		return 4;
	/* the area went with the first registration */
	if (!pc_unregister(e, twostore) || errno != EINVAL)
		return 5;
	return 0;
}

void test_abi(void)
{
	struct ext_area *e = &abi_area;
	struct rb_rseq *g = glibc_rseq();
	char *a = (char *)&e->area;
	int regabort = guest_proto(RB_KPROTO_REGABORT);
	int twostore = guest_proto(RB_KPROTO_TWOSTORE);
	pid_t pid;
	long r;
	int st;

	CHECK(getauxval(AT_RSEQ_FEATURE_SIZE) == 28,
	      "AT_RSEQ_FEATURE_SIZE unchanged (%lu)",
	      getauxval(AT_RSEQ_FEATURE_SIZE));
	CHECK(__rseq_size > 0 && (int)g->cpu_id >= 0,
	      "glibc registered its struct rseq (__rseq_size %u, cpu_id %d)",
	      __rseq_size, (int)g->cpu_id);
	CHECK(sys_rseq(NULL, 0, RSEQ_FLAG_POST_COMMIT_TWOSTORE, 0) == 0 &&
	      sys_rseq(NULL, 0, RSEQ_FLAG_POST_COMMIT_REGABORT, 0) == 0,
	      "probe: rseq(NULL, 0, protocol flag, 0) returns 0 for both");
	CHECK(sys_rseq(NULL, 0, PC_FLAGS, 0) && errno == EINVAL,
	      "probe with both protocol flags: EINVAL");
	CHECK(sys_rseq(NULL, 0, 1 << 3, 0) && errno == EINVAL,
	      "unknown flag: EINVAL");
	CHECK(sys_rseq(a, 15, RSEQ_FLAG_POST_COMMIT_TWOSTORE, RB_SIG) &&
	      errno == EINVAL, "area length 15: EINVAL");
	CHECK(sys_rseq(a, 32, RSEQ_FLAG_POST_COMMIT_TWOSTORE, RB_SIG) &&
	      errno == EINVAL, "area length 32: EINVAL");
	CHECK(sys_rseq(a + 8, PC_LEN, RSEQ_FLAG_POST_COMMIT_TWOSTORE, RB_SIG) &&
	      errno == EINVAL, "area misaligned by 8: EINVAL");
	CHECK(sys_rseq(a, PC_LEN, PC_FLAGS, RB_SIG) && errno == EINVAL,
	      "both protocols: EINVAL");
	CHECK(sys_rseq(a, PC_LEN, RSEQ_FLAG_POST_COMMIT_TWOSTORE | (1 << 3),
		       RB_SIG) && errno == EINVAL,
	      "a protocol with an unknown flag: EINVAL");
	CHECK(sys_rseq(a, PC_LEN, RSEQ_FLAG_POST_COMMIT_TWOSTORE, RB_SIG + 1) &&
	      errno == EPERM, "another signature than the struct rseq's: EPERM");
	CHECK(sys_rseq((void *)0xffffffff81000000UL, PC_LEN,
		       RSEQ_FLAG_POST_COMMIT_TWOSTORE, RB_SIG) &&
	      errno == EFAULT, "kernel address: EFAULT");
	CHECK(sys_rseq((void *)0x0000800000000000UL, PC_LEN,
		       RSEQ_FLAG_POST_COMMIT_TWOSTORE, RB_SIG) &&
	      errno == EFAULT, "non-canonical address: EFAULT");
	CHECK(sys_rseq(a, PC_LEN, RSEQ_FLAG_UNREGISTER |
		       RSEQ_FLAG_POST_COMMIT_TWOSTORE, RB_SIG) &&
	      errno == EINVAL, "unregister with no area registered: EINVAL");
	e->area.abort_ip = 0x1234;
	e->area.post_commit_ip = 0x5678;
	CHECK(pc_register(e, regabort) == 0, "regabort registers");
	CHECK(e->area.abort_ip == 0 && e->area.post_commit_ip == 0,
	      "registration zeroes the whole area");
	r = sys_rseq(a, PC_LEN, RSEQ_FLAG_POST_COMMIT_REGABORT, RB_SIG);
	CHECK(r && errno == EBUSY, "same registration again: EBUSY");
	r = sys_rseq(a, PC_LEN, RSEQ_FLAG_POST_COMMIT_TWOSTORE, RB_SIG);
	CHECK(r && errno == EINVAL, "other protocol on the same area: EINVAL");
	r = sys_rseq(abi_big, PC_LEN, RSEQ_FLAG_POST_COMMIT_REGABORT, RB_SIG);
	CHECK(r && errno == EINVAL, "another area: EINVAL");
	r = sys_rseq(g, 32, 0, RB_SIG);
	CHECK(r && errno == EBUSY,
	      "glibc's struct rseq is still registered as it was: EBUSY");
	r = sys_rseq(a, PC_LEN, RSEQ_FLAG_UNREGISTER |
		     RSEQ_FLAG_POST_COMMIT_TWOSTORE, RB_SIG);
	CHECK(r && errno == EINVAL, "unregister naming the other protocol: EINVAL");
	r = sys_rseq(a, PC_LEN, RSEQ_FLAG_UNREGISTER |
		     RSEQ_FLAG_POST_COMMIT_REGABORT, RB_SIG + 1);
	CHECK(r && errno == EPERM, "unregister with another signature: EPERM");
	CHECK(pc_unregister(e, regabort) == 0 && (int)g->cpu_id >= 0,
	      "unregister: the struct rseq stays registered (cpu_id %d)",
	      (int)g->cpu_id);
	CHECK(pc_register(e, twostore) == 0 &&
	      pc_unregister(e, twostore) == 0,
	      "twostore registers and unregisters");
	pid = fork();
	if (pid == 0)
		_exit(abi_unregister_drops_area());
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "unregistering the struct rseq drops the area; rseq_len 40 still registers (status %#x)",
	      st);
}

void test_fork_exec(void)
{
	static struct ext_area fa;
	int twostore = guest_proto(RB_KPROTO_TWOSTORE);
	pid_t pid;
	int st;

	if (pc_register(&fa, twostore)) {
		CHECK(0, "fork/exec: register");
		return;
	}
	pid = fork();
	if (pid == 0) {
		/* inherited: the same registration is busy */
		long a = pc_register(&fa, twostore);

		if (a != -EBUSY)
			_exit(1);
		if (pc_unregister(&fa, twostore))
			_exit(2);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "fork: the child inherits the twostore registration (status %#x)", st);
	pid = fork();
	if (pid == 0) {
		char *const argv[] = { "/init", "exec-probe", NULL };
		char *const envp[] = { NULL };

		execve("/init", argv, envp);
		_exit(127);
	}
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "exec: the new image starts without the area (status %#x)", st);
	pc_unregister(&fa, twostore);
}

/*
 * After execve: glibc registered a new struct rseq and no area is
 * registered, so registering one succeeds (EBUSY would be a leftover).
 */
int exec_probe(void)
{
	static struct ext_area ea;

	return pc_register(&ea, guest_proto(RB_KPROTO_REGABORT)) == 0 ? 0 : 1;
}
