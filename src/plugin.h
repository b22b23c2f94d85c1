/*
 * plugin.h - receivers: loading alert plugins (dlopen from a trusted
 * directory, ABI check) and one instance per configured receiver.
 */
#ifndef IW_PLUGIN_H
#define IW_PLUGIN_H

#include <stdbool.h>

#include "ipsecwatch-plugin.h"

struct causes;
struct event_base;
struct receiver_config;
struct plugin;

/* $IPSECWATCH_PLUGIN_DIR (tests, build tree) or PKGLIBDIR/plugins. */
const char	*plugin_default_dir(void);
/*
 * Whether a path may be trusted for code loading: owned by root or by us
 * (the daemon's user) and not writable by group or others.  -1 and a cause
 * otherwise.
 */
int		 plugin_check_trusted(const char *path, bool want_dir, struct causes *);
/* Load the receiver's plugin from dir (NULL = default) and create its
 * instance, which keeps its own copy of the settings (the config may be
 * freed).  NULL and causes ("file:line: receiver X: ...") on failure. */
struct plugin	*plugin_open(const char *dir, const char *conf_file,
		    const struct receiver_config *, struct event_base *, struct causes *);
/* Deliver; 0 = done follows (maybe already called), -1 = failed now. */
int		 plugin_send(struct plugin *, const struct ipsecwatch_notification *,
		    ipsecwatch_done_fn, void *);
void		 plugin_close(struct plugin *);
const char	*plugin_receiver_name(const struct plugin *);
/* The receiver settings the instance was made from (its copy). */
const struct receiver_config *plugin_config(const struct plugin *);
/* The host services offered to plugins (also used by tools). */
const struct ipsecwatch_host *plugin_host(struct event_base *);
/* Read a secret file (first line) under the secrecy check; NULL + cause. */
char		*plugin_read_secret(const char *path, struct causes *);

#endif
