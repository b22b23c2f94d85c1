/*
 * track-private.h - the tracker's internal structures, shared by
 * track.c (events, state machine), track-table.c (the registry),
 * track-deadline.c (the heap), track-info.c (read access) and
 * track-state.c (the state file).
 * Not installed; only the track*.c files include it.
 */
#ifndef IW_TRACK_PRIVATE_H
#define IW_TRACK_PRIVATE_H

#include <stdbool.h>
#include <stdint.h>

#include "ipsecwatch.h"

#define US		((int64_t)1000000)
#define REKEY_RING	8	/* rekey intervals kept per SA kind */
#define FLAP_RING	16	/* down transitions kept for flap detection */
#define SA_MAX		32	/* SA records kept per tunnel */
#define CTX_WINDOW_US	(2 * US) /* unnamed lines: the last named tunnel */
#define NEG_SLACK_S	10	/* added to a daemon's give-up time */

enum slot_kind {
	SLOT_NEG = 0,		/* negotiation must complete */
	SLOT_REKEY_IKE,		/* next IKE SA rekey */
	SLOT_REKEY_CHILD,	/* next Child SA rekey */
	SLOT_HARD_IKE,		/* newest IKE SA hard-expires */
	SLOT_HARD_CHILD,	/* newest Child SA hard-expires */
	SLOT_GRACE,		/* last SA gone: replacement must come */
	SLOT_UPBY,		/* must be up by (startup / daemon restart) */
	SLOT_FLAP,		/* flapping: quiet window over */
	SLOT__COUNT
};

enum gslot_kind {
	GSLOT_RESTART = 0,	/* daemon restart informational alert ends */
	GSLOT__COUNT
};

/* A deadline; lives inside its owner, sits in the heap while armed. */
struct slot {
	int64_t		 at;
	int32_t		 idx;		/* heap index, -1 when not armed */
	uint8_t		 kind;
	uint8_t		 global;	/* owner: struct track, not a tunnel */
};

/* One SA (pluto state, charon IKE_SA or CHILD_SA). */
struct sa {
	struct sa	*hnext;		/* hash chain */
	struct sa	*tnext;		/* list of the tunnel */
	struct tunnel	*tun;
	uint64_t	 id;
	int64_t		 est_us;	/* 0 while negotiating */
	uint8_t		 daemon;
	uint8_t		 kind;		/* IW_SA_IKE or IW_SA_CHILD */
};

/* Rekey rhythm of one SA kind. */
struct kindinfo {
	int64_t		 est_us;	/* newest established SA of this kind */
	int64_t		 sched_us;	/* its rekey as the daemon scheduled */
	int64_t		 hard_us;	/* its hard expiry */
	int64_t		 pend_at;	/* time of schedule lines that may */
	int64_t		 pend_sched_us;	/* belong to an SA established in */
	int64_t		 pend_hard_us;	/* the same second (see establish) */
	int32_t		 ring[REKEY_RING];
	uint8_t		 nring;
	uint8_t		 ringpos;
	unsigned	 rekeys;
};

struct errcount {
	const char	*id;		/* interned */
	unsigned	 count;
};

#define TF_MUST_BE_UP	0x01
#define TF_MAY_BE_DOWN	0x02
#define TF_IGNORED	0x04
#define TF_ROADWARRIOR	0x08
#define TF_NEGOTIATING	0x10
#define TF_FAILED	0x20	/* this negotiation already reported failed */
#define TF_WAS_UP	0x40	/* up when the daemon restarted */

/* Bits of struct tunnel.firing. */
#define FIRE(k)		(1u << (k))

struct tunnel {
	struct tunnel	*hnext;
	char		*name;
	char		*conn;		/* == name unless road warrior */
	char		*peer;		/* NULL unknown */
	uint8_t		 daemon;
	uint8_t		 state;
	uint8_t		 ike_version;
	uint8_t		 flags;
	uint8_t		 firing;	/* bits FIRE(kind) */
	uint8_t		 nerrs;
	uint8_t		 nnegfail;
	uint8_t		 nflaps;
	uint8_t		 flappos;
	uint8_t		 overdue;	/* rekey overdue: bit 0 IKE, 1 Child */
	unsigned	 phase1_up;
	unsigned	 phase2_up;
	unsigned	 downs;
	int64_t		 since_us;
	int64_t		 first_us;
	int64_t		 last_up_us;
	int64_t		 last_rekey_us;
	int64_t		 neg_start_us;
	const char	*cause;		/* last error of this episode */
	const char	*last_error;
	const char	*down_error;	/* error of the firing tunnel_down */
	const char	*grace_cause;
	struct errcount	*errs;
	const char	**negfail;	/* errors of negotiation_failed */
	int64_t		*flaps;		/* ring of down times, FLAP_RING */
	struct sa	*sas;
	struct kindinfo	 k[2];		/* 0 IKE, 1 Child */
	struct slot	 dl[SLOT__COUNT];
};

/* Per IKE daemon. */
struct daemon_state {
	bool		 seen;		/* any event since start */
	uint32_t	 pid;
	uint64_t	 max_ike;	/* highest IKE SA id / pluto serial */
	uint64_t	 max_child;
	int64_t		 neg_timeout_s;	/* derived from the banner */
	size_t		 ntunnels;
	struct tunnel	*ctx;		/* last tunnel named by a line */
	int64_t		 ctx_us;
};

struct alias {
	struct alias	*hnext;
	char		*name;		/* charon child config name */
	struct tunnel	*tun;
};

struct track {
	const struct tunnel_policy *pol;
	const struct iw_clock	*clock;
	track_alert_fn		 fn;
	void			*arg;

	struct tunnel		**tbl;	/* tunnels by name */
	size_t			 tbl_size;
	size_t			 ntunnels;
	size_t			 nvisible;	/* not ignored */
	struct sa		**sbl;	/* SAs by (daemon, kind, id) */
	size_t			 sbl_size;
	size_t			 nsas;
	struct alias		**abl;	/* charon child name -> tunnel */
	size_t			 abl_size;

	struct slot		**heap;
	size_t			 nheap;
	size_t			 heap_cap;

	char			**errids;	/* interned error ids */
	size_t			 nerrids;

	struct daemon_state	 d[3];
	int64_t			 start_us;
	int64_t			 now_us;
	bool			 restart_firing;
	struct slot		 gdl[GSLOT__COUNT];
	char			**stalled_inputs;
	size_t			 nstalled;
};

/* track-deadline.c: the min-heap of deadlines. */
void		 track_slot_arm(struct track *, struct slot *, int64_t);
void		 track_slot_cancel(struct track *, struct slot *);

/* track-table.c: the registry of tunnels, SAs, aliases and error ids. */
const char	*track_intern(struct track *, const char *);
struct tunnel	*track_tunnel_find(const struct track *, const char *);
struct tunnel	*track_tunnel_new(struct track *, const char *, const char *,
		    enum iw_daemon, int64_t);
void		 track_tunnel_free(struct tunnel *);
void		 track_policy_flags(struct track *, struct tunnel *);
struct sa	*track_sa_find(const struct track *, uint8_t, uint8_t,
		    uint64_t);
struct sa	*track_sa_add(struct track *, struct tunnel *, uint8_t,
		    uint8_t, uint64_t);
void		 track_sa_remove(struct track *, struct sa *);
void		 track_sa_drop_all(struct track *, struct tunnel *, bool);
struct sa	*track_sa_newest(const struct tunnel *, uint8_t,
		    const struct sa *);
unsigned	 track_live_count(const struct tunnel *, uint8_t);
void		 track_alias_set(struct track *, const char *, struct tunnel *);
struct tunnel	*track_alias_get(const struct track *, const char *);

/* track.c: the state machine's helpers for the state file. */
int64_t		 track_median(const struct kindinfo *);
void		 track_arm_rekey(struct track *, struct tunnel *, int);
void		 track_errs_append(struct tunnel *, const char *, unsigned);
void		 track_negfail_append(struct tunnel *, const char *);

#endif
