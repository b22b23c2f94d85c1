/*
 * track-table.c - the tracker's registry: tunnels by name (hash table with
 * road-warrior policy flags), SAs by daemon/kind/id, Child-name aliases and
 * interned error ids.  The state machine in track.c finds and changes
 * records only through these functions.
 */

#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "ipsecwatch.h"
#include "log.h"
#include "track.h"
#include "track-private.h"
#include "xmalloc.h"

static uint64_t	 hash_str(const char *);
static uint64_t	 hash_sa(uint8_t, uint8_t, uint64_t);
static bool	 policy_match(char **, size_t, const struct tunnel *);
static void	 tbl_grow(struct track *);
static void	 track_sa_trim(struct track *, struct tunnel *, const struct sa *);
static uint8_t	 sa_keykind(uint8_t, uint8_t);

/* Free one tunnel record (its SAs are freed through the SA table). */
void
track_tunnel_free(struct tunnel *tun)
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
void
track_policy_flags(struct track *t, struct tunnel *tun)
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
	track_policy_flags(t, tun);
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
	track_sa_trim(t, tun, s);
	return (s);
}

/* Unlink and free an SA record. */
void
track_sa_remove(struct track *t, struct sa *s)
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
void
track_sa_drop_all(struct track *t, struct tunnel *tun, bool only_pending)
{
	struct sa	*s, *n;

	for (s = tun->sas; s != NULL; s = n) {
		n = s->tnext;
		if (!only_pending || s->est_us == 0)
			track_sa_remove(t, s);
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
track_sa_trim(struct track *t, struct tunnel *tun, const struct sa *keep)
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
		track_sa_remove(t, victim);
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
struct sa *
track_sa_newest(const struct tunnel *tun, uint8_t kind, const struct sa *except)
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
void
track_alias_set(struct track *t, const char *name, struct tunnel *tun)
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
struct tunnel *
track_alias_get(const struct track *t, const char *name)
{
	struct alias	*a;

	for (a = t->abl[hash_str(name) & (t->abl_size - 1)]; a != NULL;
	    a = a->hnext) {
		if (strcmp(a->name, name) == 0)
			return (a->tun);
	}
	return (NULL);
}
