/*
 * track.c - the tunnel tracker.
 *
 * Events (struct iw_event) come in; per-tunnel state, live SAs, the rekey
 * rhythm and error counts are kept; alert transitions go out through one
 * callback.  Time only comes from the events' timestamps, from the clock
 * interface and from track_advance(): the tracker never reads a clock by
 * itself and never arms a timer.
 *
 * Deadlines: each tunnel embeds a fixed set of slots (negotiation, rekey and
 * hard expiry per SA kind, down grace, must-be-up-by, flap quiet window).
 * Armed slots sit in ONE binary min-heap keyed by time (track-deadline.c);
 * every slot knows its heap index, so arming, moving and cancelling a
 * deadline is O(log n) and finding the next one O(1), whatever the number
 * of open expectations.
 *
 * This file: the tunnel and SA registry, event handling and the state
 * machine.  Read access is in track-info.c, the state file in
 * track-state.c; the structures they share are in track-private.h.
 *
 * Tunnels and SAs live in two chained hash tables (by name; by daemon,
 * SA kind and id).  A tunnel is a few hundred bytes; SA records are freed
 * when the SA goes away.
 *
 * What counts as what (see also the report of the track helper):
 * - a tunnel is UP while it has at least one established Child SA
 *   (phase 2); PHASE1_UP while it has only an IKE SA;
 * - a rekey is a new SA established while an older SA of the same kind is
 *   still live (make-before-break); the learned interval is the median of
 *   the last REKEY_RING intervals between such establishments;
 * - losing the last Child SA arms the down grace unless the loss came with
 *   a definite outage signal (DPD death, give-up on an up tunnel, expiry
 *   with no replacement), which declares the tunnel down at once.
 */
#include "config.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "conf.h"
#include "ipsecwatch.h"
#include "log.h"
#include "track.h"
#include "track-private.h"
#include "xmalloc.h"

static int64_t	 now_of(struct track *);
static void	 started(struct track *, int64_t);
static uint64_t	 hash_str(const char *);
static uint64_t	 hash_sa(uint8_t, uint8_t, uint64_t);
static struct tunnel *slot_tunnel(struct slot *);
static void	 tunnel_free(struct tunnel *);
static void	 tunnel_policy_flags(struct track *, struct tunnel *);
static bool	 policy_match(char **, size_t, const struct tunnel *);
static void	 tbl_grow(struct track *);
static void	 sa_remove(struct track *, struct sa *);
static void	 sa_drop_all(struct track *, struct tunnel *, bool);
static void	 sa_trim(struct track *, struct tunnel *, const struct sa *);
static uint8_t	 sa_keykind(uint8_t, uint8_t);
static struct sa *newest(const struct tunnel *, uint8_t, const struct sa *);
static void	 alias_set(struct track *, const char *, struct tunnel *);
static struct tunnel *alias_get(const struct track *, const char *);
static struct tunnel *resolve(struct track *, const struct iw_event *, int64_t);
static void	 transition(struct track *, struct tunnel *, enum tunnel_state,
		    int64_t);
static void	 alert(struct track *, struct tunnel *, enum iw_alert_kind,
		    bool, const char *, int64_t, const char *);
static void	 fire(struct track *, struct tunnel *, enum iw_alert_kind,
		    const char *, int64_t, const char *, ...)
		    __attribute__((format(printf, 6, 7)));
static void	 resolve_alert(struct track *, struct tunnel *,
		    enum iw_alert_kind, int64_t, const char *);
static void	 resolve_negfail(struct track *, struct tunnel *, int64_t);
static bool	 down_alerts(const struct tunnel *);
static void	 count_error(struct track *, struct tunnel *, const char *);
static bool	 error_is_transient(const char *);
static int64_t	 neg_timeout(struct track *, const struct tunnel *);
static void	 neg_begin(struct track *, struct tunnel *, int64_t);
static void	 neg_fail(struct track *, struct tunnel *, int64_t,
		    const char *);
static void	 establish(struct track *, struct tunnel *,
		    const struct iw_event *, uint8_t, int64_t, bool);
static void	 go_up(struct track *, struct tunnel *, int64_t);
static void	 lost_sa(struct track *, struct tunnel *, int64_t, bool,
		    const char *);
static void	 declare_down(struct track *, struct tunnel *, int64_t,
		    const char *, const char *);
static void	 remove_sa_event(struct track *, struct tunnel *, struct sa *,
		    int64_t, bool, const char *);
static void	 daemon_restart(struct track *, enum iw_daemon, int64_t,
		    const char *);
static void	 daemon_stopped(struct track *, struct tunnel *, int64_t);
static void	 on_deadline(struct track *, struct slot *);
static void	 fmt_time(int64_t, char *, size_t);

static const char *state_names[TUNNEL__COUNT] = {
	"unknown", "negotiating", "phase1_up", "up", "down"
};

/*
 * Errors that do not end a negotiation by themselves: the daemon retries or
 * carries on (ICMP reports come with every retransmit, a DH group round trip
 * is normal).  Every other error seen while the tunnel is not up is taken
 * as the end of that negotiation.
 */
static const char *transient_errors[] = {
	"icmp_unreachable", "dh_group_mismatch", "nat_t_problem",
	"fragmentation_loss", "lifetime_mismatch_ikev1", "stale_sa_unknown_spi",
	"duplicate_sa_uniqueness", "half_open_dos", "aggr_psk_refused",
	"dns_resolution_failed",
};

/* Name of a tunnel state. */
const char *
tunnel_state_name(enum tunnel_state s)
{
	return ((unsigned)s < TUNNEL__COUNT ? state_names[s] : "unknown");
}

/*
 * Default negotiation timeout of a daemon.  From the catalog's
 * retransmission timing: strongSwan gives up after about 165 s (4 s x 1.8^n,
 * 5 tries); Libreswan 3.14-5.3 after retransmit-timeout 60 s, 5.4 after
 * 30 s; Openswan 2.x after 2 retransmissions, about 70 s.  NEG_SLACK_S is
 * added so that the daemon's own give-up line comes first.
 */
int64_t
track_default_negotiation_timeout(enum iw_daemon d, const char *banner,
    size_t len)
{
	const char	*v;
	char		 buf[128];
	int		 maj = 0, min = 0;

	if (d == IW_DAEMON_CHARON)
		return (165 + NEG_SLACK_S);
	if (banner == NULL || len == 0)
		return (60 + NEG_SLACK_S);
	if (len >= sizeof(buf))
		len = sizeof(buf) - 1;
	memcpy(buf, banner, len);
	buf[len] = '\0';
	if (strstr(buf, "Openswan") != NULL)
		return (70 + NEG_SLACK_S);
	if ((v = strstr(buf, "Libreswan Version ")) != NULL &&
	    sscanf(v + 18, "%d.%d", &maj, &min) == 2 &&
	    (maj > 5 || (maj == 5 && min >= 4)))
		return (30 + NEG_SLACK_S);
	return (60 + NEG_SLACK_S);
}

/* Create a tracker; literal must_be_up names get their startup deadline. */
struct track *
track_new(const struct tunnel_policy *pol, const struct iw_clock *clock,
    track_alert_fn fn, void *arg)
{
	struct track	*t;
	size_t		 i;

	t = xcalloc(1, sizeof(*t));
	t->pol = pol;
	t->clock = clock;
	t->fn = fn;
	t->arg = arg;
	t->tbl_size = 64;
	t->tbl = xcalloc(t->tbl_size, sizeof(*t->tbl));
	t->sbl_size = 64;
	t->sbl = xcalloc(t->sbl_size, sizeof(*t->sbl));
	t->abl_size = 64;
	t->abl = xcalloc(t->abl_size, sizeof(*t->abl));
	for (i = 0; i < GSLOT__COUNT; i++) {
		t->gdl[i].idx = -1;
		t->gdl[i].kind = i;
		t->gdl[i].global = 1;
	}
	for (i = 0; i < 3; i++)
		t->d[i].neg_timeout_s = track_default_negotiation_timeout(i,
		    NULL, 0);
	return (t);
}

/* Free a tracker and everything it holds. */
void
track_free(struct track *t)
{
	struct tunnel	*tun, *tn;
	struct sa	*s, *sn;
	struct alias	*a, *an;
	size_t		 i;

	if (t == NULL)
		return;
	for (i = 0; i < t->sbl_size; i++) {
		for (s = t->sbl[i]; s != NULL; s = sn) {
			sn = s->hnext;
			free(s);
		}
	}
	for (i = 0; i < t->tbl_size; i++) {
		for (tun = t->tbl[i]; tun != NULL; tun = tn) {
			tn = tun->hnext;
			tunnel_free(tun);
		}
	}
	for (i = 0; i < t->abl_size; i++) {
		for (a = t->abl[i]; a != NULL; a = an) {
			an = a->hnext;
			free(a->name);
			free(a);
		}
	}
	for (i = 0; i < t->nerrids; i++)
		free(t->errids[i]);
	for (i = 0; i < t->nstalled; i++)
		free(t->stalled_inputs[i]);
	free(t->stalled_inputs);
	free(t->errids);
	free(t->tbl);
	free(t->sbl);
	free(t->abl);
	free(t->heap);
	free(t);
}

/* Free one tunnel record (its SAs are freed through the SA table). */
static void
tunnel_free(struct tunnel *tun)
{
	if (tun->conn != tun->name)
		free(tun->conn);
	free(tun->name);
	free(tun->peer);
	free(tun->errs);
	free(tun->negfail);
	free(tun->flaps);
	free(tun);
}

/* The clock's time, or the last time we were told about. */
static int64_t
now_of(struct track *t)
{
	int64_t	 now = 0;

	if (t->clock != NULL && t->clock->now_us != NULL)
		now = t->clock->now_us(t->clock->arg);
	if (now <= 0)
		now = t->now_us;
	return (now);
}

/*
 * Note the start of tracking at the first known time: literal must_be_up
 * names are created then, with their startup deadline.
 */
static void
started(struct track *t, int64_t at)
{
	struct tunnel	*tun;
	size_t		 i;

	if (t->start_us != 0 || at <= 0)
		return;
	t->start_us = at;
	if (t->pol == NULL)
		return;
	for (i = 0; i < t->pol->n_must_be_up; i++) {
		const char *p = t->pol->must_be_up[i];

		if (strpbrk(p, "*?[") != NULL || track_tunnel_find(t, p) != NULL)
			continue;
		tun = track_tunnel_new(t, p, p, IW_DAEMON_NONE, at);
		(void)tun;
	}
}

/* Replace the policy: flags of every tunnel and their deadlines follow. */
void
track_set_policy(struct track *t, const struct tunnel_policy *pol)
{
	struct tunnel	*tun;
	size_t		 i;

	t->pol = pol;
	for (i = 0; i < t->tbl_size; i++) {
		for (tun = t->tbl[i]; tun != NULL; tun = tun->hnext) {
			bool was_ignored = tun->flags & TF_IGNORED;

			tunnel_policy_flags(t, tun);
			if ((tun->flags & TF_IGNORED) && !was_ignored)
				t->nvisible--;
			else if (!(tun->flags & TF_IGNORED) && was_ignored)
				t->nvisible++;
			if (tun->flags & TF_IGNORED) {
				int k;

				for (k = 0; k < SLOT__COUNT; k++)
					track_slot_cancel(t, &tun->dl[k]);
				continue;
			}
			track_arm_rekey(t, tun, 0);
			track_arm_rekey(t, tun, 1);
			if (tun->dl[SLOT_UPBY].idx >= 0 &&
			    !(tun->flags & TF_MUST_BE_UP) &&
			    !(tun->flags & TF_WAS_UP))
				track_slot_cancel(t, &tun->dl[SLOT_UPBY]);
		}
	}
	if (t->start_us != 0 && pol != NULL) {
		int64_t save = t->start_us;

		/* New literal must_be_up names start their deadline now. */
		t->start_us = 0;
		started(t, t->now_us > 0 ? t->now_us : save);
		t->start_us = save;
	}
}

/* FNV-1a of a string. */
static uint64_t
hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	while (*s != '\0') {
		h ^= (unsigned char)*s++;
		h *= 1099511628211ULL;
	}
	return (h);
}

/* Hash of an SA key (pluto's kinds share one serial counter). */
static uint64_t
hash_sa(uint8_t daemon, uint8_t kind, uint64_t id)
{
	uint64_t h = id * 0x9e3779b97f4a7c15ULL;

	kind = sa_keykind(daemon, kind);
	h ^= ((uint64_t)daemon << 8 | kind) * 0xff51afd7ed558ccdULL;
	return (h ^ (h >> 29));
}

/* The one stored copy of an error id (there are a few dozen). */
const char *
track_intern(struct track *t, const char *id)
{
	size_t	 i;

	if (id == NULL || *id == '\0')
		return (NULL);
	for (i = 0; i < t->nerrids; i++) {
		if (strcmp(t->errids[i], id) == 0)
			return (t->errids[i]);
	}
	t->errids = xreallocarray(t->errids, t->nerrids + 1, sizeof(char *));
	t->errids[t->nerrids] = xstrdup(id);
	return (t->errids[t->nerrids++]);
}

/* The tunnel a slot is embedded in. */
static struct tunnel *
slot_tunnel(struct slot *s)
{
	return ((struct tunnel *)((char *)(s - s->kind) -
	    offsetof(struct tunnel, dl)));
}

/* Fire every deadline at or before now_us, in time order. */
void
track_advance(struct track *t, int64_t now_us)
{
	struct slot	*s;

	started(t, now_us);
	while (t->nheap > 0 && t->heap[0]->at <= now_us) {
		s = t->heap[0];
		if (s->at > t->now_us)
			t->now_us = s->at;
		track_slot_cancel(t, s);
		on_deadline(t, s);
	}
	if (now_us > t->now_us)
		t->now_us = now_us;
}

/* Find a tunnel by name. */
struct tunnel *
track_tunnel_find(const struct track *t, const char *name)
{
	struct tunnel	*tun;

	for (tun = t->tbl[hash_str(name) & (t->tbl_size - 1)]; tun != NULL;
	    tun = tun->hnext) {
		if (strcmp(tun->name, name) == 0)
			return (tun);
	}
	return (NULL);
}

/* Double the tunnel table. */
static void
tbl_grow(struct track *t)
{
	struct tunnel	**nt, *tun, *next;
	size_t		 ns = t->tbl_size * 2, i;

	nt = xcalloc(ns, sizeof(*nt));
	for (i = 0; i < t->tbl_size; i++) {
		for (tun = t->tbl[i]; tun != NULL; tun = next) {
			size_t h = hash_str(tun->name) & (ns - 1);

			next = tun->hnext;
			tun->hnext = nt[h];
			nt[h] = tun;
		}
	}
	free(t->tbl);
	t->tbl = nt;
	t->tbl_size = ns;
}

/* Whether a policy list matches a tunnel's name or its connection. */
static bool
policy_match(char **patterns, size_t n, const struct tunnel *tun)
{
	return (conf_match_any(patterns, n, tun->name) ||
	    conf_match_any(patterns, n, tun->conn));
}

/* Set the policy flags of a tunnel from its name and connection. */
static void
tunnel_policy_flags(struct track *t, struct tunnel *tun)
{
	const struct tunnel_policy *p = t->pol;
	uint8_t	 keep = tun->flags & (TF_ROADWARRIOR | TF_NEGOTIATING |
	    TF_FAILED | TF_WAS_UP);

	tun->flags = keep;
	if (p == NULL)
		return;
	if (policy_match(p->ignore, p->n_ignore, tun))
		tun->flags |= TF_IGNORED;
	if (policy_match(p->may_be_down, p->n_may_be_down, tun))
		tun->flags |= TF_MAY_BE_DOWN;
	else if (policy_match(p->must_be_up, p->n_must_be_up, tun))
		tun->flags |= TF_MUST_BE_UP;
}

/* Create a tunnel; a must_be_up one gets its startup deadline. */
struct tunnel *
track_tunnel_new(struct track *t, const char *name, const char *conn,
    enum iw_daemon daemon, int64_t at)
{
	struct tunnel	*tun;
	size_t		 h, i;

	if (t->ntunnels >= t->tbl_size)
		tbl_grow(t);
	tun = xcalloc(1, sizeof(*tun));
	tun->name = xstrdup(name);
	tun->conn = strcmp(name, conn) == 0 ? tun->name : xstrdup(conn);
	tun->daemon = daemon;
	tun->since_us = at;
	tun->first_us = at;
	for (i = 0; i < SLOT__COUNT; i++) {
		tun->dl[i].idx = -1;
		tun->dl[i].kind = i;
	}
	tunnel_policy_flags(t, tun);
	h = hash_str(name) & (t->tbl_size - 1);
	tun->hnext = t->tbl[h];
	t->tbl[h] = tun;
	t->ntunnels++;
	if (!(tun->flags & TF_IGNORED))
		t->nvisible++;
	if (daemon != IW_DAEMON_NONE)
		t->d[daemon].ntunnels++;
	if ((tun->flags & TF_MUST_BE_UP) && !(tun->flags & TF_IGNORED) &&
	    t->pol != NULL) {
		int64_t base = t->start_us > 0 ? t->start_us : at;

		/* A name first seen late still gets its full time. */
		if (at > base + t->pol->startup_deadline * US)
			base = at;
		track_slot_arm(t, &tun->dl[SLOT_UPBY], base +
		    t->pol->startup_deadline * US);
	}
	log_debug("track: new tunnel %s (%s)", tun->name,
	    iw_daemon_name(daemon));
	return (tun);
}

/* Pluto serials are one counter for both kinds; charon has two. */
static uint8_t
sa_keykind(uint8_t daemon, uint8_t kind)
{
	return (daemon == IW_DAEMON_PLUTO ? 0 : kind);
}

/* Find an SA. */
struct sa *
track_sa_find(const struct track *t, uint8_t daemon, uint8_t kind, uint64_t id)
{
	struct sa	*s;
	uint8_t		 kk = sa_keykind(daemon, kind);

	for (s = t->sbl[hash_sa(daemon, kind, id) & (t->sbl_size - 1)]; s != NULL;
	    s = s->hnext) {
		if (s->id == id && s->daemon == daemon &&
		    sa_keykind(s->daemon, s->kind) == kk)
			return (s);
	}
	return (NULL);
}

/* Add an SA record to the table and to its tunnel. */
struct sa *
track_sa_add(struct track *t, struct tunnel *tun, uint8_t daemon, uint8_t kind,
    uint64_t id)
{
	struct sa	*s, **ns, *n;
	size_t		 h, i, size;

	if (t->nsas >= t->sbl_size) {
		size = t->sbl_size * 2;
		ns = xcalloc(size, sizeof(*ns));
		for (i = 0; i < t->sbl_size; i++) {
			for (s = t->sbl[i]; s != NULL; s = n) {
				n = s->hnext;
				h = hash_sa(s->daemon, s->kind, s->id) &
				    (size - 1);
				s->hnext = ns[h];
				ns[h] = s;
			}
		}
		free(t->sbl);
		t->sbl = ns;
		t->sbl_size = size;
	}
	s = xcalloc(1, sizeof(*s));
	s->tun = tun;
	s->id = id;
	s->daemon = daemon;
	s->kind = kind;
	h = hash_sa(daemon, kind, id) & (t->sbl_size - 1);
	s->hnext = t->sbl[h];
	t->sbl[h] = s;
	s->tnext = tun->sas;
	tun->sas = s;
	t->nsas++;
	if (kind == IW_SA_CHILD && id > t->d[daemon].max_child)
		t->d[daemon].max_child = id;
	else if (kind != IW_SA_CHILD && id > t->d[daemon].max_ike)
		t->d[daemon].max_ike = id;
	if (daemon == IW_DAEMON_PLUTO && id > t->d[daemon].max_ike)
		t->d[daemon].max_ike = id;
	sa_trim(t, tun, s);
	return (s);
}

/* Unlink and free an SA record. */
static void
sa_remove(struct track *t, struct sa *s)
{
	struct sa	**pp;
	size_t		 h;

	h = hash_sa(s->daemon, s->kind, s->id) & (t->sbl_size - 1);
	for (pp = &t->sbl[h]; *pp != NULL; pp = &(*pp)->hnext) {
		if (*pp == s) {
			*pp = s->hnext;
			break;
		}
	}
	for (pp = &s->tun->sas; *pp != NULL; pp = &(*pp)->tnext) {
		if (*pp == s) {
			*pp = s->tnext;
			break;
		}
	}
	t->nsas--;
	free(s);
}

/* Drop every SA of a tunnel (or only those still negotiating). */
static void
sa_drop_all(struct track *t, struct tunnel *tun, bool only_pending)
{
	struct sa	*s, *n;

	for (s = tun->sas; s != NULL; s = n) {
		n = s->tnext;
		if (!only_pending || s->est_us == 0)
			sa_remove(t, s);
	}
	if (!only_pending) {
		tun->k[0].est_us = tun->k[0].sched_us = tun->k[0].hard_us = 0;
		tun->k[1].est_us = tun->k[1].sched_us = tun->k[1].hard_us = 0;
		track_slot_cancel(t, &tun->dl[SLOT_REKEY_IKE]);
		track_slot_cancel(t, &tun->dl[SLOT_REKEY_CHILD]);
		track_slot_cancel(t, &tun->dl[SLOT_HARD_IKE]);
		track_slot_cancel(t, &tun->dl[SLOT_HARD_CHILD]);
	}
}

/*
 * Keep at most SA_MAX records per tunnel: states that never got a delete
 * line (failed attempts) must not pile up.  The oldest pending ones go
 * first (the list is newest first).
 */
static void
sa_trim(struct track *t, struct tunnel *tun, const struct sa *keep)
{
	struct sa	*s, *victim;
	unsigned	 n = 0;

	for (s = tun->sas; s != NULL; s = s->tnext)
		n++;
	while (n > SA_MAX) {
		/* Never the record just added: its caller goes on using it. */
		victim = NULL;
		for (s = tun->sas; s != NULL; s = s->tnext) {
			if (s->est_us == 0 && s != keep)
				victim = s;
		}
		if (victim == NULL) {
			for (s = tun->sas; s != NULL; s = s->tnext)
				if (s != keep)
					victim = s;
		}
		sa_remove(t, victim);
		n--;
	}
}

/* Established SAs of a kind. */
unsigned
track_live_count(const struct tunnel *tun, uint8_t kind)
{
	const struct sa	*s;
	unsigned	 n = 0;

	for (s = tun->sas; s != NULL; s = s->tnext) {
		if (s->est_us != 0 && s->kind == kind)
			n++;
	}
	return (n);
}

/* Newest established SA of a kind other than except. */
static struct sa *
newest(const struct tunnel *tun, uint8_t kind, const struct sa *except)
{
	struct sa	*s, *best = NULL;

	for (s = tun->sas; s != NULL; s = s->tnext) {
		if (s == except || s->est_us == 0 || s->kind != kind)
			continue;
		if (best == NULL || s->est_us > best->est_us ||
		    (s->est_us == best->est_us && s->id > best->id))
			best = s;
	}
	return (best);
}

/* Remember which tunnel a charon child config name belongs to. */
static void
alias_set(struct track *t, const char *name, struct tunnel *tun)
{
	struct alias	*a;
	size_t		 h = hash_str(name) & (t->abl_size - 1);

	for (a = t->abl[h]; a != NULL; a = a->hnext) {
		if (strcmp(a->name, name) == 0) {
			a->tun = tun;
			return;
		}
	}
	a = xcalloc(1, sizeof(*a));
	a->name = xstrdup(name);
	a->tun = tun;
	a->hnext = t->abl[h];
	t->abl[h] = a;
}

/* The tunnel a charon child config name was last seen with. */
static struct tunnel *
alias_get(const struct track *t, const char *name)
{
	struct alias	*a;

	for (a = t->abl[hash_str(name) & (t->abl_size - 1)]; a != NULL;
	    a = a->hnext) {
		if (strcmp(a->name, name) == 0)
			return (a->tun);
	}
	return (NULL);
}

/*
 * Find (or create) the tunnel an event is about.  In order: the SA id
 * (an SA we know), the connection name (road-warrior instances keyed by
 * connection, instance and peer), and for lines without either the last
 * tunnel named by the same daemon within CTX_WINDOW_US, or the daemon's
 * only tunnel.  swanctl Child configs have their own names (IKE
 * "west-east", Child "net"): a Child name is mapped to the IKE tunnel it
 * was first seen with.  NULL: not attributable, or ignored.
 */
static struct tunnel *
resolve(struct track *t, const struct iw_event *ev, int64_t at)
{
	struct daemon_state *d = &t->d[ev->daemon <= IW_DAEMON_CHARON ?
	    ev->daemon : 0];
	struct tunnel	*tun = NULL;
	struct sa	*s;
	char		 key[IW_CONN_MAX + IW_PEER_MAX + 16];
	uint8_t		 kind = ev->sa_kind == IW_SA_CHILD ? IW_SA_CHILD :
			    IW_SA_IKE;

	if (ev->sa_id != 0 && (s = track_sa_find(t, ev->daemon, kind,
	    ev->sa_id)) != NULL)
		tun = s->tun;
	else if (ev->daemon == IW_DAEMON_CHARON && kind == IW_SA_CHILD &&
	    ev->parent_id != 0 &&
	    (s = track_sa_find(t, ev->daemon, IW_SA_IKE, ev->parent_id)) != NULL)
		tun = s->tun;
	if (tun == NULL && ev->conn[0] != '\0') {
		if (ev->instance != 0) {
			snprintf(key, sizeof(key), "%s[%" PRIu32 "]%s%s",
			    ev->conn, ev->instance, ev->peer[0] ? " " : "",
			    ev->peer);
		} else
			snprintf(key, sizeof(key), "%s", ev->conn);
		tun = track_tunnel_find(t, key);
		if (ev->daemon == IW_DAEMON_CHARON && kind == IW_SA_CHILD &&
		    (tun == NULL || tun->k[0].est_us == 0)) {
			struct tunnel *alt = NULL;

			if (d->ctx != NULL && d->ctx != tun &&
			    at - d->ctx_us <= CTX_WINDOW_US &&
			    (ev->sa_id == 0 || alias_get(t, ev->conn) == NULL ||
			    alias_get(t, ev->conn) == d->ctx))
				alt = d->ctx;
			else if ((alt = alias_get(t, ev->conn)) == tun)
				alt = NULL;
			if (alt != NULL && (tun == NULL || tun->sas == NULL)) {
				tun = alt;
				alias_set(t, ev->conn, tun);
			}
		}
		if (tun == NULL) {
			tun = track_tunnel_new(t, key, ev->conn, ev->daemon, at);
			if (ev->instance != 0)
				tun->flags |= TF_ROADWARRIOR;
		} else if (tun->daemon == IW_DAEMON_NONE &&
		    ev->daemon != IW_DAEMON_NONE) {
			tun->daemon = ev->daemon;
			t->d[ev->daemon].ntunnels++;
		}
	}
	if (tun == NULL && ev->daemon != IW_DAEMON_NONE) {
		if (d->ctx != NULL && at - d->ctx_us <= CTX_WINDOW_US)
			tun = d->ctx;
		else if (d->ntunnels == 1 && d->ctx != NULL)
			tun = d->ctx;
	}
	if (tun == NULL || (tun->flags & TF_IGNORED))
		return (NULL);
	/* A Child config name seen with its IKE SA: remember the pair. */
	if (ev->daemon == IW_DAEMON_CHARON && kind == IW_SA_CHILD &&
	    ev->conn[0] != '\0' && strcmp(ev->conn, tun->name) != 0 &&
	    alias_get(t, ev->conn) != tun)
		alias_set(t, ev->conn, tun);
	if (ev->conn[0] != '\0' || ev->sa_id != 0) {
		d->ctx = tun;
		d->ctx_us = at;
	}
	if (ev->peer[0] != '\0' && (tun->peer == NULL ||
	    strcmp(tun->peer, ev->peer) != 0)) {
		free(tun->peer);
		tun->peer = xstrdup(ev->peer);
	}
	if (ev->ike_version != 0)
		tun->ike_version = ev->ike_version;
	return (tun);
}

/* The one place where a tunnel changes state. */
static void
transition(struct track *t, struct tunnel *tun, enum tunnel_state ns,
    int64_t at)
{
	if (tun->state == ns)
		return;
	log_debug("track: %s: %s -> %s", tun->name,
	    tunnel_state_name(tun->state), tunnel_state_name(ns));
	tun->state = ns;
	tun->since_us = at;
}

/* Report one alert transition. */
static void
alert(struct track *t, struct tunnel *tun, enum iw_alert_kind kind, bool firing,
    const char *error, int64_t at, const char *summary)
{
	struct track_alert a;

	memset(&a, 0, sizeof(a));
	a.kind = kind;
	a.firing = firing;
	a.tunnel = tun != NULL ? tun->name : "";
	a.error = error;
	a.peer = tun != NULL ? tun->peer : NULL;
	a.at_us = at;
	a.summary = summary;
	log_debug("track: %s %s %s%s%s", firing ? "fire" : "resolve",
	    iw_alert_kind_name(kind), a.tunnel, error ? " " : "",
	    error ? error : "");
	if (t->fn != NULL)
		t->fn(&a, t->arg);
}

/*
 * Fire a tunnel alert unless its key is already firing.  For
 * negotiation_failed the key includes the error.
 */
static void
fire(struct track *t, struct tunnel *tun, enum iw_alert_kind kind,
    const char *error, int64_t at, const char *fmt, ...)
{
	char		 summary[512];
	va_list		 ap;
	uint8_t		 i;

	if (kind == IW_ALERT_NEGOTIATION_FAILED) {
		for (i = 0; i < tun->nnegfail; i++) {
			if (tun->negfail[i] == error)
				return;
		}
		track_negfail_append(tun, error);
	} else {
		if (tun->firing & FIRE(kind))
			return;
		tun->firing |= FIRE(kind);
		if (kind == IW_ALERT_TUNNEL_DOWN)
			tun->down_error = error;
	}
	va_start(ap, fmt);
	vsnprintf(summary, sizeof(summary), fmt, ap);
	va_end(ap);
	alert(t, tun, kind, true, error, at, summary);
}

/* Resolve a firing tunnel alert (not negotiation_failed). */
static void
resolve_alert(struct track *t, struct tunnel *tun, enum iw_alert_kind kind,
    int64_t at, const char *why)
{
	char	 summary[512];

	if (!(tun->firing & FIRE(kind)))
		return;
	tun->firing &= ~FIRE(kind);
	snprintf(summary, sizeof(summary), "%s: %s", tun->name, why);
	alert(t, tun, kind, false, kind == IW_ALERT_TUNNEL_DOWN ?
	    tun->down_error : NULL, at, summary);
	if (kind == IW_ALERT_TUNNEL_DOWN)
		tun->down_error = NULL;
}

/* Resolve every firing negotiation_failed of a tunnel. */
static void
resolve_negfail(struct track *t, struct tunnel *tun, int64_t at)
{
	char	 summary[512];
	uint8_t	 i;

	snprintf(summary, sizeof(summary), "%s: tunnel is up", tun->name);
	for (i = 0; i < tun->nnegfail; i++)
		alert(t, tun, IW_ALERT_NEGOTIATION_FAILED, false,
		    tun->negfail[i], at, summary);
	free(tun->negfail);
	tun->negfail = NULL;
	tun->nnegfail = 0;
}

/* Whether losing this tunnel is an outage worth a tunnel_down. */
static bool
down_alerts(const struct tunnel *tun)
{
	if (tun->flags & (TF_MAY_BE_DOWN | TF_IGNORED))
		return (false);
	return (true);
}

/* Count an error against a tunnel. */
static void
count_error(struct track *t, struct tunnel *tun, const char *id)
{
	uint8_t	 i;

	for (i = 0; i < tun->nerrs; i++) {
		if (tun->errs[i].id == id) {
			tun->errs[i].count++;
			goto out;
		}
	}
	track_errs_append(tun, id, 1);
out:
	tun->last_error = id;
}

/* Add an error id with its count to a tunnel's list (full: dropped). */
void
track_errs_append(struct tunnel *tun, const char *id, unsigned count)
{
	if (tun->nerrs == UINT8_MAX)
		return;
	tun->errs = xreallocarray(tun->errs, tun->nerrs + 1,
	    sizeof(*tun->errs));
	tun->errs[tun->nerrs].id = id;
	tun->errs[tun->nerrs].count = count;
	tun->nerrs++;
}

/* Add an error id to the tunnel's firing negotiation_failed keys. */
void
track_negfail_append(struct tunnel *tun, const char *id)
{
	tun->negfail = xreallocarray(tun->negfail, tun->nnegfail + 1,
	    sizeof(*tun->negfail));
	tun->negfail[tun->nnegfail++] = id;
}

/* Whether an error lets the negotiation go on. */
static bool
error_is_transient(const char *id)
{
	size_t	 i;

	for (i = 0; i < sizeof(transient_errors) / sizeof(*transient_errors);
	    i++) {
		if (strcmp(transient_errors[i], id) == 0)
			return (true);
	}
	return (false);
}

/* Negotiation timeout for a tunnel, from the policy or its daemon. */
static int64_t
neg_timeout(struct track *t, const struct tunnel *tun)
{
	if (t->pol != NULL && t->pol->negotiation_timeout > 0)
		return (t->pol->negotiation_timeout);
	return (t->d[tun->daemon <= IW_DAEMON_CHARON ? tun->daemon : 0].
	    neg_timeout_s);
}

/* A negotiation toward an up tunnel starts (not a rekey). */
static void
neg_begin(struct track *t, struct tunnel *tun, int64_t at)
{
	tun->flags &= ~TF_FAILED;
	if (tun->flags & TF_NEGOTIATING)
		return;
	tun->flags |= TF_NEGOTIATING;
	tun->neg_start_us = at;
	tun->cause = NULL;
	track_slot_arm(t, &tun->dl[SLOT_NEG], at + neg_timeout(t, tun) * US);
	if (tun->state == TUNNEL_UNKNOWN || tun->state == TUNNEL_DOWN)
		transition(t, tun, TUNNEL_NEGOTIATING, at);
}

/* The negotiation ended in an error: negotiation_failed with its id. */
static void
neg_fail(struct track *t, struct tunnel *tun, int64_t at, const char *err)
{
	char	 ts[32];

	if (tun->flags & TF_FAILED)
		return;
	tun->flags &= ~TF_NEGOTIATING;
	tun->flags |= TF_FAILED;
	track_slot_cancel(t, &tun->dl[SLOT_NEG]);
	sa_drop_all(t, tun, true);
	resolve_alert(t, tun, IW_ALERT_NEGOTIATION_STALLED, at,
	    "negotiation ended (failed)");
	fmt_time(at, ts, sizeof(ts));
	fire(t, tun, IW_ALERT_NEGOTIATION_FAILED, err, at,
	    "%s: negotiation failed at %s: %s", tun->name, ts,
	    err != NULL ? err : "unknown error");
	if (tun->state == TUNNEL_NEGOTIATING || tun->state == TUNNEL_UNKNOWN)
		transition(t, tun, TUNNEL_DOWN, at);
}

/* Median of the learned rekey intervals of an SA kind (seconds), 0 none. */
int64_t
track_median(const struct kindinfo *k)
{
	int32_t	 v[REKEY_RING], x;
	int	 i, j, n = k->nring;

	if (n == 0)
		return (0);
	memcpy(v, k->ring, sizeof(v));
	for (i = 1; i < n; i++) {
		x = v[i];
		for (j = i; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
	if (n % 2)
		return (v[n / 2]);
	return (((int64_t)v[n / 2 - 1] + v[n / 2]) / 2);
}

/*
 * Arm the rekey and hard-expiry deadlines of an SA kind (0 IKE, 1 Child)
 * from the newest SA of that kind.  Expected rekey E: the daemon's schedule
 * line, else the learned median interval.  Hard limit H: the daemon's
 * lifetime line, else the configured lifetime.  Deadline: E + margin, but
 * never later than halfway between E and H, so rekey_overdue comes before
 * the SA hard-expires; with only H known, H - H/20.
 */
void
track_arm_rekey(struct track *t, struct tunnel *tun, int kind)
{
	struct kindinfo	*k = &tun->k[kind];
	struct slot	*rs = &tun->dl[kind ? SLOT_REKEY_CHILD :
			    SLOT_REKEY_IKE];
	struct slot	*hs = &tun->dl[kind ? SLOT_HARD_CHILD : SLOT_HARD_IKE];
	int64_t		 e = 0, h = 0, dl = 0, margin, life, m;

	if (k->est_us == 0 || (tun->flags & TF_IGNORED)) {
		track_slot_cancel(t, rs);
		track_slot_cancel(t, hs);
		return;
	}
	margin = (t->pol != NULL ? t->pol->rekey_margin : 300) * US;
	life = t->pol == NULL ? 0 : (kind ? t->pol->ipsec_lifetime :
	    t->pol->ike_lifetime);
	if (k->sched_us != 0)
		e = k->sched_us;
	else if ((m = track_median(k)) > 0)
		e = k->est_us + m * US;
	if (k->hard_us != 0)
		h = k->hard_us;
	else if (life > 0)
		h = k->est_us + life * US;
	if (e != 0) {
		dl = e + margin;
		if (h > e && dl > e + (h - e) / 2)
			dl = e + (h - e) / 2;
		else if (h != 0 && h <= e)
			dl = h - (h - k->est_us) / 20;
	} else if (h != 0) {
		m = (h - k->est_us) / 20;
		dl = h - (m < US ? US : m);
		if (dl < k->est_us)
			dl = k->est_us;
	}
	if (dl != 0 && !(tun->overdue & (1u << kind)))
		track_slot_arm(t, rs, dl);
	else
		track_slot_cancel(t, rs);
	if (h != 0)
		track_slot_arm(t, hs, h);
	else
		track_slot_cancel(t, hs);
}

/* The tunnel carries traffic: resolve what being up resolves. */
static void
go_up(struct track *t, struct tunnel *tun, int64_t at)
{
	track_slot_cancel(t, &tun->dl[SLOT_GRACE]);
	track_slot_cancel(t, &tun->dl[SLOT_NEG]);
	track_slot_cancel(t, &tun->dl[SLOT_UPBY]);
	tun->flags &= ~(TF_NEGOTIATING | TF_FAILED | TF_WAS_UP);
	tun->cause = NULL;
	tun->grace_cause = NULL;
	if (tun->state != TUNNEL_UP)
		transition(t, tun, TUNNEL_UP, at);
	resolve_alert(t, tun, IW_ALERT_TUNNEL_DOWN, at, "tunnel is up again");
	resolve_alert(t, tun, IW_ALERT_NEGOTIATION_STALLED, at,
	    "negotiation completed");
	resolve_negfail(t, tun, at);
}

/*
 * An SA was established (kind 0 IKE, 1 Child).  A second establishment
 * of the same SA (charon's inbound/outbound lines) changes nothing.  A new
 * SA while an older one of its kind is live is a rekey.
 */
static void
establish(struct track *t, struct tunnel *tun, const struct iw_event *ev,
    uint8_t kind, int64_t at, bool rekey_event)
{
	struct kindinfo	*k = &tun->k[kind == IW_SA_CHILD];
	struct sa	*s = NULL, *old;
	int64_t		 iv;
	bool		 rekey;

	if (ev->sa_id != 0) {
		s = track_sa_find(t, ev->daemon, kind, ev->sa_id);
		if (s != NULL && s->tun != tun) {
			/* The id was another tunnel's: this line wins. */
			sa_remove(t, s);
			s = NULL;
		}
		if (s != NULL && s->est_us != 0)
			return;
		if (s == NULL)
			s = track_sa_add(t, tun, ev->daemon, kind, ev->sa_id);
		else
			s->kind = kind;
	} else {
		/* No id: a new anonymous SA record. */
		s = track_sa_add(t, tun, ev->daemon, kind, 0);
	}
	old = newest(tun, kind, s);
	s->est_us = at;
	rekey = old != NULL || (rekey_event && k->est_us != 0);
	if (kind == IW_SA_CHILD)
		tun->phase2_up++;
	else
		tun->phase1_up++;
	if (rekey) {
		k->rekeys++;
		tun->last_rekey_us = at;
		iv = (at - (old != NULL ? old->est_us : k->est_us)) / US;
		if (iv > 0 && iv < INT32_MAX) {
			k->ring[k->ringpos] = (int32_t)iv;
			k->ringpos = (k->ringpos + 1) % REKEY_RING;
			if (k->nring < REKEY_RING)
				k->nring++;
		}
	}
	k->est_us = at;
	k->sched_us = 0;
	k->hard_us = 0;
	if (k->pend_at == at) {
		/*
		 * charon logs the schedule of a rekeyed IKE_SA before the
		 * "rekeyed" line: lines of this second belong to this SA.
		 */
		k->sched_us = k->pend_sched_us;
		k->hard_us = k->pend_hard_us;
	}
	if (tun->overdue & (1u << (kind == IW_SA_CHILD))) {
		char why[64];

		tun->overdue &= ~(1u << (kind == IW_SA_CHILD));
		snprintf(why, sizeof(why), "new %s SA established",
		    kind == IW_SA_CHILD ? "Child" : "IKE");
		if (tun->overdue == 0)
			resolve_alert(t, tun, IW_ALERT_REKEY_OVERDUE, at, why);
	}
	track_arm_rekey(t, tun, kind == IW_SA_CHILD);
	if (kind == IW_SA_CHILD) {
		tun->last_up_us = at;
		go_up(t, tun, at);
	} else {
		if (tun->last_up_us == 0 || tun->state != TUNNEL_UP)
			tun->last_up_us = at;
		if (tun->state != TUNNEL_UP && tun->state != TUNNEL_PHASE1_UP) {
			transition(t, tun, track_live_count(tun, IW_SA_CHILD) > 0 ?
			    TUNNEL_UP : TUNNEL_PHASE1_UP, at);
		}
	}
}

/* Declare a tunnel down: state, flap accounting and tunnel_down. */
static void
declare_down(struct track *t, struct tunnel *tun, int64_t at, const char *cause,
    const char *why)
{
	char	 ts[32];
	int	 i, n;
	int64_t	 window;

	track_slot_cancel(t, &tun->dl[SLOT_GRACE]);
	track_slot_cancel(t, &tun->dl[SLOT_UPBY]);
	if (tun->state == TUNNEL_DOWN &&
	    (tun->firing & FIRE(IW_ALERT_TUNNEL_DOWN)))
		return;
	transition(t, tun, TUNNEL_DOWN, at);
	tun->downs++;
	if (!down_alerts(tun))
		return;
	if ((tun->flags & TF_ROADWARRIOR) &&
	    (t->pol == NULL || !t->pol->roadwarrior_down_alerts))
		return;
	fmt_time(at, ts, sizeof(ts));
	fire(t, tun, IW_ALERT_TUNNEL_DOWN, cause, at,
	    "%s: tunnel down since %s: %s%s%s",
	    tun->name, ts, why, cause ? ": " : "", cause ? cause : "");

	/* Flapping: flap_count downs within flap_window. */
	if (t->pol == NULL || t->pol->flap_count <= 0)
		return;
	if (tun->flaps == NULL)
		tun->flaps = xcalloc(FLAP_RING, sizeof(*tun->flaps));
	tun->flaps[tun->flappos] = at;
	tun->flappos = (tun->flappos + 1) % FLAP_RING;
	if (tun->nflaps < FLAP_RING)
		tun->nflaps++;
	window = t->pol->flap_window * US;
	for (i = 0, n = 0; i < tun->nflaps; i++) {
		if (tun->flaps[i] > at - window)
			n++;
	}
	if (n >= t->pol->flap_count || (t->pol->flap_count > FLAP_RING &&
	    n == FLAP_RING)) {
		fire(t, tun, IW_ALERT_TUNNEL_FLAPPING, NULL, at,
		    "%s: went down %d times within %" PRId64 "s", tun->name, n,
		    t->pol->flap_window);
	}
	if (tun->firing & FIRE(IW_ALERT_TUNNEL_FLAPPING))
		track_slot_arm(t, &tun->dl[SLOT_FLAP], at + window);
}

/*
 * The tunnel may have lost its last Child SA.  With a definite signal it
 * is down now; otherwise a replacement may come within the down grace
 * (make-before-break churn, break-before-make reauthentication).
 */
static void
lost_sa(struct track *t, struct tunnel *tun, int64_t at, bool definite,
    const char *cause)
{
	int64_t	 grace;

	if (track_live_count(tun, IW_SA_CHILD) > 0)
		return;
	if (tun->state == TUNNEL_UP) {
		if (definite) {
			declare_down(t, tun, at, cause, "outage");
			return;
		}
		if (tun->dl[SLOT_GRACE].idx < 0) {
			grace = t->pol != NULL ? t->pol->down_grace : 30;
			tun->grace_cause = cause;
			track_slot_arm(t, &tun->dl[SLOT_GRACE], at + grace * US);
		}
		return;
	}
	if (tun->state == TUNNEL_PHASE1_UP && track_live_count(tun, IW_SA_IKE) == 0)
		transition(t, tun, (tun->flags & TF_NEGOTIATING) ?
		    TUNNEL_NEGOTIATING : TUNNEL_DOWN, at);
}

/*
 * An SA went away.  Deleting the last IKE SA of an IKEv2 tunnel takes its
 * Child SAs with it (charon logs no line for them).  The kind's rhythm
 * falls back to the newest remaining SA.
 */
static void
remove_sa_event(struct track *t, struct tunnel *tun, struct sa *s, int64_t at,
    bool definite, const char *cause)
{
	uint8_t	 kind = s->kind;
	bool	 was_est = s->est_us != 0;
	struct sa *n;
	struct kindinfo *k;

	sa_remove(t, s);
	if (!was_est)
		return;
	if (kind != IW_SA_CHILD && track_live_count(tun, IW_SA_IKE) == 0 &&
	    (tun->ike_version == 2 || (tun->ike_version == 0 &&
	    tun->daemon == IW_DAEMON_CHARON))) {
		struct sa *c, *cn;

		for (c = tun->sas; c != NULL; c = cn) {
			cn = c->tnext;
			if (c->kind == IW_SA_CHILD)
				sa_remove(t, c);
		}
		tun->k[1].est_us = tun->k[1].sched_us = tun->k[1].hard_us = 0;
		track_arm_rekey(t, tun, 1);
	}
	k = &tun->k[kind == IW_SA_CHILD];
	n = newest(tun, kind, NULL);
	if (n == NULL) {
		k->est_us = k->sched_us = k->hard_us = 0;
	} else if (n->est_us != k->est_us) {
		k->est_us = n->est_us;
		k->sched_us = k->hard_us = 0;
	}
	track_arm_rekey(t, tun, kind == IW_SA_CHILD);
	lost_sa(t, tun, at, definite, cause);
}

/*
 * The IKE daemon restarted (banner after it was active or stopped, serials
 * starting again): one ike_daemon_restarted, every SA of that
 * daemon forgotten, and tunnels that must be up (or were up) get
 * restart_deadline to come back.  No per-tunnel alerts now.
 */
static void
daemon_restart(struct track *t, enum iw_daemon dm, int64_t at, const char *how)
{
	struct tunnel	*tun;
	struct daemon_state *d = &t->d[dm];
	size_t		 i;
	int64_t		 rd;
	char		 summary[256];

	rd = (t->pol != NULL ? t->pol->restart_deadline : 120) * US;
	if (t->restart_firing) {
		alert(t, NULL, IW_ALERT_IKE_DAEMON_RESTARTED, false, NULL, at,
		    "IKE daemon restarted again");
		t->restart_firing = false;
	}
	snprintf(summary, sizeof(summary),
	    "%s restarted (%s); its SA state was reset",
	    iw_daemon_name(dm), how);
	t->restart_firing = true;
	alert(t, NULL, IW_ALERT_IKE_DAEMON_RESTARTED, true, NULL, at, summary);
	track_slot_arm(t, &t->gdl[GSLOT_RESTART], at + rd);
	d->max_ike = d->max_child = 0;
	d->ctx = NULL;
	for (i = 0; i < t->tbl_size; i++) {
		for (tun = t->tbl[i]; tun != NULL; tun = tun->hnext) {
			if (tun->daemon == dm && !(tun->flags & TF_IGNORED))
				daemon_stopped(t, tun, at);
		}
	}
}

/*
 * The daemon of a tunnel stopped or restarted: its SAs are gone.  No
 * alert now; a tunnel that must be up, or was up, gets restart_deadline
 * to come back (tunnel_down otherwise).
 */
static void
daemon_stopped(struct track *t, struct tunnel *tun, int64_t at)
{
	int64_t	 rd = (t->pol != NULL ? t->pol->restart_deadline : 120) * US;
	bool	 was_up;
	int	 k;

	was_up = tun->state == TUNNEL_UP || tun->dl[SLOT_GRACE].idx >= 0 ||
	    (tun->flags & TF_WAS_UP);
	sa_drop_all(t, tun, false);
	for (k = 0; k < SLOT__COUNT; k++) {
		if (k != SLOT_FLAP && k != SLOT_UPBY)
			track_slot_cancel(t, &tun->dl[k]);
	}
	tun->flags &= ~(TF_NEGOTIATING | TF_FAILED);
	if (tun->state != TUNNEL_UNKNOWN)
		transition(t, tun, TUNNEL_DOWN, at);
	if (!down_alerts(tun) || ((tun->flags & TF_ROADWARRIOR) &&
	    (t->pol == NULL || !t->pol->roadwarrior_down_alerts)))
		return;
	if ((tun->flags & TF_MUST_BE_UP) || was_up) {
		if (was_up)
			tun->flags |= TF_WAS_UP;
		track_slot_arm(t, &tun->dl[SLOT_UPBY], at + rd);
	}
}

/* A deadline is due. */
static void
on_deadline(struct track *t, struct slot *s)
{
	struct tunnel	*tun;
	char		 ts[32], ts2[32];
	int64_t		 at = s->at;
	int		 kind;
	struct sa	*sa;

	if (s->global) {
		if (s->kind == GSLOT_RESTART && t->restart_firing) {
			t->restart_firing = false;
			alert(t, NULL, IW_ALERT_IKE_DAEMON_RESTARTED, false,
			    NULL,
			    at, "restart deadline over");
		}
		return;
	}
	tun = slot_tunnel(s);
	switch (s->kind) {
	case SLOT_NEG:
		if (!(tun->flags & TF_NEGOTIATING) || tun->state == TUNNEL_UP)
			break;
		fmt_time(tun->neg_start_us, ts, sizeof(ts));
		fire(t, tun, IW_ALERT_NEGOTIATION_STALLED, tun->cause, at,
		    "%s: negotiation started at %s has not completed within %"
		    PRId64 "s", tun->name, ts, (at - tun->neg_start_us) / US);
		break;
	case SLOT_REKEY_IKE:
	case SLOT_REKEY_CHILD:
		kind = s->kind == SLOT_REKEY_CHILD;
		tun->overdue |= 1u << kind;
		fmt_time(tun->k[kind].est_us, ts, sizeof(ts));
		if (tun->k[kind].hard_us != 0)
			fmt_time(tun->k[kind].hard_us, ts2, sizeof(ts2));
		else
			snprintf(ts2, sizeof(ts2), "unknown");
		fire(t, tun, IW_ALERT_REKEY_OVERDUE, NULL, at,
		    "%s: %s SA established at %s was not rekeyed in time "
		    "(hard expiry: %s)", tun->name, kind ? "Child" : "IKE", ts,
		    ts2);
		break;
	case SLOT_HARD_IKE:
	case SLOT_HARD_CHILD:
		/* The SA cannot exist any more: it expired unreplaced. */
		kind = s->kind == SLOT_HARD_CHILD ? IW_SA_CHILD : IW_SA_IKE;
		sa = newest(tun, kind, NULL);
		if (sa == NULL)
			break;
		tun->k[kind == IW_SA_CHILD].hard_us = 0;
		log_debug("track: %s: %s SA %" PRIu64 " reached its "
		    "hard lifetime",
		    tun->name, kind == IW_SA_CHILD ? "Child" : "IKE", sa->id);
		remove_sa_event(t, tun, sa, at, true, NULL);
		break;
	case SLOT_GRACE:
		declare_down(t, tun, at, tun->grace_cause,
		    "last SA gone and not replaced within the down grace");
		break;
	case SLOT_UPBY:
		if (tun->state == TUNNEL_UP)
			break;
		fmt_time(at, ts, sizeof(ts));
		transition(t, tun, TUNNEL_DOWN, at);
		tun->flags &= ~TF_WAS_UP;
		tun->downs++;
		fire(t, tun, IW_ALERT_TUNNEL_DOWN, tun->last_error, at,
		    "%s: not established by %s (must be up after start or "
		    "IKE daemon restart)", tun->name, ts);
		break;
	case SLOT_FLAP:
		resolve_alert(t, tun, IW_ALERT_TUNNEL_FLAPPING, at,
		    "quiet for the flap window");
		break;
	}
}

/* Feed one event to the tracker. */
void
track_event(struct track *t, const struct iw_event *ev)
{
	struct tunnel	*tun;
	struct daemon_state *d;
	struct sa	*s;
	const char	*err;
	struct kindinfo	*k;
	int64_t		 at;
	uint8_t		 kind;
	char		 how[64];

	if (ev == NULL || ev->kind <= IW_EV_NONE || ev->kind >= IW_EV__COUNT)
		return;
	at = ev->ts_us > 0 ? ev->ts_us : now_of(t);
	/*
	 * Time never runs backwards: a line older than what the tracker has
	 * seen (clock skew, logs of several hosts) counts at the latest time,
	 * so that no alert resolves before it fired.
	 */
	if (at < t->now_us)
		at = t->now_us;
	started(t, at);
	if (at > t->now_us)
		t->now_us = at;
	d = &t->d[ev->daemon <= IW_DAEMON_CHARON ? ev->daemon : 0];
	kind = ev->sa_kind == IW_SA_CHILD ? IW_SA_CHILD : IW_SA_IKE;

	/* Daemon-wide: restarts. */
	if (ev->daemon != IW_DAEMON_NONE) {
		how[0] = '\0';
		/*
		 * Restart signals: the start banner after the daemon was
		 * active, or a new IKE SA numbered 1 while higher numbers were
		 * seen (serials restart with the daemon).  A changed pid alone
		 * is not one: pluto's helpers (addconn) log as "pluto" with
		 * their own pid.
		 */
		if (ev->kind == IW_EV_DAEMON_START) {
			d->neg_timeout_s = track_default_negotiation_timeout(
			    ev->daemon, ev->msg,
			    ev->msg != NULL ? ev->msg_len : 0);
			if (d->seen)
				snprintf(how, sizeof(how), "start banner");
		} else if (d->seen && (ev->kind == IW_EV_NEG_START ||
		    ev->kind == IW_EV_NEG_RESPOND) && ev->sa_id == 1 &&
		    (kind == IW_SA_IKE || ev->daemon == IW_DAEMON_PLUTO) &&
		    d->max_ike > 1 &&
		    track_sa_find(t, ev->daemon, IW_SA_IKE, 1) == NULL)
			snprintf(how, sizeof(how), "SA serials started again");
		if (how[0] != '\0')
			daemon_restart(t, ev->daemon, at, how);
		/* Active: lines about SAs, not start-up chatter. */
		if (ev->kind == IW_EV_DAEMON_START)
			d->seen = false;
		else if (ev->kind != IW_EV_INFO)
			d->seen = true;
		if (ev->pid != 0)
			d->pid = ev->pid;
		if (ev->kind == IW_EV_DAEMON_START)
			return;
		if (ev->kind == IW_EV_DAEMON_STOP) {
			/* Stopped: SAs gone; the next start is a restart. */
			size_t i;

			for (i = 0; i < t->tbl_size; i++) {
				for (tun = t->tbl[i]; tun != NULL;
				    tun = tun->hnext) {
					if (tun->daemon != ev->daemon ||
					    (tun->flags & TF_IGNORED))
						continue;
					daemon_stopped(t, tun, at);
				}
			}
			d->ctx = NULL;
			return;
		}
	}

	if ((tun = resolve(t, ev, at)) == NULL)
		return;
	err = track_intern(t, ev->error);

	switch (ev->kind) {
	case IW_EV_NEG_START:
	case IW_EV_NEG_RESPOND:
	case IW_EV_REKEY_START:
		if (ev->sa_id != 0 && (s = track_sa_find(t, ev->daemon, kind,
		    ev->sa_id)) == NULL)
			s = track_sa_add(t, tun, ev->daemon, kind, ev->sa_id);
		if (ev->kind == IW_EV_REKEY_START || ev->replaces_id != 0)
			break;
		/* A new IKE SA beside a live one, or a Child SA beside a
		 * live one, is a rekey: no negotiation episode. */
		if (tun->state == TUNNEL_UP || track_live_count(tun, kind) > 0)
			break;
		neg_begin(t, tun, at);
		break;
	case IW_EV_P1_UP:
		establish(t, tun, ev, IW_SA_IKE, at, false);
		break;
	case IW_EV_P2_UP:
		establish(t, tun, ev, IW_SA_CHILD, at, false);
		break;
	case IW_EV_REKEY_DONE:
		establish(t, tun, ev, kind, at, true);
		break;
	case IW_EV_REKEY_SCHEDULED:
	case IW_EV_LIFETIME:
		if (ev->seconds <= 0)
			break;
		k = &tun->k[kind == IW_SA_CHILD];
		if (k->pend_at != at) {
			k->pend_at = at;
			k->pend_sched_us = k->pend_hard_us = 0;
		}
		if (ev->kind == IW_EV_LIFETIME)
			k->pend_hard_us = at + ev->seconds * US;
		else if (k->pend_sched_us == 0 ||
		    at + ev->seconds * US < k->pend_sched_us)
			k->pend_sched_us = at + ev->seconds * US;
		if (k->est_us == 0)
			break;
		if (ev->kind == IW_EV_LIFETIME)
			k->hard_us = at + ev->seconds * US;
		else if (k->sched_us == 0 ||
		    at + ev->seconds * US < k->sched_us)
			k->sched_us = at + ev->seconds * US;
		track_arm_rekey(t, tun, kind == IW_SA_CHILD);
		break;
	case IW_EV_EXPIRE:
	case IW_EV_DELETE:
		s = ev->sa_id != 0 ? track_sa_find(t, ev->daemon, kind,
		    ev->sa_id) : NULL;
		if (s != NULL && s->tun == tun) {
			remove_sa_event(t, tun, s, at, ev->kind == IW_EV_EXPIRE,
			    err != NULL ? err : tun->cause);
		} else if (ev->sa_id == 0 && ev->instance != 0 &&
		    (tun->flags & TF_ROADWARRIOR) &&
		    ev->sa_kind == IW_SA_NONE) {
			/* A road-warrior instance went away, SAs and all. */
			sa_drop_all(t, tun, false);
			lost_sa(t, tun, at, false, tun->cause);
		}
		/* Unknown ids: redundant down lines after a rekey. */
		if (err != NULL)
			count_error(t, tun, err);
		break;
	case IW_EV_DPD_DEAD:
		err = err != NULL ? err : track_intern(t, "dpd_dead_peer");
		count_error(t, tun, err);
		if (tun->state == TUNNEL_UP) {
			sa_drop_all(t, tun, false);
			declare_down(t, tun, at, err, "peer declared dead");
		} else {
			sa_drop_all(t, tun, false);
			if (tun->flags & TF_NEGOTIATING)
				neg_fail(t, tun, at, err);
			else if (tun->state == TUNNEL_PHASE1_UP)
				transition(t, tun, TUNNEL_DOWN, at);
		}
		break;
	case IW_EV_GIVE_UP:
		/*
		 * On an up tunnel, retransmissions on the established IKE SA
		 * (DPD, liveness, rekey of the IKE SA) that give up mean the
		 * peer is gone; a failed new Quick Mode or Main Mode beside
		 * live SAs is not an outage yet (rekey_overdue watches).
		 */
		if (tun->state == TUNNEL_UP && (ev->established_before ||
		    (err != NULL && (strcmp(err, "dpd_dead_peer") == 0 ||
		    strcmp(err, "established_sa_timeout") == 0)) ||
		    (err == NULL && ev->sa_kind != IW_SA_CHILD))) {
			if (err == NULL)
				err = track_intern(t, "dpd_dead_peer");
			count_error(t, tun, err);
			sa_drop_all(t, tun, false);
			declare_down(t, tun, at, err,
			    "retransmissions to the peer gave up");
			break;
		}
		if (err == NULL)
			err = tun->cause != NULL ? tun->cause : track_intern(t,
			    track_live_count(tun, IW_SA_IKE) > 0 ? "qm_no_response" :
			    "peer_no_response_p1");
		count_error(t, tun, err);
		if (tun->state == TUNNEL_UP)
			tun->cause = err;
		else
			neg_fail(t, tun, at, err);
		break;
	case IW_EV_ERROR:
		if (err == NULL)
			break;
		count_error(t, tun, err);
		if (error_is_transient(err) || tun->state == TUNNEL_UP) {
			/* Kept as the likely cause of what comes next. */
			if (tun->state == TUNNEL_UP || tun->cause == NULL ||
			    error_is_transient(tun->cause))
				tun->cause = err;
			break;
		}
		tun->cause = err;
		neg_fail(t, tun, at, err);
		break;
	case IW_EV_RETRANSMIT:
	case IW_EV_RETRY:
	case IW_EV_INFO:
	default:
		break;
	}
}

/* Raise or clear input_stalled for one input (tunnel field = input name). */
void
track_input_stalled(struct track *t, const char *input, bool stalled,
    const char *why)
{
	struct track_alert a;
	char		 summary[512];
	size_t		 i;
	int64_t		 at = now_of(t);

	for (i = 0; i < t->nstalled; i++) {
		if (strcmp(t->stalled_inputs[i], input) == 0)
			break;
	}
	if (stalled == (i < t->nstalled))
		return;
	if (stalled) {
		t->stalled_inputs = xreallocarray(t->stalled_inputs,
		    t->nstalled + 1, sizeof(char *));
		t->stalled_inputs[t->nstalled++] = xstrdup(input);
		snprintf(summary, sizeof(summary), "input %s stalled: %s",
		    input,
		    why != NULL ? why : "unknown reason");
	} else
		snprintf(summary, sizeof(summary), "input %s healthy again%s%s",
		    input, why != NULL ? ": " : "", why != NULL ? why : "");
	memset(&a, 0, sizeof(a));
	a.kind = IW_ALERT_INPUT_STALLED;
	a.firing = stalled;
	a.tunnel = input;
	a.at_us = at;
	a.summary = summary;
	if (t->fn != NULL)
		t->fn(&a, t->arg);
	if (!stalled) {
		free(t->stalled_inputs[i]);
		t->stalled_inputs[i] = t->stalled_inputs[--t->nstalled];
	}
}

/* Format a time as ISO 8601 UTC for summaries. */
static void
fmt_time(int64_t us, char *buf, size_t len)
{
	iw_format_time(us, "unknown", buf, len);
}
