/*
 * causes.c - collected error messages.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "causes.h"
#include "xmalloc.h"

/* Start an empty list. */
void
causes_init(struct causes *c)
{
	c->msg = NULL;
	c->n = c->cap = 0;
}

/* Append an already formatted message (takes ownership). */
static void
causes_push(struct causes *c, char *m)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 8;
		c->msg = xreallocarray(c->msg, c->cap, sizeof *c->msg);
	}
	c->msg[c->n++] = m;
}

/* Append a message. */
void
causes_add(struct causes *c, const char *fmt, ...)
{
	va_list	 ap;
	char	*m;

	va_start(ap, fmt);
	xvasprintf(&m, fmt, ap);
	va_end(ap);
	causes_push(c, m);
}

/* Append a message prefixed with "file:line: " (line 0 gives "file: "). */
void
causes_addf_at(struct causes *c, const char *file, int line, const char *fmt, ...)
{
	va_list	 ap;
	char	*body, *m;

	va_start(ap, fmt);
	xvasprintf(&body, fmt, ap);
	va_end(ap);
	if (line > 0)
		xasprintf(&m, "%s:%d: %s", file, line, body);
	else
		xasprintf(&m, "%s: %s", file, body);
	free(body);
	causes_push(c, m);
}

/* Free every message. */
void
causes_free(struct causes *c)
{
	size_t	 i;

	for (i = 0; i < c->n; i++)
		free(c->msg[i]);
	free(c->msg);
	causes_init(c);
}
