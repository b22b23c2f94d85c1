/*
 * xmalloc.h - allocation that never returns NULL: out of memory is fatal,
 * so callers carry no NULL checks.
 */
#ifndef IW_XMALLOC_H
#define IW_XMALLOC_H

#include <stddef.h>
#include <stdarg.h>

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
int	 xasprintf(char **, const char *, ...) __attribute__((format(printf, 2, 3)));
int	 xvasprintf(char **, const char *, va_list) __attribute__((format(printf, 2, 0)));
void	 freezero_str(char *);	/* wipe a secret string, then free it */

#endif
