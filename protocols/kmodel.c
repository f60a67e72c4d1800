// SPDX-License-Identifier: MIT
/* The kernel fixup rules of kmodel.h.  Keep it readable beside DESIGN.md. */
#include <stddef.h>
#include <string.h>

#include "kmodel.h"

struct rb_rseq_cs_image {
	uint32_t version;
	uint32_t flags;
	uint64_t start_ip;
	uint64_t post_commit_offset;
	uint64_t abort_ip;
};

static void rb_set(struct rb_kmodel_result *res, enum rb_kverdict v,
		   const char *reason)
{
	res->verdict = v;
	res->reason = reason;
}

static bool rb_user(const struct rb_kmodel_mem *mem, uint64_t addr)
{
	return addr < mem->task_size;
}

static int rb_read_u64(const struct rb_kmodel_mem *mem, uint64_t addr,
		       uint64_t *v)
{
	if (!rb_user(mem, addr) || addr + 8 < addr ||
	    !rb_user(mem, addr + 7))
		return -1;
	return mem->read(mem->ctx, addr, v, sizeof(*v));
}

static int rb_clear_u64(const struct rb_kmodel_mem *mem, uint64_t addr)
{
	uint64_t zero = 0;

	if (!rb_user(mem, addr) || !rb_user(mem, addr + 7))
		return -1;
	return mem->write(mem->ctx, addr, &zero, sizeof(zero));
}

/* The signature: the 4 bytes before the abort address. */
static bool rb_sig_ok(const struct rb_kmodel_mem *mem, uint64_t abort_ip,
		      uint32_t sig, const char **why)
{
	uint32_t word;

	if (abort_ip < 4 || !rb_user(mem, abort_ip)) {
		*why = "abort address outside user space";
		return false;
	}
	if (mem->read(mem->ctx, abort_ip - 4, &word, sizeof(word))) {
		*why = "signature unreadable";
		return false;
	}
	if (word != sig) {
		*why = "signature mismatch before abort address";
		return false;
	}
	return true;
}

static void rb_fixup_descriptor(const struct rb_kmodel_thread *t,
				const struct rb_kmodel_regs *regs,
				const struct rb_kmodel_mem *mem,
				struct rb_kmodel_result *res)
{
	uint64_t field = t->area + RB_KMODEL_RSEQ_CS, ptr, end;
	struct rb_rseq_cs_image cs;
	const char *why;

	if (rb_read_u64(mem, field, &ptr))
		return rb_set(res, RB_KV_SIGSEGV, "rseq_cs unreadable");
	if (!ptr)
		return rb_set(res, RB_KV_NONE, "rseq_cs is NULL");
	if (!rb_user(mem, ptr) || !rb_user(mem, ptr + sizeof(cs) - 1) ||
	    mem->read(mem->ctx, ptr, &cs, sizeof(cs)))
		return rb_set(res, RB_KV_SIGSEGV, "descriptor unreadable");
	if (cs.version)
		return rb_set(res, RB_KV_SIGSEGV, "descriptor version != 0");
	if (cs.flags)
		return rb_set(res, RB_KV_SIGSEGV, "descriptor flags != 0");
	end = cs.start_ip + cs.post_commit_offset;
	if (!rb_user(mem, cs.start_ip) || end < cs.start_ip ||
	    !rb_user(mem, end))
		return rb_set(res, RB_KV_SIGSEGV,
			      "descriptor range outside user space");
	if (cs.abort_ip - cs.start_ip < cs.post_commit_offset)
		return rb_set(res, RB_KV_SIGSEGV,
			      "abort_ip inside the critical section");
	if (!rb_sig_ok(mem, cs.abort_ip, t->sig, &why))
		return rb_set(res, RB_KV_SIGSEGV, why);
	if (regs->ip - cs.start_ip >= cs.post_commit_offset) {
		if (rb_clear_u64(mem, field))
			return rb_set(res, RB_KV_SIGSEGV, "rseq_cs unwritable");
		res->cleared = field;
		return rb_set(res, RB_KV_CLEARED,
			      "ip outside the sequence: lazy clear");
	}
	if (!regs->event)
		return rb_set(res, RB_KV_NONE, "in the sequence, no event");
	if (rb_clear_u64(mem, field))
		return rb_set(res, RB_KV_SIGSEGV, "rseq_cs unwritable");
	res->cleared = field;
	res->new_ip = cs.abort_ip;
	rb_set(res, RB_KV_RESTART, "in the sequence after an event");
}

static void rb_fixup_post_commit(const struct rb_kmodel_thread *t,
				 const struct rb_kmodel_regs *regs,
				 const struct rb_kmodel_mem *mem,
				 struct rb_kmodel_result *res)
{
	uint64_t pc_field = t->area + RB_KMODEL_POST_COMMIT_IP;
	uint64_t post_commit, abort_ip;
	const char *why;

	if (rb_read_u64(mem, pc_field, &post_commit))
		return rb_set(res, RB_KV_SIGSEGV, "post_commit_ip unreadable");
	if (!post_commit)
		return rb_set(res, RB_KV_NONE, "not armed");
	if (!rb_user(mem, post_commit))
		return rb_set(res, RB_KV_SIGSEGV,
			      "post_commit_ip outside user space");
	if (regs->ip >= post_commit)
		return rb_set(res, RB_KV_NONE, "ip at or after post_commit_ip");
	if (!regs->event)
		return rb_set(res, RB_KV_NONE, "armed, no event");
	if (t->proto == RB_KPROTO_REGABORT) {
		abort_ip = regs->regabort;
	} else if (rb_read_u64(mem, t->area + RB_KMODEL_ABORT_IP, &abort_ip)) {
		return rb_set(res, RB_KV_SIGSEGV, "abort_ip unreadable");
	}
	if (!rb_sig_ok(mem, abort_ip, t->sig, &why))
		return rb_set(res, RB_KV_SIGSEGV, why);
	if (rb_clear_u64(mem, pc_field))
		return rb_set(res, RB_KV_SIGSEGV, "post_commit_ip unwritable");
	res->cleared = pc_field;
	res->new_ip = abort_ip;
	rb_set(res, RB_KV_RESTART, "armed, ip below post_commit_ip, event");
}

void rb_kmodel_fixup(const struct rb_kmodel_thread *t,
		     const struct rb_kmodel_regs *regs,
		     const struct rb_kmodel_mem *mem,
		     struct rb_kmodel_result *res)
{
	memset(res, 0, sizeof(*res));
	switch (t->proto) {
	case RB_KPROTO_DESCRIPTOR:
		rb_fixup_descriptor(t, regs, mem, res);
		break;
	case RB_KPROTO_REGABORT:
	case RB_KPROTO_TWOSTORE:
		rb_fixup_post_commit(t, regs, mem, res);
		break;
	default:
		rb_set(res, RB_KV_NONE, "no protocol registered");
		break;
	}
}

const char *rb_kverdict_name(enum rb_kverdict v)
{
	static const char *const names[] = {
		[RB_KV_NONE] = "none",
		[RB_KV_CLEARED] = "cleared",
		[RB_KV_RESTART] = "restart",
		[RB_KV_SIGSEGV] = "SIGSEGV",
	};

	return v <= RB_KV_SIGSEGV ? names[v] : "?";
}
