/* SPDX-License-Identifier: MIT */
/*
 * The series' uapi <linux/rseq.h> against what the project assumes of
 * it: the flags and the area length of the kernel model (kmodel.h) and
 * the area's layout (struct rb_area).  Included by the guests built
 * against the patched headers; it fails to build against mainline's,
 * which have no struct rseq_post_commit.
 */
#ifndef RB_GUEST_UAPI_H
#define RB_GUEST_UAPI_H

#include <stddef.h>
#include <linux/rseq.h>

#include "protocols.h"

_Static_assert(RB_KFLAG_REGABORT == RSEQ_FLAG_POST_COMMIT_REGABORT,
	       "kmodel.h: regabort's flag is not the uapi's");
_Static_assert(RB_KFLAG_TWOSTORE == RSEQ_FLAG_POST_COMMIT_TWOSTORE,
	       "kmodel.h: twostore's flag is not the uapi's");
_Static_assert(RB_KAREA_LEN == sizeof(struct rseq_post_commit),
	       "kmodel.h: the area length is not the uapi's");
_Static_assert(RB_AREA_POST_COMMIT_IP ==
	       offsetof(struct rseq_post_commit, post_commit_ip), "layout");
_Static_assert(RB_AREA_ABORT_IP == offsetof(struct rseq_post_commit, abort_ip),
	       "layout");
_Static_assert(_Alignof(struct rb_area) %
	       _Alignof(struct rseq_post_commit) == 0, "alignment");

#endif
