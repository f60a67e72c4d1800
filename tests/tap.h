/* SPDX-License-Identifier: MIT */
/*
 * Minimal TAP-style checks.  Each check prints one "ok - ..." or
 * "not ok - ..." line; tests/run.sh counts them across all test
 * programs and scripts and prints the closing "N passed, N failed".
 */
#ifndef RB_TAP_H
#define RB_TAP_H

#include <stdio.h>
#include <stdarg.h>

/*
 * A program of several files defines RB_TAP_SHARED before this header
 * in each of them and tap_failed in one, so that they count together.
 */
#ifdef RB_TAP_SHARED
extern int tap_failed;
#else
static int tap_failed;
#endif

static inline __attribute__((format(printf, 2, 3))) int
tap_check(int cond, const char *fmt, ...)
{
	va_list ap;

	printf("%s - ", cond ? "ok" : "not ok");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	if (!cond)
		tap_failed++;
	return cond;
}

#define CHECK(cond, ...) tap_check(!!(cond), __VA_ARGS__)

/* Diagnostic line that is neither a pass nor a fail. */
#define NOTE(...)                                                       \
	do {                                                            \
		printf("# ");                                           \
		printf(__VA_ARGS__);                                    \
		putchar('\n');                                          \
	} while (0)

static inline int tap_exit(void)
{
	return tap_failed ? 1 : 0;
}

#endif
