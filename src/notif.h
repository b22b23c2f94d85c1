/*
 * notif.h - notifications owned by the engine: building them, and their
 * generic JSON form (contrib/webhook-schema.json, version
 * IPSECWATCH_NOTIFICATION_VERSION), which is also the spool's record format
 * and the exec plugin's stdin.
 */
#ifndef IW_NOTIF_H
#define IW_NOTIF_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "ipsecwatch-plugin.h"

struct causes;

/* A notification whose strings are all allocated ("" when unset). */
struct ipsecwatch_notification	*notif_new(void);
void				 notif_free(struct ipsecwatch_notification *);
/* Append an alert (strings "", times 0). */
struct ipsecwatch_alert		*notif_add_alert(struct ipsecwatch_notification *);
/* Replace an owned string field (NULL = ""). */
void				 notif_set(const char **field, const char *value);
/* Append a log line to an alert. */
void				 notif_add_log(struct ipsecwatch_alert *, const char *);

json_t				*notif_to_json(const struct ipsecwatch_notification *);
/* Compact JSON text, malloc'd. */
char				*notif_to_json_string(const struct ipsecwatch_notification *);
/* NULL and causes on a record that is not a valid notification. */
struct ipsecwatch_notification	*notif_from_json(const json_t *, struct causes *);

/* RFC 3339 UTC with microseconds ("2026-11-27T21:40:33.123456Z"). */
void				 notif_format_time(int64_t us, char *, size_t);
/* -1 when not RFC 3339 UTC. */
int64_t				 notif_parse_time(const char *);
/* Replace control characters and invalid UTF-8 by a space or '?', in place. */
void				 notif_sanitize(char *);
/* The same keeping newlines and tabs. */
void				 notif_sanitize_text(char *);

#endif
