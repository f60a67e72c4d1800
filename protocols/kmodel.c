// SPDX-License-Identifier: MIT
/* The kernel fixup rules of kmodel.h. */
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

static bool rb_user_range(const struct rb_kmodel_mem *mem, uint64_t addr,
			  unsigned int len)
{
	return rb_user(mem, addr) && addr + len > addr &&
	       rb_user(mem, addr + len - 1);
}

static int rb_read(const struct rb_kmodel_mem *mem, uint64_t addr, void *v,
		   unsigned int len)
{
	if (!rb_user_range(mem, addr, len))
		return -1;
	return mem->read(mem->ctx, addr, v, len);
}

static int rb_write(const struct rb_kmodel_mem *mem, uint64_t addr,
		    const void *v, unsigned int len)
{
	if (!rb_user_range(mem, addr, len))
		return -1;
	return mem->write(mem->ctx, addr, v, len);
}

static int rb_read_u64(const struct rb_kmodel_mem *mem, uint64_t addr,
		       uint64_t *v)
{
	return rb_read(mem, addr, v, sizeof(*v));
}

static int rb_clear_u64(const struct rb_kmodel_mem *mem, uint64_t addr)
{
	uint64_t zero = 0;

	return rb_write(mem, addr, &zero, sizeof(zero));
}

static int rb_put_u32(const struct rb_kmodel_mem *mem, uint64_t addr,
		      uint32_t v)
{
	return rb_write(mem, addr, &v, sizeof(v));
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

/*
 * rseq_get_rseq_cs(): NULL when the descriptor may be used (all zero
 * when the pointer is NULL), else why the thread is killed.
 */
static const char *rb_get_rseq_cs(uint64_t rseq, uint32_t sig,
				  const struct rb_kmodel_mem *mem,
				  struct rb_rseq_cs_image *cs, uint64_t *ptr)
{
	uint64_t end;
	const char *why;

	if (rb_read_u64(mem, rseq + RB_KMODEL_RSEQ_CS, ptr))
		return "rseq_cs unreadable";
	memset(cs, 0, sizeof(*cs));
	if (!*ptr)
		return NULL;
	if (rb_read(mem, *ptr, cs, sizeof(*cs)))
		return "descriptor unreadable";
	if (cs->version)
		return "descriptor version != 0";
	end = cs->start_ip + cs->post_commit_offset;
	if (!rb_user(mem, cs->start_ip) || end < cs->start_ip ||
	    !rb_user(mem, end))
		return "descriptor range outside user space";
	if (cs->abort_ip - cs->start_ip < cs->post_commit_offset)
		return "abort_ip inside the critical section";
	if (!rb_sig_ok(mem, cs->abort_ip, sig, &why))
		return why;
	return NULL;
}

static bool rb_in_cs(uint64_t ip, const struct rb_rseq_cs_image *cs)
{
	return ip - cs->start_ip < cs->post_commit_offset;
}

/* rseq_warn_flags(): any bit set is fatal, deprecated or not. */
static bool rb_warn_flags(uint32_t flags, struct rb_kmodel_result *res)
{
	if (flags & RB_KFLAGS_NO_RESTART)
		res->warn |= RB_KWARN_DEPRECATED;
	if (flags & ~RB_KFLAGS_NO_RESTART)
		res->warn |= RB_KWARN_UNKNOWN;
	return flags != 0;
}

static uint32_t rb_consume(uint32_t *event_mask, struct rb_kmodel_result *res)
{
	res->consumed = *event_mask;
	*event_mask = 0;
	return res->consumed;
}

/* A verdict of rule D that ends the evaluation: false, for the caller. */
static bool rb_final(struct rb_kmodel_result *res, enum rb_kverdict v,
		     const char *reason)
{
	rb_set(res, v, reason);
	return false;
}

/*
 * The descriptor rules on the struct rseq at rseq.  True when ip was
 * outside the descriptor's range and rseq_cs was cleared (or 0 stored
 * over NULL): the struct rseq leaves the decision to a post-commit
 * area.  False when its verdict is final: SIGSEGV, restart, or inside
 * the sequence without an event.
 */
static bool rb_fixup_descriptor(uint64_t rseq, uint32_t sig,
				const struct rb_kmodel_regs *regs,
				uint32_t *event_mask,
				const struct rb_kmodel_mem *mem,
				struct rb_kmodel_result *res)
{
	uint64_t field = rseq + RB_KMODEL_RSEQ_CS, ptr;
	struct rb_rseq_cs_image cs;
	const char *why;
	uint32_t flags;

	why = rb_get_rseq_cs(rseq, sig, mem, &cs, &ptr);
	if (why)
		return rb_final(res, RB_KV_SIGSEGV, why);
	if (!rb_in_cs(regs->ip, &cs)) {
		if (rb_clear_u64(mem, field))
			return rb_final(res, RB_KV_SIGSEGV,
					"rseq_cs unwritable");
		res->cleared = field;
		if (!ptr)
			rb_set(res, RB_KV_NONE,
			       "rseq_cs is NULL: 0 stored over it");
		else
			rb_set(res, RB_KV_CLEARED,
			       "ip outside the sequence: lazy clear");
		return true;
	}
	if (rb_warn_flags(cs.flags, res))
		return rb_final(res, RB_KV_SIGSEGV,
				"descriptor flags != 0 inside the sequence");
	if (rb_read(mem, rseq + RB_KMODEL_RSEQ_FLAGS, &flags, sizeof(flags)))
		return rb_final(res, RB_KV_SIGSEGV,
				"struct rseq flags unreadable");
	if (rb_warn_flags(flags, res))
		return rb_final(res, RB_KV_SIGSEGV,
				"struct rseq flags != 0 inside the sequence");
	if (!rb_consume(event_mask, res))
		return rb_final(res, RB_KV_NONE, "in the sequence, no event");
	if (rb_clear_u64(mem, field))
		return rb_final(res, RB_KV_SIGSEGV, "rseq_cs unwritable");
	res->cleared = field;
	res->new_ip = cs.abort_ip;
	return rb_final(res, RB_KV_RESTART, "in the sequence after an event");
}

/*
 * Rule P on the area; after_d: D ran first and went on, so an area
 * that is not armed leaves D's result as it is.
 */
static void rb_fixup_post_commit(const struct rb_kmodel_thread *t,
				 const struct rb_kmodel_regs *regs,
				 uint32_t *event_mask, bool after_d,
				 const struct rb_kmodel_mem *mem,
				 struct rb_kmodel_result *res)
{
	uint64_t pc_field = t->area + RB_KMODEL_POST_COMMIT_IP;
	uint64_t post_commit, abort_ip;
	const char *why;

	if (rb_read_u64(mem, pc_field, &post_commit))
		return rb_set(res, RB_KV_SIGSEGV, "post_commit_ip unreadable");
	if (!post_commit) {
		if (!after_d)
			rb_set(res, RB_KV_NONE, "not armed");
		return;
	}
	if (!rb_user(mem, post_commit))
		return rb_set(res, RB_KV_SIGSEGV,
			      "post_commit_ip outside user space");
	if (regs->ip >= post_commit) {
		rb_consume(event_mask, res);
		if (rb_clear_u64(mem, pc_field))
			return rb_set(res, RB_KV_SIGSEGV,
				      "post_commit_ip unwritable");
		res->cleared = pc_field;
		return rb_set(res, RB_KV_CLEARED,
			      "ip at or after post_commit_ip: lazy disarm");
	}
	if (!rb_consume(event_mask, res))
		return rb_set(res, RB_KV_NONE, "armed, no event");
	if (t->proto == RB_KPROTO_REGABORT) {
		abort_ip = t->compat ? (uint32_t)regs->regabort :
				       regs->regabort;
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

static bool rb_post_commit_proto(enum rb_kproto p)
{
	return p == RB_KPROTO_REGABORT || p == RB_KPROTO_TWOSTORE;
}

static void rb_fixup(const struct rb_kmodel_thread *t,
		     const struct rb_kmodel_regs *regs, uint32_t *event_mask,
		     const struct rb_kmodel_mem *mem,
		     struct rb_kmodel_result *res)
{
	switch (t->proto) {
	case RB_KPROTO_DESCRIPTOR:
		rb_fixup_descriptor(t->area, t->sig, regs, event_mask, mem,
				    res);
		break;
	case RB_KPROTO_REGABORT:
	case RB_KPROTO_TWOSTORE:
		/* The struct rseq first: only its lazy clear goes on. */
		if (t->rseq && !rb_fixup_descriptor(t->rseq, t->sig, regs,
						    event_mask, mem, res))
			break;
		rb_fixup_post_commit(t, regs, event_mask, t->rseq != 0, mem,
				     res);
		break;
	default:
		rb_set(res, RB_KV_NONE, "no protocol registered");
		break;
	}
}

/*
 * The thread as the task entry points see it: a post-commit protocol
 * that names no struct rseq gets the task's (kmodel.h, "Which struct
 * rseq D reads").
 */
static struct rb_kmodel_thread rb_task_thread(const struct rb_kmodel_task *task)
{
	struct rb_kmodel_thread t = task->t;

	if (rb_post_commit_proto(t.proto) && !t.rseq)
		t.rseq = task->rseq;
	return t;
}

void rb_kmodel_fixup(const struct rb_kmodel_thread *t,
		     const struct rb_kmodel_regs *regs,
		     const struct rb_kmodel_mem *mem,
		     struct rb_kmodel_result *res)
{
	uint32_t event_mask = regs->event ? RB_KEVENT_PREEMPT : 0;

	memset(res, 0, sizeof(*res));
	rb_fixup(t, regs, &event_mask, mem, res);
}

void rb_kmodel_notify_resume(struct rb_kmodel_task *task,
			     const struct rb_kmodel_regs *regs,
			     const struct rb_kmodel_mem *mem,
			     struct rb_kmodel_result *res)
{
	struct rb_kmodel_thread t = rb_task_thread(task);
	uint64_t rseq = task->rseq;

	memset(res, 0, sizeof(*res));
	if (!rseq)
		return rb_set(res, RB_KV_NONE, "not registered");
	if (regs)
		rb_fixup(&t, regs, &task->event_mask, mem, res);
	else
		rb_set(res, RB_KV_NONE, "system call path: no fixup");
	if (res->verdict == RB_KV_SIGSEGV)
		return;
	if (rb_put_u32(mem, rseq + RB_KMODEL_CPU_ID_START, task->cpu) ||
	    rb_put_u32(mem, rseq + RB_KMODEL_CPU_ID, task->cpu) ||
	    rb_put_u32(mem, rseq + RB_KMODEL_NODE_ID, task->node_id) ||
	    rb_put_u32(mem, rseq + RB_KMODEL_MM_CID, task->mm_cid))
		return rb_set(res, RB_KV_SIGSEGV,
			      "struct rseq unwritable: cpu, node, mm_cid");
	res->published = true;
}

void rb_kmodel_syscall(const struct rb_kmodel_task *task, uint64_t ip,
		       const struct rb_kmodel_mem *mem,
		       struct rb_kmodel_result *res)
{
	struct rb_kmodel_thread t = rb_task_thread(task);
	struct rb_rseq_cs_image cs;
	uint64_t ptr, rseq, post_commit;
	bool post = rb_post_commit_proto(t.proto);
	const char *why;

	memset(res, 0, sizeof(*res));
	if (!task->rseq)
		return rb_set(res, RB_KV_NONE, "not registered");
	rseq = post ? t.rseq : task->rseq;
	why = rb_get_rseq_cs(rseq, t.sig, mem, &cs, &ptr);
	if (why)
		return rb_set(res, RB_KV_SIGSEGV, why);
	if (rb_in_cs(ip, &cs))
		return rb_set(res, RB_KV_SIGSEGV,
			      "system call inside the sequence");
	if (!post)
		return rb_set(res, RB_KV_NONE,
			      "system call outside every sequence");
	if (rb_read_u64(mem, t.area + RB_KMODEL_POST_COMMIT_IP, &post_commit))
		return rb_set(res, RB_KV_SIGSEGV, "post_commit_ip unreadable");
	if (post_commit && (!rb_user(mem, post_commit) || ip < post_commit))
		return rb_set(res, RB_KV_SIGSEGV,
			      "system call inside an armed post-commit sequence");
	rb_set(res, RB_KV_NONE, "system call outside every sequence");
}

int rb_kmodel_unregister(struct rb_kmodel_task *task,
			 const struct rb_kmodel_mem *mem)
{
	uint64_t rseq = task->rseq;

	if (!rseq)
		return -1;
	if (rb_put_u32(mem, rseq + RB_KMODEL_CPU_ID_START, 0) ||
	    rb_put_u32(mem, rseq + RB_KMODEL_CPU_ID,
		       RB_KMODEL_CPU_ID_UNINITIALIZED) ||
	    rb_put_u32(mem, rseq + RB_KMODEL_NODE_ID, 0) ||
	    rb_put_u32(mem, rseq + RB_KMODEL_MM_CID, 0))
		return -1;
	task->rseq = 0;
	/* The post-commit area goes too: it needs the signature. */
	task->t = (struct rb_kmodel_thread){ .proto = RB_KPROTO_NONE };
	return 0;
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
