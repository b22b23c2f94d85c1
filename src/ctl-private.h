/*
 * ctl-private.h - the status socket's structures, shared by ctl.c (the
 * socket, connections, protocol, commands) and ctl-admit.c (who may
 * connect and send: limits, the admins' reserve, the rate limit,
 * privileges).  Not installed.
 */
#ifndef IW_CTL_PRIVATE_H
#define IW_CTL_PRIVATE_H

#include <sys/types.h>
#include <sys/queue.h>
#include <sys/socket.h>

#include <stdbool.h>
#include <stdint.h>

#include <event2/bufferevent.h>
#include <event2/event.h>

#include "conf.h"

#define CTL_IDLE_TIMEOUT	10	/* seconds from connect to the end of the request line */
#define CTL_WRITE_TIMEOUT	10	/* seconds a client may take to read its reply */
#define CTL_ACCEPT_BACKOFF	1	/* seconds to pause accepting when out of fds */
#define CTL_REFUSAL_LOG_EVERY	10	/* seconds between logged refusals */

/* What the socket knows about one peer uid: connections and its bucket. */
struct ctl_user {
	TAILQ_ENTRY(ctl_user)	 entry;
	uid_t			 uid;
	int			 clients;	/* connections now */
	double			 tokens;	/* requests it may send now */
	double			 refilled;	/* monotonic seconds of the last refill */
};

struct ctl_conn {
	TAILQ_ENTRY(ctl_conn)	 entry;
	struct ctl		*ctl;
	struct bufferevent	*bev;
	int			 fd;
	uid_t			 uid;
	gid_t			 gid;
	pid_t			 pid;
	struct ctl_user		*user;		/* counts this connection */
	struct event		*ev_deadline;	/* the request must be in by then */
	bool			 replied;	/* reply queued; close once written */
	bool			 deferred;	/* a handler answers later */
	uint64_t		 id;		/* for deferred replies */
};

/* A deferred reply: finds its connection by id (it may be gone). */
struct ctl_pending {
	struct ctl	*ctl;
	uint64_t	 id;
};

struct ctl {
	struct daemon		*d;
	int			 fd;
	char			*path;		/* the socket we created (removed at stop) */
	mode_t			 mode;
	bool			 has_group;	/* control.group set */
	gid_t			 group;
	int			 max_clients;
	int			 max_per_user;
	int			 reserved;	/* of max_clients, for admins */
	int			 rate;		/* requests a second per user; 0: no limit */
	int			 burst;
	int			 n_clients;
	struct event		*ev_accept;
	struct event		*ev_resume;	/* re-enables accept after EMFILE */
	TAILQ_HEAD(, ctl_conn)	 conns;
	TAILQ_HEAD(, ctl_user)	 users;
	uint64_t		 refused;	/* connections refused by a limit */
	uint64_t		 rate_limited;	/* requests refused by the rate limit */
	double			 refusal_logged; /* when a refusal was last logged */
	uint64_t		 refusals_unlogged; /* since then */
};

/* ctl-admit.c */
void	ctl_refuse(int, const char *);
void	ctl_refusal_log(struct ctl *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
const char *ctl_admit(struct ctl *, int, const struct ucred *, char *,
		    size_t);
void	ctl_take_limits(struct ctl *, const struct iw_config *);
struct ctl_user *ctl_user_get(struct ctl *, uid_t);
bool	ctl_user_take(struct ctl *, struct ctl_user *, int *);
bool	ctl_peer_privileged(struct ctl *, int, uid_t, gid_t);

#endif
