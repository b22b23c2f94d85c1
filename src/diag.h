/*
 * diag.h - diagnostics: the admin's configured commands (ping the peer,
 * `ipsec status`, `ip xfrm state`, ...) run when a tunnel goes down or a
 * negotiation fails, their output attached to the alert.
 *
 * Each command is an argv run without a shell; "%peer%" and "%conn%" in an
 * argument are replaced by the peer address and the connection name.  The
 * peer must be an IP literal (inet_pton) and the connection a plain name
 * ([A-Za-z0-9._-], not starting with '-'); otherwise the command is skipped
 * and the output says why.  All commands run at once, each with its
 * timeout; the output is cut at DIAG_OUTPUT_MAX bytes in total.
 */
#ifndef IW_DIAG_H
#define IW_DIAG_H

#include <stdbool.h>
#include <stddef.h>

#include "conf.h"

#define DIAG_OUTPUT_MAX	16384

struct diag;

typedef void	(*diag_done_fn)(const char *key, const char *output, void *arg);

/* The commands must outlive the struct diag. */
struct diag	*diag_new(const struct diag_config *, size_t);
void		 diag_free(struct diag *);
/* Take new commands (reload; they must outlive the struct diag as well). */
void		 diag_set_commands(struct diag *, const struct diag_config *, size_t);
/* Run every command for an alert key; done(key, output) when all ended.
 * With no command to run, done is called before diag_run returns. */
void		 diag_run(struct diag *, const char *key, const char *peer,
		    const char *conn, diag_done_fn, void *arg);
bool		 diag_valid_peer(const char *);
bool		 diag_valid_conn(const char *);
/* Runs in progress. */
size_t		 diag_running(const struct diag *);

#endif
