/*
 * kb.c - the knowledge base: loading, validating, merging and looking up the
 * explanations of IPsec error kinds.
 *
 * File format (libconfig):
 *
 *	entries = (
 *	  { id = "psk_mismatch_ikev2"; severity = "critical";
 *	    en = { title = "..."; meaning = "...";
 *	           causes = [ "...", "..." ]; checks = [ "..." ]; };
 *	    de = { ... };
 *	    patterns = [ "substring of a log message", ... ]; }
 *	);
 *
 * The system file is loaded first, then the admin file on top of it.  An
 * admin entry whose id exists replaces only the fields it names (severity,
 * single texts of a language, the whole causes or checks list, the patterns);
 * an admin entry with a new id adds an entry and then must be complete like a
 * system entry (English title and meaning).  Everything wrong in either file
 * is collected as "file:line: message" and the load fails as a whole, so a
 * typo never leaves the daemon with half a knowledge base.
 *
 * Entries are kept sorted by id, so kb_find is a binary search.  Patterns are
 * plain, case-sensitive substrings tried in file order (system file first,
 * then the admin file, each top to bottom); the first that occurs in a
 * message wins.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <libconfig.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "causes.h"
#include "kb.h"
#include "xmalloc.h"

#define KB_FILE		"kb.conf"

/* One pattern in match order. */
struct kb_pattern {
	const char	*text;
	size_t		 len;
	const char	*id;
};

struct kb {
	struct kb_entry		*v;		/* sorted by id */
	size_t			 n;
	size_t			 cap;
	char			**pool;		/* every string we own */
	size_t			 npool;
	size_t			 poolcap;
	struct kb_pattern	*pat;		/* match order */
	size_t			 npat;
	unsigned		*pat_order;	/* per entry: when its patterns were set */
	unsigned		 next_order;
};

/* State while reading one file. */
struct kb_reader {
	struct kb	*kb;
	const char	*path;
	int		 is_admin;
	struct causes	*causes;
	int		 errors;	/* problems found in this file */
};

static char	*kb_keep(struct kb *, const char *);
static int	 kb_index(const struct kb *, const char *, size_t *);
static struct kb_entry *kb_insert(struct kb *, const char *, size_t);
static void	 kb_err(struct kb_reader *, const config_setting_t *, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
static int	 kb_valid_id(const char *);
static int	 kb_utf8_ok(const char *);
static const char *kb_join_list(struct kb_reader *, const config_setting_t *,
		    const char *);
static void	 kb_read_text(struct kb_reader *, const config_setting_t *,
		    const char *, const char *, struct kb_text *);
static void	 kb_read_patterns(struct kb_reader *, const config_setting_t *,
		    const char *, const char ***, size_t *);
static void	 kb_read_entry(struct kb_reader *, const config_setting_t *,
		    const char **, int *, size_t);
static void	 kb_read_entries(struct kb_reader *, const config_setting_t *);
static int	 kb_read_file(struct kb *, const char *, int, struct causes *);
static void	 kb_build_patterns(struct kb *);

/* Keep a copy of a string for the lifetime of the knowledge base. */
static char *
kb_keep(struct kb *kb, const char *s)
{
	if (kb->npool == kb->poolcap) {
		kb->poolcap = kb->poolcap ? kb->poolcap * 2 : 256;
		kb->pool = xreallocarray(kb->pool, kb->poolcap, sizeof *kb->pool);
	}
	return (kb->pool[kb->npool++] = xstrdup(s));
}

/* Binary search for an id: 1 and its index if found, else 0 and the insert position. */
static int
kb_index(const struct kb *kb, const char *id, size_t *pos)
{
	size_t	 lo = 0, hi = kb->n, mid;
	int	 c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(id, kb->v[mid].id);
		if (c == 0) {
			*pos = mid;
			return (1);
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	*pos = lo;
	return (0);
}

/* Insert a new, empty entry at pos (from kb_index) and return it. */
static struct kb_entry *
kb_insert(struct kb *kb, const char *id, size_t pos)
{
	struct kb_entry	*e;

	if (kb->n == kb->cap) {
		kb->cap = kb->cap ? kb->cap * 2 : 64;
		kb->v = xreallocarray(kb->v, kb->cap, sizeof *kb->v);
		kb->pat_order = xreallocarray(kb->pat_order, kb->cap,
		    sizeof *kb->pat_order);
	}
	memmove(&kb->v[pos + 1], &kb->v[pos], (kb->n - pos) * sizeof *kb->v);
	memmove(&kb->pat_order[pos + 1], &kb->pat_order[pos],
	    (kb->n - pos) * sizeof *kb->pat_order);
	kb->n++;
	e = &kb->v[pos];
	memset(e, 0, sizeof *e);
	e->id = kb_keep(kb, id);
	e->severity = IW_SEV_WARNING;
	kb->pat_order[pos] = 0;
	return (e);
}

/* Report a problem at a setting's line. */
static void
kb_err(struct kb_reader *r, const config_setting_t *s, const char *fmt, ...)
{
	va_list	 ap;
	char	*m;
	int	 line;

	va_start(ap, fmt);
	xvasprintf(&m, fmt, ap);
	va_end(ap);
	line = s != NULL ? config_setting_source_line(s) : 0;
	causes_addf_at(r->causes, r->path, line, "%s", m);
	free(m);
	r->errors++;
}

/* Whether an id is made of [a-z0-9_] and fits an event's error field. */
static int
kb_valid_id(const char *id)
{
	const char	*p;

	if (*id == '\0' || strlen(id) >= IW_ERRID_MAX)
		return (0);
	for (p = id; *p != '\0'; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '_'))
			return (0);
	}
	return (1);
}

/*
 * Whether a text is valid UTF-8.  Why: texts go into mails, webhooks and
 * JSON; an admin file saved as Latin-1 must be caught at load time.
 */
static int
kb_utf8_ok(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 n;

	while (*p != '\0') {
		if ((n = iw_utf8_seq(p)) == 0)
			return (0);
		p += n;
	}
	return (1);
}

/* Join a list of strings with newlines (one item per line); NULL on error. */
static const char *
kb_join_list(struct kb_reader *r, const config_setting_t *s, const char *what)
{
	const config_setting_t	*el;
	const char		*str;
	char			*buf, *out;
	size_t			 len = 0, i, n, l;
	int			 bad = 0;

	if (config_setting_type(s) != CONFIG_TYPE_ARRAY &&
	    config_setting_type(s) != CONFIG_TYPE_LIST) {
		kb_err(r, s, "%s must be a list of strings", what);
		return (NULL);
	}
	n = (size_t)config_setting_length(s);
	if (n == 0) {
		kb_err(r, s, "%s is empty", what);
		return (NULL);
	}
	for (i = 0; i < n; i++) {
		el = config_setting_get_elem(s, (unsigned)i);
		if (config_setting_type(el) != CONFIG_TYPE_STRING) {
			kb_err(r, el, "%s: item %zu is not a string", what, i + 1);
			bad = 1;
			continue;
		}
		str = config_setting_get_string(el);
		if (*str == '\0' || strchr(str, '\n') != NULL) {
			kb_err(r, el, "%s: item %zu must be one non-empty line",
			    what, i + 1);
			bad = 1;
			continue;
		}
		if (!kb_utf8_ok(str)) {
			kb_err(r, el, "%s: item %zu is not valid UTF-8", what,
			    i + 1);
			bad = 1;
			continue;
		}
		len += strlen(str) + 1;
	}
	if (bad)
		return (NULL);
	buf = xmalloc(len);
	for (i = 0, len = 0; i < n; i++) {
		str = config_setting_get_string(config_setting_get_elem(s,
		    (unsigned)i));
		l = strlen(str);
		memcpy(buf + len, str, l);
		len += l;
		buf[len++] = i + 1 < n ? '\n' : '\0';
	}
	out = kb_keep(r->kb, buf);
	free(buf);
	return (out);
}

/* Read one language group into t, replacing only the fields it names. */
static void
kb_read_text(struct kb_reader *r, const config_setting_t *g, const char *id,
    const char *lang, struct kb_text *t)
{
	const config_setting_t	*s;
	const char		*name, *v;
	char			 what[IW_ERRID_MAX + 64];
	unsigned		 i;

	if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
		kb_err(r, g, "entry '%s': %s must be a group { title = ...; ... }",
		    id, lang);
		return;
	}
	for (i = 0; i < (unsigned)config_setting_length(g); i++) {
		s = config_setting_get_elem(g, i);
		name = config_setting_name(s);
		snprintf(what, sizeof what, "entry '%s': %s.%.20s", id, lang, name);
		if (strcmp(name, "title") == 0 || strcmp(name, "meaning") == 0) {
			if (config_setting_type(s) != CONFIG_TYPE_STRING) {
				kb_err(r, s, "%s must be a string", what);
				continue;
			}
			v = config_setting_get_string(s);
			if (*v == '\0') {
				kb_err(r, s, "%s is empty", what);
				continue;
			}
			if (name[0] == 't' && strchr(v, '\n') != NULL) {
				kb_err(r, s, "%s must be one line", what);
				continue;
			}
			if (!kb_utf8_ok(v)) {
				kb_err(r, s, "%s is not valid UTF-8", what);
				continue;
			}
			if (name[0] == 't')
				t->title = kb_keep(r->kb, v);
			else
				t->meaning = kb_keep(r->kb, v);
		} else if (strcmp(name, "causes") == 0) {
			if ((v = kb_join_list(r, s, what)) != NULL)
				t->causes = v;
		} else if (strcmp(name, "checks") == 0) {
			if ((v = kb_join_list(r, s, what)) != NULL)
				t->checks = v;
		} else
			kb_err(r, s, "entry '%s': unknown key '%s' in %s (expected "
			    "title, meaning, causes, checks)", id, name, lang);
	}
}

/* Read a patterns list. */
static void
kb_read_patterns(struct kb_reader *r, const config_setting_t *s,
    const char *id, const char ***pv, size_t *pn)
{
	const config_setting_t	*el;
	const char		**v;
	const char		*str;
	size_t			 i, n, k = 0;

	if (config_setting_type(s) != CONFIG_TYPE_ARRAY &&
	    config_setting_type(s) != CONFIG_TYPE_LIST) {
		kb_err(r, s, "entry '%s': patterns must be a list of strings", id);
		return;
	}
	n = (size_t)config_setting_length(s);
	v = n ? xcalloc(n, sizeof *v) : NULL;
	for (i = 0; i < n; i++) {
		el = config_setting_get_elem(s, (unsigned)i);
		if (config_setting_type(el) != CONFIG_TYPE_STRING) {
			kb_err(r, el, "entry '%s': pattern %zu is not a string",
			    id, i + 1);
			continue;
		}
		str = config_setting_get_string(el);
		if (*str == '\0') {
			kb_err(r, el, "entry '%s': pattern %zu is empty", id, i + 1);
			continue;
		}
		v[k++] = kb_keep(r->kb, str);
	}
	if (k != n) {
		free(v);
		return;
	}
	/* The array itself goes to the pool too, so kb_free frees it once. */
	if (r->kb->npool == r->kb->poolcap) {
		r->kb->poolcap = r->kb->poolcap ? r->kb->poolcap * 2 : 256;
		r->kb->pool = xreallocarray(r->kb->pool, r->kb->poolcap,
		    sizeof *r->kb->pool);
	}
	r->kb->pool[r->kb->npool++] = (char *)v;
	*pv = v;
	*pn = n;
}

/*
 * Read one entry.  seen[]/seen_line[] hold the ids met so far in this file
 * (for duplicates).
 */
static void
kb_read_entry(struct kb_reader *r, const config_setting_t *g,
    const char **seen, int *seen_line, size_t nseen)
{
	const config_setting_t	*s, *sid;
	struct kb_entry		 tmp, *e;
	const char		*id, *name, *sev;
	const char		**pats = NULL;
	size_t			 npats = 0, pos, i;
	int			 exists, errors0 = r->errors, l, sv = -1;
	int			 have_pats = 0;

	if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
		kb_err(r, g, "an entry must be a group { id = ...; ... }");
		return;
	}
	sid = config_setting_get_member(g, "id");
	if (sid == NULL) {
		kb_err(r, g, "entry without id");
		return;
	}
	if (config_setting_type(sid) != CONFIG_TYPE_STRING) {
		kb_err(r, sid, "id must be a string");
		return;
	}
	id = config_setting_get_string(sid);
	if (!kb_valid_id(id)) {
		kb_err(r, sid, "invalid id '%s' (use a-z, 0-9 and _, at most %d "
		    "characters)", id, IW_ERRID_MAX - 1);
		return;
	}
	for (i = 0; i < nseen; i++) {
		if (strcmp(seen[i], id) == 0) {
			kb_err(r, sid, "duplicate id '%s' (first defined at line %d)",
			    id, seen_line[i]);
			return;
		}
	}
	seen[nseen] = id;
	seen_line[nseen] = config_setting_source_line(sid);

	/* Work on a copy so that a faulty entry changes nothing. */
	exists = kb_index(r->kb, id, &pos);
	if (exists)
		tmp = r->kb->v[pos];
	else {
		memset(&tmp, 0, sizeof tmp);
		tmp.severity = IW_SEV_WARNING;
	}
	for (i = 0; i < (unsigned)config_setting_length(g); i++) {
		s = config_setting_get_elem(g, (unsigned)i);
		name = config_setting_name(s);
		if (strcmp(name, "id") == 0)
			continue;
		if (strcmp(name, "severity") == 0) {
			if (config_setting_type(s) != CONFIG_TYPE_STRING) {
				kb_err(r, s, "entry '%s': severity must be a string",
				    id);
				continue;
			}
			sev = config_setting_get_string(s);
			if ((sv = iw_severity_from_name(sev)) < 0)
				kb_err(r, s, "entry '%s': bad severity '%s' "
				    "(expected info, warning or critical)", id, sev);
			else
				tmp.severity = (enum iw_severity)sv;
		} else if ((l = iw_lang_from_name(name)) >= 0 &&
		    strcmp(name, iw_lang_name((enum iw_lang)l)) == 0)
			kb_read_text(r, s, id, name, &tmp.text[l]);
		else if (strcmp(name, "patterns") == 0) {
			kb_read_patterns(r, s, id, &pats, &npats);
			have_pats = 1;
		} else
			kb_err(r, s, "entry '%s': unknown key '%s' (expected id, "
			    "severity, en, de, patterns)", id, name);
	}
	/* Only complain about what is missing when what is there was fine. */
	if (!exists && r->errors == errors0) {
		if (tmp.text[IW_LANG_EN].title == NULL)
			kb_err(r, g, "entry '%s': missing en.title", id);
		if (tmp.text[IW_LANG_EN].meaning == NULL)
			kb_err(r, g, "entry '%s': missing en.meaning", id);
		if (!r->is_admin && sv < 0 &&
		    config_setting_get_member(g, "severity") == NULL)
			kb_err(r, g, "entry '%s': missing severity", id);
	}
	if (r->errors != errors0)
		return;
	if (have_pats) {
		tmp.patterns = pats;
		tmp.n_patterns = npats;
	}
	if (!exists) {
		e = kb_insert(r->kb, id, pos);
		tmp.id = e->id;
	}
	r->kb->v[pos] = tmp;
	if (have_pats)
		r->kb->pat_order[pos] = ++r->kb->next_order;
}

/* Read the entries list of a file. */
static void
kb_read_entries(struct kb_reader *r, const config_setting_t *entries)
{
	const char	**seen;
	int		 *seen_line;
	unsigned	  i, n;

	if (config_setting_type(entries) != CONFIG_TYPE_LIST) {
		kb_err(r, entries, "entries must be a list ( { ... }, ... )");
		return;
	}
	n = (unsigned)config_setting_length(entries);
	seen = xcalloc(n + 1, sizeof *seen);
	seen_line = xcalloc(n + 1, sizeof *seen_line);
	for (i = 0; i < n; i++) {
		kb_read_entry(r, config_setting_get_elem(entries, i), seen,
		    seen_line, i);
		/* kb_read_entry records an id only when the entry has one. */
		if (seen[i] == NULL)
			seen[i] = "";
	}
	free(seen);
	free(seen_line);
}

/* Read one file into kb; -1 if it had any problem (all reported). */
static int
kb_read_file(struct kb *kb, const char *path, int is_admin, struct causes *c)
{
	config_t		 cfg;
	config_setting_t	*root, *s, *entries = NULL;
	struct kb_reader	 r;
	const char		*name;
	unsigned		 i;

	memset(&r, 0, sizeof r);
	r.kb = kb;
	r.path = path;
	r.is_admin = is_admin;
	r.causes = c;

	config_init(&cfg);
	errno = 0;
	if (config_read_file(&cfg, path) != CONFIG_TRUE) {
		if (config_error_type(&cfg) == CONFIG_ERR_FILE_IO)
			causes_addf_at(c, path, 0, "cannot read: %s",
			    strerror(errno ? errno : EIO));
		else
			causes_addf_at(c, config_error_file(&cfg) != NULL ?
			    config_error_file(&cfg) : path,
			    config_error_line(&cfg), "%s",
			    config_error_text(&cfg));
		config_destroy(&cfg);
		return (-1);
	}
	root = config_root_setting(&cfg);
	for (i = 0; i < (unsigned)config_setting_length(root); i++) {
		s = config_setting_get_elem(root, i);
		name = config_setting_name(s);
		if (strcmp(name, "entries") == 0) {
			entries = s;
			kb_read_entries(&r, s);
		} else
			kb_err(&r, s, "unknown key '%s' (expected entries)", name);
	}
	if (entries == NULL && !is_admin)
		kb_err(&r, NULL, "no entries");
	config_destroy(&cfg);
	return (r.errors ? -1 : 0);
}

/* Build the match-order list of patterns from the entries. */
static void
kb_build_patterns(struct kb *kb)
{
	size_t		 i, j, k, total = 0;
	size_t		*idx;
	unsigned	 t;

	for (i = 0; i < kb->n; i++)
		total += kb->v[i].n_patterns;
	if (total == 0)
		return;
	/* Entries by the order their patterns were set (insertion sort: few). */
	idx = xcalloc(kb->n, sizeof *idx);
	for (i = 0; i < kb->n; i++) {
		for (j = i; j > 0 && kb->pat_order[idx[j - 1]] > kb->pat_order[i];
		    j--)
			idx[j] = idx[j - 1];
		idx[j] = i;
	}
	kb->pat = xcalloc(total, sizeof *kb->pat);
	for (i = 0, k = 0; i < kb->n; i++) {
		t = (unsigned)idx[i];
		for (j = 0; j < kb->v[t].n_patterns; j++) {
			kb->pat[k].text = kb->v[t].patterns[j];
			kb->pat[k].len = strlen(kb->v[t].patterns[j]);
			kb->pat[k].id = kb->v[t].id;
			k++;
		}
	}
	kb->npat = k;
	free(idx);
}

/*
 * Load the system file and, if override_path is not NULL and exists, the
 * admin file on top; NULL and every problem in causes on failure.
 */
struct kb *
kb_load(const char *system_path, const char *override_path, struct causes *c)
{
	struct kb	*kb;
	struct stat	 st;
	int		 bad = 0;

	if (system_path == NULL)
		system_path = kb_default_path();
	kb = xcalloc(1, sizeof *kb);
	if (kb_read_file(kb, system_path, 0, c) == -1)
		bad = 1;
	/* A missing admin file is the normal case; unreadable is an error. */
	if (override_path != NULL) {
		if (stat(override_path, &st) == 0) {
			if (kb_read_file(kb, override_path, 1, c) == -1)
				bad = 1;
		} else if (errno != ENOENT) {
			causes_addf_at(c, override_path, 0, "%s", strerror(errno));
			bad = 1;
		}
	}
	if (bad) {
		kb_free(kb);
		return (NULL);
	}
	kb_build_patterns(kb);
	return (kb);
}

/* Free a knowledge base. */
void
kb_free(struct kb *kb)
{
	size_t	 i;

	if (kb == NULL)
		return;
	for (i = 0; i < kb->npool; i++)
		free(kb->pool[i]);
	free(kb->pool);
	free(kb->v);
	free(kb->pat_order);
	free(kb->pat);
	free(kb);
}

/*
 * Path of the system file: $IPSECWATCH_KB, else DATADIR/kb.conf, else (not
 * installed yet) the source tree's data/kb.conf.
 */
const char *
kb_default_path(void)
{
	const char	*p;
	struct stat	 st;

	if ((p = getenv("IPSECWATCH_KB")) != NULL && *p != '\0')
		return (p);
	/*
	 * Before "make install" the programs run from the build tree (the
	 * README's Quick start does): use the source tree's copy then.
	 */
	if (stat(DATADIR "/" KB_FILE, &st) == -1 && errno == ENOENT &&
	    stat(SRCDIR_KB, &st) == 0)
		return (SRCDIR_KB);
	return (DATADIR "/" KB_FILE);
}

/* Path of the admin file: $IPSECWATCH_KB_OVERRIDE, else SYSCONFDIR/ipsecwatch/kb.conf. */
const char *
kb_default_override_path(void)
{
	const char	*p;

	if ((p = getenv("IPSECWATCH_KB_OVERRIDE")) != NULL)
		return (*p != '\0' ? p : NULL);
	return (SYSCONFDIR "/ipsecwatch/" KB_FILE);
}

/* The entry with this id, or NULL (binary search). */
const struct kb_entry *
kb_find(const struct kb *kb, const char *id)
{
	size_t	 pos;

	if (kb == NULL || id == NULL || *id == '\0')
		return (NULL);
	return (kb_index(kb, id, &pos) ? &kb->v[pos] : NULL);
}

/* Number of entries. */
size_t
kb_count(const struct kb *kb)
{
	return (kb != NULL ? kb->n : 0);
}

/* The i-th entry in id order, or NULL. */
const struct kb_entry *
kb_entry_at(const struct kb *kb, size_t i)
{
	return (kb != NULL && i < kb->n ? &kb->v[i] : NULL);
}

/* Text in a language, falling back to English field by field. */
struct kb_text
kb_text(const struct kb_entry *e, enum iw_lang lang)
{
	struct kb_text	 t, en;

	en = e->text[IW_LANG_EN];
	if ((unsigned)lang >= IW_LANG__COUNT)
		return (en);
	t = e->text[lang];
	if (t.title == NULL)
		t.title = en.title;
	if (t.meaning == NULL)
		t.meaning = en.meaning;
	if (t.causes == NULL)
		t.causes = en.causes;
	if (t.checks == NULL)
		t.checks = en.checks;
	return (t);
}

/*
 * The id of the first pattern that occurs in msg (case-sensitive substring
 * search, patterns in file order), or NULL.
 */
const char *
kb_match(const struct kb *kb, const char *msg, size_t len)
{
	size_t	 i;

	if (kb == NULL || msg == NULL)
		return (NULL);
	for (i = 0; i < kb->npat; i++) {
		if (kb->pat[i].len <= len &&
		    memmem(msg, len, kb->pat[i].text, kb->pat[i].len) != NULL)
			return (kb->pat[i].id);
	}
	return (NULL);
}
