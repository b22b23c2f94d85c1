/*
 * daemon.c - the running daemon: modules, signals, reload, housekeeping.
 *
 * Everything runs in one thread on one libevent base.  Signals are
 * libevent events, so SIGHUP's reload and SIGTERM's shutdown run in loop
 * context between two callbacks, never in the middle of one: a reload can
 * free the old config without any callback still using it.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>
#include <jansson.h>

#include "causes.h"
#include "conf.h"
#include "child.h"
#include "ctl.h"
#include "engine.h"
#include "daemon.h"
#include "ipsecwatch.h"
#include "log.h"
#include "notify.h"
#include "xmalloc.h"

/*
 * The modules in start order; they stop in reverse.  The inputs will come
 * first (their files are opened while still privileged), then the tracker,
 * then the alerts; the status socket stays first so that it is up before
 * anything else can fail.
 */
static const struct daemon_module *const daemon_modules[] = {
	&ctl_module,
	&engine_module,
};
#define N_MODULES	(sizeof daemon_modules / sizeof daemon_modules[0])

static void	daemon_signal(evutil_socket_t, short, void *);
static void	daemon_reap(struct daemon *);
static void	daemon_housekeeping(evutil_socket_t, short, void *);
static void	daemon_schedule_housekeeping(struct daemon *);
static void	daemon_iso_time(time_t, char *, size_t);

/* Users and groups named in the config must exist. */
int
daemon_conf_check(const struct iw_config *conf, struct causes *c)
{
	int	 bad = 0;

	if (conf->user != NULL && getpwnam(conf->user) == NULL) {
		causes_add(c, "%s: user \"%s\": no such user", conf->path, conf->user);
		bad = 1;
	}
	if (conf->group != NULL && getgrnam(conf->group) == NULL) {
		causes_add(c, "%s: group \"%s\": no such group", conf->path,
		    conf->group);
		bad = 1;
	}
	if (conf->control.group != NULL && getgrnam(conf->control.group) == NULL) {
		causes_add(c, "%s: control.group \"%s\": no such group",
		    conf->path, conf->control.group);
		bad = 1;
	}
	return (bad ? -1 : 0);
}

/* A daemon around a loaded config. */
struct daemon *
daemon_new(struct iw_config *conf, const char *conf_path, bool foreground,
    bool supervised)
{
	struct daemon	*d;
	char		*abs;

	d = xcalloc(1, sizeof *d);
	d->conf = conf;
	/* Reloads run after chdir("/"): remember where the config really is. */
	if ((abs = realpath(conf_path, NULL)) != NULL)
		d->conf_path = abs;
	else
		d->conf_path = xstrdup(conf_path);
	d->foreground = foreground;
	d->supervised = supervised;
	return (d);
}

/* Open every module while still privileged; on error close those opened. */
int
daemon_open(struct daemon *d, struct causes *c)
{
	for (d->n_opened = 0; d->n_opened < N_MODULES; d->n_opened++) {
		const struct daemon_module *m = daemon_modules[d->n_opened];

		if (m->open != NULL && m->open(d, c) == -1) {
			log_debug("module %s failed to open", m->name);
			return (-1);
		}
	}
	return (0);
}

/* Create the event base and its events, and start every module. */
int
daemon_start(struct daemon *d, struct causes *c)
{
	static const int signals[] = { SIGHUP, SIGTERM, SIGINT, SIGCHLD };
	size_t		 i;

	/* libcurl and writes to closed sockets must not kill us. */
	signal(SIGPIPE, SIG_IGN);

	/* Created after detaching, so no event_reinit() is needed. */
	if ((d->base = event_base_new()) == NULL) {
		causes_add(c, "cannot create the event base");
		return (-1);
	}
	log_debug("libevent %s, method %s", event_get_version(),
	    event_base_get_method(d->base));
	for (i = 0; i < sizeof signals / sizeof signals[0]; i++) {
		d->ev_signals[i] = evsignal_new(d->base, signals[i], daemon_signal, d);
		if (d->ev_signals[i] == NULL ||
		    evsignal_add(d->ev_signals[i], NULL) == -1) {
			causes_add(c, "cannot watch signal %d", signals[i]);
			return (-1);
		}
	}
	for (i = 0; i < N_MODULES; i++) {
		const struct daemon_module *m = daemon_modules[i];

		if (m->start != NULL && m->start(d, c) == -1)
			return (-1);
	}
	d->started = true;
	clock_gettime(CLOCK_MONOTONIC, &d->started_mono);
	d->started_at = time(NULL);
	d->watchdog_usec = notify_watchdog_usec();
	if (d->watchdog_usec > 0)
		log_info("systemd watchdog: %llu ms, pinging every %llu ms",
		    (unsigned long long)d->watchdog_usec / 1000,
		    (unsigned long long)d->watchdog_usec / 2000);
	daemon_schedule_housekeeping(d);
	return (0);
}

/* Run until a shutdown signal. */
void
daemon_loop(struct daemon *d)
{
	if (event_base_dispatch(d->base) == -1)
		log_warnx("event loop failed");
}

/* Stop the modules in reverse order and free everything. */
void
daemon_free(struct daemon *d)
{
	size_t	 i;

	for (i = d->n_opened; i > 0; i--) {
		const struct daemon_module *m = daemon_modules[i - 1];

		if (m->stop != NULL)
			m->stop(d);
	}
	if (d->ev_housekeeping != NULL)
		event_free(d->ev_housekeeping);
	for (i = 0; i < sizeof d->ev_signals / sizeof d->ev_signals[0]; i++)
		if (d->ev_signals[i] != NULL)
			event_free(d->ev_signals[i]);
	if (d->base != NULL)
		event_base_free(d->base);
	conf_free(d->conf);
	free(d->conf_path);
	free(d);
}

/*
 * Reload: read the config into a fresh struct, let every module check it,
 * and only when nothing objects make it the config in force.  On any error
 * every error is logged and in c, and the daemon keeps the old config.
 */
int
daemon_reload(struct daemon *d, struct causes *c)
{
	struct iw_config	*conf, *old;
	char			 line[256];
	size_t			 i, first = c->n;
	int			 bad = 0;

	notify_reloading();
	log_info("reloading configuration from %s", d->conf_path);
	if ((conf = conf_load(d->conf_path, c)) == NULL)
		bad = 1;
	else if (daemon_conf_check(conf, c) == -1)
		bad = 1;
	for (i = 0; !bad && i < N_MODULES; i++) {
		const struct daemon_module *m = daemon_modules[i];

		if (m->reload_check != NULL && m->reload_check(d, conf, c) == -1)
			bad = 1;
	}
	d->reload_at = time(NULL);
	if (bad) {
		conf_free(conf);
		for (i = first; i < c->n; i++)
			log_warnx("%s", c->msg[i]);
		if (c->n == first)
			causes_add(c, "%s: configuration not loaded", d->conf_path);
		d->reload_ok = false;
		d->reload_errors = c->n - first;
		log_warnx("configuration not reloaded (%zu error%s); still running "
		    "on the previous one", d->reload_errors,
		    d->reload_errors == 1 ? "" : "s");
		daemon_status_line(d, line, sizeof line);
		notify_ready(line);
		return (-1);
	}

	/* Settings that only the startup sequence applies. */
	old = d->conf;
	if ((old->user == NULL) != (conf->user == NULL) ||
	    (old->user != NULL && strcmp(old->user, conf->user) != 0) ||
	    (old->group == NULL) != (conf->group == NULL) ||
	    (old->group != NULL && strcmp(old->group, conf->group) != 0))
		log_warnx("user/group changed: takes effect after a restart");
	if (strcmp(old->pidfile, conf->pidfile) != 0)
		log_warnx("pidfile changed: takes effect after a restart");

	d->conf = conf;
	for (i = 0; i < N_MODULES; i++) {
		const struct daemon_module *m = daemon_modules[i];

		if (m->reload_apply != NULL)
			m->reload_apply(d, old);
	}
	conf_free(old);
	daemon_schedule_housekeeping(d);
	d->reload_ok = true;
	d->reload_errors = 0;
	log_info("configuration reloaded");
	daemon_status_line(d, line, sizeof line);
	notify_ready(line);
	return (0);
}

/* Signals, delivered by libevent in loop context. */
static void
daemon_signal(evutil_socket_t sig, short what, void *arg)
{
	struct daemon	*d = arg;
	struct causes	 c;

	switch (sig) {
	case SIGHUP:
		causes_init(&c);
		(void)daemon_reload(d, &c);	/* errors are logged there */
		causes_free(&c);
		break;
	case SIGTERM:
	case SIGINT:
		log_info("%s received, shutting down",
		    sig == SIGTERM ? "SIGTERM" : "SIGINT");
		notify_stopping();
		event_base_loopbreak(d->base);
		break;
	case SIGCHLD:
		daemon_reap(d);
		break;
	}
}

/* Collect every exited child and hand it to the module that started it. */
static void
daemon_reap(struct daemon *d)
{
	pid_t	 pid;
	size_t	 i;
	int	 status, claimed;

	/* The plugins' and diagnostics' children first: child.c waits for its own. */
	child_reap();
	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		claimed = 0;
		for (i = 0; i < N_MODULES && !claimed; i++) {
			const struct daemon_module *m = daemon_modules[i];

			if (m->child_exited != NULL)
				claimed = m->child_exited(d, pid, status);
		}
		if (!claimed)
			log_debug("reaped child %ld (status %d)", (long)pid, status);
	}
	if (pid == -1 && errno != ECHILD)
		log_warn("waitpid");
}

/*
 * (Re)arm the housekeeping timer.  It only runs when it has a duty, so an
 * idle daemon without a watchdog never wakes up.
 */
static void
daemon_schedule_housekeeping(struct daemon *d)
{
	struct timeval	 tv;
	uint64_t	 usec = 0;
	size_t		 i;
	bool		 modules = false;

	for (i = 0; i < N_MODULES; i++)
		if (daemon_modules[i]->housekeeping != NULL)
			modules = true;
	if (modules)
		usec = (uint64_t)(d->conf->save_interval > 0 ?
		    d->conf->save_interval : 10) * 1000000;
	if (d->watchdog_usec > 0 && (usec == 0 || d->watchdog_usec / 2 < usec))
		usec = d->watchdog_usec / 2;
	if (d->ev_housekeeping == NULL)
		d->ev_housekeeping = event_new(d->base, -1, EV_PERSIST,
		    daemon_housekeeping, d);
	event_del(d->ev_housekeeping);
	if (usec == 0)
		return;
	tv.tv_sec = usec / 1000000;
	tv.tv_usec = usec % 1000000;
	event_add(d->ev_housekeeping, &tv);
}

/*
 * The housekeeping timer: everything periodic that no event triggers.
 *
 * Its period is the shortest of its duties' periods:
 *  - the systemd watchdog: WATCHDOG=1 at half of WatchdogSec= (only when
 *    sd_watchdog_enabled() says systemd wants pings), so a hung loop gets
 *    the service restarted;
 *  - each module's housekeeping hook (saving state when it changed, every
 *    save_interval): the modules decide themselves whether there is work.
 * Being a libevent timer it runs on monotonic time: wall clock steps do not
 * make it fire early or late.
 */
static void
daemon_housekeeping(evutil_socket_t fd, short what, void *arg)
{
	struct daemon	*d = arg;
	size_t		 i;

	if (d->watchdog_usec > 0)
		notify_watchdog();
	for (i = 0; i < N_MODULES; i++) {
		const struct daemon_module *m = daemon_modules[i];

		if (m->housekeeping != NULL)
			m->housekeeping(d);
	}
}

/* Format a wall-clock time as ISO 8601 UTC. */
static void
daemon_iso_time(time_t t, char *buf, size_t len)
{
	iw_format_time((int64_t)t * 1000000, "-", buf, len);
}

/* The "daemon" member of a status reply, then every module's part. */
void
daemon_status(struct daemon *d, json_t *reply)
{
	struct timespec	 now;
	struct passwd	*pw;
	json_t		*o, *r;
	char		 buf[64];
	size_t		 i;

	clock_gettime(CLOCK_MONOTONIC, &now);
	o = json_object();
	json_object_set_new(o, "version", json_string(PACKAGE_VERSION));
	json_object_set_new(o, "pid", json_integer(getpid()));
	if ((pw = getpwuid(geteuid())) != NULL)
		json_object_set_new(o, "user", json_string(pw->pw_name));
	daemon_iso_time(d->started_at, buf, sizeof buf);
	json_object_set_new(o, "started_at", json_string(buf));
	json_object_set_new(o, "uptime", json_integer(now.tv_sec -
	    d->started_mono.tv_sec));
	json_object_set_new(o, "config", json_string(d->conf_path));
	json_object_set_new(o, "watchdog_usec", json_integer((json_int_t)d->watchdog_usec));
	json_object_set_new(o, "control_clients", json_integer(ctl_clients(d->ctl)));
	if (d->reload_at != 0) {
		r = json_object();
		daemon_iso_time(d->reload_at, buf, sizeof buf);
		json_object_set_new(r, "at", json_string(buf));
		json_object_set_new(r, "ok", json_boolean(d->reload_ok));
		json_object_set_new(r, "errors", json_integer((json_int_t)d->reload_errors));
		json_object_set_new(o, "last_reload", r);
	}
	json_object_set_new(reply, "daemon", o);
	for (i = 0; i < N_MODULES; i++) {
		const struct daemon_module *m = daemon_modules[i];

		if (m->status != NULL)
			m->status(d, reply);
	}
}

/* One line saying how the daemon is, for STATUS= and logs. */
void
daemon_status_line(struct daemon *d, char *buf, size_t len)
{
	if (d->reload_at != 0 && !d->reload_ok)
		snprintf(buf, len, "running on the previous configuration: reload "
		    "failed with %zu error%s", d->reload_errors,
		    d->reload_errors == 1 ? "" : "s");
	else
		snprintf(buf, len, "running; configuration %s", d->conf_path);
}
