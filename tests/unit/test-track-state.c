/*
 * test-track-state.c - the tracker's section of the state file
 * (track_state_save / track_state_load): the real peer-dies corpus is
 * parsed and fed to a tracker, its state saved, loaded into a fresh
 * tracker, and both must then agree on every tunnel and react the same to
 * the same following lines (the tunnel coming back resolves the alert the
 * first tracker fired, once).  Invalid documents are refused whole.
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
#include <jansson.h>

#include "causes.h"
#include "conf.h"
#include "ipsecwatch.h"
#include "parse.h"
#include "track.h"

struct rec {
	size_t	 fires, resolves;
	char	 last[128];
};

static void	 on_alert(const struct track_alert *, void *);
static void	 feed_file(struct track *, const char *, size_t, size_t);
static int	 info_cmp(const struct tunnel_info *, const struct tunnel_info *);

/* Count the tracker's transitions. */
static void
on_alert(const struct track_alert *a, void *arg)
{
	struct rec	*r = arg;

	if (a->firing)
		r->fires++;
	else
		r->resolves++;
	snprintf(r->last, sizeof r->last, "%s %s %s", a->firing ? "fire" :
	    "resolve", iw_alert_kind_name(a->kind), a->tunnel);
}

/* Feed lines [from, to) of a corpus file, advancing in log time. */
static void
feed_file(struct track *t, const char *name, size_t from, size_t to)
{
	struct parse_ctx	*pc;
	struct iw_event		 ev;
	char			 path[1024], line[8192];
	FILE			*f;
	size_t			 n = 0, len;

	snprintf(path, sizeof path, "%s/tests/data/corpus/%s",
	    getenv("top_srcdir") ? getenv("top_srcdir") : ".", name);
	assert_non_null(f = fopen(path, "r"));
	pc = parse_ctx_new(1795800000, NULL);
	parse_ctx_set_year(pc, 2026);
	while (fgets(line, sizeof line, f) != NULL) {
		if (n++ < from)
			continue;
		if (n > to)
			break;
		len = strcspn(line, "\n");
		memset(&ev, 0, sizeof ev);
		if (parse_line(pc, line, len, &ev) != PARSE_EVENT)
			continue;
		if (ev.ts_us > 0)
			track_advance(t, ev.ts_us);
		track_event(t, &ev);
	}
	fclose(f);
	parse_ctx_free(pc);
}

/* Compare what status and show print of two tunnels. */
static int
info_cmp(const struct tunnel_info *a, const struct tunnel_info *b)
{
	return (strcmp(a->name, b->name) != 0 || strcmp(a->conn, b->conn) != 0 ||
	    strcmp(a->peer, b->peer) != 0 || a->state != b->state ||
	    a->since_us != b->since_us || a->last_up_us != b->last_up_us ||
	    a->last_rekey_us != b->last_rekey_us ||
	    a->phase1_up != b->phase1_up || a->phase2_up != b->phase2_up ||
	    a->downs != b->downs || a->live_ike_sas != b->live_ike_sas ||
	    a->live_child_sas != b->live_child_sas ||
	    (a->last_error == NULL) != (b->last_error == NULL) ||
	    (a->last_error != NULL && strcmp(a->last_error, b->last_error) != 0));
}

/* Error counts into a JSON object (for comparing). */
static void
err_json(const char *id, unsigned n, void *arg)
{
	json_object_set_new(arg, id, json_integer(n));
}

/* Save after the peer died, load, and continue both the same way. */
static void
test_round_trip(void **state)
{
	struct iw_config	*cf = conf_default();
	struct rec		 r1, r2;
	struct track		*t1, *t2;
	struct tunnel_info	 i1, i2;
	struct causes		 c;
	json_t			*doc, *doc2, *e1, *e2;
	char			*s1, *s2;

	memset(&r1, 0, sizeof r1);
	memset(&r2, 0, sizeof r2);
	t1 = track_new(&cf->tunnels, NULL, on_alert, &r1);
	feed_file(t1, "peer-dies/west.log", 0, 64);
	assert_int_equal(track_tunnel_info(t1, "west-east", &i1), 0);
	assert_int_equal(i1.state, TUNNEL_DOWN);
	assert_true(r1.fires >= 1);

	assert_int_equal(track_state_save(t1, &doc), 0);
	/* Through text, as the state file does. */
	s1 = json_dumps(doc, JSON_SORT_KEYS);
	json_decref(doc);
	assert_non_null(doc = json_loads(s1, 0, NULL));

	t2 = track_new(&cf->tunnels, NULL, on_alert, &r2);
	causes_init(&c);
	assert_int_equal(track_state_load(t2, doc, &c), 0);
	assert_int_equal(track_tunnel_count(t2), track_tunnel_count(t1));
	assert_int_equal(track_tunnel_info(t2, "west-east", &i2), 0);
	assert_int_equal(info_cmp(&i1, &i2), 0);
	e1 = json_object();
	e2 = json_object();
	track_tunnel_errors(t1, "west-east", err_json, e1);
	track_tunnel_errors(t2, "west-east", err_json, e2);
	assert_true(json_equal(e1, e2));
	assert_true(json_object_size(e1) >= 2);
	json_decref(e1);
	json_decref(e2);
	/* Loading fired nothing, and saving again gives the same document. */
	assert_int_equal(r2.fires + r2.resolves, 0);
	assert_int_equal(track_state_save(t2, &doc2), 0);
	s2 = json_dumps(doc2, JSON_SORT_KEYS);
	assert_string_equal(s1, s2);
	free(s2);
	json_decref(doc2);

	/* A loaded tracker is not empty: a second load is refused. */
	assert_int_equal(track_state_load(t2, doc, &c), -1);
	assert_true(c.n > 0);
	causes_free(&c);

	/* The tunnel comes back (the first 30 lines again: established). */
	r1.fires = r1.resolves = r2.fires = r2.resolves = 0;
	feed_file(t1, "peer-dies/west.log", 0, 30);
	feed_file(t2, "peer-dies/west.log", 0, 30);
	assert_int_equal(track_tunnel_info(t2, "west-east", &i2), 0);
	assert_int_equal(i2.state, TUNNEL_UP);
	assert_int_equal(r2.resolves, r1.resolves);
	assert_true(r2.resolves >= 1);
	assert_int_equal(r2.fires, r1.fires);

	free(s1);
	json_decref(doc);
	track_free(t1);
	track_free(t2);
	conf_free(cf);
}

/* Documents of another shape are refused whole: the tracker stays empty. */
static void
test_invalid(void **state)
{
	static const char *bad[] = {
		"{}",
		"{\"version\": 2, \"tunnels\": [], \"daemons\": [{}, {}, {}]}",
		"{\"version\": 1, \"tunnels\": {}, \"daemons\": [{}, {}, {}]}",
		"{\"version\": 1, \"tunnels\": [], \"daemons\": [{}]}",
		"{\"version\": 1, \"tunnels\": [{\"name\": \"a\"}], "
		    "\"daemons\": [{}, {}, {}]}",
		"{\"version\": 1, \"tunnels\": [{\"name\": \"a\", \"conn\": \"a\", "
		    "\"daemon\": 9, \"state\": 1, \"errors\": {}, \"negfail\": [], "
		    "\"sas\": []}], \"daemons\": [{}, {}, {}]}",
		"{\"version\": 1, \"tunnels\": [{\"name\": \"a\", \"conn\": \"a\", "
		    "\"daemon\": 2, \"state\": 77, \"errors\": {}, \"negfail\": [], "
		    "\"sas\": []}], \"daemons\": [{}, {}, {}]}",
	};
	struct iw_config	*cf = conf_default();
	struct track		*t;
	struct causes		 c;
	json_t			*doc;
	size_t			 i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		t = track_new(&cf->tunnels, NULL, NULL, NULL);
		assert_non_null(doc = json_loads(bad[i], 0, NULL));
		causes_init(&c);
		assert_int_equal(track_state_load(t, doc, &c), -1);
		assert_true(c.n > 0);
		assert_int_equal(track_tunnel_count(t), 0);
		causes_free(&c);
		json_decref(doc);
		track_free(t);
	}
	conf_free(cf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_invalid),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
