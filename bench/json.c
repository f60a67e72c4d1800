// SPDX-License-Identifier: MIT
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

struct rb_jparser {
	const char *s, *start;
	char *err;
	size_t errlen;
	int depth;
};

static int rb_jfail(struct rb_jparser *p, const char *what)
{
	if (!*p->err)
		snprintf(p->err, p->errlen, "%s at offset %zu", what,
			 (size_t)(p->s - p->start));
	return -1;
}

static void rb_jspace(struct rb_jparser *p)
{
	while (*p->s == ' ' || *p->s == '\t' || *p->s == '\n' ||
	       *p->s == '\r')
		p->s++;
}

static int rb_jvalue(struct rb_jparser *p, struct rb_jval *v);

static int rb_jstring(struct rb_jparser *p, char **out)
{
	size_t cap = 16, len = 0;
	char *buf = malloc(cap);

	if (!buf)
		return rb_jfail(p, "out of memory");
	p->s++;		/* the opening quote */
	while (*p->s != '"') {
		char c = *p->s++;

		if (!c || (unsigned char)c < 0x20) {
			free(buf);
			return rb_jfail(p, "unterminated string");
		}
		if (c == '\\') {
			c = *p->s++;
			switch (c) {
			case 'n': c = '\n'; break;
			case 't': c = '\t'; break;
			case 'r': c = '\r'; break;
			case 'b': c = '\b'; break;
			case 'f': c = '\f'; break;
			case 'u':
				/* Our files only escape control characters. */
				if (strlen(p->s) < 4) {
					free(buf);
					return rb_jfail(p, "bad \\u escape");
				}
				c = (char)strtol((char[5]){ p->s[0], p->s[1],
							    p->s[2], p->s[3],
							    0 }, NULL, 16);
				p->s += 4;
				break;
			case '"': case '\\': case '/':
				break;
			default:
				free(buf);
				return rb_jfail(p, "bad escape");
			}
		}
		if (len + 2 > cap) {
			char *nb = realloc(buf, cap *= 2);

			if (!nb) {
				free(buf);
				return rb_jfail(p, "out of memory");
			}
			buf = nb;
		}
		buf[len++] = c;
	}
	p->s++;
	buf[len] = '\0';
	*out = buf;
	return 0;
}

static int rb_jpush(struct rb_jparser *p, struct rb_jval *v, size_t *cap)
{
	if (v->n < *cap)
		return 0;
	*cap = *cap ? *cap * 2 : 8;
	v->items = realloc(v->items, *cap * sizeof(*v->items));
	if (v->type == RB_J_OBJ)
		v->keys = realloc(v->keys, *cap * sizeof(*v->keys));
	if (!v->items || (v->type == RB_J_OBJ && !v->keys))
		return rb_jfail(p, "out of memory");
	return 0;
}

static int rb_jcontainer(struct rb_jparser *p, struct rb_jval *v, char close)
{
	size_t cap = 0;

	if (++p->depth > 64)
		return rb_jfail(p, "nested too deep");
	p->s++;
	rb_jspace(p);
	if (*p->s == close) {
		p->s++;
		p->depth--;
		return 0;
	}
	for (;;) {
		if (rb_jpush(p, v, &cap))
			return -1;
		memset(&v->items[v->n], 0, sizeof(v->items[0]));
		if (v->type == RB_J_OBJ) {
			rb_jspace(p);
			if (*p->s != '"')
				return rb_jfail(p, "expected a key");
			if (rb_jstring(p, &v->keys[v->n]))
				return -1;
			rb_jspace(p);
			if (*p->s++ != ':') {
				free(v->keys[v->n]);
				return rb_jfail(p, "expected ':'");
			}
		}
		if (rb_jvalue(p, &v->items[v->n])) {
			if (v->type == RB_J_OBJ)
				free(v->keys[v->n]);
			return -1;
		}
		v->n++;
		rb_jspace(p);
		if (*p->s == ',') {
			p->s++;
			continue;
		}
		if (*p->s++ != close)
			return rb_jfail(p, "expected ',' or a closing bracket");
		p->depth--;
		return 0;
	}
}

static int rb_jvalue(struct rb_jparser *p, struct rb_jval *v)
{
	char *end;

	rb_jspace(p);
	switch (*p->s) {
	case '{':
		v->type = RB_J_OBJ;
		return rb_jcontainer(p, v, '}');
	case '[':
		v->type = RB_J_ARR;
		return rb_jcontainer(p, v, ']');
	case '"':
		v->type = RB_J_STR;
		return rb_jstring(p, &v->str);
	}
	if (!strncmp(p->s, "true", 4) || !strncmp(p->s, "false", 5)) {
		v->type = RB_J_BOOL;
		v->num = *p->s == 't';
		p->s += *p->s == 't' ? 4 : 5;
		return 0;
	}
	if (!strncmp(p->s, "null", 4)) {
		v->type = RB_J_NULL;
		p->s += 4;
		return 0;
	}
	v->type = RB_J_NUM;
	v->num = strtod(p->s, &end);
	if (end == p->s)
		return rb_jfail(p, "expected a value");
	p->s = end;
	return 0;
}

static void rb_jclear(struct rb_jval *v)
{
	size_t i;

	for (i = 0; i < v->n; i++) {
		rb_jclear(&v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->str);
}

void rb_json_free(struct rb_jval *v)
{
	if (!v)
		return;
	rb_jclear(v);
	free(v);
}

struct rb_jval *rb_json_parse(const char *text, char *err, size_t errlen)
{
	struct rb_jparser p = { text, text, err, errlen, 0 };
	struct rb_jval *v = calloc(1, sizeof(*v));

	if (errlen)
		err[0] = '\0';
	if (!v || rb_jvalue(&p, v)) {
		if (!v)
			snprintf(err, errlen, "out of memory");
		rb_json_free(v);
		return NULL;
	}
	rb_jspace(&p);
	if (*p.s) {
		rb_jfail(&p, "trailing characters");
		rb_json_free(v);
		return NULL;
	}
	return v;
}

const struct rb_jval *rb_json_get(const struct rb_jval *obj, const char *key)
{
	size_t i;

	if (!obj || obj->type != RB_J_OBJ)
		return NULL;
	for (i = 0; i < obj->n; i++)
		if (!strcmp(obj->keys[i], key))
			return &obj->items[i];
	return NULL;
}
