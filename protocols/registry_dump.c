// SPDX-License-Identifier: MIT
/*
 * Writes the registry (registry.h) and the __rb_seq record layout
 * (rb_seq.h) as JSON on standard output: the build runs it once and
 * the scripts read the result instead of keeping lists of their own.
 */
#include <stddef.h>
#include <stdio.h>

/* Every row, the sensitivity rows of every architecture included. */
#define RB_REG_ALL_ROWS 1
#include "registry.h"
#include "rb_seq.h"

static const char *const kproto_names[] = {
	[RB_KPROTO_NONE] = "none",
	[RB_KPROTO_REGABORT] = "regabort",
	[RB_KPROTO_TWOSTORE] = "twostore",
	[RB_KPROTO_DESCRIPTOR] = "descriptor",
};

static const char *const disarm_names[] = {
	[RB_DISARM_NONE] = "none",
	[RB_DISARM_AREA] = "area",
	[RB_DISARM_LAZY] = "lazy",
	[RB_DISARM_EAGER] = "eager",
};

#define FIELD(f, what)                                                  \
	{ #f, offsetof(struct rb_seq_rec, f),                           \
	  sizeof(((struct rb_seq_rec *)0)->f), what }

static const struct {
	const char *name;
	size_t offset, size;
	const char *what;
} fields[] = {
	FIELD(arm, "address"), FIELD(start, "address"),
	FIELD(post_commit, "address"), FIELD(end, "address"),
	FIELD(abort, "address"), FIELD(fail, "address"), FIELD(cs, "address"),
	FIELD(proto, "protocol seq_id"), FIELD(op, "operation seq_id"),
};

int main(void)
{
	size_t i;
	int p;

	printf("{\n  \"protocols\": [\n");
	for (p = 0; p < RB_NPROTO; p++)
		printf("    {\"ident\": \"%s\", \"name\": \"%s\", "
		       "\"sequence\": %s, \"shape_row\": %s, \"seq_id\": %d, "
		       "\"kproto\": \"%s\", \"disarm\": \"%s\"}%s\n",
		       rb_protos[p].ident, rb_protos[p].name,
		       rb_protos[p].sequence ? "true" : "false",
		       rb_protos[p].shape_row ? "true" : "false",
		       rb_protos[p].seq_id, kproto_names[rb_protos[p].kproto],
		       disarm_names[rb_protos[p].disarm],
		       p + 1 < RB_NPROTO ? "," : "");
	printf("  ],\n  \"ops\": [\n");
	for (p = 0; p < RB_NOP; p++)
		printf("    {\"name\": \"%s\", \"seq_id\": %d, \"cmp\": %s}%s\n",
		       rb_ops[p].name, rb_ops[p].seq_id,
		       rb_ops[p].cmp ? "true" : "false",
		       p + 1 < RB_NOP ? "," : "");
	printf("  ],\n  \"rb_seq_record\": {\n    \"section\": \"__rb_seq\",\n"
	       "    \"size\": %zu,\n    \"fields\": [\n",
	       sizeof(struct rb_seq_rec));
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		printf("      {\"name\": \"%s\", \"offset\": %zu, "
		       "\"size\": %zu, \"is\": \"%s\"}%s\n", fields[i].name,
		       fields[i].offset, fields[i].size, fields[i].what,
		       i + 1 < sizeof(fields) / sizeof(fields[0]) ? "," : "");
	printf("    ]\n  }\n}\n");
	return ferror(stdout) ? 1 : 0;
}
