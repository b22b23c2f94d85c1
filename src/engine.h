/*
 * engine.h - the engine inside the running daemon: inputs -> parser ->
 * tracker -> alert manager -> spool -> plugins, the state file, and the
 * status socket commands that look into them.
 *
 * Clocks: the tracker and the alert manager run on the wall clock.  A line
 * carries its own time (the log's timestamp); before a line is fed, the
 * tracker's deadlines up to that time are fired (as analyze does), so a
 * catch-up after downtime replays the gap in log time.  Deadlines after the
 * last line fire on the wall clock (one libevent timer per engine part,
 * re-armed at track_next_deadline / alert_next_deadline after every change).
 *
 * Catch-up bound: an alert transition whose time (its line's timestamp, or
 * the deadline's time) is older than max_catchup_age is applied to the
 * tracker's state but never notified.
 */
#ifndef IW_ENGINE_H
#define IW_ENGINE_H

#include "ctl.h"

struct daemon_module;

extern const struct daemon_module engine_module;

/* Status socket commands (rows of ctl.c's table). */
int	engine_cmd_tunnels(struct ctl_request *, json_t *);
int	engine_cmd_show(struct ctl_request *, json_t *);
int	engine_cmd_alerts(struct ctl_request *, json_t *);
int	engine_cmd_silence(struct ctl_request *, json_t *);
int	engine_cmd_unsilence(struct ctl_request *, json_t *);
int	engine_cmd_metrics(struct ctl_request *, json_t *);
int	engine_cmd_test_alert(struct ctl_request *, json_t *);

#endif
