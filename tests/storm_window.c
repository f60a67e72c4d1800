// SPDX-License-Identifier: MIT
/*
 * Where in a sequence the storm's signals landed: the sequence from its
 * __rb_seq record, its instructions from objdump, and the window in
 * which a conflict is lost to the commit store.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "storm.h"
#include "rb_seq.h"
#include "tap.h"

struct storm_watch watch;

/*
 * The memory operand of an instruction as objdump prints it: "[x1]",
 * "[r1, #8]" (arm), "0x8(%r9)" (x86), "0(a1)" (riscv, ppc).
 */
static bool mem_operand(const char *text, char *out, size_t len)
{
	const char *a = strchr(text, '['), *b;

	if (a) {
		b = strchr(a, ']');
	} else {
		b = strchr(text, '(');
		if (!b)
			return false;
		for (a = b; a > text && a[-1] != ' ' && a[-1] != ',' &&
			    a[-1] != '\t'; a--)
			;
		b = strchr(b, ')');
	}
	if (!b || (size_t)(b - a + 1) >= len)
		return false;
	memcpy(out, a, (size_t)(b - a + 1));
	out[b - a + 1] = 0;
	return true;
}

/* Whether text names operand op, as a whole operand. */
static bool names_operand(const char *text, const char *op)
{
	const char *p;

	for (p = strstr(text, op); p; p = strstr(p + 1, op))
		if (p == text || p[-1] == ' ' || p[-1] == ',' ||
		    p[-1] == '\t')
			return true;
	return false;
}

/*
 * Point watch at the sequence of (p, op): its protected range from its
 * __rb_seq record, its commit store from the disassembly (the last
 * instruction before post_commit).  False, with why, where either is
 * missing.
 */
bool watch_seq(const struct sproto *p, enum rb_op_index op, char *why,
		      size_t len)
{
	const struct rb_seq_rec *r;
	char opnd[64];
	int i, n;

	memset(&watch, 0, sizeof(watch));
	if (rb_seq_find(p->id, op_ids(op), &r) != 1) {
		snprintf(why, len, "no single __rb_seq record");
		return false;
	}
	n = vd_disasm(r->start, r->post_commit, watch.insn, WATCH_INSNS);
	if (n <= 0 || n == WATCH_INSNS ||
	    r->post_commit - r->start > WATCH_BYTES) {
		snprintf(why, len, "no disassembly of its protected range");
		return false;
	}
	watch.ninsn = n;
	watch.start = r->start;
	watch.post_commit = r->post_commit;
	watch.commit = watch.insn[n - 1].addr;
	/*
	 * The window opens after the last instruction before the commit
	 * that names the commit's memory operand: the load or compare
	 * that read the word.  Where none does, it is the commit alone,
	 * and the account below is a lower bound.
	 */
	watch.window = watch.commit;
	if (mem_operand(watch.insn[n - 1].text, opnd, sizeof(opnd))) {
		for (i = n - 2; i >= 0; i--) {
			if (names_operand(watch.insn[i].text, opnd)) {
				watch.window = watch.insn[i + 1].addr;
				watch.read_found = true;
				break;
			}
		}
	}
	snprintf(why, len, "+%" PRIu64 "..+%" PRIu64 ", commit store %s",
		 watch.window - watch.start, watch.commit - watch.start,
		 watch.insn[n - 1].text);
	return true;
}

/* Where the signals inside the watched sequence landed. */
void report_watch(const char *tag, enum rb_op_index op, const struct total *t,
			 const char *seen)
{
	char line[512];
	size_t len = 0;
	int i;

	NOTE("%s %s: %lu signals inside the sequence, %lu in its window (%s)",
	     tag, op_names(op), t->inside, t->in_window, seen);
	line[0] = 0;
	for (i = 0; i < watch.ninsn && len < sizeof(line) - 32; i++) {
		uint64_t off = watch.insn[i].addr - watch.start;

		len += (size_t)snprintf(line + len, sizeof(line) - len,
					" +%" PRIu64 ":%lu", off, t->at[off]);
	}
	NOTE("%s %s: signals by instruction offset:%s", tag, op_names(op),
	     line);
}
