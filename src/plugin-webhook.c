/*
 * plugin-webhook.c - the webhook receiver: an HTTP(S) POST per
 * notification through the host's libcurl multi engine.
 *
 * Formats:
 *   json          the generic document (contrib/webhook-schema.json)
 *   chat          {"text": "..."} for Slack / Mattermost incoming webhooks
 *   alertmanager  Alertmanager API v2: POST <url>/api/v2/alerts with an array
 *                 of {labels, annotations, startsAt, endsAt}; endsAt is set
 *                 for resolved alerts, so Alertmanager resolves them at once.
 * Any 2xx answer acknowledges; everything else is retried by the spool.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "ipsecwatch-plugin.h"
#include "plugin-text.h"

enum webhook_format {
	WEBHOOK_JSON = 0,
	WEBHOOK_CHAT,
	WEBHOOK_ALERTMANAGER,
};

struct webhook {
	const struct ipsecwatch_host	*host;
	enum webhook_format		 format;
	char				*url;
	char				**headers;	/* all headers we send */
	size_t				 n_headers;
	int64_t				 timeout_ms;
	char				*ca_file;
	bool				 verify;
	char				*name;
};

static void	*webhook_init(const struct ipsecwatch_receiver *,
		    const struct ipsecwatch_host *, char **);
static int	 webhook_send(void *, const struct ipsecwatch_notification *,
		    ipsecwatch_done_fn, void *);
static void	 webhook_shutdown(void *);
static char	*webhook_chat(const struct ipsecwatch_notification *);
static char	*webhook_alertmanager(const struct ipsecwatch_notification *);
static void	 webhook_free(struct webhook *);

const struct ipsecwatch_plugin_ops ipsecwatch_plugin = {
	.abi_version = IPSECWATCH_PLUGIN_ABI,
	.name = "webhook",
	.init = webhook_init,
	.send = webhook_send,
	.shutdown = webhook_shutdown,
};

/* Whether a header line is one line. */
static bool
webhook_header_ok(const char *h)
{
	const unsigned char	*p;

	for (p = (const unsigned char *)h; *p != '\0'; p++) {
		if ((*p < 0x20 && *p != '\t') || *p == 0x7f)
			return (false);
	}
	return (strchr(h, ':') != NULL);
}

/* Add a header to the instance. */
static void
webhook_add_header(struct webhook *w, const char *h)
{
	char	**nh;

	nh = realloc(w->headers, (w->n_headers + 1) * sizeof *nh);
	if (nh == NULL)
		abort();
	w->headers = nh;
	w->headers[w->n_headers++] = ptext_strdup(h);
}

/* Check the settings and create an instance. */
static void *
webhook_init(const struct ipsecwatch_receiver *rcv, const struct ipsecwatch_host *host,
    char **error)
{
	struct webhook	*w;
	const char	*fmt = rcv->format != NULL ? rcv->format : "json";
	char		*h;
	size_t		 i, len;

	if (rcv->url == NULL || (strncmp(rcv->url, "http://", 7) != 0 &&
	    strncmp(rcv->url, "https://", 8) != 0)) {
		*error = ptext_strdup("webhook: url must start with http:// or https://");
		return (NULL);
	}
	w = ptext_alloc(sizeof *w);
	w->host = host;
	w->name = ptext_strdup(rcv->name);
	if (strcmp(fmt, "json") == 0)
		w->format = WEBHOOK_JSON;
	else if (strcmp(fmt, "chat") == 0)
		w->format = WEBHOOK_CHAT;
	else if (strcmp(fmt, "alertmanager") == 0)
		w->format = WEBHOOK_ALERTMANAGER;
	else {
		*error = ptext_strdup("webhook: format must be json, chat or alertmanager");
		webhook_free(w);
		return (NULL);
	}
	len = strlen(rcv->url);
	if (w->format == WEBHOOK_ALERTMANAGER && strstr(rcv->url, "/api/v2/alerts") == NULL) {
		/* A base URL: append the API path. */
		while (len > 0 && rcv->url[len - 1] == '/')
			len--;
		if (asprintf(&w->url, "%.*s/api/v2/alerts", (int)len, rcv->url) == -1)
			abort();
	} else
		w->url = ptext_strdup(rcv->url);
	webhook_add_header(w, "Content-Type: application/json; charset=utf-8");
	for (i = 0; i < rcv->n_headers; i++) {
		if (!webhook_header_ok(rcv->headers[i])) {
			if (asprintf(error, "webhook: header %zu is not one "
			    "\"Name: value\" line", i + 1) == -1)
				abort();
			webhook_free(w);
			return (NULL);
		}
		webhook_add_header(w, rcv->headers[i]);
	}
	if (rcv->token != NULL && *rcv->token != '\0') {
		if (asprintf(&h, "Authorization: Bearer %s", rcv->token) == -1)
			abort();
		if (!webhook_header_ok(h)) {
			explicit_bzero(h, strlen(h));
			free(h);
			*error = ptext_strdup("webhook: token contains control characters");
			webhook_free(w);
			return (NULL);
		}
		webhook_add_header(w, h);
		explicit_bzero(h, strlen(h));
		free(h);
	}
	w->timeout_ms = rcv->timeout_ms > 0 ? rcv->timeout_ms : 10000;
	w->ca_file = rcv->ca_file != NULL ? ptext_strdup(rcv->ca_file) : NULL;
	w->verify = rcv->tls_verify;
	return (w);
}

/* The chat payload: {"text": ...}. */
static char *
webhook_chat(const struct ipsecwatch_notification *n)
{
	json_t	*o;
	char	*subject, *body, *text, *s;
	size_t	 len;

	subject = ptext_subject(n);
	body = ptext_body(n);
	/* Chat systems cut long messages; keep the start (the alerts). */
	len = strlen(body);
	if (len > 3500) {
		len = 3500;
		while (len > 0 && ((unsigned char)body[len] & 0xc0) == 0x80)
			len--;
	}
	if (asprintf(&text, "*%s*\n```\n%.*s%s```", subject, (int)len, body,
	    len < strlen(body) ? "\n[...]\n" : "") == -1)
		abort();
	o = json_object();
	json_object_set_new(o, "text", json_string(text));
	s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	free(subject);
	free(body);
	free(text);
	return (s);
}

/* Set a label when the value is not empty. */
static void
webhook_label(json_t *labels, const char *name, const char *value)
{
	if (value != NULL && *value != '\0')
		json_object_set_new(labels, name, json_string(value));
}

/* The Alertmanager API v2 payload: an array of postable alerts. */
static char *
webhook_alertmanager(const struct ipsecwatch_notification *n)
{
	const struct ipsecwatch_alert	*a;
	json_t				*arr, *o, *labels, *ann;
	char				 t[40], *desc, *s;
	size_t				 i;

	arr = json_array();
	for (i = 0; i < n->n_alerts; i++) {
		a = &n->alerts[i];
		labels = json_object();
		webhook_label(labels, "alertname", a->kind);
		webhook_label(labels, "tunnel", a->tunnel);
		webhook_label(labels, "severity", a->severity);
		webhook_label(labels, "instance", n->host);
		webhook_label(labels, "error", a->error);
		webhook_label(labels, "peer", a->peer);
		webhook_label(labels, "job", "ipsecwatch");
		ann = json_object();
		webhook_label(ann, "summary", a->summary);
		if (asprintf(&desc, "%s%s%s", a->title, *a->title != '\0' &&
		    *a->meaning != '\0' ? "\n" : "", a->meaning) == -1)
			abort();
		webhook_label(ann, "description", desc);
		free(desc);
		webhook_label(ann, "checks", a->checks);
		webhook_label(ann, "diagnostics", a->diagnostics);
		o = json_object();
		json_object_set_new(o, "labels", labels);
		json_object_set_new(o, "annotations", ann);
		ptext_rfc3339(a->started_us, t, sizeof t);
		json_object_set_new(o, "startsAt", json_string(t));
		if (a->resolved_us > 0) {
			ptext_rfc3339(a->resolved_us, t, sizeof t);
			json_object_set_new(o, "endsAt", json_string(t));
		}
		json_array_append_new(arr, o);
	}
	s = json_dumps(arr, JSON_COMPACT);
	json_decref(arr);
	return (s);
}

/* POST the notification. */
static int
webhook_send(void *inst, const struct ipsecwatch_notification *n,
    ipsecwatch_done_fn done, void *arg)
{
	struct webhook			*w = inst;
	struct ipsecwatch_http_request	 req;
	char				*body;
	int				 rc;

	switch (w->format) {
	case WEBHOOK_CHAT:
		body = webhook_chat(n);
		break;
	case WEBHOOK_ALERTMANAGER:
		body = webhook_alertmanager(n);
		break;
	default:
		body = w->host->notification_json(n);
		break;
	}
	if (body == NULL) {
		w->host->log(IPSECWATCH_LOG_WARNING, "receiver %s: cannot build the "
		    "payload of %s", w->name, n->id);
		return (-1);
	}
	memset(&req, 0, sizeof req);
	req.url = w->url;
	req.headers = (const char **)w->headers;
	req.n_headers = w->n_headers;
	req.body = body;
	req.body_len = strlen(body);
	req.timeout_ms = w->timeout_ms;
	req.ca_file = w->ca_file;
	req.verify = w->verify;
	/* The host copies the body and headers: they outlive the transfer. */
	rc = w->host->http_post(&req, done, arg);
	free(body);
	return (rc);
}

/* Free an instance. */
static void
webhook_free(struct webhook *w)
{
	size_t	 i;

	for (i = 0; i < w->n_headers; i++) {
		explicit_bzero(w->headers[i], strlen(w->headers[i]));
		free(w->headers[i]);
	}
	free(w->headers);
	free(w->url);
	free(w->ca_file);
	free(w->name);
	free(w);
}

/* Shut the instance down. */
static void
webhook_shutdown(void *inst)
{
	webhook_free(inst);
}
