/*
 * xfer.h - the daemon's single libcurl multi handle, driven by libevent:
 * HTTP(S) POSTs for webhooks and SMTP submissions for mail, never blocking
 * the loop.  Completions are reported from loop context.
 */
#ifndef IW_XFER_H
#define IW_XFER_H

#include <stddef.h>

#include "ipsecwatch-plugin.h"

struct event_base;

/* Call once before anything else touches curl (curl_global_init). */
void	xfer_global_init(void);
/* Call last (curl_global_cleanup). */
void	xfer_global_cleanup(void);
/* Create the multi handle on a base; warns when libcurl has no async DNS. */
void	xfer_init(struct event_base *);
/* Fail every pending job (done with ok = 0), clean the multi up while the
 * base still exists. */
void	xfer_shutdown(void);
/* Queue a POST / an SMTP submission; 0 queued, -1 refused (logged). */
int	xfer_http_post(const struct ipsecwatch_http_request *, ipsecwatch_done_fn, void *);
int	xfer_smtp_send(const struct ipsecwatch_smtp_request *, ipsecwatch_done_fn, void *);
/* Transfers in flight. */
size_t	xfer_active(void);

#endif
