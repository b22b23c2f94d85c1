/*
 * plugin-text.c - text shared by the bundled plugins: subject line and
 * plain-text body of a notification, in English or German.
 *
 * Compiled into each plugin module (a module links no engine code).
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "plugin-text.h"

struct ptext_label {
	const char	*key;
	const char	*en;
	const char	*de;
};

static const struct ptext_label ptext_kinds[] = {
	{ "tunnel_down", "tunnel down", "Tunnel ausgefallen" },
	{ "negotiation_failed", "negotiation failed", "Aushandlung fehlgeschlagen" },
	{ "negotiation_stalled", "negotiation stalled", "Aushandlung hängt" },
	{ "rekey_overdue", "rekey overdue", "Rekey überfällig" },
	{ "tunnel_flapping", "tunnel flapping", "Tunnel instabil" },
	{ "ike_daemon_restarted", "IKE daemon restarted", "IKE-Dienst neu gestartet" },
	{ "input_stalled", "log input stalled", "Log-Eingabe gestört" },
};
static const struct ptext_label ptext_sevs[] = {
	{ "critical", "CRITICAL", "KRITISCH" },
	{ "warning", "WARNING", "WARNUNG" },
	{ "info", "INFO", "INFO" },
	{ "resolved", "RESOLVED", "BEHOBEN" },
};

/* Allocate or abort: a plugin has no other way out of OOM. */
void *
ptext_alloc(size_t n)
{
	void	*p;

	if ((p = calloc(1, n > 0 ? n : 1)) == NULL)
		abort();
	return (p);
}

/* Copy a string or abort. */
char *
ptext_strdup(const char *s)
{
	char	*d;

	d = ptext_alloc(strlen(s) + 1);
	memcpy(d, s, strlen(s) + 1);
	return (d);
}

/* An empty buffer. */
void
ptext_init(struct ptext_buf *b)
{
	b->cap = 256;
	b->len = 0;
	b->s = ptext_alloc(b->cap);
}

/* Append bytes. */
void
ptext_add(struct ptext_buf *b, const char *p, size_t n)
{
	char	*ns;

	if (b->len + n + 1 > b->cap) {
		while (b->len + n + 1 > b->cap)
			b->cap *= 2;
		if ((ns = realloc(b->s, b->cap)) == NULL)
			abort();
		b->s = ns;
	}
	memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = '\0';
}

/* Append a string. */
void
ptext_puts(struct ptext_buf *b, const char *s)
{
	ptext_add(b, s, strlen(s));
}

/* Append formatted text. */
void
ptext_printf(struct ptext_buf *b, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;
	int	 n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		abort();
	ptext_add(b, s, (size_t)n);
	free(s);
}

/* Hand the string over. */
char *
ptext_take(struct ptext_buf *b)
{
	char	*s = b->s;

	b->s = NULL;
	b->len = b->cap = 0;
	return (s);
}

/* Whether the receiver reads German. */
bool
ptext_is_de(const struct ipsecwatch_notification *n)
{
	return (strcmp(n->language, "de") == 0);
}

/* Look a label up. */
static const char *
ptext_label(const struct ptext_label *t, size_t n, const char *key, bool de)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (strcmp(t[i].key, key) == 0)
			return (de ? t[i].de : t[i].en);
	}
	return (key);
}

/* Human label of an alert kind. */
const char *
ptext_kind_label(const char *kind, bool de)
{
	return (ptext_label(ptext_kinds, sizeof ptext_kinds / sizeof ptext_kinds[0],
	    kind, de));
}

/* Human label of a severity (or "resolved"). */
const char *
ptext_severity_label(const char *sev, bool de)
{
	return (ptext_label(ptext_sevs, sizeof ptext_sevs / sizeof ptext_sevs[0],
	    sev, de));
}

/* A display time. */
void
ptext_time(long long us, char *buf, size_t len)
{
	struct tm	 tm;
	time_t		 t = (time_t)(us / 1000000);

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%d %H:%M:%S UTC", &tm);
}

/* RFC 3339 UTC with microseconds (as in the generic JSON). */
void
ptext_rfc3339(long long us, char *buf, size_t len)
{
	struct tm	 tm;
	time_t		 t = (time_t)(us / 1000000);
	char		 s[32];

	gmtime_r(&t, &tm);
	strftime(s, sizeof s, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, len, "%s.%06dZ", s, (int)(us % 1000000));
}

/* A copy with every control character replaced by a space. */
char *
ptext_oneline(const char *s)
{
	char	*d, *p;

	d = ptext_strdup(s);
	for (p = d; *p != '\0'; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	}
	return (d);
}

/* "[ipsecwatch] host: SEVERITY kind: tunnel (peer P)" and variants. */
char *
ptext_subject(const struct ipsecwatch_notification *n)
{
	struct ptext_buf		 b;
	const struct ipsecwatch_alert	*a = &n->alerts[0];
	bool				 de = ptext_is_de(n);
	bool				 resolved = strcmp(n->status, "resolved") == 0;
	size_t				 i, shown;
	char				*s;

	ptext_init(&b);
	/* German typography separates with an en dash (and so needs RFC 2047). */
	ptext_printf(&b, "[ipsecwatch] %s: %s%s%s%s (%s)", n->host,
	    n->reminder ? (de ? "Erinnerung: " : "reminder: ") : "",
	    ptext_severity_label(resolved ? "resolved" : n->severity, de),
	    de ? " \xe2\x80\x93 " : " ", ptext_kind_label(a->kind, de), a->kind);
	if (n->n_alerts == 1) {
		if (*a->tunnel != '\0')
			ptext_printf(&b, ": %s %s", de ? "Tunnel" : "tunnel", a->tunnel);
	} else {
		ptext_printf(&b, ": %zu %s", n->n_alerts, de ? "Alarme" : "alerts");
		for (i = 0, shown = 0; i < n->n_alerts && shown < 3; i++) {
			if (*n->alerts[i].tunnel == '\0')
				continue;
			ptext_printf(&b, "%s%s", shown == 0 ? " (" : ", ",
			    n->alerts[i].tunnel);
			shown++;
		}
		if (shown > 0)
			ptext_puts(&b, n->n_alerts > shown ? ", ...)" : ")");
	}
	if (*a->peer != '\0')
		ptext_printf(&b, ", %s %s", de ? "Gegenstelle" : "peer", a->peer);
	/* Log content (tunnel names, peer IDs) must never break a line. */
	s = ptext_oneline(b.s);
	free(ptext_take(&b));
	return (s);
}

/* Indent each line of a multi-line text. */
static void
ptext_indent(struct ptext_buf *b, const char *text, const char *prefix)
{
	const char	*p, *e;

	for (p = text; *p != '\0'; p = *e != '\0' ? e + 1 : e) {
		e = strchr(p, '\n');
		if (e == NULL)
			e = p + strlen(p);
		if (e == p)
			continue;
		ptext_puts(b, prefix);
		ptext_add(b, p, (size_t)(e - p));
		ptext_puts(b, "\n");
	}
}

/* The plain-text body. */
char *
ptext_body(const struct ipsecwatch_notification *n)
{
	struct ptext_buf		 b;
	const struct ipsecwatch_alert	*a;
	bool				 de = ptext_is_de(n);
	size_t				 i, j;
	char				 t[64];

	ptext_init(&b);
	if (strcmp(n->status, "resolved") == 0)
		ptext_printf(&b, de ? "Behoben auf %s:\n\n" : "Resolved on %s:\n\n",
		    n->host);
	else
		ptext_printf(&b, de ? "%s auf %s:\n\n" : "%s on %s:\n\n",
		    n->reminder ? (de ? "Weiterhin aktive Alarme" :
		    "Still firing") : (de ? "Alarm" : "Alert"), n->host);
	for (i = 0; i < n->n_alerts; i++) {
		a = &n->alerts[i];
		ptext_printf(&b, "* %s %s", ptext_severity_label(
		    strcmp(a->status, "resolved") == 0 ? "resolved" : a->severity, de),
		    ptext_kind_label(a->kind, de));
		if (*a->tunnel != '\0')
			ptext_printf(&b, " - %s %s", de ? "Tunnel" : "tunnel", a->tunnel);
		ptext_puts(&b, "\n");
		if (*a->peer != '\0')
			ptext_printf(&b, "  %-10s %s\n", "Peer:", a->peer);
		if (*a->error != '\0')
			ptext_printf(&b, "  %-10s %s\n", de ? "Fehler:" : "Error:", a->error);
		ptext_time(a->started_us, t, sizeof t);
		ptext_printf(&b, "  %-10s %s\n", de ? "Seit:" : "Since:", t);
		if (a->resolved_us > 0) {
			ptext_time(a->resolved_us, t, sizeof t);
			ptext_printf(&b, "  %-10s %s\n", de ? "Behoben:" : "Resolved:", t);
		}
		if (*a->summary != '\0')
			ptext_printf(&b, "  %s\n", a->summary);
		ptext_puts(&b, "\n");
	}
	for (i = 0; i < n->n_alerts; i++) {
		a = &n->alerts[i];
		/* One explanation per error id is enough for a group. */
		for (j = 0; j < i; j++) {
			if (strcmp(n->alerts[j].error, a->error) == 0 &&
			    strcmp(n->alerts[j].title, a->title) == 0)
				break;
		}
		if (j < i || (*a->title == '\0' && *a->meaning == '\0'))
			continue;
		ptext_printf(&b, "%s: %s\n", *a->error != '\0' ? a->error : a->kind,
		    a->title);
		if (*a->meaning != '\0') {
			ptext_indent(&b, a->meaning, "  ");
		}
		if (*a->causes != '\0') {
			ptext_printf(&b, "\n%s\n", de ? "Mögliche Ursachen:" :
			    "Likely causes:");
			ptext_indent(&b, a->causes, "  - ");
		}
		if (*a->checks != '\0') {
			ptext_printf(&b, "\n%s\n", de ? "Zu prüfen:" : "What to check:");
			ptext_indent(&b, a->checks, "  - ");
		}
		ptext_puts(&b, "\n");
	}
	for (i = 0; i < n->n_alerts; i++) {
		a = &n->alerts[i];
		if (a->n_log_lines == 0)
			continue;
		ptext_printf(&b, "%s%s%s:\n", de ? "Letzte Log-Zeilen" :
		    "Recent log lines", *a->tunnel != '\0' ? " - " : "", a->tunnel);
		for (j = 0; j < a->n_log_lines; j++)
			ptext_printf(&b, "  %s\n", a->log_lines[j]);
		ptext_puts(&b, "\n");
	}
	for (i = 0; i < n->n_alerts; i++) {
		a = &n->alerts[i];
		if (*a->diagnostics == '\0')
			continue;
		ptext_printf(&b, "%s%s%s:\n", de ? "Diagnose" : "Diagnostics",
		    *a->tunnel != '\0' ? " - " : "", a->tunnel);
		ptext_indent(&b, a->diagnostics, "  ");
		ptext_puts(&b, "\n");
	}
	ptext_printf(&b, "-- \nipsecwatch, %s %s\n", de ? "Benachrichtigung" :
	    "notification", n->id);
	return (ptext_take(&b));
}
