/*
 * causes.h - a list of error messages collected while loading something
 * (config, knowledge base), so that every error is reported at once, each
 * as "file:line: message".
 */
#ifndef IW_CAUSES_H
#define IW_CAUSES_H

#include <stddef.h>

struct causes {
	char	**msg;
	size_t	  n;
	size_t	  cap;
};

void	causes_init(struct causes *);
void	causes_add(struct causes *, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void	causes_addf_at(struct causes *, const char *file, int line, const char *fmt, ...)
	    __attribute__((format(printf, 4, 5)));	/* "file:line: msg" */
void	causes_free(struct causes *);

#endif
