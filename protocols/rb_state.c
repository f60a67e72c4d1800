// SPDX-License-Identifier: MIT
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysinfo.h>

#include "protocols.h"

static void *rb_alloc(size_t size)
{
	void *p = NULL;

	if (posix_memalign(&p, 128, size)) {
		fprintf(stderr, "rseqbench: out of memory\n");
		exit(1);
	}
	memset(p, 0, size);
	return p;
}

void rb_state_init(struct rb_state *s)
{
	int i;

	memset(s, 0, sizeof(*s));
	rb_tls_init(&s->tls);
	/* cpu_id_start can be any configured cpu, not only online ones. */
	s->ncpus = get_nprocs_conf();
	if (s->ncpus < 1)
		s->ncpus = 1;
#define RB_STATE_ALLOC(op)                                              \
	s->op = rb_alloc(sizeof(*s->op) * s->ncpus);                    \
	for (i = 0; i < s->ncpus; i++)                                  \
		rb_init_##op(&s->op[i]);
	RB_FOR_EACH_OP(RB_STATE_ALLOC)
#undef RB_STATE_ALLOC
}

void rb_state_free(struct rb_state *s)
{
#define RB_STATE_FREE(op) free(s->op);
	RB_FOR_EACH_OP(RB_STATE_FREE)
#undef RB_STATE_FREE
}
