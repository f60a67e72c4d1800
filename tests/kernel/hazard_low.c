// SPDX-License-Identifier: MIT
/*
 * The hazard test's two signal handlers, in their own object linked
 * first, so that they lie below the test's post_commit_ip: where a
 * kernel that leaves a committed sequence armed would count them as
 * inside it (hazard.c checks the placement at run time).
 */
#include <signal.h>

volatile sig_atomic_t rb_hazard_usr1, rb_hazard_usr2;

void rb_hazard_on_usr1(int sig)
{
	(void)sig;
	rb_hazard_usr1++;
}

void rb_hazard_on_usr2(int sig)
{
	(void)sig;
	rb_hazard_usr2++;
}
