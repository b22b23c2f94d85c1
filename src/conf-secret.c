/*
 * conf-secret.c - secrets in the configuration: SMTP passwords, webhook
 * tokens, credentials in URLs and auth headers.
 *
 * They are only accepted from files that nobody but their owner can read,
 * and the owner must be root or the user loading the file: the config file
 * itself when the secret is inline, or the file named by password_file /
 * token_file, which is read here.  Buffers that held a secret are wiped.
 */
#include "config.h"

#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "causes.h"
#include "conf.h"
#include "conf-private.h"
#include "xmalloc.h"

#define CONF_SECRET_MAX	4096		/* longest secret read from a file */

static void	 conf_inline_secret(struct ctx *, const config_setting_t *,
		    const char *, ...) __attribute__((format(printf, 3, 4)));
static char	*conf_file_secret(struct ctx *, const config_setting_t *,
		    const char *, const char *, const char *);
static bool	 conf_url_has_password(const char *);
static bool	 conf_header_is_secret(const char *);
static void	 conf_check_secret_file(struct ctx *, const config_setting_t *,
		    const char *);
static bool	 conf_secret_private(struct ctx *, const config_setting_t *,
		    const char *, const char *, const struct stat *);
static char	*conf_resolve(struct ctx *, const config_setting_t *, const char *);
static char	*conf_read_secret(struct ctx *, const config_setting_t *,
		    const char *, const char *);
static void	 conf_wipe(char *, size_t);

/*
 * Secrets of a receiver: inline ones need a private config file; the
 * _file ones are read now, under the same check, into password / token.
 */
void
conf_receiver_secrets(struct ctx *c, config_setting_t **seen, const char *ep,
    struct receiver_config *r)
{
	size_t	 i;

	if (r->password != NULL)
		conf_inline_secret(c, seen[RK_PASS], "%s.password", ep);
	if (r->token != NULL)
		conf_inline_secret(c, seen[RK_TOKEN], "%s.token", ep);
	if (r->url != NULL && conf_url_has_password(r->url))
		conf_inline_secret(c, seen[RK_URL], "%s.url", ep);
	for (i = 0; i < r->n_headers; i++) {
		if (!conf_header_is_secret(r->headers[i]))
			continue;
		conf_inline_secret(c, seen[RK_HEADERS], "%s.headers[%zu]", ep, i);
		break;
	}
	if (r->password_file != NULL && r->password == NULL)
		r->password = conf_file_secret(c, seen[RK_PASSFILE], ep,
		    "password_file", r->password_file);
	if (r->token_file != NULL && r->token == NULL)
		r->token = conf_file_secret(c, seen[RK_TOKENFILE], ep,
		    "token_file", r->token_file);
}

/*
 * An inline secret at setting s, called by the key path fmt: the config
 * holds secrets, and the file s comes from must be private.
 */
static void
conf_inline_secret(struct ctx *c, const config_setting_t *s, const char *fmt,
    ...)
{
	va_list	 ap;
	char	*kp;

	va_start(ap, fmt);
	xvasprintf(&kp, fmt, ap);
	va_end(ap);
	c->cf->has_secrets = true;
	conf_check_secret_file(c, s, kp);
	free(kp);
}

/* The secret in the file named by key of receiver ep, or NULL (with an error). */
static char *
conf_file_secret(struct ctx *c, const config_setting_t *s, const char *ep,
    const char *key, const char *name)
{
	char	*kp, *secret;

	kp = conf_key_path(ep, key);
	secret = conf_read_secret(c, s, kp, name);
	free(kp);
	return (secret);
}

/* Whether a URL carries a password: scheme://user:password@host. */
static bool
conf_url_has_password(const char *url)
{
	const char	*p, *at, *slash;

	if ((p = strstr(url, "://")) == NULL)
		return (false);
	p += 3;
	slash = strchr(p, '/');
	at = strchr(p, '@');
	if (at == NULL || (slash != NULL && slash < at))
		return (false);
	return (memchr(p, ':', (size_t)(at - p)) != NULL);
}

/* Whether a header line carries credentials (Authorization, *token*, *key*). */
static bool
conf_header_is_secret(const char *h)
{
	static const char *const words[] = { "auth", "token", "key", "secret",
	    "password", "cookie", NULL };
	const char	*colon = strchr(h, ':');
	char		 name[128];
	size_t		 i, n;

	n = colon != NULL ? (size_t)(colon - h) : strlen(h);
	if (n >= sizeof name)
		n = sizeof name - 1;
	for (i = 0; i < n; i++)
		name[i] = (char)tolower((unsigned char)h[i]);
	name[n] = '\0';
	for (i = 0; words[i] != NULL; i++) {
		if (strstr(name, words[i]) != NULL)
			return (true);
	}
	return (false);
}

/*
 * A config file that holds a secret inline must be a file owned by root
 * or by us and closed to group and others.  The file checked is the one
 * the setting s was read from, which may be an included file.
 */
static void
conf_check_secret_file(struct ctx *c, const config_setting_t *s, const char *kp)
{
	struct stat	 st;
	char		*file;

	file = conf_file_of(c, s);
	if (stat(file, &st) == -1)
		conf_err(c, s, "%s: cannot check %s: %s", kp, file, strerror(errno));
	else
		conf_secret_private(c, s, kp, file, &st);
	free(file);
}

/*
 * Whether a file holding a secret (status st) is private: closed to group
 * and others and owned by root or by us.  Otherwise an error that says how
 * to fix it.
 */
static bool
conf_secret_private(struct ctx *c, const config_setting_t *s, const char *kp,
    const char *file, const struct stat *st)
{
	if ((st->st_mode & (S_IRWXG | S_IRWXO)) != 0) {
		conf_err(c, s, "%s: %s holds a secret but is accessible by group "
		    "or others (mode %04o); run: chmod 600 %s", kp, file,
		    (unsigned)(st->st_mode & 07777), file);
		return (false);
	}
	if (st->st_uid != 0 && st->st_uid != c->uid) {
		conf_err(c, s, "%s: %s holds a secret but is owned by uid %u, "
		    "not by root or uid %u; run: chown %u %s", kp, file,
		    (unsigned)st->st_uid, (unsigned)c->uid, (unsigned)c->uid, file);
		return (false);
	}
	return (true);
}

/* A relative secret file name is taken relative to the file naming it. */
static char *
conf_resolve(struct ctx *c, const config_setting_t *s, const char *name)
{
	char	*file, *slash, *r;

	if (name[0] == '/')
		return (xstrdup(name));
	file = conf_file_of(c, s);
	slash = strrchr(file, '/');
	if (slash == NULL) {
		free(file);
		return (xstrdup(name));
	}
	*slash = '\0';
	xasprintf(&r, "%s/%s", file, name);
	free(file);
	return (r);
}

/*
 * Read a secret from its own file (one line; a trailing newline is
 * dropped).  The checks run on the opened descriptor, so the file checked
 * is the file read.  NULL (with an error) when anything is wrong.
 */
static char *
conf_read_secret(struct ctx *c, const config_setting_t *s, const char *kp,
    const char *name)
{
	struct stat	 st;
	char		*path, *buf = NULL;
	ssize_t		 n;
	size_t		 len = 0;
	int		 fd;

	path = conf_resolve(c, s, name);
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)) == -1) {
		conf_err(c, s, "%s: cannot open %s: %s", kp, path, strerror(errno));
		goto out;
	}
	if (fstat(fd, &st) == -1) {
		conf_err(c, s, "%s: %s: %s", kp, path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		conf_err(c, s, "%s: %s is not a regular file", kp, path);
		goto out;
	}
	if (!conf_secret_private(c, s, kp, path, &st))
		goto out;
	buf = xmalloc(CONF_SECRET_MAX + 1);
	while (len < CONF_SECRET_MAX) {
		n = read(fd, buf + len, CONF_SECRET_MAX - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			conf_err(c, s, "%s: reading %s: %s", kp, path, strerror(errno));
			goto bad;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (len == CONF_SECRET_MAX) {
		conf_err(c, s, "%s: %s is longer than %d bytes", kp, path,
		    CONF_SECRET_MAX - 1);
		goto bad;
	}
	buf[len] = '\0';
	if (len > 0 && buf[len - 1] == '\n')
		buf[--len] = '\0';
	if (len > 0 && buf[len - 1] == '\r')
		buf[--len] = '\0';
	if (len == 0) {
		conf_err(c, s, "%s: %s is empty", kp, path);
		goto bad;
	}
	if (strlen(buf) != len || strpbrk(buf, "\r\n") != NULL) {
		conf_err(c, s, "%s: %s must hold the secret on one line", kp, path);
		goto bad;
	}
	goto out;
bad:
	conf_wipe(buf, CONF_SECRET_MAX + 1);
	free(buf);
	buf = NULL;
out:
	if (fd != -1)
		close(fd);
	free(path);
	return (buf);
}

/* Overwrite a buffer that held a secret (the compiler may not drop it). */
static void
conf_wipe(char *buf, size_t len)
{
#ifdef HAVE_EXPLICIT_BZERO
	explicit_bzero(buf, len);
#else
	volatile char	*v = buf;

	while (len-- > 0)
		*v++ = 0;
#endif
}

/* Free a string vector that may hold secrets, wiping it. */
void
conf_strv_freezero(char **v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		freezero_str(v[i]);
	free(v);
}
