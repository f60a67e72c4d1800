/* SPDX-License-Identifier: MIT */
/*
 * The counters of every x86 cpu, shared by x86_64.h and i386.h: the
 * time-stamp counter and user-space PMU reads.
 */
#ifndef RB_ARCH_X86_COUNTERS_H
#define RB_ARCH_X86_COUNTERS_H

#include <stdint.h>

/* Timestamp counter: the reference clock when no PMU is usable. */
static inline uint64_t rb_arch_ticks(void)
{
	uint32_t lo, hi;

	/*
	 * lfence orders rdtsc after the preceding instructions retire;
	 * the fixed cost it adds is part of the empty-loop baseline.
	 * (lfence is SSE2: every i686 this runs on in practice has it.)
	 */
	asm volatile("lfence\n\trdtsc" : "=a"(lo), "=d"(hi)::"memory");
	return ((uint64_t)hi << 32) | lo;
}
#define RB_ARCH_TICKS_NAME "tsc"

/*
 * Read PMU counter idx (perf_event_mmap_page.index - 1) from user
 * space.  Only called when the kernel set cap_user_rdpmc.
 */
static inline uint64_t rb_arch_rdpmc(uint32_t idx)
{
	uint32_t lo, hi;

	asm volatile("rdpmc" : "=a"(lo), "=d"(hi) : "c"(idx));
	return ((uint64_t)hi << 32) | lo;
}
#define RB_ARCH_HAVE_RDPMC 1

#endif
