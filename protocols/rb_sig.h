/* SPDX-License-Identifier: MIT */
/*
 * The signature the C library registers with rseq(), which the kernel
 * (and the emulated kernel, kemu.c) checks in the 4 bytes before every
 * abort address.  It comes from the system's <sys/rseq.h>, not from
 * protocols/arch/, so that a wrong constant there is a mismatch the
 * build and the emulated kernel see, not a consistent mistake.
 */
#ifndef RB_SIG_H
#define RB_SIG_H

#include <sys/rseq.h>

#ifdef RSEQ_SIG
#define RB_SYS_SIG RSEQ_SIG
#elif defined(__riscv) && __riscv_xlen == 64
/* glibc 2.36 has none for riscv64: mainline's uapi value, kept apart. */
#define RB_SYS_SIG 0xf1401073
#else
#error "protocols/rb_sig.h: no RSEQ_SIG for this architecture"
#endif

#endif

/* Outside the guard: a test includes it again after changing RB_SIG. */
#if defined(RB_SIG) && !defined(RB_NO_SYS_SIG_CHECK)
_Static_assert(RB_SIG == RB_SYS_SIG,
	       "protocols/arch: RB_SIG is not the RSEQ_SIG glibc registers");
#endif
