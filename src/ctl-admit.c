/*
 * ctl-admit.c - who the status socket lets in and how often: the limits on
 * clients in all and per user, the slots kept for admins, the per-user
 * token bucket of requests, the refusal replies and their rate-limited
 * log, and which peers may run the changing commands.  The why of these
 * limits is at the top of ctl.c.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/queue.h>
#include <sys/socket.h>

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/bufferevent.h>
#include <event2/event.h>
#include <jansson.h>

#include "conf.h"
#include "ctl-protocol.h"
#include "ctl.h"
#include "ctl-private.h"
#include "log.h"
#include "xmalloc.h"

static double	ctl_now(void);
static bool	ctl_exempt(uid_t);
static void	ctl_user_refill(struct ctl *, struct ctl_user *, double);
static void	ctl_users_prune(struct ctl *);
static bool	ctl_peer_in_group(int, uid_t, gid_t);

/* Best effort: tell a client we cannot serve it, then close. */
void
ctl_refuse(int fd, const char *why)
{
	json_t	*reply;
	char	*s;

	reply = json_pack("{s:i, s:b, s:s}", "version", CTL_PROTOCOL_VERSION,
	    "ok", 0, "error", why);
	if (reply != NULL && (s = json_dumps(reply, JSON_COMPACT)) != NULL) {
		/* Non-blocking; a client that cannot take it loses the reason. */
		if (send(fd, s, strlen(s), MSG_DONTWAIT | MSG_NOSIGNAL) > 0)
			(void)send(fd, "\n", 1, MSG_DONTWAIT | MSG_NOSIGNAL);
		free(s);
	}
	json_decref(reply);
	close(fd);
}

/*
 * Log a refusal, at most one message every CTL_REFUSAL_LOG_EVERY seconds
 * with the number left out: a flood must not flood the log as well.
 */
void
ctl_refusal_log(struct ctl *ctl, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;
	double	 now = ctl_now();

	if (ctl->refusal_logged != 0 &&
	    now - ctl->refusal_logged < CTL_REFUSAL_LOG_EVERY) {
		ctl->refusals_unlogged++;
		return;
	}
	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	if (ctl->refusals_unlogged > 0)
		log_warnx("%s (%llu more refusals not logged in the last %d s)",
		    msg, (unsigned long long)ctl->refusals_unlogged,
		    CTL_REFUSAL_LOG_EVERY);
	else
		log_warnx("%s", msg);
	free(msg);
	ctl->refusal_logged = now;
	ctl->refusals_unlogged = 0;
}

/*
 * May a new peer be served?  NULL, or the reason for its error reply
 * (formatted into buf when it holds numbers).  Checked in order: all
 * slots taken, the admins' reserve, the peer's own cap.
 */
const char *
ctl_admit(struct ctl *ctl, int fd, const struct ucred *cred, char *buf,
    size_t len)
{
	struct ctl_user	*u;
	int		 free_slots = ctl->max_clients - ctl->n_clients;

	ctl_users_prune(ctl);
	if (free_slots <= 0) {
		ctl_refusal_log(ctl, "control socket: %d clients connected, "
		    "refusing more", ctl->n_clients);
		return ("too many clients; try again later");
	}
	if (free_slots <= ctl->reserved &&
	    !ctl_peer_privileged(ctl, fd, cred->uid, cred->gid)) {
		ctl_refusal_log(ctl, "control socket: %d clients connected, the "
		    "last %d slots are kept for administrators; uid %ld refused",
		    ctl->n_clients, ctl->reserved, (long)cred->uid);
		snprintf(buf, len, "too many clients; the last %d connections "
		    "are kept for administrators; try again later", ctl->reserved);
		return (buf);
	}
	if (ctl_exempt(cred->uid))
		return (NULL);
	TAILQ_FOREACH(u, &ctl->users, entry) {
		if (u->uid == cred->uid)
			break;
	}
	if (u != NULL && u->clients >= ctl->max_per_user) {
		ctl_refusal_log(ctl, "control socket: uid %ld has %d connections, "
		    "refusing more", (long)cred->uid, u->clients);
		snprintf(buf, len, "too many connections from uid %ld (at most %d "
		    "at once); try again later", (long)cred->uid, ctl->max_per_user);
		return (buf);
	}
	return (NULL);
}

/* Take the limits of a config (start and reload). */
void
ctl_take_limits(struct ctl *ctl, const struct iw_config *conf)
{
	struct ctl_user	*u;

	ctl->max_clients = conf->control.max_clients;
	ctl->max_per_user = conf->control.max_clients_per_user;
	ctl->reserved = conf->control.reserved_clients;
	ctl->rate = conf->control.request_rate;
	ctl->burst = conf->control.request_burst;
	/* A smaller bucket holds at most its new size. */
	TAILQ_FOREACH(u, &ctl->users, entry) {
		if (u->tokens > ctl->burst)
			u->tokens = ctl->burst;
	}
}

/* Seconds on the monotonic clock. */
static double
ctl_now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((double)ts.tv_sec + (double)ts.tv_nsec / 1e9);
}

/* Is uid free of the per-user limits (root, the daemon's own user)? */
static bool
ctl_exempt(uid_t uid)
{
	return (uid == 0 || uid == geteuid());
}

/* The record of a uid, made with a full bucket when new. */
struct ctl_user *
ctl_user_get(struct ctl *ctl, uid_t uid)
{
	struct ctl_user	*u;

	TAILQ_FOREACH(u, &ctl->users, entry) {
		if (u->uid == uid)
			return (u);
	}
	u = xcalloc(1, sizeof *u);
	u->uid = uid;
	u->tokens = ctl->burst;
	u->refilled = ctl_now();
	TAILQ_INSERT_TAIL(&ctl->users, u, entry);
	return (u);
}

/* Add the tokens earned since the last refill, up to the bucket size. */
static void
ctl_user_refill(struct ctl *ctl, struct ctl_user *u, double now)
{
	if (now > u->refilled)
		u->tokens += (now - u->refilled) * ctl->rate;
	if (u->tokens > ctl->burst)
		u->tokens = ctl->burst;
	u->refilled = now;
}

/*
 * Charge one request to a user.  False when its bucket is empty, with the
 * whole seconds until the next token in *retry.
 */
bool
ctl_user_take(struct ctl *ctl, struct ctl_user *u, int *retry)
{
	double	 wait;

	*retry = 0;
	if (ctl->rate == 0 || u == NULL || ctl_exempt(u->uid))
		return (true);
	ctl_user_refill(ctl, u, ctl_now());
	if (u->tokens >= 1) {
		u->tokens -= 1;
		return (true);
	}
	wait = (1 - u->tokens) / ctl->rate;
	*retry = (int)wait;
	if (*retry < wait || *retry < 1)
		(*retry)++;
	return (false);
}

/*
 * Forget users without connections whose bucket is full again: they are
 * as new.  Keeps the list as short as the set of recent peers.
 */
static void
ctl_users_prune(struct ctl *ctl)
{
	struct ctl_user	*u, *next;
	double		 now = ctl_now();

	for (u = TAILQ_FIRST(&ctl->users); u != NULL; u = next) {
		next = TAILQ_NEXT(u, entry);
		if (u->clients > 0)
			continue;
		ctl_user_refill(ctl, u, now);
		if (ctl->rate > 0 && u->tokens < ctl->burst)
			continue;
		TAILQ_REMOVE(&ctl->users, u, entry);
		free(u);
	}
}

/* May the peer on fd run changing commands (is it an admin)? */
bool
ctl_peer_privileged(struct ctl *ctl, int fd, uid_t uid, gid_t gid)
{
	/* The daemon's own user can signal it anyway, so it may reload too. */
	if (ctl_exempt(uid))
		return (true);
	if (!ctl->has_group)
		return (false);
	if (gid == ctl->group)
		return (true);
	return (ctl_peer_in_group(fd, uid, ctl->group));
}

/*
 * Whether the peer has gid among its supplementary groups: the groups the
 * peer process had when it connected (SO_PEERGROUPS), or else those of its
 * user in the group database.
 */
static bool
ctl_peer_in_group(int fd, uid_t uid, gid_t gid)
{
	struct passwd	*pw;
	gid_t		*groups;
	socklen_t	 len;
	int		 i, n, r;
	bool		 found = false;

#ifdef SO_PEERGROUPS
	len = 64 * sizeof(gid_t);
	groups = xmalloc(len);
	r = getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, groups, &len);
	if (r == -1 && errno == ERANGE && len > 0) {
		/* len now says how much room the groups need. */
		groups = xreallocarray(groups, 1, len);
		r = getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, groups, &len);
	}
	if (r == 0) {
		for (i = 0; i < (int)(len / sizeof(gid_t)); i++)
			if (groups[i] == gid)
				found = true;
		free(groups);
		return (found);
	}
	free(groups);
#endif
	if ((pw = getpwuid(uid)) == NULL)
		return (false);
	n = 64;
	groups = xreallocarray(NULL, n, sizeof(gid_t));
	if (getgrouplist(pw->pw_name, pw->pw_gid, groups, &n) == -1) {
		groups = xreallocarray(groups, n, sizeof(gid_t));
		if (getgrouplist(pw->pw_name, pw->pw_gid, groups, &n) == -1)
			n = 0;
	}
	for (i = 0; i < n; i++)
		if (groups[i] == gid)
			found = true;
	free(groups);
	return (found);
}
