/*
 * ipsecwatch-plugin.h - the interface between ipsecwatchd and its alert
 * plugins (installed: a third-party receiver is built against this header
 * alone).
 *
 * A plugin is a loadable module that exports one symbol,
 * `ipsecwatch_plugin`, a struct ipsecwatch_plugin_ops.  The daemon loads it
 * by name from its plugin directory (only when that directory and the file
 * are writable by nobody but root or the daemon's user), refuses it when
 * abi_version differs from IPSECWATCH_PLUGIN_ABI, and then creates one
 * instance per configured receiver with init().
 *
 * Everything runs on the daemon's single libevent loop: send() must never
 * block.  A plugin does network work through the host's transfer service
 * (libcurl multi on the loop) and runs programs through the host's run
 * service; both report through a completion callback.  send() reports its
 * result exactly once through its done callback, possibly before send()
 * returns.  A notification is acknowledged (and removed from the spool) only
 * when done is called with ok != 0.
 *
 * Bump IPSECWATCH_PLUGIN_ABI whenever any structure below changes.
 */
#ifndef IPSECWATCH_PLUGIN_H
#define IPSECWATCH_PLUGIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IPSECWATCH_PLUGIN_ABI		1
#define IPSECWATCH_PLUGIN_SYMBOL	"ipsecwatch_plugin"
#define IPSECWATCH_NOTIFICATION_VERSION	1	/* the JSON schema version */

struct event_base;

/* One alert inside a notification.  Strings are never NULL ("" = none). */
struct ipsecwatch_alert {
	const char	*key;		/* stable key: kind/tunnel[/error] */
	const char	*kind;		/* tunnel_down, negotiation_failed, ... */
	const char	*severity;	/* info | warning | critical */
	const char	*status;	/* firing | resolved */
	const char	*tunnel;	/* "" for daemon-wide alerts */
	const char	*error;		/* knowledge-base id or "" */
	const char	*peer;		/* peer address or "" */
	int64_t		 started_us;	/* fired, us since the epoch (UTC) */
	int64_t		 resolved_us;	/* 0 while firing */
	const char	*summary;	/* one line, English */
	/* Explanation in the receiver's language; "" when unknown. */
	const char	*title;
	const char	*meaning;
	const char	*causes;	/* one per line */
	const char	*checks;	/* one per line */
	const char	**log_lines;	/* recent relevant log lines, oldest first */
	size_t		 n_log_lines;
	const char	*diagnostics;	/* output of the diagnostic commands or "" */
};

/* A notification: one or more alerts of one group, for one receiver. */
struct ipsecwatch_notification {
	const char	*id;		/* unique, stable across retries */
	const char	*receiver;	/* receiver name */
	const char	*host;		/* the gateway's host name */
	const char	*group;		/* group key, e.g. "peer:192.0.2.1" */
	const char	*status;	/* firing (any alert firing) | resolved */
	const char	*severity;	/* highest severity of the firing alerts */
	const char	*language;	/* en | de */
	bool		 reminder;	/* a repeat of still-firing alerts */
	int64_t		 created_us;
	struct ipsecwatch_alert *alerts;
	size_t		 n_alerts;
};

/* A receiver's settings (the receivers = ( ... ) entry of the config). */
struct ipsecwatch_receiver {
	const char	*name;
	const char	*plugin;
	const char	*language;	/* en | de */
	const char	*url;
	const char	*from;
	const char	**to;
	size_t		 n_to;
	const char	*username;
	const char	*password;	/* secret; already read from password_file */
	const char	*starttls;	/* required | optional | no */
	const char	*format;	/* webhook: json | chat | alertmanager */
	const char	**headers;	/* "Name: value" */
	size_t		 n_headers;
	const char	*token;		/* secret; already read from token_file */
	const char	*ca_file;
	bool		 tls_verify;
	int64_t		 timeout_ms;
	const char	**command;	/* exec: argv */
	size_t		 n_command;
};

/* Completion of a send, a transfer or a program. */
typedef void (*ipsecwatch_done_fn)(void *arg, int ok, long code, const char *reason);

/* An HTTP(S) POST. */
struct ipsecwatch_http_request {
	const char	*url;
	const char	**headers;	/* "Name: value" */
	size_t		 n_headers;
	const char	*body;
	size_t		 body_len;
	int64_t		 timeout_ms;
	const char	*ca_file;	/* NULL = system CAs */
	bool		 verify;
};

enum ipsecwatch_starttls {
	IPSECWATCH_STARTTLS_REQUIRED = 0,
	IPSECWATCH_STARTTLS_OPTIONAL,
	IPSECWATCH_STARTTLS_NO,
};

/* An SMTP submission (smtp:// or smtps://). */
struct ipsecwatch_smtp_request {
	const char	*url;
	const char	*from;
	const char	**rcpts;
	size_t		 n_rcpts;
	const char	*message;	/* the whole RFC 5322 message, CRLF lines */
	size_t		 message_len;
	enum ipsecwatch_starttls starttls;
	const char	*username;	/* NULL = no AUTH */
	const char	*password;
	int64_t		 timeout_ms;
	const char	*ca_file;
	bool		 verify;
};

/* A program run without a shell. */
struct ipsecwatch_run_request {
	const char	**argv;		/* argv[0] is an absolute path or found in PATH */
	size_t		 argc;
	const char	**env;		/* "NAME=value" added to a minimal environment */
	size_t		 n_env;
	const char	*input;		/* written to stdin, then stdin is closed */
	size_t		 input_len;
	int64_t		 timeout_ms;	/* then SIGTERM, SIGKILL 2 s later */
	size_t		 max_output;	/* stdout+stderr kept (bytes) */
};
/* ok = exited 0; code = exit status or -signal; output may be cut. */
typedef void (*ipsecwatch_run_fn)(void *arg, int ok, long code, const char *output,
    size_t output_len);

enum ipsecwatch_log_level {
	IPSECWATCH_LOG_DEBUG = 0,
	IPSECWATCH_LOG_INFO,
	IPSECWATCH_LOG_WARNING,
};

/* What the daemon offers a plugin. */
struct ipsecwatch_host {
	unsigned		 abi_version;
	struct event_base	*base;
	const char		*hostname;
	void	(*log)(enum ipsecwatch_log_level, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
	/* 0 when queued (done follows later), -1 when refused (reason logged). */
	int	(*http_post)(const struct ipsecwatch_http_request *, ipsecwatch_done_fn,
		    void *arg);
	int	(*smtp_send)(const struct ipsecwatch_smtp_request *, ipsecwatch_done_fn,
		    void *arg);
	int	(*run)(const struct ipsecwatch_run_request *, ipsecwatch_run_fn, void *arg);
	/* The notification in the generic JSON schema (contrib/webhook-schema.json);
	 * free with free(). */
	char	*(*notification_json)(const struct ipsecwatch_notification *);
};

/* What a plugin exports as `ipsecwatch_plugin`. */
struct ipsecwatch_plugin_ops {
	unsigned	 abi_version;	/* IPSECWATCH_PLUGIN_ABI */
	const char	*name;
	/* Create an instance for a receiver; NULL and *error (malloc'd) on bad settings. */
	void	*(*init)(const struct ipsecwatch_receiver *, const struct ipsecwatch_host *,
		    char **error);
	/* Deliver; 0 = done will be called, -1 = failed now (done not called). */
	int	 (*send)(void *instance, const struct ipsecwatch_notification *,
		    ipsecwatch_done_fn, void *arg);
	/* Free the instance.  Called when none of its sends is outstanding (at
	 * exit the host first completes pending transfers with ok = 0). */
	void	 (*shutdown)(void *instance);
};

#endif /* IPSECWATCH_PLUGIN_H */
