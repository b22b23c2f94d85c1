/*
 * input-private.h - what input.c shares with input-file.c and
 * input-journal.c: the common input object and line assembly.
 */
#ifndef IW_INPUT_PRIVATE_H
#define IW_INPUT_PRIVATE_H

#include "input.h"

/* A line being assembled from reads. */
struct input_linebuf {
	char		*buf;		/* IW_LINE_MAX bytes */
	size_t		 len;
	bool		 cut;		/* longer than IW_LINE_MAX: the rest is discarded */
};

struct input_ops {
	void	(*free)(struct input *);
	void	(*positions)(struct input *, struct input_positions *);
	void	(*rescan)(struct input *);
};

struct input {
	enum input_kind		 kind;
	char			*name;
	struct event_base	*base;
	input_line_fn		 cb;
	void			*arg;
	input_health_fn		 hcb;
	void			*harg;
	struct input_options	 opt;
	struct input_stats	 st;
	const struct input_ops	*ops;
	void			*impl;
};

struct input	*input_alloc(struct event_base *, enum input_kind, const char *name,
		    const struct input_options *, input_line_fn, void *,
		    const struct input_ops *);
void		 input_set_health(struct input *, enum input_health, const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));
void		 input_deliver(struct input *, const struct input_line *);

void		 input_linebuf_init(struct input_linebuf *);
void		 input_linebuf_free(struct input_linebuf *);
size_t		 input_linebuf_feed(struct input *, struct input_linebuf *, const char *,
		    size_t, const char *path, int64_t mtime_us);
void		 input_linebuf_flush(struct input *, struct input_linebuf *, const char *path,
		    int64_t mtime_us);

#endif
