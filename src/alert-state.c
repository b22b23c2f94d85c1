/*
 * alert-state.c - the alert manager's part of the state file: firing and
 * recently resolved alerts with what each receiver was told, the group
 * schedules and the silences, saved as JSON and validated on load (a bad
 * part gives a warning and is skipped).
 */
#include "config.h"

#include <sys/queue.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "alert.h"
#include "alert-private.h"
#include "causes.h"
#include "log.h"
#include "notif.h"
#include "xmalloc.h"

static size_t	 alert_rcv_index(const struct alert_mgr *, const char *);

/* The persistent state as one JSON document. */
int
alert_state_save(const struct alert_mgr *m, json_t **out)
{
	const struct alert	*a;
	const struct agroup	*g;
	json_t			*o, *alerts, *groups, *sent, *times;
	size_t			 i, j;

	alerts = json_array();
	TAILQ_FOREACH(a, &m->alerts, entry)
		json_array_append_new(alerts, alert_json(m, a, true));
	groups = json_array();
	TAILQ_FOREACH(g, &m->groups, entry) {
		json_array_append_new(groups, json_pack("{s:s, s:s, s:I, s:I, s:I}",
		    "receiver", m->rcv[g->rcv].name, "key", g->key,
		    "last_flush_us", (json_int_t)g->last_flush_us,
		    "flush_at", (json_int_t)g->flush_at,
		    "remind_at", (json_int_t)g->remind_at));
	}
	sent = json_object();
	for (i = 0; i < m->n_rcv; i++) {
		times = json_array();
		for (j = 0; j < m->rcv[i].n_sent; j++)
			json_array_append_new(times, json_integer(m->rcv[i].sent[j]));
		json_object_set_new(sent, m->rcv[i].name, times);
	}
	o = json_pack("{s:i, s:o, s:o, s:o, s:o, s:I}", "version", 1,
	    "alerts", alerts, "groups", groups, "silences", alert_silences_json(m),
	    "sent", sent, "seq", (json_int_t)m->seq);
	if (o == NULL)
		return (-1);
	*out = o;
	return (0);
}

/* A receiver index by name, or SIZE_MAX. */
static size_t
alert_rcv_index(const struct alert_mgr *m, const char *name)
{
	size_t	 i;

	for (i = 0; i < m->n_rcv; i++) {
		if (strcmp(m->rcv[i].name, name) == 0)
			return (i);
	}
	return (SIZE_MAX);
}

/* Restore the persistent state (replaces the current one). */
int
alert_state_load(struct alert_mgr *m, const json_t *o, struct causes *causes)
{
	const json_t	*v, *rcv, *rv, *lines, *l;
	const char	*key, *kind, *tunnel, *error, *peer, *summary, *group, *name;
	const char	*glob, *comment, *by, *cause;
	json_int_t	 started, resolved, last, flush, remind, created, until;
	int		 firing, inhibited, k;
	size_t		 i, j, r;
	struct alert	*a;
	struct agroup	*g;
	struct silence	*s;
	json_error_t	 jerr;

	if (!json_is_object(o) || json_integer_value(json_object_get(o, "version")) != 1) {
		causes_add(causes, "alert state: not version 1");
		return (-1);
	}
	/* Validate everything before touching the manager. */
	json_array_foreach(json_object_get(o, "alerts"), i, v) {
		if (json_unpack_ex((json_t *)v, &jerr, 0, "{s:s, s:s, s:s, s:s, s:s, "
		    "s:s, s:s, s:b, s:b, s:I, s:I, s:o}", "key", &key, "kind", &kind,
		    "tunnel", &tunnel, "error", &error, "peer", &peer, "summary",
		    &summary, "group", &group, "firing", &firing, "inhibited",
		    &inhibited, "started_us", &started, "resolved_us", &resolved,
		    "receivers", &rcv) == -1 || iw_alert_kind_from_name(kind) == -1) {
			causes_add(causes, "alert state: alert %zu: %s", i, jerr.text);
			return (-1);
		}
	}
	json_array_foreach(json_object_get(o, "groups"), i, v) {
		if (json_unpack_ex((json_t *)v, &jerr, 0, "{s:s, s:s, s:I, s:I, s:I}",
		    "receiver", &name, "key", &key, "last_flush_us", &last,
		    "flush_at", &flush, "remind_at", &remind) == -1) {
			causes_add(causes, "alert state: group %zu: %s", i, jerr.text);
			return (-1);
		}
	}
	json_array_foreach(json_object_get(o, "silences"), i, v) {
		kind = glob = NULL;
		if (json_unpack_ex((json_t *)v, &jerr, 0, "{s:s, s?s, s?s, s:s, s:s, "
		    "s:I, s:I}", "id", &key, "tunnel", &glob, "kind", &kind,
		    "comment", &comment, "by", &by, "created_us", &created,
		    "until_us", &until) == -1 ||
		    (kind != NULL && iw_alert_kind_from_name(kind) == -1)) {
			causes_add(causes, "alert state: silence %zu: %s", i, jerr.text);
			return (-1);
		}
	}

	/* Clear, keeping callbacks and receivers. */
	alert_clear(m);

	json_array_foreach(json_object_get(o, "alerts"), i, v) {
		json_unpack((json_t *)v, "{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, "
		    "s:b, s:I, s:I, s:o}", "key", &key, "kind", &kind, "tunnel",
		    &tunnel, "error", &error, "peer", &peer, "summary", &summary,
		    "group", &group, "firing", &firing, "inhibited", &inhibited,
		    "started_us", &started, "resolved_us", &resolved, "receivers", &rcv);
		a = xcalloc(1, sizeof *a);
		a->key = xstrdup(key);
		a->kind = iw_alert_kind_from_name(kind);
		a->tunnel = alert_clean(tunnel);
		a->error = alert_clean(error);
		a->peer = alert_clean(peer);
		a->summary = alert_clean(summary);
		a->group = xstrdup(group);
		cause = json_string_value(json_object_get(v, "cause"));
		a->cause = cause != NULL ? xstrdup(cause) : NULL;
		a->firing = firing;
		a->inhibited = inhibited;
		a->started_us = started;
		a->resolved_us = resolved;
		if ((l = json_object_get(v, "diagnostics")) != NULL && json_is_string(l))
			a->diag = xstrdup(json_string_value(l));
		lines = json_object_get(v, "log");
		json_array_foreach(lines, j, l) {
			if (json_is_string(l))
				alert_log_add(a, json_string_value(l));
		}
		a->rcv = xcalloc(m->n_rcv + 1, sizeof *a->rcv);
		for (r = 0; r < m->n_rcv; r++) {
			a->rcv[r].routed = alert_routes(m->rcv[r].rc, a);
			rv = json_object_get(rcv, m->rcv[r].name);
			if (!json_is_object(rv))
				continue;
			a->rcv[r].changed = json_is_true(json_object_get(rv, "changed"));
			a->rcv[r].sent_firing = json_is_true(json_object_get(rv,
			    "sent_firing"));
			a->rcv[r].sent_resolved = json_is_true(json_object_get(rv,
			    "sent_resolved"));
			a->rcv[r].routed = a->rcv[r].routed || a->rcv[r].sent_firing;
		}
		TAILQ_INSERT_TAIL(&m->alerts, a, entry);
	}
	json_array_foreach(json_object_get(o, "groups"), i, v) {
		json_unpack((json_t *)v, "{s:s, s:s, s:I, s:I, s:I}", "receiver", &name,
		    "key", &key, "last_flush_us", &last, "flush_at", &flush,
		    "remind_at", &remind);
		if ((r = alert_rcv_index(m, name)) == SIZE_MAX)
			continue;
		g = alert_group(m, r, key);
		g->last_flush_us = last;
		g->flush_at = flush;
		g->remind_at = remind;
	}
	json_array_foreach(json_object_get(o, "silences"), i, v) {
		kind = glob = NULL;
		json_unpack((json_t *)v, "{s:s, s?s, s?s, s:s, s:s, s:I, s:I}", "id",
		    &key, "tunnel", &glob, "kind", &kind, "comment", &comment, "by", &by,
		    "created_us", &created, "until_us", &until);
		k = kind != NULL ? iw_alert_kind_from_name(kind) : -1;
		s = xcalloc(1, sizeof *s);
		s->id = xstrdup(key);
		s->glob = glob != NULL ? xstrdup(glob) : NULL;
		s->kind = k;
		s->comment = xstrdup(comment);
		s->by = xstrdup(by);
		s->created_us = created;
		s->until_us = until;
		TAILQ_INSERT_TAIL(&m->silences, s, entry);
	}
	for (r = 0; r < m->n_rcv; r++) {
		free(m->rcv[r].sent);
		m->rcv[r].sent = NULL;
		m->rcv[r].n_sent = 0;
		json_array_foreach(json_object_get(json_object_get(o, "sent"),
		    m->rcv[r].name), j, l) {
			m->rcv[r].sent = xreallocarray(m->rcv[r].sent,
			    m->rcv[r].n_sent + 1, sizeof *m->rcv[r].sent);
			m->rcv[r].sent[m->rcv[r].n_sent++] = json_integer_value(l);
		}
	}
	m->seq = (unsigned)json_integer_value(json_object_get(o, "seq"));
	return (0);
}
