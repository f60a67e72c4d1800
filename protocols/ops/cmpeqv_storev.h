/* SPDX-License-Identifier: MIT */
/*
 * cmpeqv_storev: if (*v == expect) *v = newv; else compare-fail.
 * The shape of a per-CPU spinlock acquire or a list push.
 */

/*
 * i386: compare and store take memory operands, so the body needs no
 * scratch register, and with regabort's %ecx pinned there are none to
 * clobber for nothing (arch/i386.h).
 */
#ifdef __i386__
#define RB_CLOBBER_cmpeqv_storev
#else
#define RB_CLOBBER_cmpeqv_storev RB_CLOBBER_T0
#endif

#define RB_SEQ_cmpeqv_storev(P)                                         \
static RB_ALWAYS_INLINE int rb_cmpeqv_storev_##P(                      \
	const struct rb_tls *rb_t, intptr_t *v, intptr_t expect,        \
	intptr_t newv, int cpu)                                         \
{                                                                       \
	(void)rb_t;                                                     \
	(void)cpu;                                                      \
	asm goto(RB_SEQ_BEGIN(P)                                        \
		 RB_A_CMP_BNE("%[expect]", RB_A_MEM("%[v]", 0),         \
			      RB_SEQ_FAIL(P))                           \
		 RB_SEQ_COMMIT(P,                                       \
			RB_A_STORE("%[newv]", RB_A_MEM("%[v]", 0)))     \
		 RB_SEQ_END(P, RB_OP_ID_cmpeqv_storev)                  \
		 : /* no outputs */                                     \
		 : RB_SEQ_INPUTS(P) [v] "r"(v), [expect] "r"(expect),   \
		   [newv] "r"(newv)                                     \
		 : RB_SEQ_CLOBBERS(P) RB_CLOBBER_cmpeqv_storev          \
		   "memory", "cc"                                       \
		 : rb_abort, rb_cmpfail);                               \
	RB_SEQ_RESULTS                                                  \
}

#define RB_ATOMIC_cmpeqv_storev(P)                                      \
static RB_ALWAYS_INLINE int rb_cmpeqv_storev_##P(                      \
	const struct rb_tls *rb_t, intptr_t *v, intptr_t expect,        \
	intptr_t newv, int cpu)                                         \
{                                                                       \
	(void)rb_t;                                                     \
	(void)cpu;                                                      \
	if (!__atomic_compare_exchange_n(v, &expect, newv, 0,           \
					 __ATOMIC_RELAXED,              \
					 __ATOMIC_RELAXED))             \
		return RB_CMPFAIL;                                      \
	return RB_OK;                                                   \
}

struct rb_pcpu_cmpeqv_storev {
	intptr_t word;
} __attribute__((aligned(128)));

static inline void rb_init_cmpeqv_storev(struct rb_pcpu_cmpeqv_storev *d)
{
	d->word = 0;
}

/* Each step moves the word from its current value to the next one. */
#define RB_STEP_cmpeqv_storev(P, s)                                     \
	RB_STEP_RETRY(P, s, ({                                          \
		intptr_t *rb_w = &(s)->cmpeqv_storev[cpu].word;         \
		intptr_t rb_e = RB_READ_ONCE(*rb_w);                    \
		rb_cmpeqv_storev_##P(&(s)->tls, rb_w, rb_e, rb_e + 1,   \
				     cpu);                              \
	}))
