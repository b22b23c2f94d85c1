/*
 * alert.c - the alert manager (rules in alert.h).
 *
 * State: a list of alerts (one per key, firing or recently resolved), each
 * with a small per-receiver record (routed, changed = must be told,
 * sent_firing, sent_resolved); a list of (receiver, group) schedules
 * (flush_at for batched changes, remind_at for reminders); silences; and
 * per receiver the send times of the last hour (rate limit).
 *
 * The only way out is alert_advance(): transitions only mark alerts changed
 * and schedule their groups, so several changes that arrive together leave
 * as one notification, and nothing is sent from inside the tracker's
 * callback.
 *
 * The structures are in alert-private.h; saving and loading the state
 * (alerts, groups, silences) is in alert-state.c.
 */
#include "config.h"

#include <sys/queue.h>

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alert.h"
#include "alert-private.h"
#include "causes.h"
#include "log.h"
#include "notif.h"
#include "xmalloc.h"


static int64_t	 alert_now(const struct alert_mgr *);
static void	 alert_params_fix(struct alert_params *);
static void	 alert_set_receivers(struct alert_mgr *, const struct alert_params *);
static struct alert *alert_find(const struct alert_mgr *, const char *);
static char	*alert_key(enum iw_alert_kind, const char *, const char *);
static struct silence *alert_silenced(const struct alert_mgr *, const struct alert *);
static struct alert *alert_restart_cause(const struct alert_mgr *, const struct alert *);
static struct alert *alert_dpd_cause(const struct alert_mgr *, const struct alert *);
static void	 alert_schedule(struct alert_mgr *, struct agroup *, int64_t);
static void	 alert_mark(struct alert_mgr *, struct alert *, int64_t);
static void	 alert_fire(struct alert_mgr *, const struct track_alert *, int64_t);
static void	 alert_resolve(struct alert_mgr *, struct alert *, int64_t, int64_t);
static void	 alert_reeval(struct alert_mgr *, int64_t);
static void	 alert_flush(struct alert_mgr *, size_t, int64_t, bool);
static void	 alert_remind(struct alert_mgr *, struct agroup *, int64_t);
static void	 alert_add_to(struct alert_mgr *, struct ipsecwatch_notification *,
		    const struct alert *, size_t);
static void	 alert_emit(struct alert_mgr *, size_t, struct ipsecwatch_notification *,
		    int64_t);
static bool	 alert_rate_ok(struct alert_mgr *, size_t, int64_t, int64_t *);
static void	 alert_free_one(struct alert *);
static void	 silence_free(struct silence *);

/* Current time from the clock. */
static int64_t
alert_now(const struct alert_mgr *m)
{
	return (m->clock->now_us(m->clock->arg));
}

/* A sanitized one-line copy (log content reaches every receiver). */
char *
alert_clean(const char *s)
{
	char	*c;

	c = xstrdup(s != NULL ? s : "");
	notif_sanitize(c);
	return (c);
}

/* Defaults for unset parameters. */
static void
alert_params_fix(struct alert_params *p)
{
	if (p->policy.group_wait < 0)
		p->policy.group_wait = 0;
	if (p->policy.group_interval < 0)
		p->policy.group_interval = 0;
	if (p->policy.repeat_interval < 0)
		p->policy.repeat_interval = 0;
	if (p->policy.resolved_keep <= 0)
		p->policy.resolved_keep = 86400;
	if (p->inhibit_window <= 0)
		p->inhibit_window = 120;
}

/* Create a manager. */
struct alert_mgr *
alert_new(const struct alert_params *p, const struct iw_clock *clock,
    alert_notify_fn notify, void *arg)
{
	struct alert_mgr	*m;

	m = xcalloc(1, sizeof *m);
	m->clock = clock;
	m->notify = notify;
	m->notify_arg = arg;
	TAILQ_INIT(&m->alerts);
	TAILQ_INIT(&m->groups);
	TAILQ_INIT(&m->silences);
	alert_set_receivers(m, p);
	return (m);
}

/*
 * Take new parameters: receivers are matched by name, so an alert sent to
 * "ops-mail" before a reload still gets its resolution there after it.
 */
static void
alert_set_receivers(struct alert_mgr *m, const struct alert_params *p)
{
	struct arcv		*nr;
	struct alert		*a;
	struct alert_rcv	*ar;
	struct agroup		*g, *gn;
	size_t			 i, j, *map;

	m->p = *p;
	alert_params_fix(&m->p);
	if (p->hostname != NULL)
		snprintf(m->hostname, sizeof m->hostname, "%s", p->hostname);
	else if (gethostname(m->hostname, sizeof m->hostname - 1) == -1)
		snprintf(m->hostname, sizeof m->hostname, "localhost");
	nr = xcalloc(p->n_receivers + 1, sizeof *nr);
	map = xcalloc(m->n_rcv + 1, sizeof *map);
	for (j = 0; j < m->n_rcv; j++)
		map[j] = SIZE_MAX;
	for (i = 0; i < p->n_receivers; i++) {
		nr[i].rc = &p->receivers[i];
		nr[i].name = xstrdup(p->receivers[i].name);
		for (j = 0; j < m->n_rcv; j++) {
			if (strcmp(m->rcv[j].name, nr[i].name) == 0) {
				map[j] = i;
				nr[i].sent = m->rcv[j].sent;
				nr[i].n_sent = m->rcv[j].n_sent;
				m->rcv[j].sent = NULL;
			}
		}
	}
	TAILQ_FOREACH(a, &m->alerts, entry) {
		ar = xcalloc(p->n_receivers + 1, sizeof *ar);
		for (j = 0; j < m->n_rcv; j++) {
			if (map[j] != SIZE_MAX)
				ar[map[j]] = a->rcv[j];
		}
		free(a->rcv);
		a->rcv = ar;
		for (i = 0; i < p->n_receivers; i++) {
			/* Routing may have changed; what was sent stays owed. */
			a->rcv[i].routed = alert_routes(nr[i].rc, a) ||
			    a->rcv[i].sent_firing;
		}
	}
	for (g = TAILQ_FIRST(&m->groups); g != NULL; g = gn) {
		gn = TAILQ_NEXT(g, entry);
		if (g->rcv < m->n_rcv && map[g->rcv] != SIZE_MAX)
			g->rcv = map[g->rcv];
		else {
			TAILQ_REMOVE(&m->groups, g, entry);
			free(g->key);
			free(g);
		}
	}
	for (j = 0; j < m->n_rcv; j++) {
		free(m->rcv[j].name);
		free(m->rcv[j].sent);
	}
	free(m->rcv);
	free(map);
	m->rcv = nr;
	m->n_rcv = p->n_receivers;
}

/* Reload. */
void
alert_reconfigure(struct alert_mgr *m, const struct alert_params *p)
{
	alert_set_receivers(m, p);
	alert_reeval(m, alert_now(m));
}

/* Set the explanation source. */
void
alert_set_explain(struct alert_mgr *m, alert_explain_fn fn, void *arg)
{
	m->explain = fn;
	m->explain_arg = arg;
}

/* Set the log context source. */
void
alert_set_context(struct alert_mgr *m, alert_context_fn fn, void *arg)
{
	m->context = fn;
	m->context_arg = arg;
}

/* Set the diagnostics starter. */
void
alert_set_diag(struct alert_mgr *m, alert_diag_fn fn, void *arg)
{
	m->diag = fn;
	m->diag_arg = arg;
}

/* Free one alert. */
static void
alert_free_one(struct alert *a)
{
	size_t	 i;

	free(a->key);
	free(a->tunnel);
	free(a->error);
	free(a->peer);
	free(a->summary);
	free(a->group);
	free(a->cause);
	free(a->diag);
	for (i = 0; i < a->n_log; i++)
		free(a->log[i]);
	free(a->log);
	free(a->rcv);
	free(a);
}

/* Free one silence. */
static void
silence_free(struct silence *s)
{
	free(s->id);
	free(s->glob);
	free(s->comment);
	free(s->by);
	free(s);
}

/* Drop every alert, group and silence (callbacks and receivers stay). */
void
alert_clear(struct alert_mgr *m)
{
	struct alert	*a;
	struct agroup	*g;
	struct silence	*s;

	while ((a = TAILQ_FIRST(&m->alerts)) != NULL) {
		TAILQ_REMOVE(&m->alerts, a, entry);
		alert_free_one(a);
	}
	while ((g = TAILQ_FIRST(&m->groups)) != NULL) {
		TAILQ_REMOVE(&m->groups, g, entry);
		free(g->key);
		free(g);
	}
	while ((s = TAILQ_FIRST(&m->silences)) != NULL) {
		TAILQ_REMOVE(&m->silences, s, entry);
		silence_free(s);
	}
}

/* Free the manager. */
void
alert_free(struct alert_mgr *m)
{
	size_t		 i;

	if (m == NULL)
		return;
	alert_clear(m);
	for (i = 0; i < m->n_rcv; i++) {
		free(m->rcv[i].name);
		free(m->rcv[i].sent);
	}
	free(m->rcv);
	free(m);
}

/* The stable key of an alert. */
static char *
alert_key(enum iw_alert_kind kind, const char *tunnel, const char *error)
{
	char	*k;

	if (kind == IW_ALERT_NEGOTIATION_FAILED && error != NULL && *error != '\0')
		xasprintf(&k, "%s/%s/%s", iw_alert_kind_name(kind), tunnel, error);
	else
		xasprintf(&k, "%s/%s", iw_alert_kind_name(kind), tunnel);
	return (k);
}

/* Find an alert by key. */
static struct alert *
alert_find(const struct alert_mgr *m, const char *key)
{
	struct alert	*a;

	TAILQ_FOREACH(a, &m->alerts, entry) {
		if (strcmp(a->key, key) == 0)
			return (a);
	}
	return (NULL);
}

/* Whether a receiver wants an alert (severity, kinds, tunnels). */
bool
alert_routes(const struct receiver_config *rc, const struct alert *a)
{
	size_t	 i;
	bool	 hit;

	if (iw_alert_kind_severity(a->kind) < rc->min_severity)
		return (false);
	if (rc->n_kinds > 0) {
		for (i = 0, hit = false; i < rc->n_kinds && !hit; i++)
			hit = strcmp(rc->kinds[i], iw_alert_kind_name(a->kind)) == 0;
		if (!hit)
			return (false);
	}
	if (rc->n_tunnels > 0 && *a->tunnel != '\0') {
		for (i = 0, hit = false; i < rc->n_tunnels && !hit; i++)
			hit = fnmatch(rc->tunnels[i], a->tunnel, 0) == 0;
		if (!hit)
			return (false);
	}
	return (true);
}

/* The silence covering an alert, or NULL. */
static struct silence *
alert_silenced(const struct alert_mgr *m, const struct alert *a)
{
	struct silence	*s;

	TAILQ_FOREACH(s, &m->silences, entry) {
		if (s->kind != -1 && s->kind != (int)a->kind)
			continue;
		if (s->glob != NULL && fnmatch(s->glob, a->tunnel, 0) != 0)
			continue;
		return (s);
	}
	return (NULL);
}

/* Rule (a): the IKE daemon restart that explains a per-tunnel alert. */
static struct alert *
alert_restart_cause(const struct alert_mgr *m, const struct alert *a)
{
	struct alert	*c;

	if (*a->tunnel == '\0' || a->kind == IW_ALERT_INPUT_STALLED)
		return (NULL);
	TAILQ_FOREACH(c, &m->alerts, entry) {
		if (c->kind != IW_ALERT_IKE_DAEMON_RESTARTED || !c->firing)
			continue;
		if (a->started_us >= c->started_us &&
		    a->started_us - c->started_us <= m->p.inhibit_window * US)
			return (c);
	}
	return (NULL);
}

/* Rule (b): the firing DPD tunnel_down of the same peer that inhibits an alert. */
static struct alert *
alert_dpd_cause(const struct alert_mgr *m, const struct alert *a)
{
	struct alert	*c;

	if (a->kind != IW_ALERT_NEGOTIATION_FAILED &&
	    a->kind != IW_ALERT_NEGOTIATION_STALLED &&
	    a->kind != IW_ALERT_REKEY_OVERDUE)
		return (NULL);
	if (*a->peer == '\0')
		return (NULL);
	TAILQ_FOREACH(c, &m->alerts, entry) {
		if (c->kind == IW_ALERT_TUNNEL_DOWN && c->firing &&
		    strcmp(c->peer, a->peer) == 0 && strstr(c->error, "dpd") != NULL)
			return (c);
	}
	return (NULL);
}

/* The schedule of a (receiver, group), created on first use. */
struct agroup *
alert_group(struct alert_mgr *m, size_t r, const char *key)
{
	struct agroup	*g;

	TAILQ_FOREACH(g, &m->groups, entry) {
		if (g->rcv == r && strcmp(g->key, key) == 0)
			return (g);
	}
	g = xcalloc(1, sizeof *g);
	g->rcv = r;
	g->key = xstrdup(key);
	TAILQ_INSERT_TAIL(&m->groups, g, entry);
	return (g);
}

/* A group has news: notify after group_wait, at most once per group_interval. */
static void
alert_schedule(struct alert_mgr *m, struct agroup *g, int64_t now)
{
	int64_t	 at;

	if (g->flush_at != 0)
		return;
	at = now + m->p.policy.group_wait * US;
	if (g->last_flush_us != 0 && g->last_flush_us + m->p.policy.group_interval * US > at)
		at = g->last_flush_us + m->p.policy.group_interval * US;
	g->flush_at = at;
}

/* Decide, per receiver, whether an alert has news to send now. */
static void
alert_mark(struct alert_mgr *m, struct alert *a, int64_t now)
{
	struct alert_rcv	*ar;
	bool			 quiet;
	size_t			 i;

	quiet = a->inhibited || alert_silenced(m, a) != NULL;
	for (i = 0; i < m->n_rcv; i++) {
		ar = &a->rcv[i];
		if (!ar->routed)
			continue;
		if (a->firing) {
			ar->changed = !ar->sent_firing && !quiet;
		} else {
			/* A sent firing is always followed by its resolution. */
			ar->changed = ar->sent_firing && !ar->sent_resolved &&
			    m->p.policy.send_resolved;
		}
		if (ar->changed)
			alert_schedule(m, alert_group(m, i, a->group), now);
	}
}

/* Collect a log line for an alert. */
void
alert_log_add(void *ctx, const char *line)
{
	struct alert	*a = ctx;
	size_t		 i;

	if (a->n_log == ALERT_LOG_LINES) {
		free(a->log[0]);
		for (i = 1; i < a->n_log; i++)
			a->log[i - 1] = a->log[i];
		a->n_log--;
	}
	a->log = xreallocarray(a->log, a->n_log + 1, sizeof *a->log);
	a->log[a->n_log++] = alert_clean(line);
}

/* A fire transition. */
static void
alert_fire(struct alert_mgr *m, const struct track_alert *t, int64_t now)
{
	struct alert	*a, *cause;
	char		*key;
	bool		 fresh;
	size_t		 i;

	key = alert_key(t->kind, t->tunnel != NULL ? t->tunnel : "", t->error);
	a = alert_find(m, key);
	fresh = false;
	if (a == NULL) {
		a = xcalloc(1, sizeof *a);
		a->key = key;
		a->kind = t->kind;
		a->tunnel = alert_clean(t->tunnel);
		a->error = alert_clean(t->error);
		a->peer = alert_clean(t->peer);
		a->summary = alert_clean(t->summary);
		a->rcv = xcalloc(m->n_rcv + 1, sizeof *a->rcv);
		TAILQ_INSERT_TAIL(&m->alerts, a, entry);
		fresh = true;
	} else {
		free(key);
		if (t->summary != NULL) {
			free(a->summary);
			a->summary = alert_clean(t->summary);
		}
		if (t->peer != NULL && *t->peer != '\0' && *a->peer == '\0') {
			free(a->peer);
			a->peer = alert_clean(t->peer);
		}
		if (!a->firing) {
			a->firing = true;
			a->resolved_us = 0;
			/* A resolution nobody was told of yet: the firing goes on. */
			for (i = 0; i < m->n_rcv; i++) {
				if (a->rcv[i].sent_resolved) {
					fresh = true;
					break;
				}
			}
			if (!fresh) {
				/* Receivers told of the firing: the pending resolution is
				 * void; the others are told of the firing as usual. */
				alert_mark(m, a, now);
				return;
			}
		} else
			return;		/* a duplicate fire */
	}
	/* A new episode. */
	a->firing = true;
	a->started_us = t->at_us != 0 ? t->at_us : now;
	a->resolved_us = 0;
	for (i = 0; i < m->n_rcv; i++) {
		memset(&a->rcv[i], 0, sizeof a->rcv[i]);
		a->rcv[i].routed = alert_routes(m->rcv[i].rc, a);
	}
	free(a->cause);
	a->cause = NULL;
	free(a->group);
	a->inhibited = false;
	if ((cause = alert_restart_cause(m, a)) != NULL) {
		a->cause = xstrdup(cause->key);
		a->group = xstrdup(cause->group);
	} else if (a->kind == IW_ALERT_IKE_DAEMON_RESTARTED || *a->tunnel == '\0')
		xasprintf(&a->group, "daemon:%s", iw_alert_kind_name(a->kind));
	else if (*a->peer != '\0')
		xasprintf(&a->group, "peer:%s", a->peer);
	else
		xasprintf(&a->group, "tunnel:%s", a->tunnel);
	if (a->cause == NULL && (cause = alert_dpd_cause(m, a)) != NULL) {
		a->cause = xstrdup(cause->key);
		a->inhibited = true;
	}
	for (i = 0; i < a->n_log; i++)
		free(a->log[i]);
	a->n_log = 0;
	if (m->context != NULL)
		m->context(a->tunnel, a->peer, alert_log_add, a, m->context_arg);
	free(a->diag);
	a->diag = NULL;
	a->diag_pending = false;
	if (m->diag != NULL && m->p.diag_wait > 0 && !a->inhibited &&
	    (a->kind == IW_ALERT_TUNNEL_DOWN || a->kind == IW_ALERT_NEGOTIATION_FAILED)) {
		a->diag_pending = true;
		a->diag_deadline = now + m->p.diag_wait * US;
	}
	log_debug("alert %s firing (group %s%s%s)", a->key, a->group,
	    a->inhibited ? ", inhibited by " : "", a->inhibited ? a->cause : "");
	alert_mark(m, a, now);
	/* Last: the starter may report at once (alert_diag_result). */
	if (a->diag_pending)
		m->diag(a->key, a->tunnel, a->peer, m->diag_arg);
}

/* A resolve transition for one alert. */
static void
alert_resolve(struct alert_mgr *m, struct alert *a, int64_t at, int64_t now)
{
	if (!a->firing)
		return;
	a->firing = false;
	a->resolved_us = at != 0 ? at : now;
	log_debug("alert %s resolved", a->key);
	alert_mark(m, a, now);
	/* What it inhibited may have to be told now. */
	if (a->kind == IW_ALERT_TUNNEL_DOWN)
		alert_reeval(m, now);
}

/* Re-check inhibition, silences and routing of every firing alert. */
static void
alert_reeval(struct alert_mgr *m, int64_t now)
{
	struct alert	*a;

	TAILQ_FOREACH(a, &m->alerts, entry) {
		if (!a->firing)
			continue;
		if (a->inhibited && alert_dpd_cause(m, a) == NULL)
			a->inhibited = false;
		alert_mark(m, a, now);
	}
}

/* The tracker's callback. */
void
alert_track_cb(const struct track_alert *t, void *arg)
{
	alert_transition(arg, t);
}

/* Feed one transition. */
void
alert_transition(struct alert_mgr *m, const struct track_alert *t)
{
	struct alert	*a, *an;
	char		*key;
	int64_t		 now = alert_now(m);
	const char	*tunnel = t->tunnel != NULL ? t->tunnel : "";

	if ((unsigned)t->kind >= IW_ALERT__COUNT) {
		log_warnx("%s: unknown alert kind %d ignored", __func__, (int)t->kind);
		return;
	}
	if (t->firing) {
		alert_fire(m, t, now);
		return;
	}
	key = alert_key(t->kind, tunnel, t->error);
	if ((a = alert_find(m, key)) != NULL && a->firing)
		alert_resolve(m, a, t->at_us, now);
	else {
		/* No exact key: resolve this kind on this tunnel. */
		for (a = TAILQ_FIRST(&m->alerts); a != NULL; a = an) {
			an = TAILQ_NEXT(a, entry);
			if (a->kind == t->kind && a->firing &&
			    strcmp(a->tunnel, tunnel) == 0)
				alert_resolve(m, a, t->at_us, now);
		}
	}
	free(key);
}

/* Diagnostics output arrived for an alert. */
void
alert_diag_result(struct alert_mgr *m, const char *key, const char *output)
{
	struct alert	*a;
	struct agroup	*g;
	int64_t		 now;

	if ((a = alert_find(m, key)) == NULL || !a->diag_pending)
		return;
	free(a->diag);
	a->diag = xstrdup(output != NULL ? output : "");
	notif_sanitize_text(a->diag);
	a->diag_pending = false;
	/* Groups held only for this output are due now. */
	now = alert_now(m);
	TAILQ_FOREACH(g, &m->groups, entry) {
		if (g->diag_hold && strcmp(g->key, a->group) == 0) {
			g->diag_hold = false;
			if (g->flush_at > now)
				g->flush_at = now;
		}
	}
}

/* Whether a receiver may send now; else when it may (*when). */
static bool
alert_rate_ok(struct alert_mgr *m, size_t r, int64_t now, int64_t *when)
{
	struct arcv	*rv = &m->rcv[r];
	size_t		 drop = 0;

	if (rv->rc->rate_limit <= 0)
		return (true);
	while (drop < rv->n_sent && rv->sent[drop] + ALERT_HOUR <= now)
		drop++;
	if (drop > 0) {
		memmove(rv->sent, rv->sent + drop, (rv->n_sent - drop) * sizeof *rv->sent);
		rv->n_sent -= drop;
	}
	if (rv->n_sent < (size_t)rv->rc->rate_limit)
		return (true);
	*when = rv->sent[0] + ALERT_HOUR;
	return (false);
}

/* Add one alert to a notification, in the receiver's language. */
static void
alert_add_to(struct alert_mgr *m, struct ipsecwatch_notification *n,
    const struct alert *a, size_t r)
{
	struct ipsecwatch_alert	*na;
	struct kb_text		 kt;
	size_t			 i;

	na = notif_add_alert(n);
	notif_set(&na->key, a->key);
	notif_set(&na->kind, iw_alert_kind_name(a->kind));
	notif_set(&na->severity, iw_severity_name(iw_alert_kind_severity(a->kind)));
	notif_set(&na->status, a->firing ? "firing" : "resolved");
	notif_set(&na->tunnel, a->tunnel);
	notif_set(&na->error, a->error);
	notif_set(&na->peer, a->peer);
	notif_set(&na->summary, a->summary);
	na->started_us = a->started_us;
	na->resolved_us = a->firing ? 0 : a->resolved_us;
	memset(&kt, 0, sizeof kt);
	if (m->explain != NULL && *a->error != '\0' &&
	    m->explain(a->error, m->rcv[r].rc->language, &kt, m->explain_arg)) {
		notif_set(&na->title, kt.title);
		notif_set(&na->meaning, kt.meaning);
		notif_set(&na->causes, kt.causes);
		notif_set(&na->checks, kt.checks);
	}
	for (i = 0; i < a->n_log; i++)
		notif_add_log(na, a->log[i]);
	if (a->diag != NULL)
		notif_set(&na->diagnostics, a->diag);
}

/* Finish a notification (status, severity, id) and hand it over. */
static void
alert_emit(struct alert_mgr *m, size_t r, struct ipsecwatch_notification *n, int64_t now)
{
	struct arcv	*rv = &m->rcv[r];
	size_t		 i;
	int		 sev = -1, s;
	bool		 firing = false;
	char		 id[64];

	/* The highest severity of the firing alerts, else of all. */
	for (i = 0; i < n->n_alerts; i++)
		firing = firing || strcmp(n->alerts[i].status, "firing") == 0;
	for (i = 0; i < n->n_alerts; i++) {
		if (firing && strcmp(n->alerts[i].status, "firing") != 0)
			continue;
		if ((s = iw_severity_from_name(n->alerts[i].severity)) > sev)
			sev = s;
	}
	snprintf(id, sizeof id, "%lld-%u", (long long)now, m->seq++);
	notif_set(&n->id, id);
	notif_set(&n->receiver, rv->name);
	notif_set(&n->host, m->hostname);
	notif_set(&n->status, firing ? "firing" : "resolved");
	notif_set(&n->severity, iw_severity_name(sev < 0 ? IW_SEV_INFO : sev));
	notif_set(&n->language, iw_lang_name(rv->rc->language));
	n->created_us = now;
	if (rv->rc->rate_limit > 0) {
		rv->sent = xreallocarray(rv->sent, rv->n_sent + 1, sizeof *rv->sent);
		rv->sent[rv->n_sent++] = now;
	}
	log_info("notification %s to %s: %s %s, %zu alert(s)%s", n->id, rv->name,
	    n->group, n->status, n->n_alerts, n->reminder ? " (reminder)" : "");
	m->notify(n, m->notify_arg);
}

/*
 * Send the due groups (g->due) of receiver r as one notification per group,
 * or all of them as one "batch" notification when batch is set (a rate
 * limit held them).
 */
static void
alert_flush(struct alert_mgr *m, size_t r, int64_t now, bool batch)
{
	struct ipsecwatch_notification	*n = NULL;
	struct agroup			*g;
	struct alert			*a;
	struct alert_rcv		*ar;
	bool				 any_firing;

	TAILQ_FOREACH(g, &m->groups, entry) {
		if (g->rcv != r || !g->due)
			continue;
		if (n == NULL) {
			n = notif_new();
			notif_set(&n->group, batch ? "batch" : g->key);
		}
		any_firing = false;
		TAILQ_FOREACH(a, &m->alerts, entry) {
			if (strcmp(a->group, g->key) != 0)
				continue;
			ar = &a->rcv[r];
			if (ar->changed) {
				ar->changed = false;
				if (a->firing) {
					/* A silence may have started since it was marked. */
					if (a->inhibited || alert_silenced(m, a) != NULL)
						continue;
					ar->sent_firing = true;
				} else
					ar->sent_resolved = true;
				alert_add_to(m, n, a, r);
			}
			if (a->firing && ar->sent_firing)
				any_firing = true;
		}
		g->due = false;
		g->flush_at = 0;
		g->last_flush_us = now;
		g->remind_at = any_firing && m->p.policy.repeat_interval > 0 ?
		    now + m->p.policy.repeat_interval * US : 0;
		if (!batch) {
			if (n->n_alerts > 0)
				alert_emit(m, r, n, now);
			notif_free(n);
			n = NULL;
		}
	}
	if (n != NULL) {
		if (n->n_alerts > 0)
			alert_emit(m, r, n, now);
		notif_free(n);
	}
}

/* A reminder of a group's still-firing alerts. */
static void
alert_remind(struct alert_mgr *m, struct agroup *g, int64_t now)
{
	struct ipsecwatch_notification	*n;
	struct alert			*a;

	n = notif_new();
	notif_set(&n->group, g->key);
	n->reminder = true;
	TAILQ_FOREACH(a, &m->alerts, entry) {
		if (strcmp(a->group, g->key) != 0 || !a->firing ||
		    !a->rcv[g->rcv].sent_firing || alert_silenced(m, a) != NULL ||
		    a->kind == IW_ALERT_IKE_DAEMON_RESTARTED)
			continue;
		alert_add_to(m, n, a, g->rcv);
	}
	g->last_flush_us = now;
	g->remind_at = n->n_alerts > 0 ? now + m->p.policy.repeat_interval * US : 0;
	if (n->n_alerts > 0)
		alert_emit(m, g->rcv, n, now);
	notif_free(n);
}

/* Do what is due at now. */
void
alert_advance(struct alert_mgr *m, int64_t now)
{
	struct silence	*s, *sn;
	struct alert	*a, *an;
	struct agroup	*g, *gn;
	bool		 changed = false, any;
	int64_t		 when, wait;
	size_t		 r, ndue;

	for (s = TAILQ_FIRST(&m->silences); s != NULL; s = sn) {
		sn = TAILQ_NEXT(s, entry);
		if (s->until_us > now)
			continue;
		log_info("silence %s expired", s->id);
		TAILQ_REMOVE(&m->silences, s, entry);
		silence_free(s);
		changed = true;
	}
	if (changed)
		alert_reeval(m, now);
	TAILQ_FOREACH(a, &m->alerts, entry) {
		/* An IKE daemon restart is a one-shot event: once its window is
		 * over it ends quietly (no reminders, no "resolved"). */
		if (a->kind == IW_ALERT_IKE_DAEMON_RESTARTED && a->firing &&
		    a->started_us + m->p.inhibit_window * US <= now) {
			a->firing = false;
			a->resolved_us = now;
			for (r = 0; r < m->n_rcv; r++) {
				a->rcv[r].changed = false;
				a->rcv[r].sent_resolved = a->rcv[r].sent_firing;
			}
		}
		if (a->diag_pending && a->diag_deadline <= now) {
			log_debug("alert %s: diagnostics not finished in time", a->key);
			a->diag_pending = false;
		}
	}

	for (r = 0; r < m->n_rcv; r++) {
		ndue = 0;
		TAILQ_FOREACH(g, &m->groups, entry) {
			g->due = false;
			if (g->rcv != r || g->flush_at == 0 || g->flush_at > now)
				continue;
			/* Wait (bounded by diag_wait) for diagnostics to attach. */
			wait = 0;
			TAILQ_FOREACH(a, &m->alerts, entry) {
				if (a->diag_pending && a->rcv[r].changed &&
				    strcmp(a->group, g->key) == 0 &&
				    (wait == 0 || a->diag_deadline < wait))
					wait = a->diag_deadline;
			}
			if (wait != 0) {
				g->flush_at = wait;
				g->diag_hold = true;
				continue;
			}
			g->diag_hold = false;
			g->due = true;
			ndue++;
		}
		if (ndue > 0) {
			if (!alert_rate_ok(m, r, now, &when)) {
				log_info("receiver %s: rate limit of %d per hour reached; "
				    "holding %zu group(s)", m->rcv[r].name,
				    m->rcv[r].rc->rate_limit, ndue);
				TAILQ_FOREACH(g, &m->groups, entry) {
					if (g->due) {
						g->due = false;
						g->flush_at = when;
					}
				}
			} else
				alert_flush(m, r, now, m->rcv[r].rc->rate_limit > 0 &&
				    ndue > 1);
		}
		TAILQ_FOREACH(g, &m->groups, entry) {
			if (g->rcv != r || g->remind_at == 0 || g->remind_at > now)
				continue;
			if (!alert_rate_ok(m, r, now, &when)) {
				g->remind_at = when;
				continue;
			}
			alert_remind(m, g, now);
		}
	}

	/* Forget resolved alerts after resolved_keep, once nothing is owed. */
	for (a = TAILQ_FIRST(&m->alerts); a != NULL; a = an) {
		an = TAILQ_NEXT(a, entry);
		if (a->firing || a->resolved_us + m->p.policy.resolved_keep * US > now)
			continue;
		for (r = 0, any = false; r < m->n_rcv; r++)
			any = any || a->rcv[r].changed;
		if (any)
			continue;
		TAILQ_REMOVE(&m->alerts, a, entry);
		alert_free_one(a);
	}
	/* Drop idle group schedules. */
	for (g = TAILQ_FIRST(&m->groups); g != NULL; g = gn) {
		gn = TAILQ_NEXT(g, entry);
		if (g->flush_at != 0 || g->remind_at != 0)
			continue;
		if (g->last_flush_us != 0 &&
		    g->last_flush_us + m->p.policy.group_interval * US > now)
			continue;
		any = false;
		TAILQ_FOREACH(a, &m->alerts, entry) {
			if (strcmp(a->group, g->key) == 0 && a->firing) {
				any = true;
				break;
			}
		}
		if (any)
			continue;
		TAILQ_REMOVE(&m->groups, g, entry);
		free(g->key);
		free(g);
	}
}

/* Earliest deadline. */
int64_t
alert_next_deadline(const struct alert_mgr *m)
{
	const struct silence	*s;
	const struct agroup	*g;
	const struct alert	*a;
	int64_t			 t = INT64_MAX;

	TAILQ_FOREACH(s, &m->silences, entry) {
		if (s->until_us < t)
			t = s->until_us;
	}
	TAILQ_FOREACH(g, &m->groups, entry) {
		if (g->flush_at != 0 && g->flush_at < t)
			t = g->flush_at;
		if (g->remind_at != 0 && g->remind_at < t)
			t = g->remind_at;
		if (g->flush_at == 0 && g->remind_at == 0 && g->last_flush_us != 0 &&
		    g->last_flush_us + m->p.policy.group_interval * US < t)
			t = g->last_flush_us + m->p.policy.group_interval * US;
	}
	TAILQ_FOREACH(a, &m->alerts, entry) {
		if (a->diag_pending && a->diag_deadline < t)
			t = a->diag_deadline;
		if (a->kind == IW_ALERT_IKE_DAEMON_RESTARTED && a->firing &&
		    a->started_us + m->p.inhibit_window * US < t)
			t = a->started_us + m->p.inhibit_window * US;
		if (!a->firing &&
		    a->resolved_us + m->p.policy.resolved_keep * US < t)
			t = a->resolved_us + m->p.policy.resolved_keep * US;
	}
	return (t);
}

/* Groups with news waiting for their flush. */
size_t
alert_unsent(const struct alert_mgr *m)
{
	const struct agroup	*g;
	size_t			 n = 0;

	TAILQ_FOREACH(g, &m->groups, entry) {
		if (g->flush_at != 0)
			n++;
	}
	return (n);
}

/* Add a silence. */
int
alert_silence_add(struct alert_mgr *m, const char *glob, const char *kind,
    int64_t until_us, const char *comment, const char *by, char **id,
    struct causes *causes)
{
	struct silence	*s;
	int64_t		 now = alert_now(m);
	int		 k = -1;
	char		 buf[32];

	if ((glob == NULL || *glob == '\0') && (kind == NULL || *kind == '\0')) {
		causes_add(causes, "a silence needs a tunnel pattern or a kind");
		return (-1);
	}
	if (kind != NULL && *kind != '\0' && (k = iw_alert_kind_from_name(kind)) == -1) {
		causes_add(causes, "unknown alert kind \"%s\"", kind);
		return (-1);
	}
	if (until_us <= now) {
		causes_add(causes, "the silence would already have expired");
		return (-1);
	}
	s = xcalloc(1, sizeof *s);
	snprintf(buf, sizeof buf, "s%llx%x", (long long)(now / US), m->seq++ & 0xffff);
	s->id = xstrdup(buf);
	s->glob = glob != NULL && *glob != '\0' ? alert_clean(glob) : NULL;
	s->kind = k;
	s->comment = alert_clean(comment);
	s->by = alert_clean(by);
	s->created_us = now;
	s->until_us = until_us;
	TAILQ_INSERT_TAIL(&m->silences, s, entry);
	log_info("silence %s added: tunnel %s kind %s until %lld (%s)", s->id,
	    s->glob != NULL ? s->glob : "*", k == -1 ? "*" : kind,
	    (long long)(until_us / US), s->comment);
	if (id != NULL)
		*id = xstrdup(s->id);
	return (0);
}

/* Remove a silence; alerts it held back are sent. */
int
alert_silence_remove(struct alert_mgr *m, const char *id)
{
	struct silence	*s;

	TAILQ_FOREACH(s, &m->silences, entry) {
		if (strcmp(s->id, id) == 0)
			break;
	}
	if (s == NULL)
		return (-1);
	TAILQ_REMOVE(&m->silences, s, entry);
	log_info("silence %s removed", s->id);
	silence_free(s);
	alert_reeval(m, alert_now(m));
	return (0);
}

/* One silence as JSON. */
static json_t *
alert_silence_json(const struct silence *s)
{
	json_t	*o;

	/* Absent (not null) means "any". */
	o = json_pack("{s:s, s:s, s:s, s:I, s:I}", "id", s->id, "comment",
	    s->comment, "by", s->by, "created_us", (json_int_t)s->created_us,
	    "until_us", (json_int_t)s->until_us);
	if (s->glob != NULL)
		json_object_set_new(o, "tunnel", json_string(s->glob));
	if (s->kind != -1)
		json_object_set_new(o, "kind", json_string(iw_alert_kind_name(s->kind)));
	return (o);
}

/* Every silence. */
json_t *
alert_silences_json(const struct alert_mgr *m)
{
	const struct silence	*s;
	json_t			*a;

	a = json_array();
	TAILQ_FOREACH(s, &m->silences, entry)
		json_array_append_new(a, alert_silence_json(s));
	return (a);
}

/* One alert with its state, as JSON (status and the state file). */
json_t *
alert_json(const struct alert_mgr *m, const struct alert *a, bool full)
{
	json_t	*o, *rcv, *log;
	size_t	 i;

	o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:I, s:I}",
	    "key", a->key, "kind", iw_alert_kind_name(a->kind), "tunnel", a->tunnel,
	    "error", a->error, "peer", a->peer, "summary", a->summary,
	    "group", a->group, "firing", a->firing, "inhibited", a->inhibited,
	    "started_us", (json_int_t)a->started_us,
	    "resolved_us", (json_int_t)a->resolved_us);
	if (a->cause != NULL)
		json_object_set_new(o, "cause", json_string(a->cause));
	json_object_set_new(o, "silenced", json_boolean(alert_silenced(m, a) != NULL));
	rcv = json_object();
	for (i = 0; i < m->n_rcv; i++) {
		json_object_set_new(rcv, m->rcv[i].name, json_pack("{s:b, s:b, s:b, s:b}",
		    "routed", a->rcv[i].routed, "changed", a->rcv[i].changed,
		    "sent_firing", a->rcv[i].sent_firing,
		    "sent_resolved", a->rcv[i].sent_resolved));
	}
	json_object_set_new(o, "receivers", rcv);
	if (full) {
		log = json_array();
		for (i = 0; i < a->n_log; i++)
			json_array_append_new(log, json_string(a->log[i]));
		json_object_set_new(o, "log", log);
		if (a->diag != NULL)
			json_object_set_new(o, "diagnostics", json_string(a->diag));
	}
	return (o);
}

/* Alerts and their state. */
json_t *
alert_status_json(const struct alert_mgr *m)
{
	const struct alert	*a;
	json_t			*arr;

	arr = json_array();
	TAILQ_FOREACH(a, &m->alerts, entry)
		json_array_append_new(arr, alert_json(m, a, false));
	return (arr);
}

/* Number of firing alerts. */
size_t
alert_firing_count(const struct alert_mgr *m)
{
	const struct alert	*a;
	size_t			 n = 0;

	TAILQ_FOREACH(a, &m->alerts, entry) {
		if (a->firing)
			n++;
	}
	return (n);
}

