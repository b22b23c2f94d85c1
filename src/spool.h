/*
 * spool.h - the durable delivery queue: every notification is written to
 * disk (one file per notification per receiver) before any delivery is
 * tried, and removed only when that receiver acknowledged it.
 *
 * Layout: <spool_dir>/<receiver>/<created-us>-<seq>.json, each file the
 * generic notification JSON, written with temp + fsync + rename + fsync of
 * the directory.  Each receiver delivers its own queue in order, one at a
 * time, and retries the head with exponential back-off and jitter
 * (backoff_min doubling up to backoff_max); a failing receiver never delays
 * or duplicates another's deliveries.  Bounded per receiver (max_entries,
 * max_bytes): when full, the oldest entry not in flight is dropped with a
 * warning and counted.  Entries found at start are delivered (restart).
 *
 * Shutdown order: xfer_shutdown() and child_shutdown() first (their
 * completions reach the spool as failures; the files stay), then
 * spool_close().
 */
#ifndef IW_SPOOL_H
#define IW_SPOOL_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "ipsecwatch-plugin.h"

struct causes;
struct event_base;
struct plugin;
struct spool;

struct spool_params {
	size_t		 max_entries;	/* per receiver; default 1000 */
	size_t		 max_bytes;	/* per receiver; default 16 MiB */
	int64_t		 backoff_min_ms; /* default 10 s */
	int64_t		 backoff_max_ms; /* default 10 min */
};

struct spool_stats {
	uint64_t	 queued;	/* notifications written */
	uint64_t	 delivered;	/* acknowledged */
	uint64_t	 failed;	/* failed attempts */
	uint64_t	 dropped;	/* dropped because the spool was full */
	size_t		 pending;	/* entries on disk now */
	size_t		 bytes;
	unsigned	 failures;	/* consecutive failures of the head entry */
	int64_t		 next_attempt_ms; /* from now; -1 none scheduled */
	char		 last_error[256];
};

/* Defaults for unset (0) parameters. */
void		 spool_params_default(struct spool_params *);
/* Open (create) the spool directory. */
struct spool	*spool_open(const char *dir, struct event_base *,
		    const struct spool_params *, struct causes *);
/* Attach a receiver: its directory is created, pending entries loaded and
 * their delivery started.  The plugin must outlive the spool's use of it. */
int		 spool_add_receiver(struct spool *, struct plugin *, struct causes *);
/* Detach a receiver (reload: then add the new instance under the same
 * name; its spooled files are picked up again).  release(plugin) is called
 * when no delivery of that plugin is in flight any more (maybe at once). */
void		 spool_remove_receiver(struct spool *, const char *,
		    void (*release)(struct plugin *));
/* Give the receiver named like the plugin that new instance (reload: its
 * settings changed); queue and counters stay.  release(old) is called when
 * the old instance has nothing in flight (maybe at once).  -1: no such
 * receiver. */
int		 spool_replace_plugin(struct spool *, struct plugin *,
		    void (*release)(struct plugin *));
/* New bounds and back-off (reload). */
void		 spool_set_params(struct spool *, const struct spool_params *);
/* Log every directory of a receiver not attached that still holds
 * notifications (they are kept); the number of such notifications. */
size_t		 spool_warn_unattached(const struct spool *);
/* Write a notification for its receiver (n->receiver) and start delivery.
 * -1 when it could not be written (logged; the caller counts it lost). */
int		 spool_enqueue(struct spool *, const struct ipsecwatch_notification *);
/* Entries waiting or in flight, all receivers. */
size_t		 spool_pending(const struct spool *);
/* Counters of one receiver; -1 if unknown. */
int		 spool_stats(const struct spool *, const char *receiver,
		    struct spool_stats *);
/* {"receiver": {queued, delivered, failed, dropped, pending, bytes, ...}} */
json_t		*spool_stats_json(const struct spool *);
void		 spool_close(struct spool *);

#endif
