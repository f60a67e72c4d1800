/* SPDX-License-Identifier: MIT */
/* addv: per-CPU counter increment, *v += count. */

#define RB_SEQ_addv(P)                                                  \
static RB_ALWAYS_INLINE int rb_addv_##P(const struct rb_tls *rb_t,      \
					intptr_t *v, intptr_t count,    \
					int cpu)                        \
{                                                                       \
	(void)rb_t;                                                     \
	(void)cpu;                                                      \
	asm goto(RB_SEQ_BEGIN(P)                                        \
		 RB_A_ADDM_PREP(RB_T0, RB_A_MEM("%[v]", 0), "%[count]") \
		 RB_SEQ_COMMIT(P, RB_A_ADDM_COMMIT(RB_T0,               \
			RB_A_MEM("%[v]", 0), "%[count]"))               \
		 RB_SEQ_END(P, RB_OP_ID_addv)                           \
		 : /* no outputs */                                     \
		 : RB_SEQ_INPUTS(P) [v] "r"(v), [count] "r"(count)      \
		 : RB_SEQ_CLOBBERS(P) RB_CLOBBER_T0 "memory", "cc"      \
		 : rb_abort, rb_cmpfail);                               \
	RB_SEQ_RESULTS                                                  \
}

#define RB_ATOMIC_addv(P)                                               \
static RB_ALWAYS_INLINE int rb_addv_##P(const struct rb_tls *rb_t,      \
					intptr_t *v, intptr_t count,    \
					int cpu)                        \
{                                                                       \
	(void)rb_t;                                                     \
	(void)cpu;                                                      \
	__atomic_fetch_add(v, count, __ATOMIC_RELAXED);                 \
	return RB_OK;                                                   \
}

struct rb_pcpu_addv {
	intptr_t count;
} __attribute__((aligned(128)));

static inline void rb_init_addv(struct rb_pcpu_addv *d)
{
	d->count = 0;
}

#define RB_STEP_addv(P, s)                                              \
	RB_STEP_RETRY(P, s, rb_addv_##P(&(s)->tls, &(s)->addv[cpu].count, \
					1, cpu))
