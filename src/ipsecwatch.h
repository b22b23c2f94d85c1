/*
 * ipsecwatch.h - types shared by every part of the engine.
 *
 * The engine is a pipeline: input (file, journal) -> parse (envelope, then
 * the pluto or charon dialect) -> struct iw_event -> track (per-tunnel state
 * and deadlines) -> alert -> spool -> plugins.  This header holds only what
 * crosses those boundaries; each module has its own header for its API.
 */
#ifndef IPSECWATCH_H
#define IPSECWATCH_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#define IW_CONN_MAX	128	/* longest connection name kept (bytes, with NUL) */
#define IW_PEER_MAX	64	/* longest peer address kept */
#define IW_ERRID_MAX	40	/* longest knowledge-base id */
#define IW_LINE_MAX	65536	/* longer lines are cut and counted */

/* Which IKE daemon wrote a line. */
enum iw_daemon {
	IW_DAEMON_NONE = 0,
	IW_DAEMON_PLUTO,	/* Openswan, Libreswan, strongSwan 4.x pluto */
	IW_DAEMON_CHARON,	/* strongSwan charon, charon-systemd, ipsec starter */
};

/* Which kind of SA an event is about. */
enum iw_sa_kind {
	IW_SA_NONE = 0,
	IW_SA_IKE,		/* ISAKMP SA / IKE SA / phase 1 */
	IW_SA_CHILD,		/* IPsec SA / Child SA / phase 2 */
};

/*
 * Normalized event kinds (DESIGN.md "Events").  Names are part of the JSON
 * output of analyze and explain: append, never renumber or rename.
 */
enum iw_event_kind {
	IW_EV_NONE = 0,
	IW_EV_NEG_START,	/* we initiate an exchange */
	IW_EV_NEG_RESPOND,	/* the peer initiates, we respond */
	IW_EV_P1_UP,		/* ISAKMP / IKE SA established */
	IW_EV_P2_UP,		/* IPsec / Child SA established */
	IW_EV_REKEY_START,	/* a rekey or replace started */
	IW_EV_REKEY_DONE,	/* a rekey completed (new SA replaces old) */
	IW_EV_EXPIRE,		/* an SA expired */
	IW_EV_DELETE,		/* an SA was deleted (by us or the peer) */
	IW_EV_DPD_DEAD,		/* DPD / liveness declared the peer dead */
	IW_EV_RETRANSMIT,	/* a request was retransmitted */
	IW_EV_GIVE_UP,		/* retransmissions exhausted */
	IW_EV_DAEMON_START,	/* pluto or charon started */
	IW_EV_DAEMON_STOP,	/* pluto or charon stopped */
	IW_EV_REKEY_SCHEDULED,	/* "scheduling rekeying in Ns": seconds set */
	IW_EV_ERROR,		/* an error; error holds the knowledge-base id */
	IW_EV_LIFETIME,		/* "maximum IKE_SA lifetime Ns": seconds set */
	IW_EV_RETRY,		/* a new keying attempt / revival was scheduled */
	IW_EV_INFO,		/* a known IPsec line with no effect on state */
	IW_EV__COUNT
};

/*
 * One normalized event: the output of the parser for one IPsec line.
 * Fixed-size so that parsing allocates nothing.  Strings are NUL-terminated
 * and empty when unknown; numbers are 0 when unknown.
 */
struct iw_event {
	enum iw_event_kind	kind;
	enum iw_daemon		daemon;
	enum iw_sa_kind		sa_kind;
	int64_t			ts_us;		/* time of the line, us since epoch (UTC); 0 unknown */
	uint32_t		pid;		/* pid of the IKE daemon; 0 unknown */
	char			conn[IW_CONN_MAX];	/* connection name, unquoted */
	uint32_t		instance;	/* road-warrior instance [N]; 0 none */
	char			peer[IW_PEER_MAX];	/* peer address as logged; "" unknown */
	uint64_t		sa_id;		/* pluto #N, charon [N] (IKE) or {N} (Child) */
	uint64_t		parent_id;	/* IKE SA a Child SA belongs to; 0 unknown */
	uint64_t		replaces_id;	/* SA this one replaces ("to replace #N"); 0 none */
	char			error[IW_ERRID_MAX];	/* knowledge-base id for errors, else "" */
	int64_t			seconds;	/* rekey schedule / lifetime in seconds; 0 none */
	uint8_t			ike_version;	/* 1, 2, or 0 unknown */
	bool			established_before; /* give_up/dpd on an SA that was up */
	const char		*msg;		/* message body (not NUL-terminated) */
	size_t			msg_len;
	bool			conn_is_ike;	/* conn names the IKE SA (charon's <name|uid>), not a Child config */
};

/* Alert kinds (DESIGN.md "Alerts"). */
enum iw_alert_kind {
	IW_ALERT_TUNNEL_DOWN = 0,
	IW_ALERT_NEGOTIATION_FAILED,
	IW_ALERT_NEGOTIATION_STALLED,
	IW_ALERT_REKEY_OVERDUE,
	IW_ALERT_TUNNEL_FLAPPING,
	IW_ALERT_IKE_DAEMON_RESTARTED,
	IW_ALERT_INPUT_STALLED,
	IW_ALERT__COUNT
};

enum iw_severity {
	IW_SEV_INFO = 0,
	IW_SEV_WARNING,
	IW_SEV_CRITICAL,
};

/* Output language of explanations and reports. */
enum iw_lang {
	IW_LANG_EN = 0,
	IW_LANG_DE,
	IW_LANG__COUNT
};

/* Names of the enums above, as used in JSON and the config file. */
const char	*iw_daemon_name(enum iw_daemon);
const char	*iw_sa_kind_name(enum iw_sa_kind);
const char	*iw_event_kind_name(enum iw_event_kind);
const char	*iw_alert_kind_name(enum iw_alert_kind);
int		 iw_alert_kind_from_name(const char *);	/* -1 if unknown */
enum iw_severity iw_alert_kind_severity(enum iw_alert_kind);
const char	*iw_severity_name(enum iw_severity);
int		 iw_severity_from_name(const char *);	/* -1 if unknown */
const char	*iw_lang_name(enum iw_lang);
int		 iw_lang_from_name(const char *);	/* -1 if unknown */
enum iw_lang	 iw_lang_from_env(void);		/* LC_ALL, LC_MESSAGES, LANG */
/* ISO 8601 UTC ("2026-11-27T20:32:44Z"); unknown (us <= 0) gives the fallback. */
void		 iw_format_time(int64_t us, const char *unknown, char *buf, size_t len);
size_t		 iw_utf8_seq(const unsigned char *p);

#endif /* IPSECWATCH_H */
