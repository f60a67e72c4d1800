// SPDX-License-Identifier: MIT
/*
 * The guest's other programs, run from /bin: the post-commit hazard
 * (tests/kernel/hazard.c) and the kernel's own rseq selftests.
 */
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guest.h"
#include "rb_clock.h"

static int run_prog(char *const argv[], double timeout_s)
{
	char *const envp[] = { "PATH=/bin", NULL };
	pid_t pid = fork();
	int st;
	double t0 = rb_now();

	if (pid == 0) {
		execve(argv[0], argv, envp);
		_exit(127);
	}
	for (;;) {
		pid_t r = waitpid(pid, &st, WNOHANG);

		if (r == pid)
			break;
		if (rb_now() - t0 > timeout_s) {
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
			return -1;
		}
		usleep(20000);
	}
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* The post-commit hazard: tests/kernel/hazard.c, its own program. */
void test_hazard(void)
{
	static char *const argv[] = { "/bin/hazard", NULL };
	int rc = run_prog(argv, 60);

	CHECK(rc == 0, "hazard: two signals at post_commit_ip with a handler below it, both protocols (exit %d)",
	      rc);
}

void test_selftests(void)
{
	static char *const t1[] = { "/bin/basic_test", NULL };
	static char *const t2[] = { "/bin/basic_percpu_ops_test", NULL };
	static char *const pt[][8] = {
		{ "/bin/param_test", "-T", "s", "-t", "4", "-r", "2000", NULL },
		{ "/bin/param_test", "-T", "l", "-t", "4", "-r", "2000", NULL },
		{ "/bin/param_test", "-T", "b", "-t", "4", "-r", "2000", NULL },
		{ "/bin/param_test", "-T", "m", "-t", "4", "-r", "2000", NULL },
		{ "/bin/param_test", "-T", "i", "-t", "4", "-r", "2000", NULL },
	};
	unsigned int i;
	int rc;

	rc = run_prog(t1, 120);
	CHECK(rc == 0, "selftest basic_test (exit %d)", rc);
	rc = run_prog(t2, 300);
	CHECK(rc == 0, "selftest basic_percpu_ops_test (exit %d)", rc);
	for (i = 0; i < sizeof(pt) / sizeof(pt[0]); i++) {
		rc = run_prog(pt[i], 300);
		CHECK(rc == 0, "selftest param_test -T %s -t 4 -r 2000 (exit %d)",
		      pt[i][2], rc);
	}
}
