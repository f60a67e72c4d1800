// SPDX-License-Identifier: MIT
/*
 * The guest's registrations: a struct rseq of the thread's own, for
 * the raw clone() children glibc never set up, and a protocol's
 * post-commit area beside the thread's struct rseq, with the flag the
 * series expects for the protocol's kernel rule (kmodel.h).
 */
#include <errno.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "guest.h"

long sys_rseq(void *a, uint32_t len, int flags, uint32_t sig)
{
	return syscall(__NR_rseq, a, len, flags, sig);
}

/* A struct rseq of the thread's own (threads glibc did not set up). */
int own_register(struct ext_area *e)
{
	memset(&e->rseq, 0, sizeof(e->rseq));
	e->rseq.cpu_id = (uint32_t)-1;
	if (sys_rseq(&e->rseq, 32, 0, RB_SIG))
		return -errno;
	return 0;
}

int own_unregister(struct ext_area *e)
{
	if (sys_rseq(&e->rseq, 32, RSEQ_FLAG_UNREGISTER, RB_SIG))
		return -errno;
	return 0;
}

/*
 * Protocol p's area beside the thread's struct rseq, registered or
 * (with RSEQ_FLAG_UNREGISTER in how) unregistered: nothing to do for
 * descriptor, which has none.
 */
static int pc_rseq(struct ext_area *e, int p, int how)
{
	int flag = guest_proto_flag(p);

	if (!flag)
		return 0;
	if (sys_rseq(&e->area, PC_LEN, how | flag, RB_SIG))
		return -errno;
	return 0;
}

int pc_register(struct ext_area *e, int p)
{
	return pc_rseq(e, p, 0);
}

int pc_unregister(struct ext_area *e, int p)
{
	return pc_rseq(e, p, RSEQ_FLAG_UNREGISTER);
}
