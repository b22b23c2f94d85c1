/*
 * kb.h - the knowledge base of IPsec errors: for each error kind (the ids of
 * ipsec-log-catalog.md) a title, what it means, likely causes and what to
 * check, in English and German.
 *
 * Stored as data: a libconfig file installed under $(datadir)/ipsecwatch/
 * (kb.conf), plus an optional admin file (SYSCONFDIR/ipsecwatch/kb.conf)
 * whose entries override or add to it.  Admin entries may carry patterns
 * (substrings of the log message) that map new wordings to an id.
 */
#ifndef IW_KB_H
#define IW_KB_H

#include <stddef.h>

#include "ipsecwatch.h"

struct causes;
struct kb;

struct kb_text {
	const char	*title;		/* one line */
	const char	*meaning;	/* what it means */
	const char	*causes;	/* likely causes, one per line ('\n' between) */
	const char	*checks;	/* what to check, one per line ('\n' between) */
};

struct kb_entry {
	const char	*id;
	enum iw_severity severity;
	struct kb_text	 text[IW_LANG__COUNT];	/* a missing language falls back to English */
	const char	**patterns;		/* admin patterns (substrings), may be NULL */
	size_t		 n_patterns;
};

/*
 * Load the system file and, if override_path is not NULL and exists, the
 * admin file on top.  NULL and causes ("file:line: message") on any error.
 */
struct kb		*kb_load(const char *system_path, const char *override_path,
			    struct causes *);
void			 kb_free(struct kb *);
/* Default path of the system file (DATADIR/ipsecwatch/kb.conf), or
 * $IPSECWATCH_KB if set (tests, running from the build tree). */
const char		*kb_default_path(void);
/* Default path of the admin file (SYSCONFDIR/ipsecwatch/kb.conf), or
 * $IPSECWATCH_KB_OVERRIDE if set (empty: no admin file, NULL returned). */
const char		*kb_default_override_path(void);

const struct kb_entry	*kb_find(const struct kb *, const char *id);
size_t			 kb_count(const struct kb *);
const struct kb_entry	*kb_entry_at(const struct kb *, size_t);
/* Text in a language, falling back to English field by field. */
struct kb_text		 kb_text(const struct kb_entry *, enum iw_lang);
/*
 * The id of the first pattern found in a message, or NULL.  Patterns are
 * plain substrings, matched case-sensitively, tried in file order (system
 * file, then admin file, each top to bottom).
 */
const char		*kb_match(const struct kb *, const char *msg, size_t len);

#endif
