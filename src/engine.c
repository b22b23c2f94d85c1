/*
 * engine.c - the engine as a daemon module: inputs from the config, one
 * parser context, the tunnel tracker, the alert manager, the spool and the
 * receiver plugins, the state file.  The status socket commands that look
 * into them are in engine-ctl.c, the Prometheus metrics in
 * engine-metrics.c; the structures they share in engine-private.h.
 *
 * See engine.h for which clock decides what.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/uio.h>

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <sys/socket.h>

#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/util.h>
#include <jansson.h>

#include "alert.h"
#include "causes.h"
#include "child.h"
#include "conf.h"
#include "ctl.h"
#include "daemon.h"
#include "diag.h"
#include "engine.h"
#include "engine-private.h"
#include "input.h"
#include "kb.h"
#include "log.h"
#include "parse.h"
#include "plugin.h"
#include "spool.h"
#include "state.h"
#include "track.h"
#include "xfer.h"
#include "xmalloc.h"

struct engine		*engine_current;	/* the running engine */

static int	engine_open(struct daemon *, struct causes *);
static int	engine_start(struct daemon *, struct causes *);
static int	engine_reload_check(struct daemon *, const struct iw_config *,
		    struct causes *);
static void	engine_reload_apply(struct daemon *, const struct iw_config *);
static void	engine_housekeeping(struct daemon *);
static void	engine_status(struct daemon *, json_t *);
static void	engine_stop(struct daemon *);
static int	engine_mkdir(const struct iw_config *, const char *,
		    struct causes *);
static int	engine_input_add(struct engine *, const struct input_config *,
		    struct causes *);
static void	engine_input_free(struct engine_input *);
static void	engine_line(struct input *, const struct input_line *, void *);
static void	engine_line_feed(struct engine_input *, const struct input_line *);
static void	engine_health(struct input *, enum input_health, const char *,
		    void *);
static void	engine_track_alert(const struct track_alert *, void *);
static void	engine_notify(const struct ipsecwatch_notification *, void *);
static bool	engine_explain(const char *, enum iw_lang, struct kb_text *, void *);
static void	engine_context(const char *, const char *,
		    void (*)(void *, const char *), void *, void *);
static void	engine_diag_start(const char *, const char *, const char *, void *);
static void	engine_diag_done(const char *, const char *, void *);
static void	engine_track_timer(evutil_socket_t, short, void *);
static void	engine_alert_timer(evutil_socket_t, short, void *);
static void	engine_alert_params(const struct iw_config *, struct alert_params *);
static void	engine_spool_params(const struct iw_config *, struct spool_params *);
static void	engine_retire(struct engine *, struct plugin *);
static void	engine_plugin_release(struct plugin *);
static void	engine_release_cb(evutil_socket_t, short, void *);
static void	engine_save_now_cb(evutil_socket_t, short, void *);
static int	engine_find_plugin(const struct engine *, const char *);
static void	engine_reload_receivers(struct engine *, const struct iw_config *);
static int	engine_open_receivers(struct engine *, const struct iw_config *, bool,
		    struct causes *);
static void	engine_state_save(struct engine *);
static int	engine_record_open(struct engine *, const char *, struct causes *);
static void	engine_record(struct engine *, struct engine_input *,
		    const struct input_line *);

const struct daemon_module engine_module = {
	.name = "engine",
	.open = engine_open,
	.start = engine_start,
	.reload_check = engine_reload_check,
	.reload_apply = engine_reload_apply,
	.housekeeping = engine_housekeeping,
	.status = engine_status,
	.stop = engine_stop,
};

/* The wall clock in microseconds since the epoch. */
int64_t
engine_now(void *arg)
{
	struct timeval	 tv;

	gettimeofday(&tv, NULL);
	return ((int64_t)tv.tv_sec * 1000000 + tv.tv_usec);
}

/*
 * Create a missing state or spool directory (mode 0700), owned by the
 * daemon's user when it drops privileges; an existing one is left as it is.
 */
static int
engine_mkdir(const struct iw_config *conf, const char *dir, struct causes *c)
{
	struct passwd	*pw;

	if (dir == NULL || mkdir(dir, 0700) == -1) {
		/* Other errors show at start, after the privilege checks. */
		if (dir != NULL && errno != EEXIST)
			log_warn("%s", dir);
		return (0);
	}
	log_info("created %s", dir);
	if (conf->user != NULL && (pw = getpwnam(conf->user)) != NULL &&
	    chown(dir, pw->pw_uid, pw->pw_gid) == -1) {
		causes_add(c, "%s: chown %s: %s", dir, conf->user, strerror(errno));
		return (-1);
	}
	return (0);
}

/*
 * Privileged phase: load the knowledge base (a broken override is an error
 * the user must see now, not after detaching).  The inputs are created in
 * start because they live on the event base, which exists only after the
 * fork; the log files must therefore be readable by the daemon's user.
 */
static int
engine_open(struct daemon *d, struct causes *c)
{
	struct engine	*e;

	if (engine_mkdir(d->conf, d->conf->state_dir, c) == -1 ||
	    engine_mkdir(d->conf, d->conf->spool_dir, c) == -1)
		return (-1);
	e = xcalloc(1, sizeof *e);
	e->d = d;
	e->clock.now_us = engine_now;
	e->metrics_fd = -1;
	e->rec_fd = -1;
	if (d->conf->metrics.listen != NULL &&
	    engine_metrics_bind(e, d->conf->metrics.listen, c) == -1) {
		free(e);
		return (-1);
	}
	if ((e->kb = kb_load(kb_default_path(), d->conf->kb_file, c)) == NULL) {
		if (e->metrics_fd != -1)
			close(e->metrics_fd);
		free(e);
		return (-1);
	}
	engine_current = e;
	return (0);
}

/* Start: state file, tracker, alerts, spool, plugins, inputs, timers. */
static int
engine_start(struct daemon *d, struct causes *c)
{
	struct engine		*e = engine_current;
	struct alert_params	 ap;
	struct spool_params	 sp;
	struct causes		 lc;
	json_t			*j;
	size_t			 i;

	e->pctx = parse_ctx_new(0, e->kb);
	xasprintf(&e->state_path, "%s/state.json", d->conf->state_dir);
	e->state = state_load(e->state_path);
	if (d->conf->debug.processed_log != NULL &&
	    engine_record_open(e, d->conf->debug.processed_log, c) == -1)
		return (-1);

	xfer_global_init();
	xfer_init(d->base);
	child_init(d->base, false);
	e->ev_track = evtimer_new(d->base, engine_track_timer, e);
	e->ev_alert = evtimer_new(d->base, engine_alert_timer, e);
	e->ev_release = evtimer_new(d->base, engine_release_cb, e);
	e->ev_save_now = evtimer_new(d->base, engine_save_now_cb, e);

	e->track = track_new(&d->conf->tunnels, &e->clock, engine_track_alert, e);
	engine_alert_params(d->conf, &ap);
	e->alerts = alert_new(&ap, &e->clock, engine_notify, e);
	alert_set_explain(e->alerts, engine_explain, e);
	alert_set_context(e->alerts, engine_context, e);
	/* Always there, so a reload can add commands (diag_wait 0: none run). */
	e->diag = diag_new(d->conf->diagnostics, d->conf->n_diagnostics);
	alert_set_diag(e->alerts, engine_diag_start, e);

	/* Restore what was sent and what the tunnels were, before any line. */
	causes_init(&lc);
	if ((j = state_get(e->state, "tunnels")) != NULL &&
	    track_state_load(e->track, j, &lc) == -1)
		log_warnx("%s: tunnel state not restored: %s", e->state_path,
		    lc.n > 0 ? lc.msg[0] : "invalid");
	causes_free(&lc);
	causes_init(&lc);
	if ((j = state_get(e->state, "alerts")) != NULL &&
	    alert_state_load(e->alerts, j, &lc) == -1)
		log_warnx("%s: alert state not restored: %s", e->state_path,
		    lc.n > 0 ? lc.msg[0] : "invalid");
	causes_free(&lc);

	engine_spool_params(d->conf, &sp);
	if ((e->spool = spool_open(d->conf->spool_dir, d->base, &sp, c)) == NULL)
		return (-1);
	if (engine_open_receivers(e, d->conf, false, c) == -1)
		return (-1);
	spool_warn_unattached(e->spool);
	for (i = 0; i < d->conf->n_inputs; i++) {
		if (engine_input_add(e, &d->conf->inputs[i], c) == -1)
			return (-1);
	}
	track_foreach(e->track, engine_note_states, e);
	engine_rearm(e);
	if (e->metrics_fd != -1) {
		e->http = evhttp_new(d->base);
		evhttp_set_allowed_methods(e->http, EVHTTP_REQ_GET | EVHTTP_REQ_HEAD);
		evhttp_set_timeout(e->http, 10);
		evhttp_set_cb(e->http, "/metrics", engine_http_metrics, e);
		evhttp_set_gencb(e->http, engine_http_other, e);
		if (evhttp_accept_socket(e->http, e->metrics_fd) == -1) {
			causes_add(c, "metrics.listen: cannot serve");
			return (-1);
		}
		e->metrics_fd = -1;	/* evhttp owns it now */
		log_info("metrics on http://%s/metrics", d->conf->metrics.listen);
	}
	return (0);
}

/* Open a plugin for every receiver not yet attached to the spool. */
static int
engine_open_receivers(struct engine *e, const struct iw_config *conf,
    bool reload, struct causes *c)
{
	struct plugin	*p;
	struct spool_stats st;
	size_t		 i;

	for (i = 0; i < conf->n_receivers; i++) {
		if (spool_stats(e->spool, conf->receivers[i].name, &st) == 0)
			continue;
		if ((p = plugin_open(conf->plugin_dir, conf->path,
		    &conf->receivers[i], e->d->base, c)) == NULL)
			return (-1);
		if (spool_add_receiver(e->spool, p, c) == -1) {
			plugin_close(p);
			return (-1);
		}
		e->plugins = xreallocarray(e->plugins, e->nplugins + 1,
		    sizeof *e->plugins);
		e->plugins[e->nplugins++] = p;
		if (reload)
			log_info("receiver %s added", conf->receivers[i].name);
	}
	return (0);
}

/* The alert manager's parameters from the config. */
static void
engine_alert_params(const struct iw_config *conf, struct alert_params *ap)
{
	memset(ap, 0, sizeof *ap);
	ap->policy = conf->alerts;
	ap->receivers = conf->receivers;
	ap->n_receivers = conf->n_receivers;
	ap->inhibit_window = conf->alerts.inhibit_window;
	ap->diag_wait = conf->n_diagnostics > 0 ? conf->alerts.diagnostics_wait : 0;
}

/* The spool's bounds and back-off from the config. */
static void
engine_spool_params(const struct iw_config *conf, struct spool_params *sp)
{
	memset(sp, 0, sizeof *sp);
	sp->max_entries = (size_t)conf->spool.max_entries;
	sp->max_bytes = (size_t)conf->spool.max_bytes;
	sp->backoff_min_ms = conf->spool.retry_initial * 1000;
	sp->backoff_max_ms = conf->spool.retry_max * 1000;
}

/* The index of the plugin instance of a receiver, -1 if none. */
static int
engine_find_plugin(const struct engine *e, const char *name)
{
	size_t	 i;

	for (i = 0; i < e->nplugins; i++) {
		if (strcmp(plugin_receiver_name(e->plugins[i]), name) == 0)
			return ((int)i);
	}
	return (-1);
}

/* Keep a replaced or removed instance until the spool releases it. */
static void
engine_retire(struct engine *e, struct plugin *p)
{
	e->retired = xreallocarray(e->retired, e->nretired + 1,
	    sizeof *e->retired);
	e->retired[e->nretired].p = p;
	e->retired[e->nretired].idle = false;
	e->nretired++;
}

/*
 * The spool is done with a retired instance.  This may run inside that
 * plugin's completion, so closing (which unloads its code) waits for the
 * release timer.
 */
static void
engine_plugin_release(struct plugin *p)
{
	struct engine	*e = engine_current;
	struct timeval	 now = { 0, 0 };
	size_t		 i;

	for (i = 0; i < e->nretired; i++) {
		if (e->retired[i].p == p) {
			e->retired[i].idle = true;
			evtimer_add(e->ev_release, &now);
			return;
		}
	}
	log_warnx("receiver %s: released an instance not retired",
	    plugin_receiver_name(p));
}

/* Close the retired instances the spool released. */
static void
engine_release_cb(evutil_socket_t fd, short what, void *arg)
{
	struct engine	*e = arg;
	size_t		 i, n;

	for (i = 0, n = 0; i < e->nretired; i++) {
		if (!e->retired[i].idle) {
			e->retired[n++] = e->retired[i];
			continue;
		}
		log_debug("receiver %s: previous plugin instance closed",
		    plugin_receiver_name(e->retired[i].p));
		plugin_close(e->retired[i].p);
	}
	e->nretired = n;
}

/*
 * Reload of the receivers.  Removed: detached from the spool; what it had
 * not delivered stays on disk (logged with its number) and goes out when a
 * receiver of that name is configured again; a delivery in flight ends
 * normally.  Changed plugin settings: a new instance takes over the same
 * queue; an attempt in flight is finished by the old one (acknowledged:
 * done; failed: tried again at once by the new one), so nothing is lost or
 * sent twice.  Added: a new instance and queue.  Routing, rate limit and
 * language are the alert manager's (alert_reconfigure).
 */
static void
engine_reload_receivers(struct engine *e, const struct iw_config *conf)
{
	const struct receiver_config	*rc;
	struct spool_params		 sp;
	struct spool_stats		 st;
	struct plugin			*p;
	struct causes			 c;
	size_t				 i, j, n;
	int				 k;

	engine_spool_params(conf, &sp);
	spool_set_params(e->spool, &sp);
	for (i = 0, n = 0; i < e->nplugins; i++) {
		p = e->plugins[i];
		for (j = 0; j < conf->n_receivers; j++) {
			if (strcmp(conf->receivers[j].name,
			    plugin_receiver_name(p)) == 0)
				break;
		}
		if (j < conf->n_receivers) {
			e->plugins[n++] = p;
			continue;
		}
		if (spool_stats(e->spool, plugin_receiver_name(p), &st) == 0 &&
		    st.pending > 0)
			log_warnx("receiver %s removed: %zu undelivered "
			    "notification(s) stay in the spool (%s); they are "
			    "delivered if a receiver of that name is configured "
			    "again", plugin_receiver_name(p), st.pending,
			    conf->spool_dir);
		else
			log_info("receiver %s removed", plugin_receiver_name(p));
		engine_retire(e, p);
		spool_remove_receiver(e->spool, plugin_receiver_name(p),
		    engine_plugin_release);
	}
	e->nplugins = n;

	causes_init(&c);
	for (j = 0; j < conf->n_receivers; j++) {
		rc = &conf->receivers[j];
		if ((k = engine_find_plugin(e, rc->name)) == -1 ||
		    conf_receiver_same_plugin(plugin_config(e->plugins[k]), rc))
			continue;
		if ((p = plugin_open(conf->plugin_dir, conf->path, rc, e->d->base,
		    &c)) == NULL) {
			/* reload_check opened it a moment ago; keep the old one. */
			log_warnx("receiver %s: settings not applied, keeping the "
			    "previous ones", rc->name);
			continue;
		}
		log_info("receiver %s: settings changed, new plugin instance",
		    rc->name);
		engine_retire(e, e->plugins[k]);
		e->plugins[k] = p;
		spool_replace_plugin(e->spool, p, engine_plugin_release);
	}
	for (i = 0; i < c.n; i++)
		log_warnx("reload: %s", c.msg[i]);
	causes_free(&c);

	causes_init(&c);
	if (engine_open_receivers(e, conf, true, &c) == -1)
		for (i = 0; i < c.n; i++)
			log_warnx("reload: %s", c.msg[i]);
	causes_free(&c);
}

/* Create one input from its config, resuming from its saved positions. */
static int
engine_input_add(struct engine *e, const struct input_config *ic,
    struct causes *c)
{
	struct engine_input	*ei;
	struct input_positions	 pos;
	struct input_options	 opt;
	struct input_journal_config jc;
	bool			 saved;

	memset(&pos, 0, sizeof pos);
	memset(&opt, 0, sizeof opt);
	opt.from_beginning = ic->from_beginning;
	saved = state_get_input(e->state, ic->name, &pos) == 0;
	ei = xcalloc(1, sizeof *ei);
	ei->e = e;
	ei->name = xstrdup(ic->name);
	ei->seen = true;
	if (ic->type == INPUT_JOURNAL) {
		memset(&jc, 0, sizeof jc);
		jc.identifiers = (const char * const *)ic->identifiers;
		jc.n_identifiers = ic->n_identifiers;
		jc.units = (const char * const *)ic->units;
		jc.n_units = ic->n_units;
		jc.dir = ic->journal_dir;
		ei->in = input_journal_new(e->d->base, ic->name, &jc,
		    saved ? &pos : NULL, &opt, engine_line, ei, c);
	} else
		ei->in = input_file_new(e->d->base, ic->name, ic->path,
		    saved ? &pos : NULL, &opt, engine_line, ei, c);
	if (saved)
		input_positions_free(&pos);
	if (ei->in == NULL) {
		free(ei->name);
		free(ei);
		return (-1);
	}
	input_set_health_cb(ei->in, engine_health, ei);
	e->inputs = xreallocarray(e->inputs, e->ninputs + 1, sizeof *e->inputs);
	e->inputs[e->ninputs++] = ei;
	log_info("input %s: %s%s", ic->name,
	    ic->type == INPUT_JOURNAL ? "journal" : ic->path,
	    saved ? " (resuming from the saved position)" : "");
	return (0);
}

/* Free one input. */
static void
engine_input_free(struct engine_input *ei)
{
	input_free(ei->in);
	free(ei->name);
	free(ei);
}

/*
 * One line from an input: processed, then recorded when debug.processed_log
 * is on (after the processing, so that the record's time stamps the
 * processed line: make bench measures the latency with it).
 */
static void
engine_line(struct input *in, const struct input_line *l, void *arg)
{
	struct engine_input	*ei = arg;

	engine_line_feed(ei, l);
	if (ei->e->rec_fd != -1)
		engine_record(ei->e, ei, l);
}

/*
 * Process a line: parse, remember it for its tunnel, feed the tracker.
 * The tracker's deadlines up to the line's time fire first, so a catch-up
 * replays in log time; lines older than max_catchup_age feed the state
 * quietly (their alerts are not notified).
 */
static void
engine_line_feed(struct engine_input *ei, const struct input_line *l)
{
	struct engine		*e = ei->e;
	struct iw_event		 ev;
	enum parse_result	 r;
	int64_t			 now, at, maxage;

	ei->lines++;
	e->dirty = true;
	memset(&ev, 0, sizeof ev);
	if (l->jf != NULL)
		r = parse_journal(e->pctx, l->jf, &ev);
	else
		r = parse_line(e->pctx, l->line, l->len, &ev);
	switch (r) {
	case PARSE_EVENT:
		ei->ipsec++;
		break;
	case PARSE_UNRECOGNIZED:
		ei->ipsec++;
		ei->unrecognized++;
		return;
	case PARSE_MALFORMED:
		ei->malformed++;
		return;
	default:
		return;
	}
	ei->events++;
	if ((unsigned)ev.daemon < 8)
		e->daemons_seen |= 1u << ev.daemon;
	now = engine_now(NULL);
	at = ev.ts_us > 0 ? ev.ts_us : (l->ts_us > 0 ? l->ts_us : l->mtime_us);
	maxage = e->d->conf->max_catchup_age * 1000000;
	e->quiet = maxage > 0 && at > 0 && now - at > maxage;
	if (e->quiet)
		ei->quiet++;
	/*
	 * Lines that name no tunnel (charon's DPD and retransmit lines) belong
	 * to the last tunnel a line named, as the tracker attributes them.
	 */
	if (ev.conn[0] != '\0')
		snprintf(e->last_conn, sizeof e->last_conn, "%s", ev.conn);
	if (e->last_conn[0] != '\0')
		engine_tun_line(e, e->last_conn, l->line, l->len);
	if (ev.ts_us > 0)
		track_advance(e->track, ev.ts_us < now ? ev.ts_us : now);
	track_event(e->track, &ev);
	e->quiet = false;
	track_foreach(e->track, engine_note_states, e);
	engine_rearm(e);
}

/* An input's health changed: input_stalled for it. */
static void
engine_health(struct input *in, enum input_health h, const char *reason,
    void *arg)
{
	struct engine_input	*ei = arg;

	log_info("input %s: %s%s%s", ei->name, input_health_name(h),
	    reason != NULL && *reason != '\0' ? ": " : "",
	    reason != NULL ? reason : "");
	track_input_stalled(ei->e->track, ei->name, h == INPUT_STALLED, reason);
	engine_rearm(ei->e);
}

/*
 * A transition from the tracker: to the alert manager, unless it is a fire
 * from the catch-up beyond max_catchup_age (resolves always pass: the
 * manager ignores those it does not know).
 */
static void
engine_track_alert(const struct track_alert *a, void *arg)
{
	struct engine	*e = arg;
	int64_t		 maxage = e->d->conf->max_catchup_age * 1000000;
	int64_t		 now = engine_now(NULL);

	if (a->firing && (e->quiet ||
	    (maxage > 0 && a->at_us > 0 && now - a->at_us > maxage))) {
		e->suppressed++;
		log_debug("catch-up: %s %s not notified (older than "
		    "max_catchup_age)", iw_alert_kind_name(a->kind), a->tunnel);
		return;
	}
	log_info("alert %s %s%s%s", a->firing ? "firing" : "resolved",
	    iw_alert_kind_name(a->kind), *a->tunnel != '\0' ? " " : "",
	    a->tunnel);
	alert_transition(e->alerts, a);
	e->dirty = true;
}

/* A notification leaves the alert manager: into the spool. */
static void
engine_notify(const struct ipsecwatch_notification *n, void *arg)
{
	struct engine	*e = arg;

	struct timeval	 now = { 0, 0 };

	e->dirty = true;
	if (spool_enqueue(e->spool, n) == -1)
		log_warnx("notification %s for %s lost: spool write failed",
		    n->id, n->receiver);
	/*
	 * Why at once: the spool now holds the notification for good; a
	 * crash before the next periodic save would bring back the older
	 * alert state and the same lines would notify a second time.  The
	 * save runs after the current callback, once for a whole batch.
	 */
	if (e->ev_save_now != NULL && !evtimer_pending(e->ev_save_now, NULL))
		evtimer_add(e->ev_save_now, &now);
}

/* The deferred state save after notifications were spooled. */
static void
engine_save_now_cb(evutil_socket_t fd, short what, void *arg)
{
	engine_state_save(arg);
}

/* Explanations from the knowledge base. */
static bool
engine_explain(const char *id, enum iw_lang lang, struct kb_text *kt, void *arg)
{
	struct engine		*e = arg;
	const struct kb_entry	*ke;

	if ((ke = kb_find(e->kb, id)) == NULL)
		return (false);
	*kt = kb_text(ke, lang);
	return (true);
}

/* The recent relevant lines of a tunnel for a notification. */
static void
engine_context(const char *tunnel, const char *peer,
    void (*add)(void *, const char *), void *ctx, void *arg)
{
	struct engine		*e = arg;
	struct engine_tun	*t;
	struct tunnel_info	 ti;
	size_t			 i;

	if ((t = engine_tun_get(e, tunnel, false)) == NULL &&
	    track_tunnel_info(e->track, tunnel, &ti) == 0)
		t = engine_tun_get(e, ti.conn, false);
	if (t == NULL)
		return;
	for (i = 0; i < t->nring; i++)
		add(ctx, t->ring[(t->ring_at + ENGINE_RING - t->nring + i) %
		    ENGINE_RING]);
}

/* Diagnostics for an alert. */
static void
engine_diag_start(const char *key, const char *tunnel, const char *peer,
    void *arg)
{
	struct engine	*e = arg;

	diag_run(e->diag, key, peer, tunnel, engine_diag_done, e);
}

/* Diagnostics finished. */
static void
engine_diag_done(const char *key, const char *output, void *arg)
{
	struct engine	*e = arg;

	alert_diag_result(e->alerts, key, output);
	engine_rearm(e);
}

/* Arm a timer at an absolute wall-clock time (INT64_MAX: disarm). */
static void
engine_arm(struct event *ev, int64_t at)
{
	struct timeval	 tv;
	int64_t		 d, now = engine_now(NULL);

	evtimer_del(ev);
	if (at == INT64_MAX)
		return;
	d = at > now ? at - now : 0;
	tv.tv_sec = d / 1000000;
	tv.tv_usec = d % 1000000;
	evtimer_add(ev, &tv);
}

/* Both timers at the next deadlines of the tracker and the alert manager. */
void
engine_rearm(struct engine *e)
{
	engine_arm(e->ev_track, track_next_deadline(e->track));
	engine_arm(e->ev_alert, alert_next_deadline(e->alerts));
}

/* The tracker's timer. */
static void
engine_track_timer(evutil_socket_t fd, short what, void *arg)
{
	struct engine	*e = arg;

	track_advance(e->track, engine_now(NULL));
	track_foreach(e->track, engine_note_states, e);
	e->dirty = true;
	engine_rearm(e);
}

/* The alert manager's timer. */
static void
engine_alert_timer(evutil_socket_t fd, short what, void *arg)
{
	struct engine	*e = arg;

	alert_advance(e->alerts, engine_now(NULL));
	e->dirty = true;
	engine_rearm(e);
}

/* Write positions, tunnels, alerts and silences to the state file. */
static void
engine_state_save(struct engine *e)
{
	struct input_positions	 pos;
	struct causes		 c;
	json_t			*j;
	size_t			 i;

	for (i = 0; i < e->ninputs; i++) {
		e->inputs[i]->saved_gen = input_get_stats(e->inputs[i]->in)->pos_gen;
		input_get_positions(e->inputs[i]->in, &pos);
		state_set_input(e->state, e->inputs[i]->name,
		    input_kind(e->inputs[i]->in), &pos);
		input_positions_free(&pos);
	}
	if (track_state_save(e->track, &j) == 0)
		state_set(e->state, "tunnels", j);
	if (alert_state_save(e->alerts, &j) == 0)
		state_set(e->state, "alerts", j);
	if (e->rec_fd != -1) {
		/* The recorded lines reach the disk before the state that counts them. */
		if (fdatasync(e->rec_fd) == -1)
			log_warn("%s: fdatasync", e->rec_path);
		state_set(e->state, "processed_log", json_pack("{s:s, s:I}",
		    "path", e->rec_path, "length", (json_int_t)e->rec_len));
	} else
		state_drop(e->state, "processed_log");
	causes_init(&c);
	if (state_save(e->state, e->state_path, &c) == -1)
		log_warnx("state not saved: %s", c.n > 0 ? c.msg[0] : "error");
	else
		e->dirty = false;
	causes_free(&c);
}

/*
 * Open the processed-lines record (debug.processed_log), a test aid: every
 * line handed to the parser is appended as "INPUT<TAB>LINE\n" once it was
 * processed (the torture test checks it; make bench times it).
 *
 * Why it is cut back on start: the state (positions, tunnels, alerts) is
 * saved every save_interval, so after a SIGKILL the daemon resumes from the
 * last save and processes the lines read since then a second time; their
 * first processing left no trace in the state either (the tunnel state is
 * the saved one).  The record must tell what the durable state accounts
 * for, so its length is saved in the same atomic state write as the
 * positions (after an fdatasync of the record), and on start the record is
 * truncated to that length.  Then every line is in the record exactly once
 * exactly when the daemon's state has processed it exactly once -- which
 * is what the rotation-and-kill test checks.  Without a saved length (no
 * state, or the record was off or elsewhere) the record starts empty.
 */
static int
engine_record_open(struct engine *e, const char *path, struct causes *c)
{
	struct stat	 sb;
	json_t		*sec;
	const char	*p;
	uint64_t	 len = 0;

	sec = state_get(e->state, "processed_log");
	p = json_string_value(json_object_get(sec, "path"));
	if (p != NULL && strcmp(p, path) == 0 &&
	    json_integer_value(json_object_get(sec, "length")) > 0)
		len = json_integer_value(json_object_get(sec, "length"));
	if ((e->rec_fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
	    0600)) == -1 || fstat(e->rec_fd, &sb) == -1) {
		causes_add(c, "%s: debug.processed_log: %s", path, strerror(errno));
		if (e->rec_fd != -1)
			close(e->rec_fd);
		e->rec_fd = -1;
		return (-1);
	}
	if ((uint64_t)sb.st_size < len) {
		log_warnx("%s: shorter (%lld bytes) than the state file says "
		    "(%llu); recording after its end", path, (long long)sb.st_size,
		    (unsigned long long)len);
		len = sb.st_size;
	}
	if (ftruncate(e->rec_fd, len) == -1) {
		causes_add(c, "%s: debug.processed_log: truncate: %s", path,
		    strerror(errno));
		close(e->rec_fd);
		e->rec_fd = -1;
		return (-1);
	}
	e->rec_len = len;
	e->rec_path = xstrdup(path);
	log_info("recording processed lines in %s (from byte %llu)", path,
	    (unsigned long long)len);
	return (0);
}

/*
 * Append one line to the record: one write, so that a SIGKILL leaves whole
 * records (a torn one is beyond the saved length and cut on start).  A
 * failed write turns the record off: a record with holes would lie.
 */
static void
engine_record(struct engine *e, struct engine_input *ei,
    const struct input_line *l)
{
	static char	 tab[] = "\t", nl[] = "\n";
	struct iovec	 iov[4];
	ssize_t		 n;
	size_t		 want;

	iov[0].iov_base = ei->name;
	iov[0].iov_len = strlen(ei->name);
	iov[1].iov_base = tab;
	iov[1].iov_len = 1;
	iov[2].iov_base = (void *)l->line;
	iov[2].iov_len = l->len;
	iov[3].iov_base = nl;
	iov[3].iov_len = 1;
	want = iov[0].iov_len + l->len + 2;
	if ((n = writev(e->rec_fd, iov, 4)) == (ssize_t)want) {
		e->rec_len += want;
		return;
	}
	if (n == -1)
		log_warn("%s: write; processed lines no longer recorded",
		    e->rec_path);
	else
		log_warnx("%s: short write; processed lines no longer recorded",
		    e->rec_path);
	close(e->rec_fd);
	e->rec_fd = -1;
}

/* Every save_interval (the housekeeping timer): save when something changed. */
static void
engine_housekeeping(struct daemon *d)
{
	struct engine	*e = engine_current;
	size_t		 i;

	if (e == NULL || e->track == NULL)
		return;
	for (i = 0; i < e->ninputs && !e->dirty; i++)
		if (input_get_stats(e->inputs[i]->in)->pos_gen !=
		    e->inputs[i]->saved_gen)
			e->dirty = true;
	if (e->dirty)
		engine_state_save(e);
}

/*
 * Reload phase 1: the new inputs and receivers must be usable.  A receiver
 * that is new or whose plugin settings changed gets a trial instance (its
 * plugin loaded and its settings accepted), closed again at once.
 */
static int
engine_reload_check(struct daemon *d, const struct iw_config *nc,
    struct causes *c)
{
	struct engine	*e = engine_current;
	struct plugin	*p;
	size_t		 i;
	int		 bad = 0, k;

	for (i = 0; e != NULL && e->spool != NULL && i < nc->n_receivers; i++) {
		k = engine_find_plugin(e, nc->receivers[i].name);
		if (k != -1 && conf_receiver_same_plugin(
		    plugin_config(e->plugins[k]), &nc->receivers[i]))
			continue;
		if ((p = plugin_open(nc->plugin_dir, nc->path, &nc->receivers[i],
		    d->base, c)) == NULL)
			bad = 1;
		else
			plugin_close(p);
	}

	for (i = 0; i < nc->n_inputs; i++) {
		if (nc->inputs[i].type == INPUT_FILE && nc->inputs[i].path == NULL) {
			causes_add(c, "%s: input %s: no path", nc->path,
			    nc->inputs[i].name);
			bad = 1;
		}
	}
	return (bad ? -1 : 0);
}

/*
 * Reload phase 2: inputs that stay keep their reader (and position); new
 * ones start (from their saved position, if any); removed ones stop and
 * their positions are dropped.  The tracker gets the new policy; receivers
 * are added, removed and re-instantiated (engine_reload_receivers); the
 * diagnostics commands and the alert manager's policy are replaced.
 */
static void
engine_reload_apply(struct daemon *d, const struct iw_config *old)
{
	struct engine		*e = engine_current;
	struct alert_params	 ap;
	struct causes		 c;
	size_t			 i, j, n;

	engine_state_save(e);
	for (i = 0; i < e->ninputs; i++)
		e->inputs[i]->seen = false;
	causes_init(&c);
	for (j = 0; j < d->conf->n_inputs; j++) {
		for (i = 0; i < e->ninputs; i++)
			if (strcmp(e->inputs[i]->name, d->conf->inputs[j].name) == 0)
				break;
		if (i < e->ninputs) {
			e->inputs[i]->seen = true;
			continue;
		}
		if (engine_input_add(e, &d->conf->inputs[j], &c) == -1)
			continue;
	}
	for (i = 0; i < c.n; i++)
		log_warnx("reload: %s", c.msg[i]);
	causes_free(&c);
	/* Inputs added above are marked seen: only removed ones go. */
	for (i = 0, n = 0; i < e->ninputs; i++) {
		if (e->inputs[i]->seen) {
			e->inputs[n++] = e->inputs[i];
			continue;
		}
		log_info("input %s: removed", e->inputs[i]->name);
		state_drop_input(e->state, e->inputs[i]->name);
		engine_input_free(e->inputs[i]);
	}
	e->ninputs = n;
	track_set_policy(e->track, &d->conf->tunnels);
	/* Receivers first: the alert manager may notify the new ones at once. */
	engine_reload_receivers(e, d->conf);
	diag_set_commands(e->diag, d->conf->diagnostics, d->conf->n_diagnostics);
	engine_alert_params(d->conf, &ap);
	alert_reconfigure(e->alerts, &ap);
	e->dirty = true;
	engine_state_save(e);
	engine_rearm(e);
}

/* Count tunnels per state. */
static int
engine_count_state(const struct tunnel_info *ti, void *arg)
{
	json_t	*by = arg;
	json_t	*v = json_object_get(by, tunnel_state_name(ti->state));

	json_object_set_new(by, tunnel_state_name(ti->state),
	    json_integer(v != NULL ? json_integer_value(v) + 1 : 1));
	return (0);
}

/* The engine's part of "status". */
static void
engine_status(struct daemon *d, json_t *reply)
{
	struct engine		*e = engine_current;
	const struct input_stats *st;
	json_t			*ins, *by, *ds;
	size_t			 i;
	int			 k;

	if (e == NULL || e->track == NULL)
		return;
	ins = json_array();
	for (i = 0; i < e->ninputs; i++) {
		st = input_get_stats(e->inputs[i]->in);
		json_array_append_new(ins, json_pack("{s:s, s:s, s:s, s:s, s:I, "
		    "s:I, s:I, s:I, s:I, s:I, s:I, s:I}",
		    "name", e->inputs[i]->name,
		    "health", input_health_name(st->health),
		    "reason", st->reason, "current", st->current,
		    "offset", (json_int_t)st->offset,
		    "lines", (json_int_t)e->inputs[i]->lines,
		    "ipsec_lines", (json_int_t)e->inputs[i]->ipsec,
		    "unrecognized", (json_int_t)e->inputs[i]->unrecognized,
		    "malformed", (json_int_t)e->inputs[i]->malformed,
		    "catchup_quiet", (json_int_t)e->inputs[i]->quiet,
		    "rotations", (json_int_t)st->rotations,
		    "errors", (json_int_t)st->errors));
	}
	json_object_set_new(reply, "inputs", ins);
	ds = json_array();
	for (k = IW_DAEMON_PLUTO; k <= IW_DAEMON_CHARON; k++)
		if (e->daemons_seen & (1u << k))
			json_array_append_new(ds, json_string(iw_daemon_name(k)));
	json_object_set_new(reply, "ike_daemons", ds);
	by = json_object();
	track_foreach(e->track, engine_count_state, by);
	json_object_set_new(reply, "tunnels", json_pack("{s:I, s:o}",
	    "count", (json_int_t)track_tunnel_count(e->track), "by_state", by));
	json_object_set_new(reply, "alerts_firing",
	    json_integer((json_int_t)alert_firing_count(e->alerts)));
	json_object_set_new(reply, "alerts_not_notified_catchup",
	    json_integer((json_int_t)e->suppressed));
	json_object_set_new(reply, "spool", spool_stats_json(e->spool));
}

/* Shutdown: save the state, then free everything in reverse order. */
static void
engine_stop(struct daemon *d)
{
	struct engine		*e = engine_current;
	struct engine_tun	*t, *next;
	size_t			 i, k;

	if (e == NULL)
		return;
	if (e->track != NULL)
		engine_state_save(e);
	if (e->http != NULL)
		evhttp_free(e->http);
	if (e->metrics_fd != -1)
		close(e->metrics_fd);
	for (i = 0; i < e->ninputs; i++)
		engine_input_free(e->inputs[i]);
	free(e->inputs);
	if (e->track != NULL) {
		xfer_shutdown();
		child_shutdown();
	}
	if (e->spool != NULL)
		spool_close(e->spool);
	if (e->alerts != NULL)
		alert_free(e->alerts);
	if (e->diag != NULL)
		diag_free(e->diag);
	for (i = 0; i < e->nplugins; i++)
		plugin_close(e->plugins[i]);
	free(e->plugins);
	/* Released or not: no delivery is in flight any more. */
	for (i = 0; i < e->nretired; i++)
		plugin_close(e->retired[i].p);
	free(e->retired);
	if (e->ev_release != NULL)
		event_free(e->ev_release);
	if (e->ev_save_now != NULL)
		event_free(e->ev_save_now);
	if (e->track != NULL) {
		track_free(e->track);
		xfer_global_cleanup();
	}
	if (e->ev_track != NULL)
		event_free(e->ev_track);
	if (e->ev_alert != NULL)
		event_free(e->ev_alert);
	if (e->pctx != NULL)
		parse_ctx_free(e->pctx);
	if (e->state != NULL)
		state_free(e->state);
	free(e->state_path);
	if (e->rec_fd != -1)
		close(e->rec_fd);
	free(e->rec_path);
	kb_free(e->kb);
	for (k = 0; k < ENGINE_SLOTS; k++) {
		for (t = e->tuns[k]; t != NULL; t = next) {
			next = t->next;
			for (i = 0; i < ENGINE_RING; i++)
				free(t->ring[i]);
			free(t->name);
			free(t);
		}
	}
	free(e);
	engine_current = NULL;
}


