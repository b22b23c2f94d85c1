/*
 * diag.c - diagnostics commands for failing tunnels (see diag.h).
 *
 * A peer address and a connection name come from the log, which the peer
 * partly controls: they are validated before they reach an argv, and no
 * shell ever sees them.
 */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "child.h"
#include "diag.h"
#include "log.h"
#include "xmalloc.h"

struct diag_run;

/* One command of a run. */
struct diag_cmd {
	struct diag_run	*run;
	size_t		 index;
	char		*text;		/* "$ argv..." header plus output */
	bool		 done;
};

struct diag_run {
	struct diag	*d;
	char		*key;
	diag_done_fn	 fn;
	void		*arg;
	struct diag_cmd	*cmds;
	size_t		 n;
	size_t		 left;
};

struct diag {
	const struct diag_config *cfg;
	size_t			 n;
	size_t			 running;
};

static void	 diag_cmd_done(void *, int, long, const char *, size_t);
static void	 diag_finish(struct diag_run *);
static char	*diag_subst(const char *, const char *, const char *);

/* A diagnostics runner for the configured commands. */
struct diag *
diag_new(const struct diag_config *cfg, size_t n)
{
	struct diag	*d;

	d = xcalloc(1, sizeof *d);
	d->cfg = cfg;
	d->n = n;
	return (d);
}

/* New commands (reload); runs in progress finish with what they started. */
void
diag_set_commands(struct diag *d, const struct diag_config *cfg, size_t n)
{
	d->cfg = cfg;
	d->n = n;
}

/* Free the runner (runs still in progress keep their own state). */
void
diag_free(struct diag *d)
{
	free(d);
}

/* Runs in progress. */
size_t
diag_running(const struct diag *d)
{
	return (d->running);
}

/* Whether a peer is an IPv4 or IPv6 literal. */
bool
diag_valid_peer(const char *s)
{
	struct in6_addr	 a6;
	struct in_addr	 a4;

	if (s == NULL || *s == '\0')
		return (false);
	return (inet_pton(AF_INET, s, &a4) == 1 || inet_pton(AF_INET6, s, &a6) == 1);
}

/* Whether a connection name is plain. */
bool
diag_valid_conn(const char *s)
{
	const char	*p;

	if (s == NULL || *s == '\0' || *s == '-' || strlen(s) > 127)
		return (false);
	for (p = s; *p != '\0'; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' || *p == '-'))
			return (false);
	}
	return (true);
}

/* Replace %peer% and %conn% in one argument. */
static char *
diag_subst(const char *arg, const char *peer, const char *conn)
{
	const char	*p, *v;
	char		*out;
	size_t		 len = 0, cap, vl;

	cap = strlen(arg) + 1;
	out = xmalloc(cap);
	for (p = arg; *p != '\0';) {
		v = NULL;
		if (strncmp(p, "%peer%", 6) == 0) {
			v = peer;
			p += 6;
		} else if (strncmp(p, "%conn%", 6) == 0) {
			v = conn;
			p += 6;
		}
		if (v != NULL) {
			vl = strlen(v);
			if (len + vl + 1 > cap) {
				cap = len + vl + 1 + strlen(p);
				out = xreallocarray(out, cap, 1);
			}
			memcpy(out + len, v, vl);
			len += vl;
			continue;
		}
		if (len + 2 > cap) {
			cap = cap * 2;
			out = xreallocarray(out, cap, 1);
		}
		out[len++] = *p++;
	}
	out[len] = '\0';
	return (out);
}

/* Start every configured command for an alert. */
void
diag_run(struct diag *d, const char *key, const char *peer, const char *conn,
    diag_done_fn fn, void *arg)
{
	struct diag_run			*run;
	struct diag_cmd			*c;
	struct ipsecwatch_run_request	 req;
	const struct diag_config	*dc;
	char				**argv, *cname, *hdr, *why;
	size_t				 i, j, len;
	bool				 need_peer, need_conn;

	run = xcalloc(1, sizeof *run);
	run->d = d;
	run->key = xstrdup(key);
	run->fn = fn;
	run->arg = arg;
	run->n = d->n;
	run->cmds = xcalloc(d->n + 1, sizeof *run->cmds);
	/* A road-warrior instance "conn[3]" is the connection "conn". */
	cname = xstrdup(conn != NULL ? conn : "");
	len = strlen(cname);
	if (len > 0 && cname[len - 1] == ']' && (hdr = strrchr(cname, '[')) != NULL)
		*hdr = '\0';
	run->left = 1;		/* held until every command is started */
	for (i = 0; i < d->n; i++) {
		dc = &d->cfg[i];
		c = &run->cmds[i];
		c->run = run;
		c->index = i;
		need_peer = need_conn = false;
		for (j = 0; j < dc->argc; j++) {
			need_peer = need_peer || strstr(dc->argv[j], "%peer%") != NULL;
			need_conn = need_conn || strstr(dc->argv[j], "%conn%") != NULL;
		}
		why = NULL;
		if (dc->argc == 0)
			why = xstrdup("empty command");
		else if (need_peer && !diag_valid_peer(peer))
			xasprintf(&why, "the peer \"%.64s\" is not an IP address",
			    peer != NULL ? peer : "");
		else if (need_conn && !diag_valid_conn(cname))
			xasprintf(&why, "the connection name \"%.64s\" is not a plain "
			    "name", cname);
		if (why != NULL) {
			xasprintf(&c->text, "[%s skipped: %s]\n", dc->name != NULL ?
			    dc->name : "command", why);
			free(why);
			c->done = true;
			continue;
		}
		argv = xcalloc(dc->argc + 1, sizeof *argv);
		hdr = xstrdup("$");
		for (j = 0; j < dc->argc; j++) {
			argv[j] = diag_subst(dc->argv[j], peer != NULL ? peer : "", cname);
			why = hdr;
			xasprintf(&hdr, "%s %s", why, argv[j]);
			free(why);
		}
		memset(&req, 0, sizeof req);
		req.argv = (const char **)argv;
		req.argc = dc->argc;
		req.timeout_ms = (dc->timeout > 0 ? dc->timeout : 5) * 1000;
		req.max_output = DIAG_OUTPUT_MAX;
		c->text = hdr;
		run->left++;
		d->running++;
		if (child_run(&req, diag_cmd_done, c) == -1) {
			run->left--;
			d->running--;
			why = c->text;
			xasprintf(&c->text, "%s\n[could not be started]\n", why);
			free(why);
			c->done = true;
		}
		for (j = 0; j < dc->argc; j++)
			free(argv[j]);
		free(argv);
	}
	free(cname);
	if (--run->left == 0)
		diag_finish(run);
}

/* One command ended. */
static void
diag_cmd_done(void *arg, int ok, long code, const char *out, size_t len)
{
	struct diag_cmd	*c = arg;
	struct diag_run	*run = c->run;
	char		*hdr = c->text;

	if (code < 0)
		xasprintf(&c->text, "%s\n%.*s%s[killed by signal %ld]\n", hdr, (int)len,
		    out, len > 0 && out[len - 1] != '\n' ? "\n" : "", -code);
	else
		xasprintf(&c->text, "%s\n%.*s%s[exit status %ld]\n", hdr, (int)len, out,
		    len > 0 && out[len - 1] != '\n' ? "\n" : "", code);
	free(hdr);
	c->done = true;
	run->d->running--;
	if (--run->left == 0)
		diag_finish(run);
}

/* Every command ended: concatenate (bounded) and report. */
static void
diag_finish(struct diag_run *run)
{
	char	*out;
	size_t	 i, len = 0, l;

	out = xmalloc(DIAG_OUTPUT_MAX + 64);
	out[0] = '\0';
	for (i = 0; i < run->n; i++) {
		if (run->cmds[i].text == NULL)
			continue;
		l = strlen(run->cmds[i].text);
		if (len + l > DIAG_OUTPUT_MAX) {
			l = DIAG_OUTPUT_MAX - len;
			memcpy(out + len, run->cmds[i].text, l);
			len += l;
			len += snprintf(out + len, 64, "\n[diagnostics cut at %d bytes]\n",
			    DIAG_OUTPUT_MAX);
			break;
		}
		memcpy(out + len, run->cmds[i].text, l);
		len += l;
		out[len] = '\0';
	}
	out[len] = '\0';
	run->fn(run->key, out, run->arg);
	free(out);
	for (i = 0; i < run->n; i++)
		free(run->cmds[i].text);
	free(run->cmds);
	free(run->key);
	free(run);
}
