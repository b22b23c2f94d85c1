/*
 * iw-alert-send.c - drive the alert engine (alert manager, spool, plugins,
 * diagnostics) from a JSON scenario, on a real event loop with the wall
 * clock, against real receivers.  Used by tests/regress/alert-*.sh and the
 * webhook benchmark until the daemon integrates the engine.
 *
 * usage: iw-alert-send [-nv] [-t timeout] [-s spool_dir] [-S state_file] scenario.json
 *   -n  ignore the scenario's script (deliver what the spool holds: restart)
 *   -t  give up after this many seconds (default 30); exit 1 if undelivered
 *   -s  spool directory (overrides "spool_dir")
 *   -S  alert state file: loaded at start when present, saved at exit
 *
 * Scenario: {"hostname", "spool_dir", "plugin_dir",
 *   "alerts": {group_wait, group_interval, repeat_interval, send_resolved,
 *              inhibit_window, diag_wait}            (seconds, may be fractional)
 *   "spool": {max_entries, max_bytes, backoff_min_ms, backoff_max_ms},
 *   "receivers": [ receiver settings as in ipsecwatch.conf ],
 *   "diagnostics": [ {name, command: [...], timeout} ],
 *   "explain": {id: {en: {title, meaning, causes, checks}, de: {...}}},
 *   "use_kb": true   (explain other ids from the knowledge base, $IPSECWATCH_KB),
 *   "log": {tunnel: [lines]},
 *   "script": [ {at: seconds, fire: bool, kind, tunnel, peer, error, summary}
 *             | {at, silence: {tunnel, kind, for, comment}}
 *             | {at, reload: true} ] }     (new plugin instances, as on SIGHUP)
 * At exit it prints the spool counters as JSON on stdout, with the time
 * (us) each alert was submitted under "submitted" (benchmark).
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include <event2/event.h>
#include <event2/event_struct.h>
#include <jansson.h>

#include "alert.h"
#include "causes.h"
#include "child.h"
#include "conf.h"
#include "diag.h"
#include "kb.h"
#include "log.h"
#include "notif.h"
#include "plugin.h"
#include "spool.h"
#include "xfer.h"
#include "xmalloc.h"

static struct event_base	*base;
static struct alert_mgr		*mgr;
static struct spool		*spool;
static struct diag		*diag;
static struct event		 alert_timer;
static struct event		 step_timer;
static struct event		 poll_timer;
static json_t			*scenario;
static json_t			*script;
static size_t			 step;
static int64_t			 start_us;
static int64_t			 deadline_us;
static json_t			*submitted;
static int			 exit_code;
static double			 time_scale = 1.0;
static struct receiver_config	*rcs;
static size_t			 n_rc;
static struct plugin		**plugins;
static const char		*plugin_dir;
static const char		*scenario_file;
static struct alert_params	 ap;
static struct kb		*kb;		/* with "use_kb": the real knowledge base */

/* Wall clock in microseconds. */
static int64_t
now_us(void *arg)
{
	struct timeval	 tv;

	gettimeofday(&tv, NULL);
	return ((int64_t)tv.tv_sec * 1000000 + tv.tv_usec);
}

static struct iw_clock	 wallclock = { now_us, NULL };

/* Duplicate a JSON string member or NULL. */
static char *
jstr(const json_t *o, const char *k)
{
	const json_t	*v = json_object_get(o, k);

	return (json_is_string(v) ? xstrdup(json_string_value(v)) : NULL);
}

/* A JSON string array as a NULL-terminated vector. */
static char **
jvec(const json_t *o, const char *k, size_t *n)
{
	const json_t	*a = json_object_get(o, k), *v;
	char		**vec;
	size_t		 i;

	*n = 0;
	if (!json_is_array(a))
		return (NULL);
	vec = xcalloc(json_array_size(a) + 1, sizeof *vec);
	json_array_foreach(a, i, v) {
		if (json_is_string(v))
			vec[(*n)++] = xstrdup(json_string_value(v));
	}
	return (vec);
}

/* Seconds (number) as integer seconds, default when absent. */
static int64_t
jsec(const json_t *o, const char *k, int64_t def)
{
	const json_t	*v = json_object_get(o, k);

	return (json_is_number(v) ? (int64_t)json_number_value(v) : def);
}

/* Free a vector. */
static void
free_vec(char **v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Free a receiver config. */
static void
free_receiver(struct receiver_config *rc)
{
	free(rc->name);
	free(rc->plugin);
	free_vec(rc->kinds, rc->n_kinds);
	free_vec(rc->tunnels, rc->n_tunnels);
	free(rc->url);
	free(rc->from);
	free_vec(rc->to, rc->n_to);
	free(rc->username);
	if (rc->password != NULL)
		freezero_str(rc->password);
	free(rc->password_file);
	free(rc->starttls);
	free(rc->format);
	free_vec(rc->headers, rc->n_headers);
	if (rc->token != NULL)
		freezero_str(rc->token);
	free(rc->token_file);
	free(rc->ca_file);
	free_vec(rc->command, rc->n_command);
}

/* Fill a receiver config from the scenario. */
static void
load_receiver(const json_t *o, struct receiver_config *rc, int line)
{
	const json_t	*v;
	char		*s;
	int		 k;

	memset(rc, 0, sizeof *rc);
	rc->line = line;
	rc->name = jstr(o, "name");
	rc->plugin = jstr(o, "plugin");
	rc->min_severity = IW_SEV_WARNING;
	if ((s = jstr(o, "min_severity")) != NULL) {
		if ((k = iw_severity_from_name(s)) == -1)
			fatalx("receiver %d: bad min_severity %s", line, s);
		rc->min_severity = k;
		free(s);
	}
	rc->kinds = jvec(o, "kinds", &rc->n_kinds);
	rc->tunnels = jvec(o, "tunnels", &rc->n_tunnels);
	rc->rate_limit = (int)jsec(o, "rate_limit", 0);
	rc->language = IW_LANG_EN;
	if ((s = jstr(o, "language")) != NULL) {
		if ((k = iw_lang_from_name(s)) == -1)
			fatalx("receiver %d: bad language %s", line, s);
		rc->language = k;
		free(s);
	}
	rc->url = jstr(o, "url");
	rc->from = jstr(o, "from");
	rc->to = jvec(o, "to", &rc->n_to);
	rc->username = jstr(o, "username");
	rc->password = jstr(o, "password");
	rc->password_file = jstr(o, "password_file");
	rc->starttls = jstr(o, "starttls");
	rc->format = jstr(o, "format");
	rc->headers = jvec(o, "headers", &rc->n_headers);
	rc->token = jstr(o, "token");
	rc->token_file = jstr(o, "token_file");
	rc->ca_file = jstr(o, "ca_file");
	v = json_object_get(o, "tls_verify");
	rc->tls_verify = v == NULL ? true : json_is_true(v);
	rc->timeout = jsec(o, "timeout", 10);
	rc->command = jvec(o, "command", &rc->n_command);
}

/* Explanations from the scenario (stands in for the knowledge base). */
static bool
explain(const char *id, enum iw_lang lang, struct kb_text *kt, void *arg)
{
	const json_t		*e, *t;
	const struct kb_entry	*ke;

	e = json_object_get(json_object_get(scenario, "explain"), id);
	if (e == NULL && kb != NULL && (ke = kb_find(kb, id)) != NULL) {
		*kt = kb_text(ke, lang);
		return (true);
	}
	if (e == NULL)
		return (false);
	t = json_object_get(e, iw_lang_name(lang));
	if (t == NULL)
		t = json_object_get(e, "en");
	if (t == NULL)
		return (false);
	kt->title = json_string_value(json_object_get(t, "title"));
	kt->meaning = json_string_value(json_object_get(t, "meaning"));
	kt->causes = json_string_value(json_object_get(t, "causes"));
	kt->checks = json_string_value(json_object_get(t, "checks"));
	return (true);
}

/* Log lines from the scenario. */
static void
context(const char *tunnel, const char *peer, void (*add)(void *, const char *),
    void *ctx, void *arg)
{
	const json_t	*lines, *v;
	size_t		 i;

	lines = json_object_get(json_object_get(scenario, "log"), tunnel);
	json_array_foreach(lines, i, v) {
		if (json_is_string(v))
			add(ctx, json_string_value(v));
	}
}

static void	rearm(void);

/* Diagnostics finished. */
static void
diag_done(const char *key, const char *output, void *arg)
{
	alert_diag_result(mgr, key, output);
	rearm();
}

/* Start diagnostics for an alert. */
static void
diag_start(const char *key, const char *tunnel, const char *peer, void *arg)
{
	diag_run(diag, key, peer, tunnel, diag_done, NULL);
}

/* A notification leaves the manager: into the spool. */
static void
notify(const struct ipsecwatch_notification *n, void *arg)
{
	if (spool_enqueue(spool, n) == -1) {
		log_warnx("notification %s lost: spool write failed", n->id);
		exit_code = 2;
	}
}

/* Arm the manager's timer for its next deadline. */
static void
rearm(void)
{
	struct timeval	 tv;
	int64_t		 d, now = now_us(NULL);

	evtimer_del(&alert_timer);
	if ((d = alert_next_deadline(mgr)) == INT64_MAX)
		return;
	d = d > now ? d - now : 0;
	tv.tv_sec = d / 1000000;
	tv.tv_usec = d % 1000000;
	evtimer_add(&alert_timer, &tv);
}

/* The manager's timer. */
static void
alert_timer_cb(evutil_socket_t fd, short what, void *arg)
{
	alert_advance(mgr, now_us(NULL));
	rearm();
}

/* Close a plugin the spool no longer uses. */
static void
release_plugin(struct plugin *p)
{
	log_info("receiver %s: old instance released", plugin_receiver_name(p));
	plugin_close(p);
}

/* Reload the receivers the way the daemon does: new instances, same names. */
static void
reload(void)
{
	struct causes	 causes;
	size_t		 i;

	causes_init(&causes);
	for (i = 0; i < n_rc; i++) {
		spool_remove_receiver(spool, rcs[i].name, release_plugin);
		if ((plugins[i] = plugin_open(plugin_dir, scenario_file, &rcs[i], base,
		    &causes)) == NULL || spool_add_receiver(spool, plugins[i],
		    &causes) == -1)
			fatalx("reload: %s", causes.msg[0]);
	}
	causes_free(&causes);
	alert_reconfigure(mgr, &ap);
	log_info("reloaded %zu receiver(s)", n_rc);
}

/* Run the script steps that are due, arm the timer for the next. */
static void
step_cb(evutil_socket_t fd, short what, void *arg)
{
	const json_t		*s, *sil;
	struct track_alert	 t;
	struct causes		 causes;
	struct timeval		 tv;
	int64_t			 at, now;
	char			*id = NULL;
	int			 k;

	while (script != NULL && step < json_array_size(script)) {
		s = json_array_get(script, step);
		at = start_us + (int64_t)(json_number_value(json_object_get(s, "at")) *
		    time_scale * 1e6);
		now = now_us(NULL);
		if (at > now) {
			tv.tv_sec = (at - now) / 1000000;
			tv.tv_usec = (at - now) % 1000000;
			evtimer_add(&step_timer, &tv);
			break;
		}
		step++;
		if (json_is_true(json_object_get(s, "reload"))) {
			reload();
			continue;
		}
		if ((sil = json_object_get(s, "silence")) != NULL) {
			causes_init(&causes);
			if (alert_silence_add(mgr, json_string_value(json_object_get(sil,
			    "tunnel")), json_string_value(json_object_get(sil, "kind")),
			    now + (int64_t)(json_number_value(json_object_get(sil, "for")) *
			    1e6), json_string_value(json_object_get(sil, "comment")),
			    "iw-alert-send", &id, &causes) == -1)
				fatalx("silence: %s", causes.msg[0]);
			causes_free(&causes);
			free(id);
			continue;
		}
		memset(&t, 0, sizeof t);
		if ((k = iw_alert_kind_from_name(json_string_value(json_object_get(s,
		    "kind")))) == -1)
			fatalx("script step %zu: bad kind", step);
		t.kind = k;
		t.firing = json_is_true(json_object_get(s, "fire"));
		t.tunnel = json_string_value(json_object_get(s, "tunnel"));
		if (t.tunnel == NULL)
			t.tunnel = "";
		t.error = json_string_value(json_object_get(s, "error"));
		t.peer = json_string_value(json_object_get(s, "peer"));
		t.summary = json_string_value(json_object_get(s, "summary"));
		t.at_us = now;
		json_array_append_new(submitted, json_integer(now));
		alert_transition(mgr, &t);
	}
	/* Changes leave at once when group_wait is 0. */
	alert_advance(mgr, now_us(NULL));
	rearm();
}

/* Stop when everything is delivered or the time is up. */
static void
poll_cb(evutil_socket_t fd, short what, void *arg)
{
	struct timeval	 tv = { 0, 20000 };
	bool		 script_done;

	script_done = script == NULL || step >= json_array_size(script);
	if (script_done && alert_unsent(mgr) == 0 && spool_pending(spool) == 0 &&
	    diag_running(diag) == 0) {
		event_base_loopexit(base, NULL);
		return;
	}
	if (now_us(NULL) >= deadline_us) {
		log_warnx("timeout: %zu notification(s) undelivered, %zu group(s) "
		    "unsent", spool_pending(spool), alert_unsent(mgr));
		exit_code = 1;
		event_base_loopexit(base, NULL);
		return;
	}
	evtimer_add(&poll_timer, &tv);
}

/* Usage. */
static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: iw-alert-send [-nv] [-t timeout] [-s spool_dir] "
	    "[-S state_file] scenario.json\n");
	exit(2);
}

/* Load the scenario, run it on the loop, report the counters. */
int
main(int argc, char **argv)
{
	struct spool_params	 sp;
	struct diag_config	*dcs;
	struct causes		 causes;
	json_error_t		 jerr;
	const json_t		*a, *v, *rj;
	json_t			*out, *state;
	struct timeval		 tv = { 0, 0 };
	const char		*spool_dir = NULL, *state_file = NULL;
	size_t			 n_dc, i;
	double			 timeout = 30;
	bool			 no_script = false;
	int			 ch, debug = 0;

	while ((ch = getopt(argc, argv, "nS:s:t:v")) != -1) {
		switch (ch) {
		case 'n':
			no_script = true;
			break;
		case 'S':
			state_file = optarg;
			break;
		case 's':
			spool_dir = optarg;
			break;
		case 't':
			timeout = strtod(optarg, NULL);
			break;
		case 'v':
			debug = 1;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc != 1)
		usage();
	log_init(LOG_TO_STDERR, debug, "iw-alert-send");
	signal(SIGPIPE, SIG_IGN);
	scenario_file = argv[0];
	if ((scenario = json_load_file(argv[0], 0, &jerr)) == NULL)
		fatalx("%s:%d: %s", argv[0], jerr.line, jerr.text);
	if (spool_dir == NULL &&
	    (spool_dir = json_string_value(json_object_get(scenario, "spool_dir"))) == NULL)
		fatalx("no spool directory (-s or \"spool_dir\")");
	plugin_dir = json_string_value(json_object_get(scenario, "plugin_dir"));
	script = no_script ? NULL : json_object_get(scenario, "script");
	if (getenv("IW_TIME_SCALE") != NULL)
		time_scale = strtod(getenv("IW_TIME_SCALE"), NULL);

	xfer_global_init();
	if ((base = event_base_new()) == NULL)
		fatalx("event_base_new");
	xfer_init(base);
	child_init(base, true);

	rj = json_object_get(scenario, "receivers");
	n_rc = json_array_size(rj);
	rcs = xcalloc(n_rc + 1, sizeof *rcs);
	json_array_foreach(rj, i, v)
		load_receiver(v, &rcs[i], (int)i + 1);
	a = json_object_get(scenario, "diagnostics");
	n_dc = json_array_size(a);
	dcs = xcalloc(n_dc + 1, sizeof *dcs);
	json_array_foreach(a, i, v) {
		dcs[i].name = jstr(v, "name");
		dcs[i].argv = jvec(v, "command", &dcs[i].argc);
		dcs[i].timeout = jsec(v, "timeout", 5);
	}
	diag = diag_new(dcs, n_dc);

	causes_init(&causes);
	memset(&sp, 0, sizeof sp);
	a = json_object_get(scenario, "spool");
	sp.max_entries = (size_t)jsec(a, "max_entries", 0);
	sp.max_bytes = (size_t)jsec(a, "max_bytes", 0);
	sp.backoff_min_ms = jsec(a, "backoff_min_ms", 0);
	sp.backoff_max_ms = jsec(a, "backoff_max_ms", 0);
	if ((spool = spool_open(spool_dir, base, &sp, &causes)) == NULL)
		fatalx("%s", causes.msg[0]);
	plugins = xcalloc(n_rc + 1, sizeof *plugins);
	for (i = 0; i < n_rc; i++) {
		if ((plugins[i] = plugin_open(plugin_dir, argv[0], &rcs[i], base,
		    &causes)) == NULL)
			continue;
		if (spool_add_receiver(spool, plugins[i], &causes) == -1)
			continue;
	}
	if (causes.n > 0) {
		for (i = 0; i < causes.n; i++)
			fprintf(stderr, "iw-alert-send: %s\n", causes.msg[i]);
		exit_code = 3;
		goto done;
	}

	if (json_is_true(json_object_get(scenario, "use_kb")) &&
	    (kb = kb_load(kb_default_path(), NULL, &causes)) == NULL) {
		for (i = 0; i < causes.n; i++)
			fprintf(stderr, "iw-alert-send: %s\n", causes.msg[i]);
		exit_code = 3;
		goto done;
	}

	memset(&ap, 0, sizeof ap);
	a = json_object_get(scenario, "alerts");
	ap.policy.group_wait = jsec(a, "group_wait", 10);
	ap.policy.group_interval = jsec(a, "group_interval", 60);
	ap.policy.repeat_interval = jsec(a, "repeat_interval", 4 * 3600);
	ap.policy.send_resolved = json_object_get(a, "send_resolved") == NULL ||
	    json_is_true(json_object_get(a, "send_resolved"));
	ap.policy.resolved_keep = jsec(a, "resolved_keep", 86400);
	ap.inhibit_window = jsec(a, "inhibit_window", 120);
	ap.diag_wait = jsec(a, "diag_wait", 0);
	ap.receivers = rcs;
	ap.n_receivers = n_rc;
	ap.hostname = json_string_value(json_object_get(scenario, "hostname"));
	mgr = alert_new(&ap, &wallclock, notify, NULL);
	alert_set_explain(mgr, explain, NULL);
	alert_set_context(mgr, context, NULL);
	if (n_dc > 0)
		alert_set_diag(mgr, diag_start, NULL);
	if (state_file != NULL && access(state_file, F_OK) == 0) {
		if ((state = json_load_file(state_file, 0, &jerr)) == NULL)
			fatalx("%s: %s", state_file, jerr.text);
		if (alert_state_load(mgr, state, &causes) == -1)
			fatalx("%s: %s", state_file, causes.msg[0]);
		json_decref(state);
	}

	submitted = json_array();
	start_us = now_us(NULL);
	deadline_us = start_us + (int64_t)(timeout * 1e6);
	evtimer_assign(&alert_timer, base, alert_timer_cb, NULL);
	evtimer_assign(&step_timer, base, step_cb, NULL);
	evtimer_assign(&poll_timer, base, poll_cb, NULL);
	evtimer_add(&step_timer, &tv);
	evtimer_add(&poll_timer, &tv);
	event_base_dispatch(base);

	if (state_file != NULL) {
		if (alert_state_save(mgr, &state) == -1 ||
		    json_dump_file(state, state_file, JSON_INDENT(1)) == -1)
			log_warnx("%s: cannot save the alert state", state_file);
		else
			json_decref(state);
	}
	out = json_pack("{s:o, s:o, s:o}", "receivers", spool_stats_json(spool),
	    "alerts", alert_status_json(mgr), "submitted", submitted);
	json_dumpf(out, stdout, JSON_INDENT(1));
	printf("\n");
	json_decref(out);

done:

	/* Shutdown order: transfers and children first, then the spool. */
	xfer_shutdown();
	child_shutdown();
	spool_close(spool);
	alert_free(mgr);
	diag_free(diag);
	kb_free(kb);
	for (i = 0; i < n_rc; i++)
		plugin_close(plugins[i]);
	free(plugins);
	event_base_free(base);
	xfer_global_cleanup();
	for (i = 0; i < n_rc; i++)
		free_receiver(&rcs[i]);
	free(rcs);
	for (i = 0; i < n_dc; i++) {
		free(dcs[i].name);
		free_vec(dcs[i].argv, dcs[i].argc);
	}
	free(dcs);
	causes_free(&causes);
	json_decref(scenario);
	return (exit_code);
}
