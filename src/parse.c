/*
 * parse.c - the parser's front: context, program filter, time and year
 * inference, de-duplication, dispatch to the pluto and charon dialects,
 * and journal entries.
 *
 * Time: timestamps with an offset (RFC 5424, rsyslog ISO 8601) are exact.
 * Year-less local timestamps (RFC 3164, Libreswan logfile, the IPCop
 * viewer's time of day) are taken as UTC minus the offset set with
 * parse_ctx_set_utc (default 0, i.e. UTC).  The parser never consults the
 * process time zone: that would make it impure and make analyze depend on
 * the machine it runs on; the caller that knows the gateway's zone passes
 * its offset.
 *
 * Years: a year-less line gets the reference year, or the year before if
 * its month lies more than one month after the reference month (a December
 * line read in January).  Inside one stream, a jump of more than six
 * months back (December to January) moves to the next year, and one of
 * more than six months forward (January to December, in newest-first
 * excerpts) to the previous one.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kb.h"
#include "log.h"
#include "parse-internal.h"
#include "xmalloc.h"

static int64_t	raw_to_us(struct parse_ctx *, const struct parse_raw *);
static int	year_for(struct parse_ctx *, int);
static uint64_t	hash_bytes(const char *, size_t);
static int	is_duplicate(struct parse_ctx *, const char *, size_t, int64_t);
static int	looks_binary(const char *, size_t);
static int	quick_not_ipsec(const char *, size_t);
static void	unwrap_repeated(struct parse_raw *);
static enum iw_daemon guess_bare(const char *, size_t);
static enum parse_result finish(struct parse_ctx *, enum parse_result,
		    const char *, size_t, struct iw_event *);
static void	ev_reset(struct iw_event *, enum iw_daemon, const char *, size_t);

/* Create a parser context; ref_time 0 means now. */
struct parse_ctx *
parse_ctx_new(time_t ref_time, const struct kb *kb)
{
	struct parse_ctx	*ctx;
	struct tm		 tm;

	ctx = xcalloc(1, sizeof(*ctx));
	ctx->kb = kb;
	for (size_t i = 0; i < PARSE_THREADS; i++)
		ctx->thr[i].thread = -1;
	parse_pluto_init();
	parse_charon_init();
	if (ref_time == 0)
		ref_time = time(NULL);
	gmtime_r(&ref_time, &tm);
	ctx->ref_year = tm.tm_year + 1900;
	ctx->ref_mon = tm.tm_mon + 1;
	ctx->ref_day_us = parse_days_from_civil(ctx->ref_year, ctx->ref_mon,
	    tm.tm_mday) * 86400LL * 1000000LL;
	return (ctx);
}

/* Free a parser context. */
void
parse_ctx_free(struct parse_ctx *ctx)
{
	free(ctx);
}

/* Force the year of year-less timestamps (it still moves at New Year). */
void
parse_ctx_set_year(struct parse_ctx *ctx, int year)
{
	ctx->forced_year = year;
	ctx->cur_year = 0;
	ctx->last_mon = 0;
}

/*
 * Set the offset (seconds east of UTC) of year-less local timestamps; 0,
 * the default, takes them as UTC.  See the comment at the top of the file.
 */
void
parse_ctx_set_utc(struct parse_ctx *ctx, int offset)
{
	ctx->utc_offset = offset;
}

/* The year of a year-less line of month mon, updating the stream state. */
static int
year_for(struct parse_ctx *ctx, int mon)
{
	if (ctx->cur_year == 0) {
		if (ctx->forced_year != 0)
			ctx->cur_year = ctx->forced_year;
		else if (mon > ctx->ref_mon + 1)
			ctx->cur_year = ctx->ref_year - 1;
		else
			ctx->cur_year = ctx->ref_year;
	} else if (mon + 6 < ctx->last_mon)
		ctx->cur_year++;	/* Dec -> Jan (or Nov -> Feb after a gap) */
	else if (mon > ctx->last_mon + 6)
		ctx->cur_year--;	/* newest-first excerpts: Jan -> Dec */
	ctx->last_mon = mon;
	return (ctx->cur_year);
}

/* Microseconds since the epoch (UTC) of an envelope's time; 0 if none. */
static int64_t
raw_to_us(struct parse_ctx *ctx, const struct parse_raw *r)
{
	int64_t	 days, s;
	int	 year;

	if (!r->has_time)
		return (0);
	s = r->hour * 3600LL + r->min * 60LL + r->sec;
	if (r->mon == 0) {
		/* Time of day only: the reference day. */
		s -= ctx->utc_offset;
		return (ctx->ref_day_us + s * 1000000LL + r->usec);
	}
	year = r->year != 0 ? r->year : year_for(ctx, r->mon);
	days = parse_days_from_civil(year, r->mon, r->mday);
	s += days * 86400LL;
	if (r->has_offset)
		s -= r->offset;
	else if (r->year == 0)
		s -= ctx->utc_offset;
	return (s * 1000000LL + r->usec);
}

/* Parse only the envelope of a line (time included). */
int
parse_envelope(struct parse_ctx *ctx, const char *line, size_t len,
    struct parse_envelope *env)
{
	struct parse_raw	 r;

	memset(env, 0, sizeof(*env));
	if (line == NULL || parse_envelope_raw(line, len, &r) == -1)
		return (-1);
	env->ts_us = raw_to_us(ctx, &r);
	env->host = r.host;
	env->host_len = r.host_len;
	if (r.logfile == PARSE_LOGFILE_PLUTO) {
		env->prog = "pluto";
		env->prog_len = 5;
	} else if (r.logfile == PARSE_LOGFILE_CHARON) {
		env->prog = "charon";
		env->prog_len = 6;
	} else {
		env->prog = r.prog;
		env->prog_len = r.prog_len;
	}
	env->pid = r.pid;
	env->msg = r.msg;
	env->msg_len = r.msg_len;
	env->time_only = r.has_time && r.mon == 0;
	return (0);
}

/*
 * Whether a program name belongs to an IKE daemon.  The busybox "syslog"
 * ident is not one by name: parse_line accepts it only when the message
 * looks like charon's.  Our own ident is never IPsec.
 */
int
parse_is_ipsec_prog(const char *p, size_t n)
{
	return (parse_prog_daemon(p, n, NULL, 0) != IW_DAEMON_NONE);
}

/*
 * The dialect of a program: a switch on the length, then one memcmp, so
 * that the 90% of a gateway's log that is not IPsec leaves at once.
 */
enum iw_daemon
parse_prog_daemon(const char *p, size_t n, const char *msg, size_t mlen)
{
	if (p == NULL)
		return (IW_DAEMON_NONE);
	switch (n) {
	case 5:
		if (memcmp(p, "pluto", 5) == 0)
			return (IW_DAEMON_PLUTO);
		if (memcmp(p, "ipsec", 5) == 0) {
			/* The starter relays charon; Libreswan's script is pluto's. */
			if (msg == NULL || parse_charon_body(msg, mlen))
				return (IW_DAEMON_CHARON);
			if (PARSE_PFX(msg, mlen, "Starting strongSwan") ||
			    PARSE_PFX(msg, mlen, "charon "))
				return (IW_DAEMON_CHARON);
			return (IW_DAEMON_PLUTO);
		}
		break;
	case 6:
		if (memcmp(p, "charon", 6) == 0)
			return (IW_DAEMON_CHARON);
		if (memcmp(p, "syslog", 6) == 0 && msg != NULL &&
		    parse_charon_body(msg, mlen))
			return (IW_DAEMON_CHARON);
		break;
	case 7:
		if (memcmp(p, "starter", 7) == 0 || memcmp(p, "swanctl", 7) == 0)
			return (IW_DAEMON_CHARON);
		if (memcmp(p, "addconn", 7) == 0)
			return (IW_DAEMON_PLUTO);
		break;
	case 10:
		if (memcmp(p, "strongswan", 10) == 0)
			return (IW_DAEMON_CHARON);
		break;
	case 11:
		if (memcmp(p, "ipsec_setup", 11) == 0)
			return (IW_DAEMON_PLUTO);
		break;
	case 12:
		if (memcmp(p, "libipsecconf", 12) == 0)
			return (IW_DAEMON_PLUTO);
		break;
	case 13:
		if (memcmp(p, "ipsec_starter", 13) == 0)
			return (IW_DAEMON_CHARON);
		break;
	case 14:
		if (memcmp(p, "charon-systemd", 14) == 0)
			return (IW_DAEMON_CHARON);
		break;
	}
	return (IW_DAEMON_NONE);
}

/* Whether a message starts like charon's "NN[GRP]" (two or more digits). */
int
parse_charon_body(const char *m, size_t n)
{
	size_t	 i = 0;

	while (i < n && m[i] >= '0' && m[i] <= '9')
		i++;
	if (i < 2 || i + 5 > n || m[i] != '[')
		return (0);
	return (m[i + 1] >= 'A' && m[i + 1] <= 'Z' &&
	    m[i + 2] >= 'A' && m[i + 2] <= 'Z' &&
	    m[i + 3] >= 'A' && m[i + 3] <= 'Z');
}

/* Copy n bytes into a fixed string field, cut to fit; NULs become '?'. */
void
parse_set_str(char *dst, size_t size, const char *s, size_t n)
{
	size_t	 i;

	if (n >= size)
		n = size - 1;
	for (i = 0; i < n; i++)
		dst[i] = s[i] == '\0' ? '?' : s[i];
	dst[n] = '\0';
}

/* Set an event's error id. */
void
parse_set_error(struct iw_event *ev, const char *id)
{
	parse_set_str(ev->error, sizeof(ev->error), id, strlen(id));
}

/* The first occurrence of a needle in s (len n), or NULL. */
const char *
parse_find(const char *s, size_t n, const char *needle, size_t nl)
{
	const char	*p, *end;

	if (nl == 0 || n < nl)
		return (NULL);
	end = s + n - nl;
	for (p = s; p <= end; p++) {
		p = memchr(p, needle[0], (size_t)(end - p) + 1);
		if (p == NULL)
			return (NULL);
		if (memcmp(p, needle, nl) == 0)
			return (p);
	}
	return (NULL);
}

/* A decimal number at s[*i]; advances *i.  0 if there is no digit. */
int
parse_uint(const char *s, size_t n, size_t *i, uint64_t *v)
{
	uint64_t	 x = 0;
	size_t		 j = *i;

	if (j >= n || s[j] < '0' || s[j] > '9')
		return (0);
	while (j < n && s[j] >= '0' && s[j] <= '9') {
		if (x < UINT64_MAX / 10)
			x = x * 10 + (uint64_t)(s[j] - '0');
		j++;
	}
	*i = j;
	*v = x;
	return (1);
}

/* The number right after the first occurrence of a marker; *found set. */
uint64_t
parse_uint_after(const char *s, size_t n, const char *marker, size_t ml,
    int *found)
{
	const char	*p;
	size_t		 i;
	uint64_t	 v = 0;

	*found = 0;
	if ((p = parse_find(s, n, marker, ml)) == NULL)
		return (0);
	i = (size_t)(p - s) + ml;
	*found = parse_uint(s, n, &i, &v);
	return (v);
}

/* Whether a line holds control bytes other than tab (binary garbage). */
static int
looks_binary(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return (1);
	}
	return (0);
}

/* The dialect of a message pasted without any envelope, if it shows one. */
static enum iw_daemon
guess_bare(const char *m, size_t n)
{
	size_t	 i = 0;

	if (parse_charon_body(m, n))
		return (IW_DAEMON_CHARON);
	/* Whack return codes: "004 ", "1v2 ". */
	if (n > 4 && m[0] >= '0' && m[0] <= '9' && m[3] == ' ' &&
	    ((m[1] >= '0' && m[1] <= '9') || m[1] == 'v'))
		i = 4;
	if (i < n && (m[i] == '"' || PARSE_PFX(m + i, n - i, "\xe2\x80\x9c") ||
	    PARSE_PFX(m + i, n - i, "packet from ") ||
	    PARSE_PFX(m + i, n - i, "ERROR: \"") ||
	    PARSE_PFX(m + i, n - i, "Starting Pluto")))
		return (IW_DAEMON_PLUTO);
	return (IW_DAEMON_NONE);
}

/* Reset an event for a new line of a daemon. */
static void
ev_reset(struct iw_event *ev, enum iw_daemon d, const char *msg, size_t len)
{
	memset(ev, 0, sizeof(*ev));
	ev->daemon = d;
	ev->msg = msg;
	ev->msg_len = len;
}

/*
 * The last step for a parsed message: an IKE daemon line the built-in
 * dialects do not know may still match an admin pattern of the knowledge
 * base, which turns it into an error event with that id.
 */
static enum parse_result
finish(struct parse_ctx *ctx, enum parse_result res, const char *msg,
    size_t len, struct iw_event *ev)
{
	const char	*id;

	if (res != PARSE_UNRECOGNIZED || ctx->kb == NULL)
		return (res);
	if ((id = kb_match(ctx->kb, msg, len)) == NULL)
		return (res);
	ev->kind = IW_EV_ERROR;
	parse_set_error(ev, id);
	return (PARSE_EVENT);
}

/* Parse a message body of a daemon, with the time and pid already known. */
static enum parse_result
message(struct parse_ctx *ctx, enum iw_daemon d, const char *msg, size_t len,
    struct iw_event *ev, int64_t ts, uint32_t pid)
{
	enum parse_result	 res;

	if (msg == NULL) {
		msg = "";
		len = 0;
	}
	ev_reset(ev, d, msg, len);
	ev->ts_us = ts;
	ev->pid = pid;
	switch (d) {
	case IW_DAEMON_PLUTO:
		res = parse_pluto(ctx, msg, len, ev);
		break;
	case IW_DAEMON_CHARON:
		res = parse_charon(ctx, msg, len, ev, NULL);
		break;
	default:
		return (PARSE_NOT_IPSEC);
	}
	return (finish(ctx, res, msg, len, ev));
}

/* Parse a message body of a known daemon (no envelope: time and pid 0). */
enum parse_result
parse_message(struct parse_ctx *ctx, enum iw_daemon d, const char *msg,
    size_t len, struct iw_event *ev)
{
	return (message(ctx, d, msg, len, ev, 0, 0));
}

/* A cheap 64-bit hash of a message (8 bytes a step), for de-duplication. */
static uint64_t
hash_bytes(const char *s, size_t n)
{
	uint64_t	 h = 1469598103934665603ULL ^ n, w;
	size_t		 i = 0;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
		h ^= h >> 29;
	}
	for (; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return (h ^ (h >> 32));
}

/*
 * Whether a charon line repeats the previous line of the same worker
 * thread with the same time: the daemon and authpriv copies of one
 * message.  Keyed on the thread so that two different SAs logging the same
 * text in the same second (with other lines of that thread between) are
 * both kept.
 */
static int
is_duplicate(struct parse_ctx *ctx, const char *msg, size_t len, int64_t ts)
{
	struct parse_dup	*d;
	uint64_t		 h;
	unsigned		 k, idx;
	int			 thread = -1;
	size_t			 i = 0;
	uint64_t		 t;

	if (parse_uint(msg, len, &i, &t) && i < len && msg[i] == '[')
		thread = (int)(t & 0x7fffffff);
	h = hash_bytes(msg, len);
	for (k = 1; k <= PARSE_DUP_WINDOW; k++) {
		idx = (ctx->dup_next + PARSE_DUP_WINDOW - k) % PARSE_DUP_WINDOW;
		d = &ctx->dup[idx];
		if (!d->used || d->thread != thread)
			continue;
		if (d->hash == h && d->ts_us == ts)
			return (1);
		break;
	}
	d = &ctx->dup[ctx->dup_next];
	ctx->dup_next = (ctx->dup_next + 1) % PARSE_DUP_WINDOW;
	d->used = 1;
	d->hash = h;
	d->ts_us = ts;
	d->thread = thread;
	return (0);
}

/*
 * The hot path: for an RFC 3164 line, find the program field with plain
 * byte loops and tell whether it is certainly not an IKE daemon's, before
 * anything else is parsed.  0 means "look closer" (the full envelope
 * parser decides); it never drops a line the full parser would keep.
 */
static int
quick_not_ipsec(const char *l, size_t len)
{
	/* Bytes that end a host or program token: ' ', '[', ':'. */
	static const uint8_t	 stop[256] = { [' '] = 1, ['['] = 1, [':'] = 1 };
	size_t			 i = 16, s, k, p;

	if (len < 20 || l[3] != ' ' || l[6] != ' ' || l[9] != ':' ||
	    l[12] != ':' || l[15] != ' ')
		return (0);
	for (k = 0; k < 3; k++) {
		s = i;
		while (i < len && !stop[(unsigned char)l[i]])
			i++;
		if (i >= len)
			return (0);
		if (l[i] == ' ') {		/* host, facility.priority */
			i++;
			continue;
		}
		p = i;
		/*
		 * "name:" must be followed by a space (an IPv6 host name is
		 * not a program); "name[" is a program (host names hold no
		 * '['), so its pid need not be read to drop the line.
		 */
		if (l[i] == ':' && i + 1 < len && l[i + 1] != ' ')
			return (0);
		/* "09[IKE]" right after the time: charon's own file logger. */
		if (k == 0 && l[i] == '[' && parse_charon_body(l + s, len - s))
			return (0);
		/* "syslog" needs its message looked at (busybox charon). */
		if (p - s == 6 && memcmp(l + s, "syslog", 6) == 0)
			return (0);
		return (parse_prog_daemon(l + s, p - s, NULL, 0) == IW_DAEMON_NONE);
	}
	return (0);
}

/*
 * rsyslog's and sysklogd's repeated-message reduction: "message repeated
 * N times: [ MSG]" stands for the last copy of MSG, which is what is read.
 */
static void
unwrap_repeated(struct parse_raw *r)
{
	static const char	 pfx[] = "message repeated ";
	const char		*m = r->msg, *b;
	size_t			 n = r->msg_len;

	if (!PARSE_PFX(m, n, pfx) || n < sizeof(pfx) + 10 || m[n - 1] != ']')
		return;
	if ((b = parse_find(m, n, " times: [", 9)) == NULL)
		return;
	b += 9;
	if (b < m + n && *b == ' ')
		b++;
	r->msg = b;
	r->msg_len = (size_t)(m + n - 1 - b);
}

/* Parse one syslog line. */
enum parse_result
parse_line(struct parse_ctx *ctx, const char *line, size_t len,
    struct iw_event *ev)
{
	struct parse_raw	 r;
	enum iw_daemon		 d;
	enum parse_result	 res;
	int64_t			 ts;

	if (line == NULL)
		return (PARSE_MALFORMED);
	if (quick_not_ipsec(line, len))
		return (PARSE_NOT_IPSEC);
	if (parse_envelope_raw(line, len, &r) == -1) {
		/* No envelope: garbage, or a body pasted on its own. */
		if (looks_binary(line, len))
			return (PARSE_MALFORMED);
		if ((d = guess_bare(line, len)) == IW_DAEMON_NONE)
			return (PARSE_NOT_IPSEC);
		return (message(ctx, d, line, len, ev, 0, 0));
	}
	if (r.logfile == PARSE_LOGFILE_PLUTO)
		d = IW_DAEMON_PLUTO;
	else if (r.logfile == PARSE_LOGFILE_CHARON)
		d = IW_DAEMON_CHARON;
	else if ((d = parse_prog_daemon(r.prog, r.prog_len, r.msg,
	    r.msg_len)) == IW_DAEMON_NONE)
		return (PARSE_NOT_IPSEC);

	ts = raw_to_us(ctx, &r);
	unwrap_repeated(&r);
	if (d == IW_DAEMON_CHARON && is_duplicate(ctx, r.msg, r.msg_len, ts))
		return (PARSE_DUPLICATE);
	res = message(ctx, d, r.msg, r.msg_len, ev, ts, r.pid);
	if (res == PARSE_UNRECOGNIZED && looks_binary(r.msg, r.msg_len))
		return (PARSE_MALFORMED);
	return (res);
}

/* Parse one journal entry. */
enum parse_result
parse_journal(struct parse_ctx *ctx, const struct parse_journal_fields *f,
    struct iw_event *ev)
{
	struct parse_charon_extra	 x;
	enum parse_result		 res;
	enum iw_daemon			 d;
	const char			*msg = f->message;
	size_t				 len = f->message_len, i = 0;
	uint64_t			 uid = 0;

	if (msg == NULL)
		return (PARSE_MALFORMED);
	d = parse_prog_daemon(f->identifier, f->identifier_len, msg, len);
	if (d == IW_DAEMON_NONE)
		return (PARSE_NOT_IPSEC);
	if (d == IW_DAEMON_PLUTO)
		return (message(ctx, d, msg, len, ev, f->ts_us, f->pid));

	if (is_duplicate(ctx, msg, len, ev->ts_us))
		return (PARSE_DUPLICATE);
	memset(&x, 0, sizeof(x));
	x.journal = !parse_charon_body(msg, len);
	if (f->ike_sa_name != NULL && f->ike_sa_name_len > 0) {
		x.ike_name = f->ike_sa_name;
		x.ike_name_len = f->ike_sa_name_len;
	}
	if (f->ike_sa_uid != NULL && parse_uint(f->ike_sa_uid,
	    f->ike_sa_uid_len, &i, &uid) && i == f->ike_sa_uid_len)
		x.ike_uid = uid;
	x.group = f->group;
	x.group_len = f->group != NULL ? f->group_len : 0;
	ev_reset(ev, d, msg, len);
	ev->ts_us = f->ts_us;
	ev->pid = f->pid;
	res = parse_charon(ctx, msg, len, ev, &x);
	return (finish(ctx, res, msg, len, ev));
}

/* Name of a parse result. */
const char *
parse_result_name(enum parse_result r)
{
	switch (r) {
	case PARSE_NOT_IPSEC:
		return ("not_ipsec");
	case PARSE_EVENT:
		return ("event");
	case PARSE_UNRECOGNIZED:
		return ("unrecognized");
	case PARSE_DUPLICATE:
		return ("duplicate");
	case PARSE_MALFORMED:
		return ("malformed");
	}
	return ("unknown");
}

/*
 * How common a byte is in IKE daemon messages (higher: a worse byte to
 * search for): space and the frequent English letters are everywhere,
 * digits and capitals (IKE, SA, STATE_...) often, the rest rarely.
 */
static int
byte_cost(unsigned char c)
{
	static const char	 frequent[] = "etaoinsrhld";
	static const char	 middle[] = "cumfpgwyb";

	if (c == ' ')
		return (20);
	if (c != '\0' && strchr(frequent, c) != NULL)
		return (10);
	if (c != '\0' && strchr(middle, c) != NULL)
		return (6);
	if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || c == '.' ||
	    c == ':' || c == '_')
		return (4);
	return (1);
}

/* Whether a byte can be part of an address token (IPv4, IPv6, %any). */
static int
addr_byte(unsigned c)
{
	return ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F') || c == ':' || c == '.' || c == '[' ||
	    c == ']' || c == '%');
}

/* Build a table's first-byte index (once; the tables never change). */
void
parse_table_build(struct parse_table *t)
{
	const struct parse_rule	*r;
	size_t			 i, k, nhas = 0, pos = 0;
	unsigned		 c;
	int			 best;

	if (t->built)
		return;
	if (t->n > PARSE_TABLE_MAX)
		fatalx("parse: rule table too large");
	for (i = 0; i < t->n; i++) {
		r = &t->rules[i];
		t->also_len[i] = r->also != NULL ? (uint16_t)strlen(r->also) : 0;
		t->anchor[i] = 0;
		if (r->how == PH_HAS) {
			nhas++;
			best = 99;
			for (k = 0; k < r->len && k < 255; k++) {
				if (byte_cost((unsigned char)r->text[k]) < best) {
					best = byte_cost((unsigned char)r->text[k]);
					t->anchor[i] = (uint8_t)k;
				}
			}
		}
	}
	if (nhas > PARSE_TABLE_MAXHAS)
		fatalx("parse: too many substring rules in a table");
	for (c = 0; c < 256; c++) {
		t->off[c] = (uint16_t)pos;
		for (i = 0; i < t->n; i++) {
			r = &t->rules[i];
			if (r->how == PH_HAS ||
			    (r->how == PH_NUM && c >= '0' && c <= '9') ||
			    (r->how == PH_ADDR && addr_byte(c)) ||
			    ((r->how == PH_PFX || r->how == PH_EQ) &&
			    r->len > 0 && (unsigned char)r->text[0] == c))
				t->list[pos++] = (uint8_t)i;
		}
	}
	t->off[256] = (uint16_t)pos;
	t->built = 1;
}

/* Whether needle (len nl) occurs in s (len n), searching for byte k. */
static int
find_anchored(const char *s, size_t n, const char *needle, size_t nl,
    size_t k)
{
	const char	*p, *end;

	if (n < nl)
		return (0);
	end = s + n - nl + k;		/* last place the anchor byte may be */
	for (p = s + k; p <= end; p++) {
		p = memchr(p, needle[k], (size_t)(end - p) + 1);
		if (p == NULL)
			return (0);
		if (memcmp(p - k, needle, nl) == 0)
			return (1);
	}
	return (0);
}

/* The first rule of a table whose wording matches a message, or NULL. */
const struct parse_rule *
parse_rule_match(const struct parse_table *t, const char *m, size_t len)
{
	const struct parse_rule	*r;
	unsigned		 c = len > 0 ? (unsigned char)m[0] : 0;
	size_t			 j, i, k;

	for (j = t->off[c]; j < t->off[c + 1]; j++) {
		i = t->list[j];
		r = &t->rules[i];
		switch (r->how) {
		case PH_PFX:
			if (len < r->len || memcmp(m, r->text, r->len) != 0)
				continue;
			break;
		case PH_EQ:
			if (len != r->len || memcmp(m, r->text, r->len) != 0)
				continue;
			break;
		case PH_NUM:
			for (k = 0; k < len && ((m[k] >= '0' && m[k] <= '9') ||
			    m[k] == '.'); k++)
				;
			if (len - k < r->len || memcmp(m + k, r->text, r->len) != 0)
				continue;
			break;
		case PH_ADDR:
			for (k = 0; k < len && k < 64 &&
			    addr_byte((unsigned char)m[k]); k++)
				;
			if (k < 2 || k >= len || m[k] != ' ' ||
			    len - k - 1 < r->len ||
			    memcmp(m + k + 1, r->text, r->len) != 0)
				continue;
			break;
		default:
			if (!find_anchored(m, len, r->text, r->len, t->anchor[i]))
				continue;
			break;
		}
		if (r->also != NULL &&
		    parse_find(m, len, r->also, t->also_len[i]) == NULL)
			continue;
		return (r);
	}
	return (NULL);
}

/* Fill an event's kind, SA kind, IKE version and error from a rule. */
void
parse_rule_apply(const struct parse_rule *r, struct iw_event *ev)
{
	ev->kind = (enum iw_event_kind)r->kind;
	if (r->sa != IW_SA_NONE)
		ev->sa_kind = (enum iw_sa_kind)r->sa;
	if (r->ikev != 0)
		ev->ike_version = r->ikev;
	if (r->eb)
		ev->established_before = true;
	if (r->error != NULL)
		parse_set_error(ev, r->error);
}
