/*
 * input-file.c - follow a log file (or the files matching a glob) with
 * inotify on the files and their directory, and a slow stat as fallback.
 *
 * Reading is driven by positions, never by the events themselves: every
 * inotify event, the periodic stat and an overflow all run the same check,
 * which reads every open file from its offset to its end and then compares
 * each path with the file open under it.  So a lost or coalesced event can
 * delay a line by at most the poll interval, but never lose or repeat it.
 * See input.h for what is guaranteed in each rotation case.
 */
#include "config.h"

#include <sys/inotify.h>
#include <sys/queue.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <glob.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include "causes.h"
#include "input-private.h"
#include "log.h"
#include "xmalloc.h"

#ifndef TAILQ_FOREACH_SAFE
#define TAILQ_FOREACH_SAFE(var, head, field, tvar)			\
	for ((var) = TAILQ_FIRST(head);					\
	    (var) != NULL && ((tvar) = TAILQ_NEXT(var, field), 1);	\
	    (var) = (tvar))
#endif

#define RBUF_SIZE	65536
#define READ_BUDGET	(4 * 1024 * 1024)	/* bytes per check before yielding to the loop */
#define FILE_EVENTS	(IN_MODIFY | IN_ATTRIB | IN_MOVE_SELF | IN_DELETE_SELF)
#define DIR_EVENTS	(IN_CREATE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_ATTRIB | \
			    IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)

/* One open (or wanted) file. */
struct ifile {
	TAILQ_ENTRY(ifile)	 entry;
	char			*path;		/* path it is followed under */
	char			*rpath;		/* path it is read from (a sibling when rotated) */
	int			 fd;		/* -1 when it cannot be opened (err says why) */
	int			 wd;
	uint64_t		 dev, ino;
	uint64_t		 fp;
	uint32_t		 fp_len;
	uint64_t		 offset;	/* start of the first undelivered line */
	uint64_t		 rdoff;		/* bytes read so far */
	int64_t			 mtime_us;
	struct input_linebuf	 lb;
	bool			 draining;	/* rotated away: read until quiet for rotate_wait */
	time_t			 last_growth;	/* monotonic seconds */
	char			 err[256];
	bool			 mark;
};
TAILQ_HEAD(ifiles, ifile);

struct ifin {
	struct input		*in;
	char			*pattern;
	char			*dir;
	char			*base;		/* last component, may hold wildcards */
	bool			 glob;
	bool			 started;	/* initial files opened */
	bool			 have_saved;
	int			 ifd;
	int			 dwd;
	struct event		*iev;
	struct event		*tick;
	struct event		*more;
	struct ifiles		 files;
	char			*rbuf;
	char			 dir_err[256];
};

static void	 file_free(struct input *);
static void	 file_positions(struct input *, struct input_positions *);
static void	 file_rescan(struct input *);
static void	 file_check(struct ifin *);
static void	 file_inotify_cb(evutil_socket_t, short, void *);
static void	 file_tick_cb(evutil_socket_t, short, void *);
static void	 file_more_cb(evutil_socket_t, short, void *);
static void	 file_watch_dir(struct ifin *);
static void	 file_restore(struct ifin *, const struct input_position *);
static void	 file_health(struct ifin *);
static struct ifile *ifile_new(struct ifin *, const char *path, const char *rpath);
static int	 ifile_open(struct ifin *, struct ifile *);
static void	 ifile_close(struct ifin *, struct ifile *);
static int	 ifile_read(struct ifin *, struct ifile *, size_t *);
static void	 ifile_replaced(struct ifin *, struct ifile *);
static int	 ifile_head(struct ifile *, bool *);
static void	 ifile_seek_end(struct ifile *, uint64_t size);
static bool	 ifile_is_compressed(const char *);
static char	*sibling_find(struct ifin *, const char *path, uint64_t dev, uint64_t ino,
		    uint64_t fp, uint32_t fp_len, uint64_t min_size);
static uint64_t	 fnv64(const void *, size_t);
static time_t	 mono_now(void);

static const struct input_ops file_ops = {
	.free = file_free,
	.positions = file_positions,
	.rescan = file_rescan,
};

/* FNV-1a, 64 bit: the head fingerprint (not security relevant). */
static uint64_t
fnv64(const void *p, size_t n)
{
	const unsigned char	*s = p;
	uint64_t		 h = 0xcbf29ce484222325ULL;

	while (n-- > 0) {
		h ^= *s++;
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* Monotonic clock in seconds. */
static time_t
mono_now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

/* Follow a file or glob pattern. */
struct input *
input_file_new(struct event_base *base, const char *name, const char *path,
    const struct input_positions *saved, const struct input_options *opt,
    input_line_fn cb, void *arg, struct causes *causes)
{
	struct input	*in;
	struct ifin	*fi;
	const char	*slash;
	struct timeval	 tv;
	size_t		 i;

	if (path == NULL || path[0] != '/') {
		causes_add(causes, "input %s: path \"%s\" is not absolute", name,
		    path ? path : "");
		return NULL;
	}
	slash = strrchr(path, '/');
	if (strpbrk(path, "*?[") != NULL && strpbrk(path, "*?[") < slash) {
		causes_add(causes, "input %s: wildcards are only allowed in the last "
		    "component of \"%s\"", name, path);
		return NULL;
	}
	if (slash[1] == '\0') {
		causes_add(causes, "input %s: \"%s\" names a directory, not a file", name, path);
		return NULL;
	}
	fi = xcalloc(1, sizeof *fi);
	fi->ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (fi->ifd == -1) {
		causes_add(causes, "input %s: inotify_init1: %s", name, strerror(errno));
		free(fi);
		return NULL;
	}
	in = input_alloc(base, INPUT_KIND_FILE, name, opt, cb, arg, &file_ops);
	in->impl = fi;
	fi->in = in;
	fi->pattern = xstrdup(path);
	fi->dir = slash == path ? xstrdup("/") : xstrndup(path, slash - path);
	fi->base = xstrdup(slash + 1);
	fi->glob = strpbrk(fi->base, "*?[") != NULL;
	fi->dwd = -1;
	fi->rbuf = xmalloc(RBUF_SIZE);
	TAILQ_INIT(&fi->files);
	fi->iev = event_new(base, fi->ifd, EV_READ | EV_PERSIST, file_inotify_cb, fi);
	fi->tick = event_new(base, -1, EV_PERSIST, file_tick_cb, fi);
	fi->more = event_new(base, -1, 0, file_more_cb, fi);
	event_add(fi->iev, NULL);
	tv.tv_sec = in->opt.poll_interval;
	tv.tv_usec = 0;
	event_add(fi->tick, &tv);

	/*
	 * Watch the directory before looking at the files, so that a file
	 * created in between is seen by the watch or by the look.
	 */
	file_watch_dir(fi);
	if (saved != NULL) {
		fi->have_saved = true;
		for (i = 0; i < saved->n; i++)
			if (saved->v[i].path != NULL)
				file_restore(fi, &saved->v[i]);
	}
	file_check(fi);
	fi->started = true;
	return in;
}

/* Free the file part of an input. */
static void
file_free(struct input *in)
{
	struct ifin	*fi = in->impl;
	struct ifile	*f;

	while ((f = TAILQ_FIRST(&fi->files)) != NULL) {
		TAILQ_REMOVE(&fi->files, f, entry);
		if (f->fd != -1)
			close(f->fd);
		input_linebuf_free(&f->lb);
		free(f->path);
		free(f->rpath);
		free(f);
	}
	event_free(fi->iev);
	event_free(fi->tick);
	event_free(fi->more);
	close(fi->ifd);
	free(fi->rbuf);
	free(fi->pattern);
	free(fi->dir);
	free(fi->base);
	free(fi);
}

/* Add the watch on the directory; a missing directory is retried on every tick. */
static void
file_watch_dir(struct ifin *fi)
{
	if (fi->dwd != -1)
		return;
	fi->dwd = inotify_add_watch(fi->ifd, fi->dir, DIR_EVENTS);
	if (fi->dwd == -1)
		snprintf(fi->dir_err, sizeof fi->dir_err, "cannot watch directory %s: %s",
		    fi->dir, strerror(errno));
	else
		fi->dir_err[0] = '\0';
}

/* A new file object, not yet opened, queued after the others. */
static struct ifile *
ifile_new(struct ifin *fi, const char *path, const char *rpath)
{
	struct ifile	*f;

	f = xcalloc(1, sizeof *f);
	f->path = xstrdup(path);
	f->rpath = xstrdup(rpath ? rpath : path);
	f->fd = -1;
	f->wd = -1;
	f->last_growth = mono_now();
	input_linebuf_init(&f->lb);
	TAILQ_INSERT_TAIL(&fi->files, f, entry);
	fi->in->st.pos_gen++;
	return f;
}

/* Open f->rpath and record its identity; -1 with f->err set on failure. */
static int
ifile_open(struct ifin *fi, struct ifile *f)
{
	struct stat	 sb;
	int		 fd;

	fd = open(f->rpath, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd == -1) {
		if (errno != ENOENT) {
			snprintf(f->err, sizeof f->err, "cannot open %s: %s", f->rpath,
			    strerror(errno));
			fi->in->st.errors++;
		}
		return -1;
	}
	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode)) {
		snprintf(f->err, sizeof f->err, "%s is not a regular file", f->rpath);
		close(fd);
		return -1;
	}
	f->fd = fd;
	f->err[0] = '\0';
	f->dev = sb.st_dev;
	f->ino = sb.st_ino;
	f->mtime_us = (int64_t)sb.st_mtim.tv_sec * 1000000 + sb.st_mtim.tv_nsec / 1000;
	/* Needs read permission, which we just proved; failure only delays lines to the tick. */
	f->wd = inotify_add_watch(fi->ifd, f->rpath, FILE_EVENTS);
	return 0;
}

/* Finish with a file: deliver a partial last line, stop watching, forget it. */
static void
ifile_close(struct ifin *fi, struct ifile *f)
{
	input_linebuf_flush(fi->in, &f->lb, f->rpath, f->mtime_us);
	if (f->wd != -1)
		inotify_rm_watch(fi->ifd, f->wd);
	if (f->fd != -1)
		close(f->fd);
	TAILQ_REMOVE(&fi->files, f, entry);
	input_linebuf_free(&f->lb);
	log_debug("input %s: done with %s (%s)", fi->in->name, f->rpath, f->path);
	free(f->path);
	free(f->rpath);
	free(f);
	fi->in->st.pos_gen++;
}

/*
 * Check the head fingerprint of an open file: *replaced is set when the
 * first fp_len bytes are no longer those fingerprinted.  While fewer than
 * IW_FP_LEN bytes were fingerprinted the fingerprint grows with the file.
 */
static int
ifile_head(struct ifile *f, bool *replaced)
{
	char	 hb[IW_FP_LEN];
	ssize_t	 n;

	*replaced = false;
	n = pread(f->fd, hb, sizeof hb, 0);
	if (n == -1)
		return -1;
	if ((size_t)n < f->fp_len || fnv64(hb, f->fp_len) != f->fp) {
		*replaced = true;
		return 0;
	}
	if ((size_t)n > f->fp_len) {
		f->fp_len = n;
		f->fp = fnv64(hb, n);
	}
	return 0;
}

/* Start at the end of the last complete line (start = end). */
static void
ifile_seek_end(struct ifile *f, uint64_t size)
{
	char		 buf[4096];
	uint64_t	 pos = size;
	ssize_t		 n, i;
	size_t		 want;

	/* Look back at most IW_LINE_MAX bytes for the last newline. */
	while (pos > 0 && size - pos < IW_LINE_MAX) {
		want = pos < sizeof buf ? pos : sizeof buf;
		n = pread(f->fd, buf, want, pos - want);
		if (n != (ssize_t)want)
			break;
		for (i = n - 1; i >= 0; i--)
			if (buf[i] == '\n') {
				f->offset = f->rdoff = pos - want + i + 1;
				return;
			}
		pos -= want;
	}
	f->offset = f->rdoff = pos == 0 ? 0 : size;
}

/* Whether a file name looks compressed (such siblings cannot be read). */
static bool
ifile_is_compressed(const char *name)
{
	static const char *const ext[] = { ".gz", ".bz2", ".xz", ".zst", ".lz4", ".Z",
	    ".zip", ".lzma" };
	size_t	 i, n = strlen(name), e;

	for (i = 0; i < sizeof ext / sizeof ext[0]; i++) {
		e = strlen(ext[i]);
		if (n > e && strcmp(name + n - e, ext[i]) == 0)
			return true;
	}
	return false;
}

/*
 * Find a rotated sibling of path in its directory (name starting with the
 * file's name, not compressed): with dev/ino set, the file with that
 * identity; otherwise a different file whose head fingerprint matches and
 * that is at least min_size long (a copytruncate copy), the newest if
 * several.  Files we have open are skipped.  Returns its path or NULL.
 */
static char *
sibling_find(struct ifin *fi, const char *path, uint64_t dev, uint64_t ino, uint64_t fp,
    uint32_t fp_len, uint64_t min_size)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 sb;
	struct ifile	*f;
	const char	*base;
	char		*cand, *best = NULL;
	char		 hb[IW_FP_LEN];
	struct timespec	 best_mt = { 0, 0 };
	size_t		 blen;
	int		 fd;
	bool		 open_already;

	base = strrchr(path, '/') + 1;
	blen = strlen(base);
	if ((d = opendir(fi->dir)) == NULL)
		return NULL;
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, base, blen) != 0 || de->d_name[blen] == '\0' ||
		    ifile_is_compressed(de->d_name))
			continue;
		xasprintf(&cand, "%s/%s", strcmp(fi->dir, "/") ? fi->dir : "", de->d_name);
		if (stat(cand, &sb) == -1 || !S_ISREG(sb.st_mode)) {
			free(cand);
			continue;
		}
		if (ino != 0) {
			if (sb.st_dev == dev && sb.st_ino == ino) {
				free(best);
				best = cand;
				break;
			}
			free(cand);
			continue;
		}
		open_already = false;
		TAILQ_FOREACH(f, &fi->files, entry)
			if (f->fd != -1 && f->dev == sb.st_dev && f->ino == sb.st_ino)
				open_already = true;
		if (open_already || (uint64_t)sb.st_size < min_size ||
		    (best != NULL && (sb.st_mtim.tv_sec < best_mt.tv_sec ||
		    (sb.st_mtim.tv_sec == best_mt.tv_sec &&
		    sb.st_mtim.tv_nsec < best_mt.tv_nsec)))) {
			free(cand);
			continue;
		}
		fd = open(cand, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
		if (fd == -1 || pread(fd, hb, fp_len, 0) != (ssize_t)fp_len ||
		    fnv64(hb, fp_len) != fp) {
			if (fd != -1)
				close(fd);
			free(cand);
			continue;
		}
		close(fd);
		free(best);
		best = cand;
		best_mt = sb.st_mtim;
	}
	closedir(d);
	return best;
}

/*
 * The file open as f was truncated or rewritten (copytruncate, "> file",
 * or a new file that got the old inode back).  Recover the lines not yet
 * delivered from a copy if one exists, then read the file again from 0.
 */
static void
ifile_replaced(struct ifin *fi, struct ifile *f)
{
	struct ifile	*c;
	char		*copy = NULL;
	char		 hb[IW_FP_LEN];
	ssize_t		 n;
	size_t		 budget = SIZE_MAX;

	fi->in->st.truncations++;
	if (f->offset > 0 && f->fp_len > 0)
		copy = sibling_find(fi, f->path, 0, 0, f->fp, f->fp_len, f->offset);
	if (copy != NULL) {
		log_info("input %s: %s was truncated; reading its rest from the copy %s",
		    fi->in->name, f->rpath, copy);
		c = ifile_new(fi, f->path, copy);
		TAILQ_REMOVE(&fi->files, c, entry);
		TAILQ_INSERT_BEFORE(f, c, entry);
		if (ifile_open(fi, c) == 0 && lseek(c->fd, f->offset, SEEK_SET) != -1) {
			c->fp = f->fp;
			c->fp_len = f->fp_len;
			c->offset = c->rdoff = f->offset;
			/* The buffered partial line is in the copy too: read it from there. */
			f->lb.len = 0;
			f->lb.cut = false;
			fi->in->st.recovered++;
			c->draining = true;
			ifile_read(fi, c, &budget);
		}
		ifile_close(fi, c);
		free(copy);
	} else {
		log_info("input %s: %s was truncated or rewritten; reading it from the start",
		    fi->in->name, f->rpath);
		input_linebuf_flush(fi->in, &f->lb, f->rpath, f->mtime_us);
	}
	f->offset = f->rdoff = 0;
	lseek(f->fd, 0, SEEK_SET);
	n = pread(f->fd, hb, sizeof hb, 0);
	f->fp_len = n > 0 ? n : 0;
	f->fp = fnv64(hb, f->fp_len);
	fi->in->st.pos_gen++;
}

/*
 * Read f from its offset to its end, delivering complete lines.  The head
 * is verified after each read and before its bytes are used: bytes read
 * from a file that was truncated and refilled meanwhile are never taken
 * for the continuation of the old contents.  Returns 1 when the budget
 * ran out before the end.
 */
static int
ifile_read(struct ifin *fi, struct ifile *f, size_t *budget)
{
	struct input	*in = fi->in;
	struct stat	 sb;
	ssize_t		 n;
	size_t		 want, done;
	uint64_t	 start;
	bool		 replaced;

	for (;;) {
		if (*budget == 0)
			return 1;
		if (fstat(f->fd, &sb) == -1)
			goto fail;
		f->mtime_us = (int64_t)sb.st_mtim.tv_sec * 1000000 + sb.st_mtim.tv_nsec / 1000;
		if ((uint64_t)sb.st_size < f->rdoff) {
			if (f->draining) {
				f->last_growth = 0;
				return 0;
			}
			ifile_replaced(fi, f);
			continue;
		}
		want = *budget < RBUF_SIZE ? *budget : RBUF_SIZE;
		n = read(f->fd, fi->rbuf, want);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN)
				return 0;
			goto fail;
		}
		if (ifile_head(f, &replaced) == -1)
			goto fail;
		if (replaced && f->draining) {
			/* A rotated file rewritten: no longer our log; let it be closed. */
			f->last_growth = 0;
			return 0;
		}
		if (replaced) {
			ifile_replaced(fi, f);
			continue;
		}
		if (n == 0)
			return 0;
		start = f->rdoff;
		f->rdoff += n;
		in->st.bytes += n;
		*budget -= n;
		f->last_growth = mono_now();
		done = input_linebuf_feed(in, &f->lb, fi->rbuf, n, f->rpath, f->mtime_us);
		if (done > 0) {
			f->offset = start + done;
			in->st.pos_gen++;
		}
	}
fail:
	snprintf(f->err, sizeof f->err, "cannot read %s: %s", f->rpath, strerror(errno));
	in->st.errors++;
	return 0;
}

/*
 * Take over a saved position at startup.  The file may still be at its
 * path (resume at the offset, unless it was truncated meanwhile), or have
 * been rotated while we were down (finish it from the offset first), or be
 * gone (warn: what was written to it after the save is lost).
 */
static void
file_restore(struct ifin *fi, const struct input_position *p)
{
	struct ifile	*f;
	struct stat	 sb;
	char		*rp = NULL;
	bool		 at_path, replaced;

	at_path = stat(p->path, &sb) == 0 && sb.st_dev == p->dev && sb.st_ino == p->ino;
	if (!at_path && (rp = sibling_find(fi, p->path, p->dev, p->ino, 0, 0, 0)) == NULL) {
		log_warnx("input %s: %s (inode %llu) was rotated away and is gone; "
		    "lines written to it after offset %llu were not read", fi->in->name,
		    p->path, (unsigned long long)p->ino, (unsigned long long)p->offset);
		return;
	}
	f = ifile_new(fi, p->path, rp);
	free(rp);
	f->fp = p->fp;
	f->fp_len = p->fp_len > IW_FP_LEN ? IW_FP_LEN : p->fp_len;
	f->offset = f->rdoff = p->offset;
	f->draining = !at_path;
	if (ifile_open(fi, f) == -1) {
		/* Keep it: the error is reported and the open retried. */
		f->dev = p->dev;
		f->ino = p->ino;
		return;
	}
	if (ifile_head(f, &replaced) == 0 && (replaced ||
	    fstat(f->fd, &sb) == -1 || (uint64_t)sb.st_size < p->offset)) {
		if (!at_path) {
			/* Same inode number, other contents: not our file. */
			log_warnx("input %s: %s (inode %llu) was rotated away and is gone; "
			    "lines written to it after offset %llu were not read",
			    fi->in->name, p->path, (unsigned long long)p->ino,
			    (unsigned long long)p->offset);
			f->lb.len = 0;
			ifile_close(fi, f);
			return;
		}
		log_info("input %s: %s changed while we were down", fi->in->name, f->rpath);
		ifile_replaced(fi, f);
	} else if (lseek(f->fd, f->offset, SEEK_SET) == -1)
		ifile_replaced(fi, f);
	else if (!at_path) {
		log_info("input %s: finishing %s (rotated while we were down) from offset %llu",
		    fi->in->name, f->rpath, (unsigned long long)f->offset);
		/* Quiet for rotate_wait already: close it once read. */
		if (fstat(f->fd, &sb) == 0 && time(NULL) - sb.st_mtim.tv_sec >= fi->in->opt.rotate_wait)
			f->last_growth = 0;
	}
}

/* Open the file now at path, as the current file for it. */
static void
file_open_current(struct ifin *fi, const char *path)
{
	struct ifile	*f;
	char		 hb[IW_FP_LEN];
	struct stat	 sb;
	ssize_t		 n;

	f = ifile_new(fi, path, NULL);
	if (ifile_open(fi, f) == -1) {
		if (f->err[0] == '\0')
			ifile_close(fi, f);	/* vanished again */
		return;
	}
	n = pread(f->fd, hb, sizeof hb, 0);
	f->fp_len = n > 0 ? n : 0;
	f->fp = fnv64(hb, f->fp_len);
	/* The start option applies only to files there at the first start. */
	if (!fi->started && !fi->have_saved && !fi->in->opt.from_beginning &&
	    fstat(f->fd, &sb) == 0) {
		ifile_seek_end(f, sb.st_size);
		lseek(f->fd, f->offset, SEEK_SET);
	}
	log_debug("input %s: following %s from offset %llu", fi->in->name, path,
	    (unsigned long long)f->offset);
}

/*
 * The one check: read every open file to its end (rotated ones first),
 * then look at every path and switch to a new file where one appeared.
 */
static void
file_check(struct ifin *fi)
{
	struct ifile	*f, *nf, *cur;
	struct stat	 sb;
	glob_t		 g;
	size_t		 budget = READ_BUDGET, i;
	time_t		 now = mono_now();
	char		**paths = NULL;
	size_t		 npaths = 0;
	int		 r;

	file_watch_dir(fi);
	/* Files we could not open: try again. */
	TAILQ_FOREACH(f, &fi->files, entry)
		if (f->fd == -1 && ifile_open(fi, f) == 0)
			lseek(f->fd, f->rdoff, SEEK_SET);
	/* Rotated files first: their lines are older. */
	TAILQ_FOREACH(f, &fi->files, entry)
		if (f->draining && f->fd != -1 && ifile_read(fi, f, &budget))
			goto more;
	TAILQ_FOREACH(f, &fi->files, entry)
		if (!f->draining && f->fd != -1 && ifile_read(fi, f, &budget))
			goto more;

	/* Which paths should be followed now. */
	if (fi->glob) {
		memset(&g, 0, sizeof g);
		r = glob(fi->pattern, GLOB_NOSORT, NULL, &g);
		if (r == 0) {
			paths = xcalloc(g.gl_pathc, sizeof *paths);
			for (i = 0; i < g.gl_pathc; i++)
				if (!ifile_is_compressed(g.gl_pathv[i]))
					paths[npaths++] = xstrdup(g.gl_pathv[i]);
		}
		globfree(&g);
	} else {
		paths = xcalloc(1, sizeof *paths);
		paths[npaths++] = xstrdup(fi->pattern);
	}

	/* A path now naming another file, or nothing: its file was rotated. */
	TAILQ_FOREACH(f, &fi->files, entry) {
		if (f->draining || f->fd == -1)
			continue;
		if (stat(f->path, &sb) == 0 && sb.st_dev == f->dev && sb.st_ino == f->ino)
			continue;
		if (stat(f->path, &sb) == -1 && errno != ENOENT)
			continue;	/* cannot tell (EACCES on the dir): keep reading */
		log_debug("input %s: %s was rotated", fi->in->name, f->path);
		f->draining = true;
		f->last_growth = now;
		fi->in->st.rotations++;
		fi->in->st.pos_gen++;
	}
	/* Paths without a current file: open what is there now. */
	for (i = 0; i < npaths; i++) {
		cur = NULL;
		TAILQ_FOREACH(f, &fi->files, entry)
			if (!f->draining && strcmp(f->path, paths[i]) == 0)
				cur = f;
		if (cur == NULL)
			file_open_current(fi, paths[i]);
	}
	/* Unopenable entries whose path went away, and quiet rotated files. */
	TAILQ_FOREACH_SAFE(f, &fi->files, entry, nf) {
		if (f->fd == -1 && stat(f->rpath, &sb) == -1 && errno == ENOENT)
			ifile_close(fi, f);
		else if (f->draining && f->fd != -1 &&
		    now - f->last_growth >= fi->in->opt.rotate_wait)
			ifile_close(fi, f);
	}
	/* Read what the new files hold. */
	budget = READ_BUDGET;
	TAILQ_FOREACH(f, &fi->files, entry)
		if (f->fd != -1 && ifile_read(fi, f, &budget))
			goto more;
	goto out;
more:
	event_active(fi->more, 0, 0);
out:
	for (i = 0; i < npaths; i++)
		free(paths[i]);
	free(paths);
	file_health(fi);
}

/* Derive health and the "current file" statistics from the file list. */
static void
file_health(struct ifin *fi)
{
	struct input	*in = fi->in;
	struct ifile	*f, *cur = NULL, *bad = NULL;

	TAILQ_FOREACH(f, &fi->files, entry) {
		if (f->err[0] != '\0' && bad == NULL)
			bad = f;
		if (f->fd != -1 && (cur == NULL || (cur->draining && !f->draining)))
			cur = f;
	}
	if (cur != NULL) {
		snprintf(in->st.current, sizeof in->st.current, "%s", cur->rpath);
		in->st.offset = cur->offset;
	} else {
		in->st.current[0] = '\0';
		in->st.offset = 0;
	}
	if (fi->dir_err[0] != '\0')
		input_set_health(in, INPUT_STALLED, "%s", fi->dir_err);
	else if (bad != NULL)
		input_set_health(in, INPUT_STALLED, "%s", bad->err);
	else if (cur == NULL)
		input_set_health(in, INPUT_WAITING, fi->glob ? "no file matches %s" :
		    "%s does not exist", fi->pattern);
	else
		input_set_health(in, INPUT_OK, NULL);
}

/* Whether a directory event about name concerns this input. */
static bool
file_relevant(struct ifin *fi, const char *name)
{
	struct ifile	*f;
	const char	*b;

	if (fi->glob ? fnmatch(fi->base, name, FNM_PERIOD) == 0 : strcmp(fi->base, name) == 0)
		return true;
	TAILQ_FOREACH(f, &fi->files, entry) {
		b = strrchr(f->rpath, '/') + 1;
		if (strcmp(b, name) == 0)
			return true;
	}
	return false;
}

/* inotify says something happened: drain its queue, then check. */
static void
file_inotify_cb(evutil_socket_t fd, short what, void *arg)
{
	struct ifin			*fi = arg;
	char				 buf[8192]
					    __attribute__((aligned(__alignof__(struct inotify_event))));
	const struct inotify_event	*ev;
	ssize_t				 n;
	char				*p;
	bool				 check = false;

	for (;;) {
		n = read(fd, buf, sizeof buf);
		if (n <= 0)
			break;
		for (p = buf; p < buf + n; p += sizeof *ev + ev->len) {
			ev = (const struct inotify_event *)p;
			if (ev->mask & IN_Q_OVERFLOW) {
				fi->in->st.overflows++;
				log_warnx("input %s: inotify queue overflow; rescanning",
				    fi->in->name);
				check = true;
			} else if (ev->wd == fi->dwd && fi->dwd != -1) {
				if (ev->mask & (IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF)) {
					inotify_rm_watch(fi->ifd, fi->dwd);
					fi->dwd = -1;
					check = true;
				} else if (ev->len > 0 && file_relevant(fi, ev->name))
					check = true;
			} else
				check = true;
		}
	}
	if (check)
		file_check(fi);
}

/* The slow fallback: check even though inotify said nothing. */
static void
file_tick_cb(evutil_socket_t fd, short what, void *arg)
{
	file_check(arg);
}

/* Continue a check that stopped at its read budget. */
static void
file_more_cb(evutil_socket_t fd, short what, void *arg)
{
	file_check(arg);
}

/* Check everything now (an overflow, or a test's request). */
static void
file_rescan(struct input *in)
{
	file_check(in->impl);
}

/* Positions: rotated files first, in reading order. */
static void
file_positions(struct input *in, struct input_positions *out)
{
	struct ifin	*fi = in->impl;
	struct ifile	*f;
	struct stat	 sb;
	size_t		 n = 0;
	int		 pass;

	TAILQ_FOREACH(f, &fi->files, entry)
		n++;
	out->v = n ? xcalloc(n, sizeof *out->v) : NULL;
	for (pass = 0; pass < 2; pass++)
		TAILQ_FOREACH(f, &fi->files, entry) {
			if (f->draining != (pass == 0) || f->ino == 0)
				continue;
			/* A deleted file read to its end: nothing to find after a restart. */
			if (f->draining && f->fd != -1 && fstat(f->fd, &sb) == 0 &&
			    sb.st_nlink == 0 && (uint64_t)sb.st_size == f->offset)
				continue;
			out->v[out->n].path = xstrdup(f->path);
			out->v[out->n].dev = f->dev;
			out->v[out->n].ino = f->ino;
			out->v[out->n].fp = f->fp;
			out->v[out->n].fp_len = f->fp_len;
			out->v[out->n].offset = f->offset;
			out->n++;
		}
}
