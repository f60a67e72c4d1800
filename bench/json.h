/* SPDX-License-Identifier: MIT */
/*
 * A small JSON reader for our own result files (rseqbench compare):
 * the whole document as a tree, numbers as doubles.
 */
#ifndef RB_JSON_H
#define RB_JSON_H

#include <stddef.h>

enum rb_jtype { RB_J_NULL, RB_J_BOOL, RB_J_NUM, RB_J_STR, RB_J_ARR, RB_J_OBJ };

struct rb_jval {
	enum rb_jtype type;
	double num;		/* RB_J_NUM, RB_J_BOOL */
	char *str;		/* RB_J_STR */
	size_t n;		/* RB_J_ARR, RB_J_OBJ: number of items */
	struct rb_jval *items;	/* RB_J_ARR, RB_J_OBJ values */
	char **keys;		/* RB_J_OBJ keys */
};

/*
 * Parse text; NULL with a one-line reason in err (offset included) on
 * malformed input.
 */
struct rb_jval *rb_json_parse(const char *text, char *err, size_t errlen);
void rb_json_free(struct rb_jval *v);

/* Member of an object, or NULL. */
const struct rb_jval *rb_json_get(const struct rb_jval *obj, const char *key);

#endif
