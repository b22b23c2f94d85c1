/*
 * track.h - the tunnel tracker: turns events into per-tunnel state and
 * deadlines, and reports alert transitions (fire / resolve).
 *
 * The tracker owns tunnel state and every deadline.  It never reads a clock
 * or arms a timer itself: time comes from a struct iw_clock (the wall clock
 * in the daemon, the log's own timestamps in analyze), and deadlines live in
 * one min-heap.  The driver asks track_next_deadline() and calls
 * track_advance() when that time is reached: the daemon with one libevent
 * timer, analyze before each line.  The same code decides in both.
 *
 * Alert keys: kind + tunnel, and for negotiation_failed also the error id.
 * A resolve always carries the same tunnel and error as its fire.  Daemon-wide
 * alerts (ike_daemon_restarted) have tunnel ""; input_stalled carries the
 * input's name in the tunnel field so that each input has its own key.
 */
#ifndef IW_TRACK_H
#define IW_TRACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ipsecwatch.h"

struct tunnel_policy;
struct track;
struct tunnel;

/* Where time comes from. */
struct iw_clock {
	int64_t	(*now_us)(void *arg);	/* microseconds since the epoch, UTC */
	void	 *arg;
};

enum tunnel_state {
	TUNNEL_UNKNOWN = 0,
	TUNNEL_NEGOTIATING,
	TUNNEL_PHASE1_UP,
	TUNNEL_UP,
	TUNNEL_DOWN,
	TUNNEL__COUNT
};

/* An alert transition reported by the tracker. */
struct track_alert {
	enum iw_alert_kind	 kind;
	bool			 firing;	/* true fire, false resolve */
	const char		*tunnel;	/* key; "" daemon-wide */
	const char		*error;		/* knowledge-base id, or NULL */
	const char		*peer;		/* peer address, or NULL */
	int64_t			 at_us;		/* when (clock time) */
	const char		*summary;	/* one line, English */
};

typedef void (*track_alert_fn)(const struct track_alert *, void *arg);

struct track	*track_new(const struct tunnel_policy *,
		    const struct iw_clock *, track_alert_fn, void *arg);
void		 track_free(struct track *);
/* Replace the policy (reload); tunnel state is kept, deadlines re-armed. */
void		 track_set_policy(struct track *, const struct tunnel_policy *);
/* Feed one event. */
void		 track_event(struct track *, const struct iw_event *);
/* Fire every deadline at or before now_us. */
void		 track_advance(struct track *, int64_t now_us);
/* Earliest pending deadline, or INT64_MAX when none. */
int64_t		 track_next_deadline(const struct track *);
/* Raise / clear a daemon-wide input alert (input_stalled) for an input name. */
void		 track_input_stalled(struct track *, const char *input,
		    bool stalled, const char *why);

const char	*tunnel_state_name(enum tunnel_state);

/*
 * Default negotiation timeout of a daemon in seconds (used when the policy's
 * negotiation_timeout is 0): the daemon's own give-up time plus a slack, so
 * that the daemon's give-up line (an error) comes before our stall alert.
 * banner: the daemon's start message if seen (tells Openswan from Libreswan
 * and the Libreswan version), or NULL.
 */
int64_t		 track_default_negotiation_timeout(enum iw_daemon,
		    const char *banner, size_t banner_len);

/* Read access for status, analyze and the state file. */
struct tunnel_info {
	const char	*name;		/* tunnel key */
	const char	*conn;		/* connection name */
	const char	*peer;		/* "" unknown */
	enum iw_daemon	 daemon;
	enum tunnel_state state;
	int64_t		 since_us;	/* entered the state */
	int64_t		 last_up_us;	/* last established (p2, else p1) */
	int64_t		 last_rekey_us;
	int64_t		 next_rekey_deadline_us; /* 0 none */
	int64_t		 rekey_interval_s; /* learned (median), 0 unknown */
	unsigned	 phase1_up;	/* times phase 1 / IKE SA established */
	unsigned	 phase2_up;	/* times phase 2 / Child SA up */
	unsigned	 rekeys;
	unsigned	 live_ike_sas;
	unsigned	 live_child_sas;
	const char	*last_error;	/* kb id or NULL */
	bool		 must_be_up;
	bool		 may_be_down;
	bool		 roadwarrior;
	/* Additions (track helper): the rekey rhythm per SA kind. */
	unsigned	 ike_rekeys;	/* IKE SA replaced make-before-break */
	unsigned	 child_rekeys;	/* Child SA replaced so */
	int64_t		 ike_rekey_interval_s;	/* learned median, 0 unknown */
	int64_t		 child_rekey_interval_s;
	unsigned	 downs;		/* times the tunnel was declared down */
};
size_t		 track_tunnel_count(const struct track *);
/* Calls fn for each tunnel in name order; stops when fn returns non-zero. */
void		 track_foreach(const struct track *,
		    int (*fn)(const struct tunnel_info *, void *), void *);
/* Error counts of a tunnel: calls fn(id, count) for each. */
void		 track_tunnel_errors(const struct track *, const char *name,
		    void (*fn)(const char *id, unsigned count, void *), void *);
int		 track_tunnel_info(const struct track *, const char *name,
		    struct tunnel_info *);

/*
 * The tracker's state for the daemon's state file: per tunnel its state,
 * times, counters, error counts, firing alerts and live SAs; per IKE daemon
 * what restart detection needs.  Not saved: pending grace / negotiation /
 * flap deadlines (a restart re-derives them from the next lines); rekey
 * deadlines are re-armed from the saved rekey rhythm.  track_state_load
 * must come before any event; on an invalid document it returns -1, fills
 * causes and leaves the tracker empty.
 */
struct causes;
typedef struct json_t json_t;
int		 track_state_save(const struct track *, json_t **);
int		 track_state_load(struct track *, const json_t *, struct causes *);

#endif
