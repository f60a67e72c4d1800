/* SPDX-License-Identifier: MIT */
/*
 * cmpeqv_cmpeqv_storev: if (*v2 == expect2 && *v == expect) *v = newv;
 * else compare-fail (the guard *v2 is compared first).  A store guarded by a second word, such as a
 * per-CPU list head whose update is only valid while a generation
 * count is unchanged.
 */

/*
 * Arm and check the cpu, then compare: both compares inside the
 * sequence, so that a change of either word before the commit restarts
 * it (protocols/mutants.h moves the guard's compare out).
 */
#define RB_GUARD_BEGIN(P, guard_cmp) RB_SEQ_BEGIN(P) guard_cmp

#ifdef __i386__
/*
 * i386: with regabort's %ecx, rseq, area, cpu and v in registers, the
 * second compare needs an address and a value at once, so expect, v2,
 * expect2 and newv come through the scratch registers from wherever
 * gcc keeps them (RB_A_RM), as in cmpeqv_trystorev_storev.
 */
#define RB_SEQ_cmpeqv_cmpeqv_storev(P)                                  \
static RB_ALWAYS_INLINE int rb_cmpeqv_cmpeqv_storev_##P(               \
	const struct rb_tls *rb_t, intptr_t *v, intptr_t expect,        \
	intptr_t *v2, intptr_t expect2, intptr_t newv, int cpu)         \
{                                                                       \
	(void)rb_t;                                                     \
	(void)cpu;                                                      \
	asm goto(RB_GUARD_BEGIN(P,                                      \
			RB_A_MOV(RB_T0, "%[v2]")                        \
			RB_A_MOV(RB_T1, "%[expect2]")                   \
			RB_A_CMP_BNE(RB_T1, RB_A_MEM(RB_T0, 0),         \
				     RB_SEQ_FAIL(P)))                   \
		 RB_A_MOV(RB_T0, "%[expect]")                           \
		 RB_A_CMP_BNE(RB_T0, RB_A_MEM("%[v]", 0),               \
			      RB_SEQ_FAIL(P))                           \
		 RB_A_MOV(RB_T0, "%[newv]")                             \
		 RB_SEQ_COMMIT(P,                                       \
			RB_A_STORE(RB_T0, RB_A_MEM("%[v]", 0)))         \
		 RB_SEQ_END(P, RB_OP_ID_cmpeqv_cmpeqv_storev)           \
		 : /* no outputs */                                     \
		 : RB_SEQ_INPUTS(P) [v] "r"(v), [expect] RB_A_RM(expect), \
		   [v2] RB_A_RM(v2), [expect2] RB_A_RM(expect2),        \
		   [newv] RB_A_RM(newv)                                 \
		 : RB_SEQ_CLOBBERS(P) RB_CLOBBER_T0 RB_CLOBBER_T1       \
		   "memory", "cc"                                       \
		 : rb_abort, rb_cmpfail);                               \
	RB_SEQ_RESULTS                                                  \
}
#else
#define RB_SEQ_cmpeqv_cmpeqv_storev(P)                                  \
static RB_ALWAYS_INLINE int rb_cmpeqv_cmpeqv_storev_##P(               \
	const struct rb_tls *rb_t, intptr_t *v, intptr_t expect,        \
	intptr_t *v2, intptr_t expect2, intptr_t newv, int cpu)         \
{                                                                       \
	(void)rb_t;                                                     \
	(void)cpu;                                                      \
	asm goto(RB_GUARD_BEGIN(P,                                      \
			RB_A_CMP_BNE("%[expect2]", RB_A_MEM("%[v2]", 0), \
				     RB_SEQ_FAIL(P)))                   \
		 RB_A_CMP_BNE("%[expect]", RB_A_MEM("%[v]", 0),         \
			      RB_SEQ_FAIL(P))                           \
		 RB_SEQ_COMMIT(P,                                       \
			RB_A_STORE("%[newv]", RB_A_MEM("%[v]", 0)))     \
		 RB_SEQ_END(P, RB_OP_ID_cmpeqv_cmpeqv_storev)           \
		 : /* no outputs */                                     \
		 : RB_SEQ_INPUTS(P) [v] "r"(v), [expect] "r"(expect),   \
		   [v2] "r"(v2), [expect2] "r"(expect2),                \
		   [newv] "r"(newv)                                     \
		 : RB_SEQ_CLOBBERS(P) RB_CLOBBER_T0 "memory", "cc"      \
		 : rb_abort, rb_cmpfail);                               \
	RB_SEQ_RESULTS                                                  \
}
#endif

/*
 * The baselines: no atomic compares two words, so the guard is a
 * relaxed load before the compare-and-swap (not linearizable; a
 * baseline of cost, not of correctness).
 */
#define RB_ATOMIC_cmpeqv_cmpeqv_storev(P)                               \
static RB_ALWAYS_INLINE int rb_cmpeqv_cmpeqv_storev_##P(               \
	const struct rb_tls *rb_t, intptr_t *v, intptr_t expect,        \
	intptr_t *v2, intptr_t expect2, intptr_t newv, int cpu)         \
{                                                                       \
	(void)rb_t;                                                     \
	(void)cpu;                                                      \
	if (__atomic_load_n(v2, __ATOMIC_RELAXED) != expect2)           \
		return RB_CMPFAIL;                                      \
	if (!__atomic_compare_exchange_n(v, &expect, newv, 0,           \
					 __ATOMIC_RELAXED,              \
					 __ATOMIC_RELAXED))             \
		return RB_CMPFAIL;                                      \
	return RB_OK;                                                   \
}

/* The word and its guard share the cpu's line, as a list and its count. */
struct rb_pcpu_cmpeqv_cmpeqv_storev {
	intptr_t word;
	intptr_t guard;
} __attribute__((aligned(128)));

static inline void
rb_init_cmpeqv_cmpeqv_storev(struct rb_pcpu_cmpeqv_cmpeqv_storev *d)
{
	d->word = 0;
	d->guard = 0;
}

/* Each step moves the word on while the guard holds its value. */
#define RB_STEP_cmpeqv_cmpeqv_storev(P, s)                              \
	RB_STEP_RETRY(P, s, ({                                          \
		struct rb_pcpu_cmpeqv_cmpeqv_storev *rb_d =             \
			&(s)->cmpeqv_cmpeqv_storev[cpu];                \
		intptr_t rb_e = RB_READ_ONCE(rb_d->word);               \
		rb_cmpeqv_cmpeqv_storev_##P(&(s)->tls, &rb_d->word,     \
					    rb_e, &rb_d->guard, 0,      \
					    rb_e + 1, cpu);             \
	}))
