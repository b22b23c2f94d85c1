/*
 * engine-ctl.c - the status socket commands that look into the running
 * engine (tunnels, show, alerts, silence, unsilence, test-alert), and the
 * per-tunnel record of recent lines and state history they show.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/util.h>
#include <jansson.h>

#include "alert.h"
#include "causes.h"
#include "conf.h"
#include "ctl.h"
#include "daemon.h"
#include "engine.h"
#include "engine-private.h"
#include "input.h"
#include "log.h"
#include "plugin.h"
#include "spool.h"
#include "track.h"
#include "xmalloc.h"

/* A test-alert waiting for its delivery result. */
struct engine_test {
	struct ctl_pending	*pending;
	char			*receiver;
};

static void	engine_tun_note_state(struct engine *, const struct tunnel_info *);
static json_t	*engine_tunnel_json(const struct tunnel_info *);
static void	engine_errors_json(const char *, unsigned, void *);
static int	engine_tunnels_add(const struct tunnel_info *, void *);
static void	engine_test_done(void *, int, long, const char *);

/* The engine's record of a tunnel (created when create is set). */
struct engine_tun *
engine_tun_get(struct engine *e, const char *name, bool create)
{
	struct engine_tun	*t;
	uint64_t		 h = 1469598103934665603ULL;
	const char		*p;

	for (p = name; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	for (t = e->tuns[h % ENGINE_SLOTS]; t != NULL; t = t->next)
		if (strcmp(t->name, name) == 0)
			return (t);
	if (!create)
		return (NULL);
	t = xcalloc(1, sizeof *t);
	t->name = xstrdup(name);
	t->next = e->tuns[h % ENGINE_SLOTS];
	e->tuns[h % ENGINE_SLOTS] = t;
	return (t);
}

/* Keep a relevant line in its tunnel's ring. */
void
engine_tun_line(struct engine *e, const char *conn, const char *line,
    size_t len)
{
	struct engine_tun	*t = engine_tun_get(e, conn, true);

	if (len > 1024)
		len = 1024;
	free(t->ring[t->ring_at]);
	t->ring[t->ring_at] = xstrndup(line, len);
	t->ring_at = (t->ring_at + 1) % ENGINE_RING;
	if (t->nring < ENGINE_RING)
		t->nring++;
}

/* Record a tunnel's state when it changed (history for "show"). */
static void
engine_tun_note_state(struct engine *e, const struct tunnel_info *ti)
{
	struct engine_tun	*t = engine_tun_get(e, ti->name, true);
	const char		*s = tunnel_state_name(ti->state);

	if (strcmp(t->last_state, s) == 0)
		return;
	snprintf(t->last_state, sizeof t->last_state, "%s", s);
	t->hist[t->hist_at].at_us = ti->since_us;
	snprintf(t->hist[t->hist_at].state, sizeof t->hist[0].state, "%s", s);
	t->hist_at = (t->hist_at + 1) % ENGINE_HIST;
	if (t->nhist < ENGINE_HIST)
		t->nhist++;
}

/* track_foreach callback of engine_tun_note_state. */
int
engine_note_states(const struct tunnel_info *ti, void *arg)
{
	engine_tun_note_state(arg, ti);
	return (0);
}

/* One tunnel as JSON. */
static json_t *
engine_tunnel_json(const struct tunnel_info *ti)
{
	return (json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I, "
	    "s:I, s:I, s:I, s:I, s:I, s:I, s:s?, s:b, s:b, s:b}",
	    "name", ti->name, "conn", ti->conn, "peer", ti->peer,
	    "daemon", iw_daemon_name(ti->daemon),
	    "state", tunnel_state_name(ti->state),
	    "since_us", (json_int_t)ti->since_us,
	    "last_up_us", (json_int_t)ti->last_up_us,
	    "last_rekey_us", (json_int_t)ti->last_rekey_us,
	    "next_rekey_deadline_us", (json_int_t)ti->next_rekey_deadline_us,
	    "rekey_interval_s", (json_int_t)ti->rekey_interval_s,
	    "phase1_up", (json_int_t)ti->phase1_up,
	    "phase2_up", (json_int_t)ti->phase2_up,
	    "rekeys", (json_int_t)ti->rekeys,
	    "live_ike_sas", (json_int_t)ti->live_ike_sas,
	    "live_child_sas", (json_int_t)ti->live_child_sas,
	    "downs", (json_int_t)ti->downs,
	    "last_error", ti->last_error,
	    "must_be_up", ti->must_be_up, "may_be_down", ti->may_be_down,
	    "roadwarrior", ti->roadwarrior));
}

/* track_tunnel_errors callback: id -> count into a JSON object. */
static void
engine_errors_json(const char *id, unsigned n, void *arg)
{
	json_object_set_new(arg, id, json_integer(n));
}

/* track_foreach callback of "tunnels". */
static int
engine_tunnels_add(const struct tunnel_info *ti, void *arg)
{
	json_t	*o = engine_tunnel_json(ti), *errs = json_object();

	track_tunnel_errors(engine_current->track, ti->name, engine_errors_json, errs);
	json_object_set_new(o, "errors", errs);
	json_array_append_new(arg, o);
	return (0);
}

/* The engine must be running for the engine's commands. */
int
engine_ready(json_t *reply)
{
	if (engine_current == NULL || engine_current->track == NULL)
		return (ctl_error(reply, "the engine is not running"));
	return (0);
}

/* "tunnels": one object per tunnel. */
int
engine_cmd_tunnels(struct ctl_request *req, json_t *reply)
{
	json_t	*arr;

	if (engine_ready(reply) == -1)
		return (-1);
	arr = json_array();
	track_foreach(engine_current->track, engine_tunnels_add, arr);
	json_object_set_new(reply, "tunnels", arr);
	return (0);
}

/* "show NAME": a tunnel with history, lines, alerts and explanations. */
int
engine_cmd_show(struct ctl_request *req, json_t *reply)
{
	struct engine		*e = engine_current;
	struct tunnel_info	 ti;
	struct engine_tun	*t;
	const struct kb_entry	*ke;
	struct kb_text		 kt;
	json_t			*o, *errs, *hist, *lines, *als, *a, *ex;
	const char		*key, *id;
	void			*it;
	size_t			 i;

	if (engine_ready(reply) == -1)
		return (-1);
	if (track_tunnel_info(e->track, req->argv[0], &ti) == -1)
		return (ctl_error(reply, "no tunnel \"%s\"", req->argv[0]));
	o = engine_tunnel_json(&ti);
	errs = json_object();
	track_tunnel_errors(e->track, ti.name, engine_errors_json, errs);
	json_object_set_new(o, "errors", errs);
	hist = json_array();
	lines = json_array();
	if ((t = engine_tun_get(e, ti.name, false)) != NULL) {
		for (i = 0; i < t->nhist; i++) {
			size_t k = (t->hist_at + ENGINE_HIST - t->nhist + i) %
			    ENGINE_HIST;

			json_array_append_new(hist, json_pack("{s:I, s:s}", "at_us",
			    (json_int_t)t->hist[k].at_us, "state", t->hist[k].state));
		}
	}
	if ((t = engine_tun_get(e, ti.name, false)) != NULL ||
	    (t = engine_tun_get(e, ti.conn, false)) != NULL) {
		for (i = 0; i < t->nring; i++)
			json_array_append_new(lines, json_string(t->ring[(t->ring_at +
			    ENGINE_RING - t->nring + i) % ENGINE_RING]));
	}
	json_object_set_new(o, "history", hist);
	json_object_set_new(o, "log", lines);
	als = json_array();
	a = alert_status_json(e->alerts);
	json_array_foreach(a, i, it) {
		const char *tn = json_string_value(json_object_get(it, "tunnel"));

		if (tn != NULL && strcmp(tn, ti.name) == 0)
			json_array_append(als, it);
	}
	json_decref(a);
	json_object_set_new(o, "alerts", als);
	ex = json_object();
	json_object_foreach(errs, key, it) {
		id = key;
		if ((ke = kb_find(e->kb, id)) == NULL)
			continue;
		kt = kb_text(ke, e->d->conf->language);
		json_object_set_new(ex, id, json_pack("{s:s?, s:s?, s:s?, s:s?}",
		    "title", kt.title, "meaning", kt.meaning, "causes", kt.causes,
		    "checks", kt.checks));
	}
	json_object_set_new(o, "explanations", ex);
	json_object_set_new(reply, "tunnel", o);
	return (0);
}

/* "alerts": firing and recently resolved, and the silences. */
int
engine_cmd_alerts(struct ctl_request *req, json_t *reply)
{
	if (engine_ready(reply) == -1)
		return (-1);
	json_object_set_new(reply, "alerts", alert_status_json(engine_current->alerts));
	json_object_set_new(reply, "silences", alert_silences_json(engine_current->alerts));
	return (0);
}

/*
 * "silence PATTERN|KIND DURATION [COMMENT]": a word that names an alert
 * kind silences that kind, anything else is a tunnel glob.
 */
int
engine_cmd_silence(struct ctl_request *req, json_t *reply)
{
	struct causes	 c;
	const char	*what = req->argv[0], *glob = NULL, *kind = NULL;
	char		*id = NULL, by[64];
	int64_t		 dur;
	int		 r;

	if (engine_ready(reply) == -1)
		return (-1);
	if ((dur = conf_parse_duration(req->argv[1])) <= 0)
		return (ctl_error(reply, "silence: bad duration \"%s\" (90s, 15m, "
		    "2h, 1d)", req->argv[1]));
	if (iw_alert_kind_from_name(what) != -1)
		kind = what;
	else
		glob = what;
	snprintf(by, sizeof by, "uid %ld", (long)req->uid);
	causes_init(&c);
	r = alert_silence_add(engine_current->alerts, glob, kind,
	    engine_now(NULL) + dur * 1000000, req->argc > 2 ? req->argv[2] : "",
	    by, &id, &c);
	if (r == -1) {
		ctl_error(reply, "silence: %s", c.n > 0 ? c.msg[0] : "refused");
		causes_free(&c);
		return (-1);
	}
	causes_free(&c);
	log_info("silence %s added by %s: %s for %s", id, by, what, req->argv[1]);
	json_object_set_new(reply, "id", json_string(id));
	free(id);
	engine_current->dirty = true;
	engine_rearm(engine_current);
	return (0);
}

/* "unsilence ID". */
int
engine_cmd_unsilence(struct ctl_request *req, json_t *reply)
{
	if (engine_ready(reply) == -1)
		return (-1);
	if (alert_silence_remove(engine_current->alerts, req->argv[0]) == -1)
		return (ctl_error(reply, "no silence \"%s\"", req->argv[0]));
	log_info("silence %s removed by uid %ld", req->argv[0], (long)req->uid);
	engine_current->dirty = true;
	engine_rearm(engine_current);
	return (0);
}

/* A test notification's delivery ended: the deferred reply. */
static void
engine_test_done(void *arg, int ok, long code, const char *reason)
{
	struct engine_test	*t = arg;
	json_t			*reply = json_object();

	if (ok)
		json_object_set_new(reply, "ok", json_true());
	else
		ctl_error(reply, "test-alert %s: delivery failed: %s", t->receiver,
		    reason != NULL ? reason : "error");
	json_object_set_new(reply, "receiver", json_string(t->receiver));
	json_object_set_new(reply, "code", json_integer(code));
	if (reason != NULL)
		json_object_set_new(reply, "result", json_string(reason));
	log_info("test-alert %s: %s", t->receiver, ok ? "delivered" : "failed");
	ctl_pending_reply(t->pending, reply);
	free(t->receiver);
	free(t);
}

/*
 * "test-alert RECEIVER": send a test notification straight through the
 * receiver's plugin (not the spool: the result is the reply).
 */
int
engine_cmd_test_alert(struct ctl_request *req, json_t *reply)
{
	struct engine			*e = engine_current;
	struct ipsecwatch_notification	 n;
	struct ipsecwatch_alert		 a;
	struct engine_test		*t;
	struct plugin			*p = NULL;
	char				 host[256], id[64];
	size_t				 i;

	if (engine_ready(reply) == -1)
		return (-1);
	for (i = 0; i < e->nplugins; i++)
		if (strcmp(plugin_receiver_name(e->plugins[i]), req->argv[0]) == 0)
			p = e->plugins[i];
	if (p == NULL)
		return (ctl_error(reply, "no receiver \"%s\"", req->argv[0]));
	if (gethostname(host, sizeof host) == -1)
		snprintf(host, sizeof host, "localhost");
	snprintf(id, sizeof id, "test-%lld", (long long)engine_now(NULL));
	memset(&a, 0, sizeof a);
	a.key = "test/";
	a.kind = "test";
	a.severity = "info";
	a.status = "firing";
	a.tunnel = "";
	a.error = "";
	a.peer = "";
	a.started_us = engine_now(NULL);
	a.summary = "Test notification from ipsecwatch (ipsecwatch test-alert)";
	a.title = a.meaning = a.causes = a.checks = a.diagnostics = "";
	memset(&n, 0, sizeof n);
	n.id = id;
	n.receiver = req->argv[0];
	n.host = host;
	n.group = "test";
	n.status = "firing";
	n.severity = "info";
	n.language = iw_lang_name(e->d->conf->language);
	n.created_us = a.started_us;
	n.alerts = &a;
	n.n_alerts = 1;
	t = xcalloc(1, sizeof *t);
	t->receiver = xstrdup(req->argv[0]);
	t->pending = ctl_request_defer(req);
	if (plugin_send(p, &n, engine_test_done, t) == -1) {
		ctl_pending_cancel(t->pending);
		free(t->receiver);
		free(t);
		return (ctl_error(reply, "test-alert %s: the plugin refused the "
		    "notification", req->argv[0]));
	}
	return (CTL_DEFERRED);
}
