/* SPDX-License-Identifier: MIT */
/*
 * cmpnev_storeoffp_load: list pop.  If (*v != expectnot) { *load = *v;
 * *v = *(intptr_t *)(*v + voffp); } else compare-fail.
 */

#ifdef __i386__
/*
 * i386: regabort's %ecx, rseq, area and cpu take four of the seven
 * registers.  The body keeps two (the head in RB_T0, a pointer in
 * RB_T1) and reads v, load, expectnot and voffp from wherever gcc
 * keeps them (RB_A_RM; the benchmark's NULL and offset become
 * immediates).  The commit is still the one store to *v.
 */
#define RB_SEQ_cmpnev_storeoffp_load(P)                                 \
static RB_ALWAYS_INLINE int rb_cmpnev_storeoffp_load_##P(              \
	const struct rb_tls *rb_t, intptr_t *v, intptr_t expectnot,     \
	long voffp, intptr_t *load, int cpu)                            \
{                                                                       \
	(void)rb_t;                                                     \
	(void)cpu;                                                      \
	asm goto(RB_SEQ_BEGIN(P)                                        \
		 RB_A_MOV(RB_T1, "%[v]")                                \
		 RB_A_LOAD(RB_T0, RB_A_MEM(RB_T1, 0))                   \
		 RB_A_CMPR_BEQ("%[expectnot]", RB_T0, RB_SEQ_FAIL(P))   \
		 RB_A_MOV(RB_T1, "%[load]")                             \
		 RB_A_STORE(RB_T0, RB_A_MEM(RB_T1, 0))                  \
		 RB_A_ADD(RB_T0, "%[voffp]")                            \
		 RB_A_LOAD(RB_T0, RB_A_MEM(RB_T0, 0))                   \
		 RB_A_MOV(RB_T1, "%[v]")                                \
		 RB_SEQ_COMMIT(P,                                       \
			RB_A_STORE(RB_T0, RB_A_MEM(RB_T1, 0)))          \
		 RB_SEQ_END(P, RB_OP_ID_cmpnev_storeoffp_load)          \
		 : /* no outputs */                                     \
		 : RB_SEQ_INPUTS(P) [v] RB_A_RM(v),                     \
		   [expectnot] RB_A_RM(expectnot),                      \
		   [voffp] RB_A_RM(voffp), [load] RB_A_RM(load)         \
		 : RB_SEQ_CLOBBERS(P) RB_CLOBBER_T0 RB_CLOBBER_T1       \
		   "memory", "cc"                                       \
		 : rb_abort, rb_cmpfail);                               \
	RB_SEQ_RESULTS                                                  \
}
#else
#define RB_SEQ_cmpnev_storeoffp_load(P)                                 \
static RB_ALWAYS_INLINE int rb_cmpnev_storeoffp_load_##P(              \
	const struct rb_tls *rb_t, intptr_t *v, intptr_t expectnot,     \
	long voffp, intptr_t *load, int cpu)                            \
{                                                                       \
	(void)rb_t;                                                     \
	(void)cpu;                                                      \
	asm goto(RB_SEQ_BEGIN(P)                                        \
		 RB_A_LOAD(RB_T0, RB_A_MEM("%[v]", 0))                  \
		 RB_A_CMPR_BEQ("%[expectnot]", RB_T0, RB_SEQ_FAIL(P))   \
		 RB_A_STORE(RB_T0, RB_A_MEM("%[load]", 0))              \
		 RB_A_ADD(RB_T0, "%[voffp]")                            \
		 RB_A_LOAD(RB_T0, RB_A_MEM(RB_T0, 0))                   \
		 RB_SEQ_COMMIT(P,                                       \
			RB_A_STORE(RB_T0, RB_A_MEM("%[v]", 0)))         \
		 RB_SEQ_END(P, RB_OP_ID_cmpnev_storeoffp_load)          \
		 : /* no outputs */                                     \
		 : RB_SEQ_INPUTS(P) [v] "r"(v),                         \
		   [expectnot] "r"(expectnot), [voffp] "r"(voffp),      \
		   [load] "r"(load)                                     \
		 : RB_SEQ_CLOBBERS(P) RB_CLOBBER_T0 "memory", "cc"      \
		 : rb_abort, rb_cmpfail);                               \
	RB_SEQ_RESULTS                                                  \
}
#endif

#define RB_ATOMIC_cmpnev_storeoffp_load(P)                              \
static RB_ALWAYS_INLINE int rb_cmpnev_storeoffp_load_##P(              \
	const struct rb_tls *rb_t, intptr_t *v, intptr_t expectnot,     \
	long voffp, intptr_t *load, int cpu)                            \
{                                                                       \
	intptr_t rb_head = __atomic_load_n(v, __ATOMIC_RELAXED);        \
                                                                        \
	(void)rb_t;                                                     \
	(void)cpu;                                                      \
	do {                                                            \
		if (rb_head == expectnot)                               \
			return RB_CMPFAIL;                              \
	} while (!__atomic_compare_exchange_n(                          \
			v, &rb_head, *(intptr_t *)(rb_head + voffp), 0, \
			__ATOMIC_RELAXED, __ATOMIC_RELAXED));           \
	*load = rb_head;                                                \
	return RB_OK;                                                   \
}

/*
 * A node of the per-CPU singly linked list the op pops (and a freelist
 * pushes back): the pop loads next at its offset, voffp.
 */
struct rb_list_node {
	struct rb_list_node *next;
	intptr_t data;
};

struct rb_pcpu_cmpnev_storeoffp_load {
	intptr_t head;
	intptr_t popped;
	struct rb_list_node node;
} __attribute__((aligned(128)));

/*
 * The benchmark list is one node pointing at itself: every pop succeeds
 * and leaves the list as it was, so no push is needed between pops.
 */
static inline void
rb_init_cmpnev_storeoffp_load(struct rb_pcpu_cmpnev_storeoffp_load *d)
{
	d->node.next = &d->node;
	d->head = (intptr_t)&d->node;
}

#define RB_STEP_cmpnev_storeoffp_load(P, s)                             \
	RB_STEP_RETRY(P, s, ({                                          \
		struct rb_pcpu_cmpnev_storeoffp_load *rb_d =            \
			&(s)->cmpnev_storeoffp_load[cpu];               \
		rb_cmpnev_storeoffp_load_##P(&(s)->tls, &rb_d->head, 0, \
			offsetof(struct rb_list_node, next),            \
			&rb_d->popped, cpu);                            \
	}))
