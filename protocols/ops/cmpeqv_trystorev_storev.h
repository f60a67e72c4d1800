/* SPDX-License-Identifier: MIT */
/*
 * cmpeqv_trystorev_storev: ring-buffer push.  If (*v == expect) {
 * *v2 = newv2; (speculative, harmless if restarted)  *v = newv; (commit) }
 */

#ifdef __i386__
/*
 * i386: with regabort's %ecx, rseq, area, cpu and v in registers, two
 * are left, and the try-store needs an address and a value at once.
 * So expect, v2, newv2 and newv come through the scratch registers,
 * from wherever gcc keeps them (RB_A_RM: a register when one is free,
 * else their stack slot), as librseq's i386 code does.  The commit is
 * still the one store to *v.
 */
#define RB_SEQ_cmpeqv_trystorev_storev(P)                               \
static RB_ALWAYS_INLINE int rb_cmpeqv_trystorev_storev_##P(            \
	const struct rb_tls *rb_t, intptr_t *v, intptr_t expect,        \
	intptr_t *v2, intptr_t newv2, intptr_t newv, int cpu)           \
{                                                                       \
	(void)rb_t;                                                     \
	(void)cpu;                                                      \
	asm goto(RB_SEQ_BEGIN(P)                                        \
		 RB_A_MOV(RB_T0, "%[expect]")                           \
		 RB_A_CMP_BNE(RB_T0, RB_A_MEM("%[v]", 0),               \
			      RB_SEQ_FAIL(P))                           \
		 RB_A_MOV(RB_T0, "%[v2]")                               \
		 RB_A_MOV(RB_T1, "%[newv2]")                            \
		 RB_A_STORE(RB_T1, RB_A_MEM(RB_T0, 0))                  \
		 RB_A_MOV(RB_T0, "%[newv]")                             \
		 RB_SEQ_COMMIT(P,                                       \
			RB_A_STORE(RB_T0, RB_A_MEM("%[v]", 0)))         \
		 RB_SEQ_END(P, RB_OP_ID_cmpeqv_trystorev_storev)        \
		 : /* no outputs */                                     \
		 : RB_SEQ_INPUTS(P) [v] "r"(v), [expect] RB_A_RM(expect), \
		   [v2] RB_A_RM(v2), [newv2] RB_A_RM(newv2),            \
		   [newv] RB_A_RM(newv)                                 \
		 : RB_SEQ_CLOBBERS(P) RB_CLOBBER_T0 RB_CLOBBER_T1       \
		   "memory", "cc"                                       \
		 : rb_abort, rb_cmpfail);                               \
	RB_SEQ_RESULTS                                                  \
}
#else
#define RB_SEQ_cmpeqv_trystorev_storev(P)                               \
static RB_ALWAYS_INLINE int rb_cmpeqv_trystorev_storev_##P(            \
	const struct rb_tls *rb_t, intptr_t *v, intptr_t expect,        \
	intptr_t *v2, intptr_t newv2, intptr_t newv, int cpu)           \
{                                                                       \
	(void)rb_t;                                                     \
	(void)cpu;                                                      \
	asm goto(RB_SEQ_BEGIN(P)                                        \
		 RB_A_CMP_BNE("%[expect]", RB_A_MEM("%[v]", 0),         \
			      RB_SEQ_FAIL(P))                           \
		 RB_A_STORE("%[newv2]", RB_A_MEM("%[v2]", 0))           \
		 RB_SEQ_COMMIT(P,                                       \
			RB_A_STORE("%[newv]", RB_A_MEM("%[v]", 0)))     \
		 RB_SEQ_END(P, RB_OP_ID_cmpeqv_trystorev_storev)        \
		 : /* no outputs */                                     \
		 : RB_SEQ_INPUTS(P) [v] "r"(v), [expect] "r"(expect),   \
		   [v2] "r"(v2), [newv2] "r"(newv2), [newv] "r"(newv)   \
		 : RB_SEQ_CLOBBERS(P) RB_CLOBBER_T0 "memory", "cc"      \
		 : rb_abort, rb_cmpfail);                               \
	RB_SEQ_RESULTS                                                  \
}
#endif

#define RB_ATOMIC_cmpeqv_trystorev_storev(P)                            \
static RB_ALWAYS_INLINE int rb_cmpeqv_trystorev_storev_##P(            \
	const struct rb_tls *rb_t, intptr_t *v, intptr_t expect,        \
	intptr_t *v2, intptr_t newv2, intptr_t newv, int cpu)           \
{                                                                       \
	(void)rb_t;                                                     \
	(void)cpu;                                                      \
	if (__atomic_load_n(v, __ATOMIC_RELAXED) != expect)             \
		return RB_CMPFAIL;                                      \
	*v2 = newv2;                                                    \
	if (!__atomic_compare_exchange_n(v, &expect, newv, 0,           \
					 __ATOMIC_RELAXED,              \
					 __ATOMIC_RELAXED))             \
		return RB_CMPFAIL;                                      \
	return RB_OK;                                                   \
}

#define RB_RING_SLOTS 64

struct rb_pcpu_cmpeqv_trystorev_storev {
	intptr_t offset;
	intptr_t slot[RB_RING_SLOTS];
} __attribute__((aligned(128)));

static inline void
rb_init_cmpeqv_trystorev_storev(struct rb_pcpu_cmpeqv_trystorev_storev *d)
{
	d->offset = 0;
}

/* Push the offset itself; the ring wraps, so it never fills. */
#define RB_STEP_cmpeqv_trystorev_storev(P, s)                           \
	RB_STEP_RETRY(P, s, ({                                          \
		struct rb_pcpu_cmpeqv_trystorev_storev *rb_d =          \
			&(s)->cmpeqv_trystorev_storev[cpu];             \
		intptr_t rb_o = RB_READ_ONCE(rb_d->offset);             \
		rb_cmpeqv_trystorev_storev_##P(&(s)->tls, &rb_d->offset,\
			rb_o, &rb_d->slot[rb_o & (RB_RING_SLOTS - 1)],  \
			rb_o, rb_o + 1, cpu);                           \
	}))
