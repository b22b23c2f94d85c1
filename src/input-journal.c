/*
 * input-journal.c - follow the systemd journal (or journal files in a
 * directory) with sd-journal on the libevent loop.
 *
 * The position is the cursor of the last delivered entry.  On start (and
 * after any reopen) the journal is sought to that cursor, stepped once, and
 * the entry found is tested against the cursor: if it is the delivered
 * entry, reading goes on after it; if that entry is gone (vacuumed), the
 * entry found is the first not yet delivered.  Read errors never stop the
 * input silently: health goes STALLED and the journal is reopened with a
 * growing back-off until it reads again.
 *
 * A journal directory (journal_dir) is also checked on every change
 * sd-journal reports and every poll interval, because sd-journal itself
 * says nothing in two cases: the directory removed or replaced (its watch
 * stays on the old inode, so files in a new directory at the path are
 * never seen: the input is closed, STALLED, and reopened once the path is
 * back), and a journal file it cannot open (skipped silently: STALLED with
 * the file named while reading the others goes on; once it is readable the
 * journal is reopened at the cursor).
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#ifdef HAVE_LIBSYSTEMD
#include <systemd/sd-journal.h>
#endif

#include "causes.h"
#include "input-private.h"
#include "log.h"
#include "xmalloc.h"

#ifdef HAVE_LIBSYSTEMD

#define JOURNAL_BATCH		1000	/* entries per wake-up before yielding */
#define JOURNAL_BACKOFF_MAX	60	/* seconds between reopen attempts, at most */

/* A copied journal field. */
struct jfield {
	char	*p;
	size_t	 len;
};

struct ijournal {
	struct input	*in;
	char		**idents;	size_t n_idents;
	char		**units;	size_t n_units;
	char		*dir;
	sd_journal	*j;
	struct event	*ev;		/* the journal's fd, with its timeout */
	struct event	*retry;		/* reopen after an error */
	struct event	*more;
	struct event	*check;		/* journal_dir: periodic directory check */
	dev_t		 dir_dev;	/* the directory opened */
	ino_t		 dir_ino;
	bool		 unreadable;	/* a journal file in it cannot be opened */
	int		 backoff;
	char		*cursor;	/* last delivered entry */
	bool		 at_start;	/* no saved cursor and not yet positioned */
	struct jfield	 msg, ident, pid, isname, isuid, group, level;
};

static void	 journal_free(struct input *);
static void	 journal_positions(struct input *, struct input_positions *);
static void	 journal_rescan(struct input *);
static int	 journal_open(struct ijournal *);
static void	 journal_close(struct ijournal *);
static void	 journal_fail(struct ijournal *, const char *what, int r);
static void	 journal_stall(struct ijournal *, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
static int	 journal_check_dir(struct ijournal *);
static void	 journal_check_cb(evutil_socket_t, short, void *);
static void	 journal_arm(struct ijournal *);
static void	 journal_read(struct ijournal *);
static int	 journal_seek_cursor(struct ijournal *);
static void	 journal_cb(evutil_socket_t, short, void *);
static void	 journal_retry_cb(evutil_socket_t, short, void *);
static void	 journal_more_cb(evutil_socket_t, short, void *);
static bool	 journal_field(sd_journal *, const char *, struct jfield *);

static const struct input_ops journal_ops = {
	.free = journal_free,
	.positions = journal_positions,
	.rescan = journal_rescan,
};

/* Copy a string vector. */
static char **
strv_dup(const char *const *v, size_t n)
{
	char	**r;
	size_t	 i;

	if (n == 0)
		return NULL;
	r = xcalloc(n, sizeof *r);
	for (i = 0; i < n; i++)
		r[i] = xstrdup(v[i]);
	return r;
}

/* Follow the journal. */
struct input *
input_journal_new(struct event_base *base, const char *name,
    const struct input_journal_config *jc, const struct input_positions *saved,
    const struct input_options *opt, input_line_fn cb, void *arg, struct causes *causes)
{
	struct input	*in;
	struct ijournal	*ij;
	size_t		 i;
	int		 r;

	ij = xcalloc(1, sizeof *ij);
	ij->idents = strv_dup(jc->identifiers, jc->n_identifiers);
	ij->n_idents = jc->n_identifiers;
	ij->units = strv_dup(jc->units, jc->n_units);
	ij->n_units = jc->n_units;
	ij->dir = jc->dir ? xstrdup(jc->dir) : NULL;
	if (saved != NULL)
		for (i = 0; i < saved->n; i++)
			if (saved->v[i].cursor != NULL) {
				free(ij->cursor);
				ij->cursor = xstrdup(saved->v[i].cursor);
			}
	ij->at_start = ij->cursor == NULL;
	in = input_alloc(base, INPUT_KIND_JOURNAL, name, opt, cb, arg, &journal_ops);
	in->impl = ij;
	ij->in = in;
	snprintf(in->st.current, sizeof in->st.current, "%s",
	    ij->dir ? ij->dir : "journal");
	ij->retry = evtimer_new(base, journal_retry_cb, ij);
	ij->more = event_new(base, -1, 0, journal_more_cb, ij);
	if (ij->dir != NULL) {
		struct timeval	 tv = { opt->poll_interval > 0 ? opt->poll_interval :
			    INPUT_POLL_DEFAULT, 0 };

		ij->check = event_new(base, -1, EV_PERSIST, journal_check_cb, ij);
		event_add(ij->check, &tv);
	}
	if ((r = journal_open(ij)) < 0) {
		/* A bad match is a configuration error; anything else is retried. */
		if (r == -EINVAL) {
			causes_add(causes, "input %s: invalid journal match: %s", name,
			    strerror(-r));
			input_free(in);
			return NULL;
		}
		journal_fail(ij, ij->dir ? ij->dir : "sd_journal_open", r);
		return in;
	}
	if (ij->dir != NULL && journal_check_dir(ij) == -1)
		return in;
	journal_read(ij);
	return in;
}

/* Free the journal part of an input. */
static void
journal_free(struct input *in)
{
	struct ijournal	*ij = in->impl;
	size_t		 i;

	journal_close(ij);
	event_free(ij->retry);
	event_free(ij->more);
	if (ij->check != NULL)
		event_free(ij->check);
	for (i = 0; i < ij->n_idents; i++)
		free(ij->idents[i]);
	free(ij->idents);
	for (i = 0; i < ij->n_units; i++)
		free(ij->units[i]);
	free(ij->units);
	free(ij->dir);
	free(ij->cursor);
	free(ij->msg.p);
	free(ij->ident.p);
	free(ij->pid.p);
	free(ij->isname.p);
	free(ij->isuid.p);
	free(ij->group.p);
	free(ij->level.p);
	free(ij);
}

/* Close the journal and its event. */
static void
journal_close(struct ijournal *ij)
{
	if (ij->ev != NULL) {
		event_free(ij->ev);
		ij->ev = NULL;
	}
	if (ij->j != NULL) {
		sd_journal_close(ij->j);
		ij->j = NULL;
	}
}

/* Add "FIELD=value" matches; values of one field are ORed by sd-journal. */
static int
journal_match(sd_journal *j, const char *field, char **v, size_t n)
{
	char	*m;
	size_t	 i;
	int	 r;

	for (i = 0; i < n; i++) {
		xasprintf(&m, "%s=%s", field, v[i]);
		r = sd_journal_add_match(j, m, 0);
		free(m);
		if (r < 0)
			return r;
	}
	return 0;
}

/*
 * Open the journal, set the matches, position it and put its fd on the
 * loop.  Identifiers and units are ORed: an entry from any of the
 * identifiers or from any of the units is delivered.
 */
static int
journal_open(struct ijournal *ij)
{
	struct stat	 sb;
	int		 r, fd;

	if (ij->dir != NULL) {
		/* The directory as it is now: journal_check_dir compares. */
		if (stat(ij->dir, &sb) == -1)
			return -errno;
		ij->dir_dev = sb.st_dev;
		ij->dir_ino = sb.st_ino;
		r = sd_journal_open_directory(&ij->j, ij->dir, 0);
	} else
		r = sd_journal_open(&ij->j, SD_JOURNAL_LOCAL_ONLY);
	if (r < 0) {
		ij->j = NULL;
		return r;
	}
	if ((r = journal_match(ij->j, "SYSLOG_IDENTIFIER", ij->idents, ij->n_idents)) < 0)
		goto fail;
	if (ij->n_idents > 0 && ij->n_units > 0 &&
	    (r = sd_journal_add_disjunction(ij->j)) < 0)
		goto fail;
	if ((r = journal_match(ij->j, "_SYSTEMD_UNIT", ij->units, ij->n_units)) < 0)
		goto fail;
	if (ij->cursor != NULL)
		r = journal_seek_cursor(ij);
	else if (ij->in->opt.from_beginning)
		r = sd_journal_seek_head(ij->j);
	else {
		/* At the last entry, so that the next one read is the first new one. */
		r = sd_journal_seek_tail(ij->j);
		if (r >= 0)
			r = sd_journal_previous(ij->j);
	}
	if (r < 0)
		goto fail;
	if ((fd = sd_journal_get_fd(ij->j)) < 0) {
		r = fd;
		goto fail;
	}
	ij->ev = event_new(ij->in->base, fd, EV_PERSIST |
	    ((sd_journal_get_events(ij->j) & POLLOUT) ? EV_WRITE : EV_READ), journal_cb, ij);
	ij->at_start = false;
	return 0;
fail:
	sd_journal_close(ij->j);
	ij->j = NULL;
	return r;
}

/*
 * Position the journal so that the next sd_journal_next() returns the
 * first entry after the saved cursor: seek, step once, test.
 */
static int
journal_seek_cursor(struct ijournal *ij)
{
	int	 r;

	if ((r = sd_journal_seek_cursor(ij->j, ij->cursor)) < 0)
		return r;
	if ((r = sd_journal_next(ij->j)) < 0)
		return r;
	if (r == 0)
		return 0;	/* nothing at or after it: at the end */
	if (sd_journal_test_cursor(ij->j, ij->cursor) > 0)
		return 0;	/* on the delivered entry: go on after it */
	/* The entry is gone: this one is the first new one; step back before it. */
	log_warnx("input %s: the saved journal entry is gone (vacuumed?); "
	    "continuing with the next one", ij->in->name);
	r = sd_journal_previous(ij->j);
	if (r == 0)
		r = sd_journal_seek_head(ij->j);
	return r < 0 ? r : 0;
}

/* Wait for the journal's fd, honouring the timeout sd-journal asks for. */
static void
journal_arm(struct ijournal *ij)
{
	struct timeval	 tv;
	struct timespec	 now;
	uint64_t	 t, nowus;

	if (sd_journal_get_timeout(ij->j, &t) >= 0 && t != (uint64_t)-1) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		nowus = (uint64_t)now.tv_sec * 1000000 + now.tv_nsec / 1000;
		t = t > nowus ? t - nowus : 0;
		/* Never spin faster than libevent's resolution, never wake more than 1/s idle. */
		if (t < 1000000)
			t = 1000000;
		tv.tv_sec = t / 1000000;
		tv.tv_usec = t % 1000000;
		event_add(ij->ev, &tv);
	} else
		event_add(ij->ev, NULL);
}

/* Report a failure, close the journal and schedule a reopen with back-off. */
static void
journal_fail(struct ijournal *ij, const char *what, int r)
{
	journal_stall(ij, "journal %s: %s", what, strerror(-r));
}

/* journal_fail with the reason given as a format. */
static void
journal_stall(struct ijournal *ij, const char *fmt, ...)
{
	struct timeval	 tv;
	char		 reason[sizeof ij->in->st.reason];
	va_list		 ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof reason, fmt, ap);
	va_end(ap);
	ij->in->st.errors++;
	input_set_health(ij->in, INPUT_STALLED, "%s", reason);
	journal_close(ij);
	ij->backoff = ij->backoff == 0 ? 1 : ij->backoff * 2;
	if (ij->backoff > JOURNAL_BACKOFF_MAX)
		ij->backoff = JOURNAL_BACKOFF_MAX;
	tv.tv_sec = ij->backoff;
	tv.tv_usec = 0;
	evtimer_add(ij->retry, &tv);
}

/* Copy one field's value ("FIELD=value" without "FIELD="); false when absent. */
static bool
journal_field(sd_journal *j, const char *name, struct jfield *f)
{
	const void	*d;
	size_t		 l, nl = strlen(name) + 1;

	free(f->p);
	f->p = NULL;
	f->len = 0;
	if (sd_journal_get_data(j, name, &d, &l) < 0 || l < nl)
		return false;
	l -= nl;
	if (l > IW_LINE_MAX)
		l = IW_LINE_MAX;
	f->p = xmalloc(l + 1);
	memcpy(f->p, (const char *)d + nl, l);
	f->p[l] = '\0';
	f->len = l;
	return true;
}

/* Read and deliver the new entries, at most a batch per wake-up. */
static void
journal_read(struct ijournal *ij)
{
	struct input			*in = ij->in;
	struct parse_journal_fields	 jf;
	struct input_line		 l;
	const void			*d;
	size_t				 dl;
	uint64_t			 ts;
	char				*cur, *end;
	int				 r, n;

	for (n = 0; n < JOURNAL_BATCH; n++) {
		if ((r = sd_journal_next(ij->j)) < 0) {
			journal_fail(ij, "read", r);
			return;
		}
		if (r == 0)
			break;
		memset(&jf, 0, sizeof jf);
		memset(&l, 0, sizeof l);
		if (journal_field(ij->j, "MESSAGE", &ij->msg)) {
			jf.message = ij->msg.p;
			jf.message_len = ij->msg.len;
			/* Cut at IW_LINE_MAX by journal_field: tell whether it was. */
			if (sd_journal_get_data(ij->j, "MESSAGE", &d, &dl) >= 0 &&
			    dl - strlen("MESSAGE=") > IW_LINE_MAX)
				l.cut = true;
		}
		if (journal_field(ij->j, "SYSLOG_IDENTIFIER", &ij->ident)) {
			jf.identifier = ij->ident.p;
			jf.identifier_len = ij->ident.len;
		}
		if (journal_field(ij->j, "_PID", &ij->pid))
			jf.pid = strtoul(ij->pid.p, NULL, 10);
		if (journal_field(ij->j, "IKE_SA_NAME", &ij->isname)) {
			jf.ike_sa_name = ij->isname.p;
			jf.ike_sa_name_len = ij->isname.len;
		}
		if (journal_field(ij->j, "IKE_SA_UNIQUE_ID", &ij->isuid)) {
			jf.ike_sa_uid = ij->isuid.p;
			jf.ike_sa_uid_len = ij->isuid.len;
		}
		if (journal_field(ij->j, "GROUP", &ij->group)) {
			jf.group = ij->group.p;
			jf.group_len = ij->group.len;
		}
		if (journal_field(ij->j, "LEVEL", &ij->level)) {
			jf.level = ij->level.p;
			jf.level_len = ij->level.len;
		}
		ts = 0;
		if (sd_journal_get_data(ij->j, "_SOURCE_REALTIME_TIMESTAMP", &d, &dl) >= 0 &&
		    dl > strlen("_SOURCE_REALTIME_TIMESTAMP=")) {
			char	 buf[32];
			size_t	 k = dl - strlen("_SOURCE_REALTIME_TIMESTAMP=");

			if (k < sizeof buf) {
				memcpy(buf, (const char *)d + strlen("_SOURCE_REALTIME_TIMESTAMP="), k);
				buf[k] = '\0';
				ts = strtoull(buf, &end, 10);
				if (*end != '\0')
					ts = 0;
			}
		}
		if (ts == 0 && sd_journal_get_realtime_usec(ij->j, &ts) < 0)
			ts = 0;
		jf.ts_us = ts;
		if ((r = sd_journal_get_cursor(ij->j, &cur)) < 0) {
			journal_fail(ij, "cursor", r);
			return;
		}
		free(ij->cursor);
		ij->cursor = cur;
		in->st.pos_gen++;
		l.line = jf.message ? jf.message : "";
		l.len = jf.message_len;
		l.ts_us = ts;
		l.jf = &jf;
		in->st.bytes += l.len;
		input_deliver(in, &l);
	}
	ij->backoff = 0;
	if (!ij->unreadable)
		input_set_health(in, INPUT_OK, NULL);
	if (n == JOURNAL_BATCH)
		event_active(ij->more, 0, 0);
	else
		journal_arm(ij);
}

/* The journal's fd is ready or its timeout passed. */
static void
journal_cb(evutil_socket_t fd, short what, void *arg)
{
	struct ijournal	*ij = arg;
	int		 r;

	r = sd_journal_process(ij->j);
	if (r < 0) {
		journal_fail(ij, "process", r);
		return;
	}
	if (r == SD_JOURNAL_INVALIDATE) {
		/* Files were added or removed: make sure we still stand after our cursor. */
		log_debug("input %s: journal files changed", ij->in->name);
		if (ij->dir != NULL && journal_check_dir(ij) == -1)
			return;		/* closed, or reopened and read */
		if (ij->cursor != NULL && sd_journal_test_cursor(ij->j, ij->cursor) <= 0 &&
		    (r = journal_seek_cursor(ij)) < 0) {
			journal_fail(ij, "seek", r);
			return;
		}
	}
	journal_read(ij);
}

/* Continue reading after a full batch. */
static void
journal_more_cb(evutil_socket_t fd, short what, void *arg)
{
	struct ijournal	*ij = arg;

	if (ij->j != NULL)
		journal_read(ij);
}

/* Try to open the journal again after an error. */
static void
journal_retry_cb(evutil_socket_t fd, short what, void *arg)
{
	struct ijournal	*ij = arg;
	int		 r;

	if ((r = journal_open(ij)) < 0) {
		journal_fail(ij, ij->dir ? ij->dir : "sd_journal_open", r);
		return;
	}
	log_info("input %s: journal reopened", ij->in->name);
	if (ij->dir != NULL && journal_check_dir(ij) == -1)
		return;
	journal_read(ij);
}

/*
 * Check a journal directory for what sd-journal does not report (see the
 * top of the file).  Returns -1 when it closed the journal (STALLED, a
 * reopen is scheduled) or reopened and read it; 0 when reading goes on.
 */
static int
journal_check_dir(struct ijournal *ij)
{
	struct stat	 sb;
	struct dirent	*de;
	DIR		*d;
	char		*p, bad[512];
	size_t		 l, nbad = 0;
	int		 fd, r, err = 0;

	if (stat(ij->dir, &sb) == -1) {
		journal_fail(ij, ij->dir, -errno);
		return -1;
	}
	if (sb.st_dev != ij->dir_dev || sb.st_ino != ij->dir_ino) {
		journal_stall(ij, "journal %s: the directory was replaced; "
		    "reopening", ij->dir);
		return -1;
	}
	if ((d = opendir(ij->dir)) == NULL) {
		journal_fail(ij, ij->dir, -errno);
		return -1;
	}
	bad[0] = '\0';
	while ((de = readdir(d)) != NULL) {
		l = strlen(de->d_name);
		if (!(l > 8 && strcmp(de->d_name + l - 8, ".journal") == 0) &&
		    !(l > 9 && strcmp(de->d_name + l - 9, ".journal~") == 0))
			continue;
		xasprintf(&p, "%s/%s", ij->dir, de->d_name);
		if ((fd = open(p, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) != -1)
			close(fd);
		else if (errno == EACCES || errno == EPERM) {
			if (nbad++ == 0) {
				snprintf(bad, sizeof bad, "%s", p);
				err = errno;
			}
		}
		free(p);
	}
	closedir(d);
	if (nbad > 0) {
		/* Go on with the readable files; say which one is skipped. */
		if (!ij->unreadable)
			ij->in->st.errors++;
		ij->unreadable = true;
		input_set_health(ij->in, INPUT_STALLED, "journal file %s: %s%s",
		    bad, strerror(err), nbad > 1 ? " (and others)" : "");
		return 0;
	}
	if (!ij->unreadable)
		return 0;
	/* Readable again: sd-journal skipped it, so open the journal anew. */
	ij->unreadable = false;
	log_info("input %s: every journal file is readable again", ij->in->name);
	journal_close(ij);
	if ((r = journal_open(ij)) < 0) {
		journal_fail(ij, ij->dir, r);
		return -1;
	}
	journal_read(ij);
	return -1;
}

/* The periodic check of a journal directory (while the journal is open). */
static void
journal_check_cb(evutil_socket_t fd, short what, void *arg)
{
	struct ijournal	*ij = arg;

	if (ij->j != NULL && journal_check_dir(ij) == 0 && !ij->unreadable)
		input_set_health(ij->in, INPUT_OK, NULL);
}

/* Reopen the journal and continue from the cursor (tests, SIGHUP). */
static void
journal_rescan(struct input *in)
{
	struct ijournal	*ij = in->impl;
	int		 r;

	if (ij->j == NULL)
		return;		/* a reopen is already scheduled */
	journal_close(ij);
	if ((r = journal_open(ij)) < 0) {
		journal_fail(ij, ij->dir ? ij->dir : "sd_journal_open", r);
		return;
	}
	journal_read(ij);
}

/* The journal position: the cursor of the last delivered entry. */
static void
journal_positions(struct input *in, struct input_positions *out)
{
	struct ijournal	*ij = in->impl;

	if (ij->cursor == NULL)
		return;
	out->v = xcalloc(1, sizeof *out->v);
	out->v[0].cursor = xstrdup(ij->cursor);
	out->n = 1;
}

#else /* !HAVE_LIBSYSTEMD */

/* Without libsystemd there is no journal input. */
struct input *
input_journal_new(struct event_base *base, const char *name,
    const struct input_journal_config *jc, const struct input_positions *saved,
    const struct input_options *opt, input_line_fn cb, void *arg, struct causes *causes)
{
	causes_add(causes, "input %s: journal input not available: ipsecwatch was "
	    "built without libsystemd (configure --with-systemd)", name);
	return NULL;
}

#endif /* HAVE_LIBSYSTEMD */
