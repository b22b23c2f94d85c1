/*
 * conf-receiver.c - the lists of groups that drive alerts: receivers
 * (which plugin, which keys it takes and needs, what its values must look
 * like) and diagnostic commands (argv with placeholders).
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "causes.h"
#include "conf.h"
#include "conf-private.h"
#include "xmalloc.h"

static void	 conf_receiver(struct ctx *, config_setting_t *, const char *,
		    void *);
static bool	 conf_check_program(struct ctx *, config_setting_t *,
		    const char *, char **, size_t);
static void	 conf_diag(struct ctx *, config_setting_t *, const char *,
		    void *);
static bool	 conf_str_eq(const char *, const char *);
static bool	 conf_strv_eq(char **, size_t, char **, size_t);
static char	*conf_str_dup(const char *);
static char	**conf_strv_dup(char **, size_t);

static const char *const plugin_names[] = { "email", "webhook", "exec", "console", NULL };

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

/* Receivers: names are unique and reported at the duplicate "name". */
static const struct conf_list receiver_list = {
	"receiver", sizeof(struct receiver_config),
	offsetof(struct receiver_config, name),
	offsetof(struct receiver_config, line), true, "", conf_receiver
};

/* Diagnostics: as receivers. */
static const struct conf_list diag_list = {
	"diagnostic", sizeof(struct diag_config),
	offsetof(struct diag_config, name),
	offsetof(struct diag_config, line), true, "", conf_diag
};

/* receivers = ( ... ): every receiver, names unique. */
void
conf_top_receivers(struct ctx *c, config_setting_t *s, const char *kp)
{
	c->cf->receivers = conf_list(c, s, kp, &receiver_list,
	    &c->cf->n_receivers);
}

/* One receiver: common keys, then what its plugin takes and needs. */
static void
conf_receiver(struct ctx *c, config_setting_t *g, const char *ep, void *arg)
{
	struct receiver_config	*r = arg;
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
			char	*list = NULL;

			for (k = 0; k < IW_ALERT__COUNT; k++)
				conf_join(&list,
				    iw_alert_kind_name((enum iw_alert_kind)k));
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
		conf_check_program(c, seen[RK_COMMAND], ep, r->command,
		    r->n_command);
	}
	conf_receiver_secrets(c, seen, ep, r);
}

/*
 * The program of a command (exec receiver, diagnostic): an empty list is
 * an error, and argv[0] must be absolute, since nothing searches PATH.
 * s is the "command" setting or NULL.  Whether there is an argv to check
 * further.
 */
static bool
conf_check_program(struct ctx *c, config_setting_t *s, const char *ep,
    char **argv, size_t argc)
{
	if (argc == 0) {
		if (s != NULL && config_setting_is_aggregate(s) &&
		    config_setting_length(s) == 0)
			conf_err(c, s, "%s.command: needs at least the program", ep);
		return (false);
	}
	if (argv[0][0] != '/')
		conf_err(c, s, "%s.command: the program \"%s\" must be an "
		    "absolute path (there is no shell and no PATH search)", ep,
		    argv[0]);
	return (true);
}

/* diagnostics = ( ... ): every diagnostic command, names unique. */
void
conf_top_diagnostics(struct ctx *c, config_setting_t *s, const char *kp)
{
	c->cf->diagnostics = conf_list(c, s, kp, &diag_list,
	    &c->cf->n_diagnostics);
}

/* One diagnostic command: argv with only %peer% and %conn% substituted. */
static void
conf_diag(struct ctx *c, config_setting_t *g, const char *ep, void *arg)
{
	struct diag_config	*d = arg;
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
	if (!conf_check_program(c, seen[DK_COMMAND], ep, d->argv, d->argc))
		return;
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

/* Free one receiver, wiping whatever may be secret. */
void
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

/* Whether two optional strings are equal. */
static bool
conf_str_eq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a == b);
	return (strcmp(a, b) == 0);
}

/* Whether two string lists are equal. */
static bool
conf_strv_eq(char **a, size_t na, char **b, size_t nb)
{
	size_t	 i;

	if (na != nb)
		return (false);
	for (i = 0; i < na; i++) {
		if (strcmp(a[i], b[i]) != 0)
			return (false);
	}
	return (true);
}

/*
 * Whether a plugin instance made from a would serve b as well: every
 * setting handed to the plugin is compared, the secrets included (a token
 * file whose content changed is a change).
 */
bool
conf_receiver_same_plugin(const struct receiver_config *a,
    const struct receiver_config *b)
{
	return (conf_str_eq(a->plugin, b->plugin) &&
	    a->language == b->language &&
	    conf_str_eq(a->url, b->url) &&
	    conf_str_eq(a->from, b->from) &&
	    conf_strv_eq(a->to, a->n_to, b->to, b->n_to) &&
	    conf_str_eq(a->username, b->username) &&
	    conf_str_eq(a->password, b->password) &&
	    conf_str_eq(a->password_file, b->password_file) &&
	    conf_str_eq(a->starttls, b->starttls) &&
	    conf_str_eq(a->format, b->format) &&
	    conf_strv_eq(a->headers, a->n_headers, b->headers, b->n_headers) &&
	    conf_str_eq(a->token, b->token) &&
	    conf_str_eq(a->token_file, b->token_file) &&
	    conf_str_eq(a->ca_file, b->ca_file) &&
	    a->tls_verify == b->tls_verify &&
	    a->timeout == b->timeout &&
	    conf_strv_eq(a->command, a->n_command, b->command, b->n_command));
}

/* Copy an optional string. */
static char *
conf_str_dup(const char *s)
{
	return (s != NULL ? xstrdup(s) : NULL);
}

/* Copy a string list. */
static char **
conf_strv_dup(char **v, size_t n)
{
	char	**c;
	size_t	  i;

	if (v == NULL)
		return (NULL);
	c = xcalloc(n + 1, sizeof *c);
	for (i = 0; i < n; i++)
		c[i] = xstrdup(v[i]);
	return (c);
}

/* A deep copy of a receiver's settings. */
struct receiver_config *
conf_receiver_dup(const struct receiver_config *r)
{
	struct receiver_config	*c;

	c = xcalloc(1, sizeof *c);
	*c = *r;
	c->name = conf_str_dup(r->name);
	c->plugin = conf_str_dup(r->plugin);
	c->kinds = conf_strv_dup(r->kinds, r->n_kinds);
	c->tunnels = conf_strv_dup(r->tunnels, r->n_tunnels);
	c->url = conf_str_dup(r->url);
	c->from = conf_str_dup(r->from);
	c->to = conf_strv_dup(r->to, r->n_to);
	c->username = conf_str_dup(r->username);
	c->password = conf_str_dup(r->password);
	c->password_file = conf_str_dup(r->password_file);
	c->starttls = conf_str_dup(r->starttls);
	c->format = conf_str_dup(r->format);
	c->headers = conf_strv_dup(r->headers, r->n_headers);
	c->token = conf_str_dup(r->token);
	c->token_file = conf_str_dup(r->token_file);
	c->ca_file = conf_str_dup(r->ca_file);
	c->command = conf_strv_dup(r->command, r->n_command);
	return (c);
}
