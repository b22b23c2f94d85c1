/*
 * spool.c - the durable per-receiver delivery queues (see spool.h).
 *
 * Each receiver is a small state machine: IDLE (nothing to do or waiting
 * for the next kick), SENDING (one entry handed to the plugin), BACKOFF
 * (the head entry failed; a timer retries it).  Every transition goes
 * through a 0-second or back-off timer, never a direct call, so a plugin
 * that completes inside send() and an enqueue from inside an alert
 * callback cannot recurse into delivery.
 */
#include "config.h"

#include <sys/queue.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>
#include <event2/event_struct.h>

#include "causes.h"
#include "log.h"
#include "notif.h"
#include "plugin.h"
#include "spool.h"
#include "xmalloc.h"

enum spool_state {
	SPOOL_IDLE = 0,
	SPOOL_SENDING,
	SPOOL_BACKOFF,
};

struct spool_entry {
	char			*file;		/* base name */
	size_t			 size;
	TAILQ_ENTRY(spool_entry) entry;
};
TAILQ_HEAD(spool_entries, spool_entry);

struct spool_rcv;

/* One attempt in flight; outlives its receiver if the receiver goes away. */
struct spool_attempt {
	struct spool_rcv	*r;		/* NULL once orphaned */
	struct spool_entry	*e;
	/* Orphaned by spool_remove_receiver (reload): */
	struct spool		*sp;
	char			*name;		/* receiver name */
	char			*dir;
	/* Orphaned, or its receiver got a new instance (reload): */
	struct plugin		*plugin;	/* released when done */
	void			(*release)(struct plugin *);
	TAILQ_ENTRY(spool_attempt) entry;
};

struct spool_rcv {
	struct spool		*sp;
	char			*name;		/* receiver name */
	char			*dir;		/* its directory */
	struct plugin		*plugin;
	struct spool_entries	 queue;		/* oldest first */
	enum spool_state	 state;
	struct spool_attempt	*inflight;
	struct event		 timer;		/* kick or back-off */
	struct timespec		 due;		/* when the timer fires (monotonic) */
	struct spool_stats	 st;
	TAILQ_ENTRY(spool_rcv)	 entry;
};

struct spool {
	char			*dir;
	struct event_base	*base;
	struct spool_params	 p;
	unsigned		 seq;
	TAILQ_HEAD(, spool_rcv)	 rcvs;
	TAILQ_HEAD(, spool_attempt) orphans;	/* in flight for detached receivers */
};

static struct spool_rcv	*spool_find(const struct spool *, const char *);
static void	 spool_load(struct spool_rcv *);
static void	 spool_kick(struct spool_rcv *, int64_t);
static void	 spool_timer_cb(evutil_socket_t, short, void *);
static void	 spool_attempt(struct spool_rcv *);
static void	 spool_done(void *, int, long, const char *);
static void	 spool_remove(struct spool_rcv *, struct spool_entry *);
static void	 spool_enter_state(struct spool_rcv *, enum spool_state);
static int	 spool_write(const char *, const char *, const char *, size_t);
static void	 spool_fsync_dir(const char *);
static char	*spool_dirname(const char *);
static int	 spool_cmp(const void *, const void *);
static void	 spool_rcv_free(struct spool_rcv *);
static bool	 spool_orphan_busy(const struct spool *, const char *, const char *);
static void	 spool_orphan_done(struct spool_attempt *, int);
static size_t	 spool_count_dir(const char *);

static const char *spool_state_names[] = { "idle", "sending", "backoff" };

/* Fill unset parameters with defaults. */
void
spool_params_default(struct spool_params *p)
{
	if (p->max_entries == 0)
		p->max_entries = 1000;
	if (p->max_bytes == 0)
		p->max_bytes = 16 * 1024 * 1024;
	if (p->backoff_min_ms <= 0)
		p->backoff_min_ms = 10 * 1000;
	if (p->backoff_max_ms < p->backoff_min_ms)
		p->backoff_max_ms = p->backoff_min_ms > 600000 ?
		    p->backoff_min_ms : 600000;
}

/* Open the spool directory, creating it (mode 0700) if needed. */
struct spool *
spool_open(const char *dir, struct event_base *base, const struct spool_params *p,
    struct causes *causes)
{
	struct spool	*sp;

	if (mkdir(dir, 0700) == -1 && errno != EEXIST) {
		causes_add(causes, "%s: %s", dir, strerror(errno));
		return (NULL);
	}
	if (access(dir, W_OK | X_OK) == -1) {
		causes_add(causes, "%s: %s", dir, strerror(errno));
		return (NULL);
	}
	sp = xcalloc(1, sizeof *sp);
	sp->dir = xstrdup(dir);
	sp->base = base;
	if (p != NULL)
		sp->p = *p;
	spool_params_default(&sp->p);
	TAILQ_INIT(&sp->rcvs);
	TAILQ_INIT(&sp->orphans);
	srandom((unsigned)time(NULL) ^ (unsigned)getpid());
	return (sp);
}

/* A receiver name as a directory name: unsafe bytes become '_'. */
static char *
spool_dirname(const char *name)
{
	char	*s, *p;

	s = xstrdup(*name != '\0' && *name != '.' ? name : "_");
	for (p = s; *p != '\0'; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.'))
			*p = '_';
	}
	return (s);
}

/* Find a receiver by name. */
static struct spool_rcv *
spool_find(const struct spool *sp, const char *name)
{
	struct spool_rcv	*r;

	TAILQ_FOREACH(r, &sp->rcvs, entry) {
		if (strcmp(r->name, name) == 0)
			return (r);
	}
	return (NULL);
}

/* Attach a receiver and load what it still has to deliver. */
int
spool_add_receiver(struct spool *sp, struct plugin *plugin, struct causes *causes)
{
	struct spool_rcv	*r;
	const char		*name = plugin_receiver_name(plugin);
	char			*d;

	if (spool_find(sp, name) != NULL) {
		causes_add(causes, "receiver %s: defined twice", name);
		return (-1);
	}
	d = spool_dirname(name);
	r = xcalloc(1, sizeof *r);
	r->sp = sp;
	r->name = xstrdup(name);
	xasprintf(&r->dir, "%s/%s", sp->dir, d);
	free(d);
	if (mkdir(r->dir, 0700) == -1 && errno != EEXIST) {
		causes_add(causes, "%s: %s", r->dir, strerror(errno));
		free(r->name);
		free(r->dir);
		free(r);
		return (-1);
	}
	r->plugin = plugin;
	TAILQ_INIT(&r->queue);
	evtimer_assign(&r->timer, sp->base, spool_timer_cb, r);
	r->st.next_attempt_ms = -1;
	TAILQ_INSERT_TAIL(&sp->rcvs, r, entry);
	spool_load(r);
	if (!TAILQ_EMPTY(&r->queue)) {
		log_info("receiver %s: %zu undelivered notification(s) in the spool",
		    r->name, r->st.pending);
		spool_kick(r, 0);
	}
	return (0);
}

/* Order entry names (they start with the creation time). */
static int
spool_cmp(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

/* Load the entries of a receiver's directory, oldest first. */
static void
spool_load(struct spool_rcv *r)
{
	DIR			*d;
	struct dirent		*de;
	struct stat		 st;
	struct spool_entry	*e;
	char			**names = NULL, *path;
	size_t			 n = 0, i, len;

	if ((d = opendir(r->dir)) == NULL) {
		log_warn("%s", r->dir);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (strncmp(de->d_name, ".tmp-", 5) == 0) {
			/* A write interrupted before its rename: never acknowledged
			 * as queued, so removing it loses nothing. */
			xasprintf(&path, "%s/%s", r->dir, de->d_name);
			unlink(path);
			free(path);
			continue;
		}
		if (de->d_name[0] == '.' || len < 6 ||
		    strcmp(de->d_name + len - 5, ".json") != 0)
			continue;
		if (spool_orphan_busy(r->sp, r->name, de->d_name))
			continue;	/* its old instance is sending it */
		names = xreallocarray(names, n + 1, sizeof *names);
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof *names, spool_cmp);
	for (i = 0; i < n; i++) {
		xasprintf(&path, "%s/%s", r->dir, names[i]);
		if (stat(path, &st) == -1 || !S_ISREG(st.st_mode)) {
			free(path);
			free(names[i]);
			continue;
		}
		free(path);
		e = xcalloc(1, sizeof *e);
		e->file = names[i];
		e->size = (size_t)st.st_size;
		TAILQ_INSERT_TAIL(&r->queue, e, entry);
		r->st.pending++;
		r->st.bytes += e->size;
	}
	free(names);
}

/* Write a file atomically: temp, fsync, rename, fsync the directory. */
static int
spool_write(const char *dir, const char *name, const char *data, size_t len)
{
	char	*tmp, *path;
	ssize_t	 w;
	size_t	 off = 0;
	int	 fd, rc = -1;

	xasprintf(&tmp, "%s/.tmp-%s", dir, name);
	xasprintf(&path, "%s/%s", dir, name);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) == -1) {
		log_warn("%s", tmp);
		goto out;
	}
	while (off < len) {
		if ((w = write(fd, data + off, len - off)) == -1) {
			if (errno == EINTR)
				continue;
			log_warn("%s", tmp);
			close(fd);
			unlink(tmp);
			goto out;
		}
		off += (size_t)w;
	}
	if (fsync(fd) == -1 || close(fd) == -1) {
		log_warn("%s", tmp);
		unlink(tmp);
		goto out;
	}
	if (rename(tmp, path) == -1) {
		log_warn("rename %s", tmp);
		unlink(tmp);
		goto out;
	}
	spool_fsync_dir(dir);
	rc = 0;
out:
	free(tmp);
	free(path);
	return (rc);
}

/* Make a rename or unlink durable. */
static void
spool_fsync_dir(const char *dir)
{
	int	 fd;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		log_warn("%s", dir);
		return;
	}
	if (fsync(fd) == -1)
		log_warn("fsync %s", dir);
	close(fd);
}

/* Queue a notification for its receiver. */
int
spool_enqueue(struct spool *sp, const struct ipsecwatch_notification *n)
{
	struct spool_rcv	*r;
	struct spool_entry	*e, *old;
	struct timespec		 ts;
	char			*text, name[64];
	size_t			 len;

	if ((r = spool_find(sp, n->receiver)) == NULL) {
		log_warnx("notification %s for unknown receiver %s not queued",
		    n->id, n->receiver);
		return (-1);
	}
	text = notif_to_json_string(n);
	len = strlen(text);
	/* Make room first: the newest news matters most. */
	while (r->st.pending > 0 && (r->st.pending + 1 > r->sp->p.max_entries ||
	    r->st.bytes + len > r->sp->p.max_bytes)) {
		old = TAILQ_FIRST(&r->queue);
		if (r->inflight != NULL && r->inflight->e == old)
			old = TAILQ_NEXT(old, entry);
		if (old == NULL)
			break;
		log_warnx("receiver %s: spool full (%zu entries, %zu bytes); "
		    "dropping the oldest undelivered notification %s", r->name,
		    r->st.pending, r->st.bytes, old->file);
		r->st.dropped++;
		spool_remove(r, old);
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	snprintf(name, sizeof name, "%016lld%06ld-%06u.json", (long long)ts.tv_sec,
	    ts.tv_nsec / 1000, sp->seq++ % 1000000);
	if (spool_write(r->dir, name, text, len) == -1) {
		log_warnx("receiver %s: notification %s could not be spooled",
		    r->name, n->id);
		free(text);
		return (-1);
	}
	free(text);
	e = xcalloc(1, sizeof *e);
	e->file = xstrdup(name);
	e->size = len;
	TAILQ_INSERT_TAIL(&r->queue, e, entry);
	r->st.pending++;
	r->st.bytes += len;
	r->st.queued++;
	log_debug("receiver %s: queued %s as %s", r->name, n->id, name);
	if (r->state == SPOOL_IDLE)
		spool_kick(r, 0);
	return (0);
}

/* Remove an entry from disk and queue. */
static void
spool_remove(struct spool_rcv *r, struct spool_entry *e)
{
	char	*path;

	xasprintf(&path, "%s/%s", r->dir, e->file);
	if (unlink(path) == -1 && errno != ENOENT)
		log_warn("%s", path);
	else
		spool_fsync_dir(r->dir);
	free(path);
	TAILQ_REMOVE(&r->queue, e, entry);
	r->st.pending--;
	r->st.bytes -= e->size;
	free(e->file);
	free(e);
}

/* Log and record a state change. */
static void
spool_enter_state(struct spool_rcv *r, enum spool_state s)
{
	if (r->state != s)
		log_debug("receiver %s: %s -> %s", r->name,
		    spool_state_names[r->state], spool_state_names[s]);
	r->state = s;
}

/* Arm the receiver's timer to try again after ms. */
static void
spool_kick(struct spool_rcv *r, int64_t ms)
{
	struct timeval	 tv;

	tv.tv_sec = ms / 1000;
	tv.tv_usec = (ms % 1000) * 1000;
	clock_gettime(CLOCK_MONOTONIC, &r->due);
	r->due.tv_sec += tv.tv_sec;
	r->due.tv_nsec += tv.tv_usec * 1000;
	if (r->due.tv_nsec >= 1000000000) {
		r->due.tv_sec++;
		r->due.tv_nsec -= 1000000000;
	}
	evtimer_del(&r->timer);
	evtimer_add(&r->timer, &tv);
}

/* The receiver's timer: try the head entry. */
static void
spool_timer_cb(evutil_socket_t fd, short what, void *arg)
{
	struct spool_rcv	*r = arg;

	if (r->state == SPOOL_SENDING)
		return;
	spool_attempt(r);
}

/* Hand the head entry to the plugin. */
static void
spool_attempt(struct spool_rcv *r)
{
	struct spool_entry		*e;
	struct spool_attempt		*a;
	struct ipsecwatch_notification	*n;
	struct causes			 causes;
	json_error_t			 jerr;
	json_t				*o;
	char				*path;

	for (;;) {
		if ((e = TAILQ_FIRST(&r->queue)) == NULL) {
			spool_enter_state(r, SPOOL_IDLE);
			return;
		}
		xasprintf(&path, "%s/%s", r->dir, e->file);
		o = json_load_file(path, 0, &jerr);
		causes_init(&causes);
		n = o != NULL ? notif_from_json(o, &causes) : NULL;
		json_decref(o);
		if (n != NULL) {
			free(path);
			causes_free(&causes);
			break;
		}
		/* A damaged entry can never be delivered: set it aside, keep it. */
		log_warnx("receiver %s: %s: %s; moved aside as .bad-%s", r->name, path,
		    o == NULL ? jerr.text : (causes.n > 0 ? causes.msg[0] : "invalid"),
		    e->file);
		{
			char	*bad;

			xasprintf(&bad, "%s/.bad-%s", r->dir, e->file);
			if (rename(path, bad) == -1)
				log_warn("rename %s", path);
			free(bad);
		}
		causes_free(&causes);
		free(path);
		r->st.dropped++;
		TAILQ_REMOVE(&r->queue, e, entry);
		r->st.pending--;
		r->st.bytes -= e->size;
		free(e->file);
		free(e);
	}
	a = xcalloc(1, sizeof *a);
	a->r = r;
	a->e = e;
	r->inflight = a;
	r->st.next_attempt_ms = -1;
	spool_enter_state(r, SPOOL_SENDING);
	if (plugin_send(r->plugin, n, spool_done, a) == -1) {
		/* Refused synchronously: done will not be called. */
		notif_free(n);
		spool_done(a, 0, 0, "the plugin refused the notification");
		return;
	}
	notif_free(n);
}

/*
 * An attempt ended.  An attempt made by an instance that was replaced
 * meanwhile (reload) releases that instance, and on failure the entry is
 * tried again at once by the new instance: its settings changed, so the
 * failure says nothing about them.
 */
static void
spool_done(void *arg, int ok, long code, const char *reason)
{
	struct spool_attempt	*a = arg;
	struct spool_rcv	*r = a->r;
	struct plugin		*old = a->plugin;
	void			(*release)(struct plugin *) = a->release;
	int64_t			 delay;
	unsigned		 shift;

	if (r == NULL) {
		spool_orphan_done(a, ok);
		return;
	}
	r->inflight = NULL;
	if (ok) {
		log_debug("receiver %s: delivered %s (%s)", r->name, a->e->file, reason);
		spool_remove(r, a->e);
		r->st.delivered++;
		r->st.failures = 0;
		r->st.last_error[0] = '\0';
		free(a);
		spool_enter_state(r, SPOOL_IDLE);
		if (!TAILQ_EMPTY(&r->queue))
			spool_kick(r, 0);
		if (release != NULL)
			release(old);
		return;
	}
	free(a);
	r->st.failed++;
	snprintf(r->st.last_error, sizeof r->st.last_error, "%s", reason);
	if (release != NULL) {
		log_warnx("receiver %s: delivery by the previous instance failed "
		    "(%s); trying again with the new settings", r->name, reason);
		spool_enter_state(r, SPOOL_IDLE);
		spool_kick(r, 0);
		release(old);
		return;
	}
	r->st.failures++;
	shift = r->st.failures - 1 > 20 ? 20 : r->st.failures - 1;
	delay = r->sp->p.backoff_min_ms << shift;
	if (delay > r->sp->p.backoff_max_ms)
		delay = r->sp->p.backoff_max_ms;
	/* Jitter of +-20% so receivers that failed together do not retry in step. */
	delay = delay * (80 + random() % 41) / 100;
	log_warnx("receiver %s: delivery failed (%s); attempt %u, retrying in "
	    "%lld.%03lld s", r->name, reason, r->st.failures, (long long)delay / 1000,
	    (long long)delay % 1000);
	spool_enter_state(r, SPOOL_BACKOFF);
	spool_kick(r, delay);
}

/* Entries left, all receivers. */
size_t
spool_pending(const struct spool *sp)
{
	struct spool_rcv	*r;
	size_t			 n = 0;

	const struct spool_attempt *a;

	TAILQ_FOREACH(r, &sp->rcvs, entry)
		n += r->st.pending;
	TAILQ_FOREACH(a, &sp->orphans, entry)
		n++;
	return (n);
}

/* Counters of one receiver. */
int
spool_stats(const struct spool *sp, const char *name, struct spool_stats *st)
{
	struct spool_rcv	*r;
	struct timespec		 now;
	int64_t			 ms;

	if ((r = spool_find(sp, name)) == NULL)
		return (-1);
	*st = r->st;
	st->next_attempt_ms = -1;
	if (r->state == SPOOL_BACKOFF) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		ms = (r->due.tv_sec - now.tv_sec) * 1000 +
		    (r->due.tv_nsec - now.tv_nsec) / 1000000;
		st->next_attempt_ms = ms > 0 ? ms : 0;
	}
	return (0);
}

/* Counters of every receiver as JSON (status, metrics). */
json_t *
spool_stats_json(const struct spool *sp)
{
	struct spool_rcv	*r;
	struct spool_stats	 st;
	json_t			*o;

	o = json_object();
	TAILQ_FOREACH(r, &sp->rcvs, entry) {
		spool_stats(sp, r->name, &st);
		json_object_set_new(o, r->name, json_pack("{s:I, s:I, s:I, s:I, "
		    "s:I, s:I, s:I, s:I, s:s, s:s}", "queued", (json_int_t)st.queued,
		    "delivered", (json_int_t)st.delivered, "failed",
		    (json_int_t)st.failed, "dropped", (json_int_t)st.dropped,
		    "pending", (json_int_t)st.pending, "bytes", (json_int_t)st.bytes,
		    "failures", (json_int_t)st.failures, "next_attempt_ms",
		    (json_int_t)st.next_attempt_ms, "state", spool_state_names[r->state],
		    "last_error", st.last_error));
	}
	return (o);
}

/* Whether a detached receiver's attempt is sending this file. */
static bool
spool_orphan_busy(const struct spool *sp, const char *name, const char *file)
{
	const struct spool_attempt	*a;

	TAILQ_FOREACH(a, &sp->orphans, entry) {
		if (strcmp(a->name, name) == 0 && strcmp(a->e->file, file) == 0)
			return (true);
	}
	return (false);
}

/*
 * An attempt of a detached receiver ended: acknowledged, its file goes;
 * failed, the entry returns to the head of the queue of the receiver now
 * holding that name (or stays on disk for the next start).
 */
static void
spool_orphan_done(struct spool_attempt *a, int ok)
{
	struct spool_rcv	*r;
	struct spool_entry	*e = a->e, *x;
	char			*path;

	if (a->sp != NULL) {
		TAILQ_REMOVE(&a->sp->orphans, a, entry);
		r = spool_find(a->sp, a->name);
	} else
		r = NULL;	/* the spool is gone; the file stays for the next start */
	if (ok) {
		xasprintf(&path, "%s/%s", a->dir, e->file);
		if (unlink(path) == -1 && errno != ENOENT)
			log_warn("%s", path);
		else
			spool_fsync_dir(a->dir);
		free(path);
		if (r != NULL)
			r->st.delivered++;
		free(e->file);
		free(e);
	} else if (r != NULL) {
		log_warnx("receiver %s: delivery by the previous instance failed; "
		    "%s goes back to the queue", a->name, e->file);
		r->st.failed++;
		TAILQ_FOREACH(x, &r->queue, entry) {
			if (strcmp(x->file, e->file) > 0)
				break;
		}
		if (x != NULL)
			TAILQ_INSERT_BEFORE(x, e, entry);
		else
			TAILQ_INSERT_TAIL(&r->queue, e, entry);
		r->st.pending++;
		r->st.bytes += e->size;
		if (r->state == SPOOL_IDLE)
			spool_kick(r, 0);
	} else {
		free(e->file);
		free(e);
	}
	if (a->release != NULL)
		a->release(a->plugin);
	free(a->name);
	free(a->dir);
	free(a);
}

/* Free a detached receiver's memory (its files stay). */
static void
spool_rcv_free(struct spool_rcv *r)
{
	struct spool_entry	*e;

	evtimer_del(&r->timer);
	while ((e = TAILQ_FIRST(&r->queue)) != NULL) {
		TAILQ_REMOVE(&r->queue, e, entry);
		free(e->file);
		free(e);
	}
	free(r->name);
	free(r->dir);
	free(r);
}

/* Detach a receiver (reload); its plugin goes to release once idle. */
void
spool_remove_receiver(struct spool *sp, const char *name,
    void (*release)(struct plugin *))
{
	struct spool_rcv	*r;
	struct spool_attempt	*a;

	if ((r = spool_find(sp, name)) == NULL)
		return;
	TAILQ_REMOVE(&sp->rcvs, r, entry);
	if ((a = r->inflight) != NULL) {
		/* Its entry leaves the queue with it: nobody sends it twice. */
		TAILQ_REMOVE(&r->queue, a->e, entry);
		a->r = NULL;
		a->sp = sp;
		a->name = xstrdup(r->name);
		a->dir = xstrdup(r->dir);
		if (a->release != NULL) {
			/* Made by an instance replaced before: that one stays
			 * busy, the current one is idle. */
			if (release != NULL)
				release(r->plugin);
		} else
			a->plugin = r->plugin;
		a->release = release;
		TAILQ_INSERT_TAIL(&sp->orphans, a, entry);
	} else if (release != NULL)
		release(r->plugin);
	spool_rcv_free(r);
}

/*
 * Give a receiver a new plugin instance (reload: its settings changed).
 * Its queue, counters and files stay; an attempt in flight is finished by
 * the old instance, which is released then, else at once.  A receiver
 * waiting out a back-off tries again now, with the new settings.
 */
int
spool_replace_plugin(struct spool *sp, struct plugin *plugin,
    void (*release)(struct plugin *))
{
	struct spool_rcv	*r;
	struct plugin		*old;

	if ((r = spool_find(sp, plugin_receiver_name(plugin))) == NULL)
		return (-1);
	old = r->plugin;
	r->plugin = plugin;
	if (r->inflight != NULL && r->inflight->release == NULL) {
		r->inflight->plugin = old;
		r->inflight->release = release;
	} else if (release != NULL)
		release(old);	/* idle (the one in flight is older still) */
	if (r->state == SPOOL_BACKOFF) {
		r->st.failures = 0;
		spool_enter_state(r, SPOOL_IDLE);
		spool_kick(r, 0);
	}
	return (0);
}

/* New bounds and back-off (reload); they apply from the next write / failure. */
void
spool_set_params(struct spool *sp, const struct spool_params *p)
{
	sp->p = *p;
	spool_params_default(&sp->p);
}

/* Notifications in a receiver directory. */
static size_t
spool_count_dir(const char *dir)
{
	DIR		*d;
	struct dirent	*de;
	size_t		 n = 0, len;

	if ((d = opendir(dir)) == NULL)
		return (0);
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (de->d_name[0] != '.' && len > 5 &&
		    strcmp(de->d_name + len - 5, ".json") == 0)
			n++;
	}
	closedir(d);
	return (n);
}

/*
 * Warn about spool directories of receivers that are not configured but
 * still hold notifications: they are kept, never silently dropped, and
 * delivered when a receiver of that name comes back.  Returns their number.
 */
size_t
spool_warn_unattached(const struct spool *sp)
{
	DIR			*d;
	struct dirent		*de;
	struct spool_rcv	*r;
	struct stat		 st;
	char			*path, *dn;
	size_t			 n, total = 0;

	if ((d = opendir(sp->dir)) == NULL) {
		log_warn("%s", sp->dir);
		return (0);
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		TAILQ_FOREACH(r, &sp->rcvs, entry) {
			dn = spool_dirname(r->name);
			n = strcmp(dn, de->d_name);
			free(dn);
			if (n == 0)
				break;
		}
		if (r != NULL)
			continue;
		xasprintf(&path, "%s/%s", sp->dir, de->d_name);
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode) &&
		    (n = spool_count_dir(path)) > 0) {
			log_warnx("spool %s: %zu undelivered notification(s) of "
			    "receiver \"%s\", which is not configured; kept for "
			    "when a receiver of that name is configured again",
			    path, n, de->d_name);
			total += n;
		}
		free(path);
	}
	closedir(d);
	return (total);
}

/* Free the spool (files stay on disk for the next start). */
void
spool_close(struct spool *sp)
{
	struct spool_rcv	*r;
	struct spool_attempt	*a;

	if (sp == NULL)
		return;
	/* Normally nothing is in flight here (transfers and children were shut
	 * down first); otherwise the attempts are left to end on their own. */
	while ((r = TAILQ_FIRST(&sp->rcvs)) != NULL)
		spool_remove_receiver(sp, r->name, NULL);
	while ((a = TAILQ_FIRST(&sp->orphans)) != NULL) {
		/* Owned by its pending completion from now on. */
		TAILQ_REMOVE(&sp->orphans, a, entry);
		a->sp = NULL;
	}
	free(sp->dir);
	free(sp);
}
