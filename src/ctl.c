/*
 * ctl.c - the status socket.
 *
 * One listening unix stream socket; per client a bufferevent that reads
 * one request line, runs the command and writes one JSON reply, then
 * closes.  Nothing a client does can block the loop: every socket is
 * non-blocking, a request longer than CTL_MAX_REQUEST is refused without
 * being buffered, a client that has not sent its whole request line
 * CTL_IDLE_TIMEOUT after connecting is dropped (however slowly it
 * trickles), a client that does not read its reply after
 * CTL_WRITE_TIMEOUT, and at most control.max_clients are served at once.
 *
 * Per user (the peer's uid from SO_PEERCRED) there are two more limits, so
 * that one local user cannot crowd out the others or keep the loop busy:
 * at most control.max_clients_per_user connections at once, and a token
 * bucket of control.request_burst requests refilled at control.request_rate
 * a second.  Root and the daemon's own user are exempt: they can stop the
 * daemon anyway, and an admin must never be told to wait.  The last
 * control.reserved_clients slots of max_clients are kept for admins (root,
 * the daemon's user, members of control.group), as PostgreSQL keeps
 * superuser_reserved_connections: a flood by one user or by many leaves
 * root a way in.  Refusals get a JSON error reply, like every answer.
 * Those admission rules and the privilege check are in ctl-admit.c.
 *
 * The socket is created while still privileged, so that it can be owned
 * by the daemon's user and control.group with control.mode; a daemon
 * already answering on the path makes the start fail, a stale socket file
 * is removed, anything else at the path is left alone.  A missing last
 * directory (no RuntimeDirectory= under SysV init) is created for the
 * daemon's user, who writes the pid file there and removes the socket at
 * exit.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/queue.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <ctype.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <jansson.h>

#include "causes.h"
#include "conf.h"
#include "ctl-protocol.h"
#include "ctl.h"
#include "ctl-private.h"
#include "engine.h"
#include "daemon.h"
#include "log.h"
#include "xmalloc.h"

/* One command of the protocol. */
struct ctl_command {
	const char	*name;
	int		 min_args;
	int		 max_args;
	bool		 privileged;	/* changes something: root or control.group only */
	ctl_handler	 fn;
};

static int	ctl_open(struct daemon *, struct causes *);
static int	ctl_start(struct daemon *, struct causes *);
static int	ctl_reload_check(struct daemon *, const struct iw_config *,
		    struct causes *);
static void	ctl_reload_apply(struct daemon *, const struct iw_config *);
static void	ctl_stop(struct daemon *);
static int	ctl_resolve_group(const struct iw_config *, bool *, gid_t *,
		    struct causes *);
static int	ctl_prepare_path(const char *, uid_t, struct causes *);
static void	ctl_accept(evutil_socket_t, short, void *);
static void	ctl_resume(evutil_socket_t, short, void *);
static void	ctl_status(struct daemon *, json_t *);
static void	ctl_conn_free(struct ctl_conn *);
static void	ctl_conn_deadline(evutil_socket_t, short, void *);
static void	ctl_conn_read(struct bufferevent *, void *);
static void	ctl_conn_write(struct bufferevent *, void *);
static void	ctl_conn_event(struct bufferevent *, short, void *);
static void	ctl_conn_request(struct ctl_conn *, char *, size_t);
static void	ctl_conn_reply(struct ctl_conn *, json_t *);
static int	ctl_parse(char *, json_t **, char **, int *, char **, json_t *);
static void	ctl_printable(const char *, char *, size_t);
static int	ctl_cmd_status(struct ctl_request *, json_t *);
static int	ctl_cmd_reload(struct ctl_request *, json_t *);

/*
 * The commands.  Add a row to add a command; "privileged" rows are refused
 * to peers that are neither root, the daemon's user nor in control.group.
 */
static const struct ctl_command ctl_commands[] = {
	{ "status",	0, 0,	false,	ctl_cmd_status },
	{ "reload",	0, 0,	true,	ctl_cmd_reload },
	{ "tunnels",	0, 0,	false,	engine_cmd_tunnels },
	{ "show",	1, 1,	false,	engine_cmd_show },
	{ "alerts",	0, 0,	false,	engine_cmd_alerts },
	{ "metrics",	0, 0,	false,	engine_cmd_metrics },
	{ "silence",	2, 3,	true,	engine_cmd_silence },
	{ "unsilence",	1, 1,	true,	engine_cmd_unsilence },
	{ "test-alert",	1, 1,	true,	engine_cmd_test_alert },
};

const struct daemon_module ctl_module = {
	.name = "ctl",
	.open = ctl_open,
	.start = ctl_start,
	.reload_check = ctl_reload_check,
	.reload_apply = ctl_reload_apply,
	.status = ctl_status,
	.stop = ctl_stop,
};

/* Set the error message of a reply. */
int
ctl_error(json_t *reply, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg, safe[1024];

	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	/* Messages may quote what a client sent: keep them valid UTF-8. */
	ctl_printable(msg, safe, sizeof safe);
	free(msg);
	json_object_set_new(reply, "ok", json_false());
	json_object_set_new(reply, "error", json_string(safe));
	return (-1);
}

/* Defer the reply of a request (see ctl.h). */
struct ctl_pending *
ctl_request_defer(struct ctl_request *req)
{
	static uint64_t		 next_id;
	struct ctl_pending	*p;

	if (req->conn->id == 0)
		req->conn->id = ++next_id;
	req->conn->deferred = true;
	p = xcalloc(1, sizeof *p);
	p->ctl = req->conn->ctl;
	p->id = req->conn->id;
	return (p);
}

/* Send a deferred reply if its client is still connected. */
void
ctl_pending_reply(struct ctl_pending *p, json_t *reply)
{
	struct ctl_conn	*conn;

	TAILQ_FOREACH(conn, &p->ctl->conns, entry) {
		if (conn->id == p->id && !conn->replied) {
			conn->deferred = false;
			ctl_conn_reply(conn, reply);
			free(p);
			return;
		}
	}
	json_decref(reply);
	free(p);
}

/* Forget a deferral: the handler replied at once after all. */
void
ctl_pending_cancel(struct ctl_pending *p)
{
	struct ctl_conn	*conn;

	TAILQ_FOREACH(conn, &p->ctl->conns, entry)
		if (conn->id == p->id)
			conn->deferred = false;
	free(p);
}

/* Number of connected clients. */
int
ctl_clients(const struct ctl *ctl)
{
	return (ctl->n_clients);
}

/* Copy s into buf, replacing bytes that are not printable ASCII by '?'. */
static void
ctl_printable(const char *s, char *buf, size_t len)
{
	size_t	 i;

	for (i = 0; s[i] != '\0' && i + 1 < len; i++)
		buf[i] = (isprint((unsigned char)s[i])) ? s[i] : '?';
	buf[i] = '\0';
}

/* Look up control.group of a config. */
static int
ctl_resolve_group(const struct iw_config *conf, bool *has, gid_t *gid,
    struct causes *c)
{
	struct group	*gr;

	*has = false;
	*gid = (gid_t)-1;
	if (conf->control.group == NULL)
		return (0);
	if ((gr = getgrnam(conf->control.group)) == NULL) {
		causes_add(c, "%s: control.group \"%s\": no such group",
		    conf->path, conf->control.group);
		return (-1);
	}
	*has = true;
	*gid = gr->gr_gid;
	return (0);
}

/*
 * Make the socket path usable: refuse when a daemon answers there, remove
 * a stale socket, refuse anything that is not a socket, and create a
 * missing last directory owned by owner (unless (uid_t)-1).
 */
static int
ctl_prepare_path(const char *path, uid_t owner, struct causes *c)
{
	struct sockaddr_un	 sun;
	struct stat		 st;
	char			*dir, *slash;
	int			 fd, r;

	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof sun.sun_path) {
		causes_add(c, "%s: socket path too long (at most %zu bytes)",
		    path, sizeof sun.sun_path - 1);
		return (-1);
	}
	memcpy(sun.sun_path, path, strlen(path) + 1);

	if (lstat(path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode)) {
			causes_add(c, "%s: exists and is not a socket; not removing it", path);
			return (-1);
		}
		if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1) {
			causes_add(c, "socket: %s", strerror(errno));
			return (-1);
		}
		r = connect(fd, (struct sockaddr *)&sun, sizeof sun);
		close(fd);
		if (r == 0) {
			causes_add(c, "%s: another ipsecwatchd answers on this socket", path);
			return (-1);
		}
		log_info("removing stale socket %s", path);
		if (unlink(path) == -1 && errno != ENOENT) {
			causes_add(c, "%s: cannot remove stale socket: %s", path,
			    strerror(errno));
			return (-1);
		}
		return (0);
	}
	if (errno != ENOENT) {
		causes_add(c, "%s: %s", path, strerror(errno));
		return (-1);
	}

	/* Under SysV init nothing creates /run/ipsecwatch: make the last level. */
	dir = xstrdup(path);
	if ((slash = strrchr(dir, '/')) != NULL && slash != dir) {
		*slash = '\0';
		if (mkdir(dir, 0755) == 0) {
			log_info("created directory %s", dir);
			if (owner != (uid_t)-1 && chown(dir, owner, (gid_t)-1) == -1) {
				causes_add(c, "%s: chown: %s", dir, strerror(errno));
				free(dir);
				return (-1);
			}
		} else if (errno != EEXIST) {
			causes_add(c, "%s: cannot create directory: %s", dir,
			    strerror(errno));
			free(dir);
			return (-1);
		}
	}
	free(dir);
	return (0);
}

/* Create the listening socket (privileged phase). */
static int
ctl_open(struct daemon *d, struct causes *c)
{
	const struct iw_config	*conf = d->conf;
	struct sockaddr_un	 sun;
	struct passwd		*pw;
	struct ctl		*ctl;
	mode_t			 old_umask;
	uid_t			 owner = (uid_t)-1;
	gid_t			 gid;
	bool			 has_group;
	int			 fd;

	if (conf->control.socket == NULL || conf->control.socket[0] != '/') {
		causes_add(c, "%s: control.socket must be an absolute path", conf->path);
		return (-1);
	}
	if (ctl_resolve_group(conf, &has_group, &gid, c) == -1)
		return (-1);
	/* Owned by the user the daemon becomes, so the socket goes with it. */
	if (geteuid() == 0 && conf->user != NULL &&
	    (pw = getpwnam(conf->user)) != NULL)
		owner = pw->pw_uid;
	if (ctl_prepare_path(conf->control.socket, owner, c) == -1)
		return (-1);

	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	memcpy(sun.sun_path, conf->control.socket, strlen(conf->control.socket) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1) {
		causes_add(c, "socket: %s", strerror(errno));
		return (-1);
	}
	/* No moment where the socket is more open than configured. */
	old_umask = umask(0177);
	if (bind(fd, (struct sockaddr *)&sun, sizeof sun) == -1) {
		umask(old_umask);
		causes_add(c, "%s: bind: %s", conf->control.socket, strerror(errno));
		close(fd);
		return (-1);
	}
	umask(old_umask);

	if ((owner != (uid_t)-1 || has_group) &&
	    chown(conf->control.socket, owner, has_group ? gid : (gid_t)-1) == -1) {
		causes_add(c, "%s: chown: %s", conf->control.socket, strerror(errno));
		goto fail;
	}
	if (chmod(conf->control.socket, conf->control.mode) == -1) {
		causes_add(c, "%s: chmod: %s", conf->control.socket, strerror(errno));
		goto fail;
	}
	if (listen(fd, 64) == -1) {
		causes_add(c, "%s: listen: %s", conf->control.socket, strerror(errno));
		goto fail;
	}

	ctl = xcalloc(1, sizeof *ctl);
	ctl->d = d;
	ctl->fd = fd;
	ctl->path = xstrdup(conf->control.socket);
	ctl->mode = conf->control.mode;
	ctl->has_group = has_group;
	ctl->group = gid;
	TAILQ_INIT(&ctl->conns);
	TAILQ_INIT(&ctl->users);
	ctl_take_limits(ctl, conf);
	d->ctl = ctl;
	log_debug("control socket %s (mode %04o)", ctl->path, (unsigned)ctl->mode);
	return (0);

fail:
	close(fd);
	unlink(conf->control.socket);
	return (-1);
}

/* Start accepting clients. */
static int
ctl_start(struct daemon *d, struct causes *c)
{
	struct ctl	*ctl = d->ctl;

	ctl->ev_accept = event_new(d->base, ctl->fd, EV_READ | EV_PERSIST,
	    ctl_accept, ctl);
	ctl->ev_resume = evtimer_new(d->base, ctl_resume, ctl);
	if (ctl->ev_accept == NULL || ctl->ev_resume == NULL ||
	    event_add(ctl->ev_accept, NULL) == -1) {
		causes_add(c, "%s: cannot watch the control socket", ctl->path);
		return (-1);
	}
	return (0);
}

/* May the control socket run on a new config? */
static int
ctl_reload_check(struct daemon *d, const struct iw_config *conf, struct causes *c)
{
	bool	 has;
	gid_t	 gid;

	return (ctl_resolve_group(conf, &has, &gid, c));
}

/* Take over limits, mode and group of a new config. */
static void
ctl_reload_apply(struct daemon *d, const struct iw_config *old)
{
	const struct iw_config	*conf = d->conf;
	struct ctl		*ctl = d->ctl;
	bool			 has;
	gid_t			 gid;
	struct causes		 c;

	causes_init(&c);
	if (ctl_resolve_group(conf, &has, &gid, &c) == 0) {
		if (has && (!ctl->has_group || gid != ctl->group) &&
		    chown(ctl->path, (uid_t)-1, gid) == -1)
			log_warn("%s: cannot give the socket to group %s",
			    ctl->path, conf->control.group);
		/* Group removed: back to our own group. */
		if (!has && ctl->has_group &&
		    chown(ctl->path, (uid_t)-1, getegid()) == -1)
			log_warn("%s: cannot give the socket back to group %ld",
			    ctl->path, (long)getegid());
		ctl->has_group = has;
		ctl->group = gid;
	}
	causes_free(&c);
	if (conf->control.mode != ctl->mode) {
		if (chmod(ctl->path, conf->control.mode) == -1)
			log_warn("%s: cannot change the socket mode", ctl->path);
		else
			ctl->mode = conf->control.mode;
	}
	ctl_take_limits(ctl, conf);
	if (strcmp(conf->control.socket, ctl->path) != 0)
		log_warnx("control.socket changed to %s: takes effect after a "
		    "restart; still listening on %s", conf->control.socket,
		    ctl->path);
}

/* Close every client and the socket, and remove the socket file. */
static void
ctl_stop(struct daemon *d)
{
	struct ctl	*ctl = d->ctl;
	struct ctl_conn	*conn;
	struct ctl_user	*u;

	if (ctl == NULL)
		return;
	while ((conn = TAILQ_FIRST(&ctl->conns)) != NULL)
		ctl_conn_free(conn);
	while ((u = TAILQ_FIRST(&ctl->users)) != NULL) {
		TAILQ_REMOVE(&ctl->users, u, entry);
		free(u);
	}
	if (ctl->ev_accept != NULL)
		event_free(ctl->ev_accept);
	if (ctl->ev_resume != NULL)
		event_free(ctl->ev_resume);
	close(ctl->fd);
	if (unlink(ctl->path) == -1 && errno != ENOENT)
		log_warn("%s: cannot remove the control socket", ctl->path);
	free(ctl->path);
	free(ctl);
	d->ctl = NULL;
}

/* The "control" member of a status reply: limits and refusals. */
static void
ctl_status(struct daemon *d, json_t *reply)
{
	struct ctl	*ctl = d->ctl;
	json_t		*o;

	if (ctl == NULL)
		return;
	o = json_object();
	json_object_set_new(o, "clients", json_integer(ctl->n_clients));
	json_object_set_new(o, "max_clients", json_integer(ctl->max_clients));
	json_object_set_new(o, "max_clients_per_user",
	    json_integer(ctl->max_per_user));
	json_object_set_new(o, "reserved_clients", json_integer(ctl->reserved));
	json_object_set_new(o, "request_rate", json_integer(ctl->rate));
	json_object_set_new(o, "request_burst", json_integer(ctl->burst));
	json_object_set_new(o, "refused", json_integer((json_int_t)ctl->refused));
	json_object_set_new(o, "rate_limited",
	    json_integer((json_int_t)ctl->rate_limited));
	json_object_set_new(reply, "control", o);
}

/* Accept new clients. */
static void
ctl_accept(evutil_socket_t lfd, short what, void *arg)
{
	struct ctl		*ctl = arg;
	struct ctl_conn		*conn;
	struct ucred		 cred;
	socklen_t		 len = sizeof cred;
	struct timeval		 tv_deadline = { CTL_IDLE_TIMEOUT, 0 };
	struct timeval		 tv_write = { CTL_WRITE_TIMEOUT, 0 };
	struct timeval		 tv_backoff = { CTL_ACCEPT_BACKOFF, 0 };
	const char		*why;
	char			 buf[256];
	int			 fd;

	for (;;) {
		fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd == -1) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			if (errno == EMFILE || errno == ENFILE) {
				/* Stop accepting for a while rather than spin. */
				log_warn("control socket: accept");
				event_del(ctl->ev_accept);
				evtimer_add(ctl->ev_resume, &tv_backoff);
			} else if (errno != EAGAIN && errno != EWOULDBLOCK)
				log_warn("control socket: accept");
			return;
		}
		len = sizeof cred;
		if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == -1) {
			log_warn("control socket: SO_PEERCRED");
			close(fd);
			continue;
		}
		if ((why = ctl_admit(ctl, fd, &cred, buf, sizeof buf)) != NULL) {
			ctl->refused++;
			ctl_refuse(fd, why);
			continue;
		}
		conn = xcalloc(1, sizeof *conn);
		conn->ctl = ctl;
		conn->fd = fd;
		conn->uid = cred.uid;
		conn->gid = cred.gid;
		conn->pid = cred.pid;
		conn->bev = bufferevent_socket_new(event_get_base(ctl->ev_accept),
		    fd, BEV_OPT_CLOSE_ON_FREE);
		if (conn->bev == NULL) {
			log_warnx("control socket: cannot create a buffer for a client");
			close(fd);
			free(conn);
			continue;
		}
		TAILQ_INSERT_TAIL(&ctl->conns, conn, entry);
		ctl->n_clients++;
		conn->user = ctl_user_get(ctl, conn->uid);
		conn->user->clients++;
		bufferevent_setcb(conn->bev, ctl_conn_read, ctl_conn_write,
		    ctl_conn_event, conn);
		bufferevent_set_timeouts(conn->bev, NULL, &tv_write);
		conn->ev_deadline = evtimer_new(event_get_base(ctl->ev_accept),
		    ctl_conn_deadline, conn);
		if (conn->ev_deadline == NULL ||
		    evtimer_add(conn->ev_deadline, &tv_deadline) == -1) {
			log_warnx("control socket: cannot time a client");
			ctl_conn_free(conn);
			continue;
		}
		/* Never buffer more than one maximal request. */
		bufferevent_setwatermark(conn->bev, EV_READ, 0, CTL_MAX_REQUEST + 1);
		bufferevent_enable(conn->bev, EV_READ);
		log_debug("control client: uid %ld, pid %ld",
		    (long)conn->uid, (long)conn->pid);
	}
}

/* Accept again after running out of file descriptors. */
static void
ctl_resume(evutil_socket_t fd, short what, void *arg)
{
	struct ctl	*ctl = arg;

	event_add(ctl->ev_accept, NULL);
}

/* Drop a client. */
static void
ctl_conn_free(struct ctl_conn *conn)
{
	struct ctl	*ctl = conn->ctl;

	TAILQ_REMOVE(&ctl->conns, conn, entry);
	ctl->n_clients--;
	if (conn->user != NULL)
		conn->user->clients--;
	if (conn->ev_deadline != NULL)
		event_free(conn->ev_deadline);
	bufferevent_free(conn->bev);
	free(conn);
}

/* A client that has not sent its request in time is dropped. */
static void
ctl_conn_deadline(evutil_socket_t fd, short what, void *arg)
{
	struct ctl_conn	*conn = arg;

	if (conn->replied || conn->deferred)
		return;
	log_debug("control client pid %ld: no request within %d s, dropped",
	    (long)conn->pid, CTL_IDLE_TIMEOUT);
	ctl_conn_free(conn);
}

/* Data from a client: look for the request line. */
static void
ctl_conn_read(struct bufferevent *bev, void *arg)
{
	struct ctl_conn		*conn = arg;
	struct evbuffer		*in = bufferevent_get_input(bev);
	struct evbuffer_ptr	 eol;
	size_t			 eol_len, len;
	char			*line;

	if (conn->replied || conn->deferred)
		return;
	eol = evbuffer_search_eol(in, NULL, &eol_len, EVBUFFER_EOL_LF);
	if (eol.pos == -1) {
		if (evbuffer_get_length(in) >= CTL_MAX_REQUEST) {
			json_t *reply = json_object();

			ctl_error(reply, "request longer than %d bytes", CTL_MAX_REQUEST - 1);
			ctl_conn_reply(conn, reply);
		}
		return;
	}
	if ((size_t)eol.pos >= CTL_MAX_REQUEST) {
		json_t *reply = json_object();

		ctl_error(reply, "request longer than %d bytes", CTL_MAX_REQUEST - 1);
		ctl_conn_reply(conn, reply);
		return;
	}
	line = evbuffer_readln(in, &len, EVBUFFER_EOL_LF);
	ctl_conn_request(conn, line, len);
	free(line);
}

/* The reply was written: close. */
static void
ctl_conn_write(struct bufferevent *bev, void *arg)
{
	struct ctl_conn	*conn = arg;

	if (conn->replied && evbuffer_get_length(bufferevent_get_output(bev)) == 0)
		ctl_conn_free(conn);
}

/* End of file, error or timeout on a client. */
static void
ctl_conn_event(struct bufferevent *bev, short what, void *arg)
{
	struct ctl_conn	*conn = arg;
	struct evbuffer	*in = bufferevent_get_input(bev);
	size_t		 len;
	char		*line;

	if ((what & BEV_EVENT_EOF) && !conn->replied &&
	    (len = evbuffer_get_length(in)) > 0 && len < CTL_MAX_REQUEST) {
		/* A last line without "\n" (printf status | socat ...) is a request. */
		line = xmalloc(len + 1);
		evbuffer_remove(in, line, len);
		line[len] = '\0';
		ctl_conn_request(conn, line, len);
		free(line);
		return;
	}
	/* A client that closed its writing side still waits for a deferred reply. */
	if (conn->deferred && (what & BEV_EVENT_EOF) && !(what & BEV_EVENT_ERROR)) {
		bufferevent_disable(bev, EV_READ);
		return;
	}
	if (what & BEV_EVENT_TIMEOUT)
		log_debug("control client pid %ld: reply not read within %d s, "
		    "dropped", (long)conn->pid, CTL_WRITE_TIMEOUT);
	ctl_conn_free(conn);
}

/* Queue the reply and close the connection once it is written. */
static void
ctl_conn_reply(struct ctl_conn *conn, json_t *reply)
{
	char	*s;

	json_object_set_new(reply, "version", json_integer(CTL_PROTOCOL_VERSION));
	if (json_object_get(reply, "ok") == NULL)
		json_object_set_new(reply, "ok", json_true());
	s = json_dumps(reply, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(reply);
	if (s == NULL) {
		log_warnx("control socket: cannot encode a reply");
		s = xstrdup("{\"error\":\"cannot encode the reply\",\"ok\":false,"
		    "\"version\":" "1" "}");
	}
	conn->replied = true;
	bufferevent_disable(conn->bev, EV_READ);
	if (bufferevent_write(conn->bev, s, strlen(s)) == -1 ||
	    bufferevent_write(conn->bev, "\n", 1) == -1) {
		free(s);
		ctl_conn_free(conn);
		return;
	}
	free(s);
	bufferevent_enable(conn->bev, EV_WRITE);
}

/*
 * Split a request line into command and arguments.  The JSON form is kept
 * in *doc (arguments point into it); the word form splits line in place.
 * Returns -1 with the error set on reply.
 */
static int
ctl_parse(char *line, json_t **doc, char **cmd, int *argc, char **argv,
    json_t *reply)
{
	json_error_t	 err;
	json_t		*jc, *ja, *v;
	size_t		 i;
	char		*p, *word;

	*doc = NULL;
	*argc = 0;
	while (*line == ' ' || *line == '\t')
		line++;
	if (*line == '{') {
		if ((*doc = json_loads(line, JSON_REJECT_DUPLICATES, &err)) == NULL)
			return (ctl_error(reply, "request is not valid JSON: %s", err.text));
		jc = json_object_get(*doc, "command");
		ja = json_object_get(*doc, "args");
		if (!json_is_string(jc))
			return (ctl_error(reply, "request has no \"command\" string"));
		if (ja != NULL && !json_is_array(ja))
			return (ctl_error(reply, "\"args\" must be an array of strings"));
		if (json_array_size(ja) > CTL_MAX_ARGS)
			return (ctl_error(reply, "more than %d arguments", CTL_MAX_ARGS));
		*cmd = (char *)json_string_value(jc);
		json_array_foreach(ja, i, v) {
			if (!json_is_string(v))
				return (ctl_error(reply, "\"args\" must be an array of strings"));
			argv[(*argc)++] = (char *)json_string_value(v);
		}
		return (0);
	}
	*cmd = NULL;
	for (p = line; (word = strsep(&p, " \t")) != NULL;) {
		if (*word == '\0')
			continue;
		if (*cmd == NULL) {
			*cmd = word;
			continue;
		}
		if (*argc == CTL_MAX_ARGS)
			return (ctl_error(reply, "more than %d arguments", CTL_MAX_ARGS));
		argv[(*argc)++] = word;
	}
	if (*cmd == NULL)
		return (ctl_error(reply, "empty request"));
	return (0);
}

/* Run one request line and reply. */
static void
ctl_conn_request(struct ctl_conn *conn, char *line, size_t len)
{
	const struct ctl_command	*cmd = NULL;
	struct ctl_request		 req;
	json_t				*reply, *doc = NULL;
	char				*name = NULL, *argv[CTL_MAX_ARGS];
	size_t				 i;
	int				 argc, retry;

	reply = json_object();
	/* Every request line counts, garbage too: it costs the loop the same. */
	if (!ctl_user_take(conn->ctl, conn->user, &retry)) {
		conn->ctl->rate_limited++;
		ctl_refusal_log(conn->ctl, "control socket: uid %ld over %d "
		    "requests/s (burst %d), request refused", (long)conn->uid,
		    conn->ctl->rate, conn->ctl->burst);
		json_object_set_new(reply, "retry_after", json_integer(retry));
		ctl_error(reply, "rate limited, retry in %d s", retry);
		goto done;
	}
	if (len > 0 && line[len - 1] == '\r')
		line[--len] = '\0';
	if (strlen(line) != len) {
		ctl_error(reply, "request contains a NUL byte");
		goto done;
	}
	if (ctl_parse(line, &doc, &name, &argc, argv, reply) == -1)
		goto done;
	for (i = 0; i < sizeof ctl_commands / sizeof ctl_commands[0]; i++) {
		if (strcmp(ctl_commands[i].name, name) == 0) {
			cmd = &ctl_commands[i];
			break;
		}
	}
	if (cmd == NULL) {
		ctl_error(reply, "unknown command \"%s\"", name);
		goto done;
	}
	if (argc < cmd->min_args || (cmd->max_args >= 0 && argc > cmd->max_args)) {
		ctl_error(reply, "%s: wrong number of arguments (%d)", cmd->name, argc);
		goto done;
	}
	if (cmd->privileged && !ctl_peer_privileged(conn->ctl, conn->fd,
	    conn->uid, conn->gid)) {
		log_info("control socket: %s refused to uid %ld (pid %ld)",
		    cmd->name, (long)conn->uid, (long)conn->pid);
		ctl_error(reply, "%s: permission denied (root or members of the "
		    "control group only)", cmd->name);
		goto done;
	}
	memset(&req, 0, sizeof req);
	req.daemon = conn->ctl->d;
	req.command = cmd->name;
	req.argc = argc;
	req.argv = argv;
	req.uid = conn->uid;
	req.gid = conn->gid;
	req.pid = conn->pid;
	req.conn = conn;
	log_debug("control client pid %ld: %s", (long)conn->pid, cmd->name);
	switch (cmd->fn(&req, reply)) {
	case 0:
		json_object_set_new(reply, "ok", json_true());
		break;
	case CTL_DEFERRED:
		json_decref(doc);
		json_decref(reply);
		return;
	}
done:
	json_decref(doc);
	ctl_conn_reply(conn, reply);
}

/* "status": the daemon and every module. */
static int
ctl_cmd_status(struct ctl_request *req, json_t *reply)
{
	daemon_status(req->daemon, reply);
	return (0);
}

/* "reload": the same as SIGHUP, with the errors in the reply. */
static int
ctl_cmd_reload(struct ctl_request *req, json_t *reply)
{
	struct causes	 c;
	json_t		*errs;
	size_t		 i;
	int		 r;

	log_info("reload requested by uid %ld (pid %ld)", (long)req->uid,
	    (long)req->pid);
	causes_init(&c);
	r = daemon_reload(req->daemon, &c);
	if (r == -1) {
		errs = json_array();
		for (i = 0; i < c.n; i++)
			json_array_append_new(errs, json_string(c.msg[i]));
		json_object_set_new(reply, "errors", errs);
		ctl_error(reply, "configuration not reloaded (%zu error%s); still "
		    "running on the previous one", c.n, c.n == 1 ? "" : "s");
	} else
		json_object_set_new(reply, "reloaded", json_true());
	causes_free(&c);
	return (r);
}
