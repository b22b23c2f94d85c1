/*
 * test-golden.c - golden tests of the parser over real and catalog logs.
 *
 * For every "<name>.expect" under tests/data (found by scanning the tree)
 * the matching "<name>.log" is parsed line by line with parse_line() and
 * the significant events (every kind except info) are compared, field by
 * field, with the hand-written expectations.  The expectations are written
 * from the ground truth (actions.txt, events.txt and the log catalog), never
 * from the parser's output: the parser is what is under test here.
 *
 * The format of the .expect files is documented in tests/data/README.
 *
 * Usage: test-golden [DATADIR | FILE.log ...]
 * Without arguments DATADIR is $top_srcdir/tests/data.
 * Exit status: 0 all files match, 1 a mismatch, 99 a hard error.
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ipsecwatch.h"
#include "parse.h"

#define GOLDEN_YEAR	2026
#define KIND_UNRECOGNIZED	(-1)	/* pseudo kinds in .expect files */
#define KIND_DUPLICATE		(-2)
#define KIND_INFO		(-3)
#define ANY_SA_KIND		(-4)	/* "*" in .expect: not checked */
#define ANY_SA_ID		UINT64_MAX

/* One expected (or actual) outcome of one line. */
struct expect {
	long		 line;
	int		 kind;		/* enum iw_event_kind or KIND_* */
	int		 sa_kind;	/* enum iw_sa_kind; ANY_SA_KIND: not checked */
	char		 conn[IW_CONN_MAX];
	uint64_t	 sa_id;
	char		 error[IW_ERRID_MAX];
	/* Optional fields, checked only when given (has_* set). */
	int		 has_seconds;	int64_t	 seconds;
	int		 has_parent;	uint64_t parent;
	int		 has_replaces;	uint64_t replaces;
	int		 has_instance;	uint32_t instance;
	int		 has_peer;	char	 peer[IW_PEER_MAX];
	int		 has_daemon;	int	 daemon;
	int		 has_ike;	int	 ike;
	int		 has_ts;	int64_t	 ts_us;
};

struct expect_list {
	struct expect	*v;
	size_t		 n, cap;
};

/* Names accepted in .expect files. */
static const char *kind_names[] = {
	"none", "neg_start", "neg_respond", "p1_up", "p2_up", "rekey_start",
	"rekey_done", "expire", "delete", "dpd_dead", "retransmit", "give_up",
	"daemon_start", "daemon_stop", "rekey_scheduled", "error", "lifetime",
	"retry", "info",
};

/* The 41 error kinds of the log catalog (section 3): each must be covered. */
static const char *catalog_ids[] = {
	"peer_no_response_p1", "icmp_unreachable", "auth_no_response_p1",
	"psk_mismatch_ikev1", "psk_mismatch_ikev2", "psk_missing",
	"auth_failed_by_peer", "ike_proposal_mismatch",
	"esp_proposal_mismatch", "dh_group_mismatch", "pfs_mismatch",
	"no_conn_for_peer_p1", "aggr_no_conn", "id_mismatch",
	"invalid_id_information", "p2_subnet_mismatch_ikev1",
	"ts_unacceptable", "stale_sa_unknown_spi", "dpd_dead_peer",
	"established_sa_timeout", "qm_no_response", "nat_t_problem",
	"kernel_sa_install_failed", "kernel_policy_failed", "route_conflict",
	"cert_expired", "cert_untrusted", "cert_revoked", "cert_id_mismatch",
	"private_key_missing", "xauth_failed", "eap_failed",
	"vip_pool_exhausted", "ikev1_refused", "aggr_psk_refused",
	"duplicate_sa_uniqueness", "half_open_dos", "dns_resolution_failed",
	"keying_retries_exhausted", "fragmentation_loss",
	"lifetime_mismatch_ikev1",
};
static int	 catalog_seen[sizeof catalog_ids / sizeof catalog_ids[0]];
static int	 catalog_files;		/* catalog .expect files read */

static int	 name_to_kind(const char *);
static int	 name_to_sa_kind(const char *);
static void	*grow(void *, size_t *, size_t);
static void	 list_add(struct expect_list *, const struct expect *);
static int	 read_file(const char *, char **, size_t *);
static int	 parse_u64(const char *, uint64_t *);
static int	 parse_ts(const char *, int64_t *);
static int	 parse_extra(struct expect *, char *, const char *, long);
static int	 load_expect(const char *, struct expect_list *);
static void	 describe(const struct expect *, char *, size_t);
static void	 describe_extra(const struct iw_event *);
static int	 same(const struct expect *, const struct expect *,
		    const struct iw_event *);
static int	 run_file(const char *, const char *);
static void	 scan_dir(const char *, char ***, size_t *, size_t *);
static int	 cmp_str(const void *, const void *);
static const char *line_text(const char *, size_t, long, size_t *);
static void	 mark_covered(const char *);
static int	 check_coverage(void);

/* Kind number from its name; also the pseudo kinds; -100 if unknown. */
static int
name_to_kind(const char *s)
{
	size_t	 i;

	if (strcmp(s, "unrecognized") == 0)
		return (KIND_UNRECOGNIZED);
	if (strcmp(s, "duplicate") == 0)
		return (KIND_DUPLICATE);
	if (strcmp(s, "info") == 0)
		return (KIND_INFO);
	for (i = 1; i < sizeof kind_names / sizeof kind_names[0]; i++) {
		if (strcmp(s, kind_names[i]) == 0)
			return ((int)i);
	}
	return (-100);
}

/* SA kind number from its name ("-" is none); -1 if unknown. */
static int
name_to_sa_kind(const char *s)
{
	if (strcmp(s, "-") == 0 || strcmp(s, "none") == 0)
		return (IW_SA_NONE);
	if (strcmp(s, "*") == 0)
		return (ANY_SA_KIND);
	if (strcmp(s, "ike") == 0)
		return (IW_SA_IKE);
	if (strcmp(s, "child") == 0)
		return (IW_SA_CHILD);
	return (-1);
}

/* Make room for one more element of size sz. */
static void *
grow(void *v, size_t *cap, size_t sz)
{
	size_t	 ncap = *cap ? *cap * 2 : 64;
	void	*nv;

	if ((nv = realloc(v, ncap * sz)) == NULL) {
		perror("realloc");
		exit(99);
	}
	*cap = ncap;
	return (nv);
}

/* Append an expectation. */
static void
list_add(struct expect_list *l, const struct expect *e)
{
	if (l->n == l->cap)
		l->v = grow(l->v, &l->cap, sizeof *l->v);
	l->v[l->n++] = *e;
}

/* Read a whole file into memory (NUL-terminated); -1 on error. */
static int
read_file(const char *path, char **buf, size_t *len)
{
	FILE	*f;
	char	*b = NULL;
	size_t	 cap = 0, n = 0, r;

	if ((f = fopen(path, "rb")) == NULL) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return (-1);
	}
	for (;;) {
		if (cap - n < 65536) {
			cap = cap ? cap * 2 : 131072;
			if ((b = realloc(b, cap + 1)) == NULL) {
				perror("realloc");
				exit(99);
			}
		}
		r = fread(b + n, 1, cap - n, f);
		n += r;
		if (r == 0)
			break;
	}
	if (ferror(f)) {
		fprintf(stderr, "%s: read error\n", path);
		fclose(f);
		free(b);
		return (-1);
	}
	fclose(f);
	b[n] = '\0';
	*buf = b;
	*len = n;
	return (0);
}

/* Parse a decimal unsigned number; -1 if it is not one. */
static int
parse_u64(const char *s, uint64_t *v)
{
	char		*end;
	unsigned long long n;

	if (*s < '0' || *s > '9')
		return (-1);
	errno = 0;
	n = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0')
		return (-1);
	*v = n;
	return (0);
}

/*
 * Parse "YYYY-MM-DDTHH:MM:SS[.ffffff]Z" (UTC) into microseconds since the
 * epoch; -1 if malformed.
 */
static int
parse_ts(const char *s, int64_t *us)
{
	struct tm	 tm;
	char		*end;
	long		 frac = 0;
	int		 digits = 0;
	time_t		 t;

	memset(&tm, 0, sizeof tm);
	end = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	if (end == NULL)
		return (-1);
	if (*end == '.') {
		for (end++; *end >= '0' && *end <= '9' && digits < 6; end++) {
			frac = frac * 10 + (*end - '0');
			digits++;
		}
		for (; digits < 6; digits++)
			frac *= 10;
	}
	if (strcmp(end, "Z") != 0)
		return (-1);
	if ((t = timegm(&tm)) == (time_t)-1)
		return (-1);
	*us = (int64_t)t * 1000000 + frac;
	return (0);
}

/* Parse one optional "key=value" field of an expectation. */
static int
parse_extra(struct expect *e, char *f, const char *path, long ln)
{
	char		*v;
	uint64_t	 n;

	if ((v = strchr(f, '=')) == NULL)
		goto bad;
	*v++ = '\0';
	if (strcmp(f, "peer") == 0) {
		e->has_peer = 1;
		snprintf(e->peer, sizeof e->peer, "%s", v);
		return (0);
	}
	if (strcmp(f, "ts") == 0) {
		e->has_ts = 1;
		if (parse_ts(v, &e->ts_us) == -1)
			goto bad;
		return (0);
	}
	if (strcmp(f, "daemon") == 0) {
		e->has_daemon = 1;
		if (strcmp(v, "pluto") == 0)
			e->daemon = IW_DAEMON_PLUTO;
		else if (strcmp(v, "charon") == 0)
			e->daemon = IW_DAEMON_CHARON;
		else
			goto bad;
		return (0);
	}
	if (parse_u64(v, &n) == -1)
		goto bad;
	if (strcmp(f, "seconds") == 0) {
		e->has_seconds = 1;
		e->seconds = (int64_t)n;
	} else if (strcmp(f, "parent") == 0) {
		e->has_parent = 1;
		e->parent = n;
	} else if (strcmp(f, "replaces") == 0) {
		e->has_replaces = 1;
		e->replaces = n;
	} else if (strcmp(f, "instance") == 0) {
		e->has_instance = 1;
		e->instance = (uint32_t)n;
	} else if (strcmp(f, "ike") == 0) {
		e->has_ike = 1;
		e->ike = (int)n;
	} else
		goto bad;
	return (0);
bad:
	fprintf(stderr, "%s:%ld: bad optional field\n", path, ln);
	return (-1);
}

/* Load an .expect file; -1 on a syntax error (reported with file:line). */
static int
load_expect(const char *path, struct expect_list *l)
{
	char		*buf, *p, *nl, *f[16];
	size_t		 len;
	long		 ln = 0;
	int		 nf, i, rc = 0;
	uint64_t	 n;
	struct expect	 e;

	if (read_file(path, &buf, &len) == -1)
		return (-1);
	for (p = buf; *p != '\0'; p = nl) {
		if ((nl = strchr(p, '\n')) != NULL)
			*nl++ = '\0';
		else
			nl = p + strlen(p);
		ln++;
		if (*p == '#' || *p == '\0')
			continue;
		nf = 0;
		f[nf++] = p;
		while ((p = strchr(p, '\t')) != NULL && nf < 16) {
			*p++ = '\0';
			f[nf++] = p;
		}
		memset(&e, 0, sizeof e);
		if (nf < 6 || parse_u64(f[0], &n) == -1 || n == 0) {
			fprintf(stderr, "%s:%ld: need 6 tab-separated fields "
			    "(line kind sa_kind conn sa_id error)\n", path, ln);
			rc = -1;
			continue;
		}
		e.line = (long)n;
		if ((e.kind = name_to_kind(f[1])) == -100) {
			fprintf(stderr, "%s:%ld: unknown kind '%s'\n", path,
			    ln, f[1]);
			rc = -1;
			continue;
		}
		if ((e.sa_kind = name_to_sa_kind(f[2])) == -1) {
			fprintf(stderr, "%s:%ld: unknown sa_kind '%s'\n", path,
			    ln, f[2]);
			rc = -1;
			continue;
		}
		if (strcmp(f[3], "-") != 0)
			snprintf(e.conn, sizeof e.conn, "%s", f[3]);
		if (strcmp(f[4], "-") == 0)
			e.sa_id = 0;
		else if (strcmp(f[4], "*") == 0)
			e.sa_id = ANY_SA_ID;
		else if (parse_u64(f[4], &e.sa_id) == -1) {
			fprintf(stderr, "%s:%ld: bad sa_id '%s'\n", path, ln,
			    f[4]);
			rc = -1;
			continue;
		}
		if (strcmp(f[5], "-") != 0)
			snprintf(e.error, sizeof e.error, "%s", f[5]);
		for (i = 6; i < nf; i++) {
			if (parse_extra(&e, f[i], path, ln) == -1)
				rc = -1;
		}
		if (l->n > 0 && l->v[l->n - 1].line >= e.line) {
			fprintf(stderr, "%s:%ld: line numbers must increase "
			    "(one expectation per log line)\n", path, ln);
			rc = -1;
			continue;
		}
		list_add(l, &e);
	}
	free(buf);
	return (rc);
}

/* Format an expectation the way .expect files write it. */
static void
describe(const struct expect *e, char *buf, size_t sz)
{
	const char	*k;
	char		 id[32];

	switch (e->kind) {
	case KIND_UNRECOGNIZED:
		k = "unrecognized";
		break;
	case KIND_DUPLICATE:
		k = "duplicate";
		break;
	case KIND_INFO:
		k = "info";
		break;
	default:
		k = iw_event_kind_name((enum iw_event_kind)e->kind);
		break;
	}
	if (e->sa_id == 0)
		snprintf(id, sizeof id, "-");
	else if (e->sa_id == ANY_SA_ID)
		snprintf(id, sizeof id, "*");
	else
		snprintf(id, sizeof id, "%" PRIu64, e->sa_id);
	snprintf(buf, sz, "%s\t%s\t%s\t%s\t%s", k,
	    e->sa_kind == IW_SA_NONE ? "-" : e->sa_kind == ANY_SA_KIND ? "*" :
	    iw_sa_kind_name((enum iw_sa_kind)e->sa_kind),
	    e->conn[0] != '\0' ? e->conn : "-", id,
	    e->error[0] != '\0' ? e->error : "-");
}

/* Print the optional fields of an actual event, as .expect writes them. */
static void
describe_extra(const struct iw_event *ev)
{
	time_t		 t = (time_t)(ev->ts_us / 1000000);
	struct tm	 tm;
	char		 ts[32];

	gmtime_r(&t, &tm);
	strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%S", &tm);
	printf("    event:    seconds=%" PRId64 " parent=%" PRIu64
	    " replaces=%" PRIu64 " instance=%" PRIu32 " peer=%.*s daemon=%s"
	    " ike=%d ts=%s.%06dZ\n", ev->seconds, ev->parent_id,
	    ev->replaces_id, ev->instance,
	    (int)strnlen(ev->peer, sizeof ev->peer), ev->peer,
	    iw_daemon_name(ev->daemon), ev->ike_version, ts,
	    (int)(ev->ts_us % 1000000));
}

/*
 * Whether an actual outcome matches the expectation; the optional fields
 * are compared against the full event only when the expectation has them.
 */
static int
same(const struct expect *x, const struct expect *a, const struct iw_event *ev)
{
	if (x->kind != a->kind)
		return (0);
	if (x->kind == KIND_UNRECOGNIZED || x->kind == KIND_DUPLICATE)
		return (1);
	/* An info line may carry a knowledge-base id (harmless wordings). */
	if (x->kind == KIND_INFO)
		return (strcmp(x->error, a->error) == 0);
	if (x->sa_kind != ANY_SA_KIND && x->sa_kind != a->sa_kind)
		return (0);
	if (x->sa_id != ANY_SA_ID && x->sa_id != a->sa_id)
		return (0);
	if (strcmp(x->conn, a->conn) != 0 || strcmp(x->error, a->error) != 0)
		return (0);
	if (x->has_seconds && x->seconds != ev->seconds)
		return (0);
	if (x->has_parent && x->parent != ev->parent_id)
		return (0);
	if (x->has_replaces && x->replaces != ev->replaces_id)
		return (0);
	if (x->has_instance && x->instance != ev->instance)
		return (0);
	if (x->has_peer && strcmp(x->peer, ev->peer) != 0)
		return (0);
	if (x->has_daemon && x->daemon != (int)ev->daemon)
		return (0);
	if (x->has_ike && x->ike != (int)ev->ike_version)
		return (0);
	if (x->has_ts && x->ts_us != ev->ts_us)
		return (0);
	return (1);
}

/* Pointer to line ln (1-based) of buf and its length, for messages. */
static const char *
line_text(const char *buf, size_t len, long ln, size_t *tl)
{
	const char	*p = buf, *end = buf + len, *nl;
	long		 i;

	for (i = 1; i < ln && p < end; i++) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			return (NULL);
		p = nl + 1;
	}
	if (p >= end)
		return (NULL);
	nl = memchr(p, '\n', (size_t)(end - p));
	*tl = (size_t)((nl != NULL ? nl : end) - p);
	return (p);
}

/*
 * Parse one log against its expectations.  Returns the number of
 * failures; -1 on a hard error (missing or broken files).
 */
static int
run_file(const char *logpath, const char *exppath)
{
	struct expect_list	 want = { NULL, 0, 0 };
	struct parse_ctx	*ctx;
	struct iw_event		 ev;
	struct expect		 got;
	char			*buf, a[512], b[512];
	const char		*p, *end, *nl, *t;
	size_t			 len, llen, wi = 0, tl;
	long			 ln = 0, nunrec = 0, nevents = 0, ndup = 0;
	long			 nmal = 0;
	int			 fails = 0, corpus, bad;
	enum parse_result	 r;

	if (load_expect(exppath, &want) == -1) {
		free(want.v);
		return (-1);
	}
	if (read_file(logpath, &buf, &len) == -1) {
		free(want.v);
		return (-1);
	}
	corpus = strstr(logpath, "/corpus/") != NULL;
	if (strstr(logpath, "/catalog/") != NULL) {
		catalog_files++;
		for (wi = 0; wi < want.n; wi++)
			mark_covered(want.v[wi].error);
		wi = 0;
	}

	if ((ctx = parse_ctx_new(0, NULL)) == NULL) {
		fprintf(stderr, "parse_ctx_new failed\n");
		exit(99);
	}
	parse_ctx_set_year(ctx, GOLDEN_YEAR);

	for (p = buf, end = buf + len; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		llen = (size_t)(nl - p);
		ln++;

		memset(&ev, 0, sizeof ev);
		r = parse_line(ctx, p, llen, &ev);
		memset(&got, 0, sizeof got);
		got.line = ln;
		got.kind = IW_EV_NONE;
		switch (r) {
		case PARSE_EVENT:
			if (ev.kind == IW_EV_INFO)
				got.kind = KIND_INFO;
			else {
				nevents++;
				got.kind = (int)ev.kind;
			}
			got.sa_kind = (int)ev.sa_kind;
			got.sa_id = ev.sa_id;
			snprintf(got.conn, sizeof got.conn, "%.*s",
			    (int)strnlen(ev.conn, sizeof ev.conn), ev.conn);
			snprintf(got.error, sizeof got.error, "%.*s",
			    (int)strnlen(ev.error, sizeof ev.error), ev.error);
			break;
		case PARSE_UNRECOGNIZED:
			nunrec++;
			got.kind = KIND_UNRECOGNIZED;
			break;
		case PARSE_DUPLICATE:
			ndup++;
			got.kind = KIND_DUPLICATE;
			break;
		case PARSE_MALFORMED:
			nmal++;
			break;
		case PARSE_NOT_IPSEC:
			break;
		}

		bad = 0;
		if (wi < want.n && want.v[wi].line == ln) {
			if (!same(&want.v[wi], &got, &ev)) {
				describe(&want.v[wi], a, sizeof a);
				if (got.kind == IW_EV_NONE)
					snprintf(b, sizeof b, "nothing (%s)",
					    parse_result_name(r));
				else
					describe(&got, b, sizeof b);
				printf("FAIL %s:%ld:\n    expected: %s\n"
				    "    got:      %s\n", logpath, ln, a, b);
				if (r == PARSE_EVENT)
					describe_extra(&ev);
				bad = 1;
			}
			wi++;
		} else if (got.kind != IW_EV_NONE && got.kind != KIND_INFO &&
		    got.kind != KIND_DUPLICATE &&
		    !(got.kind == KIND_UNRECOGNIZED && corpus)) {
			/*
			 * An event nobody expected, or an unrecognized line
			 * a catalog file does not allow.  (Unrecognized lines
			 * of the real corpus fail the file below, as a count.)
			 */
			describe(&got, b, sizeof b);
			printf("FAIL %s:%ld: unexpected: %s\n", logpath, ln, b);
			bad = 1;
		} else if (got.kind == KIND_UNRECOGNIZED && corpus) {
			printf("UNRECOGNIZED %s:%ld\n", logpath, ln);
			bad = 2;
		}
		if (bad) {
			if (bad == 1)
				fails++;
			if ((t = line_text(buf, len, ln, &tl)) != NULL)
				printf("    line: %.*s\n", (int)(tl > 300 ? 300 :
				    tl), t);
		}
		if (nl == end)
			break;
	}
	for (; wi < want.n; wi++) {
		describe(&want.v[wi], a, sizeof a);
		printf("FAIL %s:%ld: expected %s, but the log has only %ld "
		    "lines\n", exppath, want.v[wi].line, a, ln);
		fails++;
	}
	printf("%s %s: %ld lines, %ld significant events, %ld unrecognized, "
	    "%ld duplicate, %ld malformed\n", fails || (corpus && nunrec) ?
	    "FAIL" : "ok  ", logpath, ln, nevents, nunrec, ndup, nmal);
	if (corpus && nunrec > 0) {
		printf("FAIL %s: the real corpus must be fully understood "
		    "(%ld unrecognized lines)\n", logpath, nunrec);
		fails++;
	}
	parse_ctx_free(ctx);
	free(buf);
	free(want.v);
	return (fails);
}

/* Note that a catalog expectation uses an error id. */
static void
mark_covered(const char *id)
{
	size_t	 i;

	for (i = 0; i < sizeof catalog_ids / sizeof catalog_ids[0]; i++) {
		if (strcmp(catalog_ids[i], id) == 0)
			catalog_seen[i] = 1;
	}
}

/* Report catalog error ids no catalog .expect file covers; their number. */
static int
check_coverage(void)
{
	size_t	 i;
	int	 missing = 0;

	for (i = 0; i < sizeof catalog_ids / sizeof catalog_ids[0]; i++) {
		if (!catalog_seen[i]) {
			printf("FAIL error kind %s is covered by no catalog "
			    ".expect file\n", catalog_ids[i]);
			missing++;
		}
	}
	return (missing);
}

/* Order file names for stable output. */
static int
cmp_str(const void *a, const void *b)
{
	return (strcmp(*(char * const *)a, *(char * const *)b));
}

/* Collect every .expect file below dir. */
static void
scan_dir(const char *dir, char ***v, size_t *n, size_t *cap)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 st;
	char		 path[PATH_MAX];
	size_t		 l;

	if ((d = opendir(dir)) == NULL) {
		fprintf(stderr, "%s: %s\n", dir, strerror(errno));
		exit(99);
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if ((size_t)snprintf(path, sizeof path, "%s/%s", dir,
		    de->d_name) >= sizeof path)
			continue;
		if (stat(path, &st) == -1)
			continue;
		if (S_ISDIR(st.st_mode)) {
			scan_dir(path, v, n, cap);
			continue;
		}
		l = strlen(path);
		if (l > 7 && strcmp(path + l - 7, ".expect") == 0) {
			if (*n == *cap)
				*v = grow(*v, cap, sizeof **v);
			if (((*v)[(*n)++] = strdup(path)) == NULL) {
				perror("strdup");
				exit(99);
			}
		}
	}
	closedir(d);
}

/* Run every golden file (or those named) and report; exit 1 on a mismatch. */
int
main(int argc, char *argv[])
{
	char		**files = NULL, logp[PATH_MAX], dir[PATH_MAX];
	const char	 *top;
	size_t		  n = 0, cap = 0, i, l;
	int		  f, fails = 0, hard = 0, nfiles = 0, whole = 1;
	struct stat	  st;

	if (argc > 1 && stat(argv[1], &st) == 0 && S_ISDIR(st.st_mode))
		snprintf(dir, sizeof dir, "%s", argv[1]);
	else if (argc > 1) {
		for (i = 1; i < (size_t)argc; i++) {
			if (n == cap)
				files = grow(files, &cap, sizeof *files);
			l = strlen(argv[i]);
			if (l > 4 && strcmp(argv[i] + l - 4, ".log") == 0)
				l -= 4;
			if (asprintf(&files[n++], "%.*s.expect", (int)l,
			    argv[i]) == -1)
				exit(99);
		}
		dir[0] = '\0';
		whole = 0;
	} else {
		if ((top = getenv("top_srcdir")) == NULL)
			top = ".";
		snprintf(dir, sizeof dir, "%s/tests/data", top);
	}
	if (dir[0] != '\0')
		scan_dir(dir, &files, &n, &cap);
	if (n == 0) {
		fprintf(stderr, "no .expect files found\n");
		return (99);
	}
	qsort(files, n, sizeof *files, cmp_str);

	for (i = 0; i < n; i++) {
		l = strlen(files[i]) - 7;
		snprintf(logp, sizeof logp, "%.*s.log", (int)l, files[i]);
		f = run_file(logp, files[i]);
		if (f < 0)
			hard++;
		else
			fails += f;
		nfiles++;
		free(files[i]);
	}
	free(files);
	if (whole && catalog_files > 0)
		fails += check_coverage();
	printf("%d files, %d failures%s\n", nfiles, fails,
	    hard ? ", and files that could not be read" : "");
	if (hard)
		return (99);
	return (fails ? 1 : 0);
}
