/*
 * notif.c - notifications owned by the engine and their generic JSON form.
 *
 * The JSON built here is the documented webhook schema
 * (contrib/webhook-schema.json); the spool stores the same document, so a
 * notification read back after a restart is exactly what was queued.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "causes.h"
#include "ipsecwatch.h"
#include "log.h"
#include "notif.h"
#include "xmalloc.h"

static void	 notif_free_alert(struct ipsecwatch_alert *);
static json_t	*notif_lines(const char *);
static json_t	*notif_jstr(const char *);
static json_t	*notif_jstrn(const char *, size_t);
static void	 notif_jset(json_t *, const char *, const char *);
static char	*notif_join(const json_t *);
static const char *notif_str(const json_t *, const char *);
static void	 notif_clean(char *, bool);

/* A new empty notification. */
struct ipsecwatch_notification *
notif_new(void)
{
	struct ipsecwatch_notification	*n;

	n = xcalloc(1, sizeof *n);
	n->id = xstrdup("");
	n->receiver = xstrdup("");
	n->host = xstrdup("");
	n->group = xstrdup("");
	n->status = xstrdup("firing");
	n->severity = xstrdup("info");
	n->language = xstrdup("en");
	return (n);
}

/* Free one alert's strings. */
static void
notif_free_alert(struct ipsecwatch_alert *a)
{
	size_t	 i;

	free((char *)a->key);
	free((char *)a->kind);
	free((char *)a->severity);
	free((char *)a->status);
	free((char *)a->tunnel);
	free((char *)a->error);
	free((char *)a->peer);
	free((char *)a->summary);
	free((char *)a->title);
	free((char *)a->meaning);
	free((char *)a->causes);
	free((char *)a->checks);
	free((char *)a->diagnostics);
	for (i = 0; i < a->n_log_lines; i++)
		free((char *)a->log_lines[i]);
	free(a->log_lines);
}

/* Free a notification. */
void
notif_free(struct ipsecwatch_notification *n)
{
	size_t	 i;

	if (n == NULL)
		return;
	for (i = 0; i < n->n_alerts; i++)
		notif_free_alert(&n->alerts[i]);
	free(n->alerts);
	free((char *)n->id);
	free((char *)n->receiver);
	free((char *)n->host);
	free((char *)n->group);
	free((char *)n->status);
	free((char *)n->severity);
	free((char *)n->language);
	free(n);
}

/* Replace an owned string. */
void
notif_set(const char **field, const char *value)
{
	free((char *)*field);
	*field = xstrdup(value != NULL ? value : "");
}

/* Append an empty alert. */
struct ipsecwatch_alert *
notif_add_alert(struct ipsecwatch_notification *n)
{
	struct ipsecwatch_alert	*a;

	n->alerts = xreallocarray(n->alerts, n->n_alerts + 1, sizeof *n->alerts);
	a = &n->alerts[n->n_alerts++];
	memset(a, 0, sizeof *a);
	a->key = xstrdup("");
	a->kind = xstrdup("");
	a->severity = xstrdup("info");
	a->status = xstrdup("firing");
	a->tunnel = xstrdup("");
	a->error = xstrdup("");
	a->peer = xstrdup("");
	a->summary = xstrdup("");
	a->title = xstrdup("");
	a->meaning = xstrdup("");
	a->causes = xstrdup("");
	a->checks = xstrdup("");
	a->diagnostics = xstrdup("");
	return (a);
}

/* Append a log line. */
void
notif_add_log(struct ipsecwatch_alert *a, const char *line)
{
	a->log_lines = xreallocarray(a->log_lines, a->n_log_lines + 1,
	    sizeof *a->log_lines);
	a->log_lines[a->n_log_lines++] = xstrdup(line);
}

/* Format a time as RFC 3339 UTC with microseconds. */
void
notif_format_time(int64_t us, char *buf, size_t len)
{
	struct tm	 tm;
	time_t		 t;
	char		 s[32];

	t = (time_t)(us / 1000000);
	gmtime_r(&t, &tm);
	strftime(s, sizeof s, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, len, "%s.%06dZ", s, (int)(us % 1000000));
}

/* Parse RFC 3339 UTC ("...Z", optional fraction); -1 on error. */
int64_t
notif_parse_time(const char *s)
{
	struct tm	 tm;
	const char	*p;
	int64_t		 frac = 0, scale = 1000000;

	if (s == NULL)
		return (-1);
	memset(&tm, 0, sizeof tm);
	if ((p = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm)) == NULL)
		return (-1);
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++) {
			if (scale > 1) {
				scale /= 10;
				frac += (*p - '0') * scale;
			}
		}
	}
	if (strcmp(p, "Z") != 0)
		return (-1);
	return ((int64_t)timegm(&tm) * 1000000 + frac);
}

/* A JSON string from a byte range. */
static json_t *
notif_jstrn(const char *p, size_t len)
{
	char	*c;
	json_t	*v;

	c = xstrndup(p, len);
	v = notif_jstr(c);
	free(c);
	return (v);
}

/* Split a newline-separated text into a JSON array of non-empty lines. */
static json_t *
notif_lines(const char *text)
{
	json_t		*a;
	const char	*p, *e;

	a = json_array();
	for (p = text; p != NULL && *p != '\0'; p = *e != '\0' ? e + 1 : e) {
		e = strchr(p, '\n');
		if (e == NULL)
			e = p + strlen(p);
		if (e > p)
			json_array_append_new(a, notif_jstrn(p, e - p));
	}
	return (a);
}

/* Join a JSON array of strings with newlines. */
static char *
notif_join(const json_t *a)
{
	size_t		 i, len = 0;
	const json_t	*v;
	char		*s;

	json_array_foreach(a, i, v) {
		if (json_is_string(v))
			len += json_string_length(v) + 1;
	}
	s = xmalloc(len + 1);
	s[0] = '\0';
	len = 0;
	json_array_foreach(a, i, v) {
		if (!json_is_string(v))
			continue;
		if (len > 0)
			s[len++] = '\n';
		memcpy(s + len, json_string_value(v), json_string_length(v));
		len += json_string_length(v);
		s[len] = '\0';
	}
	return (s);
}

/* A JSON string; bytes that are not valid UTF-8 become '?'. */
static json_t *
notif_jstr(const char *s)
{
	json_t	*v;
	char	*c;

	if ((v = json_string(s)) != NULL)
		return (v);
	c = xstrdup(s);
	notif_sanitize_text(c);
	v = json_string(c);
	free(c);
	if (v == NULL)
		fatalx("%s: cannot make a JSON string", __func__);
	return (v);
}

/* Set a string member. */
static void
notif_jset(json_t *o, const char *key, const char *value)
{
	json_object_set_new(o, key, notif_jstr(value));
}

/* The generic JSON document of a notification. */
json_t *
notif_to_json(const struct ipsecwatch_notification *n)
{
	json_t				*o, *alerts, *ja, *lines, *ex;
	const struct ipsecwatch_alert	*a;
	char				 t[40];
	size_t				 i, j;

	alerts = json_array();
	for (i = 0; i < n->n_alerts; i++) {
		a = &n->alerts[i];
		ja = json_object();
		notif_jset(ja, "key", a->key);
		notif_jset(ja, "kind", a->kind);
		notif_jset(ja, "severity", a->severity);
		notif_jset(ja, "status", a->status);
		notif_jset(ja, "tunnel", a->tunnel);
		notif_jset(ja, "peer", a->peer);
		notif_jset(ja, "error", a->error);
		notif_format_time(a->started_us, t, sizeof t);
		notif_jset(ja, "started", t);
		if (a->resolved_us > 0) {
			notif_format_time(a->resolved_us, t, sizeof t);
			notif_jset(ja, "resolved", t);
		} else
			json_object_set_new(ja, "resolved", json_null());
		notif_jset(ja, "summary", a->summary);
		if (*a->title != '\0' || *a->meaning != '\0') {
			ex = json_object();
			notif_jset(ex, "title", a->title);
			notif_jset(ex, "meaning", a->meaning);
			json_object_set_new(ex, "causes", notif_lines(a->causes));
			json_object_set_new(ex, "checks", notif_lines(a->checks));
			json_object_set_new(ja, "explanation", ex);
		} else
			json_object_set_new(ja, "explanation", json_null());
		lines = json_array();
		for (j = 0; j < a->n_log_lines; j++)
			json_array_append_new(lines, notif_jstr(a->log_lines[j]));
		json_object_set_new(ja, "log", lines);
		notif_jset(ja, "diagnostics", a->diagnostics);
		json_array_append_new(alerts, ja);
	}
	o = json_object();
	json_object_set_new(o, "version", json_integer(IPSECWATCH_NOTIFICATION_VERSION));
	notif_jset(o, "id", n->id);
	notif_jset(o, "receiver", n->receiver);
	notif_jset(o, "host", n->host);
	notif_jset(o, "group", n->group);
	notif_jset(o, "status", n->status);
	notif_jset(o, "severity", n->severity);
	notif_jset(o, "language", n->language);
	json_object_set_new(o, "reminder", json_boolean(n->reminder));
	notif_format_time(n->created_us, t, sizeof t);
	notif_jset(o, "created", t);
	json_object_set_new(o, "alerts", alerts);
	return (o);
}

/* Compact JSON text of a notification. */
char *
notif_to_json_string(const struct ipsecwatch_notification *n)
{
	json_t	*o;
	char	*s;

	o = notif_to_json(n);
	s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	if (s == NULL)
		fatalx("%s: json_dumps failed", __func__);
	return (s);
}

/* A string member or NULL. */
static const char *
notif_str(const json_t *o, const char *key)
{
	json_t	*v = json_object_get(o, key);

	return (json_is_string(v) ? json_string_value(v) : NULL);
}

/* Read a notification back; NULL and causes if anything required is missing. */
struct ipsecwatch_notification *
notif_from_json(const json_t *o, struct causes *causes)
{
	struct ipsecwatch_notification	*n;
	struct ipsecwatch_alert		*a;
	const json_t			*alerts, *ja, *ex, *lines, *v;
	const char			*s;
	size_t				 i, j;
	static const char		*nkeys[] = { "id", "receiver", "host", "group",
					    "status", "severity", "language" };
	static const char		*akeys[] = { "key", "kind", "severity",
					    "status", "tunnel", "peer", "error",
					    "summary", "diagnostics" };

	if (!json_is_object(o) ||
	    json_integer_value(json_object_get(o, "version")) !=
	    IPSECWATCH_NOTIFICATION_VERSION) {
		causes_add(causes, "not a version %d notification",
		    IPSECWATCH_NOTIFICATION_VERSION);
		return (NULL);
	}
	n = notif_new();
	for (i = 0; i < sizeof nkeys / sizeof nkeys[0]; i++) {
		if ((s = notif_str(o, nkeys[i])) == NULL) {
			causes_add(causes, "notification: \"%s\" missing", nkeys[i]);
			goto fail;
		}
	}
	notif_set(&n->id, notif_str(o, "id"));
	notif_set(&n->receiver, notif_str(o, "receiver"));
	notif_set(&n->host, notif_str(o, "host"));
	notif_set(&n->group, notif_str(o, "group"));
	notif_set(&n->status, notif_str(o, "status"));
	notif_set(&n->severity, notif_str(o, "severity"));
	notif_set(&n->language, notif_str(o, "language"));
	n->reminder = json_is_true(json_object_get(o, "reminder"));
	if ((n->created_us = notif_parse_time(notif_str(o, "created"))) == -1) {
		causes_add(causes, "notification: bad \"created\"");
		goto fail;
	}
	alerts = json_object_get(o, "alerts");
	if (!json_is_array(alerts) || json_array_size(alerts) == 0) {
		causes_add(causes, "notification: no alerts");
		goto fail;
	}
	json_array_foreach(alerts, i, ja) {
		for (j = 0; j < sizeof akeys / sizeof akeys[0]; j++) {
			if (notif_str(ja, akeys[j]) == NULL) {
				causes_add(causes, "alert %zu: \"%s\" missing", i,
				    akeys[j]);
				goto fail;
			}
		}
		a = notif_add_alert(n);
		notif_set(&a->key, notif_str(ja, "key"));
		notif_set(&a->kind, notif_str(ja, "kind"));
		notif_set(&a->severity, notif_str(ja, "severity"));
		notif_set(&a->status, notif_str(ja, "status"));
		notif_set(&a->tunnel, notif_str(ja, "tunnel"));
		notif_set(&a->peer, notif_str(ja, "peer"));
		notif_set(&a->error, notif_str(ja, "error"));
		notif_set(&a->summary, notif_str(ja, "summary"));
		notif_set(&a->diagnostics, notif_str(ja, "diagnostics"));
		if ((a->started_us = notif_parse_time(notif_str(ja, "started"))) == -1) {
			causes_add(causes, "alert %zu: bad \"started\"", i);
			goto fail;
		}
		if ((s = notif_str(ja, "resolved")) != NULL &&
		    (a->resolved_us = notif_parse_time(s)) == -1) {
			causes_add(causes, "alert %zu: bad \"resolved\"", i);
			goto fail;
		}
		ex = json_object_get(ja, "explanation");
		if (json_is_object(ex)) {
			notif_set(&a->title, notif_str(ex, "title"));
			notif_set(&a->meaning, notif_str(ex, "meaning"));
			free((char *)a->causes);
			a->causes = notif_join(json_object_get(ex, "causes"));
			free((char *)a->checks);
			a->checks = notif_join(json_object_get(ex, "checks"));
		}
		lines = json_object_get(ja, "log");
		json_array_foreach(lines, j, v) {
			if (json_is_string(v))
				notif_add_log(a, json_string_value(v));
		}
	}
	return (n);
fail:
	notif_free(n);
	return (NULL);
}

/* Make a string safe for one-line display: controls become spaces, invalid
 * UTF-8 bytes become '?'. */
void
notif_sanitize(char *s)
{
	notif_clean(s, false);
}

/* Like notif_sanitize, but keep newlines and tabs (multi-line text). */
void
notif_sanitize_text(char *s)
{
	notif_clean(s, true);
}

/* Replace controls (except newline and tab when multiline) and invalid UTF-8. */
static void
notif_clean(char *s, bool multiline)
{
	unsigned char	*p = (unsigned char *)s;
	size_t		 n;

	while (*p != '\0') {
		if (multiline && (*p == '\n' || *p == '\t')) {
			p++;
			continue;
		}
		if (*p < 0x20 || *p == 0x7f) {
			*p++ = ' ';
			continue;
		}
		if (*p < 0x80) {
			p++;
			continue;
		}
		if ((n = iw_utf8_seq(p)) == 0) {
			*p++ = '?';
			continue;
		}
		/* C1 controls (U+0080..U+009F) are controls too. */
		if (n == 2 && *p == 0xc2 && p[1] < 0xa0) {
			p[0] = ' ';
			p[1] = ' ';
		}
		p += n;
	}
}
