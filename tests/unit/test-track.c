/*
 * test-track.c - unit tests of the tunnel tracker with a fake clock and
 * hand-built events: every state transition, every deadline, policies,
 * and 10,000 tunnels with open deadlines.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "conf.h"
#include "ipsecwatch.h"
#include "track.h"

#define US	((int64_t)1000000)
#define T0	((int64_t)1795000000 * US)	/* a fixed start time */

struct rec {
	enum iw_alert_kind kind;
	bool		 firing;
	char		 tunnel[160];
	char		 error[IW_ERRID_MAX];
	int64_t		 at;
};

struct fixture {
	struct iw_config *cf;
	struct track	*t;
	struct iw_clock	 clock;
	int64_t		 now;
	struct rec	*recs;
	size_t		 nrecs;
	char		(*firing)[200];	/* keys currently firing */
	size_t		 nfiring;
};

static int64_t	 fake_now(void *);
static void	 on_alert(const struct track_alert *, void *);
static struct fixture *fx_new(void);
static void	 fx_free(struct fixture *);
static struct iw_event mkev(enum iw_event_kind, enum iw_daemon, const char *,
		    enum iw_sa_kind, uint64_t, int64_t);
static void	 feed(struct fixture *, struct iw_event);
static size_t	 count(struct fixture *, enum iw_alert_kind, bool,
		    const char *);
static const struct rec *find(struct fixture *, enum iw_alert_kind, bool,
		    const char *);
static void	 up_tunnel(struct fixture *, const char *, int64_t, uint64_t,
		    uint64_t);

/* The fake clock: whatever the test says. */
static int64_t
fake_now(void *arg)
{
	return (((struct fixture *)arg)->now);
}

/*
 * Record an alert, and check the key rule on the way: a key
 * (kind+tunnel[+error]) never fires twice without a resolve between.
 */
static void
on_alert(const struct track_alert *a, void *arg)
{
	struct fixture	*f = arg;
	struct rec	*r;
	char		 key[200];
	size_t		 i;

	snprintf(key, sizeof(key), "%s|%s|%s", iw_alert_kind_name(a->kind),
	    a->tunnel, a->kind == IW_ALERT_NEGOTIATION_FAILED && a->error ?
	    a->error : "");
	for (i = 0; i < f->nfiring; i++) {
		if (strcmp(f->firing[i], key) == 0)
			break;
	}
	if (a->firing) {
		assert_true(i == f->nfiring);	/* not already firing */
		f->firing = realloc(f->firing, (f->nfiring + 1) *
		    sizeof(*f->firing));
		assert_non_null(f->firing);
		snprintf(f->firing[f->nfiring++], sizeof(f->firing[0]), "%s",
		    key);
	} else {
		assert_true(i < f->nfiring);	/* resolves only what fired */
		memmove(f->firing[i], f->firing[f->nfiring - 1],
		    sizeof(f->firing[0]));
		f->nfiring--;
	}
	assert_non_null(a->summary);
	assert_true(a->summary[0] != '\0');
	f->recs = realloc(f->recs, (f->nrecs + 1) * sizeof(*f->recs));
	assert_non_null(f->recs);
	r = &f->recs[f->nrecs++];
	memset(r, 0, sizeof(*r));
	r->kind = a->kind;
	r->firing = a->firing;
	snprintf(r->tunnel, sizeof(r->tunnel), "%s", a->tunnel);
	if (a->error != NULL)
		snprintf(r->error, sizeof(r->error), "%s", a->error);
	r->at = a->at_us;
}

/* A tracker with the default policy and a fake clock at T0. */
static struct fixture *
fx_new(void)
{
	struct fixture	*f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->cf = conf_default();
	f->now = T0;
	f->clock.now_us = fake_now;
	f->clock.arg = f;
	f->t = track_new(&f->cf->tunnels, &f->clock, on_alert, f);
	track_advance(f->t, f->now);
	return (f);
}

/* Free a fixture. */
static void
fx_free(struct fixture *f)
{
	track_free(f->t);
	conf_free(f->cf);
	free(f->recs);
	free(f->firing);
	free(f);
}

/* Build an event at T0 + secs. */
static struct iw_event
mkev(enum iw_event_kind kind, enum iw_daemon d, const char *conn,
    enum iw_sa_kind sk, uint64_t id, int64_t secs)
{
	struct iw_event	 ev;

	memset(&ev, 0, sizeof(ev));
	ev.kind = kind;
	ev.daemon = d;
	ev.sa_kind = sk;
	ev.sa_id = id;
	ev.ts_us = T0 + secs * US;
	if (conn != NULL)
		snprintf(ev.conn, sizeof(ev.conn), "%s", conn);
	return (ev);
}

/* Advance the clock to the event's time, then feed it (as analyze does). */
static void
feed(struct fixture *f, struct iw_event ev)
{
	f->now = ev.ts_us;
	track_advance(f->t, f->now);
	track_event(f->t, &ev);
}

/* Advance the fake clock to T0 + secs. */
static void
go(struct fixture *f, int64_t secs)
{
	f->now = T0 + secs * US;
	track_advance(f->t, f->now);
}

/* Number of recorded transitions matching (tunnel NULL = any). */
static size_t
count(struct fixture *f, enum iw_alert_kind k, bool firing, const char *tunnel)
{
	size_t	 i, n = 0;

	for (i = 0; i < f->nrecs; i++) {
		if (f->recs[i].kind == k && f->recs[i].firing == firing &&
		    (tunnel == NULL || strcmp(f->recs[i].tunnel, tunnel) == 0))
			n++;
	}
	return (n);
}

/* First recorded transition matching, or NULL. */
static const struct rec *
find(struct fixture *f, enum iw_alert_kind k, bool firing, const char *tunnel)
{
	size_t	 i;

	for (i = 0; i < f->nrecs; i++) {
		if (f->recs[i].kind == k && f->recs[i].firing == firing &&
		    (tunnel == NULL || strcmp(f->recs[i].tunnel, tunnel) == 0))
			return (&f->recs[i]);
	}
	return (NULL);
}

/* Bring a pluto tunnel up at T0+secs: IKE #ike, Child #child. */
static void
up_tunnel(struct fixture *f, const char *name, int64_t secs, uint64_t ike,
    uint64_t child)
{
	feed(f, mkev(IW_EV_NEG_START, IW_DAEMON_PLUTO, name, IW_SA_IKE, ike,
	    secs));
	feed(f, mkev(IW_EV_P1_UP, IW_DAEMON_PLUTO, name, IW_SA_IKE, ike, secs));
	feed(f, mkev(IW_EV_P2_UP, IW_DAEMON_PLUTO, name, IW_SA_CHILD, child,
	    secs));
}

/* unknown -> negotiating -> phase1_up -> up, then down after the grace. */
static void
test_transitions(void **state)
{
	struct fixture	*f = fx_new();
	struct tunnel_info ti;
	const struct rec *r;

	(void)state;
	assert_int_equal(track_tunnel_info(f->t, "abc", &ti), -1);
	feed(f, mkev(IW_EV_NEG_START, IW_DAEMON_PLUTO, "abc", IW_SA_IKE, 1, 1));
	assert_int_equal(track_tunnel_info(f->t, "abc", &ti), 0);
	assert_int_equal(ti.state, TUNNEL_NEGOTIATING);
	feed(f, mkev(IW_EV_P1_UP, IW_DAEMON_PLUTO, "abc", IW_SA_IKE, 1, 2));
	track_tunnel_info(f->t, "abc", &ti);
	assert_int_equal(ti.state, TUNNEL_PHASE1_UP);
	assert_int_equal(ti.phase1_up, 1);
	feed(f, mkev(IW_EV_NEG_START, IW_DAEMON_PLUTO, "abc", IW_SA_CHILD, 2,
	    2));
	feed(f, mkev(IW_EV_P2_UP, IW_DAEMON_PLUTO, "abc", IW_SA_CHILD, 2, 3));
	track_tunnel_info(f->t, "abc", &ti);
	assert_int_equal(ti.state, TUNNEL_UP);
	assert_int_equal(ti.phase2_up, 1);
	assert_int_equal(ti.live_ike_sas, 1);
	assert_int_equal(ti.live_child_sas, 1);
	assert_true(ti.last_up_us == T0 + 3 * US);
	assert_string_equal(tunnel_state_name(ti.state), "up");

	/* The Child SA goes away without a signal: grace, then down. */
	feed(f, mkev(IW_EV_DELETE, IW_DAEMON_PLUTO, "abc", IW_SA_CHILD, 2,
	    100));
	go(f, 129);
	assert_int_equal(count(f, IW_ALERT_TUNNEL_DOWN, true, "abc"), 0);
	track_tunnel_info(f->t, "abc", &ti);
	assert_int_equal(ti.state, TUNNEL_UP);
	go(f, 130);
	r = find(f, IW_ALERT_TUNNEL_DOWN, true, "abc");
	assert_non_null(r);
	assert_true(r->at == T0 + 130 * US);
	track_tunnel_info(f->t, "abc", &ti);
	assert_int_equal(ti.state, TUNNEL_DOWN);
	assert_int_equal(ti.downs, 1);

	/* Established again: resolved. */
	feed(f, mkev(IW_EV_P2_UP, IW_DAEMON_PLUTO, "abc", IW_SA_CHILD, 3, 200));
	r = find(f, IW_ALERT_TUNNEL_DOWN, false, "abc");
	assert_non_null(r);
	assert_true(r->at == T0 + 200 * US);
	track_tunnel_info(f->t, "abc", &ti);
	assert_int_equal(ti.state, TUNNEL_UP);
	assert_int_equal(f->nfiring, 0);
	fx_free(f);
}

/* negotiation_stalled at the timeout, resolved when it completes. */
static void
test_negotiation_stalled(void **state)
{
	struct fixture	*f = fx_new();
	const struct rec *r;

	(void)state;
	f->cf->tunnels.negotiation_timeout = 90;
	feed(f, mkev(IW_EV_NEG_START, IW_DAEMON_CHARON, "gw", IW_SA_IKE, 1,
	    10));
	/* Retransmits do not move the deadline. */
	feed(f, mkev(IW_EV_RETRANSMIT, IW_DAEMON_CHARON, "gw", IW_SA_IKE, 1,
	    50));
	go(f, 99);
	assert_int_equal(count(f, IW_ALERT_NEGOTIATION_STALLED, true, NULL), 0);
	assert_true(track_next_deadline(f->t) == T0 + 100 * US);
	go(f, 100);
	r = find(f, IW_ALERT_NEGOTIATION_STALLED, true, "gw");
	assert_non_null(r);
	assert_true(r->at == T0 + 100 * US);
	feed(f, mkev(IW_EV_P1_UP, IW_DAEMON_CHARON, "gw", IW_SA_IKE, 1, 120));
	assert_int_equal(count(f, IW_ALERT_NEGOTIATION_STALLED, false, "gw"),
	    0);
	feed(f, mkev(IW_EV_P2_UP, IW_DAEMON_CHARON, "gw", IW_SA_CHILD, 1, 120));
	assert_int_equal(count(f, IW_ALERT_NEGOTIATION_STALLED, false, "gw"),
	    1);
	fx_free(f);
}

/* Defaults derived from each daemon's retransmission timing. */
static void
test_default_timeouts(void **state)
{
	struct fixture	*f = fx_new();
	struct iw_event	 ev;
	static const char lsw54[] =
	    "Starting Pluto (Libreswan Version 5.4 IKEv2)";
	static const char osw[] =
	    "Starting Pluto (Openswan Version 2.6.38; Vendor ID)";

	(void)state;
	assert_int_equal(track_default_negotiation_timeout(IW_DAEMON_CHARON,
	    NULL, 0), 175);
	assert_int_equal(track_default_negotiation_timeout(IW_DAEMON_PLUTO,
	    NULL, 0), 70);
	assert_int_equal(track_default_negotiation_timeout(IW_DAEMON_PLUTO,
	    lsw54, strlen(lsw54)), 40);
	assert_int_equal(track_default_negotiation_timeout(IW_DAEMON_PLUTO,
	    osw, strlen(osw)), 80);

	/* negotiation_timeout 0: the banner decides (5.4: 30 s + 10). */
	ev = mkev(IW_EV_DAEMON_START, IW_DAEMON_PLUTO, NULL, IW_SA_NONE, 0, 0);
	ev.msg = lsw54;
	ev.msg_len = strlen(lsw54);
	feed(f, ev);
	feed(f, mkev(IW_EV_NEG_START, IW_DAEMON_PLUTO, "p", IW_SA_IKE, 1, 1));
	go(f, 40);
	assert_int_equal(count(f, IW_ALERT_NEGOTIATION_STALLED, true, "p"), 0);
	go(f, 41);
	assert_int_equal(count(f, IW_ALERT_NEGOTIATION_STALLED, true, "p"), 1);
	assert_int_equal(count(f, IW_ALERT_IKE_DAEMON_RESTARTED, true, NULL),
	    0);
	fx_free(f);
}

/* rekey_overdue from the daemon's schedule, before the hard expiry. */
static void
test_rekey_overdue_scheduled(void **state)
{
	struct fixture	*f = fx_new();
	struct iw_event	 ev;
	const struct rec *r;
	struct tunnel_info ti;

	(void)state;
	feed(f, mkev(IW_EV_NEG_START, IW_DAEMON_CHARON, "gw", IW_SA_IKE, 1, 0));
	feed(f, mkev(IW_EV_P1_UP, IW_DAEMON_CHARON, "gw", IW_SA_IKE, 1, 0));
	ev = mkev(IW_EV_REKEY_SCHEDULED, IW_DAEMON_CHARON, "", IW_SA_NONE, 0,
	    0);
	ev.seconds = 50;
	feed(f, ev);
	ev = mkev(IW_EV_LIFETIME, IW_DAEMON_CHARON, "", IW_SA_NONE, 0, 0);
	ev.seconds = 60;
	feed(f, ev);
	feed(f, mkev(IW_EV_P2_UP, IW_DAEMON_CHARON, "gw", IW_SA_CHILD, 1, 0));
	go(f, 54);
	assert_int_equal(count(f, IW_ALERT_REKEY_OVERDUE, true, NULL), 0);
	go(f, 55);
	r = find(f, IW_ALERT_REKEY_OVERDUE, true, "gw");
	assert_non_null(r);
	/* halfway between expected rekey (50) and hard expiry (60) */
	assert_true(r->at == T0 + 55 * US);
	assert_int_equal(count(f, IW_ALERT_TUNNEL_DOWN, true, NULL), 0);

	/* The IKE SA reaches its hard lifetime: IKEv2 takes the Child along. */
	go(f, 60);
	r = find(f, IW_ALERT_TUNNEL_DOWN, true, "gw");
	assert_non_null(r);
	assert_true(r->at == T0 + 60 * US);
	track_tunnel_info(f->t, "gw", &ti);
	assert_int_equal(ti.state, TUNNEL_DOWN);

	/* Back: both resolve. */
	feed(f, mkev(IW_EV_P1_UP, IW_DAEMON_CHARON, "gw", IW_SA_IKE, 2, 70));
	assert_int_equal(count(f, IW_ALERT_REKEY_OVERDUE, false, "gw"), 1);
	feed(f, mkev(IW_EV_P2_UP, IW_DAEMON_CHARON, "gw", IW_SA_CHILD, 2, 70));
	assert_int_equal(count(f, IW_ALERT_TUNNEL_DOWN, false, "gw"), 1);
	assert_int_equal(f->nfiring, 0);
	fx_free(f);
}

/* A rekey on time: no alert; the rhythm is learned (median). */
static void
test_rekey_learned(void **state)
{
	struct fixture	*f = fx_new();
	struct tunnel_info ti;
	uint64_t	 id;
	int64_t		 s;

	(void)state;
	f->cf->tunnels.rekey_margin = 20;
	up_tunnel(f, "abc", 0, 1, 2);
	/* Child rekeys every 30 s, make-before-break: new, then old gone. */
	for (id = 3, s = 30; s <= 150; s += 30, id++) {
		feed(f, mkev(IW_EV_P2_UP, IW_DAEMON_PLUTO, "abc", IW_SA_CHILD,
		    id, s));
		feed(f, mkev(IW_EV_DELETE, IW_DAEMON_PLUTO, "abc", IW_SA_CHILD,
		    id - 1, s + 1));
		/* redundant down line for the same SA, and one without id */
		feed(f, mkev(IW_EV_DELETE, IW_DAEMON_PLUTO, "abc", IW_SA_CHILD,
		    id - 1, s + 1));
		feed(f, mkev(IW_EV_DELETE, IW_DAEMON_PLUTO, "abc", IW_SA_CHILD,
		    0, s + 1));
	}
	go(f, 199);
	assert_int_equal(f->nrecs, 0);
	track_tunnel_info(f->t, "abc", &ti);
	assert_int_equal(ti.child_rekeys, 5);
	assert_int_equal(ti.rekeys, 5);
	assert_int_equal(ti.child_rekey_interval_s, 30);
	assert_int_equal(ti.rekey_interval_s, 30);
	assert_int_equal(ti.phase2_up, 6);
	assert_int_equal(ti.state, TUNNEL_UP);
	/* Last rekey at 150: expected 180, margin 20 -> overdue at 200. */
	assert_true(ti.next_rekey_deadline_us == T0 + 200 * US);
	go(f, 200);
	assert_int_equal(count(f, IW_ALERT_REKEY_OVERDUE, true, "abc"), 1);
	feed(f, mkev(IW_EV_P2_UP, IW_DAEMON_PLUTO, "abc", IW_SA_CHILD, 50,
	    210));
	assert_int_equal(count(f, IW_ALERT_REKEY_OVERDUE, false, "abc"), 1);
	fx_free(f);
}

/* A configured lifetime alone gives the hard limit: overdue before it. */
static void
test_rekey_configured_lifetime(void **state)
{
	struct fixture	*f = fx_new();
	const struct rec *r;

	(void)state;
	f->cf->tunnels.ipsec_lifetime = 3600;
	up_tunnel(f, "abc", 0, 1, 2);
	go(f, 3600 - 181);
	assert_int_equal(count(f, IW_ALERT_REKEY_OVERDUE, true, NULL), 0);
	go(f, 3600 - 180);
	r = find(f, IW_ALERT_REKEY_OVERDUE, true, "abc");
	assert_non_null(r);
	assert_true(r->at < T0 + 3600 * US);
	/* At the hard limit the SA is gone unreplaced: down at once. */
	go(f, 3600);
	r = find(f, IW_ALERT_TUNNEL_DOWN, true, "abc");
	assert_non_null(r);
	assert_true(r->at == T0 + 3600 * US);
	fx_free(f);
}

/* Make-before-break and break-before-make within the grace: no outage. */
static void
test_down_grace_absorbed(void **state)
{
	struct fixture	*f = fx_new();
	struct tunnel_info ti;

	(void)state;
	up_tunnel(f, "abc", 0, 1, 2);
	/* make-before-break */
	feed(f, mkev(IW_EV_P2_UP, IW_DAEMON_PLUTO, "abc", IW_SA_CHILD, 3, 100));
	feed(f, mkev(IW_EV_DELETE, IW_DAEMON_PLUTO, "abc", IW_SA_CHILD, 2,
	    101));
	/* IKE rekey: new first, old deleted */
	feed(f, mkev(IW_EV_P1_UP, IW_DAEMON_PLUTO, "abc", IW_SA_IKE, 4, 110));
	feed(f, mkev(IW_EV_DELETE, IW_DAEMON_PLUTO, "abc", IW_SA_IKE, 1, 111));
	/* break-before-make reauthentication, back within 20 s */
	feed(f, mkev(IW_EV_DELETE, IW_DAEMON_PLUTO, "abc", IW_SA_CHILD, 3,
	    200));
	feed(f, mkev(IW_EV_NEG_START, IW_DAEMON_PLUTO, "abc", IW_SA_IKE, 5,
	    201));
	feed(f, mkev(IW_EV_P2_UP, IW_DAEMON_PLUTO, "abc", IW_SA_CHILD, 6, 220));
	go(f, 400);
	assert_int_equal(f->nrecs, 0);
	track_tunnel_info(f->t, "abc", &ti);
	assert_int_equal(ti.state, TUNNEL_UP);
	assert_int_equal(ti.ike_rekeys, 1);
	assert_int_equal(ti.child_rekeys, 1);
	assert_int_equal(ti.downs, 0);
	fx_free(f);
}

/* charon: redundant down lines after a rekey, and swanctl Child names. */
static void
test_charon_rekey_and_alias(void **state)
{
	struct fixture	*f = fx_new();
	struct tunnel_info ti;
	struct iw_event	 ev;

	(void)state;
	feed(f, mkev(IW_EV_NEG_START, IW_DAEMON_CHARON, "west-east", IW_SA_IKE,
	    1, 0));
	feed(f, mkev(IW_EV_P1_UP, IW_DAEMON_CHARON, "west-east", IW_SA_IKE, 1,
	    0));
	feed(f, mkev(IW_EV_P2_UP, IW_DAEMON_CHARON, "net", IW_SA_CHILD, 1, 0));
	assert_int_equal(track_tunnel_count(f->t), 1);
	/* inbound + outbound lines of the same new Child SA, 30 s later */
	feed(f, mkev(IW_EV_P2_UP, IW_DAEMON_CHARON, "net", IW_SA_CHILD, 2, 30));
	feed(f, mkev(IW_EV_P2_UP, IW_DAEMON_CHARON, "net", IW_SA_CHILD, 2, 30));
	feed(f, mkev(IW_EV_DELETE, IW_DAEMON_CHARON, "net", IW_SA_CHILD, 1,
	    30));
	/* "CHILD_SA closed" without name or id */
	ev = mkev(IW_EV_DELETE, IW_DAEMON_CHARON, "", IW_SA_CHILD, 0, 30);
	feed(f, ev);
	/*
	 * IKE rekey: charon logs the new SA's schedule before the
	 * "rekeyed" line; then [1] is deleted.
	 */
	ev = mkev(IW_EV_REKEY_SCHEDULED, IW_DAEMON_CHARON, "", IW_SA_IKE, 0,
	    50);
	ev.seconds = 50;
	feed(f, ev);
	ev = mkev(IW_EV_LIFETIME, IW_DAEMON_CHARON, "", IW_SA_IKE, 0, 50);
	ev.seconds = 60;
	feed(f, ev);
	feed(f, mkev(IW_EV_REKEY_DONE, IW_DAEMON_CHARON, "west-east",
	    IW_SA_IKE, 2, 50));
	feed(f, mkev(IW_EV_DELETE, IW_DAEMON_CHARON, "west-east", IW_SA_IKE,
	    1, 50));
	track_tunnel_info(f->t, "west-east", &ti);
	/* [2]: rekey expected at 100, hard expiry 110: overdue at 105. */
	assert_true(ti.next_rekey_deadline_us == T0 + 105 * US);
	go(f, 104);
	assert_int_equal(f->nrecs, 0);
	assert_int_equal(track_tunnel_count(f->t), 1);
	assert_int_equal(track_tunnel_info(f->t, "west-east", &ti), 0);
	assert_int_equal(ti.state, TUNNEL_UP);
	assert_int_equal(ti.phase2_up, 2);
	assert_int_equal(ti.child_rekeys, 1);
	assert_int_equal(ti.ike_rekeys, 1);
	assert_int_equal(ti.live_child_sas, 1);
	assert_int_equal(ti.live_ike_sas, 1);
	fx_free(f);
}

/*
 * Child-SA errors named by charon's <name|uid> belong to that IKE config,
 * even when another tunnel was named a moment before (the Child-name
 * alias applies only to Child config names).
 */
static void
test_charon_ike_named_child_errors(void **state)
{
	struct fixture	*f = fx_new();
	struct tunnel_info ti;
	struct iw_event	 ev;
	static const char *names[] = { "site1", "site2", "site3" };
	size_t		 i;

	(void)state;
	feed(f, mkev(IW_EV_P1_UP, IW_DAEMON_CHARON, "site1", IW_SA_IKE, 41, 0));
	for (i = 0; i < 3; i++) {
		ev = mkev(IW_EV_ERROR, IW_DAEMON_CHARON, names[i], IW_SA_CHILD, 0,
		    1);
		ev.parent_id = 41 + i;
		ev.conn_is_ike = true;
		snprintf(ev.error, sizeof(ev.error), "esp_proposal_mismatch");
		feed(f, ev);
	}
	assert_int_equal(track_tunnel_count(f->t), 3);
	for (i = 0; i < 3; i++) {
		assert_int_equal(track_tunnel_info(f->t, names[i], &ti), 0);
		assert_string_equal(ti.last_error, "esp_proposal_mismatch");
	}
	/* A Child config name right after: still the IKE tunnel's alias. */
	feed(f, mkev(IW_EV_P2_UP, IW_DAEMON_CHARON, "net", IW_SA_CHILD, 7, 2));
	assert_int_equal(track_tunnel_count(f->t), 3);
	fx_free(f);
}

/* DPD death: tunnel_down at once with its cause; resolved when back. */
static void
test_dpd_dead(void **state)
{
	struct fixture	*f = fx_new();
	struct iw_event	 ev;
	const struct rec *r;

	(void)state;
	up_tunnel(f, "abc", 0, 1, 2);
	ev = mkev(IW_EV_DPD_DEAD, IW_DAEMON_PLUTO, "abc", IW_SA_IKE, 1, 50);
	snprintf(ev.peer, sizeof(ev.peer), "192.0.2.2");
	feed(f, ev);
	r = find(f, IW_ALERT_TUNNEL_DOWN, true, "abc");
	assert_non_null(r);
	assert_true(r->at == T0 + 50 * US);
	assert_string_equal(r->error, "dpd_dead_peer");
	up_tunnel(f, "abc", 90, 3, 4);
	r = find(f, IW_ALERT_TUNNEL_DOWN, false, "abc");
	assert_non_null(r);
	assert_string_equal(r->error, "dpd_dead_peer");
	assert_true(r->at == T0 + 90 * US);
	fx_free(f);
}

/* A line older than the tracker's time counts at that time. */
static void
test_time_never_backwards(void **state)
{
	struct fixture	*f = fx_new();
	const struct rec *r;

	(void)state;
	up_tunnel(f, "abc", 0, 1, 2);
	go(f, 100);
	feed(f, mkev(IW_EV_DPD_DEAD, IW_DAEMON_PLUTO, "abc", IW_SA_IKE, 1, 50));
	r = find(f, IW_ALERT_TUNNEL_DOWN, true, "abc");
	assert_non_null(r);
	assert_true(r->at == T0 + 100 * US);
	fx_free(f);
}

/* Give-up on an up tunnel is an outage; while negotiating a failure. */
static void
test_give_up(void **state)
{
	struct fixture	*f = fx_new();
	struct iw_event	 ev;
	const struct rec *r;

	(void)state;
	up_tunnel(f, "abc", 0, 1, 2);
	ev = mkev(IW_EV_GIVE_UP, IW_DAEMON_CHARON, "", IW_SA_NONE, 0, 44);
	ev.daemon = IW_DAEMON_PLUTO;
	snprintf(ev.conn, sizeof(ev.conn), "abc");
	feed(f, ev);
	r = find(f, IW_ALERT_TUNNEL_DOWN, true, "abc");
	assert_non_null(r);
	assert_string_equal(r->error, "dpd_dead_peer");
	assert_true(r->at == T0 + 44 * US);
	/* A failed new Quick Mode beside live SAs is no outage. */
	up_tunnel(f, "qm", 0, 11, 12);
	ev = mkev(IW_EV_GIVE_UP, IW_DAEMON_PLUTO, "qm", IW_SA_CHILD, 13, 44);
	snprintf(ev.error, sizeof(ev.error), "qm_no_response");
	feed(f, ev);
	assert_null(find(f, IW_ALERT_TUNNEL_DOWN, true, "qm"));
	assert_null(find(f, IW_ALERT_NEGOTIATION_FAILED, true, "qm"));
	/* Restart attempt: no answer either. */
	feed(f, mkev(IW_EV_NEG_START, IW_DAEMON_PLUTO, "abc", IW_SA_IKE, 3,
	    44));
	ev = mkev(IW_EV_GIVE_UP, IW_DAEMON_PLUTO, "abc", IW_SA_IKE, 3, 68);
	feed(f, ev);
	r = find(f, IW_ALERT_NEGOTIATION_FAILED, true, "abc");
	assert_non_null(r);
	assert_string_equal(r->error, "peer_no_response_p1");
	/* The daemon's own error right after: counted, no second alert. */
	ev = mkev(IW_EV_ERROR, IW_DAEMON_PLUTO, "abc", IW_SA_IKE, 3, 68);
	snprintf(ev.error, sizeof(ev.error), "keying_retries_exhausted");
	feed(f, ev);
	assert_int_equal(count(f, IW_ALERT_NEGOTIATION_FAILED, true, NULL), 1);
	assert_int_equal(count(f, IW_ALERT_TUNNEL_DOWN, true, NULL), 1);
	fx_free(f);
}

/* An error ends the negotiation: negotiation_failed with its id. */
static void
test_negotiation_failed(void **state)
{
	struct fixture	*f = fx_new();
	struct iw_event	 ev;
	const struct rec *r;
	struct tunnel_info ti;
	int		 i;

	(void)state;
	for (i = 0; i < 3; i++) {
		/* Three attempts: an ICMP report, then the PSK error. */
		feed(f, mkev(IW_EV_NEG_START, IW_DAEMON_CHARON, "gw", IW_SA_IKE,
		    i + 1, i * 10));
		ev = mkev(IW_EV_ERROR, IW_DAEMON_CHARON, "gw", IW_SA_IKE, i + 1,
		    i * 10 + 1);
		snprintf(ev.error, sizeof(ev.error), "icmp_unreachable");
		feed(f, ev);
		assert_int_equal(count(f, IW_ALERT_NEGOTIATION_FAILED, true,
		    NULL),
		    i == 0 ? 0 : 1);
		ev = mkev(IW_EV_ERROR, IW_DAEMON_CHARON, "gw", IW_SA_IKE, i + 1,
		    i * 10 + 2);
		snprintf(ev.error, sizeof(ev.error), "psk_mismatch_ikev2");
		feed(f, ev);
	}
	/* Same key: fired once. */
	assert_int_equal(count(f, IW_ALERT_NEGOTIATION_FAILED, true, "gw"), 1);
	r = find(f, IW_ALERT_NEGOTIATION_FAILED, true, "gw");
	assert_string_equal(r->error, "psk_mismatch_ikev2");
	assert_true(r->at == T0 + 2 * US);
	track_tunnel_info(f->t, "gw", &ti);
	assert_int_equal(ti.state, TUNNEL_DOWN);
	assert_string_equal(ti.last_error, "psk_mismatch_ikev2");
	/* Fixed: up, resolved. */
	feed(f, mkev(IW_EV_P1_UP, IW_DAEMON_CHARON, "gw", IW_SA_IKE, 9, 100));
	assert_int_equal(count(f, IW_ALERT_NEGOTIATION_FAILED, false, "gw"), 0);
	feed(f, mkev(IW_EV_P2_UP, IW_DAEMON_CHARON, "gw", IW_SA_CHILD, 9, 100));
	r = find(f, IW_ALERT_NEGOTIATION_FAILED, false, "gw");
	assert_non_null(r);
	assert_string_equal(r->error, "psk_mismatch_ikev2");
	/* Phase 2 failure after phase 1 (kernel SA install). */
	ev = mkev(IW_EV_ERROR, IW_DAEMON_PLUTO, "p2", IW_SA_CHILD, 2, 200);
	feed(f, mkev(IW_EV_NEG_RESPOND, IW_DAEMON_PLUTO, "p2", IW_SA_IKE, 1,
	    199));
	feed(f, mkev(IW_EV_P1_UP, IW_DAEMON_PLUTO, "p2", IW_SA_IKE, 1, 199));
	snprintf(ev.error, sizeof(ev.error), "kernel_sa_install_failed");
	feed(f, ev);
	r = find(f, IW_ALERT_NEGOTIATION_FAILED, true, "p2");
	assert_non_null(r);
	assert_string_equal(r->error, "kernel_sa_install_failed");
	track_tunnel_info(f->t, "p2", &ti);
	assert_int_equal(ti.state, TUNNEL_PHASE1_UP);
	fx_free(f);
}

/* Error counts by kb id. */
static void
errcb(const char *id, unsigned n, void *arg)
{
	unsigned *v = arg;

	if (strcmp(id, "icmp_unreachable") == 0)
		v[0] = n;
	else if (strcmp(id, "psk_mismatch_ikev2") == 0)
		v[1] = n;
}

/* Error counters per tunnel. */
static void
test_error_counts(void **state)
{
	struct fixture	*f = fx_new();
	struct iw_event	 ev;
	unsigned	 v[2] = { 0, 0 };

	(void)state;
	ev = mkev(IW_EV_ERROR, IW_DAEMON_CHARON, "gw", IW_SA_IKE, 1, 1);
	snprintf(ev.error, sizeof(ev.error), "icmp_unreachable");
	feed(f, ev);
	feed(f, ev);
	snprintf(ev.error, sizeof(ev.error), "psk_mismatch_ikev2");
	feed(f, ev);
	track_tunnel_errors(f->t, "gw", errcb, v);
	assert_int_equal(v[0], 2);
	assert_int_equal(v[1], 1);
	fx_free(f);
}

/* Daemon restart: one alert, SA state reset, restart deadline. */
static void
test_daemon_restart(void **state)
{
	struct fixture	*f = fx_new();
	char		 name[32];
	int		 i;
	const struct rec *r;
	struct iw_event	 ev;

	(void)state;
	ev = mkev(IW_EV_DAEMON_START, IW_DAEMON_PLUTO, NULL, IW_SA_NONE, 0, 0);
	ev.pid = 100;
	feed(f, ev);
	for (i = 0; i < 20; i++) {
		snprintf(name, sizeof(name), "t%02d", i);
		up_tunnel(f, name, 1, 2 * i + 1, 2 * i + 2);
	}
	assert_int_equal(count(f, IW_ALERT_IKE_DAEMON_RESTARTED, true, NULL),
	    0);
	ev = mkev(IW_EV_DAEMON_START, IW_DAEMON_PLUTO, NULL, IW_SA_NONE, 0,
	    1000);
	ev.pid = 200;
	feed(f, ev);
	assert_int_equal(count(f, IW_ALERT_IKE_DAEMON_RESTARTED, true, NULL),
	    1);
	r = find(f, IW_ALERT_IKE_DAEMON_RESTARTED, true, NULL);
	assert_string_equal(r->tunnel, "");
	assert_true(r->at == T0 + 1000 * US);
	/* Serials start again: 19 tunnels come back within the deadline. */
	for (i = 0; i < 19; i++) {
		snprintf(name, sizeof(name), "t%02d", i);
		up_tunnel(f, name, 1010 + i, 2 * i + 1, 2 * i + 2);
	}
	go(f, 1119);
	assert_int_equal(f->nrecs, 1);	/* no storm */
	go(f, 1120);
	/* t19 did not come back: tunnel_down; the restart alert ends. */
	assert_int_equal(count(f, IW_ALERT_TUNNEL_DOWN, true, NULL), 1);
	assert_non_null(find(f, IW_ALERT_TUNNEL_DOWN, true, "t19"));
	assert_int_equal(count(f, IW_ALERT_IKE_DAEMON_RESTARTED, false, NULL),
	    1);
	assert_int_equal(count(f, IW_ALERT_IKE_DAEMON_RESTARTED, true, NULL),
	    1);

	/* A restart seen only by serials starting again (no banner). */
	feed(f, mkev(IW_EV_DELETE, IW_DAEMON_PLUTO, "t00", IW_SA_IKE, 1, 1500));
	feed(f, mkev(IW_EV_NEG_START, IW_DAEMON_PLUTO, "t00", IW_SA_IKE, 1,
	    2000));
	assert_int_equal(count(f, IW_ALERT_IKE_DAEMON_RESTARTED, true, NULL),
	    2);
	/* A helper logging as pluto with its own pid is no restart. */
	ev = mkev(IW_EV_INFO, IW_DAEMON_PLUTO, "", IW_SA_NONE, 0, 3000);
	ev.pid = 300;
	feed(f, ev);
	assert_int_equal(count(f, IW_ALERT_IKE_DAEMON_RESTARTED, true, NULL),
	    2);
	/* A stop, then a start: one restart (at the start). */
	feed(f, mkev(IW_EV_DAEMON_STOP, IW_DAEMON_PLUTO, NULL, IW_SA_NONE, 0,
	    4000));
	assert_int_equal(count(f, IW_ALERT_IKE_DAEMON_RESTARTED, true, NULL),
	    2);
	feed(f, mkev(IW_EV_DAEMON_START, IW_DAEMON_PLUTO, NULL, IW_SA_NONE, 0,
	    4010));
	assert_int_equal(count(f, IW_ALERT_IKE_DAEMON_RESTARTED, true, NULL),
	    3);
	/* Start-up chatter, a second banner: no second alert. */
	feed(f, mkev(IW_EV_INFO, IW_DAEMON_PLUTO, NULL, IW_SA_NONE, 0, 4011));
	feed(f, mkev(IW_EV_DAEMON_START, IW_DAEMON_PLUTO, NULL, IW_SA_NONE, 0,
	    4012));
	assert_int_equal(count(f, IW_ALERT_IKE_DAEMON_RESTARTED, true, NULL),
	    3);
	fx_free(f);
}

/* The IKE daemon stops: quiet, but an up tunnel must come back in time. */
static void
test_daemon_stop(void **state)
{
	struct fixture	*f = fx_new();
	struct tunnel_info ti;
	const struct rec *r;

	(void)state;
	up_tunnel(f, "a", 0, 1, 2);
	up_tunnel(f, "b", 0, 3, 4);
	feed(f, mkev(IW_EV_DAEMON_STOP, IW_DAEMON_PLUTO, NULL, IW_SA_NONE, 0,
	    100));
	track_tunnel_info(f->t, "a", &ti);
	assert_int_equal(ti.state, TUNNEL_DOWN);
	assert_int_equal(ti.live_child_sas, 0);
	go(f, 149);
	assert_int_equal(f->nrecs, 0);
	/* It starts again; "a" comes back, "b" does not. */
	feed(f, mkev(IW_EV_DAEMON_START, IW_DAEMON_PLUTO, NULL, IW_SA_NONE, 0,
	    150));
	assert_int_equal(count(f, IW_ALERT_IKE_DAEMON_RESTARTED, true, NULL),
	    1);
	up_tunnel(f, "a", 160, 1, 2);
	go(f, 269);
	assert_int_equal(count(f, IW_ALERT_TUNNEL_DOWN, true, NULL), 0);
	go(f, 270);
	r = find(f, IW_ALERT_TUNNEL_DOWN, true, NULL);
	assert_non_null(r);
	assert_string_equal(r->tunnel, "b");
	assert_int_equal(count(f, IW_ALERT_TUNNEL_DOWN, true, NULL), 1);
	fx_free(f);
}

/* Flapping: flap_count downs within the window; resolves after quiet. */
static void
test_flapping(void **state)
{
	struct fixture	*f = fx_new();
	struct iw_event	 ev;
	int		 i;
	uint64_t	 id = 1;
	const struct rec *r;

	(void)state;
	for (i = 0; i < 5; i++) {
		int64_t s = i * 600;

		up_tunnel(f, "abc", s, id, id + 1);
		ev = mkev(IW_EV_DPD_DEAD, IW_DAEMON_PLUTO, "abc", IW_SA_IKE, id,
		    s + 300);
		feed(f, ev);
		id += 2;
		if (i < 3)
			assert_int_equal(count(f, IW_ALERT_TUNNEL_FLAPPING,
			    true,
			    NULL), 0);
	}
	/* 4th down at 2100 s: fires; the 5th does not fire again. */
	assert_int_equal(count(f, IW_ALERT_TUNNEL_FLAPPING, true, "abc"), 1);
	r = find(f, IW_ALERT_TUNNEL_FLAPPING, true, "abc");
	assert_true(r->at == T0 + 2100 * US);
	assert_int_equal(count(f, IW_ALERT_TUNNEL_DOWN, true, "abc"), 5);
	/* Hysteresis: stays firing until a whole window without a down. */
	up_tunnel(f, "abc", 2800, id, id + 1);
	go(f, 2700 + 3599);
	assert_int_equal(count(f, IW_ALERT_TUNNEL_FLAPPING, false, "abc"), 0);
	go(f, 2700 + 3600);
	assert_int_equal(count(f, IW_ALERT_TUNNEL_FLAPPING, false, "abc"), 1);
	fx_free(f);
}

/* must_be_up: never established within the startup deadline. */
static void
test_must_be_up(void **state)
{
	struct fixture	*f = calloc(1, sizeof(*f));
	char		 p1[] = "abc", p2[] = "site-*";
	char		*pat[] = { p1, p2 };
	const struct rec *r;
	struct tunnel_info ti;

	(void)state;
	f->cf = conf_default();
	f->cf->tunnels.must_be_up = pat;
	f->cf->tunnels.n_must_be_up = 2;
	f->now = T0;
	f->clock.now_us = fake_now;
	f->clock.arg = f;
	f->t = track_new(&f->cf->tunnels, &f->clock, on_alert, f);
	track_advance(f->t, T0);
	assert_int_equal(track_tunnel_info(f->t, "abc", &ti), 0);
	assert_true(ti.must_be_up);
	/* site-a is seen and comes up in time; site-b is seen but never up. */
	up_tunnel(f, "site-a", 100, 1, 2);
	feed(f, mkev(IW_EV_NEG_START, IW_DAEMON_PLUTO, "site-b", IW_SA_IKE, 3,
	    100));
	feed(f, mkev(IW_EV_GIVE_UP, IW_DAEMON_PLUTO, "site-b", IW_SA_IKE, 3,
	    170));
	go(f, 299);
	assert_int_equal(count(f, IW_ALERT_TUNNEL_DOWN, true, NULL), 0);
	go(f, 300);
	r = find(f, IW_ALERT_TUNNEL_DOWN, true, "abc");
	assert_non_null(r);
	assert_true(r->at == T0 + 300 * US);
	assert_non_null(find(f, IW_ALERT_TUNNEL_DOWN, true, "site-b"));
	assert_null(find(f, IW_ALERT_TUNNEL_DOWN, true, "site-a"));
	assert_int_equal(count(f, IW_ALERT_TUNNEL_DOWN, true, NULL), 2);
	f->cf->tunnels.must_be_up = NULL;
	f->cf->tunnels.n_must_be_up = 0;
	fx_free(f);
}

/* may_be_down and ignore. */
static void
test_may_be_down_and_ignore(void **state)
{
	struct fixture	*f = fx_new();
	char		 m1[] = "ondemand-*", i1[] = "lab-*";
	char		*mbd[] = { m1 };
	char		*ign[] = { i1 };
	struct tunnel_info ti;

	(void)state;
	f->cf->tunnels.may_be_down = mbd;
	f->cf->tunnels.n_may_be_down = 1;
	f->cf->tunnels.ignore = ign;
	f->cf->tunnels.n_ignore = 1;
	track_set_policy(f->t, &f->cf->tunnels);
	up_tunnel(f, "ondemand-1", 0, 1, 2);
	feed(f, mkev(IW_EV_DPD_DEAD, IW_DAEMON_PLUTO, "ondemand-1", IW_SA_IKE,
	    1, 10));
	feed(f, mkev(IW_EV_NEG_START, IW_DAEMON_PLUTO, "lab-1", IW_SA_IKE, 3,
	    10));
	feed(f, mkev(IW_EV_GIVE_UP, IW_DAEMON_PLUTO, "lab-1", IW_SA_IKE, 3,
	    20));
	go(f, 10000);
	assert_int_equal(f->nrecs, 0);
	assert_int_equal(track_tunnel_info(f->t, "ondemand-1", &ti), 0);
	assert_true(ti.may_be_down);
	assert_int_equal(ti.state, TUNNEL_DOWN);
	assert_int_equal(track_tunnel_info(f->t, "lab-1", &ti), -1);
	assert_int_equal(track_tunnel_count(f->t), 1);
	f->cf->tunnels.may_be_down = NULL;
	f->cf->tunnels.n_may_be_down = 0;
	f->cf->tunnels.ignore = NULL;
	f->cf->tunnels.n_ignore = 0;
	fx_free(f);
}

/* Road warriors: keyed by conn, instance and peer; quiet unless configured. */
static void
test_roadwarrior(void **state)
{
	struct fixture	*f = fx_new();
	struct iw_event	 ev;
	struct tunnel_info ti;
	int		 pass;

	(void)state;
	for (pass = 0; pass < 2; pass++) {
		uint64_t b = pass * 10;

		f->cf->tunnels.roadwarrior_down_alerts = pass == 1;
		track_set_policy(f->t, &f->cf->tunnels);
		ev = mkev(IW_EV_NEG_RESPOND, IW_DAEMON_PLUTO, "rw", IW_SA_IKE,
		    b + 1,
		    pass * 1000);
		ev.instance = 3 + pass;
		snprintf(ev.peer, sizeof(ev.peer), "192.0.2.7");
		feed(f, ev);
		ev.kind = IW_EV_P1_UP;
		feed(f, ev);
		ev.kind = IW_EV_P2_UP;
		ev.sa_kind = IW_SA_CHILD;
		ev.sa_id = b + 2;
		feed(f, ev);
		/* The client leaves: instance deleted. */
		ev.kind = IW_EV_DELETE;
		ev.sa_kind = IW_SA_NONE;
		ev.sa_id = 0;
		ev.ts_us += 60 * US;
		feed(f, ev);
		go(f, pass * 1000 + 500);
	}
	assert_int_equal(track_tunnel_info(f->t, "rw[3] 192.0.2.7", &ti), 0);
	assert_true(ti.roadwarrior);
	assert_string_equal(ti.conn, "rw");
	assert_string_equal(ti.peer, "192.0.2.7");
	assert_int_equal(ti.state, TUNNEL_DOWN);
	assert_null(find(f, IW_ALERT_TUNNEL_DOWN, true, "rw[3] 192.0.2.7"));
	assert_non_null(find(f, IW_ALERT_TUNNEL_DOWN, true, "rw[4] 192.0.2.7"));
	assert_int_equal(count(f, IW_ALERT_TUNNEL_DOWN, true, NULL), 1);
	fx_free(f);
}

/* input_stalled is keyed by the input name. */
static void
test_input_stalled(void **state)
{
	struct fixture	*f = fx_new();

	(void)state;
	track_input_stalled(f->t, "/var/log/auth.log", true, "gone");
	track_input_stalled(f->t, "/var/log/auth.log", true, "gone");
	track_input_stalled(f->t, "journal", true, "error");
	assert_int_equal(count(f, IW_ALERT_INPUT_STALLED, true, NULL), 2);
	track_input_stalled(f->t, "/var/log/auth.log", false, NULL);
	assert_int_equal(count(f, IW_ALERT_INPUT_STALLED, false,
	    "/var/log/auth.log"), 1);
	fx_free(f);
}

/* Collect per-tunnel info for the order check. */
static int
order_cb(const struct tunnel_info *ti, void *arg)
{
	char	*prev = arg;

	assert_true(strcmp(prev, ti->name) < 0);
	snprintf(prev, 64, "%s", ti->name);
	return (0);
}

/*
 * Child SAs that are established and never deleted (deletes missing from
 * the log) pile up beyond SA_MAX: the trim must never free the record
 * being established (a use-after-free the daemon torture found under ASan).
 */
static void
test_sa_pileup(void **state)
{
	struct fixture	*f = fx_new();
	struct tunnel_info ti;
	uint64_t	 id;

	(void)state;
	up_tunnel(f, "pile", 1, 1, 2);
	for (id = 3; id < 3 + 4 * 32; id++)
		feed(f, mkev(IW_EV_P2_UP, IW_DAEMON_PLUTO, "pile", IW_SA_CHILD,
		    id, 1 + (int64_t)id));
	assert_int_equal(track_tunnel_info(f->t, "pile", &ti), 0);
	assert_int_equal(ti.state, TUNNEL_UP);
	assert_int_equal(ti.phase2_up, 1 + 4 * 32);
	assert_true(ti.live_child_sas >= 1 && ti.live_child_sas <= 32);
	fx_free(f);
}

/*
 * 10,000 tunnels with open deadlines: rekey deadlines inserted in shuffled
 * order, half of them removed from random heap positions (the IKE SA is
 * deleted); the other half must fire exactly at their times, in time
 * order, each once.
 */
static void
test_many_tunnels(void **state)
{
	struct fixture	*f = fx_new();
	enum { N = 10000 };
	int		*perm;
	char		 name[32], prev[64] = "";
	int		 i, j, x;
	size_t		 k, fired = 0;
	int64_t		 last = 0, nd;
	struct iw_event	 ev;

	(void)state;
	perm = malloc(N * sizeof(*perm));
	assert_non_null(perm);
	for (i = 0; i < N; i++)
		perm[i] = i;
	srand(42);
	for (i = N - 1; i > 0; i--) {
		j = rand() % (i + 1);
		x = perm[i]; perm[i] = perm[j]; perm[j] = x;
	}
	/* Tunnel n: IKE SA up at T0+1, rekey scheduled in 1000+n s. */
	for (i = 0; i < N; i++) {
		snprintf(name, sizeof(name), "t%05d", perm[i]);
		feed(f, mkev(IW_EV_P1_UP, IW_DAEMON_PLUTO, name, IW_SA_IKE,
		    (uint64_t)perm[i] + 2, 1));
		ev = mkev(IW_EV_REKEY_SCHEDULED, IW_DAEMON_PLUTO, name,
		    IW_SA_IKE, 0, 1);
		ev.seconds = 1000 + perm[i];
		feed(f, ev);
	}
	assert_int_equal(track_tunnel_count(f->t), N);
	/* expected 1001+n, margin 300: due at 1301+n */
	assert_true(track_next_deadline(f->t) == T0 + 1301 * US);
	/* Even tunnels lose their IKE SA: their deadlines go. */
	for (i = 0; i < N; i++) {
		if (perm[i] % 2 != 0)
			continue;
		snprintf(name, sizeof(name), "t%05d", perm[i]);
		feed(f, mkev(IW_EV_DELETE, IW_DAEMON_PLUTO, name, IW_SA_IKE,
		    (uint64_t)perm[i] + 2, 2));
	}
	assert_true(track_next_deadline(f->t) == T0 + 1302 * US);
	/* Step through time; each odd tunnel fires exactly at its deadline. */
	while ((nd = track_next_deadline(f->t)) != INT64_MAX) {
		assert_true(nd >= last);
		last = nd;
		k = f->nrecs;
		f->now = nd;
		track_advance(f->t, nd);
		for (; k < f->nrecs; k++) {
			int n;

			assert_int_equal(f->recs[k].kind,
			    IW_ALERT_REKEY_OVERDUE);
			n = atoi(f->recs[k].tunnel + 1);
			assert_true(n % 2 == 1);
			assert_true(f->recs[k].at == T0 + (1301 + n) * US);
			fired++;
		}
	}
	assert_int_equal(fired, N / 2);
	assert_int_equal(count(f, IW_ALERT_REKEY_OVERDUE, true, NULL), N / 2);
	track_foreach(f->t, order_cb, prev);
	assert_string_equal(prev, "t09999");
	free(perm);
	fx_free(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_transitions),
		cmocka_unit_test(test_negotiation_stalled),
		cmocka_unit_test(test_default_timeouts),
		cmocka_unit_test(test_rekey_overdue_scheduled),
		cmocka_unit_test(test_rekey_learned),
		cmocka_unit_test(test_rekey_configured_lifetime),
		cmocka_unit_test(test_down_grace_absorbed),
		cmocka_unit_test(test_charon_rekey_and_alias),
		cmocka_unit_test(test_charon_ike_named_child_errors),
		cmocka_unit_test(test_dpd_dead),
		cmocka_unit_test(test_time_never_backwards),
		cmocka_unit_test(test_give_up),
		cmocka_unit_test(test_negotiation_failed),
		cmocka_unit_test(test_error_counts),
		cmocka_unit_test(test_daemon_restart),
		cmocka_unit_test(test_daemon_stop),
		cmocka_unit_test(test_flapping),
		cmocka_unit_test(test_must_be_up),
		cmocka_unit_test(test_may_be_down_and_ignore),
		cmocka_unit_test(test_roadwarrior),
		cmocka_unit_test(test_input_stalled),
		cmocka_unit_test(test_sa_pileup),
		cmocka_unit_test(test_many_tunnels),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
