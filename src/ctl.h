/*
 * ctl.h - the status socket of the daemon: a unix stream socket that
 * answers one request line with one JSON reply (ctl-protocol.h).
 *
 * Commands live in one table in ctl.c; each names its handler, its
 * argument counts and whether it changes something ("privileged": only
 * root, the daemon's own user or members of control.group may run it).
 */
#ifndef IW_CTL_H
#define IW_CTL_H

#include <stdbool.h>
#include <sys/types.h>

#include <jansson.h>

struct ctl;
struct daemon;
struct daemon_module;

/* One request as a handler sees it. */
struct ctl_request {
	struct daemon	*daemon;
	const char	*command;
	int		 argc;		/* arguments after the command */
	char		**argv;
	uid_t		 uid;		/* the peer, from SO_PEERCRED */
	gid_t		 gid;
	pid_t		 pid;
	struct ctl_conn	*conn;		/* for ctl_request_defer */
};

struct ctl_conn;
struct ctl_pending;

/* A handler's return value: the reply comes later (ctl_pending_reply). */
#define CTL_DEFERRED	1

/*
 * A command handler adds its members to reply and returns 0, or sets the
 * error with ctl_error() and returns -1.
 */
typedef int (*ctl_handler)(struct ctl_request *, json_t *reply);

/* Set "error" on a reply (printf-style); returns -1 for "return (ctl_error(...))". */
int	ctl_error(json_t *reply, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/*
 * Defer the reply of a request whose result comes from an event (a
 * delivery).  The handler returns CTL_DEFERRED and later calls
 * ctl_pending_reply exactly once (or ctl_pending_cancel when it gave an
 * immediate error reply instead).  A client that has gone away meanwhile
 * is simply not answered.
 */
struct ctl_pending *ctl_request_defer(struct ctl_request *);
void	ctl_pending_reply(struct ctl_pending *, json_t *reply);
void	ctl_pending_cancel(struct ctl_pending *);

/* Number of clients connected now. */
int	ctl_clients(const struct ctl *);

/* The status socket as a daemon module (daemon.h). */
extern const struct daemon_module ctl_module;

#endif
