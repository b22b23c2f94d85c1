/*
 * alert.h - the alert manager: turns the tracker's fire/resolve transitions
 * into notifications per receiver, with a lifecycle per alert, grouping,
 * inhibition, silences, routing and a rate limit.
 *
 * Like the tracker it never reads a clock or arms a timer itself: time
 * comes from a struct iw_clock, the driver asks alert_next_deadline() and
 * calls alert_advance() when that time is reached (the daemon with one
 * libevent timer, the tests with a fake clock).  Notifications leave
 * through the notify callback (the daemon hands them to the spool).
 *
 * Rules (documented in ipsecwatch.conf(5), "alerts"):
 *
 * Key and lifecycle.  An alert's key is kind/tunnel, plus /error for
 * negotiation_failed (each failure reason is its own alert).  A fire for a
 * firing key updates it (no new notification); firing -> reminders every
 * repeat_interval while firing -> resolved.  A resolve without an exact key
 * match resolves the firing alerts of that kind and tunnel.  Every firing
 * that was sent to a receiver gets its resolved notification there (when
 * send_resolved is on), even when a silence started in between.  An alert
 * resolved before its firing was sent is never sent.
 *
 * Grouping.  Alerts are grouped by peer ("peer:ADDR") when the peer is
 * known, else by tunnel ("tunnel:NAME"); daemon-wide alerts form
 * "daemon:KIND".  Per receiver and group, the first change waits group_wait
 * to collect others, later changes are batched so that a group is notified
 * at most once per group_interval.  A notification lists the group's
 * changed alerts (new firings, resolutions); a reminder lists its firing
 * alerts.
 *
 * Inhibition.  (a) An ike_daemon_restarted alert is the cause of what
 * follows it: per-tunnel alerts firing within inhibit_window after it are
 * folded into its group, so the restart and the tunnels it took down are
 * one notification (and their resolutions are batched likewise).  The
 * restart itself is a one-shot: it ends quietly after inhibit_window (no
 * reminders, no resolved notification).
 * (b) While a tunnel_down alert caused by DPD (error id containing "dpd")
 * is firing for a peer, negotiation_failed, negotiation_stalled and
 * rekey_overdue alerts of tunnels of that peer are inhibited: not notified;
 * if one is still firing when its cause resolves, it is notified then.
 *
 * Silences match tunnel glob and/or kind until an expiry.  A silenced
 * firing is not sent and has no reminders; when the silence ends and the
 * alert still fires, it is sent then.
 *
 * Routing: a receiver gets an alert when its severity is at least
 * min_severity, its kind is in kinds (if set) and its tunnel matches
 * tunnels (if set; daemon-wide alerts always match).
 *
 * Rate limit: at most rate_limit notifications per receiver per sliding
 * hour.  Beyond it nothing is dropped: due groups are held, and when a slot
 * frees all held groups of that receiver go out as one batched
 * notification (group "batch").
 */
/*
 * Wiring in the daemon (tests/tools/iw-alert-send.c does the same):
 *   startup:  xfer_global_init(); base; xfer_init(base); child_init(base,
 *             false) and call child_reap() from the SIGCHLD event;
 *             spool_open(cfg->spool_dir); per receiver plugin_open(
 *             cfg->plugin_dir, ...) + spool_add_receiver(); alert_new() with
 *             notify = spool_enqueue; alert_set_explain (kb_find + kb_text),
 *             alert_set_context (recent lines), alert_set_diag (diag_run ->
 *             alert_diag_result); alert_state_load() from the state file;
 *             track_new(..., alert_track_cb, mgr).
 *   loop:     one timer at alert_next_deadline(); after every event batch,
 *             diag result or timer: alert_advance(now) and re-arm.
 *   reload:   new plugins + spool receivers, then alert_reconfigure().
 *   shutdown: alert_state_save(); xfer_shutdown(); child_shutdown();
 *             spool_close(); alert_free(); plugin_close() each;
 *             event_base_free(); xfer_global_cleanup().
 */
#ifndef IW_ALERT_H
#define IW_ALERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "conf.h"
#include "ipsecwatch-plugin.h"
#include "kb.h"
#include "track.h"

struct causes;
struct alert_mgr;

struct alert_params {
	struct alert_policy		 policy;	/* seconds */
	const struct receiver_config	*receivers;	/* must outlive the manager or next reconfigure */
	size_t				 n_receivers;
	const char			*hostname;	/* NULL: gethostname */
	int64_t				 inhibit_window; /* seconds; default 120 */
	int64_t				 diag_wait;	/* seconds a notification waits for diagnostics; 0 none */
};

/* A notification for one receiver (n->receiver).  The callee copies what it keeps. */
typedef void	(*alert_notify_fn)(const struct ipsecwatch_notification *, void *arg);
/* Explanation of an error id in a language; false if unknown. */
typedef bool	(*alert_explain_fn)(const char *id, enum iw_lang, struct kb_text *, void *arg);
/* Recent log lines of a tunnel / peer: call add(ctx, line) for each, oldest first. */
typedef void	(*alert_context_fn)(const char *tunnel, const char *peer,
		    void (*add)(void *ctx, const char *line), void *ctx, void *arg);
/* Start diagnostics for an alert; report with alert_diag_result(key, output). */
typedef void	(*alert_diag_fn)(const char *key, const char *tunnel, const char *peer,
		    void *arg);

struct alert_mgr	*alert_new(const struct alert_params *, const struct iw_clock *,
			    alert_notify_fn, void *arg);
void			 alert_free(struct alert_mgr *);
/* New receivers / policy (reload); alert state is kept, receivers by name. */
void			 alert_reconfigure(struct alert_mgr *, const struct alert_params *);
void			 alert_set_explain(struct alert_mgr *, alert_explain_fn, void *);
void			 alert_set_context(struct alert_mgr *, alert_context_fn, void *);
void			 alert_set_diag(struct alert_mgr *, alert_diag_fn, void *);

/* Feed a transition (the tracker's callback; arg is the manager). */
void			 alert_track_cb(const struct track_alert *, void *mgr);
void			 alert_transition(struct alert_mgr *, const struct track_alert *);
/* Diagnostics finished for an alert key (output may be cut by the caller). */
void			 alert_diag_result(struct alert_mgr *, const char *key,
			    const char *output);
/* Send what is due at or before now_us. */
void			 alert_advance(struct alert_mgr *, int64_t now_us);
/* Earliest pending deadline, INT64_MAX when none. */
int64_t			 alert_next_deadline(const struct alert_mgr *);
/* Groups with changes not yet notified (tools wait for 0). */
size_t			 alert_unsent(const struct alert_mgr *);

/* Silences.  tunnel_glob or kind may be NULL (any), not both. */
int			 alert_silence_add(struct alert_mgr *, const char *tunnel_glob,
			    const char *kind, int64_t until_us, const char *comment,
			    const char *by, char **id, struct causes *);
int			 alert_silence_remove(struct alert_mgr *, const char *id);
json_t			*alert_silences_json(const struct alert_mgr *);
/* Alerts (firing and recently resolved) with their per-receiver state. */
json_t			*alert_status_json(const struct alert_mgr *);
size_t			 alert_firing_count(const struct alert_mgr *);

/* Persist for the state file: alerts, groups, silences, rate-limit history. */
int			 alert_state_save(const struct alert_mgr *, json_t **);
/* Restore; -1 and causes when the document is not valid (nothing applied). */
int			 alert_state_load(struct alert_mgr *, const json_t *, struct causes *);

#endif
