/*
 * parse.h - the log-line parser: bytes in, zero or one struct iw_event out.
 *
 * The parser is pure: no I/O, no clock, no allocation per line.  Its only
 * memory between lines is struct parse_ctx: the year inference state (for
 * timestamps that carry no year) and a small window of recent lines for
 * de-duplicating strongSwan's twice-logged (daemon + authpriv) messages.
 *
 * Two stages: the envelope (RFC 3164, RFC 5424, rsyslog ISO 8601, an
 * optional facility.priority field, the IPCop viewer's time-only form,
 * Libreswan's own logfile= form) gives time, host, program and pid; a cheap
 * program-name filter drops non-IPsec lines; then the pluto or charon
 * dialect turns the message into an event.
 *
 * What the events mean (beyond ipsecwatch.h):
 * - conn: pluto's connection name.  A nested instance "c"[1][2] gives
 *   conn "c[1]", instance 2.  For charon the IKE_SA name where the line
 *   gives it ("<name|uid>" with ike_name = yes, the journal's IKE_SA_NAME,
 *   "IKE_SA name[N]" in the text), else the CHILD_SA name of "name{N}"; a
 *   "scheduling rekeying" or "maximum IKE_SA lifetime" line takes the
 *   IKE_SA named by the previous line of the same worker thread in the
 *   same second.  With swanctl, IKE and Child names differ: only ike_name
 *   or the journal tie Child SA lines to their IKE_SA.
 * - sa_id: pluto "#N"; charon "[N]" (IKE_SA) or "{N}" (CHILD_SA).  For
 *   charon Child SA lines parent_id is the IKE_SA's unique id when known.
 *   For pluto, parent_id comes from "using isakmp#N", "using ISAKMP SA #N",
 *   "using IKE SA #N", "using #N", or the prefix of a "received Delete SA"
 *   line; replaces_id from "to replace #N", "rekeyed ... #N".
 * - IW_EV_INFO with error set: a catalog kind that is usually harmless or
 *   a follow-up of an error already reported (dh_group_mismatch round trip,
 *   lifetime_mismatch_ikev1, setup_half_ipsec_sa after a netlink error):
 *   explain shows it, the tracker need not count it.
 * - Give-ups: pluto's suffix names the exchange (peer_no_response_p1,
 *   auth_no_response_p1, esp_proposal_mismatch for the Quick Mode one,
 *   established_sa_timeout for requests on an established IKE SA).
 *   charon's "giving up after N retransmits" says nothing, so the context
 *   remembers the last retransmission: IKEv2 message ID 0 / 1 / higher,
 *   IKEv1 Main Mode seq 1-2 / 3+ / Quick Mode (qm_no_response), and a
 *   preceding "sending DPD request" makes it IW_EV_DPD_DEAD.
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
/* Force the year for year-less timestamps (analyze --year); it still moves at New Year. */
void			 parse_ctx_set_year(struct parse_ctx *, int year);
/*
 * Offset in seconds east of UTC of the local timestamps that carry no zone
 * (RFC 3164, IPCop, Libreswan logfile): they are taken as UTC minus this.
 * Default 0: UTC.  The parser never reads the process time zone (it stays
 * pure, and analyze gives the same result on every machine); a caller that
 * knows the gateway's zone passes its offset.  ISO 8601 and RFC 5424
 * stamps carry their own offset and are not affected.
 */
void			 parse_ctx_set_utc(struct parse_ctx *, int offset);

/*
 * Parse one syslog line (without its newline).  A line with no envelope
 * is parsed as a bare message when it looks like charon's "NN[GRP]" or
 * pluto's "conn" prefix (pasted excerpts), else PARSE_NOT_IPSEC, or
 * PARSE_MALFORMED if it holds control bytes.
 */
enum parse_result	 parse_line(struct parse_ctx *, const char *line, size_t len,
			    struct iw_event *ev);

/* Parse only the envelope; 0 on success, -1 if the line has none. */
int			 parse_envelope(struct parse_ctx *, const char *line, size_t len,
			    struct parse_envelope *env);

/*
 * Whether a program name belongs to an IKE daemon (the cheap first filter):
 * pluto, charon, charon-systemd, ipsec, ipsec_starter, starter, strongswan,
 * swanctl, and Libreswan's ipsec_setup, addconn, libipsecconf.  busybox's
 * "syslog" ident is accepted by parse_line only when its message looks like
 * charon's ("NN[GRP]"); our own "ipsecwatchd" never is.
 */
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
 * Parse a message body of a known daemon (no envelope; ts_us and pid 0):
 * used by explain for pasted lines without a syslog header.
 */
enum parse_result	 parse_message(struct parse_ctx *, enum iw_daemon, const char *msg,
			    size_t len, struct iw_event *ev);

/* Name of a parse result. */
const char		*parse_result_name(enum parse_result);

#endif
