// SPDX-License-Identifier: MIT
/*
 * Every operation's tests (tests/ops/<op>.c), by the registry's index:
 * a registered operation without its file does not link.
 */
#include <stdio.h>
#include <string.h>

#include "op_test.h"

const struct rb_op_test *const rb_op_tests[RB_NOP] = {
#define RB_OP_TEST_ROW(op) [RB_OP_##op] = &rb_op_test_##op,
	RB_FOR_EACH_OP(RB_OP_TEST_ROW)
#undef RB_OP_TEST_ROW
};

bool rb_op_tests_complete(char *why, size_t len)
{
	const struct rb_op_test *t;
	int i;

	for (i = 0; i < RB_NOP; i++) {
		t = rb_op_tests[i];
		if (strcmp(t->name, rb_ops[i].name)) {
			snprintf(why, len, "rb_op_test_%s is named %s",
				 rb_ops[i].name, t->name);
			return false;
		}
		if (!t->semantics.cases || !t->semantics.forced_abort ||
		    !t->verify.setup || !t->verify.run ||
		    !t->verify.conflict || !t->verify.committed ||
		    !t->verify.check || t->verify.size > V_DATA_MAX ||
		    !t->storm.reset || !t->storm.main || !t->storm.handler ||
		    (!t->storm.counted && !t->storm.all_ok)) {
			snprintf(why, len, "tests/ops/%s.c lacks a part",
				 rb_ops[i].name);
			return false;
		}
	}
	snprintf(why, len, "%d operations, each with its tests/ops file",
		 RB_NOP);
	return true;
}
