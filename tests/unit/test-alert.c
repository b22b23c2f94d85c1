/*
 * test-alert.c - the alert manager's decisions with a fake clock:
 * lifecycle, reminders, resolve after a silence, grouping windows,
 * inhibition, routing, rate limit, persistence.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "alert.h"
#include "causes.h"
#include "conf.h"
#include "log.h"
#include "notif.h"

#define S	1000000LL

static int64_t	 fake_now;
static json_t	*sent;		/* every notification, as generic JSON */

/* The fake clock. */
static int64_t
fake_clock(void *arg)
{
	return (fake_now);
}

static const struct iw_clock clock = { fake_clock, NULL };

/* Record a notification. */
static void
record(const struct ipsecwatch_notification *n, void *arg)
{
	json_array_append_new(sent, notif_to_json(n));
}

/* Explanations for one id. */
static bool
explain(const char *id, enum iw_lang lang, struct kb_text *t, void *arg)
{
	if (strcmp(id, "dpd_dead_peer") != 0)
		return (false);
	t->title = lang == IW_LANG_DE ? "Gegenstelle tot" : "Peer dead";
	t->meaning = "m";
	t->causes = "c1\nc2";
	t->checks = "k1";
	return (true);
}

static struct receiver_config	 rcv[3];
static char			*crit_kinds[] = { (char *)"tunnel_down" };
static char			*site_globs[] = { (char *)"site-*" };

/* A manager with one default receiver (or the three routing ones). */
static struct alert_mgr *
mgr_new(int n_rcv, int rate_limit)
{
	struct alert_params	 p;
	struct alert_mgr	*m;

	memset(rcv, 0, sizeof rcv);
	rcv[0].name = (char *)"r0";
	rcv[0].min_severity = IW_SEV_WARNING;
	rcv[0].rate_limit = rate_limit;
	rcv[1].name = (char *)"crit";
	rcv[1].min_severity = IW_SEV_CRITICAL;
	rcv[1].kinds = crit_kinds;
	rcv[1].n_kinds = 1;
	rcv[1].language = IW_LANG_DE;
	rcv[2].name = (char *)"sites";
	rcv[2].min_severity = IW_SEV_INFO;
	rcv[2].tunnels = site_globs;
	rcv[2].n_tunnels = 1;
	memset(&p, 0, sizeof p);
	p.policy.group_wait = 10;
	p.policy.group_interval = 60;
	p.policy.repeat_interval = 3600;
	p.policy.send_resolved = true;
	p.policy.resolved_keep = 86400;
	p.receivers = rcv;
	p.n_receivers = n_rcv;
	p.hostname = "gw";
	p.inhibit_window = 120;
	fake_now = 1700000000 * S;
	json_decref(sent);
	sent = json_array();
	m = alert_new(&p, &clock, record, NULL);
	alert_set_explain(m, explain, NULL);
	return (m);
}

/* Feed a transition at the fake time. */
static void
feed(struct alert_mgr *m, bool firing, enum iw_alert_kind kind, const char *tunnel,
    const char *peer, const char *error)
{
	struct track_alert	 t;

	memset(&t, 0, sizeof t);
	t.kind = kind;
	t.firing = firing;
	t.tunnel = tunnel;
	t.peer = peer;
	t.error = error;
	t.at_us = fake_now;
	t.summary = "summary";
	alert_transition(m, &t);
}

/* Advance the fake clock to t, firing every deadline on the way. */
static void
run_until(struct alert_mgr *m, int64_t t)
{
	int64_t	 d;

	while ((d = alert_next_deadline(m)) <= t) {
		if (d > fake_now)
			fake_now = d;
		alert_advance(m, fake_now);
	}
	fake_now = t;
	alert_advance(m, fake_now);
}

/* Field of the i-th notification. */
static const char *
nfield(size_t i, const char *k)
{
	return (json_string_value(json_object_get(json_array_get(sent, i), k)));
}

/* Number of alerts in the i-th notification. */
static size_t
nalerts(size_t i)
{
	return (json_array_size(json_object_get(json_array_get(sent, i), "alerts")));
}

/* Field of alert j of notification i. */
static const char *
afield(size_t i, size_t j, const char *k)
{
	return (json_string_value(json_object_get(json_array_get(json_object_get(
	    json_array_get(sent, i), "alerts"), j), k)));
}

/* Fire, wait group_wait, remind, resolve. */
static void
test_lifecycle(void **state)
{
	struct alert_mgr	*m = mgr_new(1, 0);
	int64_t			 t0 = fake_now;

	feed(m, true, IW_ALERT_TUNNEL_DOWN, "a", "192.0.2.1", "dpd_dead_peer");
	run_until(m, t0 + 9 * S);
	assert_int_equal(json_array_size(sent), 0);
	run_until(m, t0 + 10 * S);
	assert_int_equal(json_array_size(sent), 1);
	assert_string_equal(nfield(0, "status"), "firing");
	assert_string_equal(nfield(0, "group"), "peer:192.0.2.1");
	assert_string_equal(nfield(0, "severity"), "critical");
	assert_string_equal(nfield(0, "receiver"), "r0");
	assert_string_equal(afield(0, 0, "key"), "tunnel_down/a");
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    json_array_get(json_object_get(json_array_get(sent, 0), "alerts"), 0),
	    "explanation"), "title")), "Peer dead");
	/* A duplicate fire is no news. */
	feed(m, true, IW_ALERT_TUNNEL_DOWN, "a", "192.0.2.1", "dpd_dead_peer");
	run_until(m, t0 + 3000 * S);
	assert_int_equal(json_array_size(sent), 1);
	/* Reminder after repeat_interval. */
	run_until(m, t0 + 3610 * S);
	assert_int_equal(json_array_size(sent), 2);
	assert_true(json_is_true(json_object_get(json_array_get(sent, 1), "reminder")));
	/* Resolve: batched after group_wait. */
	feed(m, false, IW_ALERT_TUNNEL_DOWN, "a", NULL, NULL);
	run_until(m, t0 + 3700 * S);
	assert_int_equal(json_array_size(sent), 3);
	assert_string_equal(nfield(2, "status"), "resolved");
	assert_non_null(afield(2, 0, "resolved"));
	/* Nothing more: no reminder for a resolved alert. */
	run_until(m, t0 + 20000 * S);
	assert_int_equal(json_array_size(sent), 3);
	assert_int_equal(alert_firing_count(m), 0);
	alert_free(m);
}

/* An alert resolved before its firing was sent is never sent. */
static void
test_blip(void **state)
{
	struct alert_mgr	*m = mgr_new(1, 0);

	feed(m, true, IW_ALERT_REKEY_OVERDUE, "a", NULL, NULL);
	fake_now += 5 * S;
	feed(m, false, IW_ALERT_REKEY_OVERDUE, "a", NULL, NULL);
	run_until(m, fake_now + 600 * S);
	assert_int_equal(json_array_size(sent), 0);
	/* It comes back and stays: now it is sent. */
	feed(m, true, IW_ALERT_REKEY_OVERDUE, "a", NULL, NULL);
	run_until(m, fake_now + 20 * S);
	assert_int_equal(json_array_size(sent), 1);
	/* Resolved and back within group_wait: the firing goes on, nothing sent. */
	feed(m, false, IW_ALERT_REKEY_OVERDUE, "a", NULL, NULL);
	fake_now += 2 * S;
	feed(m, true, IW_ALERT_REKEY_OVERDUE, "a", NULL, NULL);
	run_until(m, fake_now + 600 * S);
	assert_int_equal(json_array_size(sent), 1);
	assert_int_equal(alert_firing_count(m), 1);
	alert_free(m);
}

/* A silence holds firings back but never a resolution that is owed. */
static void
test_silence(void **state)
{
	struct alert_mgr	*m = mgr_new(1, 0);
	struct causes		 c;
	int64_t			 t0 = fake_now;
	char			*id;

	causes_init(&c);
	feed(m, true, IW_ALERT_TUNNEL_DOWN, "s1", NULL, NULL);
	run_until(m, t0 + 20 * S);
	assert_int_equal(json_array_size(sent), 1);
	assert_int_equal(alert_silence_add(m, "s*", NULL, t0 + 1000 * S, "maint",
	    "test", &id, &c), 0);
	free(id);
	feed(m, true, IW_ALERT_TUNNEL_DOWN, "s2", NULL, NULL);
	feed(m, false, IW_ALERT_TUNNEL_DOWN, "s1", NULL, NULL);
	run_until(m, t0 + 200 * S);
	/* s1's resolution arrives; s2 is held back. */
	assert_int_equal(json_array_size(sent), 2);
	assert_string_equal(nfield(1, "status"), "resolved");
	assert_int_equal(nalerts(1), 1);
	assert_string_equal(afield(1, 0, "tunnel"), "s1");
	/* The silence expires while s2 still fires: s2 is sent then. */
	run_until(m, t0 + 1100 * S);
	assert_int_equal(json_array_size(sent), 3);
	assert_string_equal(afield(2, 0, "tunnel"), "s2");
	assert_string_equal(nfield(2, "status"), "firing");
	/* Bad silences. */
	assert_int_equal(alert_silence_add(m, NULL, NULL, fake_now + S, "", "", NULL, &c),
	    -1);
	assert_int_equal(alert_silence_add(m, NULL, "nope", fake_now + S, "", "", NULL,
	    &c), -1);
	assert_int_equal(c.n, 2);
	causes_free(&c);
	alert_free(m);
}

/* Ten tunnels of one peer: one notification; changes batched by group_interval. */
static void
test_grouping(void **state)
{
	struct alert_mgr	*m = mgr_new(1, 0);
	int64_t			 t0 = fake_now;
	char			 name[16];
	int			 i;

	for (i = 0; i < 10; i++) {
		snprintf(name, sizeof name, "t%d", i);
		feed(m, true, IW_ALERT_TUNNEL_DOWN, name, "198.51.100.1", "dpd_dead_peer");
		fake_now += S / 2;
	}
	run_until(m, t0 + 30 * S);
	assert_int_equal(json_array_size(sent), 1);
	assert_int_equal(nalerts(0), 10);
	/* Two recover at 40 s and 45 s: sent together at last_flush + 60 s. */
	fake_now = t0 + 40 * S;
	feed(m, false, IW_ALERT_TUNNEL_DOWN, "t0", NULL, NULL);
	fake_now = t0 + 45 * S;
	feed(m, false, IW_ALERT_TUNNEL_DOWN, "t1", NULL, NULL);
	run_until(m, t0 + 69 * S);
	assert_int_equal(json_array_size(sent), 1);
	run_until(m, t0 + 71 * S);
	assert_int_equal(json_array_size(sent), 2);
	assert_int_equal(nalerts(1), 2);
	assert_string_equal(nfield(1, "status"), "resolved");
	/* Another peer is another group. */
	feed(m, true, IW_ALERT_TUNNEL_DOWN, "x", "198.51.100.2", NULL);
	run_until(m, fake_now + 11 * S);
	assert_int_equal(json_array_size(sent), 3);
	assert_string_equal(nfield(2, "group"), "peer:198.51.100.2");
	alert_free(m);
}

/* DPD death of a peer inhibits its tunnels' negotiation alerts; a restart folds. */
static void
test_inhibition(void **state)
{
	struct alert_mgr	*m = mgr_new(1, 0);
	int64_t			 t0 = fake_now;

	feed(m, true, IW_ALERT_TUNNEL_DOWN, "a", "192.0.2.7", "dpd_dead_peer");
	run_until(m, t0 + 20 * S);
	assert_int_equal(json_array_size(sent), 1);
	feed(m, true, IW_ALERT_NEGOTIATION_STALLED, "b", "192.0.2.7", NULL);
	feed(m, true, IW_ALERT_NEGOTIATION_STALLED, "c", "192.0.2.8", NULL);
	run_until(m, t0 + 200 * S);
	/* Only c (another peer). */
	assert_int_equal(json_array_size(sent), 2);
	assert_int_equal(nalerts(1), 1);
	assert_string_equal(afield(1, 0, "tunnel"), "c");
	/* The cause resolves, b still stalls: b is sent with a's resolution. */
	feed(m, false, IW_ALERT_TUNNEL_DOWN, "a", NULL, NULL);
	run_until(m, t0 + 300 * S);
	assert_int_equal(json_array_size(sent), 3);
	assert_int_equal(nalerts(2), 2);
	assert_string_equal(nfield(2, "status"), "firing");

	/* Restart: later tunnel alerts within the window join its group. */
	fake_now = t0 + 1000 * S;
	feed(m, true, IW_ALERT_IKE_DAEMON_RESTARTED, "", NULL, NULL);
	fake_now += 2 * S;
	feed(m, true, IW_ALERT_TUNNEL_DOWN, "d1", "203.0.113.1", NULL);
	feed(m, true, IW_ALERT_TUNNEL_DOWN, "d2", "203.0.113.2", NULL);
	run_until(m, t0 + 1020 * S);
	assert_int_equal(json_array_size(sent), 4);
	assert_string_equal(nfield(3, "group"), "daemon:ike_daemon_restarted");
	assert_int_equal(nalerts(3), 3);
	/* After the window another tunnel is on its own. */
	fake_now = t0 + 1200 * S;
	feed(m, true, IW_ALERT_TUNNEL_DOWN, "d3", "203.0.113.3", NULL);
	run_until(m, t0 + 1220 * S);
	assert_int_equal(json_array_size(sent), 5);
	assert_string_equal(nfield(4, "group"), "peer:203.0.113.3");
	alert_free(m);
}

/* Routing by severity, kind and tunnel glob; language per receiver. */
static void
test_routing(void **state)
{
	struct alert_mgr	*m = mgr_new(3, 0);
	size_t			 i, r0 = 0, crit = 0, sites = 0;
	const char		*name;

	feed(m, true, IW_ALERT_TUNNEL_DOWN, "site-1", NULL, "dpd_dead_peer");
	feed(m, true, IW_ALERT_REKEY_OVERDUE, "other", NULL, NULL);
	feed(m, true, IW_ALERT_NEGOTIATION_FAILED, "site-2", NULL, "x");
	run_until(m, fake_now + 20 * S);
	for (i = 0; i < json_array_size(sent); i++) {
		name = nfield(i, "receiver");
		if (strcmp(name, "r0") == 0)
			r0 += nalerts(i);
		else if (strcmp(name, "crit") == 0) {
			crit += nalerts(i);
			assert_string_equal(afield(i, 0, "kind"), "tunnel_down");
			assert_string_equal(nfield(i, "language"), "de");
			assert_string_equal(json_string_value(json_object_get(
			    json_object_get(json_array_get(json_object_get(
			    json_array_get(sent, i), "alerts"), 0), "explanation"),
			    "title")), "Gegenstelle tot");
		} else {
			sites += nalerts(i);
			assert_int_equal(strncmp(afield(i, 0, "tunnel"), "site-", 5), 0);
		}
	}
	assert_int_equal(r0, 3);
	assert_int_equal(crit, 1);
	assert_int_equal(sites, 2);
	alert_free(m);
}

/* Rate limit: excess is held and batched, never dropped. */
static void
test_rate_limit(void **state)
{
	struct alert_mgr	*m = mgr_new(1, 2);
	int64_t			 t0 = fake_now;
	char			 name[16];
	size_t			 i, total = 0;

	for (i = 0; i < 5; i++) {
		snprintf(name, sizeof name, "t%zu", i);
		fake_now = t0 + (int64_t)i * 100 * S;
		feed(m, true, IW_ALERT_TUNNEL_DOWN, name, NULL, NULL);
		run_until(m, fake_now + 20 * S);
	}
	assert_int_equal(json_array_size(sent), 2);
	/* The first send expires at t0 + 10 s + 1 h: the three held go as one. */
	run_until(m, t0 + 3611 * S);
	assert_int_equal(json_array_size(sent), 3);
	assert_string_equal(nfield(2, "group"), "batch");
	for (i = 0; i < json_array_size(sent); i++)
		total += nalerts(i);
	assert_int_equal(total, 5);
	alert_free(m);
}

/* The state survives a restart: a sent firing still gets its resolution. */
static void
test_state(void **state)
{
	struct alert_mgr	*m = mgr_new(1, 0), *m2;
	struct causes		 c;
	json_t			*doc, *bad;
	char			*id;
	int64_t			 now;

	causes_init(&c);
	feed(m, true, IW_ALERT_TUNNEL_DOWN, "p", "192.0.2.3", NULL);
	run_until(m, fake_now + 20 * S);
	assert_int_equal(alert_silence_add(m, "q*", NULL, fake_now + 500 * S, "c", "me",
	    &id, &c), 0);
	free(id);
	assert_int_equal(alert_state_save(m, &doc), 0);
	now = fake_now;
	alert_free(m);
	m2 = mgr_new(1, 0);
	fake_now = now;
	if (alert_state_load(m2, doc, &c) == -1)
		fail_msg("%s", c.msg[0]);
	json_decref(doc);
	doc = alert_silences_json(m2);
	assert_int_equal(json_array_size(doc), 1);
	json_decref(doc);
	feed(m2, false, IW_ALERT_TUNNEL_DOWN, "p", NULL, NULL);
	/* The restored group schedule holds: last sent at +10 s, interval 60 s. */
	run_until(m2, now + 49 * S);
	assert_int_equal(json_array_size(sent), 0);
	run_until(m2, now + 51 * S);
	assert_int_equal(json_array_size(sent), 1);
	assert_string_equal(nfield(0, "status"), "resolved");
	/* A broken document is refused and changes nothing. */
	bad = json_pack("{s:i, s:[{s:s}]}", "version", 1, "alerts", "key", "x");
	assert_int_equal(alert_state_load(m2, bad, &c), -1);
	json_decref(bad);
	assert_true(c.n >= 1);
	causes_free(&c);
	alert_free(m2);
}

/* Reload: receivers matched by name; a new receiver learns what fires. */
static void
test_reconfigure(void **state)
{
	struct alert_mgr	*m = mgr_new(1, 0);
	struct receiver_config	 nr[2];
	struct alert_params	 p;
	size_t			 i, to_r0 = 0, to_new = 0;

	feed(m, true, IW_ALERT_TUNNEL_DOWN, "a", NULL, NULL);
	run_until(m, fake_now + 20 * S);
	assert_int_equal(json_array_size(sent), 1);
	memset(nr, 0, sizeof nr);
	nr[0].name = (char *)"new";
	nr[0].min_severity = IW_SEV_WARNING;
	nr[1] = rcv[0];
	memset(&p, 0, sizeof p);
	p.policy.group_wait = 10;
	p.policy.group_interval = 60;
	p.policy.repeat_interval = 3600;
	p.policy.send_resolved = true;
	p.receivers = nr;
	p.n_receivers = 2;
	p.hostname = "gw";
	alert_reconfigure(m, &p);
	run_until(m, fake_now + 20 * S);
	feed(m, false, IW_ALERT_TUNNEL_DOWN, "a", NULL, NULL);
	run_until(m, fake_now + 100 * S);
	for (i = 1; i < json_array_size(sent); i++) {
		if (strcmp(nfield(i, "receiver"), "r0") == 0) {
			to_r0++;
			assert_string_equal(nfield(i, "status"), "resolved");
		} else
			to_new++;
	}
	/* r0: only its resolution; new: the firing, then the resolution. */
	assert_int_equal(to_r0, 1);
	assert_int_equal(to_new, 2);
	alert_free(m);
}

/*
 * Text from the log (peer IDs!) is cleaned before it reaches a mail header:
 * C0 and C1 controls become spaces, invalid UTF-8 (overlong forms,
 * surrogates, stray continuation bytes) becomes '?', valid UTF-8 stays.
 */
static void
test_sanitize(void **state)
{
	char	 hdr[] = "a\r\nBcc: x\x7f\xc2\x85y";
	char	 text[] = "l1\nl2\t\x01";
	char	 utf[] = "Gr\xc3\xbc\xc3\x9f" "e \xe2\x82\xac \xf0\x9f\x94\x91";
	char	 bad[] = "\xc0\xafx\xed\xa0\x80y\x80z\xf4\x90\x80\x80";

	(void)state;
	notif_sanitize(hdr);
	assert_string_equal(hdr, "a  Bcc: x   y");
	notif_sanitize_text(text);
	assert_string_equal(text, "l1\nl2\t ");
	notif_sanitize(utf);
	assert_string_equal(utf, "Gr\xc3\xbc\xc3\x9f" "e \xe2\x82\xac \xf0\x9f\x94\x91");
	notif_sanitize(bad);
	assert_string_equal(bad, "??x???y?z????");
}

/* Run the alert manager tests. */
int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lifecycle),
		cmocka_unit_test(test_blip),
		cmocka_unit_test(test_silence),
		cmocka_unit_test(test_grouping),
		cmocka_unit_test(test_inhibition),
		cmocka_unit_test(test_routing),
		cmocka_unit_test(test_rate_limit),
		cmocka_unit_test(test_state),
		cmocka_unit_test(test_reconfigure),
		cmocka_unit_test(test_sanitize),
	};
	int	 rc;

	log_init(LOG_TO_STDERR, 0, "test-alert");
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	json_decref(sent);
	return (rc);
}
