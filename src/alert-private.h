/*
 * alert-private.h - the alert manager's structures, shared by alert.c (the
 * rules: lifecycle, grouping, inhibition, silences, routing, rate limit)
 * and alert-state.c (the state file).  Not installed.
 */
#ifndef IW_ALERT_PRIVATE_H
#define IW_ALERT_PRIVATE_H

#include <sys/queue.h>

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "alert.h"

#define US		1000000LL
#define ALERT_HOUR	(3600 * US)
#define ALERT_LOG_LINES	20	/* recent log lines kept per alert */

struct alert_rcv {
	bool		 routed;	/* this receiver wants the alert */
	bool		 changed;	/* has news for this receiver */
	bool		 sent_firing;	/* its firing was sent here */
	bool		 sent_resolved;	/* its resolution was sent here */
};

struct alert {
	char		*key;
	enum iw_alert_kind kind;
	char		*tunnel;
	char		*error;
	char		*peer;
	char		*summary;
	char		*group;		/* group key */
	char		*cause;		/* key of the alert that explains it, or NULL */
	bool		 firing;
	bool		 inhibited;	/* rule (b): not notified while its cause fires */
	int64_t		 started_us;
	int64_t		 resolved_us;
	bool		 diag_pending;	/* waiting for diagnostics output */
	int64_t		 diag_deadline;
	char		*diag;		/* diagnostics output or NULL */
	char		**log;		/* recent log lines at fire time */
	size_t		 n_log;
	struct alert_rcv *rcv;		/* [n_rcv] */
	TAILQ_ENTRY(alert) entry;
};

struct agroup {
	size_t		 rcv;		/* receiver index */
	char		*key;
	int64_t		 last_flush_us;	/* 0 never notified */
	int64_t		 flush_at;	/* 0 none pending */
	int64_t		 remind_at;	/* 0 none */
	bool		 due;		/* scratch during advance */
	bool		 diag_hold;	/* due, but waiting for diagnostics */
	TAILQ_ENTRY(agroup) entry;
};

struct silence {
	char		*id;
	char		*glob;		/* NULL = any tunnel */
	int		 kind;		/* -1 = any */
	char		*comment;
	char		*by;
	int64_t		 created_us;
	int64_t		 until_us;
	TAILQ_ENTRY(silence) entry;
};

struct arcv {
	char		*name;
	const struct receiver_config *rc;
	int64_t		*sent;		/* send times within the last hour, oldest first */
	size_t		 n_sent;
};

struct alert_mgr {
	struct alert_params	 p;
	const struct iw_clock	*clock;
	alert_notify_fn		 notify;
	void			*notify_arg;
	alert_explain_fn	 explain;
	void			*explain_arg;
	alert_context_fn	 context;
	void			*context_arg;
	alert_diag_fn		 diag;
	void			*diag_arg;
	struct arcv		*rcv;
	size_t			 n_rcv;
	TAILQ_HEAD(, alert)	 alerts;
	TAILQ_HEAD(, agroup)	 groups;
	TAILQ_HEAD(, silence)	 silences;
	unsigned		 seq;
	char			 hostname[256];
};

/* alert.c: used by the state file too. */
char	*alert_clean(const char *);
void	 alert_clear(struct alert_mgr *);
bool	 alert_routes(const struct receiver_config *, const struct alert *);
struct agroup *alert_group(struct alert_mgr *, size_t, const char *);
void	 alert_log_add(void *, const char *);
json_t	*alert_json(const struct alert_mgr *, const struct alert *, bool);

#endif
