// SPDX-License-Identifier: MIT
#include <inttypes.h>
#include <link.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "verify_disasm.h"

static int vd_first_object(struct dl_phdr_info *info, size_t size, void *bias)
{
	(void)size;
	*(uint64_t *)bias = (uint64_t)info->dlpi_addr;
	return 1;	/* the main program is always listed first */
}

/* objdump prints link-time addresses; a PIE runs shifted by this. */
static uint64_t vd_load_bias(void)
{
	static uint64_t bias;
	static int known;

	if (!known) {
		dl_iterate_phdr(vd_first_object, &bias);
		known = 1;
	}
	return bias;
}

/* "0000000000001139 <name+0x9>:" starts a block of name's code. */
static int vd_parse_header(const char *line, uint64_t *base, char *sym,
			   size_t symlen, uint64_t *off)
{
	const char *lt = strchr(line, '<'), *gt = strrchr(line, '>');
	const char *plus;
	size_t n;

	if (!lt || !gt || gt < lt || sscanf(line, "%" SCNx64, base) != 1)
		return 0;
	n = (size_t)(gt - lt - 1);
	plus = memchr(lt + 1, '+', n);
	*off = plus ? strtoull(plus + 1, NULL, 16) : 0;
	if (plus)
		n = (size_t)(plus - lt - 1);
	if (n >= symlen)
		n = symlen - 1;
	memcpy(sym, lt + 1, n);
	sym[n] = '\0';
	return 1;
}

int vd_disasm(uint64_t start, uint64_t stop, struct vd_insn *out, int max)
{
	/* objdump must open our file: its own /proc/self/exe is objdump. */
	char exe[PATH_MAX], cmd[PATH_MAX + 256], line[512];
	const char *objdump = getenv("OBJDUMP");
	uint64_t bias = vd_load_bias(), base = 0, base_off = 0, a;
	char sym[64] = "?";
	ssize_t len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	FILE *f;
	int n = 0, pos;

	if (len <= 0)
		return -1;
	exe[len] = '\0';
	snprintf(cmd, sizeof(cmd),
		 "%s -d --no-show-raw-insn --start-address=0x%" PRIx64
		 " --stop-address=0x%" PRIx64 " '%s'",
		 objdump && *objdump ? objdump : "objdump", start - bias,
		 stop - bias, exe);
	f = popen(cmd, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (strstr(line, ">:")) {
			vd_parse_header(line, &base, sym, sizeof(sym),
					&base_off);
			continue;
		}
		/* %n is not stored when the ':' is missing: keep pos known. */
		pos = -1;
		if (sscanf(line, " %" SCNx64 ":%n", &a, &pos) != 1 ||
		    pos < 0 || line[pos] != '\t' || n >= max)
			continue;
		out[n].addr = a + bias;
		snprintf(out[n].where, sizeof(out[n].where), "%s+0x%" PRIx64,
			 sym, a - base + base_off);
		snprintf(out[n].text, sizeof(out[n].text), "%s",
			 line + pos + 1);
#ifdef __aarch64__
		/* '#' starts every immediate here; remarks follow "//". */
		if (strstr(out[n].text, "//"))
			*strstr(out[n].text, "//") = '\0';
#elif defined(__arm__)
		/* '#' starts immediates here; remarks follow '@' or ';'. */
		out[n].text[strcspn(out[n].text, "@;")] = '\0';
#else
		/* Drop objdump's "# address <symbol>" remark. */
		out[n].text[strcspn(out[n].text, "#")] = '\0';
#endif
		for (pos = (int)strlen(out[n].text);
		     pos > 0 && (out[n].text[pos - 1] == ' ' ||
				 out[n].text[pos - 1] == '\t'); pos--)
			out[n].text[pos - 1] = '\0';
		/* objdump pads with spaces; one space reads better. */
		for (char *s = out[n].text; *s; s++)
			if (*s == '\t')
				*s = ' ';
		n++;
	}
	if (pclose(f) != 0) {
		fprintf(stderr, "verify: '%s' failed\n", cmd);
		return -1;
	}
	return n;
}
