/*
 * track-state.c - the tracker's section of the daemon's state file:
 * track_state_save and track_state_load (JSON through jansson).
 *
 * See track.h for what is saved and what is re-derived after a restart.
 */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "causes.h"
#include "ipsecwatch.h"
#include "track.h"
#include "track-private.h"
#include "xmalloc.h"

static json_t	*kindinfo_json(const struct kindinfo *);
static void	 kindinfo_load(struct kindinfo *, const json_t *);
static bool	 tunnel_json_valid(const json_t *);
static const char *json_intern(struct track *, const json_t *, const char *);

/* The per-kind rekey rhythm as JSON. */
static json_t *
kindinfo_json(const struct kindinfo *k)
{
	json_t	*ring = json_array();
	uint8_t	 i;

	for (i = 0; i < k->nring; i++)
		json_array_append_new(ring, json_integer(k->ring[i]));
	return (json_pack("{s:I, s:I, s:I, s:I, s:o, s:i}",
	    "est_us", (json_int_t)k->est_us, "sched_us", (json_int_t)k->sched_us,
	    "hard_us", (json_int_t)k->hard_us, "rekeys", (json_int_t)k->rekeys,
	    "ring", ring, "ringpos", (int)k->ringpos));
}

/* Save the tracker's state (see track.h). */
int
track_state_save(const struct track *t, json_t **out)
{
	const struct tunnel	*tun;
	const struct sa		*s;
	json_t			*tuns, *o, *errs, *neg, *sas, *ds;
	size_t			 i;
	uint8_t			 j;
	int			 k;

	tuns = json_array();
	for (i = 0; i < t->tbl_size; i++) {
		for (tun = t->tbl[i]; tun != NULL; tun = tun->hnext) {
			errs = json_object();
			for (j = 0; j < tun->nerrs; j++)
				json_object_set_new(errs, tun->errs[j].id,
				    json_integer(tun->errs[j].count));
			neg = json_array();
			for (j = 0; j < tun->nnegfail; j++)
				json_array_append_new(neg,
				    json_string(tun->negfail[j]));
			sas = json_array();
			for (s = tun->sas; s != NULL; s = s->tnext)
				json_array_append_new(sas, json_pack("{s:I, s:I, "
				    "s:i, s:i}", "id", (json_int_t)s->id, "est_us",
				    (json_int_t)s->est_us, "daemon", (int)s->daemon,
				    "kind", (int)s->kind));
			o = json_pack("{s:s, s:s, s:s?, s:i, s:i, s:i, s:i, s:i, "
			    "s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:s?, s:s?, s:s?, "
			    "s:o, s:o, s:o, s:o, s:o}",
			    "name", tun->name, "conn", tun->conn, "peer", tun->peer,
			    "daemon", (int)tun->daemon, "state", (int)tun->state,
			    "ike_version", (int)tun->ike_version,
			    "flags", (int)(tun->flags & (TF_NEGOTIATING |
			    TF_FAILED | TF_WAS_UP)), "firing", (int)tun->firing,
			    "phase1_up", (json_int_t)tun->phase1_up,
			    "phase2_up", (json_int_t)tun->phase2_up,
			    "downs", (json_int_t)tun->downs,
			    "since_us", (json_int_t)tun->since_us,
			    "first_us", (json_int_t)tun->first_us,
			    "last_up_us", (json_int_t)tun->last_up_us,
			    "last_rekey_us", (json_int_t)tun->last_rekey_us,
			    "last_error", tun->last_error,
			    "down_error", tun->down_error, "cause", tun->cause,
			    "errors", errs, "negfail", neg, "sas", sas,
			    "ike", kindinfo_json(&tun->k[0]),
			    "child", kindinfo_json(&tun->k[1]));
			if (o == NULL) {
				json_decref(tuns);
				return (-1);
			}
			json_array_append_new(tuns, o);
		}
	}
	ds = json_array();
	for (k = 0; k < 3; k++)
		json_array_append_new(ds, json_pack("{s:b, s:I, s:I, s:I, s:I}",
		    "seen", t->d[k].seen, "pid", (json_int_t)t->d[k].pid,
		    "max_ike", (json_int_t)t->d[k].max_ike,
		    "max_child", (json_int_t)t->d[k].max_child,
		    "neg_timeout_s", (json_int_t)t->d[k].neg_timeout_s));
	*out = json_pack("{s:i, s:I, s:I, s:o, s:o}", "version", 1,
	    "start_us", (json_int_t)t->start_us, "now_us", (json_int_t)t->now_us,
	    "tunnels", tuns, "daemons", ds);
	return (*out == NULL ? -1 : 0);
}

/* Restore a rekey rhythm. */
static void
kindinfo_load(struct kindinfo *k, const json_t *o)
{
	const json_t	*ring = json_object_get(o, "ring"), *v;
	size_t		 i;

	k->est_us = json_integer_value(json_object_get(o, "est_us"));
	k->sched_us = json_integer_value(json_object_get(o, "sched_us"));
	k->hard_us = json_integer_value(json_object_get(o, "hard_us"));
	k->rekeys = (unsigned)json_integer_value(json_object_get(o, "rekeys"));
	json_array_foreach(ring, i, v) {
		if (i >= REKEY_RING)
			break;
		k->ring[i] = (int32_t)json_integer_value(v);
		k->nring = (uint8_t)(i + 1);
	}
	k->ringpos = (uint8_t)(json_integer_value(json_object_get(o,
	    "ringpos")) % REKEY_RING);
}

/* Check the shape of a saved tunnel before anything is applied. */
static bool
tunnel_json_valid(const json_t *o)
{
	json_int_t	 d, st;

	if (!json_is_object(o) ||
	    !json_is_string(json_object_get(o, "name")) ||
	    !json_is_string(json_object_get(o, "conn")) ||
	    !json_is_integer(json_object_get(o, "daemon")) ||
	    !json_is_integer(json_object_get(o, "state")) ||
	    !json_is_object(json_object_get(o, "errors")) ||
	    !json_is_array(json_object_get(o, "negfail")) ||
	    !json_is_array(json_object_get(o, "sas")))
		return (false);
	d = json_integer_value(json_object_get(o, "daemon"));
	st = json_integer_value(json_object_get(o, "state"));
	return (d >= 0 && d <= IW_DAEMON_CHARON && st >= 0 && st < TUNNEL__COUNT &&
	    *json_string_value(json_object_get(o, "name")) != '\0');
}

/* The interned string member key of o, or NULL when absent or no string. */
static const char *
json_intern(struct track *t, const json_t *o, const char *key)
{
	const json_t	*v = json_object_get(o, key);

	if (v == NULL || !json_is_string(v))
		return (NULL);
	return (track_intern(t, json_string_value(v)));
}

/* Restore the tracker's state (see track.h). */
int
track_state_load(struct track *t, const json_t *doc, struct causes *c)
{
	const json_t	*tuns, *o, *v, *ds;
	struct tunnel	*tun;
	struct sa	*s;
	const char	*key;
	size_t		 i, j;
	int		 k;

	tuns = json_object_get(doc, "tunnels");
	ds = json_object_get(doc, "daemons");
	if (json_integer_value(json_object_get(doc, "version")) != 1 ||
	    !json_is_array(tuns) || !json_is_array(ds) ||
	    json_array_size(ds) != 3) {
		causes_add(c, "tunnel state: not version 1 or malformed");
		return (-1);
	}
	if (t->ntunnels > 0) {
		causes_add(c, "tunnel state: the tracker is not empty");
		return (-1);
	}
	json_array_foreach(tuns, i, o) {
		if (!tunnel_json_valid(o)) {
			causes_add(c, "tunnel state: entry %zu is malformed", i);
			return (-1);
		}
		if (track_tunnel_find(t, json_string_value(json_object_get(o,
		    "name"))) != NULL) {
			causes_add(c, "tunnel state: tunnel %s twice",
			    json_string_value(json_object_get(o, "name")));
			return (-1);
		}
	}
	t->start_us = json_integer_value(json_object_get(doc, "start_us"));
	t->now_us = json_integer_value(json_object_get(doc, "now_us"));
	for (k = 0; k < 3; k++) {
		o = json_array_get(ds, k);
		t->d[k].seen = json_is_true(json_object_get(o, "seen"));
		t->d[k].pid = (uint32_t)json_integer_value(json_object_get(o, "pid"));
		t->d[k].max_ike = json_integer_value(json_object_get(o, "max_ike"));
		t->d[k].max_child = json_integer_value(json_object_get(o,
		    "max_child"));
		t->d[k].neg_timeout_s = json_integer_value(json_object_get(o,
		    "neg_timeout_s"));
	}
	json_array_foreach(tuns, i, o) {
		tun = track_tunnel_new(t, json_string_value(json_object_get(o, "name")),
		    json_string_value(json_object_get(o, "conn")),
		    (enum iw_daemon)json_integer_value(json_object_get(o, "daemon")),
		    json_integer_value(json_object_get(o, "since_us")));
		if ((v = json_object_get(o, "peer")) != NULL && json_is_string(v))
			tun->peer = xstrdup(json_string_value(v));
		tun->state = (uint8_t)json_integer_value(json_object_get(o, "state"));
		tun->ike_version = (uint8_t)json_integer_value(json_object_get(o,
		    "ike_version"));
		tun->flags |= (uint8_t)(json_integer_value(json_object_get(o,
		    "flags")) & (TF_NEGOTIATING | TF_FAILED | TF_WAS_UP));
		tun->firing = (uint8_t)json_integer_value(json_object_get(o,
		    "firing"));
		tun->phase1_up = (unsigned)json_integer_value(json_object_get(o,
		    "phase1_up"));
		tun->phase2_up = (unsigned)json_integer_value(json_object_get(o,
		    "phase2_up"));
		tun->downs = (unsigned)json_integer_value(json_object_get(o, "downs"));
		tun->first_us = json_integer_value(json_object_get(o, "first_us"));
		tun->last_up_us = json_integer_value(json_object_get(o, "last_up_us"));
		tun->last_rekey_us = json_integer_value(json_object_get(o,
		    "last_rekey_us"));
		tun->last_error = json_intern(t, o, "last_error");
		tun->down_error = json_intern(t, o, "down_error");
		tun->cause = json_intern(t, o, "cause");
		json_object_foreach((json_t *)json_object_get(o, "errors"), key, v) {
			if (tun->nerrs == UINT8_MAX || !json_is_integer(v))
				continue;
			track_errs_append(tun, track_intern(t, key),
			    (unsigned)json_integer_value(v));
		}
		json_array_foreach(json_object_get(o, "negfail"), j, v) {
			if (!json_is_string(v) || tun->nnegfail == UINT8_MAX)
				continue;
			track_negfail_append(tun, track_intern(t,
			    json_string_value(v)));
		}
		json_array_foreach(json_object_get(o, "sas"), j, v) {
			uint8_t sd = (uint8_t)json_integer_value(json_object_get(v,
			    "daemon"));
			uint8_t sk = (uint8_t)json_integer_value(json_object_get(v,
			    "kind"));
			uint64_t id = json_integer_value(json_object_get(v, "id"));

			if (sd > IW_DAEMON_CHARON || (sk != IW_SA_IKE &&
			    sk != IW_SA_CHILD) || track_sa_find(t, sd, sk, id) != NULL)
				continue;
			s = track_sa_add(t, tun, sd, sk, id);
			s->est_us = json_integer_value(json_object_get(v, "est_us"));
		}
		kindinfo_load(&tun->k[0], json_object_get(o, "ike"));
		kindinfo_load(&tun->k[1], json_object_get(o, "child"));
		/* Up already: the startup deadline of tunnel_new does not apply. */
		if (tun->state == TUNNEL_UP || (tun->flags & TF_WAS_UP))
			track_slot_cancel(t, &tun->dl[SLOT_UPBY]);
		if (!(tun->flags & TF_IGNORED) && tun->state == TUNNEL_UP) {
			track_arm_rekey(t, tun, 0);
			track_arm_rekey(t, tun, 1);
		}
	}
	return (0);
}
