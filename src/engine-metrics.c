/*
 * engine-metrics.c - the Prometheus text exposition of the running engine,
 * for the "metrics" command and the optional HTTP listener (evhttp).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/util.h>
#include <jansson.h>

#include "alert.h"
#include "causes.h"
#include "conf.h"
#include "ctl.h"
#include "daemon.h"
#include "engine.h"
#include "engine-private.h"
#include "input.h"
#include "log.h"
#include "plugin.h"
#include "spool.h"
#include "track.h"
#include "xmalloc.h"

/* The text being built, in two passes (HELP/TYPE headers, then samples). */
struct engine_metrics {
	char	*buf;
	size_t	 len, cap;
	int	 pass;
	const char *id_tunnel;
};

static void	engine_prom_label(char *, size_t, const char *);
static void	engine_mprintf(struct engine_metrics *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
static void	engine_metrics_err(const char *, unsigned, void *);
static int	engine_metrics_tunnel(const struct tunnel_info *, void *);
static char	*engine_metrics_text(struct engine *);

/* Append a label value escaped for the Prometheus text format. */
static void
engine_prom_label(char *buf, size_t sz, const char *v)
{
	size_t	 o = 0;

	for (; *v != '\0' && o + 3 < sz; v++) {
		if (*v == '\\' || *v == '"') {
			buf[o++] = '\\';
			buf[o++] = *v;
		} else if (*v == '\n') {
			buf[o++] = '\\';
			buf[o++] = 'n';
		} else
			buf[o++] = *v;
	}
	buf[o] = '\0';
}

/* printf into the metrics text. */
static void __attribute__((format(printf, 2, 3)))
engine_mprintf(struct engine_metrics *m, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;
	int	 n;

	va_start(ap, fmt);
	n = xvasprintf(&s, fmt, ap);
	va_end(ap);
	if (m->len + n + 1 > m->cap) {
		m->cap = (m->len + n + 1) * 2;
		m->buf = xreallocarray(m->buf, m->cap, 1);
	}
	memcpy(m->buf + m->len, s, n + 1);
	m->len += n;
	free(s);
}

/* Per-error counters of one tunnel. */
static void
engine_metrics_err(const char *id, unsigned n, void *arg)
{
	struct engine_metrics	*m = arg;
	char			 t[512], i[128];

	engine_prom_label(t, sizeof t, m->id_tunnel);
	engine_prom_label(i, sizeof i, id);
	engine_mprintf(m, "ipsecwatch_tunnel_errors_total{tunnel=\"%s\",error=\"%s\"} "
	    "%u\n", t, i, n);
}

/* One metric family's sample of one tunnel (pass selects the family). */
static int
engine_metrics_tunnel(const struct tunnel_info *ti, void *arg)
{
	struct engine_metrics	*m = arg;
	char			 t[512];
	int64_t			 now = engine_now(NULL);

	engine_prom_label(t, sizeof t, ti->name);
	switch (m->pass) {
	case 0:
		engine_mprintf(m, "ipsecwatch_tunnel_up{tunnel=\"%s\"} %d\n", t,
		    ti->state == TUNNEL_UP);
		break;
	case 1:
		engine_mprintf(m, "ipsecwatch_tunnel_last_established_seconds"
		    "{tunnel=\"%s\"} %.3f\n", t, ti->last_up_us / 1e6);
		break;
	case 2:
		engine_mprintf(m, "ipsecwatch_tunnel_rekeys_total{tunnel=\"%s\"} "
		    "%u\n", t, ti->rekeys);
		break;
	case 3:
		if (ti->next_rekey_deadline_us > 0)
			engine_mprintf(m, "ipsecwatch_tunnel_rekey_deadline_seconds"
			    "{tunnel=\"%s\"} %.3f\n", t,
			    (ti->next_rekey_deadline_us - now) / 1e6);
		break;
	case 4:
		m->id_tunnel = ti->name;
		track_tunnel_errors(engine_current->track, ti->name, engine_metrics_err, m);
		break;
	case 5:
		engine_mprintf(m, "ipsecwatch_tunnel_state{tunnel=\"%s\",state=\"%s\"}"
		    " 1\n", t, tunnel_state_name(ti->state));
		break;
	}
	return (0);
}

/* The Prometheus text exposition (version 0.0.4); the caller frees it. */
static char *
engine_metrics_text(struct engine *e)
{
	static const struct {
		const char *name, *type, *help;
	} fam[] = {
		{ "ipsecwatch_tunnel_up", "gauge", "1 when the tunnel is up" },
		{ "ipsecwatch_tunnel_last_established_seconds", "gauge",
		    "When the tunnel was last established (Unix time)" },
		{ "ipsecwatch_tunnel_rekeys_total", "counter", "Rekeys seen" },
		{ "ipsecwatch_tunnel_rekey_deadline_seconds", "gauge",
		    "Seconds until the rekey deadline (negative: overdue)" },
		{ "ipsecwatch_tunnel_errors_total", "counter",
		    "Errors by knowledge-base id" },
		{ "ipsecwatch_tunnel_state", "gauge", "The tunnel's state" },
	};
	struct engine_metrics	 m;
	struct spool_stats	 st;
	char			 l[512];
	size_t			 i;
	int			 p;

	memset(&m, 0, sizeof m);
	for (p = 0; p < (int)(sizeof fam / sizeof fam[0]); p++) {
		engine_mprintf(&m, "# HELP %s %s\n# TYPE %s %s\n", fam[p].name,
		    fam[p].help, fam[p].name, fam[p].type);
		m.pass = p;
		track_foreach(e->track, engine_metrics_tunnel, &m);
	}
	engine_mprintf(&m, "# HELP ipsecwatch_alerts_firing Alerts firing\n"
	    "# TYPE ipsecwatch_alerts_firing gauge\nipsecwatch_alerts_firing %zu\n",
	    alert_firing_count(e->alerts));
	engine_mprintf(&m, "# HELP ipsecwatch_deliveries_total Notifications "
	    "delivered or failed per receiver\n# TYPE ipsecwatch_deliveries_total "
	    "counter\n");
	for (i = 0; i < e->d->conf->n_receivers; i++) {
		if (spool_stats(e->spool, e->d->conf->receivers[i].name, &st) == -1)
			continue;
		engine_prom_label(l, sizeof l, e->d->conf->receivers[i].name);
		engine_mprintf(&m, "ipsecwatch_deliveries_total{receiver=\"%s\","
		    "result=\"ok\"} %llu\n", l, (unsigned long long)st.delivered);
		engine_mprintf(&m, "ipsecwatch_deliveries_total{receiver=\"%s\","
		    "result=\"failed\"} %llu\n", l, (unsigned long long)st.failed);
	}
	engine_mprintf(&m, "# HELP ipsecwatch_spool_depth Notifications waiting "
	    "per receiver\n# TYPE ipsecwatch_spool_depth gauge\n");
	for (i = 0; i < e->d->conf->n_receivers; i++) {
		if (spool_stats(e->spool, e->d->conf->receivers[i].name, &st) == -1)
			continue;
		engine_prom_label(l, sizeof l, e->d->conf->receivers[i].name);
		engine_mprintf(&m, "ipsecwatch_spool_depth{receiver=\"%s\"} %zu\n",
		    l, st.pending);
	}
	engine_mprintf(&m, "# HELP ipsecwatch_input_lines_total Lines read per "
	    "input\n# TYPE ipsecwatch_input_lines_total counter\n");
	for (i = 0; i < e->ninputs; i++) {
		engine_prom_label(l, sizeof l, e->inputs[i]->name);
		engine_mprintf(&m, "ipsecwatch_input_lines_total{input=\"%s\"} %llu\n",
		    l, (unsigned long long)e->inputs[i]->lines);
	}
	engine_mprintf(&m, "# HELP ipsecwatch_input_unrecognized_total IKE daemon "
	    "lines not understood per input\n# TYPE "
	    "ipsecwatch_input_unrecognized_total counter\n");
	for (i = 0; i < e->ninputs; i++) {
		engine_prom_label(l, sizeof l, e->inputs[i]->name);
		engine_mprintf(&m, "ipsecwatch_input_unrecognized_total{input=\"%s\"} "
		    "%llu\n", l, (unsigned long long)e->inputs[i]->unrecognized);
	}
	return (m.buf);
}

/* "metrics": the Prometheus text. */
int
engine_cmd_metrics(struct ctl_request *req, json_t *reply)
{
	char	*text;

	if (engine_ready(reply) == -1)
		return (-1);
	text = engine_metrics_text(engine_current);
	json_object_set_new(reply, "text", json_string(text));
	free(text);
	return (0);
}

/* GET /metrics on the HTTP listener (metrics.listen). */
void
engine_http_metrics(struct evhttp_request *req, void *arg)
{
	struct engine	*e = arg;
	struct evbuffer	*buf;
	char		*text;

	if (evhttp_request_get_command(req) != EVHTTP_REQ_GET &&
	    evhttp_request_get_command(req) != EVHTTP_REQ_HEAD) {
		evhttp_send_error(req, 405, "Method Not Allowed");
		return;
	}
	text = engine_metrics_text(e);
	buf = evbuffer_new();
	evbuffer_add(buf, text, strlen(text));
	free(text);
	evhttp_add_header(evhttp_request_get_output_headers(req), "Content-Type",
	    "text/plain; version=0.0.4; charset=utf-8");
	evhttp_send_reply(req, 200, "OK", buf);
	evbuffer_free(buf);
}

/* Anything but /metrics on the HTTP listener. */
void
engine_http_other(struct evhttp_request *req, void *arg)
{
	evhttp_send_error(req, 404, "Not Found (try /metrics)");
}

/*
 * Bind the metrics listener (privileged phase, so a low port works);
 * libevent's evhttp serves it from start on.
 */
int
engine_metrics_bind(struct engine *e, const char *listen_on, struct causes *c)
{
	struct sockaddr_storage	 ss;
	int			 len = sizeof ss, fd, one = 1;

	memset(&ss, 0, sizeof ss);
	if (evutil_parse_sockaddr_port(listen_on, (struct sockaddr *)&ss,
	    &len) == -1) {
		causes_add(c, "metrics.listen \"%s\": not host:port", listen_on);
		return (-1);
	}
	if ((fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0)) == -1) {
		causes_add(c, "metrics.listen: socket: %s", strerror(errno));
		return (-1);
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(fd, (struct sockaddr *)&ss, len) == -1 || listen(fd, 16) == -1) {
		causes_add(c, "metrics.listen %s: %s", listen_on, strerror(errno));
		close(fd);
		return (-1);
	}
	e->metrics_fd = fd;
	return (0);
}
