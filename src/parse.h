/*
 * parse.h - the log-line parser: bytes in, zero or one struct iw_event out.
 *
 * The parser is pure: no I/O, no clock, no allocation per line.  Its only
 * memory between lines is struct parse_ctx: the year inference state (for
 * timestamps that carry no year) and a small window of recent lines for
 * de-duplicating strongSwan's twice-logged (daemon + authpriv) messages.
 *
 * Two stages: the envelope (RFC 3164, RFC 5424, rsyslog ISO 8601, an
 * optional facility.priority field, the IPCop viewer's time-only form) gives
 * time, host, program and pid; a cheap program-name filter drops non-IPsec
 * lines; then the pluto or charon dialect turns the message into an event.
 */
#ifndef IW_PARSE_H
#define IW_PARSE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "ipsecwatch.h"

struct kb;

enum parse_result {
	PARSE_NOT_IPSEC = 0,	/* not from an IKE daemon: ignore */
	PARSE_EVENT,		/* an event was produced */
	PARSE_UNRECOGNIZED,	/* an IKE daemon line we do not know: count it */
	PARSE_DUPLICATE,	/* the same line again (second syslog facility): ignore */
	PARSE_MALFORMED,	/* garbage, binary: count and skip */
};

/* What the envelope stage found. */
struct parse_envelope {
	int64_t		 ts_us;		/* 0 if the line had no usable time */
	const char	*host;	size_t host_len;
	const char	*prog;	size_t prog_len;
	uint32_t	 pid;
	const char	*msg;	size_t msg_len;
	int		 time_only;	/* IPCop form: time of day, no date */
};

struct parse_ctx;

/*
 * ref_time: the time the log is read against, for inferring missing years
 * (now for live input; the file's mtime or --year for analyze); 0 = now.
 * kb may be NULL; when set, its admin patterns are tried on lines the
 * built-in dialects do not recognise.
 */
struct parse_ctx	*parse_ctx_new(time_t ref_time, const struct kb *kb);
void			 parse_ctx_free(struct parse_ctx *);
/* Force the year for year-less timestamps (analyze --year). */
void			 parse_ctx_set_year(struct parse_ctx *, int year);
/* Offset in seconds applied to year-less local timestamps (default: local TZ). */
void			 parse_ctx_set_utc(struct parse_ctx *, int utc);

/* Parse one syslog line (without its newline). */
enum parse_result	 parse_line(struct parse_ctx *, const char *line, size_t len,
			    struct iw_event *ev);

/* Parse only the envelope; 0 on success, -1 if the line has none. */
int			 parse_envelope(struct parse_ctx *, const char *line, size_t len,
			    struct parse_envelope *env);

/* Whether a program name belongs to an IKE daemon (the cheap first filter). */
int			 parse_is_ipsec_prog(const char *prog, size_t len);

/*
 * Parse one journal entry.  Fields are given as found (not NUL-terminated);
 * absent fields are NULL.  ts_us from _SOURCE_REALTIME_TIMESTAMP or
 * __REALTIME_TIMESTAMP.  charon-systemd's MESSAGE has no "NN[GRP]" prefix;
 * its IKE_SA_NAME and IKE_SA_UNIQUE_ID fill the tunnel key.
 */
struct parse_journal_fields {
	const char	*message;	size_t message_len;
	const char	*identifier;	size_t identifier_len;	/* SYSLOG_IDENTIFIER */
	uint32_t	 pid;					/* _PID */
	int64_t		 ts_us;
	const char	*ike_sa_name;	size_t ike_sa_name_len;
	const char	*ike_sa_uid;	size_t ike_sa_uid_len;
	const char	*group;		size_t group_len;	/* GROUP (charon-systemd) */
	const char	*level;		size_t level_len;	/* LEVEL */
};
enum parse_result	 parse_journal(struct parse_ctx *, const struct parse_journal_fields *,
			    struct iw_event *ev);

/*
 * Parse a message body of a known daemon (no envelope): used by both of the
 * above and by explain for pasted lines without a syslog header.
 */
enum parse_result	 parse_message(struct parse_ctx *, enum iw_daemon, const char *msg,
			    size_t len, struct iw_event *ev);

/* Name of a parse result. */
const char		*parse_result_name(enum parse_result);

#endif
