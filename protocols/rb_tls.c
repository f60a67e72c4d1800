// SPDX-License-Identifier: MIT
/*
 * Finding or registering the kernel rseq area, and our own area for the
 * protocols the host kernel does not implement.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/rseq.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "rb_asm.h"
#include "rb_tls.h"

static __thread struct rb_area rb_own_area;
static __thread struct rb_rseq rb_own_rseq = {
	.cpu_id = (uint32_t)-1,	/* RSEQ_CPU_ID_UNINITIALIZED */
};
static char rb_tls_state[160];

/* GCC 12 has no __builtin_thread_pointer for POWER: the arch supplies it. */
#ifdef RB_ARCH_HAVE_THREAD_POINTER
#define rb_thread_pointer() rb_arch_thread_pointer()
#else
#define rb_thread_pointer() __builtin_thread_pointer()
#endif

enum rb_rseq_owner rb_tls_init(struct rb_tls *t)
{
	t->area = &rb_own_area;
	if (__rseq_size > 0) {
		t->rseq = (struct rb_rseq *)((char *)rb_thread_pointer() +
					     __rseq_offset);
		snprintf(rb_tls_state, sizeof(rb_tls_state),
			 "glibc-registered (__rseq_offset %td, __rseq_size %u)",
			 __rseq_offset, __rseq_size);
		return RB_RSEQ_GLIBC;
	}
	t->rseq = &rb_own_rseq;
	if (syscall(__NR_rseq, &rb_own_rseq, 32, 0, RB_SIG) == 0) {
		snprintf(rb_tls_state, sizeof(rb_tls_state),
			 "registered by rseqbench (glibc did not)");
		return RB_RSEQ_OWN;
	}
	if (errno == EBUSY) {
		/* Registered, but not by glibc's ABI (e.g. a preload). */
		snprintf(rb_tls_state, sizeof(rb_tls_state),
			 "unavailable: rseq registered by someone else");
	} else {
		snprintf(rb_tls_state, sizeof(rb_tls_state),
			 "unavailable: rseq(): %s", strerror(errno));
	}
	return RB_RSEQ_NONE;
}

const char *rb_tls_describe(void)
{
	return rb_tls_state;
}
