/*
 * engine-private.h - the engine's structures, shared by engine.c (the
 * daemon module: inputs, tracker, alerts, spool, state), engine-ctl.c (the
 * status socket commands) and engine-metrics.c (Prometheus).  Not
 * installed; only the engine*.c files include it.
 */
#ifndef IW_ENGINE_PRIVATE_H
#define IW_ENGINE_PRIVATE_H

#include <stdbool.h>
#include <stdint.h>

#include <event2/http.h>
#include <jansson.h>

#include "ipsecwatch.h"
#include "track.h"

#define ENGINE_RING	32	/* recent relevant lines kept per tunnel */
#define ENGINE_HIST	16	/* state changes kept per tunnel */
#define ENGINE_SLOTS	256	/* hash buckets of the per-tunnel records */

/* Counters of one input. */
struct engine_input {
	struct engine	*e;
	struct input	*in;
	char		*name;
	bool		 seen;		/* still in the config (reload) */
	uint64_t	 lines;
	uint64_t	 ipsec;
	uint64_t	 unrecognized;
	uint64_t	 malformed;
	uint64_t	 events;
	uint64_t	 quiet;		/* lines older than max_catchup_age */
	uint64_t	 saved_gen;	/* pos_gen at the last save */
};

/* What the engine remembers of a tunnel beyond the tracker: lines, history. */
struct engine_tun {
	struct engine_tun *next;
	char		*name;
	char		*ring[ENGINE_RING];
	size_t		 nring, ring_at;
	struct {
		int64_t	 at_us;
		char	 state[16];
	}		 hist[ENGINE_HIST];
	size_t		 nhist, hist_at;
	char		 last_state[16];
};

/*
 * A plugin instance a reload replaced or removed: the spool may still be
 * delivering through it; it is closed once the spool released it, from a
 * timer of its own, never from inside the plugin's completion.
 */
struct engine_retired {
	struct plugin	*p;
	bool		 idle;
};

struct engine {
	struct daemon		*d;
	struct kb		*kb;
	struct parse_ctx	*pctx;
	struct track		*track;
	struct alert_mgr	*alerts;
	struct spool		*spool;
	struct diag		*diag;
	struct plugin		**plugins;	/* one per receiver, in the spool */
	size_t			 nplugins;
	struct engine_retired	*retired;	/* replaced or removed (reload) */
	size_t			 nretired;
	struct event		*ev_release;	/* closes idle retired instances */
	struct engine_input	**inputs;
	size_t			 ninputs;
	struct state		*state;
	char			*state_path;
	struct event		*ev_track;
	struct event		*ev_alert;
	struct event		*ev_save_now;	/* state save after a notification */
	int			 metrics_fd;	/* -1: no HTTP listener */
	struct evhttp		*http;
	struct iw_clock		 clock;
	bool			 dirty;
	int			 rec_fd;	/* debug.processed_log; -1: off */
	char			*rec_path;
	uint64_t		 rec_len;	/* its length: the lines recorded */
	bool			 quiet;		/* feeding a line older than max_catchup_age */
	uint64_t		 suppressed;	/* alert fires not notified (catch-up) */
	unsigned		 daemons_seen;	/* bit per enum iw_daemon */
	char			 last_conn[IW_CONN_MAX]; /* last tunnel a line named */
	struct engine_tun	*tuns[ENGINE_SLOTS];
};

extern struct engine	*engine_current;

/* engine.c */
int64_t		 engine_now(void *);
void		 engine_rearm(struct engine *);

/* engine-ctl.c */
struct engine_tun *engine_tun_get(struct engine *, const char *, bool);
void		 engine_tun_line(struct engine *, const char *, const char *,
		    size_t);
int		 engine_note_states(const struct tunnel_info *, void *);
int		 engine_ready(json_t *);

/* engine-metrics.c */
int		 engine_metrics_bind(struct engine *, const char *,
		    struct causes *);
void		 engine_http_metrics(struct evhttp_request *, void *);
void		 engine_http_other(struct evhttp_request *, void *);

#endif
