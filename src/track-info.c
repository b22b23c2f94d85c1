/*
 * track-info.c - read access to the tracker: tunnel counts, the
 * tunnel_info view of one tunnel or of all in name order, error counts.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "track.h"
#include "track-private.h"
#include "xmalloc.h"

static void	 tunnel_fill_info(const struct track *, const struct tunnel *,
		    struct tunnel_info *);
static int	 cmp_tunnel(const void *, const void *);

/* Number of tracked (not ignored) tunnels. */
size_t
track_tunnel_count(const struct track *t)
{
	return (t->nvisible);
}

/* Fill the read-only view of a tunnel. */
static void
tunnel_fill_info(const struct track *t, const struct tunnel *tun,
    struct tunnel_info *ti)
{
	memset(ti, 0, sizeof(*ti));
	ti->name = tun->name;
	ti->conn = tun->conn;
	ti->peer = tun->peer != NULL ? tun->peer : "";
	ti->daemon = tun->daemon;
	ti->state = tun->state;
	ti->since_us = tun->since_us;
	ti->last_up_us = tun->last_up_us;
	ti->last_rekey_us = tun->last_rekey_us;
	ti->next_rekey_deadline_us = 0;
	if (tun->dl[SLOT_REKEY_CHILD].idx >= 0)
		ti->next_rekey_deadline_us = tun->dl[SLOT_REKEY_CHILD].at;
	if (tun->dl[SLOT_REKEY_IKE].idx >= 0 &&
	    (ti->next_rekey_deadline_us == 0 ||
	    tun->dl[SLOT_REKEY_IKE].at < ti->next_rekey_deadline_us))
		ti->next_rekey_deadline_us = tun->dl[SLOT_REKEY_IKE].at;
	ti->ike_rekey_interval_s = track_median(&tun->k[0]);
	ti->child_rekey_interval_s = track_median(&tun->k[1]);
	ti->rekey_interval_s = ti->child_rekey_interval_s != 0 ?
	    ti->child_rekey_interval_s : ti->ike_rekey_interval_s;
	ti->phase1_up = tun->phase1_up;
	ti->phase2_up = tun->phase2_up;
	ti->ike_rekeys = tun->k[0].rekeys;
	ti->child_rekeys = tun->k[1].rekeys;
	ti->rekeys = ti->ike_rekeys + ti->child_rekeys;
	ti->live_ike_sas = track_live_count(tun, IW_SA_IKE);
	ti->live_child_sas = track_live_count(tun, IW_SA_CHILD);
	ti->last_error = tun->last_error;
	ti->must_be_up = (tun->flags & TF_MUST_BE_UP) != 0;
	ti->may_be_down = (tun->flags & TF_MAY_BE_DOWN) != 0;
	ti->roadwarrior = (tun->flags & TF_ROADWARRIOR) != 0;
	ti->downs = tun->downs;
	(void)t;
}

/* qsort: tunnels by name. */
static int
cmp_tunnel(const void *a, const void *b)
{
	const struct tunnel *x = *(const struct tunnel * const *)a;
	const struct tunnel *y = *(const struct tunnel * const *)b;

	return (strcmp(x->name, y->name));
}

/* Call fn for each tracked tunnel in name order. */
void
track_foreach(const struct track *t, int (*fn)(const struct tunnel_info *,
    void *),
    void *arg)
{
	struct tunnel	**v, *tun;
	struct tunnel_info ti;
	size_t		 i, n = 0;

	if (t->nvisible == 0)
		return;
	v = xreallocarray(NULL, t->nvisible, sizeof(*v));
	for (i = 0; i < t->tbl_size; i++) {
		for (tun = t->tbl[i]; tun != NULL; tun = tun->hnext) {
			if (!(tun->flags & TF_IGNORED) && n < t->nvisible)
				v[n++] = tun;
		}
	}
	qsort(v, n, sizeof(*v), cmp_tunnel);
	for (i = 0; i < n; i++) {
		tunnel_fill_info(t, v[i], &ti);
		if (fn(&ti, arg) != 0)
			break;
	}
	free(v);
}

/* Error counts of a tunnel. */
void
track_tunnel_errors(const struct track *t, const char *name,
    void (*fn)(const char *, unsigned, void *), void *arg)
{
	struct tunnel	*tun;
	uint8_t		 i;

	if ((tun = track_tunnel_find(t, name)) == NULL)
		return;
	for (i = 0; i < tun->nerrs; i++)
		fn(tun->errs[i].id, tun->errs[i].count, arg);
}

/* Read one tunnel; -1 if unknown or ignored. */
int
track_tunnel_info(const struct track *t, const char *name,
    struct tunnel_info *ti)
{
	struct tunnel	*tun;

	if ((tun = track_tunnel_find(t, name)) == NULL || (tun->flags & TF_IGNORED))
		return (-1);
	tunnel_fill_info(t, tun, ti);
	return (0);
}
