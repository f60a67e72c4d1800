// SPDX-License-Identifier: MIT
/*
 * The last part of the guest: the kernel log, scanned for what the
 * parts before may have provoked (oops, WARNING, BUG).
 */
#include <errno.h>
#include <string.h>
#include <sys/klog.h>

#include "guest.h"

void test_klog(void)
{
	static char buf[1 << 17];
	int n = klogctl(3, buf, sizeof(buf) - 1);
	int bad = 0, attack = 0;
	char *line, *save = NULL;

	if (n < 0) {
		CHECK(0, "kernel log readable (%s)", strerror(errno));
		return;
	}
	buf[n] = 0;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (strstr(line, "Possible attack attempt"))
			attack++;
		if (strstr(line, "Oops") || strstr(line, "WARNING:") ||
		    strstr(line, "BUG:") || strstr(line, "Call Trace") ||
		    strstr(line, "general protection") ||
		    strstr(line, "Kernel panic")) {
			if (bad++ < 10)
				NOTE("klog: %s", line);
		}
	}
	CHECK(bad == 0, "kernel log: no oops/WARNING/BUG (%d bytes, %d rate-limited signature warnings)",
	      n, attack);
}
