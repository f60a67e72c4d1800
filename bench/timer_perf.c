// SPDX-License-Identifier: MIT
/*
 * perf timer: core cycles and instructions retired, user space only,
 * for the calling thread.  The two events form one pinned group led by
 * cycles, so that they are on the PMU together or not at all: a pinned
 * group is never multiplexed, which is why no time_enabled/time_running
 * scaling is done.  Open one timer per measuring thread.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The kernel header first: libpfm4's copy stands down when it is seen. */
#include <linux/perf_event.h>
#if RB_HAVE_LIBPFM
#include <perfmon/pfmlib_perf_event.h>
#endif

#include "rb_asm.h"
#include "timer.h"
#include "timer_perf.h"

uint64_t rb_pmc_sign_extend(uint64_t raw, unsigned width)
{
	uint64_t sign;

	if (width == 0 || width >= 64)
		return raw;
	/* Portable: no reliance on arithmetic right shift of negatives. */
	sign = 1ULL << (width - 1);
	raw &= (sign << 1) - 1;
	return (raw ^ sign) - sign;
}

/* Generic events every perf-capable kernel knows without a PMU table. */
static const struct {
	const char *name;
	uint64_t config;
} rb_raw_events[] = {
	{ "cycles", PERF_COUNT_HW_CPU_CYCLES },
	{ "cpu-cycles", PERF_COUNT_HW_CPU_CYCLES },
	{ "instructions", PERF_COUNT_HW_INSTRUCTIONS },
};

/* Software events: no PMU needed, so tests can drive the real fd path. */
static const struct {
	const char *name;
	uint64_t config;
} rb_sw_events[] = {
	{ "task-clock", PERF_COUNT_SW_TASK_CLOCK },
	{ "page-faults", PERF_COUNT_SW_PAGE_FAULTS },
};

static int rb_raw_encode(const char *name, struct perf_event_attr *attr)
{
	size_t i;

	for (i = 0; i < sizeof(rb_raw_events) / sizeof(rb_raw_events[0]);
	     i++) {
		if (strcmp(name, rb_raw_events[i].name))
			continue;
		memset(attr, 0, sizeof(*attr));
		attr->type = PERF_TYPE_HARDWARE;
		attr->config = rb_raw_events[i].config;
		return 0;
	}
	for (i = 0; i < sizeof(rb_sw_events) / sizeof(rb_sw_events[0]);
	     i++) {
		if (strcmp(name, rb_sw_events[i].name))
			continue;
		memset(attr, 0, sizeof(*attr));
		attr->type = PERF_TYPE_SOFTWARE;
		attr->config = rb_sw_events[i].config;
		return 0;
	}
	return -1;
}

#if RB_HAVE_LIBPFM
/* 0, or -1 with libpfm4's reason in err. */
static int rb_pfm_encode(const char *name, struct perf_event_attr *attr,
			 char *err, size_t errlen)
{
	/*
	 * libpfm4 writes its own copy of struct perf_event_attr, which
	 * may differ in size from the kernel header's: give it room for
	 * either and copy out the common prefix.
	 */
	union {
		struct perf_event_attr attr;
		char pad[512];
	} buf;
	pfm_perf_encode_arg_t arg;
	int ret;

	ret = pfm_initialize();
	if (ret != PFM_SUCCESS) {
		snprintf(err, errlen, "libpfm4: pfm_initialize: %s",
			 pfm_strerror(ret));
		return -1;
	}
	memset(&buf, 0, sizeof(buf));
	memset(&arg, 0, sizeof(arg));
	arg.attr = (void *)&buf;
	arg.size = sizeof(arg);
	ret = pfm_get_os_event_encoding(name, PFM_PLM3, PFM_OS_PERF_EVENT,
					&arg);
	if (ret != PFM_SUCCESS) {
		snprintf(err, errlen, "libpfm4: %s: %s", name,
			 pfm_strerror(ret));
		return -1;
	}
	memcpy(attr, &buf.attr, sizeof(*attr));
	return 0;
}
#endif

int rb_perf_encode(const char *name, struct perf_event_attr *attr,
		   const char **source, char *err, size_t errlen)
{
	char why[160] = "";

	if (!name || !*name) {
		snprintf(err, errlen, "empty event name");
		return -1;
	}
#if RB_HAVE_LIBPFM
	if (rb_pfm_encode(name, attr, why, sizeof(why)) == 0) {
		*source = "libpfm4";
		goto done;
	}
#endif
	if (rb_raw_encode(name, attr) == 0) {
		*source = "raw";
		goto done;
	}
	if (why[0])
		snprintf(err, errlen, "unknown event '%s' (%s)", name, why);
	else
		snprintf(err, errlen,
			 "unknown event '%s' (without libpfm4 only cycles, instructions, task-clock, page-faults)",
			 name);
	return -1;
done:
	attr->size = sizeof(*attr);
	attr->exclude_kernel = 1;
	attr->exclude_hv = 1;
	return 0;
}

struct rb_perf {
	int fd[2];			/* cycles (leader), instructions */
	struct perf_event_mmap_page *pc[2];
	size_t pagesz;
	bool rdpmc;			/* page allowed rdpmc at open */
};

static long rb_perf_event_open(struct perf_event_attr *attr, int group_fd)
{
	return syscall(SYS_perf_event_open, attr, 0, -1, group_fd,
		       PERF_FLAG_FD_CLOEXEC);
}

/* Why perf_event_open may fail here, in the words a user can act on. */
static const char *rb_perf_hint(int err, char *buf, size_t len)
{
	FILE *f;
	int lvl;

	switch (err) {
	case ENOENT:
		return " (no PMU in this guest?)";
	case ENODEV:
		return " (no PMU driver for this event)";
	case EOPNOTSUPP:
		return " (PMU cannot count this event or mode)";
	case ENOSYS:
		return " (kernel built without perf events)";
	case EBUSY:
		return " (counters in use: NMI watchdog, another tool?)";
	case EACCES:
	case EPERM:
		f = fopen("/proc/sys/kernel/perf_event_paranoid", "r");
		if (f && fscanf(f, "%d", &lvl) == 1) {
			snprintf(buf, len,
				 " (kernel.perf_event_paranoid=%d; need <= 2 or CAP_PERFMON)",
				 lvl);
			fclose(f);
			return buf;
		}
		if (f)
			fclose(f);
		return " (permission: check kernel.perf_event_paranoid)";
	}
	return "";
}

/* x86 rdpmc is not ordered; lfence as in rb_arch_ticks, same reason. */
#if defined(RB_ARCH_HAVE_RDPMC)
static inline uint64_t rb_perf_rdpmc(uint32_t idx)
{
#if defined(__x86_64__) || defined(__i386__)
	asm volatile("lfence" ::: "memory");
#endif
	return rb_arch_rdpmc(idx);
}
#endif

static uint64_t rb_perf_read_fd(int fd)
{
	uint64_t v;
	ssize_t n;

	do {
		n = read(fd, &v, sizeof(v));
	} while (n < 0 && errno == EINTR);
	/* 0 bytes: a pinned group that lost its counters (error state). */
	return n == (ssize_t)sizeof(v) ? v : 0;
}

static inline uint64_t rb_perf_read_one(struct rb_perf *p, int i)
{
#if defined(RB_ARCH_HAVE_RDPMC)
	if (p->rdpmc) {
		bool used;
		uint64_t v = rb_perf_mmap_read(p->pc[i], rb_perf_rdpmc,
					       &used, NULL);

		/* index 0: not on a counter this instant; ask the kernel. */
		if (used)
			return v;
	}
#endif
	return rb_perf_read_fd(p->fd[i]);
}

static uint64_t rb_perf_read_lead(struct rb_timer *t)
{
	return rb_perf_read_one(t->priv, 0);
}

static uint64_t rb_perf_read_member(struct rb_timer *t)
{
	return rb_perf_read_one(t->priv, 1);
}

static void rb_perf_free(struct rb_perf *p)
{
	int i;

	/* Members before the leader, the reverse of opening. */
	for (i = 1; i >= 0; i--) {
		if (p->pc[i])
			munmap(p->pc[i], p->pagesz);
		if (p->fd[i] >= 0)
			close(p->fd[i]);
	}
	free(p);
}

static void rb_perf_close(struct rb_timer *t)
{
	if (t->priv)
		rb_perf_free(t->priv);
	t->priv = NULL;
}

/* Open event i of the group; 0, or -1 with the reason in err. */
static int rb_perf_open_event(struct rb_perf *p, int i, const char *name,
			      const char **source, char *err, size_t errlen)
{
	struct perf_event_attr attr;
	char why[200], hint[96];
	void *pc;
	long fd;

	if (rb_perf_encode(name, &attr, source, why, sizeof(why))) {
		snprintf(err, errlen, "%s", why);
		return -1;
	}
	/* The leader is pinned: never multiplexed, so never scaled. */
	attr.pinned = i == 0;
	attr.disabled = 0;
	attr.read_format = 0;
	fd = rb_perf_event_open(&attr, i == 0 ? -1 : p->fd[0]);
	if (fd < 0) {
		int e = errno;

		snprintf(err, errlen, "perf_event_open(%s): %s%s", name,
			 strerror(e), rb_perf_hint(e, hint, sizeof(hint)));
		return -1;
	}
	p->fd[i] = (int)fd;
	/* The first page alone is the user page, no ring buffer. */
	pc = mmap(NULL, p->pagesz, PROT_READ, MAP_SHARED, p->fd[i], 0);
	if (pc == MAP_FAILED) {
		snprintf(err, errlen, "mmap(%s): %s", name, strerror(errno));
		return -1;
	}
	p->pc[i] = pc;
	return 0;
}

/* Some virtual PMUs accept events that never count: insist on progress. */
static int rb_perf_counts(struct rb_timer *t)
{
	volatile uint64_t sink = 0;
	uint64_t a, b;
	int i;

	a = t->read(t);
	for (i = 0; i < 100000; i++)
		sink += i;
	b = t->read(t);
	return b > a;
}

int rb_perf_open_group(struct rb_timer *t, const char *lead,
		       const char *member, char *err, size_t errlen)
{
	const char *src_lead = NULL, *src_member = NULL;
	char why[256];
	struct rb_perf *p;

	p = calloc(1, sizeof(*p));
	if (!p) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	p->fd[0] = p->fd[1] = -1;
	p->pagesz = (size_t)sysconf(_SC_PAGESIZE);
	if (rb_perf_open_event(p, 0, lead, &src_lead, err, errlen)) {
		rb_perf_free(p);
		return -1;
	}
	/* The member is a bonus: the leader alone still makes the timer. */
	if (member && rb_perf_open_event(p, 1, member, &src_member, why,
					 sizeof(why))) {
		rb_timer_note(t, "perf: no %s: %s", member, why);
		if (p->fd[1] >= 0)
			close(p->fd[1]);
		p->fd[1] = -1;
		src_member = NULL;
	}
#if defined(RB_ARCH_HAVE_RDPMC)
	p->rdpmc = p->pc[0]->cap_user_rdpmc && p->pc[0]->index;
#endif
	t->priv = p;
	t->close = rb_perf_close;
	t->read = rb_perf_read_lead;
	t->has_instructions = p->fd[1] >= 0;
	t->read_instructions = t->has_instructions ? rb_perf_read_member :
						     NULL;
	t->read_method = p->rdpmc ? "rdpmc" : "read()";
	/* Mixed sources would be odd enough to say so. */
	if (src_member && strcmp(src_lead, src_member))
		t->event_source = "libpfm4+raw";
	else
		t->event_source = src_lead;
	if (!rb_perf_counts(t)) {
		snprintf(err, errlen,
			 "%s opened but does not advance (virtual PMU stub?)",
			 lead);
		rb_perf_close(t);
		t->read = t->read_instructions = NULL;
		t->close = NULL;
		t->has_instructions = false;
		t->read_method = t->event_source = NULL;
		return -1;
	}
	return 0;
}

struct perf_event_mmap_page *rb_perf_page(struct rb_timer *t, int i)
{
	struct rb_perf *p = t->priv;

	if (t->close != rb_perf_close || !p || i < 0 || i > 1)
		return NULL;
	return p->pc[i];
}

int rb_timer_perf_open(struct rb_timer *t, char *err, size_t errlen)
{
	if (rb_perf_open_group(t, "cycles", "instructions", err, errlen))
		return -1;
	t->name = "perf";
	t->unit = "cycles";
	t->counts_cycles = true;
	t->hz = 0;
	return 0;
}
