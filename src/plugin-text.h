/*
 * plugin-text.h - text shared by the bundled plugins (compiled into each
 * module): a growable buffer, localized labels, a notification's subject
 * line and plain-text body.
 */
#ifndef IW_PLUGIN_TEXT_H
#define IW_PLUGIN_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "ipsecwatch-plugin.h"

struct ptext_buf {
	char	*s;
	size_t	 len;
	size_t	 cap;
};

void	 ptext_init(struct ptext_buf *);
void	 ptext_add(struct ptext_buf *, const char *, size_t);
void	 ptext_puts(struct ptext_buf *, const char *);
void	 ptext_printf(struct ptext_buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
/* Take the string (caller frees). */
char	*ptext_take(struct ptext_buf *);
void	*ptext_alloc(size_t);			/* aborts on OOM */
char	*ptext_strdup(const char *);

bool	 ptext_is_de(const struct ipsecwatch_notification *);
const char *ptext_kind_label(const char *kind, bool de);
const char *ptext_severity_label(const char *sev, bool de);
/* One line (no line breaks, no controls): host, severity, kind, tunnels. */
char	*ptext_subject(const struct ipsecwatch_notification *);
/* The full plain-text body ("\n" line ends). */
char	*ptext_body(const struct ipsecwatch_notification *);
/* RFC 3339 of a time, for display ("2026-11-27 21:40:33 UTC"). */
void	 ptext_time(long long us, char *, size_t);
/* RFC 3339 UTC with microseconds. */
void	 ptext_rfc3339(long long us, char *, size_t);
/* Replace controls by spaces (copy). */
char	*ptext_oneline(const char *);

#endif
