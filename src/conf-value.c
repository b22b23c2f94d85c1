/*
 * conf-value.c - the values of settings: one setting checked against its
 * key (strings, paths, booleans, integers, durations, choices, file modes,
 * string lists) with the message that says what was expected; and the
 * duration and glob helpers that conf.h offers to the rest of the daemon.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "causes.h"
#include "conf.h"
#include "conf-private.h"
#include "xmalloc.h"

static bool	 conf_int_truncated(struct ctx *, const config_setting_t *,
		    long long);
static bool	 conf_get_string(struct ctx *, config_setting_t *, const char *,
		    const char **);
static bool	 conf_get_strv(struct ctx *, config_setting_t *, const char *,
		    char ***, size_t *);
static int64_t	 conf_duration(const char *, bool *);

static const char *const lang_choices[] = { "en", "de", NULL };
static const char *const sev_choices[] = { "info", "warning", "critical", NULL };

/* Check one setting against its key and store it. */
void
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
	case KT_SIZE:
		if (t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64) {
			v = config_setting_get_int64(s);
			if (conf_int_truncated(c, s, v)) {
				conf_err(c, s, "%s: integer too large; write the "
				    "size as a string such as \"16M\"", kp);
				break;
			}
			d = v;
		} else if (t == CONFIG_TYPE_STRING) {
			str = config_setting_get_string(s);
			if ((d = conf_parse_size(str)) < 0) {
				conf_err(c, s, "%s: invalid size \"%s\" (use bytes "
				    "or a number with unit k, M or G, such as "
				    "\"16M\")", kp, str);
				break;
			}
		} else {
			conf_err(c, s, "%s: expected a size such as \"16M\", got %s",
			    kp, conf_type_name(s));
			break;
		}
		if (d < k->min || d > k->max) {
			char	 lo[32], hi[32];

			conf_format_size(k->min, lo, sizeof lo);
			conf_format_size(k->max, hi, sizeof hi);
			conf_err(c, s, "%s: size out of range (%s to %s)", kp, lo, hi);
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
			char	*list = NULL;

			for (i = 0; ch[i] != NULL; i++) {
				if (strcmp(ch[i], str) == 0)
					break;
			}
			if (ch[i] == NULL) {
				for (i = 0; ch[i] != NULL; i++)
					conf_join(&list, ch[i]);
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

/* Name of a setting's type, as used in messages. */
const char *
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
void
conf_strv_free(char **v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Append an item to a list for a message: "a" + "b" -> "a, b". */
void
conf_join(char **list, const char *item)
{
	char	*tmp;

	xasprintf(&tmp, "%s%s%s", *list != NULL ? *list : "",
	    *list != NULL ? ", " : "", item);
	free(*list);
	*list = tmp;
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

/*
 * Parse a size: digits, then nothing (bytes) or one of k/K, M, G (binary
 * multiples), optionally followed by "B" or "iB".
 */
int64_t
conf_parse_size(const char *s)
{
	static const struct { char unit; int64_t mul; } units[] = {
		{ 'k', 1024 }, { 'K', 1024 }, { 'M', 1024 * 1024 },
		{ 'G', 1024 * 1024 * 1024 },
	};
	int64_t		 n = 0, mul = 1;
	const char	*p = s;
	size_t		 u;

	if (s == NULL || !isdigit((unsigned char)*s))
		return (-1);
	for (; isdigit((unsigned char)*p); p++) {
		if (n > (INT64_MAX - (*p - '0')) / 10)
			return (-1);
		n = n * 10 + (*p - '0');
	}
	if (*p != '\0') {
		for (u = 0; u < sizeof units / sizeof units[0]; u++) {
			if (units[u].unit == *p)
				break;
		}
		if (u == sizeof units / sizeof units[0])
			return (-1);
		mul = units[u].mul;
		p++;
		if (strcmp(p, "B") == 0 || strcmp(p, "iB") == 0)
			p += strlen(p);
		if (*p != '\0')
			return (-1);
	}
	if (n > INT64_MAX / mul)
		return (-1);
	return (n * mul);
}

/* Write bytes as the shortest exact size: 16777216 -> "16M", 1000 -> "1000". */
void
conf_format_size(int64_t bytes, char *buf, size_t len)
{
	if (bytes > 0 && bytes % (1024 * 1024 * 1024) == 0)
		snprintf(buf, len, "%lldG", (long long)(bytes / (1024 * 1024 * 1024)));
	else if (bytes > 0 && bytes % (1024 * 1024) == 0)
		snprintf(buf, len, "%lldM", (long long)(bytes / (1024 * 1024)));
	else if (bytes > 0 && bytes % 1024 == 0)
		snprintf(buf, len, "%lldk", (long long)(bytes / 1024));
	else
		snprintf(buf, len, "%lld", (long long)bytes);
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
