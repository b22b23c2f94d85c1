/*
 * names.c - names of the shared enums, as they appear in JSON output and in
 * the configuration file.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ipsecwatch.h"

static const char *daemon_names[] = { "none", "pluto", "charon" };
static const char *sa_kind_names[] = { "none", "ike", "child" };
static const char *event_names[IW_EV__COUNT] = {
	"none", "neg_start", "neg_respond", "p1_up", "p2_up", "rekey_start",
	"rekey_done", "expire", "delete", "dpd_dead", "retransmit", "give_up",
	"daemon_start", "daemon_stop", "rekey_scheduled", "error", "lifetime",
	"retry", "info",
};
static const char *alert_names[IW_ALERT__COUNT] = {
	"tunnel_down", "negotiation_failed", "negotiation_stalled",
	"rekey_overdue", "tunnel_flapping", "ike_daemon_restarted",
	"input_stalled",
};
static const enum iw_severity alert_severity[IW_ALERT__COUNT] = {
	IW_SEV_CRITICAL, IW_SEV_CRITICAL, IW_SEV_WARNING, IW_SEV_WARNING,
	IW_SEV_WARNING, IW_SEV_WARNING, IW_SEV_WARNING,
};
static const char *severity_names[] = { "info", "warning", "critical" };
static const char *lang_names[IW_LANG__COUNT] = { "en", "de" };

/* Look a name up in a table; -1 if absent. */
static int
lookup(const char **table, size_t n, const char *name)
{
	size_t	 i;

	if (name == NULL)
		return (-1);
	for (i = 0; i < n; i++) {
		if (strcmp(table[i], name) == 0)
			return ((int)i);
	}
	return (-1);
}

/* Name of a daemon. */
const char *
iw_daemon_name(enum iw_daemon d)
{
	return ((unsigned)d < 3 ? daemon_names[d] : "none");
}

/* Name of an SA kind. */
const char *
iw_sa_kind_name(enum iw_sa_kind k)
{
	return ((unsigned)k < 3 ? sa_kind_names[k] : "none");
}

/* Name of an event kind. */
const char *
iw_event_kind_name(enum iw_event_kind k)
{
	return ((unsigned)k < IW_EV__COUNT ? event_names[k] : "none");
}

/* Name of an alert kind. */
const char *
iw_alert_kind_name(enum iw_alert_kind k)
{
	return ((unsigned)k < IW_ALERT__COUNT ? alert_names[k] : "unknown");
}

/* Alert kind from its name; -1 if unknown. */
int
iw_alert_kind_from_name(const char *name)
{
	return (lookup(alert_names, IW_ALERT__COUNT, name));
}

/* Severity of an alert kind. */
enum iw_severity
iw_alert_kind_severity(enum iw_alert_kind k)
{
	return ((unsigned)k < IW_ALERT__COUNT ? alert_severity[k] : IW_SEV_WARNING);
}

/* Name of a severity. */
const char *
iw_severity_name(enum iw_severity s)
{
	return ((unsigned)s < 3 ? severity_names[s] : "warning");
}

/* Severity from its name; -1 if unknown. */
int
iw_severity_from_name(const char *name)
{
	return (lookup(severity_names, 3, name));
}

/* Name of a language. */
const char *
iw_lang_name(enum iw_lang l)
{
	return ((unsigned)l < IW_LANG__COUNT ? lang_names[l] : "en");
}

/* Language from its name ("de", "de_DE.UTF-8" and "german" work); -1 if unknown. */
int
iw_lang_from_name(const char *name)
{
	if (name == NULL || *name == '\0')
		return (-1);
	if (strncmp(name, "de", 2) == 0 || strcmp(name, "german") == 0)
		return (IW_LANG_DE);
	if (strncmp(name, "en", 2) == 0 || strcmp(name, "C") == 0 ||
	    strcmp(name, "POSIX") == 0 || strncmp(name, "C.", 2) == 0 ||
	    strcmp(name, "english") == 0)
		return (IW_LANG_EN);
	return (-1);
}

/* Language from the locale environment, as gettext would pick it. */
enum iw_lang
iw_lang_from_env(void)
{
	static const char *vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	const char	*v;
	size_t		 i;
	int		 l;

	for (i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		v = getenv(vars[i]);
		if (v == NULL || *v == '\0')
			continue;
		l = iw_lang_from_name(v);
		return (l < 0 ? IW_LANG_EN : (enum iw_lang)l);
	}
	return (IW_LANG_EN);
}

/*
 * Length of the valid UTF-8 sequence at p (1 for ASCII), 0 if p does not
 * start one: no overlong forms, no surrogates, nothing above U+10FFFF.
 * Why one place: log lines hold peer-supplied bytes that end up in JSON,
 * mail headers and the knowledge base check; all must agree.
 */
size_t
iw_utf8_seq(const unsigned char *p)
{
	size_t		 need, i;
	uint32_t	 cp;

	if (*p < 0x80)
		return (1);
	if ((*p & 0xe0) == 0xc0) {
		need = 1;
		cp = *p & 0x1f;
	} else if ((*p & 0xf0) == 0xe0) {
		need = 2;
		cp = *p & 0x0f;
	} else if ((*p & 0xf8) == 0xf0) {
		need = 3;
		cp = *p & 0x07;
	} else
		return (0);
	for (i = 1; i <= need; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return (0);
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if ((need == 1 && cp < 0x80) || (need == 2 && cp < 0x800) ||
	    (need == 3 && cp < 0x10000) || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return (0);
	return (need + 1);
}

/* Format microseconds since the epoch as ISO 8601 UTC, or the fallback. */
void
iw_format_time(int64_t us, const char *unknown, char *buf, size_t len)
{
	time_t		 s = (time_t)(us / 1000000);
	struct tm	 tm;

	if (us <= 0 || gmtime_r(&s, &tm) == NULL) {
		snprintf(buf, len, "%s", unknown);
		return;
	}
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
