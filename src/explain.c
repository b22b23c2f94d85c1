/*
 * explain.c - "ipsecwatch explain": a log excerpt in plain words.
 *
 * Three passes over the excerpt:
 *  1. the envelope of every line gives its time; if the times mostly go
 *     down, the excerpt was pasted newest-first (web log viewers) and is
 *     reversed, so that everything after works in chronological order;
 *  2. every line is parsed (with a fresh parser context, so year inference
 *     and de-duplication see the lines in the order they were written); bare
 *     messages without a syslog header are given to the dialects directly;
 *  3. lines are attributed to tunnels, described, and fed to a small
 *     per-tunnel state machine that yields the verdict.
 *
 * The verdict machine is deliberately simpler than the tracker (track.c):
 * explain has no clock, no deadlines and no policy; it only says what the
 * excerpt shows.  Texts come in English and German; every knowledge-base
 * text comes from kb.conf, the rest of the wording from explain-words.c.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "causes.h"
#include "explain.h"
#include "explain-words.h"
#include "kb.h"
#include "parse.h"
#include "xmalloc.h"

#define EX_TUNNEL_MAX	(IW_CONN_MAX + IW_PEER_MAX + 16)

/* One input line and what became of it. */
struct ex_line {
	const char		*text;
	size_t			 n;		/* input line number, 1-based */
	enum parse_result	 res;
	struct iw_event		 ev;
	char			 tunnel[EX_TUNNEL_MAX];	/* "" none */
	const struct kb_entry	*kb;		/* for ev.error, or NULL */
};

/* Verdict states; names as the tracker's (track.h). */
enum ex_state {
	EX_UNKNOWN = 0,
	EX_NEGOTIATING,
	EX_PHASE1_UP,
	EX_UP,
	EX_DOWN,
};

/* Why a tunnel that was up went down. */
enum ex_down {
	EX_DOWN_NONE = 0,
	EX_DOWN_ERROR,
	EX_DOWN_DPD,
	EX_DOWN_DELETE,
	EX_DOWN_GIVE_UP,
	EX_DOWN_STOP,
};

/* An SA id list (live SAs of a tunnel). */
struct ex_ids {
	uint64_t	*v;
	size_t		 n, cap;
};

/* The verdict state of one tunnel. */
struct ex_tunnel {
	char			 name[EX_TUNNEL_MAX];
	enum ex_state		 state;
	int			 v2;		/* IKE SA / Child SA wording */
	int			 relevant;	/* saw an event that matters */
	int64_t			 neg_us;	/* negotiation started */
	int64_t			 p1_us;		/* last phase 1 up */
	int64_t			 p2_us;		/* last phase 2 up */
	int64_t			 up_us;		/* became up */
	int64_t			 down_us;	/* went down */
	int64_t			 rekey_us;	/* last rekey done */
	int64_t			 refail_us;	/* re-establishing failed */
	int			 refailed;
	const struct kb_entry	*err_refail;
	int			 ever_p1, ever_p2, ever_up;
	unsigned		 ups;		/* times it became up */
	unsigned		 rekeys;	/* rekeys completed */
	enum iw_daemon		 daemon;
	enum ex_down		 down_why;
	const struct kb_entry	*err_before;	/* first error before up */
	const struct kb_entry	*err_p2;	/* error after phase 1, before up */
	const struct kb_entry	*err_after;	/* error while up */
	const struct kb_entry	*err_fail;	/* the error that failed it */
	const struct kb_entry	*err_last;
	struct ex_ids		 ike, child;
};



static const char *ex_state_names[] = {
	"unknown", "negotiating", "phase1_up", "up", "down",
};

/* Values for the placeholders of a template. */
struct ex_vars {
	const char	*k[16];
	const char	*v[16];
	size_t		 n;
};

/* A growing string. */
struct ex_buf {
	char	*s;
	size_t	 len, cap;
};

static void	 buf_add(struct ex_buf *, const char *, size_t);
static void	 var_set(struct ex_vars *, const char *, const char *);
static char	*ex_expand(const char *, const struct ex_vars *);
static void	 ex_hms(int64_t, char *, size_t);
static int	 ex_bare_daemon(const char *, size_t);
static enum parse_result ex_parse(struct parse_ctx *, const char *, struct iw_event *);
static int	 ex_newest_first(const char *const *, size_t, long long);
static void	 ex_tunnel_key(const struct iw_event *, char *, size_t);
static int	 ex_sa_cmp(const struct iw_event *, const struct iw_event *);
static int	 ex_cmp_named(const void *, const void *);
static size_t	 ex_named_find(const struct ex_line *, const size_t *, size_t,
		    const struct iw_event *);
static void	 ex_attribute(struct ex_line *, size_t);
static const char *ex_noun(const struct ex_words *, enum iw_sa_kind, int);
static int	 ex_is_v2(const struct iw_event *);
static char	*ex_said(const struct ex_line *, enum iw_lang);
static struct ex_tunnel *ex_tunnel_get(struct ex_tunnel **, size_t *, const char *);
static void	 ids_add(struct ex_ids *, uint64_t);
static int	 ids_has(const struct ex_ids *, uint64_t);
static int	 ids_del(struct ex_ids *, uint64_t);
static void	 ex_keep(const struct kb_entry **, const struct kb_entry *);
static void	 ex_feed(struct ex_tunnel *, const struct ex_line *);
static void	 ex_daemon_stop(struct ex_tunnel *, size_t, const struct iw_event *);
static char	*ex_summary(const struct ex_tunnel *, enum iw_lang);
static const struct kb_entry *ex_decisive(const struct ex_tunnel *);
static json_t	*ex_jstr(const char *);
static void	 ex_arg_lines(const char *, char ***, size_t *);
static int	 ex_cmp_tunnel(const void *, const void *);
static json_t	*ex_lines_array(const char *);
static void	 ex_print_list(FILE *, const char *);
static json_t	*ex_line_json(const struct ex_line *, enum iw_lang);
static void	 ex_line_text(FILE *, const struct ex_line *, enum iw_lang,
		    const char ***, size_t *);
static json_t	*ex_verdict_json(const struct ex_tunnel *, enum iw_lang);
static struct ex_line *ex_analyze(const struct kb *, const char *const *,
		    size_t, long long, int *, struct ex_tunnel **, size_t *);
static void	 usage(FILE *);

/* Append bytes to a growing string. */
static void
buf_add(struct ex_buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = xreallocarray(b->s, b->cap, 1);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

/* Set a placeholder value (NULL counts as empty). */
static void
var_set(struct ex_vars *vs, const char *k, const char *v)
{
	size_t	 i;

	for (i = 0; i < vs->n; i++) {
		if (strcmp(vs->k[i], k) == 0) {
			vs->v[i] = v;
			return;
		}
	}
	if (vs->n < sizeof vs->k / sizeof vs->k[0]) {
		vs->k[vs->n] = k;
		vs->v[vs->n++] = v;
	}
}

/* Replace {name} in a template by its value; unknown names stay as they are. */
static char *
ex_expand(const char *tpl, const struct ex_vars *vs)
{
	struct ex_buf	 b = { NULL, 0, 0 };
	const char	*p, *q;
	size_t		 i, klen;
	int		 found;

	buf_add(&b, "", 0);
	for (p = tpl; *p != '\0'; p++) {
		if (*p != '{' || (q = strchr(p, '}')) == NULL) {
			buf_add(&b, p, 1);
			continue;
		}
		klen = (size_t)(q - p - 1);
		found = 0;
		for (i = 0; i < vs->n; i++) {
			if (strlen(vs->k[i]) == klen &&
			    strncmp(vs->k[i], p + 1, klen) == 0) {
				if (vs->v[i] != NULL)
					buf_add(&b, vs->v[i], strlen(vs->v[i]));
				found = 1;
				break;
			}
		}
		if (!found)
			buf_add(&b, p, (size_t)(q - p + 1));
		p = q;
	}
	return (b.s);
}

/* Time of day (UTC, as the parser normalizes) of a timestamp. */
static void
ex_hms(int64_t us, char *buf, size_t len)
{
	time_t		 t = (time_t)(us / 1000000);
	struct tm	 tm;

	if (us == 0 || gmtime_r(&t, &tm) == NULL) {
		snprintf(buf, len, "?");
		return;
	}
	strftime(buf, len, "%H:%M:%S", &tm);
}

/*
 * Guess the daemon of a bare message (no syslog header): charon's body
 * starts with "NN[GRP]"; anything else is tried as pluto.
 */
static int
ex_bare_daemon(const char *s, size_t len)
{
	size_t	 i = 0;

	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i >= 2 && i + 4 < len && s[i] == '[' && s[i + 1] >= 'A' &&
	    s[i + 1] <= 'Z')
		return (IW_DAEMON_CHARON);
	return (IW_DAEMON_PLUTO);
}

/* Parse one line: with its syslog header, or else as a bare message. */
static enum parse_result
ex_parse(struct parse_ctx *ctx, const char *line, struct iw_event *ev)
{
	enum parse_result	 r;
	size_t			 len = strlen(line);

	memset(ev, 0, sizeof *ev);
	r = parse_line(ctx, line, len, ev);
	if (r != PARSE_NOT_IPSEC)
		return (r);
	/*
	 * Not from an IKE daemon by its header, or no header at all: a pasted
	 * message body.  Only accept what the dialect recognizes, so that
	 * ordinary non-IPsec lines stay "not IPsec".
	 */
	memset(ev, 0, sizeof *ev);
	r = parse_message(ctx, (enum iw_daemon)ex_bare_daemon(line, len),
	    line, len, ev);
	if (r == PARSE_EVENT || r == PARSE_DUPLICATE)
		return (r);
	memset(ev, 0, sizeof *ev);
	return (PARSE_NOT_IPSEC);
}

/* Whether the excerpt is newest-first: its timestamps mostly go down. */
static int
ex_newest_first(const char *const *lines, size_t n, long long ref_time)
{
	struct parse_ctx	*ctx;
	struct parse_envelope	 env;
	int64_t			 prev = 0;
	size_t			 i, up = 0, down = 0;

	ctx = parse_ctx_new((time_t)ref_time, NULL);
	for (i = 0; i < n; i++) {
		memset(&env, 0, sizeof env);
		if (parse_envelope(ctx, lines[i], strlen(lines[i]), &env) == -1 ||
		    env.ts_us == 0)
			continue;
		if (prev != 0) {
			if (env.ts_us > prev)
				up++;
			else if (env.ts_us < prev)
				down++;
		}
		prev = env.ts_us;
	}
	parse_ctx_free(ctx);
	return (down > up);
}

/* The tunnel key of an event: conn, plus "[inst] peer" for instances. */
static void
ex_tunnel_key(const struct iw_event *ev, char *buf, size_t len)
{
	if (ev->conn[0] == '\0')
		buf[0] = '\0';
	else if (ev->instance != 0 && ev->peer[0] != '\0')
		snprintf(buf, len, "%s[%u] %s", ev->conn, ev->instance, ev->peer);
	else if (ev->instance != 0)
		snprintf(buf, len, "%s[%u]", ev->conn, ev->instance);
	else
		snprintf(buf, len, "%s", ev->conn);
}

/* The lines ex_cmp_named sorts (qsort has no argument for it). */
static const struct ex_line *ex_sort_lines;

/* The SA key of an event: charon counts IKE and Child SA ids apart. */
static int
ex_sa_cmp(const struct iw_event *a, const struct iw_event *b)
{
	int	 ka, kb;

	if (a->daemon != b->daemon)
		return (a->daemon < b->daemon ? -1 : 1);
	ka = a->daemon == IW_DAEMON_PLUTO ? 0 : (int)a->sa_kind;
	kb = b->daemon == IW_DAEMON_PLUTO ? 0 : (int)b->sa_kind;
	if (ka != kb)
		return (ka < kb ? -1 : 1);
	if (a->sa_id != b->sa_id)
		return (a->sa_id < b->sa_id ? -1 : 1);
	return (0);
}

/* Order line indexes by SA, then by position. */
static int
ex_cmp_named(const void *a, const void *b)
{
	size_t	 x = *(const size_t *)a, y = *(const size_t *)b;
	int	 c;

	c = ex_sa_cmp(&ex_sort_lines[x].ev, &ex_sort_lines[y].ev);
	if (c != 0)
		return (c);
	return (x < y ? -1 : x > y);
}

/* The first line naming its tunnel with the same SA as ev, or SIZE_MAX. */
static size_t
ex_named_find(const struct ex_line *l, const size_t *named, size_t n,
    const struct iw_event *ev)
{
	size_t	 lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (ex_sa_cmp(&l[named[mid]].ev, ev) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < n && ex_sa_cmp(&l[named[lo]].ev, ev) == 0)
		return (named[lo]);
	return (SIZE_MAX);
}

/*
 * Give every event a tunnel.  Lines that name one keep it.  Lines that do
 * not (strongSwan without ike_name, charon's first lines of an exchange)
 * get the tunnel of another line with the same daemon and SA id, or, when
 * the excerpt names exactly one tunnel for that daemon, that tunnel.  For
 * charon only IKE SA names count there: a swanctl child ("net{1}") is named
 * after its children section, not after the connection.  Daemon start and
 * stop belong to no tunnel.
 */
static void
ex_attribute(struct ex_line *l, size_t n)
{
	const char	*only[3] = { NULL, NULL, NULL };
	int		 many[3] = { 0, 0, 0 };
	size_t		*named, nnamed = 0, i, j;
	int		 d;

	for (i = 0; i < n; i++) {
		if (l[i].res != PARSE_EVENT)
			continue;
		ex_tunnel_key(&l[i].ev, l[i].tunnel, sizeof l[i].tunnel);
		d = (int)l[i].ev.daemon;
		if (l[i].tunnel[0] == '\0' || d < 0 || d > 2 ||
		    (l[i].ev.daemon == IW_DAEMON_CHARON &&
		    l[i].ev.sa_kind == IW_SA_CHILD))
			continue;
		if (only[d] == NULL)
			only[d] = l[i].tunnel;
		else if (strcmp(only[d], l[i].tunnel) != 0)
			many[d] = 1;
	}
	/* Lines that name their tunnel, sorted by SA for lookups. */
	named = xcalloc(n + 1, sizeof *named);
	for (i = 0; i < n; i++) {
		if (l[i].res == PARSE_EVENT && l[i].ev.conn[0] != '\0' &&
		    l[i].ev.sa_id != 0)
			named[nnamed++] = i;
	}
	ex_sort_lines = l;
	qsort(named, nnamed, sizeof *named, ex_cmp_named);
	/* A charon child of the one IKE SA in the excerpt belongs to it. */
	d = IW_DAEMON_CHARON;
	for (i = 0; i < n && only[d] != NULL && !many[d]; i++) {
		if (l[i].res == PARSE_EVENT && l[i].tunnel[0] != '\0' &&
		    (int)l[i].ev.daemon == d && l[i].ev.sa_kind == IW_SA_CHILD)
			snprintf(l[i].tunnel, sizeof l[i].tunnel, "%s", only[d]);
	}
	for (i = 0; i < n; i++) {
		if (l[i].res != PARSE_EVENT || l[i].tunnel[0] != '\0' ||
		    l[i].ev.kind == IW_EV_DAEMON_START ||
		    l[i].ev.kind == IW_EV_DAEMON_STOP)
			continue;
		if (l[i].ev.sa_id != 0 &&
		    (j = ex_named_find(l, named, nnamed, &l[i].ev)) != SIZE_MAX) {
			memcpy(l[i].tunnel, l[j].tunnel, sizeof l[i].tunnel);
			continue;
		}
		d = (int)l[i].ev.daemon;
		if (d >= 0 && d <= 2 && only[d] != NULL && !many[d])
			snprintf(l[i].tunnel, sizeof l[i].tunnel, "%s", only[d]);
	}
	free(named);
}

/* The SA noun of an event in a language. */
static const char *
ex_noun(const struct ex_words *w, enum iw_sa_kind k, int v2)
{
	if (k == IW_SA_IKE)
		return (v2 ? w->p1_v2 : w->p1_v1);
	if (k == IW_SA_CHILD)
		return (v2 ? w->p2_v2 : w->p2_v1);
	return (w->sa);
}

/* Whether an event speaks IKEv2 / strongSwan terms (IKE SA, Child SA). */
static int
ex_is_v2(const struct iw_event *ev)
{
	if (ev->ike_version == 2)
		return (1);
	if (ev->ike_version == 1)
		return (ev->daemon == IW_DAEMON_CHARON);
	return (ev->daemon == IW_DAEMON_CHARON);
}

/* One sentence: what a line says happened. */
static char *
ex_said(const struct ex_line *l, enum iw_lang lang)
{
	const struct ex_words	*w = &explain_words[lang];
	const struct iw_event	*ev = &l->ev;
	struct ex_vars		 vs = { .n = 0 };
	char			 id[32], secs[32], *f = NULL, *of = NULL,
				*ref = NULL, *rep = NULL, *out;
	char			 peer[IW_PEER_MAX + 2];
	const char		*tpl, *title = NULL;
	struct ex_vars		 sub = { .n = 0 };

	switch (l->res) {
	case PARSE_NOT_IPSEC:
		return (xstrdup(w->not_ipsec));
	case PARSE_UNRECOGNIZED:
		return (xstrdup(w->unrecognized));
	case PARSE_DUPLICATE:
		return (xstrdup(w->duplicate));
	case PARSE_MALFORMED:
		return (xstrdup(w->malformed));
	case PARSE_EVENT:
		break;
	}
	tpl = (unsigned)ev->kind < IW_EV__COUNT ? w->ev[ev->kind] : w->ev[0];
	if (l->tunnel[0] != '\0') {
		var_set(&sub, "t", l->tunnel);
		f = ex_expand(w->for_tunnel, &sub);
		of = ex_expand(w->of_tunnel, &sub);
	}
	snprintf(id, sizeof id, "%llu", (unsigned long long)ev->sa_id);
	var_set(&sub, "id", id);
	var_set(&sub, "lb", "{");
	var_set(&sub, "rb", "}");
	if (ev->sa_id != 0) {
		if (ev->daemon == IW_DAEMON_CHARON)
			ref = ex_expand(ev->sa_kind == IW_SA_CHILD ? w->ref_child :
			    w->ref_ike, &sub);
		else
			ref = ex_expand(w->ref_pluto, &sub);
	}
	if (ev->replaces_id != 0) {
		snprintf(id, sizeof id, "%llu",
		    (unsigned long long)ev->replaces_id);
		var_set(&sub, "id", id);
		rep = ex_expand(w->replaces, &sub);
	}
	snprintf(secs, sizeof secs, "%lld", (long long)ev->seconds);
	if (ev->peer[0] != '\0')
		snprintf(peer, sizeof peer, " %s", ev->peer);
	else
		peer[0] = '\0';
	if (l->kb != NULL)
		title = kb_text(l->kb, lang).title;
	else if (ev->error[0] != '\0')
		title = ev->error;
	var_set(&vs, "noun", ex_noun(w, ev->sa_kind, ex_is_v2(ev)));
	var_set(&vs, "for", f);
	var_set(&vs, "of", of);
	var_set(&vs, "ref", ref);
	var_set(&vs, "replaces", rep);
	var_set(&vs, "secs", secs);
	var_set(&vs, "peer", peer);
	var_set(&vs, "title", title);
	var_set(&vs, "daemon", iw_daemon_name(ev->daemon));
	out = ex_expand(tpl, &vs);
	free(f);
	free(of);
	free(ref);
	free(rep);
	return (out);
}

/* Find or add the verdict state of a tunnel. */
static struct ex_tunnel *
ex_tunnel_get(struct ex_tunnel **v, size_t *n, const char *name)
{
	size_t	 i;

	for (i = 0; i < *n; i++) {
		if (strcmp((*v)[i].name, name) == 0)
			return (&(*v)[i]);
	}
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	memset(&(*v)[*n], 0, sizeof **v);
	snprintf((*v)[*n].name, sizeof (*v)[*n].name, "%s", name);
	return (&(*v)[(*n)++]);
}

/* Add an SA id to a set. */
static void
ids_add(struct ex_ids *s, uint64_t id)
{
	size_t	 i;

	if (id == 0)
		return;
	for (i = 0; i < s->n; i++) {
		if (s->v[i] == id)
			return;
	}
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 4;
		s->v = xreallocarray(s->v, s->cap, sizeof *s->v);
	}
	s->v[s->n++] = id;
}

/* Whether a set holds an SA id. */
static int
ids_has(const struct ex_ids *s, uint64_t id)
{
	size_t	 i;

	for (i = 0; i < s->n; i++) {
		if (s->v[i] == id)
			return (1);
	}
	return (0);
}

/* Remove an SA id from a set; 1 if it was there. */
static int
ids_del(struct ex_ids *s, uint64_t id)
{
	size_t	 i;

	for (i = 0; i < s->n; i++) {
		if (s->v[i] == id) {
			s->v[i] = s->v[--s->n];
			return (1);
		}
	}
	return (0);
}

/* Remember e in slot unless slot holds an error at least as severe. */
static void
ex_keep(const struct kb_entry **slot, const struct kb_entry *e)
{
	if (*slot == NULL || e->severity > (*slot)->severity)
		*slot = e;
}

/*
 * Feed one event to a tunnel's verdict state.  Why-comment: a rekey makes
 * the new SA before it deletes the old one, so a delete only takes the
 * tunnel down when no SA of that phase is left.
 */
static void
ex_feed(struct ex_tunnel *t, const struct ex_line *l)
{
	const struct iw_event	*ev = &l->ev;
	const struct kb_entry	*e = l->kb;
	int			 was_ike, was_child, critical;

	/*
	 * An info-kind line with an error id (a harmless round trip, a
	 * follow-up of an error already seen) and info-severity kinds are
	 * explained per line but do not make a verdict.
	 */
	if (e != NULL && (ev->kind == IW_EV_INFO || e->severity == IW_SEV_INFO))
		e = NULL;

	if (ex_is_v2(ev))
		t->v2 = 1;
	if (ev->daemon != IW_DAEMON_NONE)
		t->daemon = ev->daemon;
	critical = e != NULL && e->severity == IW_SEV_CRITICAL;
	/* Keep the first of the most severe errors of each phase. */
	if (e != NULL) {
		t->err_last = e;
		if (t->state == EX_UP)
			ex_keep(&t->err_after, e);
		else if (t->state == EX_PHASE1_UP ||
		    (t->state == EX_DOWN && t->ever_p1 && !t->ever_up))
			ex_keep(&t->err_p2, e);
		else if (t->err_before == NULL)
			t->err_before = e;
	}
	switch (ev->kind) {
	case IW_EV_NEG_START:
	case IW_EV_NEG_RESPOND:
		t->relevant = 1;
		if ((t->state == EX_UNKNOWN || t->state == EX_DOWN) &&
		    ev->sa_kind != IW_SA_CHILD) {
			t->state = EX_NEGOTIATING;
			t->neg_us = ev->ts_us;
			t->err_fail = NULL;
		}
		break;
	case IW_EV_P1_UP:
		t->relevant = 1;
		ids_add(&t->ike, ev->sa_id);
		t->p1_us = ev->ts_us;
		t->ever_p1 = 1;
		if (t->state != EX_UP)
			t->state = EX_PHASE1_UP;
		break;
	case IW_EV_P2_UP:
	case IW_EV_REKEY_DONE:
		t->relevant = 1;
		if (ev->sa_kind == IW_SA_IKE) {
			ids_add(&t->ike, ev->sa_id);
			t->ever_p1 = 1;
		} else {
			/* A new Child SA beside a live one is a rekey. */
			if (ev->kind == IW_EV_P2_UP && t->state == EX_UP &&
			    t->child.n > 0 && ev->sa_id != 0 &&
			    !ids_has(&t->child, ev->sa_id))
				t->rekeys++;
			ids_add(&t->child, ev->sa_id);
		}
		if (ev->kind == IW_EV_REKEY_DONE) {
			t->rekey_us = ev->ts_us;
			t->rekeys++;
		} else {
			t->p2_us = ev->ts_us;
			t->ever_p2 = 1;
		}
		if (t->state != EX_UP && (ev->kind == IW_EV_P2_UP ||
		    ev->sa_kind != IW_SA_IKE)) {
			t->state = EX_UP;
			t->up_us = ev->ts_us;
			t->ever_up = 1;
			t->ups++;
			t->err_fail = NULL;
		}
		break;
	case IW_EV_EXPIRE:
	case IW_EV_DELETE:
		t->relevant = 1;
		/* charon counts IKE and Child SA ids separately. */
		was_ike = ev->sa_kind != IW_SA_CHILD && ids_del(&t->ike, ev->sa_id);
		was_child = ev->sa_kind != IW_SA_IKE &&
		    ids_del(&t->child, ev->sa_id);
		/*
		 * IKEv2 (and every charon IKE SA) takes its Child SAs along;
		 * an IKEv1 IPsec SA outlives its ISAKMP SA.
		 */
		if (was_ike && t->ike.n == 0 && t->v2)
			t->child.n = 0;
		if (t->state == EX_UP && t->child.n == 0 &&
		    (was_child || t->ike.n == 0)) {
			t->state = EX_DOWN;
			t->down_us = ev->ts_us;
			t->down_why = EX_DOWN_DELETE;
		} else if (t->state == EX_PHASE1_UP && was_ike &&
		    t->ike.n == 0) {
			t->state = EX_DOWN;
			t->down_us = ev->ts_us;
		} else if (t->state == EX_UNKNOWN && !was_ike && !was_child) {
			t->state = EX_DOWN;
			t->down_us = ev->ts_us;
			t->down_why = EX_DOWN_DELETE;
		}
		break;
	case IW_EV_DPD_DEAD:
		t->relevant = 1;
		t->state = EX_DOWN;
		t->down_us = ev->ts_us;
		t->down_why = EX_DOWN_DPD;
		t->ike.n = t->child.n = 0;
		break;
	case IW_EV_GIVE_UP:
		t->relevant = 1;
		if (t->state == EX_DOWN) {
			/* More lines about a failure already seen. */
			if (e != NULL && t->refailed)
				ex_keep(&t->err_refail, e);
			else if (e != NULL && !t->ever_up && t->err_fail == NULL)
				t->err_fail = e;
		} else if (t->state == EX_NEGOTIATING && t->ever_up) {
			/* Down already; the attempt to come back failed. */
			t->state = EX_DOWN;
			t->refailed = 1;
			t->refail_us = ev->ts_us;
			if (e != NULL)
				t->err_refail = e;
		} else if (t->state == EX_UP || ev->established_before) {
			t->state = EX_DOWN;
			t->down_us = ev->ts_us;
			t->down_why = e != NULL ? EX_DOWN_ERROR : EX_DOWN_GIVE_UP;
			t->ike.n = t->child.n = 0;
		} else if (t->state != EX_PHASE1_UP) {
			t->state = EX_DOWN;
			t->down_us = ev->ts_us;
			if (e != NULL)
				t->err_fail = e;
		}
		break;
	case IW_EV_ERROR:
		t->relevant = 1;
		if (critical && t->state == EX_NEGOTIATING && t->ever_up) {
			t->state = EX_DOWN;
			t->refailed = 1;
			t->refail_us = ev->ts_us;
			t->err_refail = e;
		} else if (critical && (t->state == EX_UNKNOWN ||
		    t->state == EX_NEGOTIATING)) {
			t->state = EX_DOWN;
			t->down_us = ev->ts_us;
			t->err_fail = e;
		}
		break;
	case IW_EV_REKEY_START:
	case IW_EV_RETRANSMIT:
	case IW_EV_RETRY:
		t->relevant = 1;
		break;
	default:
		break;
	}
	if (critical && ev->kind != IW_EV_ERROR && t->err_fail == NULL &&
	    t->state == EX_DOWN && !t->ever_p1)
		t->err_fail = e;
}

/* The IKE daemon stopped: its tunnels that were not down are down now. */
static void
ex_daemon_stop(struct ex_tunnel *tv, size_t nt, const struct iw_event *ev)
{
	size_t	 i;

	for (i = 0; i < nt; i++) {
		if (tv[i].daemon != ev->daemon || tv[i].state == EX_DOWN ||
		    tv[i].state == EX_UNKNOWN)
			continue;
		if (tv[i].state == EX_UP)
			tv[i].down_why = EX_DOWN_STOP;
		tv[i].state = EX_DOWN;
		tv[i].down_us = ev->ts_us;
		tv[i].ike.n = tv[i].child.n = 0;
	}
}

/* The verdict sentence(s) of a tunnel. */
static char *
ex_summary(const struct ex_tunnel *t, enum iw_lang lang)
{
	const struct ex_words	*w = &explain_words[lang];
	struct ex_vars		 sub = { .n = 0 }, vs = { .n = 0 };
	struct ex_buf		 b = { NULL, 0, 0 };
	char			 tm[5][16], *at[5], *s, *atf, num[16];
	const struct kb_entry	*e;
	const char		*why = NULL;
	int64_t			 us[5];
	size_t			 i;

	us[0] = t->p1_us; us[1] = t->p2_us; us[2] = t->neg_us;
	us[3] = t->down_us; us[4] = t->rekey_us;
	for (i = 0; i < 5; i++) {
		ex_hms(us[i], tm[i], sizeof tm[i]);
		var_set(&sub, "time", tm[i]);
		at[i] = us[i] != 0 ? ex_expand(w->at, &sub) : xstrdup("");
	}
	var_set(&vs, "p1", t->v2 ? w->p1_v2 : w->p1_v1);
	var_set(&vs, "p2", t->v2 ? w->p2_v2 : w->p2_v1);
	var_set(&vs, "p1s", t->v2 ? w->p1_short_v2 : w->p1_short_v1);
	var_set(&vs, "at1", at[0]);
	var_set(&vs, "at2", at[1]);
	var_set(&vs, "atn", at[2]);
	var_set(&vs, "atd", at[3]);
	var_set(&vs, "atr", at[4]);
	buf_add(&b, "", 0);

#define ADD(tpl) do {							\
	s = ex_expand((tpl), &vs);					\
	buf_add(&b, s, strlen(s));					\
	free(s);							\
} while (0)
#define TITLE(ent) var_set(&vs, "title", kb_text((ent), lang).title)

	switch (t->state) {
	case EX_UP:
		/* Same second (or no times at all): one clause. */
		if (t->ever_p1 && t->ever_p2 &&
		    t->p1_us / 1000000 == t->p2_us / 1000000)
			ADD(w->v_up_same);
		else if (t->ever_p1 && t->ever_p2)
			ADD(w->v_up_both);
		else if (t->ever_p2)
			ADD(w->v_up_p2);
		else
			ADD(w->v_up_rekey);
		if (t->err_before != NULL) {
			TITLE(t->err_before);
			ADD(w->v_up_errors);
		} else
			ADD(w->v_up_normal);
		if (t->err_after != NULL) {
			TITLE(t->err_after);
			ADD(w->v_up_later);
		}
		break;
	case EX_PHASE1_UP:
		if ((e = t->err_p2) != NULL) {
			TITLE(e);
			ADD(w->v_p1_err);
		} else
			ADD(w->v_p1_wait);
		break;
	case EX_NEGOTIATING:
		ADD(w->v_neg);
		if (t->err_last != NULL) {
			TITLE(t->err_last);
			ADD(w->v_neg_err);
		}
		break;
	case EX_DOWN:
		e = ex_decisive(t);
		if (t->ever_up || t->down_why == EX_DOWN_DELETE ||
		    t->down_why == EX_DOWN_DPD) {
			if (t->down_why == EX_DOWN_DPD)
				why = w->why_dpd;
			else if (t->down_why == EX_DOWN_STOP)
				why = w->why_stop;
			else if (t->down_why == EX_DOWN_DELETE)
				why = w->why_delete;
			else if (e != NULL)
				why = kb_text(e, lang).title;
			else
				why = w->why_give_up;
			var_set(&vs, "why", why);
			if (t->up_us != 0) {
				ex_hms(t->up_us, tm[0], sizeof tm[0]);
				var_set(&vs, "up", tm[0]);
				ADD(w->v_down_after);
			} else
				ADD(w->v_down);
			if (t->refailed) {
				ex_hms(t->refail_us, tm[0], sizeof tm[0]);
				var_set(&sub, "time", tm[0]);
				atf = t->refail_us != 0 ?
				    ex_expand(w->at, &sub) : xstrdup("");
				var_set(&vs, "atf", atf);
				var_set(&vs, "title", t->err_refail != NULL ?
				    kb_text(t->err_refail, lang).title :
				    w->why_no_answer);
				ADD(w->v_refail);
				free(atf);
			}
		} else if (t->ever_p1) {
			if (e != NULL) {
				TITLE(e);
				ADD(w->v_p1_err);
			} else
				ADD(w->v_p1_wait);
			ADD(w->v_p1_down);
		} else if (e != NULL) {
			TITLE(e);
			ADD(w->v_fail);
		} else
			ADD(w->v_fail_noerr);
		break;
	case EX_UNKNOWN:
		if (t->err_last != NULL) {
			TITLE(t->err_last);
			ADD(w->v_unknown_err);
		} else
			ADD(w->v_unknown);
		break;
	}
	if (t->ups > 1) {
		snprintf(num, sizeof num, "%u", t->ups);
		var_set(&vs, "k", num);
		ADD(w->v_ups);
	}
	if (t->rekeys > 0) {
		snprintf(num, sizeof num, "%u", t->rekeys);
		var_set(&vs, "k", num);
		ADD(w->v_rekeys);
	}
#undef ADD
#undef TITLE
	for (i = 0; i < 5; i++)
		free(at[i]);
	return (b.s);
}

/* The error that decides a tunnel's verdict, or NULL. */
static const struct kb_entry *
ex_decisive(const struct ex_tunnel *t)
{
	switch (t->state) {
	case EX_UP:
		return (t->err_after);
	case EX_PHASE1_UP:
		return (t->err_p2);
	case EX_NEGOTIATING:
	case EX_UNKNOWN:
		return (t->err_last);
	case EX_DOWN:
		if (t->ever_up)
			return (t->err_after != NULL ? t->err_after : t->err_fail);
		if (t->ever_p1)
			return (t->err_p2);
		if (t->err_fail != NULL)
			return (t->err_fail);
		return (t->err_before != NULL ? t->err_before : t->err_last);
	}
	return (NULL);
}

/*
 * A JSON string of arbitrary bytes: invalid UTF-8 (log lines may hold
 * anything) becomes U+FFFD, so the document stays valid.
 */
static json_t *
ex_jstr(const char *s)
{
	struct ex_buf		 b = { NULL, 0, 0 };
	const unsigned char	*p = (const unsigned char *)s;
	json_t			*j;
	size_t			 n;

	if ((j = json_string(s)) != NULL)
		return (j);
	buf_add(&b, "", 0);
	while (*p != '\0') {
		if ((n = iw_utf8_seq(p)) == 0) {
			buf_add(&b, "\xef\xbf\xbd", 3);
			p++;
			continue;
		}
		buf_add(&b, (const char *)p, n);
		p += n;
	}
	j = json_string(b.s);
	free(b.s);
	return (j != NULL ? j : json_string(""));
}

/* Append the lines of one argument (it may hold a pasted excerpt). */
static void
ex_arg_lines(const char *arg, char ***lines, size_t *n)
{
	FILE	*mem;
	char	**part;
	size_t	  np, j;

	if (*arg == '\0' || (mem = fmemopen((void *)(uintptr_t)arg,
	    strlen(arg), "r")) == NULL)
		return;
	np = explain_read_lines(mem, &part);
	fclose(mem);
	*lines = xreallocarray(*lines, *n + np + 1, sizeof **lines);
	for (j = 0; j < np; j++)
		(*lines)[(*n)++] = part[j];
	free(part);
}

/* Order verdicts by tunnel name. */
static int
ex_cmp_tunnel(const void *a, const void *b)
{
	return (strcmp(((const struct ex_tunnel *)a)->name,
	    ((const struct ex_tunnel *)b)->name));
}

/* A JSON array of the lines of a newline-separated list. */
static json_t *
ex_lines_array(const char *s)
{
	json_t		*a = json_array();
	const char	*p, *q;

	if (s == NULL)
		return (a);
	for (p = s; *p != '\0'; p = *q ? q + 1 : q) {
		if ((q = strchr(p, '\n')) == NULL)
			q = p + strlen(p);
		if (q > p) {
			char	*item = xstrndup(p, (size_t)(q - p));

			json_array_append_new(a, ex_jstr(item));
			free(item);
		}
	}
	return (a);
}

/* Print a newline-separated list as indented bullet points. */
static void
ex_print_list(FILE *out, const char *s)
{
	const char	*p, *q;

	if (s == NULL)
		return;
	for (p = s; *p != '\0'; p = *q ? q + 1 : q) {
		if ((q = strchr(p, '\n')) == NULL)
			q = p + strlen(p);
		fprintf(out, "      - %.*s\n", (int)(q - p), p);
	}
}

/* The JSON object of one line (see explain.h for the members). */
static json_t *
ex_line_json(const struct ex_line *l, enum iw_lang lang)
{
	static const char *results[] = { "not_ipsec", "event", "unrecognized",
	    "duplicate", "malformed" };
	const struct iw_event	*ev = &l->ev;
	struct kb_text		 kt = { NULL, NULL, NULL, NULL };
	json_t			*jl;
	char			 tbuf[40], *said;
	int			 is_ev = l->res == PARSE_EVENT;

	if (l->kb != NULL)
		kt = kb_text(l->kb, lang);
	said = ex_said(l, lang);
	jl = json_object();
	json_object_set_new(jl, "n", json_integer((json_int_t)l->n));
	json_object_set_new(jl, "text", ex_jstr(l->text));
	json_object_set_new(jl, "recognized", json_boolean(is_ev));
	json_object_set_new(jl, "result", json_string(
	    (unsigned)l->res < sizeof results / sizeof results[0] ?
	    results[l->res] : "malformed"));
	if (is_ev && ev->ts_us != 0) {
		iw_format_time(ev->ts_us, "?", tbuf, sizeof tbuf);
		json_object_set_new(jl, "time", json_string(tbuf));
	} else
		json_object_set_new(jl, "time", json_null());
	json_object_set_new(jl, "event", is_ev ?
	    json_string(iw_event_kind_name(ev->kind)) : json_null());
	json_object_set_new(jl, "daemon", is_ev && ev->daemon != IW_DAEMON_NONE ?
	    json_string(iw_daemon_name(ev->daemon)) : json_null());
	json_object_set_new(jl, "tunnel", l->tunnel[0] ? ex_jstr(l->tunnel) :
	    json_null());
	json_object_set_new(jl, "sa_kind", is_ev && ev->sa_kind != IW_SA_NONE ?
	    json_string(iw_sa_kind_name(ev->sa_kind)) : json_null());
	json_object_set_new(jl, "sa_id", is_ev && ev->sa_id ?
	    json_integer((json_int_t)ev->sa_id) : json_null());
	json_object_set_new(jl, "error", is_ev && ev->error[0] ?
	    ex_jstr(ev->error) : json_null());
	json_object_set_new(jl, "severity", l->kb != NULL ?
	    json_string(iw_severity_name(l->kb->severity)) : json_null());
	json_object_set_new(jl, "title", kt.title != NULL ? ex_jstr(kt.title) :
	    json_null());
	json_object_set_new(jl, "explanation", kt.meaning != NULL ?
	    ex_jstr(kt.meaning) : json_null());
	json_object_set_new(jl, "causes", ex_lines_array(kt.causes));
	json_object_set_new(jl, "checks", ex_lines_array(kt.checks));
	json_object_set_new(jl, "said", ex_jstr(said));
	free(said);
	return (jl);
}

/*
 * Print one line as text: the line, what it says, and for an error its
 * explanation; each error kind in full only the first time (shown[]).
 */
static void
ex_line_text(FILE *out, const struct ex_line *l, enum iw_lang lang,
    const char ***shown, size_t *nshown)
{
	const struct ex_words	*w = &explain_words[lang];
	struct kb_text		 kt;
	char			*said;
	size_t			 k;

	said = ex_said(l, lang);
	fprintf(out, "\n%s\n    %s\n", l->text, said);
	free(said);
	if (l->kb == NULL)
		return;
	for (k = 0; k < *nshown; k++) {
		if (strcmp((*shown)[k], l->kb->id) == 0) {
			fprintf(out, "    %s\n", w->explained_above);
			return;
		}
	}
	*shown = xreallocarray(*shown, *nshown + 1, sizeof **shown);
	(*shown)[(*nshown)++] = l->kb->id;
	kt = kb_text(l->kb, lang);
	fprintf(out, "    [%s, %s]\n", l->kb->id,
	    iw_severity_name(l->kb->severity));
	fprintf(out, "    %s %s\n", w->meaning, kt.meaning);
	if (kt.causes != NULL) {
		fprintf(out, "    %s\n", w->causes);
		ex_print_list(out, kt.causes);
	}
	if (kt.checks != NULL) {
		fprintf(out, "    %s\n", w->checks);
		ex_print_list(out, kt.checks);
	}
}

/* The JSON object of one verdict. */
static json_t *
ex_verdict_json(const struct ex_tunnel *t, enum iw_lang lang)
{
	const struct kb_entry	*e = ex_decisive(t);
	json_t			*jv;
	char			*s;

	s = ex_summary(t, lang);
	jv = json_object();
	json_object_set_new(jv, "tunnel", ex_jstr(t->name));
	json_object_set_new(jv, "state", json_string(ex_state_names[t->state]));
	json_object_set_new(jv, "error", e != NULL ? json_string(e->id) :
	    json_null());
	json_object_set_new(jv, "summary", ex_jstr(s));
	free(s);
	return (jv);
}

/*
 * Parse the lines in chronological order, attribute them to tunnels and
 * run the verdict machine.  Returns the lines (n of them) and the tunnels.
 */
static struct ex_line *
ex_analyze(const struct kb *kb, const char *const *lines, size_t n,
    long long ref_time, int *rev, struct ex_tunnel **tvp, size_t *ntp)
{
	struct parse_ctx	*ctx;
	struct ex_line		*l;
	struct ex_tunnel	*tv = NULL;
	size_t			 i, k, nt = 0;

	*rev = ex_newest_first(lines, n, ref_time);
	l = xcalloc(n + 1, sizeof *l);
	ctx = parse_ctx_new((time_t)ref_time, kb);
	for (i = 0; i < n; i++) {
		k = *rev ? n - 1 - i : i;
		l[i].text = lines[k];
		l[i].n = k + 1;
		l[i].res = ex_parse(ctx, lines[k], &l[i].ev);
		if (l[i].res == PARSE_EVENT && l[i].ev.error[0] != '\0')
			l[i].kb = kb_find(kb, l[i].ev.error);
	}
	parse_ctx_free(ctx);
	ex_attribute(l, n);
	for (i = 0; i < n; i++) {
		if (l[i].res != PARSE_EVENT ||
		    l[i].ev.kind == IW_EV_DAEMON_START)
			continue;
		if (l[i].ev.kind == IW_EV_DAEMON_STOP)
			ex_daemon_stop(tv, nt, &l[i].ev);
		else
			ex_feed(ex_tunnel_get(&tv, &nt, l[i].tunnel), &l[i]);
	}
	/* Unnamed lines get a verdict only when they say something. */
	for (i = 0; i < nt; i++) {
		if (tv[i].name[0] == '\0' && !tv[i].relevant &&
		    tv[i].err_last == NULL) {
			free(tv[i].ike.v);
			free(tv[i].child.v);
			tv[i--] = tv[--nt];
		}
	}
	if (nt > 1)
		qsort(tv, nt, sizeof *tv, ex_cmp_tunnel);
	*tvp = tv;
	*ntp = nt;
	return (l);
}

/* Explain lines and write the result as text or JSON. */
int
explain_run(const struct kb *kb, const char *const *lines, size_t n,
    enum iw_lang lang, int json, long long ref_time, FILE *out)
{
	const struct ex_words	*w;
	struct ex_line		*l;
	struct ex_tunnel	*tv;
	struct ex_vars		 vs = { .n = 0 };
	const char		**shown = NULL;
	json_t			*doc, *ja, *jv;
	char			 nbuf[32], *s;
	size_t			 i, nt, nshown = 0;
	int			 rev, rc = 0;

	if ((unsigned)lang >= IW_LANG__COUNT)
		lang = IW_LANG_EN;
	w = &explain_words[lang];
	l = ex_analyze(kb, lines, n, ref_time, &rev, &tv, &nt);
	if (json) {
		doc = json_object();
		json_object_set_new(doc, "version", json_integer(1));
		json_object_set_new(doc, "lang", json_string(iw_lang_name(lang)));
		json_object_set_new(doc, "order", json_string(rev ?
		    "newest_first" : "oldest_first"));
		ja = json_array();
		for (i = 0; i < n; i++)
			json_array_append_new(ja, ex_line_json(&l[i], lang));
		json_object_set_new(doc, "lines", ja);
		jv = json_array();
		for (i = 0; i < nt; i++)
			json_array_append_new(jv, ex_verdict_json(&tv[i], lang));
		json_object_set_new(doc, "verdicts", jv);
		if (json_dumpf(doc, out, JSON_INDENT(2) |
		    JSON_PRESERVE_ORDER) == -1)
			rc = -1;
		fputc('\n', out);
		json_decref(doc);
	} else {
		snprintf(nbuf, sizeof nbuf, "%zu", n);
		var_set(&vs, "n", nbuf);
		s = ex_expand(rev ? w->header_rev : w->header, &vs);
		fprintf(out, "%s\n", s);
		free(s);
		for (i = 0; i < n; i++)
			ex_line_text(out, &l[i], lang, &shown, &nshown);
		if (nt > 0)
			fprintf(out, "\n%s\n", w->verdict);
		for (i = 0; i < nt; i++) {
			s = ex_summary(&tv[i], lang);
			fprintf(out, "  %s: %s\n    %s\n", tv[i].name[0] ?
			    tv[i].name : w->no_tunnel, w->state[tv[i].state], s);
			free(s);
		}
	}
	if (fflush(out) == EOF || ferror(out))
		rc = -1;
	for (i = 0; i < nt; i++) {
		free(tv[i].ike.v);
		free(tv[i].child.v);
	}
	free(tv);
	free(shown);
	free(l);
	return (rc);
}

/* Read the lines of a stream; see explain.h. */
size_t
explain_read_lines(FILE *in, char ***lines)
{
	char	*buf = NULL, **v = NULL;
	size_t	 cap = 0, n = 0, vcap = 0;
	ssize_t	 len;

	while ((len = getline(&buf, &cap, in)) != -1) {
		while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
			buf[--len] = '\0';
		if (len == 0)
			continue;
		if (len >= IW_LINE_MAX)
			buf[IW_LINE_MAX - 1] = '\0';
		if (n == vcap) {
			vcap = vcap ? vcap * 2 : 64;
			v = xreallocarray(v, vcap, sizeof *v);
		}
		v[n++] = xstrdup(buf);
	}
	free(buf);
	*lines = v;
	return (n);
}

/* Free lines from explain_read_lines. */
void
explain_free_lines(char **v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Usage of the explain command. */
static void
usage(FILE *f)
{
	fprintf(f, "usage: ipsecwatch explain [--lang en|de] [--json] "
	    "[LINE ...]\n"
	    "Explains IPsec log lines given as arguments, or a pasted excerpt "
	    "on stdin.\n");
}

/*
 * ipsecwatch explain [--lang en|de] [--json] [LINE ...].  Exit status 0,
 * 1 on errors (knowledge base, output), 2 on bad usage.
 */
int
explain_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "lang", required_argument, NULL, 'l' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct causes	 c;
	struct kb	*kb;
	enum iw_lang	 lang;
	char		**lines = NULL;
	size_t		 n = 0, i;
	int		 ch, json = 0, l, rc;

	lang = iw_lang_from_env();
	optind = 0;
	while ((ch = getopt_long(argc, argv, "+l:jh", opts, NULL)) != -1) {
		switch (ch) {
		case 'l':
			if ((l = iw_lang_from_name(optarg)) < 0) {
				fprintf(stderr, "ipsecwatch explain: unknown "
				    "language '%s' (en or de)\n", optarg);
				return (2);
			}
			lang = (enum iw_lang)l;
			break;
		case 'j':
			json = 1;
			break;
		case 'h':
			usage(stdout);
			return (0);
		default:
			usage(stderr);
			return (2);
		}
	}

	causes_init(&c);
	kb = kb_load(kb_default_path(), kb_default_override_path(), &c);
	if (kb == NULL) {
		for (i = 0; i < c.n; i++)
			fprintf(stderr, "ipsecwatch explain: %s\n", c.msg[i]);
		causes_free(&c);
		return (1);
	}
	causes_free(&c);

	if (optind >= argc || (optind + 1 == argc &&
	    strcmp(argv[optind], "-") == 0))
		n = explain_read_lines(stdin, &lines);
	else {
		/* Each argument is a line, or several pasted as one. */
		for (i = (size_t)optind; i < (size_t)argc; i++)
			ex_arg_lines(argv[i], &lines, &n);
	}
	rc = explain_run(kb, (const char *const *)lines, n, lang, json, 0,
	    stdout);
	explain_free_lines(lines, n);
	kb_free(kb);
	if (rc == -1) {
		fprintf(stderr, "ipsecwatch explain: writing output: %s\n",
		    strerror(errno));
		return (1);
	}
	return (0);
}
