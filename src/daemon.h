/*
 * daemon.h - the running daemon: its configuration, event base and parts.
 *
 * The daemon is a small set of modules (struct daemon_module) driven
 * through one fixed lifecycle by ipsecwatchd.c and daemon.c:
 *
 *   open    while still privileged: open sockets and files;
 *   start   after dropping privileges and detaching: attach to the base;
 *   reload  in two phases: every module checks the new config, and only
 *           when all accept does each apply it (so a reload is all or
 *           nothing);
 *   housekeeping, status, child_exited while running;
 *   stop    in reverse order at shutdown.
 *
 * A later part (the inputs, the tracker, the alerts) plugs in by adding its
 * state pointer to struct daemon and its struct daemon_module to the table
 * in daemon.c, in the order it must start: inputs open their files while
 * still privileged, the tracker and the alerts start before READY=1.
 * Every hook is optional.
 */
#ifndef IW_DAEMON_H
#define IW_DAEMON_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include <jansson.h>

struct causes;
struct ctl;
struct event;
struct event_base;
struct iw_config;
struct daemon;

struct daemon_module {
	const char	*name;
	/* Startup, privileged: open what needs root.  d->base is not yet set. */
	int	(*open)(struct daemon *, struct causes *);
	/* Startup, unprivileged and detached: attach to d->base. */
	int	(*start)(struct daemon *, struct causes *);
	/* Reload phase 1: may the module run on this config?  Changes nothing. */
	int	(*reload_check)(struct daemon *, const struct iw_config *, struct causes *);
	/* Reload phase 2: d->conf is the new config now; cannot fail. */
	void	(*reload_apply)(struct daemon *, const struct iw_config *old);
	/* Periodic work from the housekeeping timer (daemon.c). */
	void	(*housekeeping)(struct daemon *);
	/* Add the module's part to the "status" reply. */
	void	(*status)(struct daemon *, json_t *reply);
	/* A child exited (SIGCHLD); return 1 when it was the module's child. */
	int	(*child_exited)(struct daemon *, pid_t, int status);
	/* Orderly shutdown; also undoes a failed startup after open. */
	void	(*stop)(struct daemon *);
};

struct daemon {
	struct iw_config	*conf;		/* the config in force */
	char			*conf_path;	/* absolute; reloads read it again */
	struct event_base	*base;		/* set from start on */
	struct ctl		*ctl;		/* the status socket (ctl.c) */

	bool			 foreground;	/* -f */
	bool			 supervised;	/* started by systemd */
	time_t			 started_at;	/* wall clock, for display only */
	struct timespec		 started_mono;	/* CLOCK_MONOTONIC, for uptime */

	/* Result of the last reload, for "status". */
	time_t			 reload_at;	/* 0: none yet */
	bool			 reload_ok;
	size_t			 reload_errors;

	size_t			 n_opened;	/* modules opened so far */
	bool			 started;	/* modules started */
	uint64_t		 watchdog_usec;	/* 0: no watchdog */
	struct event		*ev_housekeeping;
	struct event		*ev_signals[4];
};

/* Check what the config loader cannot: users and groups exist. */
int	 daemon_conf_check(const struct iw_config *, struct causes *);
/* A new daemon on a loaded config (takes ownership of it). */
struct daemon *daemon_new(struct iw_config *, const char *conf_path, bool foreground,
	    bool supervised);
/* Open every module (privileged phase). */
int	 daemon_open(struct daemon *, struct causes *);
/* Create the base, the signal events and the housekeeping timer, and start every module. */
int	 daemon_start(struct daemon *, struct causes *);
/* Run the event loop until shutdown. */
void	 daemon_loop(struct daemon *);
/* Stop every opened module in reverse order and free the daemon. */
void	 daemon_free(struct daemon *);
/* Reload the config (SIGHUP, ctl "reload"); on error keep the old one. */
int	 daemon_reload(struct daemon *, struct causes *);
/* Fill the "daemon" part of a status reply and ask every module for its part. */
void	 daemon_status(struct daemon *, json_t *reply);
/* A one-line state for STATUS= and logs. */
void	 daemon_status_line(struct daemon *, char *, size_t);

#endif
