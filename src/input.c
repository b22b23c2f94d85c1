/*
 * input.c - the part of an input common to files and the journal: the
 * object, health, statistics, line assembly and positions.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input-private.h"
#include "log.h"
#include "xmalloc.h"

/* Allocate the common part of an input. */
struct input *
input_alloc(struct event_base *base, enum input_kind kind, const char *name,
    const struct input_options *opt, input_line_fn cb, void *arg,
    const struct input_ops *ops)
{
	struct input	*in;

	in = xcalloc(1, sizeof *in);
	in->kind = kind;
	in->name = xstrdup(name);
	in->base = base;
	in->cb = cb;
	in->arg = arg;
	in->ops = ops;
	if (opt != NULL)
		in->opt = *opt;
	if (in->opt.poll_interval <= 0)
		in->opt.poll_interval = INPUT_POLL_DEFAULT;
	if (in->opt.rotate_wait <= 0)
		in->opt.rotate_wait = INPUT_ROTATE_WAIT;
	in->st.health = INPUT_WAITING;
	return in;
}

/* Free an input of either kind. */
void
input_free(struct input *in)
{
	if (in == NULL)
		return;
	in->ops->free(in);
	free(in->name);
	free(in);
}

/* Set the function told about health changes. */
void
input_set_health_cb(struct input *in, input_health_fn fn, void *arg)
{
	in->hcb = fn;
	in->harg = arg;
}

/* Name of an input (from the config). */
const char *
input_name(const struct input *in)
{
	return in->name;
}

/* Kind of an input. */
enum input_kind
input_kind(const struct input *in)
{
	return in->kind;
}

/* Statistics and health of an input. */
const struct input_stats *
input_get_stats(const struct input *in)
{
	return &in->st;
}

/* Check everything now. */
void
input_rescan(struct input *in)
{
	in->ops->rescan(in);
}

/* Name of a health state. */
const char *
input_health_name(enum input_health h)
{
	switch (h) {
	case INPUT_OK:
		return "ok";
	case INPUT_WAITING:
		return "waiting";
	case INPUT_STALLED:
		return "stalled";
	}
	return "unknown";
}

/*
 * Change the health; log and tell the callback only on a change of state or
 * reason, so a retry that fails the same way every few seconds stays quiet.
 */
void
input_set_health(struct input *in, enum input_health h, const char *fmt, ...)
{
	char	 reason[sizeof in->st.reason];
	va_list	 ap;

	reason[0] = '\0';
	if (fmt != NULL) {
		va_start(ap, fmt);
		vsnprintf(reason, sizeof reason, fmt, ap);
		va_end(ap);
	}
	if (h == in->st.health && strcmp(reason, in->st.reason) == 0)
		return;
	if (h == INPUT_STALLED)
		log_warnx("input %s: stalled: %s", in->name, reason);
	else if (in->st.health == INPUT_STALLED)
		log_info("input %s: %s again%s%s", in->name, input_health_name(h),
		    reason[0] ? ": " : "", reason);
	else
		log_debug("input %s: %s%s%s", in->name, input_health_name(h),
		    reason[0] ? ": " : "", reason);
	in->st.health = h;
	memcpy(in->st.reason, reason, sizeof reason);
	if (in->hcb != NULL)
		in->hcb(in, h, in->st.reason, in->harg);
}

/* Count and hand one line to the callback. */
void
input_deliver(struct input *in, const struct input_line *l)
{
	in->st.lines++;
	if (l->cut)
		in->st.cut++;
	in->cb(in, l, in->arg);
}

/* Prepare an empty line buffer. */
void
input_linebuf_init(struct input_linebuf *lb)
{
	lb->buf = xmalloc(IW_LINE_MAX);
	lb->len = 0;
	lb->cut = false;
}

/* Release a line buffer. */
void
input_linebuf_free(struct input_linebuf *lb)
{
	free(lb->buf);
	lb->buf = NULL;
	lb->len = 0;
	lb->cut = false;
}

/* Append bytes to the line being assembled, cutting at IW_LINE_MAX. */
static void
linebuf_append(struct input_linebuf *lb, const char *p, size_t n)
{
	size_t	 room = IW_LINE_MAX - lb->len;

	if (n > room) {
		n = room;
		lb->cut = true;
	}
	memcpy(lb->buf + lb->len, p, n);
	lb->len += n;
}

/* Deliver the assembled line and empty the buffer. */
static void
linebuf_emit(struct input *in, struct input_linebuf *lb, const char *path, int64_t mtime_us)
{
	struct input_line	 l;

	memset(&l, 0, sizeof l);
	l.line = lb->buf;
	l.len = lb->len;
	if (l.len > 0 && l.line[l.len - 1] == '\r')
		l.len--;
	l.cut = lb->cut;
	l.path = path;
	l.mtime_us = mtime_us;
	if (lb->cut)
		log_debug("input %s: line longer than %d bytes cut", in->name, IW_LINE_MAX);
	lb->len = 0;
	lb->cut = false;
	input_deliver(in, &l);
}

/*
 * Feed bytes read from a file.  Complete lines are delivered; the rest
 * stays buffered.  Returns how many bytes of buf are consumed up to and
 * including the last newline (0 if buf holds none): the caller's position
 * moves by exactly that much, so a restart never splits a line.  A line
 * whose start lies in an earlier chunk is complete when its newline is
 * found here, so the position then passes it as a whole.
 */
size_t
input_linebuf_feed(struct input *in, struct input_linebuf *lb, const char *buf, size_t n,
    const char *path, int64_t mtime_us)
{
	const char	*p = buf, *nl, *end = buf + n;
	size_t		 done = 0;

	while (p < end && (nl = memchr(p, '\n', end - p)) != NULL) {
		linebuf_append(lb, p, nl - p);
		linebuf_emit(in, lb, path, mtime_us);
		p = nl + 1;
		done = p - buf;
	}
	if (p < end)
		linebuf_append(lb, p, end - p);
	return done;
}

/* Deliver a partial last line of a file that will not grow any more. */
void
input_linebuf_flush(struct input *in, struct input_linebuf *lb, const char *path,
    int64_t mtime_us)
{
	if (lb->len > 0 || lb->cut)
		linebuf_emit(in, lb, path, mtime_us);
}

/* Positions of an input now. */
void
input_get_positions(struct input *in, struct input_positions *out)
{
	out->v = NULL;
	out->n = 0;
	in->ops->positions(in, out);
}

/* Free a list of positions. */
void
input_positions_free(struct input_positions *ps)
{
	size_t	 i;

	if (ps == NULL)
		return;
	for (i = 0; i < ps->n; i++) {
		free(ps->v[i].path);
		free(ps->v[i].cursor);
	}
	free(ps->v);
	ps->v = NULL;
	ps->n = 0;
}

/* Deep copy of a list of positions. */
void
input_positions_copy(struct input_positions *dst, const struct input_positions *src)
{
	size_t	 i;

	dst->n = src->n;
	dst->v = src->n ? xcalloc(src->n, sizeof *dst->v) : NULL;
	for (i = 0; i < src->n; i++) {
		dst->v[i] = src->v[i];
		dst->v[i].path = src->v[i].path ? xstrdup(src->v[i].path) : NULL;
		dst->v[i].cursor = src->v[i].cursor ? xstrdup(src->v[i].cursor) : NULL;
	}
}
