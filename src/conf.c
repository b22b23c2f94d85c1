/*
 * conf.c - load and validate the configuration file (libconfig).
 *
 * The file is read by libconfig into a tree; then every setting of every
 * group is visited in file order and checked against a table of known keys
 * (name, type, range).  Errors are collected, never fatal, so one run of
 * "ipsecwatchd -n" shows everything that is wrong, each as "file:line:
 * message".  A load either returns a complete struct iw_config or NULL: the
 * daemon's reload relies on that to keep running on the old config.
 *
 * Secrets (SMTP passwords, webhook tokens, credentials in URLs, auth
 * headers) are only accepted from files that nobody but their owner can
 * read, and the owner must be root or the user loading the file.
 */
#include "config.h"

#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <libconfig.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "causes.h"
#include "conf.h"
#include "log.h"
#include "xmalloc.h"

#define CONF_DUR_MAX	(366 * 86400)	/* no duration setting is longer than a year */
#define CONF_SECRET_MAX	4096		/* longest secret read from a file */
#define NOSTORE		SIZE_MAX	/* key.off: checked, not stored (caller reads it) */
#define CONF_INCLUDE_DEPTH 10		/* libconfig's own nesting limit */

/* What a key of a group holds. */
enum ktype {
	KT_STR,		/* non-empty string */
	KT_PATH,	/* absolute path */
	KT_BOOL,
	KT_INT,		/* int in [min, max] */
	KT_DUR,		/* duration in [min, max] seconds */
	KT_STRV,	/* list of non-empty strings (or one string) */
	KT_LANG,	/* en | de */
	KT_SEV,		/* info | warning | critical */
	KT_CHOICE,	/* one of choices[], kept as a string */
	KT_MODE,	/* octal string such as "0660" */
	KT_SECRET,	/* string that must stay secret */
	KT_SUB,		/* handled by a function */
};

struct ctx;

/* One known key of a group. */
struct key {
	const char		*name;
	enum ktype		 type;
	size_t			 off;	/* offset of the field in the target */
	size_t			 noff;	/* KT_STRV: offset of the count */
	int64_t			 min;
	int64_t			 max;
	const char *const	*choices;
	void			(*sub)(struct ctx *, config_setting_t *, const char *);
};

/* State of one load. */
struct ctx {
	struct causes		*causes;
	const char		*path;	/* main file, as given */
	char			*dir;	/* include directory, NULL: the cwd */
	struct iw_config	*cf;
	uid_t			 uid;	/* who may own secret files besides root */
	size_t			 base;	/* causes->n when the load began */
	int			*lines;	/* line of each message since base */
	char			**files;/* file of each message since base */
	size_t			 nmsg;
};

static void	 conf_err(struct ctx *, const config_setting_t *, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
static void	 conf_sort_from(struct ctx *, size_t);
static char	*conf_file_of(struct ctx *, const config_setting_t *);
static const char *conf_type_name(const config_setting_t *);
static char	*conf_key_path(const char *, const char *);
static const char *conf_suggest(const char *, const struct key *);
static size_t	 conf_edit_distance(const char *, const char *);
static void	 conf_scan(struct ctx *, config_setting_t *, const char *,
		    const struct key *, void *, config_setting_t **);
static void	 conf_set(struct ctx *, config_setting_t *, const char *,
		    const struct key *, void *);
static bool	 conf_get_string(struct ctx *, config_setting_t *, const char *,
		    const char **);
static bool	 conf_get_strv(struct ctx *, config_setting_t *, const char *,
		    char ***, size_t *);
static void	 conf_strv_free(char **, size_t);
static void	 conf_strv_freezero(char **, size_t);
static void	 conf_set_defaults(struct iw_config *);
static void	 conf_top_inputs(struct ctx *, config_setting_t *, const char *);
static void	 conf_top_control(struct ctx *, config_setting_t *, const char *);
static void	 conf_top_metrics(struct ctx *, config_setting_t *, const char *);
static void	 conf_top_tunnels(struct ctx *, config_setting_t *, const char *);
static void	 conf_top_alerts(struct ctx *, config_setting_t *, const char *);
static void	 conf_top_receivers(struct ctx *, config_setting_t *, const char *);
static void	 conf_top_diagnostics(struct ctx *, config_setting_t *, const char *);
static int	 conf_list_length(struct ctx *, config_setting_t *, const char *);
static void	 conf_input(struct ctx *, config_setting_t *, const char *,
		    struct input_config *);
static void	 conf_receiver(struct ctx *, config_setting_t *, const char *,
		    struct receiver_config *);
static void	 conf_receiver_secrets(struct ctx *, config_setting_t **,
		    const char *, struct receiver_config *);
static void	 conf_diag(struct ctx *, config_setting_t *, const char *,
		    struct diag_config *);
static void	 conf_check_secret_file(struct ctx *, const config_setting_t *,
		    const char *);
static char	*conf_read_secret(struct ctx *, const config_setting_t *,
		    const char *, const char *);
static char	*conf_resolve(struct ctx *, const config_setting_t *, const char *);
static bool	 conf_url_has_password(const char *);
static int64_t	 conf_duration(const char *, bool *);
static bool	 conf_header_is_secret(const char *);
static void	 conf_wipe(char *, size_t);
static bool	 conf_check_includes(struct ctx *, const char *, const char *, int);
static void	 conf_comment_state(const char *, bool *);
static bool	 conf_int_truncated(struct ctx *, const config_setting_t *,
		    long long);
static void	 conf_input_free(struct input_config *);
static void	 conf_receiver_free(struct receiver_config *);

static const char *const lang_choices[] = { "en", "de", NULL };
static const char *const sev_choices[] = { "info", "warning", "critical", NULL };
static const char *const start_choices[] = { "end", "beginning", NULL };
static const char *const type_choices[] = { "file", "journal", NULL };
static const char *const format_choices[] = { "json", "chat", "alertmanager", NULL };
static const char *const starttls_choices[] = { "required", "optional", "no", NULL };
static const char *const plugin_names[] = { "email", "webhook", "exec", "console", NULL };
static const char *const default_identifiers[] = {
	"pluto", "charon", "charon-systemd", "ipsec", NULL
};

#define F(s, f)		offsetof(struct s, f)
#define FC(f)		offsetof(struct iw_config, f)

/* Top level of the file. */
static const struct key top_keys[] = {
	{ "user", KT_STR, FC(user) },
	{ "group", KT_STR, FC(group) },
	{ "state_dir", KT_PATH, FC(state_dir) },
	{ "pidfile", KT_PATH, FC(pidfile) },
	{ "spool_dir", KT_PATH, FC(spool_dir) },
	{ "plugin_dir", KT_PATH, FC(plugin_dir) },
	{ "kb_file", KT_PATH, FC(kb_file) },
	{ "language", KT_LANG, FC(language) },
	{ "max_catchup_age", KT_DUR, FC(max_catchup_age), 0, 0, CONF_DUR_MAX },
	{ "save_interval", KT_DUR, FC(save_interval), 0, 1, 3600 },
	{ "inputs", KT_SUB, 0, 0, 0, 0, NULL, conf_top_inputs },
	{ "control", KT_SUB, 0, 0, 0, 0, NULL, conf_top_control },
	{ "metrics", KT_SUB, 0, 0, 0, 0, NULL, conf_top_metrics },
	{ "tunnels", KT_SUB, 0, 0, 0, 0, NULL, conf_top_tunnels },
	{ "alerts", KT_SUB, 0, 0, 0, 0, NULL, conf_top_alerts },
	{ "receivers", KT_SUB, 0, 0, 0, 0, NULL, conf_top_receivers },
	{ "diagnostics", KT_SUB, 0, 0, 0, 0, NULL, conf_top_diagnostics },
	{ NULL }
};

/* inputs = ( { ... } ). */
enum { IN_TYPE, IN_NAME, IN_PATH, IN_IDENT, IN_UNITS, IN_JDIR, IN_START, IN__N };
static const struct key input_keys[] = {
	[IN_TYPE] = { "type", KT_CHOICE, NOSTORE, 0, 0, 0, type_choices },
	[IN_NAME] = { "name", KT_STR, F(input_config, name) },
	[IN_PATH] = { "path", KT_PATH, F(input_config, path) },
	[IN_IDENT] = { "identifiers", KT_STRV, F(input_config, identifiers),
	    F(input_config, n_identifiers) },
	[IN_UNITS] = { "units", KT_STRV, F(input_config, units), F(input_config, n_units) },
	[IN_JDIR] = { "journal_dir", KT_PATH, F(input_config, journal_dir) },
	[IN_START] = { "start", KT_CHOICE, NOSTORE, 0, 0, 0, start_choices },
	[IN__N] = { NULL }
};

/* control = { ... }. */
static const struct key control_keys[] = {
	{ "socket", KT_PATH, FC(control.socket) },
	{ "mode", KT_MODE, FC(control.mode) },
	{ "group", KT_STR, FC(control.group) },
	{ "max_clients", KT_INT, FC(control.max_clients), 0, 1, 4096 },
	{ NULL }
};

/* metrics = { ... }. */
static const struct key metrics_keys[] = {
	{ "listen", KT_STR, FC(metrics.listen) },
	{ NULL }
};

/* tunnels = { ... }. */
static const struct key tunnel_keys[] = {
	{ "down_grace", KT_DUR, F(tunnel_policy, down_grace), 0, 0, CONF_DUR_MAX },
	{ "negotiation_timeout", KT_DUR, F(tunnel_policy, negotiation_timeout), 0,
	    0, CONF_DUR_MAX },
	{ "rekey_margin", KT_DUR, F(tunnel_policy, rekey_margin), 0, 0, CONF_DUR_MAX },
	{ "ike_lifetime", KT_DUR, F(tunnel_policy, ike_lifetime), 0, 0, CONF_DUR_MAX },
	{ "ipsec_lifetime", KT_DUR, F(tunnel_policy, ipsec_lifetime), 0, 0, CONF_DUR_MAX },
	{ "startup_deadline", KT_DUR, F(tunnel_policy, startup_deadline), 0, 1,
	    CONF_DUR_MAX },
	{ "restart_deadline", KT_DUR, F(tunnel_policy, restart_deadline), 0, 1,
	    CONF_DUR_MAX },
	{ "flap_count", KT_INT, F(tunnel_policy, flap_count), 0, 2, 1000 },
	{ "flap_window", KT_DUR, F(tunnel_policy, flap_window), 0, 1, CONF_DUR_MAX },
	{ "roadwarrior_down_alerts", KT_BOOL, F(tunnel_policy, roadwarrior_down_alerts) },
	{ "must_be_up", KT_STRV, F(tunnel_policy, must_be_up),
	    F(tunnel_policy, n_must_be_up) },
	{ "may_be_down", KT_STRV, F(tunnel_policy, may_be_down),
	    F(tunnel_policy, n_may_be_down) },
	{ "ignore", KT_STRV, F(tunnel_policy, ignore), F(tunnel_policy, n_ignore) },
	{ NULL }
};

/* alerts = { ... }. */
static const struct key alert_keys[] = {
	{ "group_wait", KT_DUR, F(alert_policy, group_wait), 0, 0, CONF_DUR_MAX },
	{ "group_interval", KT_DUR, F(alert_policy, group_interval), 0, 0, CONF_DUR_MAX },
	{ "repeat_interval", KT_DUR, F(alert_policy, repeat_interval), 0, 0,
	    CONF_DUR_MAX },
	{ "send_resolved", KT_BOOL, F(alert_policy, send_resolved) },
	{ "resolved_keep", KT_DUR, F(alert_policy, resolved_keep), 0, 0, CONF_DUR_MAX },
	{ NULL }
};

/* receivers = ( { ... } ).  The plugin masks say which plugin takes a key. */
enum {
	RK_NAME, RK_PLUGIN, RK_MINSEV, RK_KINDS, RK_TUNNELS, RK_RATE, RK_LANG,
	RK_URL, RK_FROM, RK_TO, RK_USER, RK_PASS, RK_PASSFILE, RK_STARTTLS,
	RK_FORMAT, RK_HEADERS, RK_TOKEN, RK_TOKENFILE, RK_CAFILE, RK_TLSVERIFY,
	RK_TIMEOUT, RK_COMMAND, RK__N
};
#define R(f)	F(receiver_config, f)
static const struct key receiver_keys[] = {
	[RK_NAME] = { "name", KT_STR, R(name) },
	[RK_PLUGIN] = { "plugin", KT_STR, R(plugin) },
	[RK_MINSEV] = { "min_severity", KT_SEV, R(min_severity) },
	[RK_KINDS] = { "kinds", KT_STRV, R(kinds), R(n_kinds) },
	[RK_TUNNELS] = { "tunnels", KT_STRV, R(tunnels), R(n_tunnels) },
	[RK_RATE] = { "rate_limit", KT_INT, R(rate_limit), 0, 0, 100000 },
	[RK_LANG] = { "language", KT_LANG, R(language) },
	[RK_URL] = { "url", KT_SECRET, R(url) },
	[RK_FROM] = { "from", KT_STR, R(from) },
	[RK_TO] = { "to", KT_STRV, R(to), R(n_to) },
	[RK_USER] = { "username", KT_STR, R(username) },
	[RK_PASS] = { "password", KT_SECRET, R(password) },
	[RK_PASSFILE] = { "password_file", KT_STR, R(password_file) },
	[RK_STARTTLS] = { "starttls", KT_CHOICE, R(starttls), 0, 0, 0, starttls_choices },
	[RK_FORMAT] = { "format", KT_CHOICE, R(format), 0, 0, 0, format_choices },
	[RK_HEADERS] = { "headers", KT_STRV, R(headers), R(n_headers) },
	[RK_TOKEN] = { "token", KT_SECRET, R(token) },
	[RK_TOKENFILE] = { "token_file", KT_STR, R(token_file) },
	[RK_CAFILE] = { "ca_file", KT_PATH, R(ca_file) },
	[RK_TLSVERIFY] = { "tls_verify", KT_BOOL, R(tls_verify) },
	[RK_TIMEOUT] = { "timeout", KT_DUR, R(timeout), 0, 1, 3600 },
	[RK_COMMAND] = { "command", KT_STRV, R(command), R(n_command) },
	[RK__N] = { NULL }
};
#undef R

#define B(k)	(1u << (k))
#define RK_COMMON (B(RK_NAME) | B(RK_PLUGIN) | B(RK_MINSEV) | B(RK_KINDS) | \
	B(RK_TUNNELS) | B(RK_RATE) | B(RK_LANG))
#define RK_TLS	(B(RK_CAFILE) | B(RK_TLSVERIFY) | B(RK_TIMEOUT))
/* Keys each known plugin takes, in the order of plugin_names[]. */
static const unsigned plugin_keys[] = {
	RK_COMMON | RK_TLS | B(RK_URL) | B(RK_FROM) | B(RK_TO) | B(RK_USER) |
	    B(RK_PASS) | B(RK_PASSFILE) | B(RK_STARTTLS),
	RK_COMMON | RK_TLS | B(RK_URL) | B(RK_FORMAT) | B(RK_HEADERS) |
	    B(RK_TOKEN) | B(RK_TOKENFILE),
	RK_COMMON | B(RK_COMMAND) | B(RK_TIMEOUT),
	RK_COMMON,
};
/* Keys each known plugin needs. */
static const unsigned plugin_required[] = {
	B(RK_URL) | B(RK_FROM) | B(RK_TO),
	B(RK_URL),
	B(RK_COMMAND),
	0,
};

/* diagnostics = ( { ... } ). */
enum { DK_NAME, DK_COMMAND, DK_TIMEOUT, DK__N };
static const struct key diag_keys[] = {
	[DK_NAME] = { "name", KT_STR, F(diag_config, name) },
	[DK_COMMAND] = { "command", KT_STRV, F(diag_config, argv), F(diag_config, argc) },
	[DK_TIMEOUT] = { "timeout", KT_DUR, F(diag_config, timeout), 0, 1, 600 },
	[DK__N] = { NULL }
};

#undef F
#undef FC

/* Add "file:line: message" for a setting. */
static void
conf_err(struct ctx *c, const config_setting_t *s, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg, *file;
	int	 line;

	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	file = conf_file_of(c, s);
	line = s != NULL ? (int)config_setting_source_line(s) : 0;
	causes_addf_at(c->causes, file, line, "%s", msg);
	free(msg);
	c->lines = xreallocarray(c->lines, c->nmsg + 1, sizeof *c->lines);
	c->files = xreallocarray(c->files, c->nmsg + 1, sizeof *c->files);
	c->lines[c->nmsg] = line;
	c->files[c->nmsg] = file;
	c->nmsg++;
}

/*
 * Put the messages reported since message number from (counted from the
 * start of this load) in line order, keeping the order of messages on one
 * line.  One group element is checked in several passes (values, then what
 * its plugin needs); the admin should read them top to bottom.  Left alone
 * when an @include inside the element mixes files.
 */
static void
conf_sort_from(struct ctx *c, size_t from)
{
	char	**msg, *tm, *tf;
	size_t	 i, j;
	int	 tl;

	if (from + 1 >= c->nmsg)
		return;		/* nothing to order (and maybe no array yet) */
	msg = c->causes->msg + c->base;
	for (i = from + 1; i < c->nmsg; i++) {
		if (strcmp(c->files[i], c->files[from]) != 0)
			return;
	}
	for (i = from + 1; i < c->nmsg; i++) {
		tl = c->lines[i];
		tm = msg[i];
		tf = c->files[i];
		for (j = i; j > from && c->lines[j - 1] > tl; j--) {
			c->lines[j] = c->lines[j - 1];
			msg[j] = msg[j - 1];
			c->files[j] = c->files[j - 1];
		}
		c->lines[j] = tl;
		msg[j] = tm;
		c->files[j] = tf;
	}
}

/*
 * The file a setting comes from.  libconfig 1.5 records an included file
 * by the name written after @include, which is relative to the include
 * directory (the main file's directory), so that is put in front.
 */
static char *
conf_file_of(struct ctx *c, const config_setting_t *s)
{
	const char	*f;
	char		*r;

	f = s != NULL ? config_setting_source_file(s) : NULL;
	if (f == NULL || strcmp(f, c->path) == 0)
		return (xstrdup(c->path));
	if (f[0] != '/' && c->dir != NULL) {
		xasprintf(&r, "%s/%s", c->dir, f);
		return (r);
	}
	return (xstrdup(f));
}

/* Name of a setting's type, as used in messages. */
static const char *
conf_type_name(const config_setting_t *s)
{
	switch (config_setting_type(s)) {
	case CONFIG_TYPE_GROUP:
		return ("a group { ... }");
	case CONFIG_TYPE_INT:
	case CONFIG_TYPE_INT64:
		return ("an integer");
	case CONFIG_TYPE_FLOAT:
		return ("a floating point number");
	case CONFIG_TYPE_STRING:
		return ("a string");
	case CONFIG_TYPE_BOOL:
		return ("a boolean");
	case CONFIG_TYPE_ARRAY:
		return ("an array [ ... ]");
	case CONFIG_TYPE_LIST:
		return ("a list ( ... )");
	default:
		return ("nothing");
	}
}

/* Join a group path and a key name: "tunnels" + "down_grace". */
static char *
conf_key_path(const char *prefix, const char *name)
{
	char	*r;

	if (prefix == NULL || *prefix == '\0')
		return (xstrdup(name));
	xasprintf(&r, "%s.%s", prefix, name);
	return (r);
}

/* Levenshtein distance of two short strings (key names). */
static size_t
conf_edit_distance(const char *a, const char *b)
{
	size_t	 la = strlen(a), lb = strlen(b), i, j, prev, tmp, best;
	size_t	 row[64];

	if (la >= 64 || lb >= 64)
		return (SIZE_MAX);
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			tmp = row[j];
			best = prev + (a[i - 1] != b[j - 1]);
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			prev = tmp;
		}
	}
	return (row[lb]);
}

/* The known key closest to a misspelt one, or NULL if none is close. */
static const char *
conf_suggest(const char *name, const struct key *keys)
{
	const char	*best = NULL;
	size_t		 d, bestd = 3;	/* at most two edits away */

	for (; keys->name != NULL; keys++) {
		d = conf_edit_distance(name, keys->name);
		if (d < bestd) {
			bestd = d;
			best = keys->name;
		}
	}
	return (best);
}

/*
 * Visit every setting of a group in file order: unknown names are errors,
 * known ones are checked and stored into base.  seen[i] (if not NULL)
 * receives the setting of keys[i], so callers can check what is missing
 * and what does not fit together.
 */
static void
conf_scan(struct ctx *c, config_setting_t *group, const char *prefix,
    const struct key *keys, void *base, config_setting_t **seen)
{
	config_setting_t	*s;
	const struct key	*k;
	const char		*name, *hint;
	char			*where;
	int			 i, n;

	n = config_setting_length(group);
	for (i = 0; i < n; i++) {
		s = config_setting_get_elem(group, i);
		name = config_setting_name(s);
		for (k = keys; k->name != NULL; k++) {
			if (strcmp(k->name, name) == 0)
				break;
		}
		if (k->name == NULL) {
			hint = conf_suggest(name, keys);
			where = prefix != NULL && *prefix != '\0' ?
			    xstrdup(prefix) : NULL;
			conf_err(c, s, "unknown setting \"%s\"%s%s%s%s%s", name,
			    where ? " in " : "", where ? where : "",
			    hint ? " (did you mean \"" : "", hint ? hint : "",
			    hint ? "\"?)" : "");
			free(where);
			continue;
		}
		if (seen != NULL)
			seen[k - keys] = s;
		conf_set(c, s, prefix, k, base);
	}
}

/* Check one setting against its key and store it. */
static void
conf_set(struct ctx *c, config_setting_t *s, const char *prefix,
    const struct key *k, void *base)
{
	char		 *field = k->off == NOSTORE ? NULL : (char *)base + k->off;
	char		 *kp, **strp;
	const char	 *str;
	long long	  v;
	int64_t		  d;
	int		  i, t = config_setting_type(s);
	char		 *end;
	bool		  overflow;

	kp = conf_key_path(prefix, k->name);
	switch (k->type) {
	case KT_SUB:
		k->sub(c, s, kp);
		break;
	case KT_STR:
	case KT_PATH:
	case KT_SECRET:
		if (!conf_get_string(c, s, kp, &str))
			break;
		if (k->type == KT_PATH && str[0] != '/') {
			conf_err(c, s, "%s: \"%s\" is not an absolute path", kp, str);
			break;
		}
		strp = (char **)field;
		free(*strp);
		*strp = xstrdup(str);
		break;
	case KT_BOOL:
		if (t != CONFIG_TYPE_BOOL) {
			conf_err(c, s, "%s: expected true or false, got %s", kp,
			    conf_type_name(s));
			break;
		}
		*(bool *)field = config_setting_get_bool(s) != 0;
		break;
	case KT_INT:
		if (t != CONFIG_TYPE_INT && t != CONFIG_TYPE_INT64) {
			conf_err(c, s, "%s: expected an integer, got %s", kp,
			    conf_type_name(s));
			break;
		}
		v = config_setting_get_int64(s);
		if (conf_int_truncated(c, s, v)) {
			conf_err(c, s, "%s: integer too large", kp);
			break;
		}
		if (v < k->min || v > k->max) {
			conf_err(c, s, "%s: %lld is out of range (%lld to %lld)", kp,
			    v, (long long)k->min, (long long)k->max);
			break;
		}
		*(int *)field = (int)v;
		break;
	case KT_DUR:
		if (t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64) {
			v = config_setting_get_int64(s);
			if (conf_int_truncated(c, s, v)) {
				conf_err(c, s, "%s: integer too large; write the "
				    "duration as a string such as \"30d\"", kp);
				break;
			}
			d = v < 0 ? -1 : (int64_t)v;
			if (d < 0) {
				conf_err(c, s, "%s: negative duration %lld", kp, v);
				break;
			}
		} else if (t == CONFIG_TYPE_STRING) {
			str = config_setting_get_string(s);
			d = conf_duration(str, &overflow);
			if (overflow) {
				conf_err(c, s, "%s: duration \"%s\" is too large", kp,
				    str);
				break;
			}
			if (d < 0 && str[0] == '-') {
				conf_err(c, s, "%s: negative duration \"%s\"", kp,
				    str);
				break;
			}
			if (d < 0) {
				conf_err(c, s, "%s: invalid duration \"%s\" (use a "
				    "number with unit s, m, h or d, such as \"90s\" "
				    "or \"1h30m\")", kp, str);
				break;
			}
		} else {
			conf_err(c, s, "%s: expected a duration such as \"30s\", "
			    "got %s", kp, conf_type_name(s));
			break;
		}
		if (d < k->min || d > k->max) {
			char	 lo[32], hi[32];

			conf_format_duration(k->min, lo, sizeof lo);
			conf_format_duration(k->max, hi, sizeof hi);
			conf_err(c, s, "%s: duration out of range (%s to %s)", kp,
			    lo, hi);
			break;
		}
		*(int64_t *)field = d;
		break;
	case KT_STRV:
		conf_get_strv(c, s, kp, (char ***)field,
		    (size_t *)((char *)base + k->noff));
		break;
	case KT_LANG:
	case KT_SEV:
	case KT_CHOICE:
		if (!conf_get_string(c, s, kp, &str))
			break;
		{
			const char *const *ch = k->type == KT_LANG ? lang_choices :
			    k->type == KT_SEV ? sev_choices : k->choices;
			char	*list = NULL, *tmp;

			for (i = 0; ch[i] != NULL; i++) {
				if (strcmp(ch[i], str) == 0)
					break;
			}
			if (ch[i] == NULL) {
				for (i = 0; ch[i] != NULL; i++) {
					xasprintf(&tmp, "%s%s%s", list ? list : "",
					    list ? ", " : "", ch[i]);
					free(list);
					list = tmp;
				}
				conf_err(c, s, "%s: \"%s\" is not one of: %s", kp, str,
				    list);
				free(list);
				break;
			}
			if (k->type == KT_LANG)
				*(enum iw_lang *)field = (enum iw_lang)i;
			else if (k->type == KT_SEV)
				*(enum iw_severity *)field = (enum iw_severity)i;
			else if (k->off != NOSTORE) {
				/* Choices kept as strings (format, starttls). */
				strp = (char **)field;
				free(*strp);
				*strp = xstrdup(str);
			}
		}
		break;
	case KT_MODE:
		if (t != CONFIG_TYPE_STRING) {
			conf_err(c, s, "%s: expected an octal string such as "
			    "\"0660\", got %s", kp, conf_type_name(s));
			break;
		}
		str = config_setting_get_string(s);
		errno = 0;
		v = strtoll(str, &end, 8);
		if (str[0] < '0' || str[0] > '7' || *end != '\0' || errno != 0 ||
		    v > 0777) {
			conf_err(c, s, "%s: \"%s\" is not an octal file mode such "
			    "as \"0660\"", kp, str);
			break;
		}
		*(mode_t *)field = (mode_t)v;
		break;
	}
	free(kp);
}

/*
 * Whether libconfig cut an integer: 1.5 reads a decimal literal beyond 32
 * bits without the L suffix modulo 2^32 (10000000000 becomes 1410065408)
 * and says nothing.  The literal is read again from the file, where it
 * follows "name =" on the setting's line; when it cannot be found there
 * the value is trusted.
 */
static bool
conf_int_truncated(struct ctx *c, const config_setting_t *s, long long v)
{
	const char	*name = config_setting_name(s);
	char		*file, *line = NULL, *p, *end;
	size_t		 cap = 0, nl;
	unsigned	 want = config_setting_source_line(s), n = 0;
	long long	 lit;
	bool		 cut = false;
	FILE		*f;

	if (config_setting_type(s) != CONFIG_TYPE_INT || name == NULL || want == 0)
		return (false);
	file = conf_file_of(c, s);
	f = fopen(file, "r");
	free(file);
	if (f == NULL)
		return (false);
	while (n < want && getline(&line, &cap, f) != -1)
		n++;
	fclose(f);
	if (n != want || line == NULL) {
		free(line);
		return (false);
	}
	nl = strlen(name);
	for (p = line; (p = strstr(p, name)) != NULL; p += nl) {
		if (p > line && (isalnum((unsigned char)p[-1]) || p[-1] == '_'))
			continue;
		end = p + nl;
		while (*end == ' ' || *end == '\t')
			end++;
		if (*end != '=' && *end != ':')
			continue;
		for (end++; *end == ' ' || *end == '\t'; end++)
			;
		p = end;
		if (*p == '-' || *p == '+')
			p++;
		if (!isdigit((unsigned char)*p) || (p[0] == '0' &&
		    (p[1] == 'x' || p[1] == 'X')))
			break;		/* not decimal: trust libconfig */
		errno = 0;
		lit = strtoll(end, &p, 10);
		cut = errno == ERANGE || lit != v;
		break;
	}
	free(line);
	return (cut);
}

/* Fetch a non-empty string setting; false (with an error) otherwise. */
static bool
conf_get_string(struct ctx *c, config_setting_t *s, const char *kp,
    const char **out)
{
	const char	*str;

	if (config_setting_type(s) != CONFIG_TYPE_STRING) {
		conf_err(c, s, "%s: expected a string, got %s", kp,
		    conf_type_name(s));
		return (false);
	}
	str = config_setting_get_string(s);
	if (str == NULL || *str == '\0') {
		conf_err(c, s, "%s: must not be empty", kp);
		return (false);
	}
	*out = str;
	return (true);
}

/*
 * Fetch a list of non-empty strings: an array [ "a", "b" ], a list
 * ( "a", "b" ), or a single string as a list of one.
 */
static bool
conf_get_strv(struct ctx *c, config_setting_t *s, const char *kp,
    char ***out, size_t *nout)
{
	config_setting_t	*e;
	const char		*str;
	char			**v;
	int			 i, n, t = config_setting_type(s);
	bool			 ok = true;

	if (t == CONFIG_TYPE_STRING) {
		if (!conf_get_string(c, s, kp, &str))
			return (false);
		conf_strv_free(*out, *nout);
		*out = xcalloc(1, sizeof **out);
		(*out)[0] = xstrdup(str);
		*nout = 1;
		return (true);
	}
	if (t != CONFIG_TYPE_ARRAY && t != CONFIG_TYPE_LIST) {
		conf_err(c, s, "%s: expected a list of strings [ \"...\" ], got %s",
		    kp, conf_type_name(s));
		return (false);
	}
	n = config_setting_length(s);
	for (i = 0; i < n; i++) {
		e = config_setting_get_elem(s, i);
		if (config_setting_type(e) != CONFIG_TYPE_STRING) {
			conf_err(c, e, "%s[%d]: expected a string, got %s", kp, i,
			    conf_type_name(e));
			ok = false;
		} else if (*config_setting_get_string(e) == '\0') {
			conf_err(c, e, "%s[%d]: must not be empty", kp, i);
			ok = false;
		}
	}
	if (!ok)
		return (false);
	conf_strv_free(*out, *nout);
	*out = NULL;
	*nout = 0;
	if (n == 0)
		return (true);
	v = xcalloc((size_t)n, sizeof *v);
	for (i = 0; i < n; i++)
		v[i] = xstrdup(config_setting_get_string(config_setting_get_elem(s, i)));
	*out = v;
	*nout = (size_t)n;
	return (true);
}

/* Free a string vector. */
static void
conf_strv_free(char **v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Free a string vector that may hold secrets, wiping it. */
static void
conf_strv_freezero(char **v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		freezero_str(v[i]);
	free(v);
}

/*
 * Length of a list of groups, or -1 (with an error) when s is not a list.
 * Elements that are not groups are reported here and skipped by callers,
 * so the others are still checked.
 */
static int
conf_list_length(struct ctx *c, config_setting_t *s, const char *kp)
{
	config_setting_t	*e;
	int			 i, n;

	if (config_setting_type(s) != CONFIG_TYPE_LIST) {
		conf_err(c, s, "%s: expected a list ( { ... }, ... ), got %s", kp,
		    conf_type_name(s));
		return (-1);
	}
	n = config_setting_length(s);
	for (i = 0; i < n; i++) {
		e = config_setting_get_elem(s, (unsigned)i);
		if (config_setting_type(e) != CONFIG_TYPE_GROUP)
			conf_err(c, e, "%s[%d]: expected a group { ... }, got %s",
			    kp, i, conf_type_name(e));
	}
	return (n);
}

/* inputs = ( ... ): every input, with names unique. */
static void
conf_top_inputs(struct ctx *c, config_setting_t *s, const char *kp)
{
	struct iw_config	*cf = c->cf;
	struct input_config	*in;
	config_setting_t	*e;
	char			*ep;
	size_t			 j, from;
	int			 i, n;

	if ((n = conf_list_length(c, s, kp)) <= 0)
		return;
	cf->inputs = xcalloc((size_t)n, sizeof *cf->inputs);
	for (i = 0; i < n; i++) {
		e = config_setting_get_elem(s, (unsigned)i);
		if (config_setting_type(e) != CONFIG_TYPE_GROUP)
			continue;
		xasprintf(&ep, "%s[%d]", kp, i);
		from = c->nmsg;
		in = &cf->inputs[cf->n_inputs++];
		conf_input(c, e, ep, in);
		for (j = 0; j + 1 < cf->n_inputs && in->name != NULL; j++) {
			if (cf->inputs[j].name == NULL ||
			    strcmp(in->name, cf->inputs[j].name) != 0)
				continue;
			conf_err(c, e, "%s: duplicate input name \"%s\" (first at "
			    "line %d); give each input its own \"name\"", ep,
			    in->name, cf->inputs[j].line);
			break;
		}
		conf_sort_from(c, from);
		free(ep);
	}
}

/* One input: type decides which keys are allowed and needed. */
static void
conf_input(struct ctx *c, config_setting_t *g, const char *ep,
    struct input_config *in)
{
	config_setting_t	*seen[IN__N] = { NULL };
	const char		*type = NULL, *start;
	size_t			 i;

	in->line = (int)config_setting_source_line(g);
	in->type = INPUT_FILE;
	conf_scan(c, g, ep, input_keys, in, seen);
	if (seen[IN_TYPE] == NULL) {
		conf_err(c, g, "%s: missing required setting \"type\" (\"file\" "
		    "or \"journal\")", ep);
		return;
	}
	if (config_setting_type(seen[IN_TYPE]) != CONFIG_TYPE_STRING)
		return;
	type = config_setting_get_string(seen[IN_TYPE]);
	if (strcmp(type, "journal") == 0)
		in->type = INPUT_JOURNAL;
	else if (strcmp(type, "file") != 0)
		return;
	if (seen[IN_START] != NULL &&
	    config_setting_type(seen[IN_START]) == CONFIG_TYPE_STRING) {
		start = config_setting_get_string(seen[IN_START]);
		in->from_beginning = strcmp(start, "beginning") == 0;
	}
	if (in->type == INPUT_FILE) {
		if (seen[IN_PATH] == NULL)
			conf_err(c, g, "%s: missing required setting \"path\" for "
			    "type \"file\"", ep);
		for (i = IN_IDENT; i <= IN_JDIR; i++) {
			if (seen[i] != NULL)
				conf_err(c, seen[i], "%s.%s: only valid for type "
				    "\"journal\"", ep, input_keys[i].name);
		}
	} else {
		if (seen[IN_PATH] != NULL)
			conf_err(c, seen[IN_PATH], "%s.path: only valid for type "
			    "\"file\"", ep);
#ifndef HAVE_LIBSYSTEMD
		conf_err(c, seen[IN_TYPE], "%s.type: this ipsecwatch was built "
		    "without systemd support (--without-systemd); the journal "
		    "input is not available", ep);
#endif
		if (seen[IN_IDENT] == NULL) {
			for (i = 0; default_identifiers[i] != NULL; i++)
				;
			in->identifiers = xcalloc(i, sizeof *in->identifiers);
			for (i = 0; default_identifiers[i] != NULL; i++)
				in->identifiers[i] = xstrdup(default_identifiers[i]);
			in->n_identifiers = i;
		}
	}
	if (in->name == NULL)
		in->name = xstrdup(in->type == INPUT_FILE ?
		    (in->path != NULL ? in->path : "file") : "journal");
}

/* control = { ... }. */
static void
conf_top_control(struct ctx *c, config_setting_t *s, const char *kp)
{
	if (config_setting_type(s) != CONFIG_TYPE_GROUP) {
		conf_err(c, s, "%s: expected a group { ... }, got %s", kp,
		    conf_type_name(s));
		return;
	}
	conf_scan(c, s, kp, control_keys, c->cf, NULL);
}

/* metrics = { ... }: listen is "host:port", "[v6]:port" or a bare port. */
static void
conf_top_metrics(struct ctx *c, config_setting_t *s, const char *kp)
{
	config_setting_t	*l;
	struct iw_config	*cf = c->cf;
	const char		*str, *colon, *port;
	char			*end, *host;
	long			 p;

	if (config_setting_type(s) != CONFIG_TYPE_GROUP) {
		conf_err(c, s, "%s: expected a group { ... }, got %s", kp,
		    conf_type_name(s));
		return;
	}
	conf_scan(c, s, kp, metrics_keys, cf, NULL);
	if (cf->metrics.listen == NULL)
		return;
	l = config_setting_get_member(s, "listen");
	str = cf->metrics.listen;
	if (str[0] == '[') {
		colon = strstr(str, "]:");
		port = colon != NULL ? colon + 2 : NULL;
		host = colon != NULL && colon > str + 1 ? xstrndup(str, (size_t)(colon + 1 - str)) :
		    NULL;
	} else if ((colon = strrchr(str, ':')) != NULL) {
		port = colon + 1;
		host = colon > str && memchr(str, ':', (size_t)(colon - str)) == NULL ?
		    xstrndup(str, (size_t)(colon - str)) : NULL;
	} else {
		port = str;
		host = xstrdup("127.0.0.1");
	}
	p = 0;
	if (port != NULL && isdigit((unsigned char)*port)) {
		errno = 0;
		p = strtol(port, &end, 10);
		if (*end != '\0' || errno != 0)
			p = 0;
	}
	if (host == NULL || p < 1 || p > 65535) {
		conf_err(c, l, "%s.listen: \"%s\" is not an address and port such "
		    "as \"127.0.0.1:9437\" or \"[::1]:9437\"", kp, str);
		free(host);
		free(cf->metrics.listen);
		cf->metrics.listen = NULL;
		return;
	}
	free(cf->metrics.listen);
	xasprintf(&cf->metrics.listen, "%s:%ld", host, p);
	free(host);
}

/* tunnels = { ... }. */
static void
conf_top_tunnels(struct ctx *c, config_setting_t *s, const char *kp)
{
	if (config_setting_type(s) != CONFIG_TYPE_GROUP) {
		conf_err(c, s, "%s: expected a group { ... }, got %s", kp,
		    conf_type_name(s));
		return;
	}
	conf_scan(c, s, kp, tunnel_keys, &c->cf->tunnels, NULL);
}

/* alerts = { ... }. */
static void
conf_top_alerts(struct ctx *c, config_setting_t *s, const char *kp)
{
	if (config_setting_type(s) != CONFIG_TYPE_GROUP) {
		conf_err(c, s, "%s: expected a group { ... }, got %s", kp,
		    conf_type_name(s));
		return;
	}
	conf_scan(c, s, kp, alert_keys, &c->cf->alerts, NULL);
}

/* receivers = ( ... ): every receiver, names unique. */
static void
conf_top_receivers(struct ctx *c, config_setting_t *s, const char *kp)
{
	struct iw_config	*cf = c->cf;
	struct receiver_config	*r;
	config_setting_t	*e;
	char			*ep;
	size_t			 j, from;
	int			 i, n;

	if ((n = conf_list_length(c, s, kp)) <= 0)
		return;
	cf->receivers = xcalloc((size_t)n, sizeof *cf->receivers);
	for (i = 0; i < n; i++) {
		e = config_setting_get_elem(s, (unsigned)i);
		if (config_setting_type(e) != CONFIG_TYPE_GROUP)
			continue;
		xasprintf(&ep, "%s[%d]", kp, i);
		from = c->nmsg;
		r = &cf->receivers[cf->n_receivers++];
		conf_receiver(c, e, ep, r);
		for (j = 0; j + 1 < cf->n_receivers && r->name != NULL; j++) {
			if (cf->receivers[j].name == NULL ||
			    strcmp(r->name, cf->receivers[j].name) != 0)
				continue;
			conf_err(c, config_setting_get_member(e, "name"),
			    "%s.name: duplicate receiver name \"%s\" (first at "
			    "line %d)", ep, r->name, cf->receivers[j].line);
			break;
		}
		conf_sort_from(c, from);
		free(ep);
	}
}

/* One receiver: common keys, then what its plugin takes and needs. */
static void
conf_receiver(struct ctx *c, config_setting_t *g, const char *ep,
    struct receiver_config *r)
{
	config_setting_t	*seen[RK__N] = { NULL };
	size_t			 i, p;
	const char		*u;
	int			 k;

	r->line = (int)config_setting_source_line(g);
	r->min_severity = IW_SEV_WARNING;
	r->language = IW_LANG__COUNT;	/* = the global language, set later */
	r->tls_verify = true;
	r->timeout = 10;
	conf_scan(c, g, ep, receiver_keys, r, seen);

	if (seen[RK_NAME] == NULL)
		conf_err(c, g, "%s: missing required setting \"name\"", ep);
	else if (r->name != NULL) {
		for (u = r->name; *u != '\0'; u++) {
			if (!isalnum((unsigned char)*u) && strchr("-_.@", *u) == NULL)
				break;
		}
		if (*u != '\0') {
			conf_err(c, seen[RK_NAME], "%s.name: \"%s\" may only hold "
			    "letters, digits and - _ . @", ep, r->name);
		}
	}
	for (i = 0; i < r->n_kinds; i++) {
		if (iw_alert_kind_from_name(r->kinds[i]) < 0) {
			char	*list = NULL, *tmp;

			for (k = 0; k < IW_ALERT__COUNT; k++) {
				xasprintf(&tmp, "%s%s%s", list ? list : "",
				    list ? ", " : "",
				    iw_alert_kind_name((enum iw_alert_kind)k));
				free(list);
				list = tmp;
			}
			conf_err(c, seen[RK_KINDS], "%s.kinds: unknown alert kind "
			    "\"%s\" (known: %s)", ep, r->kinds[i], list);
			free(list);
		}
	}
	if (seen[RK_PLUGIN] == NULL) {
		conf_err(c, g, "%s: missing required setting \"plugin\" (one of: "
		    "email, webhook, exec, console)", ep);
		return;
	}
	if (r->plugin == NULL)
		return;
	for (p = 0; plugin_names[p] != NULL; p++) {
		if (strcmp(plugin_names[p], r->plugin) == 0)
			break;
	}
	if (plugin_names[p] == NULL) {
		conf_err(c, seen[RK_PLUGIN], "%s.plugin: unknown plugin \"%s\" "
		    "(known: email, webhook, exec, console)", ep, r->plugin);
		return;
	}
	for (i = 0; i < RK__N; i++) {
		if (seen[i] != NULL && (plugin_keys[p] & B(i)) == 0)
			conf_err(c, seen[i], "%s.%s: not a setting of the %s "
			    "plugin", ep, receiver_keys[i].name, r->plugin);
	}
	for (i = 0; i < RK__N; i++) {
		if (seen[i] == NULL && (plugin_required[p] & B(i)) != 0)
			conf_err(c, g, "%s: missing required setting \"%s\" for "
			    "plugin \"%s\"", ep, receiver_keys[i].name, r->plugin);
	}

	/* What each plugin checks about its values. */
	if (strcmp(r->plugin, "email") == 0) {
		if (r->url != NULL && strncmp(r->url, "smtp://", 7) != 0 &&
		    strncmp(r->url, "smtps://", 8) != 0)
			conf_err(c, seen[RK_URL], "%s.url: must start with "
			    "smtp:// or smtps://", ep);
		if (r->from != NULL && (strchr(r->from, '@') == NULL ||
		    strpbrk(r->from, "\r\n<>\" ,") != NULL))
			conf_err(c, seen[RK_FROM], "%s.from: \"%s\" is not a mail "
			    "address such as \"ipsecwatch@gw.example\"", ep, r->from);
		for (i = 0; i < r->n_to; i++) {
			if (strchr(r->to[i], '@') == NULL ||
			    strpbrk(r->to[i], "\r\n<>\" ,") != NULL)
				conf_err(c, seen[RK_TO], "%s.to: \"%s\" is not a "
				    "mail address", ep, r->to[i]);
		}
		if (seen[RK_TO] != NULL && r->n_to == 0 &&
		    config_setting_is_aggregate(seen[RK_TO]) &&
		    config_setting_length(seen[RK_TO]) == 0)
			conf_err(c, seen[RK_TO], "%s.to: needs at least one "
			    "address", ep);
		if (seen[RK_PASS] != NULL && seen[RK_PASSFILE] != NULL)
			conf_err(c, seen[RK_PASSFILE], "%s: set either password or "
			    "password_file, not both", ep);
		if ((seen[RK_PASS] != NULL || seen[RK_PASSFILE] != NULL) &&
		    seen[RK_USER] == NULL)
			conf_err(c, g, "%s: a password needs a \"username\"", ep);
		/* Credentials never go out in clear unless asked to. */
		if (r->starttls == NULL)
			r->starttls = xstrdup(r->password != NULL ||
			    r->password_file != NULL ? "required" : "optional");
	} else if (strcmp(r->plugin, "webhook") == 0) {
		if (r->url != NULL && strncmp(r->url, "http://", 7) != 0 &&
		    strncmp(r->url, "https://", 8) != 0)
			conf_err(c, seen[RK_URL], "%s.url: must start with http:// "
			    "or https://", ep);
		for (i = 0; i < r->n_headers; i++) {
			const char	*h = r->headers[i], *colon;

			colon = strchr(h, ':');
			for (u = h; colon != NULL && u < colon; u++) {
				if (!isalnum((unsigned char)*u) && *u != '-' && *u != '_')
					break;
			}
			if (colon == NULL || colon == h || u != colon ||
			    strpbrk(h, "\r\n") != NULL)
				conf_err(c, seen[RK_HEADERS], "%s.headers[%zu]: not "
				    "a header line \"Name: value\"", ep, i);
		}
		if (seen[RK_TOKEN] != NULL && seen[RK_TOKENFILE] != NULL)
			conf_err(c, seen[RK_TOKENFILE], "%s: set either token or "
			    "token_file, not both", ep);
		if (r->format == NULL)
			r->format = xstrdup("json");
	} else if (strcmp(r->plugin, "exec") == 0) {
		if (r->n_command == 0 && seen[RK_COMMAND] != NULL &&
		    config_setting_is_aggregate(seen[RK_COMMAND]) &&
		    config_setting_length(seen[RK_COMMAND]) == 0)
			conf_err(c, seen[RK_COMMAND], "%s.command: needs at least "
			    "the program", ep);
		else if (r->n_command > 0 && r->command[0][0] != '/')
			conf_err(c, seen[RK_COMMAND], "%s.command: the program "
			    "\"%s\" must be an absolute path (there is no shell "
			    "and no PATH search)", ep, r->command[0]);
	}
	conf_receiver_secrets(c, seen, ep, r);
}

/*
 * Secrets of a receiver: inline ones need a private config file; the
 * _file ones are read now, under the same check, into password / token.
 */
static void
conf_receiver_secrets(struct ctx *c, config_setting_t **seen, const char *ep,
    struct receiver_config *r)
{
	char	*kp, *secret;
	size_t	 i;

	if (r->password != NULL) {
		c->cf->has_secrets = true;
		xasprintf(&kp, "%s.password", ep);
		conf_check_secret_file(c, seen[RK_PASS], kp);
		free(kp);
	}
	if (r->token != NULL) {
		c->cf->has_secrets = true;
		xasprintf(&kp, "%s.token", ep);
		conf_check_secret_file(c, seen[RK_TOKEN], kp);
		free(kp);
	}
	if (r->url != NULL && conf_url_has_password(r->url)) {
		c->cf->has_secrets = true;
		xasprintf(&kp, "%s.url", ep);
		conf_check_secret_file(c, seen[RK_URL], kp);
		free(kp);
	}
	for (i = 0; i < r->n_headers; i++) {
		if (!conf_header_is_secret(r->headers[i]))
			continue;
		c->cf->has_secrets = true;
		xasprintf(&kp, "%s.headers[%zu]", ep, i);
		conf_check_secret_file(c, seen[RK_HEADERS], kp);
		free(kp);
		break;
	}
	if (r->password_file != NULL && r->password == NULL) {
		xasprintf(&kp, "%s.password_file", ep);
		secret = conf_read_secret(c, seen[RK_PASSFILE], kp, r->password_file);
		free(kp);
		r->password = secret;
	}
	if (r->token_file != NULL && r->token == NULL) {
		xasprintf(&kp, "%s.token_file", ep);
		secret = conf_read_secret(c, seen[RK_TOKENFILE], kp, r->token_file);
		free(kp);
		r->token = secret;
	}
}

/* Whether a URL carries a password: scheme://user:password@host. */
static bool
conf_url_has_password(const char *url)
{
	const char	*p, *at, *slash;

	if ((p = strstr(url, "://")) == NULL)
		return (false);
	p += 3;
	slash = strchr(p, '/');
	at = strchr(p, '@');
	if (at == NULL || (slash != NULL && slash < at))
		return (false);
	return (memchr(p, ':', (size_t)(at - p)) != NULL);
}

/* Whether a header line carries credentials (Authorization, *token*, *key*). */
static bool
conf_header_is_secret(const char *h)
{
	static const char *const words[] = { "auth", "token", "key", "secret",
	    "password", "cookie", NULL };
	const char	*colon = strchr(h, ':');
	char		 name[128];
	size_t		 i, n;

	n = colon != NULL ? (size_t)(colon - h) : strlen(h);
	if (n >= sizeof name)
		n = sizeof name - 1;
	for (i = 0; i < n; i++)
		name[i] = (char)tolower((unsigned char)h[i]);
	name[n] = '\0';
	for (i = 0; words[i] != NULL; i++) {
		if (strstr(name, words[i]) != NULL)
			return (true);
	}
	return (false);
}

/*
 * A config file that holds a secret inline must be a file owned by root
 * or by us and closed to group and others.  The file checked is the one
 * the setting s was read from, which may be an included file.
 */
static void
conf_check_secret_file(struct ctx *c, const config_setting_t *s, const char *kp)
{
	struct stat	 st;
	char		*file;

	file = conf_file_of(c, s);
	if (stat(file, &st) == -1) {
		conf_err(c, s, "%s: cannot check %s: %s", kp, file, strerror(errno));
	} else if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
		conf_err(c, s, "%s: %s holds a secret but is accessible by group "
		    "or others (mode %04o); run: chmod 600 %s", kp, file,
		    (unsigned)(st.st_mode & 07777), file);
	} else if (st.st_uid != 0 && st.st_uid != c->uid) {
		conf_err(c, s, "%s: %s holds a secret but is owned by uid %u, "
		    "not by root or uid %u; run: chown %u %s", kp, file,
		    (unsigned)st.st_uid, (unsigned)c->uid, (unsigned)c->uid, file);
	}
	free(file);
}

/* A relative secret file name is taken relative to the file naming it. */
static char *
conf_resolve(struct ctx *c, const config_setting_t *s, const char *name)
{
	char	*file, *slash, *r;

	if (name[0] == '/')
		return (xstrdup(name));
	file = conf_file_of(c, s);
	slash = strrchr(file, '/');
	if (slash == NULL) {
		free(file);
		return (xstrdup(name));
	}
	*slash = '\0';
	xasprintf(&r, "%s/%s", file, name);
	free(file);
	return (r);
}

/*
 * Read a secret from its own file (one line; a trailing newline is
 * dropped).  The checks run on the opened descriptor, so the file checked
 * is the file read.  NULL (with an error) when anything is wrong.
 */
static char *
conf_read_secret(struct ctx *c, const config_setting_t *s, const char *kp,
    const char *name)
{
	struct stat	 st;
	char		*path, *buf = NULL;
	ssize_t		 n;
	size_t		 len = 0;
	int		 fd;

	path = conf_resolve(c, s, name);
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)) == -1) {
		conf_err(c, s, "%s: cannot open %s: %s", kp, path, strerror(errno));
		goto out;
	}
	if (fstat(fd, &st) == -1) {
		conf_err(c, s, "%s: %s: %s", kp, path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		conf_err(c, s, "%s: %s is not a regular file", kp, path);
		goto out;
	}
	if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
		conf_err(c, s, "%s: %s holds a secret but is accessible by group "
		    "or others (mode %04o); run: chmod 600 %s", kp, path,
		    (unsigned)(st.st_mode & 07777), path);
		goto out;
	}
	if (st.st_uid != 0 && st.st_uid != c->uid) {
		conf_err(c, s, "%s: %s holds a secret but is owned by uid %u, "
		    "not by root or uid %u; run: chown %u %s", kp, path,
		    (unsigned)st.st_uid, (unsigned)c->uid, (unsigned)c->uid, path);
		goto out;
	}
	buf = xmalloc(CONF_SECRET_MAX + 1);
	while (len < CONF_SECRET_MAX) {
		n = read(fd, buf + len, CONF_SECRET_MAX - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			conf_err(c, s, "%s: reading %s: %s", kp, path, strerror(errno));
			goto bad;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (len == CONF_SECRET_MAX) {
		conf_err(c, s, "%s: %s is longer than %d bytes", kp, path,
		    CONF_SECRET_MAX - 1);
		goto bad;
	}
	buf[len] = '\0';
	if (len > 0 && buf[len - 1] == '\n')
		buf[--len] = '\0';
	if (len > 0 && buf[len - 1] == '\r')
		buf[--len] = '\0';
	if (len == 0) {
		conf_err(c, s, "%s: %s is empty", kp, path);
		goto bad;
	}
	if (strlen(buf) != len || strpbrk(buf, "\r\n") != NULL) {
		conf_err(c, s, "%s: %s must hold the secret on one line", kp, path);
		goto bad;
	}
	goto out;
bad:
	conf_wipe(buf, CONF_SECRET_MAX + 1);
	free(buf);
	buf = NULL;
out:
	if (fd != -1)
		close(fd);
	free(path);
	return (buf);
}

/* diagnostics = ( ... ). */
static void
conf_top_diagnostics(struct ctx *c, config_setting_t *s, const char *kp)
{
	struct iw_config	*cf = c->cf;
	struct diag_config	*d;
	config_setting_t	*e;
	char			*ep;
	size_t			 j, from;
	int			 i, n;

	if ((n = conf_list_length(c, s, kp)) <= 0)
		return;
	cf->diagnostics = xcalloc((size_t)n, sizeof *cf->diagnostics);
	for (i = 0; i < n; i++) {
		e = config_setting_get_elem(s, (unsigned)i);
		if (config_setting_type(e) != CONFIG_TYPE_GROUP)
			continue;
		xasprintf(&ep, "%s[%d]", kp, i);
		from = c->nmsg;
		d = &cf->diagnostics[cf->n_diagnostics++];
		conf_diag(c, e, ep, d);
		for (j = 0; j + 1 < cf->n_diagnostics && d->name != NULL; j++) {
			if (cf->diagnostics[j].name == NULL ||
			    strcmp(d->name, cf->diagnostics[j].name) != 0)
				continue;
			conf_err(c, config_setting_get_member(e, "name"),
			    "%s.name: duplicate diagnostic name \"%s\" (first at "
			    "line %d)", ep, d->name, cf->diagnostics[j].line);
			break;
		}
		conf_sort_from(c, from);
		free(ep);
	}
}

/* One diagnostic command: argv with only %peer% and %conn% substituted. */
static void
conf_diag(struct ctx *c, config_setting_t *g, const char *ep,
    struct diag_config *d)
{
	config_setting_t	*seen[DK__N] = { NULL };
	const char		*p, *q;
	size_t			 i;

	d->line = (int)config_setting_source_line(g);
	d->timeout = 5;
	conf_scan(c, g, ep, diag_keys, d, seen);
	if (seen[DK_NAME] == NULL)
		conf_err(c, g, "%s: missing required setting \"name\"", ep);
	if (seen[DK_COMMAND] == NULL) {
		conf_err(c, g, "%s: missing required setting \"command\"", ep);
		return;
	}
	if (d->argc == 0) {
		if (config_setting_is_aggregate(seen[DK_COMMAND]) &&
		    config_setting_length(seen[DK_COMMAND]) == 0)
			conf_err(c, seen[DK_COMMAND], "%s.command: needs at least "
			    "the program", ep);
		return;
	}
	if (d->argv[0][0] != '/')
		conf_err(c, seen[DK_COMMAND], "%s.command: the program \"%s\" must "
		    "be an absolute path (there is no shell and no PATH search)",
		    ep, d->argv[0]);
	for (i = 0; i < d->argc; i++) {
		for (p = d->argv[i]; (p = strchr(p, '%')) != NULL; p = q + 1) {
			q = strchr(p + 1, '%');
			if (q == NULL)
				break;
			if ((q - p == 5 && strncmp(p, "%peer%", 6) == 0) ||
			    (q - p == 5 && strncmp(p, "%conn%", 6) == 0))
				continue;
			conf_err(c, seen[DK_COMMAND], "%s.command[%zu]: unknown "
			    "placeholder \"%.*s\" (known: %%peer%%, %%conn%%)", ep, i,
			    (int)(q - p + 1), p);
			break;
		}
	}
}

/* Fill in every default (fields already zeroed). */
static void
conf_set_defaults(struct iw_config *cf)
{
	cf->state_dir = xstrdup(LOCALSTATEDIR "/lib/ipsecwatch");
	cf->pidfile = xstrdup(RUNSTATEDIR "/ipsecwatch/ipsecwatchd.pid");
	cf->plugin_dir = xstrdup(PKGLIBDIR "/plugins");
	cf->kb_file = xstrdup(SYSCONFDIR "/ipsecwatch/kb.conf");
	cf->language = IW_LANG_EN;
	cf->max_catchup_age = 86400;
	cf->save_interval = 10;
	cf->control.socket = xstrdup(RUNSTATEDIR "/ipsecwatch/ipsecwatch.sock");
	cf->control.mode = 0660;
	cf->control.max_clients = 64;
	cf->tunnels.down_grace = 30;
	cf->tunnels.negotiation_timeout = 0;
	cf->tunnels.rekey_margin = 300;
	cf->tunnels.startup_deadline = 300;
	cf->tunnels.restart_deadline = 120;
	cf->tunnels.flap_count = 4;
	cf->tunnels.flap_window = 3600;
	cf->alerts.group_wait = 10;
	cf->alerts.group_interval = 60;
	cf->alerts.repeat_interval = 4 * 3600;
	cf->alerts.send_resolved = true;
	cf->alerts.resolved_keep = 86400;
}

/* A config holding only defaults. */
struct iw_config *
conf_default(void)
{
	struct iw_config	*cf;

	cf = xcalloc(1, sizeof *cf);
	conf_set_defaults(cf);
	xasprintf(&cf->spool_dir, "%s/spool", cf->state_dir);
	return (cf);
}

/* Load, check and return a config; NULL with every error in causes. */
struct iw_config *
conf_load(const char *path, struct causes *causes)
{
	struct ctx	 c;
	config_t	 lc;
	struct stat	 st;
	int		 fd;
	const char	*ef;
	char		*slash, *file;
	size_t		 before = causes->n, i;
	struct iw_config *cf;

	if (path == NULL || *path == '\0') {
		causes_add(causes, "no configuration file given");
		return (NULL);
	}
	/*
	 * libconfig's own I/O error says nothing useful; check first, without
	 * blocking on a FIFO.
	 */
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) == -1) {
		causes_add(causes, "%s: %s", path, strerror(errno));
		return (NULL);
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		causes_add(causes, "%s: not a regular file", path);
		close(fd);
		return (NULL);
	}
	close(fd);
	/* Anyone who can write it could run commands (exec, diagnostics). */
	if ((st.st_mode & S_IWOTH) != 0) {
		causes_add(causes, "%s: writable by anyone (mode %04o); run: "
		    "chmod o-w %s", path, (unsigned)(st.st_mode & 07777), path);
		return (NULL);
	}

	memset(&c, 0, sizeof c);
	c.causes = causes;
	c.base = causes->n;
	c.path = path;
	c.uid = geteuid();
	/* @include "x" is relative to the directory of the main file. */
	if ((slash = strrchr(path, '/')) != NULL)
		c.dir = slash == path ? xstrdup("/") :
		    xstrndup(path, (size_t)(slash - path));

	/* libconfig exits the process on an @include of a directory. */
	if (!conf_check_includes(&c, path, path, 0)) {
		free(c.dir);
		return (NULL);
	}

	config_init(&lc);
	if (c.dir != NULL)
		config_set_include_dir(&lc, c.dir);
	if (config_read_file(&lc, path) != CONFIG_TRUE) {
		ef = config_error_file(&lc);
		if (ef == NULL || strcmp(ef, path) == 0)
			file = xstrdup(path);
		else if (ef[0] != '/' && c.dir != NULL)
			xasprintf(&file, "%s/%s", c.dir, ef);
		else
			file = xstrdup(ef);
		causes_addf_at(causes, file, config_error_line(&lc), "%s",
		    config_error_text(&lc));
		free(file);
		config_destroy(&lc);
		free(c.dir);
		return (NULL);
	}

	cf = c.cf = xcalloc(1, sizeof *cf);
	cf->path = xstrdup(path);
	conf_set_defaults(cf);
	if (config_setting_length(config_root_setting(&lc)) == 0)
		log_debug("%s: empty configuration, using defaults", path);
	conf_scan(&c, config_root_setting(&lc), "", top_keys, cf, NULL);

	/* Defaults that depend on other settings. */
	if (cf->spool_dir == NULL)
		xasprintf(&cf->spool_dir, "%s/spool", cf->state_dir);
	for (i = 0; i < cf->n_receivers; i++) {
		if (cf->receivers[i].language == IW_LANG__COUNT)
			cf->receivers[i].language = cf->language;
	}

	config_destroy(&lc);
	free(c.dir);
	for (i = 0; i < c.nmsg; i++)
		free(c.files[i]);
	free(c.files);
	free(c.lines);
	if (causes->n != before) {
		conf_free(cf);
		return (NULL);
	}
	return (cf);
}

/*
 * Follow the @include lines of a file (as libconfig's scanner sees them:
 * "@include" first on a line, outside block comments) and check that each
 * names a readable regular file.  libconfig 1.5 has no hook for includes
 * and its scanner calls exit() when reading fails, as it does for a
 * directory; a FIFO would block it.  name is the file as messages call it.
 */
static bool
conf_check_includes(struct ctx *c, const char *file, const char *name, int depth)
{
	struct stat	 st;
	FILE		*f;
	char		*line = NULL, *p, *q, *inc, *incpath;
	size_t		 cap = 0;
	int		 lineno = 0, fd;
	bool		 ok = true, comment = false, was;

	if (depth > CONF_INCLUDE_DEPTH)
		return (true);		/* libconfig reports the nesting */
	if ((f = fopen(file, "r")) == NULL)
		return (true);		/* reported by the caller or libconfig */
	while (getline(&line, &cap, f) != -1) {
		lineno++;
		was = comment;
		conf_comment_state(line, &comment);
		if (was)
			continue;
		for (p = line; *p == ' ' || *p == '\t'; p++)
			;
		if (strncmp(p, "@include", 8) != 0)
			continue;
		for (p += 8; *p == ' ' || *p == '\t'; p++)
			;
		if (*p++ != '"')
			continue;
		inc = xmalloc(strlen(p) + 1);
		for (q = inc; *p != '\0' && *p != '"'; p++) {
			if (*p == '\\' && p[1] != '\0')
				p++;
			*q++ = *p;
		}
		*q = '\0';
		if (inc[0] != '/' && c->dir != NULL)
			xasprintf(&incpath, "%s/%s", c->dir, inc);
		else
			incpath = xstrdup(inc);
		/* Open without blocking, so a FIFO cannot hang the check. */
		fd = open(incpath, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		if (fd == -1) {
			causes_addf_at(c->causes, name, lineno, "cannot open include "
			    "file \"%s\": %s", inc, strerror(errno));
			ok = false;
		} else if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
			causes_addf_at(c->causes, name, lineno, "include file "
			    "\"%s\" is not a regular file", inc);
			ok = false;
		} else if ((st.st_mode & S_IWOTH) != 0) {
			causes_addf_at(c->causes, name, lineno, "include file "
			    "\"%s\" is writable by anyone (mode %04o); run: chmod "
			    "o-w %s", inc, (unsigned)(st.st_mode & 07777), incpath);
			ok = false;
		} else if (!conf_check_includes(c, incpath, incpath, depth + 1))
			ok = false;
		if (fd != -1)
			close(fd);
		free(incpath);
		free(inc);
	}
	free(line);
	fclose(f);
	return (ok);
}

/*
 * Track whether a line ends inside a block comment.  Strings and line
 * comments (# and //) hide comment openers.
 */
static void
conf_comment_state(const char *p, bool *comment)
{
	bool	 str = false;

	for (; *p != '\0'; p++) {
		if (*comment) {
			if (p[0] == '*' && p[1] == '/') {
				*comment = false;
				p++;
			}
		} else if (str) {
			if (*p == '\\' && p[1] != '\0')
				p++;
			else if (*p == '"')
				str = false;
		} else if (*p == '"')
			str = true;
		else if (*p == '#' || (p[0] == '/' && p[1] == '/'))
			return;
		else if (p[0] == '/' && p[1] == '*') {
			*comment = true;
			p++;
		}
	}
}

/* Overwrite a buffer that held a secret (the compiler may not drop it). */
static void
conf_wipe(char *buf, size_t len)
{
#ifdef HAVE_EXPLICIT_BZERO
	explicit_bzero(buf, len);
#else
	volatile char	*v = buf;

	while (len-- > 0)
		*v++ = 0;
#endif
}

/* Free one input. */
static void
conf_input_free(struct input_config *in)
{
	free(in->name);
	free(in->path);
	conf_strv_free(in->identifiers, in->n_identifiers);
	conf_strv_free(in->units, in->n_units);
	free(in->journal_dir);
}

/* Free one receiver, wiping whatever may be secret. */
static void
conf_receiver_free(struct receiver_config *r)
{
	free(r->name);
	free(r->plugin);
	conf_strv_free(r->kinds, r->n_kinds);
	conf_strv_free(r->tunnels, r->n_tunnels);
	freezero_str(r->url);
	free(r->from);
	conf_strv_free(r->to, r->n_to);
	free(r->username);
	freezero_str(r->password);
	free(r->password_file);
	free(r->starttls);
	free(r->format);
	conf_strv_freezero(r->headers, r->n_headers);
	freezero_str(r->token);
	free(r->token_file);
	free(r->ca_file);
	conf_strv_free(r->command, r->n_command);
}

/* Free a config and everything it holds; secrets are wiped. */
void
conf_free(struct iw_config *cf)
{
	size_t	 i;

	if (cf == NULL)
		return;
	free(cf->path);
	free(cf->user);
	free(cf->group);
	free(cf->state_dir);
	free(cf->pidfile);
	free(cf->spool_dir);
	free(cf->plugin_dir);
	free(cf->kb_file);
	for (i = 0; i < cf->n_inputs; i++)
		conf_input_free(&cf->inputs[i]);
	free(cf->inputs);
	free(cf->control.socket);
	free(cf->control.group);
	free(cf->metrics.listen);
	conf_strv_free(cf->tunnels.must_be_up, cf->tunnels.n_must_be_up);
	conf_strv_free(cf->tunnels.may_be_down, cf->tunnels.n_may_be_down);
	conf_strv_free(cf->tunnels.ignore, cf->tunnels.n_ignore);
	for (i = 0; i < cf->n_receivers; i++)
		conf_receiver_free(&cf->receivers[i]);
	free(cf->receivers);
	for (i = 0; i < cf->n_diagnostics; i++) {
		free(cf->diagnostics[i].name);
		conf_strv_free(cf->diagnostics[i].argv, cf->diagnostics[i].argc);
	}
	free(cf->diagnostics);
	free(cf);
}

/*
 * Parse a duration: digits followed by a unit, the units in falling order
 * and each at most once ("1d2h", "1h30m", "90s"); or digits alone, which
 * are seconds.  -1 for anything else; *overflow tells a well-formed but
 * too large value from garbage.
 */
static int64_t
conf_duration(const char *s, bool *overflow)
{
	static const struct { char unit; int64_t mul; } units[] = {
		{ 'd', 86400 }, { 'h', 3600 }, { 'm', 60 }, { 's', 1 },
	};
	int64_t		 total = 0, n;
	size_t		 next = 0, u;
	const char	*p = s;
	bool		 big = false;

	*overflow = false;
	if (s == NULL || *s == '\0')
		return (-1);
	while (*p != '\0') {
		if (!isdigit((unsigned char)*p))
			return (-1);
		n = 0;
		for (; isdigit((unsigned char)*p); p++) {
			if (n > (INT64_MAX - (*p - '0')) / 10)
				big = true;
			else
				n = n * 10 + (*p - '0');
		}
		if (*p == '\0') {
			/* Bare digits: seconds, only as the whole string. */
			if (p - s != (ptrdiff_t)strspn(s, "0123456789"))
				return (-1);
			*overflow = big;
			return (big ? -1 : n);
		}
		for (u = next; u < sizeof units / sizeof units[0]; u++) {
			if (units[u].unit == *p)
				break;
		}
		if (u == sizeof units / sizeof units[0])
			return (-1);
		if (n > INT64_MAX / units[u].mul)
			big = true;
		else
			n *= units[u].mul;
		if (total > INT64_MAX - n)
			big = true;
		else
			total += n;
		next = u + 1;
		p++;
	}
	*overflow = big;
	return (big ? -1 : total);
}

/* Parse a duration into seconds; -1 on garbage, a sign or overflow. */
int64_t
conf_parse_duration(const char *s)
{
	bool	 overflow;

	return (conf_duration(s, &overflow));
}

/* Write seconds as the shortest duration string: 5400 -> "1h30m", 0 -> "0s". */
void
conf_format_duration(int64_t secs, char *buf, size_t len)
{
	static const struct { char unit; uint64_t mul; } units[] = {
		{ 'd', 86400 }, { 'h', 3600 }, { 'm', 60 }, { 's', 1 },
	};
	uint64_t	 v;
	size_t		 u, off = 0;
	int		 n;

	if (len == 0)
		return;
	buf[0] = '\0';
	if (secs < 0) {
		v = (uint64_t)(-(secs + 1)) + 1;	/* INT64_MIN safe */
		n = snprintf(buf, len, "-");
		off = (size_t)n;
	} else
		v = (uint64_t)secs;
	if (v == 0) {
		snprintf(buf + off, len - off, "0s");
		return;
	}
	for (u = 0; u < sizeof units / sizeof units[0] && off < len; u++) {
		if (v < units[u].mul)
			continue;
		n = snprintf(buf + off, len - off, "%llu%c",
		    (unsigned long long)(v / units[u].mul), units[u].unit);
		if (n < 0)
			return;
		off += (size_t)n;
		v %= units[u].mul;
	}
}

/* Whether name matches any of the glob patterns. */
bool
conf_match_any(char **patterns, size_t n, const char *name)
{
	size_t	 i;

	if (name == NULL)
		return (false);
	for (i = 0; i < n; i++) {
		if (fnmatch(patterns[i], name, 0) == 0)
			return (true);
	}
	return (false);
}
