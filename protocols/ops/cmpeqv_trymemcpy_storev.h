/* SPDX-License-Identifier: MIT */
/*
 * cmpeqv_trymemcpy_storev: copy into a ring slot, then commit the index.
 * If (*v == expect) { memcpy(dst, src, len); *v = newv; }.  The copy is
 * a byte loop, as in the kernel selftests, so every store is restartable.
 */

#ifdef __i386__
/*
 * i386: regabort pins %ecx and rseq, area and cpu hold three more, so
 * the byte loop gets the last three (%eax for the byte, %esi, %edi for
 * the pointers) and everything else is read, through them, from
 * wherever gcc keeps it (RB_A_RM): v and expect before the loop, v and
 * newv again after it.  The loop ends at src + len, compared from
 * memory, instead of counting len down in a fourth register.  Same
 * instructions per byte as the generic body; the commit is still the
 * one store to *v.
 */
#define RB_SEQ_cmpeqv_trymemcpy_storev(P)                               \
static RB_ALWAYS_INLINE int rb_cmpeqv_trymemcpy_storev_##P(            \
	const struct rb_tls *rb_t, intptr_t *v, intptr_t expect,        \
	void *dst, void *src, size_t len, intptr_t newv, int cpu)       \
{                                                                       \
	char *rb_end = (char *)src + len;                               \
									\
	(void)rb_t;                                                     \
	(void)cpu;                                                      \
	asm goto(RB_SEQ_BEGIN(P)                                        \
		 RB_A_MOV(RB_T0, "%[v]")                                \
		 RB_A_MOV(RB_T2, "%[expect]")                           \
		 RB_A_CMP_BNE(RB_T2, RB_A_MEM(RB_T0, 0),                \
			      RB_SEQ_FAIL(P))                           \
		 RB_A_MOV(RB_T2, "%[src]")                              \
		 RB_A_MOV(RB_T3, "%[dst]")                              \
		 "cmpl %[end], " RB_T2 "\n\t"                           \
		 "je 7f\n\t"                                            \
		 RB_A_ALIGN_LOOP                                        \
		 "6:\n\t"                                               \
		 RB_A_LOADB(RB_A_MEM(RB_T2, 0))                         \
		 RB_A_STOREB(RB_A_MEM(RB_T3, 0))                        \
		 RB_A_ADD1(RB_T2)                                       \
		 RB_A_ADD1(RB_T3)                                       \
		 "cmpl %[end], " RB_T2 "\n\t"                           \
		 "jne 6b\n\t"                                           \
		 "7:\n\t"                                               \
		 RB_A_MOV(RB_T0, "%[v]")                                \
		 RB_A_MOV(RB_T2, "%[newv]")                             \
		 RB_SEQ_COMMIT(P,                                       \
			RB_A_STORE(RB_T2, RB_A_MEM(RB_T0, 0)))          \
		 RB_SEQ_END(P, RB_OP_ID_cmpeqv_trymemcpy_storev)        \
		 : /* no outputs */                                     \
		 : RB_SEQ_INPUTS(P) [v] RB_A_RM(v),                     \
		   [expect] RB_A_RM(expect), [dst] RB_A_RM(dst),        \
		   [src] RB_A_RM(src), [end] RB_A_RM(rb_end),           \
		   [newv] RB_A_RM(newv)                                 \
		 : RB_SEQ_CLOBBERS(P) RB_CLOBBER_T0 RB_CLOBBER_T2       \
		   RB_CLOBBER_T3 "memory", "cc"                         \
		 : rb_abort, rb_cmpfail);                               \
	RB_SEQ_RESULTS                                                  \
}
#else
#define RB_SEQ_cmpeqv_trymemcpy_storev(P)                               \
static RB_ALWAYS_INLINE int rb_cmpeqv_trymemcpy_storev_##P(            \
	const struct rb_tls *rb_t, intptr_t *v, intptr_t expect,        \
	void *dst, void *src, size_t len, intptr_t newv, int cpu)       \
{                                                                       \
	(void)rb_t;                                                     \
	(void)cpu;                                                      \
	asm goto(RB_SEQ_BEGIN(P)                                        \
		 RB_A_CMP_BNE("%[expect]", RB_A_MEM("%[v]", 0),         \
			      RB_SEQ_FAIL(P))                           \
		 RB_A_MOV(RB_T1, "%[src]")                              \
		 RB_A_MOV(RB_T2, "%[dst]")                              \
		 RB_A_MOV(RB_T3, "%[len]")                              \
		 RB_A_BZ(RB_T3, "7f")                                   \
		 RB_A_ALIGN_LOOP                                        \
		 "6:\n\t"                                               \
		 RB_A_LOADB(RB_A_MEM(RB_T1, 0))                         \
		 RB_A_STOREB(RB_A_MEM(RB_T2, 0))                        \
		 RB_A_ADD1(RB_T1)                                       \
		 RB_A_ADD1(RB_T2)                                       \
		 RB_A_SUB1_BNZ(RB_T3, "6b")                             \
		 "7:\n\t"                                               \
		 RB_SEQ_COMMIT(P,                                       \
			RB_A_STORE("%[newv]", RB_A_MEM("%[v]", 0)))     \
		 RB_SEQ_END(P, RB_OP_ID_cmpeqv_trymemcpy_storev)        \
		 : /* no outputs */                                     \
		 : RB_SEQ_INPUTS(P) [v] "r"(v), [expect] "r"(expect),   \
		   [dst] RB_A_RM(dst), [src] RB_A_RM(src),              \
		   [len] RB_A_RM(len), [newv] "r"(newv)                 \
		 : RB_SEQ_CLOBBERS(P) RB_CLOBBER_T0 RB_CLOBBER_T1       \
		   RB_CLOBBER_T2 RB_CLOBBER_T3 "memory", "cc"           \
		 : rb_abort, rb_cmpfail);                               \
	RB_SEQ_RESULTS                                                  \
}
#endif

#define RB_ATOMIC_cmpeqv_trymemcpy_storev(P)                            \
static RB_ALWAYS_INLINE int rb_cmpeqv_trymemcpy_storev_##P(            \
	const struct rb_tls *rb_t, intptr_t *v, intptr_t expect,        \
	void *dst, void *src, size_t len, intptr_t newv, int cpu)       \
{                                                                       \
	(void)rb_t;                                                     \
	(void)cpu;                                                      \
	if (__atomic_load_n(v, __ATOMIC_RELAXED) != expect)             \
		return RB_CMPFAIL;                                      \
	__builtin_memcpy(dst, src, len);                                \
	if (!__atomic_compare_exchange_n(v, &expect, newv, 0,           \
					 __ATOMIC_RELAXED,              \
					 __ATOMIC_RELAXED))             \
		return RB_CMPFAIL;                                      \
	return RB_OK;                                                   \
}

/* The benchmark copies one 16-byte record per push. */
#define RB_MEMCPY_LEN 16

struct rb_pcpu_cmpeqv_trymemcpy_storev {
	intptr_t offset;
	char src[RB_MEMCPY_LEN];
	char slot[RB_RING_SLOTS][RB_MEMCPY_LEN];
} __attribute__((aligned(128)));

static inline void
rb_init_cmpeqv_trymemcpy_storev(struct rb_pcpu_cmpeqv_trymemcpy_storev *d)
{
	int i;

	d->offset = 0;
	for (i = 0; i < RB_MEMCPY_LEN; i++)
		d->src[i] = (char)i;
}

#define RB_STEP_cmpeqv_trymemcpy_storev(P, s)                           \
	RB_STEP_RETRY(P, s, ({                                          \
		struct rb_pcpu_cmpeqv_trymemcpy_storev *rb_d =          \
			&(s)->cmpeqv_trymemcpy_storev[cpu];             \
		intptr_t rb_o = RB_READ_ONCE(rb_d->offset);             \
		rb_cmpeqv_trymemcpy_storev_##P(&(s)->tls, &rb_d->offset,\
			rb_o, rb_d->slot[rb_o & (RB_RING_SLOTS - 1)],   \
			rb_d->src, RB_MEMCPY_LEN, rb_o + 1, cpu);       \
	}))
