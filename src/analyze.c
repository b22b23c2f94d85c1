/*
 * analyze.c - `ipsecwatch analyze`: the engine offline.
 *
 * Lines are read from plain or gzip files (or stdin), rotated sets oldest
 * first, parsed, and fed to the same tracker the daemon uses.  The clock
 * follows the log: before each event the tracker is advanced to the
 * event's time, so every deadline fires at the moment the daemon would
 * have fired it.  At the end the tracker is advanced to the last timestamp
 * only: deadlines that fall after the end of the log are not reported (we
 * cannot know whether the line that satisfies them would have come); the
 * human report shows a tunnel's next rekey deadline instead.
 *
 * Memory: the report is streamed tunnel by tunnel (10,000 tunnels must fit
 * in 16 MB), and the JSON document is written as a sequence of values
 * each encoded by jansson.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <zlib.h>

#include "analyze.h"
#include "causes.h"
#include "conf.h"
#include "ipsecwatch.h"
#include "kb.h"
#include "log.h"
#include "parse.h"
#include "track.h"
#include "xmalloc.h"

#define US		((int64_t)1000000)
#define READ_CHUNK	(1024 * 1024)

/* One alert of the timeline: fired, maybe resolved. */
struct arec {
	enum iw_alert_kind kind;
	char		*tunnel;
	char		*error;
	char		*peer;
	char		*summary;
	int64_t		 at;
	int64_t		 resolved_at;	/* 0 still firing at the end */
};

struct analyze {
	bool		 json;
	enum iw_lang	 lang;
	int		 year;
	struct iw_config *cf;
	struct kb	*kb;
	struct track	*track;
	struct iw_clock	 clock;
	int64_t		 now;		/* the log's time so far */
	int64_t		 first_ts;
	int64_t		 last_ts;
	int64_t		 end_ts;	/* time of the last line of any file */
	size_t		 files;
	uint64_t	 total;
	uint64_t	 ipsec;
	uint64_t	 unrecognized;
	uint64_t	 malformed;
	uint64_t	 cut;		/* lines longer than IW_LINE_MAX */
	struct arec	*alerts;
	size_t		 nalerts;
	size_t		 cap;
	FILE		*out;
	bool		 first_item;
};

/*
 * Texts of the human report.  The English original is the key of its
 * German translation (as with gettext), and every use goes through tr(),
 * whose format_arg attribute lets the compiler check formats and
 * arguments.
 */
#define T_LINES \
	"Lines: %" PRIu64 \
	    " read, %" PRIu64 \
	    " from IKE daemons, %" PRIu64 \
	    " unrecognized, %" PRIu64 \
	    " malformed"
#define T_PERIOD	"Log period: %s .. %s"
#define T_TUNNELS	"Tunnels (%zu)"
#define T_NONE	"  (none)"
#define T_STATE	"state %s since %s"
#define T_ESTABLISHED \
	"phase 1 (IKE SA) established %u times, phase 2 (Child SA) %u times"
#define T_REKEYS	"rekeys: %u (IKE SA %u%s, Child SA %u%s)"
#define T_EVERY	", every ~%s"
#define T_LASTUP	"last up: %s"
#define T_NEVER	"never"
#define T_ERRORS	"errors:"
#define T_ALERTS	"Alerts that would have fired (%zu)"
#define T_RESOLVED	"resolved %s"
#define T_STILL	"still firing at the end of the log"
#define T_NEXTREKEY \
	"next rekey deadline: %s (after the end of the log: not judged)"
#define T_PEER	"peer %s"
#define T_POLICY	"policy: %s"
#define T_CUT	"%" PRIu64 " lines longer than %d bytes were cut"
#define T_FILES	"Files: %zu"

static const char *translations[][2] = {
	{ T_LINES,
	    "Zeilen: %" PRIu64 " gelesen, %"
	    PRIu64 " von IKE-Daemons, %"
	    PRIu64 " nicht erkannt, %" PRIu64 " fehlerhaft" },
	{ T_PERIOD,
	    "Zeitraum des Logs: %s .. %s" },
	{ T_TUNNELS,
	    "Tunnel (%zu)" },
	{ T_NONE,
	    "  (keine)" },
	{ T_STATE,
	    "Zustand %s seit %s" },
	{ T_ESTABLISHED,
	    "Phase 1 (IKE-SA) %u-mal aufgebaut, Phase 2 (Child-SA) %u-mal" },
	{ T_REKEYS,
	    "Rekeys: %u (IKE-SA %u%s, Child-SA %u%s)" },
	{ T_EVERY,
	    ", etwa alle %s" },
	{ T_LASTUP,
	    "zuletzt aufgebaut: %s" },
	{ T_NEVER,
	    "nie" },
	{ T_ERRORS,
	    "Fehler:" },
	{ T_ALERTS,
	    "Alarme, die ausgelöst worden wären (%zu)" },
	{ T_RESOLVED,
	    "aufgehoben %s" },
	{ T_STILL,
	    "am Ende des Logs noch aktiv" },
	{ T_NEXTREKEY,
	    "nächste Rekey-Frist: %s "
	    "(nach dem Ende des Logs: nicht bewertet)" },
	{ T_PEER,
	    "Gegenstelle %s" },
	{ T_POLICY,
	    "Richtlinie: %s" },
	{ T_CUT,
	    "%" PRIu64 " Zeilen länger als %d Bytes wurden abgeschnitten" },
	{ T_FILES,
	    "Dateien: %zu" },
};

static const char *tr(struct analyze *, const char *)
		    __attribute__((format_arg(2)));
static int64_t	 clock_now(void *);
static void	 on_alert(const struct track_alert *, void *);
static int	 read_file(struct analyze *, const char *);
static void	 feed_line(struct analyze *, struct parse_ctx *, const char *,
		    size_t);
static void	 fmt_ts(int64_t, char *, size_t);
static json_t	*json_ts(int64_t);
static const char *explanation(struct analyze *, const char *, char *, size_t);
static int	 report_tunnel_text(const struct tunnel_info *, void *);
static int	 report_tunnel_json(const struct tunnel_info *, void *);
static void	 report_text(struct analyze *);
static void	 report_json(struct analyze *);
static void	 dump(struct analyze *, json_t *);
static void	 usage(void);
static int	 rotation(const char *, size_t *);
static void	 errors_text_cb(const char *, unsigned, void *);
static void	 errors_json_cb(const char *, unsigned, void *);
static void	 errors_count_cb(const char *, unsigned, void *);

/* A report text in the report's language. */
static const char *
tr(struct analyze *an, const char *en)
{
	size_t	 i;

	if (an->lang == IW_LANG_EN)
		return (en);
	for (i = 0; i < sizeof(translations) / sizeof(translations[0]); i++) {
		if (strcmp(translations[i][0], en) == 0)
			return (translations[i][1]);
	}
	return (en);
}

/* The analyze clock: the time of the log so far. */
static int64_t
clock_now(void *arg)
{
	return (((struct analyze *)arg)->now);
}

/* Record an alert transition in the timeline. */
static void
on_alert(const struct track_alert *a, void *arg)
{
	struct analyze	*an = arg;
	struct arec	*r;
	size_t		 i;

	if (!a->firing) {
		/* Resolve the newest open record with the same key. */
		for (i = an->nalerts; i-- > 0;) {
			r = &an->alerts[i];
			if (r->resolved_at != 0 || r->kind != a->kind ||
			    strcmp(r->tunnel, a->tunnel) != 0)
				continue;
			if (a->kind == IW_ALERT_NEGOTIATION_FAILED &&
			    (r->error == NULL) != (a->error == NULL))
				continue;
			if (a->kind == IW_ALERT_NEGOTIATION_FAILED &&
			    r->error != NULL && strcmp(r->error, a->error) != 0)
				continue;
			r->resolved_at = a->at_us > 0 ? a->at_us : 1;
			break;
		}
		return;
	}
	if (an->nalerts == an->cap) {
		an->cap = an->cap ? an->cap * 2 : 32;
		an->alerts = xreallocarray(an->alerts, an->cap,
		    sizeof(*an->alerts));
	}
	r = &an->alerts[an->nalerts++];
	memset(r, 0, sizeof(*r));
	r->kind = a->kind;
	r->tunnel = xstrdup(a->tunnel != NULL ? a->tunnel : "");
	r->error = a->error != NULL ? xstrdup(a->error) : NULL;
	r->peer = a->peer != NULL ? xstrdup(a->peer) : NULL;
	r->summary = xstrdup(a->summary != NULL ? a->summary : "");
	r->at = a->at_us;
}

/*
 * Rotation number of a log file name: "auth.log.3.gz" -> 3, "auth.log.1"
 * -> 1, "auth.log" -> 0; *baselen gets the length of the set's base name.
 */
static int
rotation(const char *name, size_t *baselen)
{
	size_t	 n = strlen(name), e;
	int	 num = 0;

	if (n > 3 && strcmp(name + n - 3, ".gz") == 0)
		n -= 3;
	e = n;
	while (e > 0 && name[e - 1] >= '0' && name[e - 1] <= '9')
		e--;
	if (e < n && e > 1 && name[e - 1] == '.' && n - e <= 6) {
		num = atoi(name + e);
		n = e - 1;
	}
	*baselen = n;
	return (num);
}

struct order {
	char	*name;
	size_t	 group;
	int	 num;
	int	 pos;
};

/* qsort: by set, then oldest (highest number) first, then given order. */
static int
cmp_order(const void *a, const void *b)
{
	const struct order *x = a, *y = b;

	if (x->group != y->group)
		return (x->group < y->group ? -1 : 1);
	if (x->num != y->num)
		return (x->num > y->num ? -1 : 1);
	return (x->pos - y->pos);
}

/* Order log files: rotated sets oldest first. */
void
analyze_order_files(char **names, int n)
{
	struct order	*o;
	int		 i, j;
	size_t		 bl, bl2, groups = 0;

	if (n <= 1)
		return;
	o = xcalloc((size_t)n, sizeof(*o));
	for (i = 0; i < n; i++) {
		o[i].name = names[i];
		o[i].pos = i;
		o[i].num = rotation(names[i], &bl);
		o[i].group = SIZE_MAX;
		for (j = 0; j < i; j++) {
			(void)rotation(names[j], &bl2);
			if (bl == bl2 && strncmp(names[i], names[j], bl) == 0 &&
			    strcmp(names[i], "-") != 0) {
				o[i].group = o[j].group;
				break;
			}
		}
		if (o[i].group == SIZE_MAX)
			o[i].group = groups++;
	}
	qsort(o, (size_t)n, sizeof(*o), cmp_order);
	for (i = 0; i < n; i++)
		names[i] = o[i].name;
	free(o);
}

/* Parse one line and feed its event, with the clock following the log. */
static void
feed_line(struct analyze *an, struct parse_ctx *pc, const char *line,
    size_t len)
{
	struct iw_event	 ev;

	if (len >= IW_LINE_MAX) {
		/* Longer lines are cut (and counted); the rest is not read. */
		an->cut++;
		len = IW_LINE_MAX - 1;
	}
	if (len > 0 && line[len - 1] == '\r')
		len--;
	an->total++;
	switch (parse_line(pc, line, len, &ev)) {
	case PARSE_NOT_IPSEC:
		return;
	case PARSE_UNRECOGNIZED:
		an->ipsec++;
		an->unrecognized++;
		return;
	case PARSE_MALFORMED:
		an->malformed++;
		return;
	case PARSE_DUPLICATE:
		an->ipsec++;
		return;
	case PARSE_EVENT:
		break;
	}
	an->ipsec++;
	if (ev.ts_us > 0) {
		if (an->first_ts == 0 || ev.ts_us < an->first_ts)
			an->first_ts = ev.ts_us;
		if (ev.ts_us > an->last_ts)
			an->last_ts = ev.ts_us;
		/* The log's clock never runs backwards (files out of order). */
		if (ev.ts_us > an->now)
			an->now = ev.ts_us;
		track_advance(an->track, an->now);
	}
	track_event(an->track, &ev);
}

/*
 * Read one file (plain or gzip; "-" = stdin) line by line.  A regular file
 * that does not start with the gzip magic is read with read(2) straight
 * into our buffer; everything else goes through zlib, which also reads
 * uncompressed input (stdin) transparently.
 */
static int
read_file(struct analyze *an, const char *path)
{
	struct parse_ctx *pc;
	struct stat	 st;
	gzFile		 gz;
	char		*buf, *p, *nl, *end, *lastp;
	size_t		 have = 0, cap = READ_CHUNK + IW_LINE_MAX;
	int		 fd, n, errnum;
	bool		 skipping = false;
	time_t		 ref = 0;
	const char	*err;
	char		 last[512];
	size_t		 lastlen = 0;
	struct parse_envelope env;
	unsigned char	 magic[2];
	ssize_t		 r;

	if (strcmp(path, "-") == 0)
		fd = dup(STDIN_FILENO);
	else
		fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1) {
		fprintf(stderr, "ipsecwatch analyze: %s: %s\n", path,
		    strerror(errno));
		return (-1);
	}
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		fprintf(stderr, "ipsecwatch analyze: %s: %s\n", path,
		    strerror(EISDIR));
		close(fd);
		return (-1);
	}
	if (strcmp(path, "-") != 0 && S_ISREG(st.st_mode))
		ref = st.st_mtime;
	if (S_ISREG(st.st_mode) && (pread(fd, magic, 2, 0) != 2 ||
	    magic[0] != 0x1f || magic[1] != 0x8b))
		gz = NULL;
	else if ((gz = gzdopen(fd, "rb")) == NULL) {
		fprintf(stderr, "ipsecwatch analyze: %s: cannot read\n", path);
		close(fd);
		return (-1);
	} else
		gzbuffer(gz, READ_CHUNK);
	pc = parse_ctx_new(ref, an->kb);
	if (an->year > 0)
		parse_ctx_set_year(pc, an->year);
	buf = xmalloc(cap + 1);
	for (;;) {
		if (gz == NULL) {
			do {
				r = read(fd, buf + have, cap - have);
			} while (r == -1 && errno == EINTR);
			n = r < 0 ? -1 : (int)r;
		} else
			n = gzread(gz, buf + have, (unsigned)(cap - have));
		if (n < 0) {
			if (gz != NULL)
				err = gzerror(gz, &errnum);
			else {
				err = strerror(errno);
				errnum = 0;
			}
			fprintf(stderr, "ipsecwatch analyze: %s: %s\n", path,
			    errnum == Z_ERRNO ? strerror(errno) : err);
			break;
		}
		if (n == 0) {
			if (have > 0 && !skipping) {
				feed_line(an, pc, buf, have);
				lastlen = have < sizeof(last) ? have :
				    sizeof(last);
				memcpy(last, buf, lastlen);
			}
			have = 0;
			break;
		}
		have += (size_t)n;
		p = buf;
		end = buf + have;
		lastp = NULL;
		while (p < end && (nl = memchr(p, '\n',
		    (size_t)(end - p))) != NULL) {
			if (!skipping)
				feed_line(an, pc, p, (size_t)(nl - p));
			skipping = false;
			lastp = p;
			p = nl + 1;
		}
		if (lastp != NULL) {
			/* Keep the head of the chunk's last line (its time). */
			lastlen = (size_t)(p - 1 - lastp);
			if (lastlen > sizeof(last))
				lastlen = sizeof(last);
			memcpy(last, lastp, lastlen);
		}
		have = (size_t)(end - p);
		if (have >= IW_LINE_MAX && !skipping) {
			/* Cut an overlong line; its rest is skipped. */
			feed_line(an, pc, p, have);
			skipping = true;
		}
		if (skipping)
			have = 0;
		else if (p != buf && have > 0)
			memmove(buf, p, have);
	}
	/*
	 * The log's time goes on after its last IPsec line: the last line of
	 * any program says how far (deadlines up to then are judged).
	 */
	if (lastlen > 0 && parse_envelope(pc, last, lastlen, &env) == 0 &&
	    env.ts_us > an->end_ts)
		an->end_ts = env.ts_us;
	free(buf);
	parse_ctx_free(pc);
	if (gz != NULL)
		gzclose(gz);
	else
		close(fd);
	an->files++;
	return (n < 0 ? -1 : 0);
}

/* ISO 8601 UTC with Z; "-" when unknown. */
static void
fmt_ts(int64_t us, char *buf, size_t len)
{
	iw_format_time(us, "-", buf, len);
}

/* A time as a JSON string, or null. */
static json_t *
json_ts(int64_t us)
{
	char	 buf[32];

	if (us <= 0)
		return (json_null());
	fmt_ts(us, buf, sizeof(buf));
	return (json_string(buf));
}

/* "Title: meaning" of a knowledge-base id in the report language. */
static const char *
explanation(struct analyze *an, const char *id, char *buf, size_t len)
{
	const struct kb_entry *e;
	struct kb_text	 tx;

	if (id == NULL || an->kb == NULL || (e = kb_find(an->kb, id)) == NULL)
		return (NULL);
	tx = kb_text(e, an->lang);
	snprintf(buf, len, "%s%s%s", tx.title != NULL ? tx.title : id,
	    tx.meaning != NULL ? ": " : "",
	    tx.meaning != NULL ? tx.meaning : "");
	return (buf);
}

/* Write one JSON value (jansson does all encoding). */
static void
dump(struct analyze *an, json_t *v)
{
	json_dumpf(v, an->out, JSON_COMPACT | JSON_ENCODE_ANY);
	json_decref(v);
}

struct errctx {
	struct analyze	*an;
	json_t		*obj;
};

/* One error line of the text report. */
static void
errors_text_cb(const char *id, unsigned count, void *arg)
{
	struct errctx	*ec = arg;
	char		 buf[2048];
	const char	*ex = explanation(ec->an, id, buf, sizeof(buf));

	fprintf(ec->an->out, "      %s x%u%s%s\n", id, count, ex ? ": " : "",
	    ex ? ex : "");
}

/* Count the error kinds of a tunnel. */
static void
errors_count_cb(const char *id, unsigned count, void *arg)
{
	(*(unsigned *)arg)++;
}

/* One error count of the JSON report. */
static void
errors_json_cb(const char *id, unsigned count, void *arg)
{
	struct errctx	*ec = arg;

	json_object_set_new(ec->obj, id, json_integer(count));
}

/* One tunnel of the text report. */
static int
report_tunnel_text(const struct tunnel_info *ti, void *arg)
{
	struct analyze	*an = arg;
	char		 t1[32], ike[64], child[64], d[32];
	struct errctx	 ec;
	unsigned	 nerr = 0;

	fmt_ts(ti->since_us, t1, sizeof(t1));
	fprintf(an->out, "  %s (%s%s%s)\n", ti->name,
	    iw_daemon_name(ti->daemon),
	    ti->peer[0] ? ", " : "", ti->peer);
	fprintf(an->out, "    ");
	fprintf(an->out, tr(an, T_STATE), tunnel_state_name(ti->state), t1);
	fprintf(an->out, "\n    ");
	fprintf(an->out, tr(an, T_ESTABLISHED), ti->phase1_up, ti->phase2_up);
	fprintf(an->out, "\n    ");
	ike[0] = child[0] = '\0';
	if (ti->ike_rekey_interval_s > 0) {
		conf_format_duration(ti->ike_rekey_interval_s, d, sizeof(d));
		snprintf(ike, sizeof(ike), tr(an, T_EVERY), d);
	}
	if (ti->child_rekey_interval_s > 0) {
		conf_format_duration(ti->child_rekey_interval_s, d, sizeof(d));
		snprintf(child, sizeof(child), tr(an, T_EVERY), d);
	}
	fprintf(an->out, tr(an, T_REKEYS), ti->rekeys, ti->ike_rekeys, ike,
	    ti->child_rekeys, child);
	fprintf(an->out, "\n    ");
	if (ti->last_up_us > 0)
		fmt_ts(ti->last_up_us, t1, sizeof(t1));
	else
		snprintf(t1, sizeof(t1), "%s", tr(an, T_NEVER));
	fprintf(an->out, tr(an, T_LASTUP), t1);
	fprintf(an->out, "\n");
	if (ti->next_rekey_deadline_us > an->now) {
		fmt_ts(ti->next_rekey_deadline_us, t1, sizeof(t1));
		fprintf(an->out, "    ");
		fprintf(an->out, tr(an, T_NEXTREKEY), t1);
		fprintf(an->out, "\n");
	}
	if (ti->must_be_up || ti->may_be_down || ti->roadwarrior) {
		fprintf(an->out, "    ");
		fprintf(an->out, tr(an, T_POLICY),
		    ti->must_be_up ? "must_be_up" :
		    ti->may_be_down ? "may_be_down" : "road warrior");
		fprintf(an->out, "\n");
	}
	ec.an = an;
	ec.obj = NULL;
	track_tunnel_errors(an->track, ti->name, errors_count_cb, &nerr);
	if (nerr > 0) {
		fprintf(an->out, "    %s\n", tr(an, T_ERRORS));
		track_tunnel_errors(an->track, ti->name, errors_text_cb, &ec);
	}
	return (0);
}

/* The human report. */
static void
report_text(struct analyze *an)
{
	char		 t1[32], t2[32], buf[2048];
	const char	*ex;
	size_t		 i;
	struct arec	*r;

	fprintf(an->out, tr(an, T_FILES), an->files);
	fprintf(an->out, "\n");
	fprintf(an->out, tr(an, T_LINES), an->total, an->ipsec,
	    an->unrecognized,
	    an->malformed);
	fprintf(an->out, "\n");
	if (an->cut > 0) {
		fprintf(an->out, tr(an, T_CUT), an->cut, IW_LINE_MAX);
		fprintf(an->out, "\n");
	}
	fmt_ts(an->first_ts, t1, sizeof(t1));
	fmt_ts(an->last_ts, t2, sizeof(t2));
	fprintf(an->out, tr(an, T_PERIOD), t1, t2);
	fprintf(an->out, "\n\n");
	fprintf(an->out, tr(an, T_TUNNELS), track_tunnel_count(an->track));
	fprintf(an->out, "\n");
	if (track_tunnel_count(an->track) == 0)
		fprintf(an->out, "%s\n", tr(an, T_NONE));
	track_foreach(an->track, report_tunnel_text, an);
	fprintf(an->out, "\n");
	fprintf(an->out, tr(an, T_ALERTS), an->nalerts);
	fprintf(an->out, "\n");
	if (an->nalerts == 0)
		fprintf(an->out, "%s\n", tr(an, T_NONE));
	for (i = 0; i < an->nalerts; i++) {
		r = &an->alerts[i];
		fmt_ts(r->at, t1, sizeof(t1));
		fprintf(an->out, "  %s  %-20s %-8s %s%s%s%s\n", t1,
		    iw_alert_kind_name(r->kind),
		    iw_severity_name(iw_alert_kind_severity(r->kind)),
		    r->tunnel[0] ? r->tunnel : "-", r->error ? " [" : "",
		    r->error ? r->error : "", r->error ? "]" : "");
		fprintf(an->out, "      %s\n", r->summary);
		if ((ex = explanation(an, r->error, buf, sizeof(buf))) != NULL)
			fprintf(an->out, "      %s\n", ex);
		fprintf(an->out, "      ");
		if (r->resolved_at > 0) {
			fmt_ts(r->resolved_at, t2, sizeof(t2));
			fprintf(an->out, tr(an, T_RESOLVED), t2);
		} else
			fprintf(an->out, "%s", tr(an, T_STILL));
		fprintf(an->out, "\n");
	}
}

/* One tunnel of the JSON report. */
static int
report_tunnel_json(const struct tunnel_info *ti, void *arg)
{
	struct analyze	*an = arg;
	json_t		*o, *errs;
	struct errctx	 ec;

	errs = json_object();
	ec.an = an;
	ec.obj = errs;
	track_tunnel_errors(an->track, ti->name, errors_json_cb, &ec);
	o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I, "
	    "s:I, s:I, s:o, s:o, s:o, s:o, s:b, s:b, s:b}",
	    "name", ti->name,
	    "conn", ti->conn,
	    "peer", ti->peer,
	    "daemon", iw_daemon_name(ti->daemon),
	    "state", tunnel_state_name(ti->state),
	    "phase1_up", (json_int_t)ti->phase1_up,
	    "phase2_up", (json_int_t)ti->phase2_up,
	    "rekeys", (json_int_t)ti->rekeys,
	    "ike_rekeys", (json_int_t)ti->ike_rekeys,
	    "child_rekeys", (json_int_t)ti->child_rekeys,
	    "rekey_interval_s", (json_int_t)ti->rekey_interval_s,
	    "ike_rekey_interval_s", (json_int_t)ti->ike_rekey_interval_s,
	    "child_rekey_interval_s", (json_int_t)ti->child_rekey_interval_s,
	    "since", json_ts(ti->since_us),
	    "last_up", json_ts(ti->last_up_us),
	    "next_rekey_deadline", json_ts(ti->next_rekey_deadline_us),
	    "errors", errs,
	    "must_be_up", ti->must_be_up,
	    "may_be_down", ti->may_be_down,
	    "roadwarrior", ti->roadwarrior);
	if (o == NULL)
		fatalx("analyze: cannot build the JSON of tunnel %s", ti->name);
	if (!an->first_item)
		fputc(',', an->out);
	an->first_item = false;
	dump(an, o);
	return (0);
}

/*
 * The JSON report (schema version 1), written value by value so that a
 * large tunnel list is never held in memory as one document.
 */
static void
report_json(struct analyze *an)
{
	json_t		*o;
	struct arec	*r;
	size_t		 i;
	char		 buf[2048];
	const char	*ex;

	fputs("{\"version\":1,\"lines\":", an->out);
	o = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I}",
	    "total", (json_int_t)an->total,
	    "ipsec", (json_int_t)an->ipsec,
	    "unrecognized", (json_int_t)an->unrecognized,
	    "malformed", (json_int_t)an->malformed,
	    "cut", (json_int_t)an->cut,
	    "files", (json_int_t)an->files);
	dump(an, o);
	fputs(",\"period\":", an->out);
	dump(an, json_pack("{s:o, s:o}", "first", json_ts(an->first_ts),
	    "last", json_ts(an->last_ts)));
	fputs(",\"tunnels\":[", an->out);
	an->first_item = true;
	track_foreach(an->track, report_tunnel_json, an);
	fputs("],\"alerts\":[", an->out);
	for (i = 0; i < an->nalerts; i++) {
		r = &an->alerts[i];
		ex = explanation(an, r->error, buf, sizeof(buf));
		o = json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:s, s:o}",
		    "kind", iw_alert_kind_name(r->kind),
		    "tunnel", r->tunnel,
		    "severity",
		    iw_severity_name(iw_alert_kind_severity(r->kind)),
		    "at", json_ts(r->at),
		    "resolved_at", json_ts(r->resolved_at),
		    "error", r->error ? json_string(r->error) : json_null(),
		    "peer", r->peer ? json_string(r->peer) : json_null(),
		    "summary", r->summary,
		    "explanation", ex ? json_string(ex) : json_null());
		if (o == NULL)
			fatalx("analyze: cannot build the JSON of an alert");
		if (i > 0)
			fputc(',', an->out);
		dump(an, o);
	}
	fputs("]}\n", an->out);
}

/* Usage message. */
static void
usage(void)
{
	fprintf(stderr, "usage: ipsecwatch analyze [--json] [--config FILE] "
	    "[--year Y] [--lang en|de] FILE...\n");
}

/* ipsecwatch analyze. */
int
analyze_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json",	no_argument,		NULL, 'j' },
		{ "config",	required_argument,	NULL, 'c' },
		{ "year",	required_argument,	NULL, 'y' },
		{ "lang",	required_argument,	NULL, 'l' },
		{ "help",	no_argument,		NULL, 'h' },
		{ NULL,		0,			NULL, 0 }
	};
	struct analyze	 an;
	struct causes	 causes;
	const char	*config = NULL, *kbpath;
	char		*endp;
	int		 ch, i, rc = 0, l;
	long		 y;
	size_t		 k;

	memset(&an, 0, sizeof(an));
	an.lang = iw_lang_from_env();
	an.out = stdout;
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "jc:y:l:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'j':
			an.json = true;
			break;
		case 'c':
			config = optarg;
			break;
		case 'y':
			errno = 0;
			y = strtol(optarg, &endp, 10);
			if (errno != 0 || *endp != '\0' || y < 1970 ||
			    y > 9999) {
				fprintf(stderr,
				    "ipsecwatch analyze: bad year: %s\n",
				    optarg);
				return (2);
			}
			an.year = (int)y;
			break;
		case 'l':
			if ((l = iw_lang_from_name(optarg)) < 0) {
				fprintf(stderr, "ipsecwatch analyze: unknown "
				    "language: %s (en or de)\n", optarg);
				return (2);
			}
			an.lang = (enum iw_lang)l;
			break;
		case 'h':
			usage();
			return (0);
		default:
			fprintf(stderr,
			    "ipsecwatch analyze: unknown option: %s\n",
			    argv[optind - 1]);
			usage();
			return (2);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1) {
		usage();
		return (2);
	}

	causes_init(&causes);
	if (config != NULL) {
		if ((an.cf = conf_load(config, &causes)) == NULL) {
			for (k = 0; k < causes.n; k++)
				fprintf(stderr, "ipsecwatch analyze: %s\n",
				    causes.msg[k]);
			causes_free(&causes);
			return (1);
		}
	} else
		an.cf = conf_default();
	kbpath = kb_default_path();
	if ((an.kb = kb_load(kbpath, an.cf->kb_file, &causes)) == NULL) {
		/* Explanations are a help, not a requirement: go on without. */
		for (k = 0; k < causes.n; k++)
			fprintf(stderr, "ipsecwatch analyze: warning: %s\n",
			    causes.msg[k]);
	}
	causes_free(&causes);

	an.clock.now_us = clock_now;
	an.clock.arg = &an;
	an.track = track_new(&an.cf->tunnels, &an.clock, on_alert, &an);

	analyze_order_files(argv, argc);
	for (i = 0; i < argc; i++) {
		if (read_file(&an, argv[i]) == -1)
			rc = 1;
	}
	/* The end of the log: nothing fires beyond its last timestamp. */
	if (an.end_ts > an.now)
		an.now = an.end_ts;
	if (an.now > 0)
		track_advance(an.track, an.now);
	if (an.now > an.last_ts)
		an.last_ts = an.now;

	if (an.json)
		report_json(&an);
	else
		report_text(&an);
	if (fflush(an.out) == EOF || ferror(an.out)) {
		fprintf(stderr, "ipsecwatch analyze: write error: %s\n",
		    strerror(errno));
		rc = 1;
	}

	for (k = 0; k < an.nalerts; k++) {
		free(an.alerts[k].tunnel);
		free(an.alerts[k].error);
		free(an.alerts[k].peer);
		free(an.alerts[k].summary);
	}
	free(an.alerts);
	track_free(an.track);
	kb_free(an.kb);
	conf_free(an.cf);
	return (rc);
}
