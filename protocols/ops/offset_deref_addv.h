/* SPDX-License-Identifier: MIT */
/*
 * offset_deref_addv: *(intptr_t *)(*ptr + off) += inc.  A counter
 * reached through a pointer the cpu loads inside the sequence, so that
 * another thread may swap the pointer (the selftests' membarrier test
 * swaps a per-CPU list this way).  The pointer's load is inside the
 * sequence: a preemption between it and the commit restarts it.
 */

/*
 * Arm, then load the pointer: inside the sequence, so that a swap
 * between the load and the commit restarts it (protocols/mutants.h
 * moves it out).
 */
#define RB_DEREF_BEGIN(P)                                               \
	RB_SEQ_BEGIN(P) RB_A_LOAD(RB_T1, RB_A_MEM("%[ptr]", 0))

#ifdef __i386__
/*
 * i386: with regabort's %ecx, rseq, area, cpu and ptr in registers,
 * off and inc come from wherever gcc keeps them (RB_A_RM) into the
 * scratch registers; the commit is one add to memory, as for addv.
 */
#define RB_SEQ_offset_deref_addv(P)                                     \
static RB_ALWAYS_INLINE int rb_offset_deref_addv_##P(                  \
	const struct rb_tls *rb_t, intptr_t *ptr, intptr_t off,         \
	intptr_t inc, int cpu)                                          \
{                                                                       \
	(void)rb_t;                                                     \
	(void)cpu;                                                      \
	asm goto(RB_DEREF_BEGIN(P)                                      \
		 RB_A_ADD(RB_T1, "%[off]")                              \
		 RB_A_MOV(RB_T0, "%[inc]")                              \
		 RB_SEQ_COMMIT(P, RB_A_ADDM_COMMIT(RB_T0,               \
			RB_A_MEM(RB_T1, 0), RB_T0))                     \
		 RB_SEQ_END(P, RB_OP_ID_offset_deref_addv)              \
		 : /* no outputs */                                     \
		 : RB_SEQ_INPUTS(P) [ptr] "r"(ptr), [off] RB_A_RM(off), \
		   [inc] RB_A_RM(inc)                                   \
		 : RB_SEQ_CLOBBERS(P) RB_CLOBBER_T0 RB_CLOBBER_T1       \
		   "memory", "cc"                                       \
		 : rb_abort, rb_cmpfail);                               \
	RB_SEQ_RESULTS                                                  \
}
#else
#define RB_SEQ_offset_deref_addv(P)                                     \
static RB_ALWAYS_INLINE int rb_offset_deref_addv_##P(                  \
	const struct rb_tls *rb_t, intptr_t *ptr, intptr_t off,         \
	intptr_t inc, int cpu)                                          \
{                                                                       \
	(void)rb_t;                                                     \
	(void)cpu;                                                      \
	asm goto(RB_DEREF_BEGIN(P)                                      \
		 RB_A_ADD(RB_T1, "%[off]")                              \
		 RB_A_ADDM_PREP(RB_T0, RB_A_MEM(RB_T1, 0), "%[inc]")    \
		 RB_SEQ_COMMIT(P, RB_A_ADDM_COMMIT(RB_T0,               \
			RB_A_MEM(RB_T1, 0), "%[inc]"))                  \
		 RB_SEQ_END(P, RB_OP_ID_offset_deref_addv)              \
		 : /* no outputs */                                     \
		 : RB_SEQ_INPUTS(P) [ptr] "r"(ptr), [off] "r"(off),     \
		   [inc] "r"(inc)                                       \
		 : RB_SEQ_CLOBBERS(P) RB_CLOBBER_T0 RB_CLOBBER_T1       \
		   "memory", "cc"                                       \
		 : rb_abort, rb_cmpfail);                               \
	RB_SEQ_RESULTS                                                  \
}
#endif

#define RB_ATOMIC_offset_deref_addv(P)                                  \
static RB_ALWAYS_INLINE int rb_offset_deref_addv_##P(                  \
	const struct rb_tls *rb_t, intptr_t *ptr, intptr_t off,         \
	intptr_t inc, int cpu)                                          \
{                                                                       \
	char *rb_p = (char *)__atomic_load_n(ptr, __ATOMIC_RELAXED);    \
									\
	(void)rb_t;                                                     \
	(void)cpu;                                                      \
	__atomic_fetch_add((intptr_t *)(rb_p + off), inc,               \
			   __ATOMIC_RELAXED);                           \
	return RB_OK;                                                   \
}

/*
 * The pointer the sequence loads points at its own entry, and the
 * counter sits at an offset from it: the load, the offset and the add
 * all run, as in the selftests' per-CPU list swap.
 */
struct rb_pcpu_offset_deref_addv {
	intptr_t base;
	intptr_t count;
} __attribute__((aligned(128)));

static inline void
rb_init_offset_deref_addv(struct rb_pcpu_offset_deref_addv *d)
{
	d->base = (intptr_t)d;
	d->count = 0;
}

#define RB_STEP_offset_deref_addv(P, s)                                 \
	RB_STEP_RETRY(P, s, rb_offset_deref_addv_##P(&(s)->tls,         \
		&(s)->offset_deref_addv[cpu].base,                      \
		offsetof(struct rb_pcpu_offset_deref_addv, count), 1, cpu))
