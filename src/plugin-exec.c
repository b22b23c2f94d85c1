/*
 * plugin-exec.c - the exec receiver: runs an admin-configured program
 * (argv, no shell) per notification, with the notification as JSON on
 * stdin (the generic schema) and as IPSECWATCH_* environment variables.
 * Exit status 0 acknowledges; anything else, or the timeout, is retried by
 * the spool.  Its output is logged, bounded.
 *
 * Environment: IPSECWATCH_VERSION, _ID, _RECEIVER, _HOST, _GROUP, _STATUS,
 * _SEVERITY, _REMINDER (0/1), _ALERT_COUNT, _SUBJECT, _TUNNELS (space
 * separated), and of the first alert _KIND, _TUNNEL, _PEER, _ERROR,
 * _SUMMARY.  Values have control characters replaced by spaces and are cut
 * at 4096 bytes.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipsecwatch-plugin.h"
#include "plugin-text.h"

#define EXEC_VALUE_MAX		4096
#define EXEC_OUTPUT_MAX		16384	/* kept from the program */
#define EXEC_LOG_MAX		2048	/* of that, logged */

struct exec {
	const struct ipsecwatch_host	*host;
	char				*name;
	char				**argv;
	size_t				 argc;
	int64_t				 timeout_ms;
};

struct exec_call {
	struct exec		*x;
	ipsecwatch_done_fn	 done;
	void			*arg;
	char			*id;
};

static void	*exec_init(const struct ipsecwatch_receiver *,
		    const struct ipsecwatch_host *, char **);
static int	 exec_send(void *, const struct ipsecwatch_notification *,
		    ipsecwatch_done_fn, void *);
static void	 exec_shutdown(void *);
static void	 exec_done(void *, int, long, const char *, size_t);

const struct ipsecwatch_plugin_ops ipsecwatch_plugin = {
	.abi_version = IPSECWATCH_PLUGIN_ABI,
	.name = "exec",
	.init = exec_init,
	.send = exec_send,
	.shutdown = exec_shutdown,
};

/* Check the settings and create an instance. */
static void *
exec_init(const struct ipsecwatch_receiver *rcv, const struct ipsecwatch_host *host,
    char **error)
{
	struct exec	*x;
	size_t		 i;

	if (rcv->n_command == 0 || rcv->command[0] == NULL ||
	    rcv->command[0][0] != '/') {
		*error = ptext_strdup("exec: command must be a list whose first "
		    "element is an absolute path");
		return (NULL);
	}
	x = ptext_alloc(sizeof *x);
	x->host = host;
	x->name = ptext_strdup(rcv->name);
	x->argc = rcv->n_command;
	x->argv = ptext_alloc((x->argc + 1) * sizeof *x->argv);
	for (i = 0; i < x->argc; i++)
		x->argv[i] = ptext_strdup(rcv->command[i]);
	x->timeout_ms = rcv->timeout_ms > 0 ? rcv->timeout_ms : 10000;
	return (x);
}

/* Add NAME=value (sanitized, cut) to an environment list. */
static void
exec_env(char **env, size_t *n, const char *name, const char *value)
{
	char	*v;
	size_t	 len;

	v = ptext_oneline(value);
	len = strlen(v);
	if (len > EXEC_VALUE_MAX) {
		len = EXEC_VALUE_MAX;
		while (len > 0 && ((unsigned char)v[len] & 0xc0) == 0x80)
			len--;
		v[len] = '\0';
	}
	if (asprintf(&env[(*n)++], "IPSECWATCH_%s=%s", name, v) == -1)
		abort();
	free(v);
}

/* Run the program for a notification. */
static int
exec_send(void *inst, const struct ipsecwatch_notification *n,
    ipsecwatch_done_fn done, void *arg)
{
	struct exec			*x = inst;
	struct exec_call		*call;
	struct ipsecwatch_run_request	 req;
	const struct ipsecwatch_alert	*a = &n->alerts[0];
	struct ptext_buf		 tunnels;
	char				*env[24], *json, *subject, count[32];
	size_t				 n_env = 0, i;
	int				 rc;

	ptext_init(&tunnels);
	for (i = 0; i < n->n_alerts; i++) {
		if (*n->alerts[i].tunnel == '\0')
			continue;
		ptext_printf(&tunnels, "%s%s", tunnels.len > 0 ? " " : "",
		    n->alerts[i].tunnel);
	}
	snprintf(count, sizeof count, "%zu", n->n_alerts);
	subject = ptext_subject(n);
	exec_env(env, &n_env, "VERSION", "1");
	exec_env(env, &n_env, "ID", n->id);
	exec_env(env, &n_env, "RECEIVER", n->receiver);
	exec_env(env, &n_env, "HOST", n->host);
	exec_env(env, &n_env, "GROUP", n->group);
	exec_env(env, &n_env, "STATUS", n->status);
	exec_env(env, &n_env, "SEVERITY", n->severity);
	exec_env(env, &n_env, "REMINDER", n->reminder ? "1" : "0");
	exec_env(env, &n_env, "ALERT_COUNT", count);
	exec_env(env, &n_env, "SUBJECT", subject);
	exec_env(env, &n_env, "TUNNELS", tunnels.s);
	exec_env(env, &n_env, "KIND", a->kind);
	exec_env(env, &n_env, "TUNNEL", a->tunnel);
	exec_env(env, &n_env, "PEER", a->peer);
	exec_env(env, &n_env, "ERROR", a->error);
	exec_env(env, &n_env, "SUMMARY", a->summary);
	free(subject);
	free(ptext_take(&tunnels));

	json = x->host->notification_json(n);
	call = ptext_alloc(sizeof *call);
	call->x = x;
	call->done = done;
	call->arg = arg;
	call->id = ptext_strdup(n->id);
	memset(&req, 0, sizeof req);
	req.argv = (const char **)x->argv;
	req.argc = x->argc;
	req.env = (const char **)env;
	req.n_env = n_env;
	req.input = json;
	req.input_len = strlen(json);
	req.timeout_ms = x->timeout_ms;
	req.max_output = EXEC_OUTPUT_MAX;
	rc = x->host->run(&req, exec_done, call);
	free(json);
	for (i = 0; i < n_env; i++)
		free(env[i]);
	if (rc == -1) {
		free(call->id);
		free(call);
	}
	return (rc);
}

/* The program ended: log its output (bounded, line by line) and report. */
static void
exec_done(void *arg, int ok, long code, const char *out, size_t len)
{
	struct exec_call	*call = arg;
	struct exec		*x = call->x;
	const char		*p, *e, *end;
	char			*line, *clean, reason[64];

	if (len > EXEC_LOG_MAX)
		len = EXEC_LOG_MAX;
	end = out + len;
	for (p = out; p < end; p = e + 1) {
		if ((e = memchr(p, '\n', end - p)) == NULL)
			e = end;
		if (e > p) {
			if (asprintf(&clean, "%.*s", (int)(e - p), p) == -1)
				abort();
			line = ptext_oneline(clean);
			free(clean);
			x->host->log(ok ? IPSECWATCH_LOG_INFO : IPSECWATCH_LOG_WARNING,
			    "receiver %s: %s: %s", x->name, x->argv[0], line);
			free(line);
		}
		if (e == end)
			break;
	}
	if (code < 0)
		snprintf(reason, sizeof reason, "killed by signal %ld", -code);
	else
		snprintf(reason, sizeof reason, "exit status %ld", code);
	x->host->log(ok ? IPSECWATCH_LOG_DEBUG : IPSECWATCH_LOG_WARNING,
	    "receiver %s: %s for %s: %s", x->name, x->argv[0], call->id, reason);
	call->done(call->arg, ok, code, reason);
	free(call->id);
	free(call);
}

/* Free an instance. */
static void
exec_shutdown(void *inst)
{
	struct exec	*x = inst;
	size_t		 i;

	for (i = 0; i < x->argc; i++)
		free(x->argv[i]);
	free(x->argv);
	free(x->name);
	free(x);
}
