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
 * text comes from kb.conf.
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

/* Texts that are not in the knowledge base, per language. */
struct ex_words {
	const char	*ev[IW_EV__COUNT];	/* "said" templates */
	const char	*not_ipsec, *unrecognized, *duplicate, *malformed;
	const char	*p1_v1, *p2_v1, *p1_v2, *p2_v2, *sa;
	const char	*p1_short_v1, *p1_short_v2;
	const char	*for_tunnel, *of_tunnel, *ref_pluto, *ref_ike, *ref_child;
	const char	*replaces, *at;
	const char	*header, *header_rev, *meaning, *causes, *checks,
			*explained_above, *verdict, *no_tunnel;
	const char	*state[5];
	const char	*v_up_same, *v_up_both, *v_up_p2, *v_up_rekey,
			*v_up_normal, *v_up_errors, *v_up_later;
	const char	*v_p1_err, *v_p1_wait, *v_p1_down;
	const char	*v_neg, *v_neg_err;
	const char	*v_fail, *v_fail_noerr;
	const char	*v_down_after, *v_down;
	const char	*why_dpd, *why_delete, *why_give_up, *why_stop;
	const char	*v_ups, *v_rekeys, *v_refail, *why_no_answer;
	const char	*v_unknown, *v_unknown_err;
};

/*
 * Templates use {placeholders} (see ex_expand) rather than printf formats:
 * the two languages need the parts in different orders.
 */
static const struct ex_words words[IW_LANG__COUNT] = {
    [IW_LANG_EN] = {
	.ev = {
	    [IW_EV_NONE] = "Nothing happened{for}.",
	    [IW_EV_NEG_START] = "We initiated the negotiation of the {noun}{for}{ref}.",
	    [IW_EV_NEG_RESPOND] = "The peer{peer} initiated the negotiation of the {noun}{for}; we are responding{ref}.",
	    [IW_EV_P1_UP] = "{noun} established{for}{ref}.",
	    [IW_EV_P2_UP] = "{noun} established{for}{ref}.",
	    [IW_EV_REKEY_START] = "Rekeying of the {noun}{for} started{replaces}{ref}.",
	    [IW_EV_REKEY_DONE] = "{noun} rekeyed{for}{ref}.",
	    [IW_EV_EXPIRE] = "{noun} expired{for}{ref}.",
	    [IW_EV_DELETE] = "{noun} deleted{for}{ref}.",
	    [IW_EV_DPD_DEAD] = "Dead peer detection declared the peer{peer}{of} dead{ref}.",
	    [IW_EV_RETRANSMIT] = "Retransmitted a message{for} because no answer came{ref}.",
	    [IW_EV_GIVE_UP] = "The daemon gave up{for} after its retransmissions went unanswered{ref}.",
	    [IW_EV_DAEMON_START] = "The IKE daemon {daemon} started.",
	    [IW_EV_DAEMON_STOP] = "The IKE daemon {daemon} stopped.",
	    [IW_EV_REKEY_SCHEDULED] = "Next rekey of the {noun}{for} scheduled in {secs} seconds{ref}.",
	    [IW_EV_ERROR] = "Error{for}: {title}{ref}.",
	    [IW_EV_LIFETIME] = "The {noun}{for} may live at most {secs} seconds{ref}.",
	    [IW_EV_RETRY] = "A new keying attempt{for} was scheduled{ref}.",
	    [IW_EV_INFO] = "Known IPsec message{for}; it does not change the tunnel's state{ref}.",
	},
	.not_ipsec = "Not a line of an IKE daemon; ignored.",
	.unrecognized = "A line of the IKE daemon that ipsecwatch does not recognize.",
	.duplicate = "The same line again (logged twice, e.g. to two syslog facilities); counted once.",
	.malformed = "Malformed or binary input; skipped.",
	.p1_v1 = "ISAKMP SA (phase 1)", .p2_v1 = "IPsec SA (phase 2)",
	.p1_v2 = "IKE SA (phase 1)", .p2_v2 = "Child SA (phase 2)", .sa = "SA",
	.p1_short_v1 = "ISAKMP SA", .p1_short_v2 = "IKE SA",
	.for_tunnel = " for tunnel {t}", .of_tunnel = " of tunnel {t}",
	.ref_pluto = " (state #{id})", .ref_ike = " (IKE SA [{id}])",
	.ref_child = " (Child SA {lb}{id}{rb})",
	.replaces = " (replacing #{id})", .at = " at {time}",
	.header = "Explanation of {n} lines:",
	.header_rev = "Explanation of {n} lines (the excerpt was newest first; shown in the order they happened):",
	.meaning = "What it means:", .causes = "Likely causes:",
	.checks = "What to check:", .explained_above = "(explained above)",
	.verdict = "Verdict:", .no_tunnel = "(no tunnel named)",
	.state = { "unknown", "negotiating", "phase 1 up", "up", "down" },
	.v_up_same = "{p1} and {p2} were established{at2}",
	.v_up_both = "{p1} was established{at1} and {p2}{at2}",
	.v_up_p2 = "{p2} was established{at2}",
	.v_up_rekey = "The tunnel was rekeyed{atr}",
	.v_up_normal = "; the tunnel came up normally.",
	.v_up_errors = "; the tunnel came up after errors (first: {title}).",
	.v_up_later = " Afterwards: {title}.",
	.v_p1_err = "{p1} was established{at1}, but {p2} never came up: {title}.",
	.v_p1_wait = "{p1} was established{at1}; {p2} was not established within the excerpt.",
	.v_p1_down = " The tunnel is down.",
	.v_neg = "A negotiation started{atn} but did not complete within the excerpt.",
	.v_neg_err = " Last error: {title}.",
	.v_fail = "Phase 1 ({p1s}) never completed: {title}.",
	.v_fail_noerr = "Phase 1 ({p1s}) never completed: the peer did not answer.",
	.v_down_after = "The tunnel was up (since {up}) and went down{atd}: {why}.",
	.v_down = "The tunnel went down{atd}: {why}.",
	.why_dpd = "dead peer detection declared the peer dead",
	.why_delete = "its SAs were deleted",
	.why_give_up = "the peer stopped answering",
	.why_stop = "the IKE daemon stopped",
	.v_refail = " Bringing it back failed{atf}: {title}.",
	.why_no_answer = "the peer did not answer",
	.v_ups = " It came up {k} times in this excerpt; the times above are the last.",
	.v_rekeys = " Rekeys completed: {k}.",
	.v_unknown = "No SA was established or lost in this excerpt.",
	.v_unknown_err = "No SA was established or lost in this excerpt; error: {title}.",
    },
    [IW_LANG_DE] = {
	.ev = {
	    [IW_EV_NONE] = "Nichts geschehen{for}.",
	    [IW_EV_NEG_START] = "Wir haben die Aushandlung der {noun}{for} begonnen{ref}.",
	    [IW_EV_NEG_RESPOND] = "Die Gegenstelle{peer} hat die Aushandlung der {noun}{for} begonnen; wir antworten{ref}.",
	    [IW_EV_P1_UP] = "{noun}{for} aufgebaut{ref}.",
	    [IW_EV_P2_UP] = "{noun}{for} aufgebaut{ref}.",
	    [IW_EV_REKEY_START] = "Erneuerung (Rekey) der {noun}{for} begonnen{replaces}{ref}.",
	    [IW_EV_REKEY_DONE] = "{noun}{for} erneuert (Rekey){ref}.",
	    [IW_EV_EXPIRE] = "{noun}{for} abgelaufen{ref}.",
	    [IW_EV_DELETE] = "{noun}{for} gelöscht{ref}.",
	    [IW_EV_DPD_DEAD] = "Dead Peer Detection hat die Gegenstelle{peer}{of} für tot erklärt{ref}.",
	    [IW_EV_RETRANSMIT] = "Eine Nachricht{for} wurde wiederholt, weil keine Antwort kam{ref}.",
	    [IW_EV_GIVE_UP] = "Der Daemon hat{for} aufgegeben, weil seine Wiederholungen unbeantwortet blieben{ref}.",
	    [IW_EV_DAEMON_START] = "Der IKE-Daemon {daemon} wurde gestartet.",
	    [IW_EV_DAEMON_STOP] = "Der IKE-Daemon {daemon} wurde beendet.",
	    [IW_EV_REKEY_SCHEDULED] = "Nächster Rekey der {noun}{for} in {secs} Sekunden geplant{ref}.",
	    [IW_EV_ERROR] = "Fehler{for}: {title}{ref}.",
	    [IW_EV_LIFETIME] = "Die {noun}{for} lebt höchstens {secs} Sekunden{ref}.",
	    [IW_EV_RETRY] = "Ein neuer Verbindungsversuch{for} wurde eingeplant{ref}.",
	    [IW_EV_INFO] = "Bekannte IPsec-Meldung{for}; sie ändert den Zustand des Tunnels nicht{ref}.",
	},
	.not_ipsec = "Keine Zeile eines IKE-Daemons; ignoriert.",
	.unrecognized = "Eine Zeile des IKE-Daemons, die ipsecwatch nicht kennt.",
	.duplicate = "Dieselbe Zeile noch einmal (doppelt protokolliert, z. B. über zwei Syslog-Facilities); nur einmal gezählt.",
	.malformed = "Fehlerhafte oder binäre Eingabe; übersprungen.",
	.p1_v1 = "ISAKMP-SA (Phase 1)", .p2_v1 = "IPsec-SA (Phase 2)",
	.p1_v2 = "IKE-SA (Phase 1)", .p2_v2 = "Child-SA (Phase 2)", .sa = "SA",
	.p1_short_v1 = "ISAKMP-SA", .p1_short_v2 = "IKE-SA",
	.for_tunnel = " für Tunnel {t}", .of_tunnel = " von Tunnel {t}",
	.ref_pluto = " (Zustand #{id})", .ref_ike = " (IKE-SA [{id}])",
	.ref_child = " (Child-SA {lb}{id}{rb})",
	.replaces = " (ersetzt #{id})", .at = " um {time}",
	.header = "Erklärung von {n} Zeilen:",
	.header_rev = "Erklärung von {n} Zeilen (der Ausschnitt war neueste zuerst; hier in zeitlicher Reihenfolge):",
	.meaning = "Bedeutung:", .causes = "Mögliche Ursachen:",
	.checks = "Was zu prüfen ist:", .explained_above = "(siehe oben)",
	.verdict = "Ergebnis:", .no_tunnel = "(kein Tunnel genannt)",
	.state = { "unbekannt", "in Aushandlung", "Phase 1 steht", "aktiv",
	    "nicht aktiv" },
	.v_up_same = "{p1} und {p2} wurden{at2} aufgebaut",
	.v_up_both = "{p1} wurde{at1} aufgebaut und {p2}{at2}",
	.v_up_p2 = "{p2} wurde{at2} aufgebaut",
	.v_up_rekey = "Der Tunnel wurde{atr} erneuert (Rekey)",
	.v_up_normal = "; der Tunnel ist normal zustande gekommen.",
	.v_up_errors = "; der Tunnel kam nach Fehlern zustande (zuerst: {title}).",
	.v_up_later = " Danach: {title}.",
	.v_p1_err = "{p1} wurde{at1} aufgebaut, aber {p2} kam nie zustande: {title}.",
	.v_p1_wait = "{p1} wurde{at1} aufgebaut; {p2} wurde im Ausschnitt nicht aufgebaut.",
	.v_p1_down = " Der Tunnel ist nicht aktiv.",
	.v_neg = "Eine Aushandlung begann{atn}, wurde im Ausschnitt aber nicht abgeschlossen.",
	.v_neg_err = " Letzter Fehler: {title}.",
	.v_fail = "Phase 1 ({p1s}) kam nie zustande: {title}.",
	.v_fail_noerr = "Phase 1 ({p1s}) kam nie zustande: Die Gegenstelle hat nicht geantwortet.",
	.v_down_after = "Der Tunnel war aktiv (seit {up}) und fiel{atd} aus: {why}.",
	.v_down = "Der Tunnel fiel{atd} aus: {why}.",
	.why_dpd = "Dead Peer Detection hat die Gegenstelle für tot erklärt",
	.why_delete = "seine SAs wurden gelöscht",
	.why_give_up = "die Gegenstelle antwortete nicht mehr",
	.why_stop = "der IKE-Daemon wurde beendet",
	.v_refail = " Der Wiederaufbau schlug{atf} fehl: {title}.",
	.why_no_answer = "Die Gegenstelle hat nicht geantwortet",
	.v_ups = " Er kam in diesem Ausschnitt {k}-mal zustande; die Zeiten oben sind die letzten.",
	.v_rekeys = " Abgeschlossene Rekeys: {k}.",
	.v_unknown = "In diesem Ausschnitt wurde keine SA aufgebaut oder verloren.",
	.v_unknown_err = "In diesem Ausschnitt wurde keine SA aufgebaut oder verloren; Fehler: {title}.",
    },
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
	const struct ex_words	*w = &words[lang];
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
	const struct ex_words	*w = &words[lang];
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
	const struct ex_words	*w = &words[lang];
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
	w = &words[lang];
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
