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
 * This file holds the load itself, the key tables, the walk over groups
 * and lists, the inputs, the defaults and the freeing.  The values of
 * single settings are checked in conf-value.c, secrets in conf-secret.c,
 * receivers and diagnostics in conf-receiver.c.
 */
#include "config.h"

#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
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
#include "conf-private.h"
#include "log.h"
#include "xmalloc.h"

#define CONF_INCLUDE_DEPTH 10		/* libconfig's own nesting limit */

static void	 conf_sort_from(struct ctx *, size_t);
static const char *conf_suggest(const char *, const struct key *);
static size_t	 conf_edit_distance(const char *, const char *);
static bool	 conf_group(struct ctx *, config_setting_t *, const char *,
		    const struct key *, void *);
static int	 conf_list_length(struct ctx *, config_setting_t *, const char *);
static void	 conf_set_defaults(struct iw_config *);
static void	 conf_top_inputs(struct ctx *, config_setting_t *, const char *);
static void	 conf_top_control(struct ctx *, config_setting_t *, const char *);
static int	 conf_control_reserve(int);
static void	 conf_top_metrics(struct ctx *, config_setting_t *, const char *);
static void	 conf_top_debug(struct ctx *, config_setting_t *, const char *);
static void	 conf_top_tunnels(struct ctx *, config_setting_t *, const char *);
static void	 conf_top_alerts(struct ctx *, config_setting_t *, const char *);
static void	 conf_top_spool(struct ctx *, config_setting_t *, const char *);
static void	 conf_input(struct ctx *, config_setting_t *, const char *, void *);
static bool	 conf_check_includes(struct ctx *, const char *, const char *, int);
static void	 conf_comment_state(const char *, bool *);
static void	 conf_input_free(struct input_config *);

static const char *const start_choices[] = { "end", "beginning", NULL };
static const char *const type_choices[] = { "file", "journal", NULL };
static const char *const format_choices[] = { "json", "chat", "alertmanager", NULL };
static const char *const starttls_choices[] = { "required", "optional", "no", NULL };
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
	{ "debug", KT_SUB, 0, 0, 0, 0, NULL, conf_top_debug },
	{ "tunnels", KT_SUB, 0, 0, 0, 0, NULL, conf_top_tunnels },
	{ "alerts", KT_SUB, 0, 0, 0, 0, NULL, conf_top_alerts },
	{ "spool", KT_SUB, 0, 0, 0, 0, NULL, conf_top_spool },
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
enum { CK_SOCKET, CK_MODE, CK_GROUP, CK_MAX, CK_PER_USER, CK_RESERVED,
	CK_RATE, CK_BURST, CK__N };
static const struct key control_keys[] = {
	[CK_SOCKET] = { "socket", KT_PATH, FC(control.socket) },
	[CK_MODE] = { "mode", KT_MODE, FC(control.mode) },
	[CK_GROUP] = { "group", KT_STR, FC(control.group) },
	[CK_MAX] = { "max_clients", KT_INT, FC(control.max_clients), 0, 1, 4096 },
	[CK_PER_USER] = { "max_clients_per_user", KT_INT,
	    FC(control.max_clients_per_user), 0, 1, 4096 },
	[CK_RESERVED] = { "reserved_clients", KT_INT, FC(control.reserved_clients),
	    0, 0, 4095 },
	[CK_RATE] = { "request_rate", KT_INT, FC(control.request_rate), 0, 0, 100000 },
	[CK_BURST] = { "request_burst", KT_INT, FC(control.request_burst), 0, 1,
	    100000 },
	[CK__N] = { NULL }
};

/* metrics = { ... }. */
static const struct key metrics_keys[] = {
	{ "listen", KT_STR, FC(metrics.listen) },
	{ NULL }
};

/* debug = { ... }: test and debugging aids. */
static const struct key debug_keys[] = {
	{ "processed_log", KT_PATH, FC(debug.processed_log) },
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
	{ "inhibit_window", KT_DUR, F(alert_policy, inhibit_window), 0, 1, 86400 },
	{ "diagnostics_wait", KT_DUR, F(alert_policy, diagnostics_wait), 0, 1, 600 },
	{ NULL }
};

/* spool = { ... }. */
enum { SK_ENTRIES, SK_BYTES, SK_RETRY, SK_RETRYMAX, SK__N };
static const struct key spool_keys[] = {
	[SK_ENTRIES] = { "max_entries", KT_INT, F(spool_policy, max_entries), 0, 1,
	    1000000 },
	[SK_BYTES] = { "max_bytes", KT_SIZE, F(spool_policy, max_bytes), 0, 4096,
	    (int64_t)1 << 30 },
	[SK_RETRY] = { "retry_initial", KT_DUR, F(spool_policy, retry_initial), 0,
	    1, 86400 },
	[SK_RETRYMAX] = { "retry_max", KT_DUR, F(spool_policy, retry_max), 0, 1,
	    86400 },
	[SK__N] = { NULL }
};

/*
 * receivers = ( { ... } ).  The plugin masks in conf-receiver.c say which
 * plugin takes a key.
 */
#define R(f)	F(receiver_config, f)
const struct key receiver_keys[] = {
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

/* diagnostics = ( { ... } ). */
const struct key diag_keys[] = {
	[DK_NAME] = { "name", KT_STR, F(diag_config, name) },
	[DK_COMMAND] = { "command", KT_STRV, F(diag_config, argv), F(diag_config, argc) },
	[DK_TIMEOUT] = { "timeout", KT_DUR, F(diag_config, timeout), 0, 1, 600 },
	[DK__N] = { NULL }
};

#undef F
#undef FC

/* Add "file:line: message" for a setting. */
void
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
char *
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

/* Join a group path and a key name: "tunnels" + "down_grace". */
char *
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
void
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

/* A setting that must be a group { ... }: scan it into base. */
static bool
conf_group(struct ctx *c, config_setting_t *s, const char *kp,
    const struct key *keys, void *base)
{
	if (config_setting_type(s) != CONFIG_TYPE_GROUP) {
		conf_err(c, s, "%s: expected a group { ... }, got %s", kp,
		    conf_type_name(s));
		return (false);
	}
	conf_scan(c, s, kp, keys, base, NULL);
	return (true);
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

/*
 * A list of groups ( { ... }, ... ) whose names must be unique: each group
 * is checked by l->elem into a fresh array of l->size elements, returned
 * with its count in *np (NULL when the list is empty or not a list).  The
 * messages about one element are put in line order.
 */
void *
conf_list(struct ctx *c, config_setting_t *s, const char *kp,
    const struct conf_list *l, size_t *np)
{
	config_setting_t	*e;
	char			*arr, *el, *prev, *name, *ep;
	size_t			 j, from;
	int			 i, n;

	if ((n = conf_list_length(c, s, kp)) <= 0)
		return (NULL);
	arr = xcalloc((size_t)n, l->size);
	for (i = 0; i < n; i++) {
		e = config_setting_get_elem(s, (unsigned)i);
		if (config_setting_type(e) != CONFIG_TYPE_GROUP)
			continue;
		xasprintf(&ep, "%s[%d]", kp, i);
		from = c->nmsg;
		el = arr + (*np)++ * l->size;
		l->elem(c, e, ep, el);
		name = *(char **)(el + l->name_off);
		for (j = 0; j + 1 < *np && name != NULL; j++) {
			prev = arr + j * l->size;
			if (*(char **)(prev + l->name_off) == NULL ||
			    strcmp(name, *(char **)(prev + l->name_off)) != 0)
				continue;
			conf_err(c, l->at_name ? config_setting_get_member(e,
			    "name") : e, "%s%s: duplicate %s name \"%s\" (first "
			    "at line %d)%s", ep, l->at_name ? ".name" : "", l->what,
			    name, *(int *)(prev + l->line_off), l->hint);
			break;
		}
		conf_sort_from(c, from);
		free(ep);
	}
	return (arr);
}

/* inputs = ( ... ): every input, with names unique. */
static void
conf_top_inputs(struct ctx *c, config_setting_t *s, const char *kp)
{
	static const struct conf_list input_list = {
		"input", sizeof(struct input_config),
		offsetof(struct input_config, name),
		offsetof(struct input_config, line), false,
		"; give each input its own \"name\"", conf_input
	};

	c->cf->inputs = conf_list(c, s, kp, &input_list, &c->cf->n_inputs);
}

/* One input: type decides which keys are allowed and needed. */
static void
conf_input(struct ctx *c, config_setting_t *g, const char *ep, void *arg)
{
	struct input_config	*in = arg;
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

/*
 * control = { ... }.  The reserve for admins must leave others a slot;
 * when not set it follows max_clients.
 */
static void
conf_top_control(struct ctx *c, config_setting_t *s, const char *kp)
{
	config_setting_t	*seen[CK__N] = { NULL };
	struct iw_config	*cf = c->cf;
	size_t			 from = c->nmsg;

	if (config_setting_type(s) != CONFIG_TYPE_GROUP) {
		conf_err(c, s, "%s: expected a group { ... }, got %s", kp,
		    conf_type_name(s));
		return;
	}
	conf_scan(c, s, kp, control_keys, cf, seen);
	if (seen[CK_RESERVED] == NULL)
		cf->control.reserved_clients = conf_control_reserve(
		    cf->control.max_clients);
	else if (cf->control.reserved_clients >= cf->control.max_clients)
		conf_err(c, seen[CK_RESERVED], "%s.reserved_clients: %d leaves "
		    "no connection for other users; it must be less than "
		    "max_clients (%d)", kp, cf->control.reserved_clients,
		    cf->control.max_clients);
	conf_sort_from(c, from);
}

/* The default reserve for admins: 4 slots, at most a quarter of them all. */
static int
conf_control_reserve(int max_clients)
{
	return (max_clients / 4 < 4 ? max_clients / 4 : 4);
}

/* debug = { ... }. */
static void
conf_top_debug(struct ctx *c, config_setting_t *s, const char *kp)
{
	conf_group(c, s, kp, debug_keys, c->cf);
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

	if (!conf_group(c, s, kp, metrics_keys, cf) ||
	    cf->metrics.listen == NULL)
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
	conf_group(c, s, kp, tunnel_keys, &c->cf->tunnels);
}

/* alerts = { ... }. */
static void
conf_top_alerts(struct ctx *c, config_setting_t *s, const char *kp)
{
	conf_group(c, s, kp, alert_keys, &c->cf->alerts);
}

/*
 * spool = { ... }: the back-off cap may not be below the first back-off
 * (either may be left at its default).
 */
static void
conf_top_spool(struct ctx *c, config_setting_t *s, const char *kp)
{
	struct spool_policy	*sp = &c->cf->spool;
	config_setting_t	*seen[SK__N] = { NULL };
	char			 a[32], b[32];

	if (config_setting_type(s) != CONFIG_TYPE_GROUP) {
		conf_err(c, s, "%s: expected a group { ... }, got %s", kp,
		    conf_type_name(s));
		return;
	}
	conf_scan(c, s, kp, spool_keys, sp, seen);
	if (sp->retry_max < sp->retry_initial) {
		conf_format_duration(sp->retry_max, a, sizeof a);
		conf_format_duration(sp->retry_initial, b, sizeof b);
		conf_err(c, seen[SK_RETRYMAX] != NULL ? seen[SK_RETRYMAX] :
		    seen[SK_RETRY], "%s.retry_max: %s is shorter than retry_initial "
		    "(%s)", kp, a, b);
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
	cf->control.max_clients_per_user = 16;
	cf->control.reserved_clients = conf_control_reserve(cf->control.max_clients);
	cf->control.request_rate = 10;
	cf->control.request_burst = 30;
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
	cf->alerts.inhibit_window = 120;
	cf->alerts.diagnostics_wait = 10;
	cf->spool.max_entries = 1000;
	cf->spool.max_bytes = 16 * 1024 * 1024;
	cf->spool.retry_initial = 10;
	cf->spool.retry_max = 600;
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
	free(cf->debug.processed_log);
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
