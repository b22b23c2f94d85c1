/*
 * conf.h - the configuration file (libconfig) loaded into a fresh struct
 * iw_config.  A load either returns a complete config or NULL plus every
 * error as "file:line: message"; nothing is applied half-way.  Durations are
 * kept in seconds.
 *
 * (The file is conf.h, not config.h: config.h is autoconf's.)
 */
#ifndef IW_CONF_H
#define IW_CONF_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "ipsecwatch.h"

struct causes;

enum input_type {
	INPUT_FILE = 0,
	INPUT_JOURNAL,
};

/* inputs = ( { ... }, ... ) */
struct input_config {
	enum input_type	 type;
	char		*name;		/* "name" or derived: path / "journal"; unique */
	int		 line;		/* line in the config file */
	/* type = "file": path may be a glob pattern (/var/log/ipsec*.log) */
	char		*path;
	/* type = "journal" */
	char		**identifiers;	/* SYSLOG_IDENTIFIER matches; default
					   pluto, charon, charon-systemd, ipsec */
	size_t		 n_identifiers;
	char		**units;	/* _SYSTEMD_UNIT matches */
	size_t		 n_units;
	char		*journal_dir;	/* read journal files from this directory (tests) */
	/* both */
	bool		 from_beginning; /* start = "beginning" | "end" (default) */
};

/* tunnels = { ... } */
struct tunnel_policy {
	int64_t		 down_grace;		/* seconds; default 30 */
	int64_t		 negotiation_timeout;	/* 0 = derived from the daemon's retransmit timing */
	int64_t		 rekey_margin;		/* default 300 */
	int64_t		 ike_lifetime;		/* configured IKE SA lifetime, 0 = learn */
	int64_t		 ipsec_lifetime;	/* configured Child SA lifetime, 0 = learn */
	int64_t		 startup_deadline;	/* must_be_up tunnels must be up this long after start; default 300 */
	int64_t		 restart_deadline;	/* after an IKE daemon restart; default 120 */
	int		 flap_count;		/* cycles that make a flap; default 4 */
	int64_t		 flap_window;		/* default 3600 */
	bool		 roadwarrior_down_alerts; /* road warrior disconnects alert; default false */
	char		**must_be_up;		/* glob patterns */
	size_t		 n_must_be_up;
	char		**may_be_down;		/* on-demand / responder-only: glob patterns */
	size_t		 n_may_be_down;
	char		**ignore;		/* glob patterns */
	size_t		 n_ignore;
};

/* alerts = { ... } */
struct alert_policy {
	int64_t		 group_wait;		/* default 10 */
	int64_t		 group_interval;	/* default 60 */
	int64_t		 repeat_interval;	/* default 4h */
	bool		 send_resolved;		/* default true */
	int64_t		 resolved_keep;		/* how long resolved alerts stay listed; default 1d */
	int64_t		 inhibit_window;	/* an IKE daemon restart explains what
						   follows it this long; default 120 */
	int64_t		 diagnostics_wait;	/* a notification waits this long for
						   diagnostics output; default 10 */
};

/* spool = { ... }: bounds and retries of each receiver's delivery queue */
struct spool_policy {
	int		 max_entries;		/* per receiver; default 1000 */
	int64_t		 max_bytes;		/* per receiver; default 16 MiB */
	int64_t		 retry_initial;		/* first back-off, seconds; default 10 */
	int64_t		 retry_max;		/* back-off cap, seconds; default 600 */
};

/* receivers = ( { ... }, ... ) */
struct receiver_config {
	char		*name;
	char		*plugin;	/* email | webhook | exec | console */
	int		 line;
	enum iw_severity min_severity;	/* default warning */
	char		**kinds;	/* route only these alert kinds (empty = all) */
	size_t		 n_kinds;
	char		**tunnels;	/* route only tunnels matching these globs (empty = all) */
	size_t		 n_tunnels;
	int		 rate_limit;	/* notifications per hour; 0 = unlimited */
	enum iw_lang	 language;	/* default: the global language */
	/*
	 * Plugin settings; unused ones are NULL / 0.  conf_load rejects a
	 * setting that is not one of the plugin's (format on an email
	 * receiver) and checks the required ones (email: url, from, to;
	 * webhook: url; exec: command).
	 */
	char		*url;		/* email smtp:// smtps://, webhook http:// https:// */
	char		*from;
	char		**to;
	size_t		 n_to;
	char		*username;
	char		*password;	/* secret; also what password_file holds */
	char		*password_file;	/* read by conf_load under the secrecy check */
	char		*starttls;	/* "required" | "optional" | "no"; email
					   default: required with a password,
					   else optional */
	char		*format;	/* webhook: json (default) | chat | alertmanager */
	char		**headers;	/* "Name: value", checked */
	size_t		 n_headers;
	char		*token;		/* secret: "Authorization: Bearer ..."; also
					   what token_file holds */
	char		*token_file;	/* read by conf_load under the secrecy check */
	char		*ca_file;
	bool		 tls_verify;	/* default true */
	int64_t		 timeout;	/* seconds; default 10 */
	char		**command;	/* exec: argv, argv[0] an absolute path */
	size_t		 n_command;
};

/* diagnostics = ( { name = ...; command = [ ... ]; timeout = ...; }, ... ) */
struct diag_config {
	char		*name;
	int		 line;		/* line in the config file */
	char		**argv;		/* argv[0] absolute; may contain %peer% and %conn% */
	size_t		 argc;
	int64_t		 timeout;	/* default 5 */
};

struct iw_config {
	char		*path;		/* file it was loaded from */
	char		*user;		/* NULL: stay the invoking user */
	char		*group;
	char		*state_dir;	/* default LOCALSTATEDIR/lib/ipsecwatch */
	char		*pidfile;	/* default RUNSTATEDIR/ipsecwatch/ipsecwatchd.pid */
	char		*spool_dir;	/* default state_dir/spool */
	char		*plugin_dir;	/* default PKGLIBDIR/plugins */
	char		*kb_file;	/* extra knowledge base; default SYSCONFDIR/ipsecwatch/kb.conf */
	enum iw_lang	 language;
	int64_t		 max_catchup_age; /* seconds; default 1d */
	int64_t		 save_interval;	/* state save period when dirty; default 10 */

	struct input_config	*inputs;
	size_t			 n_inputs;

	struct {
		char	*socket;	/* default RUNSTATEDIR/ipsecwatch/ipsecwatch.sock */
		mode_t	 mode;		/* default 0660; at most 0777 */
		char	*group;		/* group allowed to run changing commands */
		int	 max_clients;	/* default 64 */
		int	 max_clients_per_user; /* per peer uid, root exempt; default 16 */
		int	 reserved_clients; /* of max_clients, for admins only;
					   default min(4, max_clients / 4) */
		int	 request_rate;	/* requests a second per uid; 0 = no limit;
					   default 10 */
		int	 request_burst;	/* token bucket size; default 30 */
	} control;

	struct {
		char	*listen;	/* "host:port" ("[v6]:port"); a bare port in
					   the file means 127.0.0.1:port; NULL = off */
	} metrics;

	struct {
		char	*processed_log;	/* test/debug aid: every line handed to
					   the parser is appended here (engine.c);
					   NULL = off */
	} debug;

	struct tunnel_policy	 tunnels;
	struct alert_policy	 alerts;
	struct spool_policy	 spool;

	struct receiver_config	*receivers;
	size_t			 n_receivers;

	struct diag_config	*diagnostics;
	size_t			 n_diagnostics;

	bool		 has_secrets;	/* some secret is set inline (password,
					   token, URL credentials, auth header) */
};

/*
 * Load a config file.  Returns NULL and fills causes with every error
 * ("file:line: message", the file named as given, an @include'd file as
 * the main file's directory plus its name) when anything is wrong.  No
 * file may be writable by others; files holding secrets must be mode 0600
 * or stricter and owned by root or the effective user.
 */
struct iw_config	*conf_load(const char *path, struct causes *);
/* A config with every default and no inputs (for analyze without --config). */
struct iw_config	*conf_default(void);
void			 conf_free(struct iw_config *);

/*
 * "90s", "15m", "2h", "1d", "1h30m" (units d h m s in that order, each
 * once), plain "45" = seconds.  -1 on garbage, a sign, or overflow.
 */
int64_t			 conf_parse_duration(const char *);
/* Format seconds as the shortest duration string ("1h30m"). */
void			 conf_format_duration(int64_t, char *, size_t);
/*
 * "16M", "512k", "1G" (binary multiples, k/K M G, optionally followed by
 * "B" or "iB"), plain "4096" = bytes.  -1 on garbage, a sign, or overflow.
 */
int64_t			 conf_parse_size(const char *);
/* Format bytes as the shortest exact size string ("16M", "1536k"). */
void			 conf_format_size(int64_t, char *, size_t);
/*
 * Whether two receivers would get the same plugin instance: every setting
 * the plugin sees is equal (routing, rate limit and the name are the alert
 * manager's and are not compared).
 */
bool			 conf_receiver_same_plugin(const struct receiver_config *,
			    const struct receiver_config *);
/* A deep copy of a receiver (a plugin instance keeps one). */
struct receiver_config	*conf_receiver_dup(const struct receiver_config *);
/* Free a receiver's settings (secrets wiped), not the struct itself. */
void			 conf_receiver_free(struct receiver_config *);
/* fnmatch-style glob match of a tunnel name against patterns. */
bool			 conf_match_any(char **patterns, size_t n, const char *name);

#endif
