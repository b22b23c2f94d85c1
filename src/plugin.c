/*
 * plugin.c - alert plugins as loadable modules.
 *
 * A plugin named "email" is the file <plugin_dir>/email.so exporting
 * `ipsecwatch_plugin`.  Loading code means running it with the daemon's
 * rights, so the directory and the file must be owned by root or by the
 * daemon's user and writable by nobody else; otherwise the receiver is
 * refused with a message saying why.  The ABI version is checked before
 * anything of the plugin is called.
 */
#include "config.h"

#include <sys/stat.h>

#include <ctype.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "causes.h"
#include "child.h"
#include "conf.h"
#include "log.h"
#include "notif.h"
#include "plugin.h"
#include "xfer.h"
#include "xmalloc.h"

struct plugin {
	char					*name;	/* receiver name */
	void					*dl;
	const struct ipsecwatch_plugin_ops	*ops;
	void					*inst;
	struct ipsecwatch_receiver		 rcv;
	char					*password;	/* secret, wiped */
	char					*token;		/* secret, wiped */
	struct receiver_config			*rc;	/* own copy: rcv points into it */
};

static void	plugin_host_log(enum ipsecwatch_log_level, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
static char	*plugin_host_json(const struct ipsecwatch_notification *);
static bool	plugin_valid_name(const char *);

static struct ipsecwatch_host	 plugin_hostsvc;
static char			 plugin_hostname[256];

/* Default plugin directory. */
const char *
plugin_default_dir(void)
{
	const char	*s;

	if ((s = getenv("IPSECWATCH_PLUGIN_DIR")) != NULL && *s != '\0')
		return (s);
	return (PKGLIBDIR "/plugins");
}

/* Log for a plugin. */
static void
plugin_host_log(enum ipsecwatch_log_level level, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	xvasprintf(&s, fmt, ap);
	va_end(ap);
	switch (level) {
	case IPSECWATCH_LOG_DEBUG:
		log_debug("%s", s);
		break;
	case IPSECWATCH_LOG_INFO:
		log_info("%s", s);
		break;
	default:
		log_warnx("%s", s);
		break;
	}
	free(s);
}

/* The generic JSON of a notification for a plugin. */
static char *
plugin_host_json(const struct ipsecwatch_notification *n)
{
	return (notif_to_json_string(n));
}

/* The services a plugin may use. */
const struct ipsecwatch_host *
plugin_host(struct event_base *base)
{
	if (plugin_hostname[0] == '\0') {
		if (gethostname(plugin_hostname, sizeof plugin_hostname - 1) == -1)
			snprintf(plugin_hostname, sizeof plugin_hostname, "localhost");
	}
	plugin_hostsvc.abi_version = IPSECWATCH_PLUGIN_ABI;
	plugin_hostsvc.base = base;
	plugin_hostsvc.hostname = plugin_hostname;
	plugin_hostsvc.log = plugin_host_log;
	plugin_hostsvc.http_post = xfer_http_post;
	plugin_hostsvc.smtp_send = xfer_smtp_send;
	plugin_hostsvc.run = child_run;
	plugin_hostsvc.notification_json = plugin_host_json;
	return (&plugin_hostsvc);
}

/* Check owner and mode of a path we are about to load code from. */
int
plugin_check_trusted(const char *path, bool want_dir, struct causes *causes)
{
	struct stat	 st;

	/* A plugin file must be the file itself: a symbolic link could point
	 * anywhere, past the directory check. */
	if ((want_dir ? stat(path, &st) : lstat(path, &st)) == -1) {
		causes_add(causes, "%s: %s", path, strerror(errno));
		return (-1);
	}
	if (!want_dir && S_ISLNK(st.st_mode)) {
		causes_add(causes, "%s: a symbolic link; refusing to load it", path);
		return (-1);
	}
	if (want_dir && !S_ISDIR(st.st_mode)) {
		causes_add(causes, "%s: not a directory", path);
		return (-1);
	}
	if (!want_dir && !S_ISREG(st.st_mode)) {
		causes_add(causes, "%s: not a regular file", path);
		return (-1);
	}
	if (st.st_uid != 0 && st.st_uid != geteuid()) {
		causes_add(causes, "%s: owned by uid %lu, not by root or uid %lu; "
		    "refusing to load plugins from it", path, (unsigned long)st.st_uid,
		    (unsigned long)geteuid());
		return (-1);
	}
	if (st.st_mode & (S_IWGRP | S_IWOTH)) {
		causes_add(causes, "%s: writable by %s (mode %04o); refusing to load "
		    "plugins from it", path, (st.st_mode & S_IWOTH) ? "everyone" :
		    "its group", (unsigned)(st.st_mode & 07777));
		return (-1);
	}
	return (0);
}

/* Plugin names are simple words: no path can be smuggled in. */
static bool
plugin_valid_name(const char *s)
{
	if (s == NULL || *s == '\0' || strlen(s) > 64)
		return (false);
	for (; *s != '\0'; s++) {
		if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-')
			return (false);
	}
	return (true);
}

/* Read the first line of a secret file that only its owner can read. */
char *
plugin_read_secret(const char *path, struct causes *causes)
{
	struct stat	 st;
	char		 buf[4096];
	ssize_t		 n;
	int		 fd;
	char		*s;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1) {
		causes_add(causes, "%s: %s", path, strerror(errno));
		return (NULL);
	}
	if (fstat(fd, &st) == -1 || (st.st_uid != 0 && st.st_uid != geteuid()) ||
	    (st.st_mode & (S_IRWXG | S_IRWXO))) {
		causes_add(causes, "%s: secret file must be owned by root or uid "
		    "%lu and not accessible by group or others", path,
		    (unsigned long)geteuid());
		close(fd);
		return (NULL);
	}
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n < 0) {
		causes_add(causes, "%s: %s", path, strerror(errno));
		return (NULL);
	}
	buf[n] = '\0';
	buf[strcspn(buf, "\r\n")] = '\0';
	s = xstrdup(buf);
	explicit_bzero(buf, sizeof buf);
	return (s);
}

/* Load a receiver's plugin and create its instance. */
struct plugin *
plugin_open(const char *dir, const char *conf_file, const struct receiver_config *rc,
    struct event_base *base, struct causes *causes)
{
	struct plugin				*p;
	const struct ipsecwatch_plugin_ops	*ops;
	struct causes				 why;
	char					*path = NULL, *err = NULL;
	void					*dl;
	size_t					 i;

	if (conf_file == NULL)
		conf_file = "config";
	if (dir == NULL)
		dir = plugin_default_dir();
	if (!plugin_valid_name(rc->plugin)) {
		causes_addf_at(causes, conf_file, rc->line, "receiver %s: bad plugin "
		    "name \"%s\"", rc->name, rc->plugin != NULL ? rc->plugin : "");
		return (NULL);
	}
	causes_init(&why);
	xasprintf(&path, "%s/%s.so", dir, rc->plugin);
	if (plugin_check_trusted(dir, true, &why) == -1 ||
	    plugin_check_trusted(path, false, &why) == -1) {
		causes_addf_at(causes, conf_file, rc->line, "receiver %s: plugin %s: %s",
		    rc->name, rc->plugin, why.n > 0 ? why.msg[0] : "untrusted");
		causes_free(&why);
		free(path);
		return (NULL);
	}
	causes_free(&why);
	if ((dl = dlopen(path, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		causes_addf_at(causes, conf_file, rc->line, "receiver %s: plugin %s: %s",
		    rc->name, rc->plugin, dlerror());
		free(path);
		return (NULL);
	}
	ops = dlsym(dl, IPSECWATCH_PLUGIN_SYMBOL);
	if (ops == NULL || ops->abi_version != IPSECWATCH_PLUGIN_ABI) {
		causes_addf_at(causes, conf_file, rc->line, "receiver %s: %s: %s "
		    "(need ABI %d, found %d)", rc->name, path, ops == NULL ?
		    "no " IPSECWATCH_PLUGIN_SYMBOL " symbol" : "wrong plugin ABI",
		    IPSECWATCH_PLUGIN_ABI, ops == NULL ? -1 : (int)ops->abi_version);
		dlclose(dl);
		free(path);
		return (NULL);
	}
	free(path);

	p = xcalloc(1, sizeof *p);
	p->dl = dl;
	p->ops = ops;
	/* The instance may keep pointers into rcv: they point into this copy,
	 * which lives as long as the instance (the config may be reloaded). */
	p->rc = conf_receiver_dup(rc);
	rc = p->rc;
	p->name = xstrdup(rc->name != NULL ? rc->name : rc->plugin);
	if (rc->password != NULL)
		p->password = xstrdup(rc->password);
	else if (rc->password_file != NULL &&
	    (p->password = plugin_read_secret(rc->password_file, causes)) == NULL)
		goto fail;
	if (rc->token != NULL)
		p->token = xstrdup(rc->token);
	else if (rc->token_file != NULL &&
	    (p->token = plugin_read_secret(rc->token_file, causes)) == NULL)
		goto fail;
	p->rcv.name = p->name;
	p->rcv.plugin = rc->plugin;
	p->rcv.language = iw_lang_name(rc->language);
	p->rcv.url = rc->url;
	p->rcv.from = rc->from;
	p->rcv.to = (const char **)rc->to;
	p->rcv.n_to = rc->n_to;
	p->rcv.username = rc->username;
	p->rcv.password = p->password;
	p->rcv.starttls = rc->starttls;
	p->rcv.format = rc->format;
	p->rcv.headers = (const char **)rc->headers;
	p->rcv.n_headers = rc->n_headers;
	p->rcv.token = p->token;
	p->rcv.ca_file = rc->ca_file;
	p->rcv.tls_verify = rc->tls_verify;
	p->rcv.timeout_ms = (rc->timeout > 0 ? rc->timeout : 10) * 1000;
	p->rcv.command = (const char **)rc->command;
	p->rcv.n_command = rc->n_command;
	for (i = 0; i < rc->n_headers; i++) {
		if (strpbrk(rc->headers[i], "\r\n") != NULL) {
			causes_addf_at(causes, conf_file, rc->line, "receiver %s: "
			    "header %zu contains a line break", p->name, i + 1);
			goto fail;
		}
	}
	if ((p->inst = ops->init(&p->rcv, plugin_host(base), &err)) == NULL) {
		causes_addf_at(causes, conf_file, rc->line, "receiver %s: %s", p->name,
		    err != NULL ? err : "plugin refused its settings");
		free(err);
		goto fail;
	}
	log_debug("receiver %s: plugin %s loaded", p->name, ops->name);
	return (p);
fail:
	plugin_close(p);
	return (NULL);
}

/* Deliver a notification through a receiver's plugin. */
int
plugin_send(struct plugin *p, const struct ipsecwatch_notification *n,
    ipsecwatch_done_fn done, void *arg)
{
	return (p->ops->send(p->inst, n, done, arg));
}

/* Shut a receiver's instance down and unload its plugin. */
void
plugin_close(struct plugin *p)
{
	if (p == NULL)
		return;
	if (p->inst != NULL)
		p->ops->shutdown(p->inst);
	if (p->password != NULL)
		freezero_str(p->password);
	if (p->token != NULL)
		freezero_str(p->token);
	/* Under ASan keep modules mapped so leak reports can name them. */
	if (getenv("IPSECWATCH_NO_DLCLOSE") == NULL)
		dlclose(p->dl);
	if (p->rc != NULL) {
		conf_receiver_free(p->rc);
		free(p->rc);
	}
	free(p->name);
	free(p);
}

/* The settings the instance was made from. */
const struct receiver_config *
plugin_config(const struct plugin *p)
{
	return (p->rc);
}

/* The receiver's name. */
const char *
plugin_receiver_name(const struct plugin *p)
{
	return (p->name);
}
