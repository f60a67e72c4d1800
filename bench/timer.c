// SPDX-License-Identifier: MIT
/*
 * Timer selection: parse the name, open the best timer that works, and
 * say why the better ones did not, so that a result file records what
 * was really measured.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "timer.h"

static const struct {
	const char *name;
	enum rb_timer_kind kind;
	int (*open)(struct rb_timer *t, char *err, size_t errlen);
} rb_timers[] = {
	{ "perf", RB_TIMER_PERF, rb_timer_perf_open },
	{ "tsc", RB_TIMER_TSC, rb_timer_tsc_open },
	{ "clock", RB_TIMER_CLOCK, rb_timer_clock_open },
};

#define RB_NTIMERS (sizeof(rb_timers) / sizeof(rb_timers[0]))

int rb_timer_parse(const char *s)
{
	size_t i;

	if (!s)
		return -1;
	if (!strcmp(s, "auto"))
		return RB_TIMER_AUTO;
	for (i = 0; i < RB_NTIMERS; i++)
		if (!strcmp(s, rb_timers[i].name))
			return rb_timers[i].kind;
	return -1;
}

void rb_timer_note(struct rb_timer *t, const char *fmt, ...)
{
	size_t len = strnlen(t->note, sizeof(t->note));
	va_list ap;

	/* Lines are separated, not terminated, so the note prints as is. */
	if (len && len + 1 < sizeof(t->note))
		t->note[len++] = '\n';
	if (len + 1 >= sizeof(t->note))
		return;
	va_start(ap, fmt);
	vsnprintf(t->note + len, sizeof(t->note) - len, fmt, ap);
	va_end(ap);
}

/* Keep err to one line: backends quote strerror and sysfs text. */
static void rb_one_line(char *s)
{
	for (; *s; s++)
		if (*s == '\n' || *s == '\r')
			*s = ' ';
}

/* Open backend i on a fresh timer, keeping the note gathered so far. */
static int rb_timer_try(struct rb_timer *t, size_t i, char *err,
			size_t errlen)
{
	char note[sizeof(t->note)];
	char why[256] = "";

	memcpy(note, t->note, sizeof(note));
	memset(t, 0, sizeof(*t));
	memcpy(t->note, note, sizeof(note));
	if (rb_timers[i].open(t, why, sizeof(why)) == 0)
		return 0;
	if (!why[0])
		snprintf(why, sizeof(why), "unavailable");
	rb_one_line(why);
	snprintf(err, errlen, "%s: %s", rb_timers[i].name, why);

	/* A failed backend must leave nothing the caller could call. */
	memcpy(note, t->note, sizeof(note));
	memset(t, 0, sizeof(*t));
	memcpy(t->note, note, sizeof(note));
	return -1;
}

int rb_timer_open(struct rb_timer *t, enum rb_timer_kind kind, char *err,
		  size_t errlen)
{
	char why[300];
	size_t i;

	if (err && errlen)
		err[0] = '\0';
	memset(t, 0, sizeof(*t));
	for (i = 0; i < RB_NTIMERS; i++) {
		if (kind != RB_TIMER_AUTO && kind != rb_timers[i].kind)
			continue;
		if (rb_timer_try(t, i, why, sizeof(why)) == 0) {
			t->kind = rb_timers[i].kind;
			t->name = rb_timers[i].name;
			return 0;
		}
		if (kind != RB_TIMER_AUTO) {
			if (err && errlen)
				snprintf(err, errlen, "%s", why);
			return -1;
		}
		/* AUTO: the reason the better timer was passed over. */
		rb_timer_note(t, "%s", why);
	}
	if (err && errlen)
		snprintf(err, errlen, "%s",
			 kind == RB_TIMER_AUTO ? "no timer works here" :
						 "unknown timer kind");
	return -1;
}

void rb_timer_close(struct rb_timer *t)
{
	if (t->close)
		t->close(t);
	t->close = NULL;
	t->priv = NULL;
	t->read = NULL;
	t->read_instructions = NULL;
}

void rb_timer_list(char *buf, size_t len)
{
	size_t used = 0, i;

	if (!buf || !len)
		return;
	buf[0] = '\0';
	for (i = 0; i < RB_NTIMERS && used + 1 < len; i++) {
		struct rb_timer t;
		char err[300];
		int n;

		if (rb_timer_open(&t, rb_timers[i].kind, err, sizeof(err))) {
			/* err already starts with the timer's name. */
			n = snprintf(buf + used, len - used,
				     "%-6s no: %s\n", rb_timers[i].name,
				     err + strlen(rb_timers[i].name) + 2);
		} else {
			char hz[32] = "";

			if (t.hz > 0)
				snprintf(hz, sizeof(hz), ", %.3f GHz",
					 t.hz / 1e9);
			rb_one_line(t.note);
			n = snprintf(buf + used, len - used,
				     "%-6s yes: %s via %s%s%s%s%s%s\n",
				     t.name, t.unit, t.read_method, hz,
				     t.event_source ? ", events " : "",
				     t.event_source ? t.event_source : "",
				     t.note[0] ? "; " : "", t.note);
			rb_timer_close(&t);
		}
		if (n < 0)
			break;
		used += (size_t)n;
	}
	if (used >= len)
		buf[len - 1] = '\0';
}
