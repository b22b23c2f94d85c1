/*
 * parse-internal.h - what the parser's files share: the context, the raw
 * envelope, the dialect entry points and small byte helpers.
 *
 * Nothing here allocates; every helper takes a pointer and a length and
 * never reads outside of it (lines may hold NUL bytes and garbage).
 */
#ifndef IW_PARSE_INTERNAL_H
#define IW_PARSE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "parse.h"

#define PARSE_DUP_WINDOW	8	/* recent charon lines kept for de-duplication */
#define PARSE_THREADS		32	/* charon worker threads remembered */

/*
 * The IKE_SA a charon worker thread last named, and when: lines such as
 * "scheduling rekeying in Ns" follow "IKE_SA name[N] established" in the
 * same thread and second but do not name the SA themselves.
 */
struct parse_thread {
	int64_t		ts_us;
	int		thread;		/* -1 unused */
	uint64_t	sa_id;
	char		name[IW_CONN_MAX];
};

/* One remembered charon line (for the twice-logged daemon/authpriv copies). */
struct parse_dup {
	uint64_t	hash;		/* of the message body */
	int64_t		ts_us;
	int		thread;		/* charon worker thread, -1 none */
	int		used;
};

struct parse_ctx {
	const struct kb	*kb;
	/* Reference date: year inference and the IPCop time-only form. */
	int		 ref_year;
	int		 ref_mon;	/* 1..12 */
	int64_t		 ref_day_us;	/* midnight (UTC) of the reference day */
	int		 forced_year;	/* parse_ctx_set_year; 0 none */
	/* Stream state for New Year: the year and month of the last line. */
	int		 cur_year;	/* 0 until the first year-less line */
	int		 last_mon;
	long		 utc_offset;	/* seconds east of UTC of local timestamps */
	/* De-duplication window (charon only). */
	struct parse_dup dup[PARSE_DUP_WINDOW];
	unsigned	 dup_next;
	/* The last charon retransmission, to tell which exchange gave up. */
	int		 retx_ikev;	/* 1 or 2; 0 none seen */
	uint64_t	 retx_msgid;
	uint32_t	 retx_seq;	/* IKEv1 "seq N" */
	int		 dpd_pending;	/* "sending DPD request" seen since */
	int		 frag_pending;	/* "splitting IKE message" not yet answered */
	struct parse_thread thr[PARSE_THREADS];
};

/* The envelope as found, before the timestamp is turned into a number. */
struct parse_raw {
	/* Time fields; year 0 = none in the line, mon 0 = time of day only. */
	int		 year, mon, mday, hour, min, sec;
	int		 usec;
	int		 has_offset;	/* ISO 8601 with Z or +hh:mm: already UTC */
	long		 offset;	/* seconds east of UTC */
	int		 has_time;
	const char	*host;	size_t host_len;
	const char	*prog;	size_t prog_len;
	uint32_t	 pid;
	const char	*msg;	size_t msg_len;
	int		 logfile;	/* PARSE_LOGFILE_*: no host, no program */
};

/* Files an IKE daemon writes itself (no syslog host or program). */
#define PARSE_LOGFILE_PLUTO	1	/* Libreswan logfile= */
#define PARSE_LOGFILE_CHARON	2	/* strongSwan filelog with time_format */

/* parse-envelope.c */
int		 parse_envelope_raw(const char *, size_t, struct parse_raw *);
int64_t		 parse_days_from_civil(int, int, int);

/* parse.c */
enum iw_daemon	 parse_prog_daemon(const char *, size_t, const char *, size_t);
int		 parse_charon_body(const char *, size_t);
void		 parse_set_str(char *, size_t, const char *, size_t);
void		 parse_set_error(struct iw_event *, const char *);
const char	*parse_find(const char *, size_t, const char *, size_t);
int		 parse_uint(const char *, size_t, size_t *, uint64_t *);
uint64_t	 parse_uint_after(const char *, size_t, const char *, size_t, int *);

/* parse-pluto.c */
enum parse_result parse_pluto(struct parse_ctx *, const char *, size_t,
		    struct iw_event *);

/* parse-charon.c */
struct parse_charon_extra {
	const char	*ike_name;	size_t ike_name_len;
	uint64_t	 ike_uid;
	int		 journal;	/* charon-systemd: no "NN[GRP]" prefix */
	const char	*group;		size_t group_len;
};
enum parse_result parse_charon(struct parse_ctx *, const char *, size_t,
		    struct iw_event *, const struct parse_charon_extra *);

/* How a rule's text is matched against a message body. */
enum parse_how {
	PH_PFX = 0,	/* the body starts with text */
	PH_HAS,		/* the body contains text */
	PH_EQ,		/* the body is text */
	PH_NUM,		/* the body is a number ("30", "0.5") then text */
	PH_ADDR,	/* the body is an address, a space, then text */
};

/*
 * One wording: how to match it (and an optional second substring that
 * must also be present), the event it gives, and an extraction step the
 * dialect applies (PX_*, defined by each dialect file).
 */
struct parse_rule {
	uint8_t		 how;
	uint8_t		 kind;		/* enum iw_event_kind */
	uint8_t		 sa;		/* enum iw_sa_kind */
	uint8_t		 ikev;		/* 1, 2, 0 unknown */
	uint8_t		 x;		/* dialect extraction step */
	uint8_t		 eb;		/* established_before */
	uint16_t	 len;
	const char	*text;
	const char	*also;		/* must also be contained; NULL none */
	const char	*error;		/* catalog kind id; NULL none */
};

#define PR(how, text, also, kind, sa, v, x, eb, err) \
	{ (how), (kind), (sa), (v), (x), (eb), sizeof(text) - 1, (text), (also), (err) }

/* A wording that is recognised but changes nothing (start-up chatter, listings). */
#define PR_INFO(text) \
	PR(PH_PFX, text, NULL, IW_EV_INFO, IW_SA_NONE, 0, 0, 0, NULL)

#define PARSE_TABLE_MAX		255	/* rules in one table */
#define PARSE_TABLE_MAXHAS	40	/* PH_HAS rules in one table */

/*
 * A rule table with its index, built once (parse_table_build, from
 * parse_ctx_new): for each first byte of a message, the rules that can
 * match it (prefix rules starting with that byte and all substring rules),
 * in table order, so that a line is compared with a handful of rules
 * instead of all of them.  Number and address rules sit in the buckets of
 * the bytes such a token can start with; substring rules (kept rare: they
 * cost a scan of the line each) search for their rarest byte.
 */
struct parse_table {
	const struct parse_rule	*rules;
	size_t			 n;
	int			 built;
	uint8_t			 anchor[PARSE_TABLE_MAX];
	uint16_t		 also_len[PARSE_TABLE_MAX];
	uint16_t		 off[257];
	uint8_t			 list[PARSE_TABLE_MAX + 256 * PARSE_TABLE_MAXHAS];
};

void		 parse_table_build(struct parse_table *);
const struct parse_rule *parse_rule_match(const struct parse_table *,
		    const char *, size_t);
void		 parse_pluto_init(void);
void		 parse_charon_init(void);
void		 parse_rule_apply(const struct parse_rule *, struct iw_event *);

/* Whether s (len n) starts with the literal lit. */
#define PARSE_PFX(s, n, lit) \
	((n) >= sizeof(lit) - 1 && memcmp((s), (lit), sizeof(lit) - 1) == 0)
/* Whether s (len n) contains the literal lit. */
#define PARSE_HAS(s, n, lit) \
	(parse_find((s), (n), (lit), sizeof(lit) - 1) != NULL)

#endif
