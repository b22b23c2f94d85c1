/*
 * xfer.c - one CURLM for the whole daemon, bridged to libevent the way
 * curl's docs/examples/multi-event.c does (style.md section 3).
 *
 * libcurl tells us which sockets to watch (socket callback) and when to
 * call it back (timer callback); we never call libcurl from inside those
 * callbacks, only from libevent callbacks (socket ready, timer fired) and
 * from normal loop context (adding a job).  Completions are drained after
 * each curl_multi_socket_action and reported to the job's owner.
 */
#include "config.h"

#include <sys/queue.h>

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <event2/event.h>
#include <event2/event_struct.h>

#include "log.h"
#include "xfer.h"
#include "xmalloc.h"

struct xfer_job {
	CURL			*easy;
	struct curl_slist	*headers;	/* HTTP headers; owned (must outlive the transfer) */
	struct curl_slist	*rcpts;		/* SMTP recipients; owned */
	char			*body;		/* POST body or mail; owned */
	size_t			 len;
	size_t			 off;		/* mail read position */
	char			*password;	/* wiped on free */
	bool			 http;		/* 4xx/5xx count as failures */
	char			 errbuf[CURL_ERROR_SIZE];
	ipsecwatch_done_fn	 done;
	void			*arg;
	TAILQ_ENTRY(xfer_job)	 entry;
};
TAILQ_HEAD(xfer_jobs, xfer_job);

/* Per-socket context, bound to the socket with curl_multi_assign. */
struct xfer_sock {
	curl_socket_t		 fd;
	struct event		 ev;
	bool			 added;
};

static struct event_base	*xfer_base;
static CURLM			*xfer_multi;
static struct event		 xfer_timer;	/* curl's single, non-repeating timer */
static bool			 xfer_timer_ready;
static struct xfer_jobs		 xfer_jobs = TAILQ_HEAD_INITIALIZER(xfer_jobs);
static size_t			 xfer_count;

static void	xfer_multi_create(void);
static int	xfer_socket_cb(CURL *, curl_socket_t, int, void *, void *);
static int	xfer_timer_cb(CURLM *, long, void *);
static void	xfer_event_cb(evutil_socket_t, short, void *);
static void	xfer_timeout_cb(evutil_socket_t, short, void *);
static void	xfer_action(curl_socket_t, int);
static void	xfer_drain(void);
static void	xfer_finish(struct xfer_job *, int, long, const char *);
static void	xfer_fail_all(const char *);
static struct xfer_job *xfer_job_new(ipsecwatch_done_fn, void *, int64_t, const char *,
		    bool);
static int	xfer_job_start(struct xfer_job *);
static size_t	xfer_read_cb(char *, size_t, size_t, void *);
static size_t	xfer_discard_cb(char *, size_t, size_t, void *);
static bool	xfer_safe_header(const char *);
static void	xfer_job_tls(struct xfer_job *, const char *, bool);

/* Initialise libcurl globally; call before any other curl use. */
void
xfer_global_init(void)
{
	if (curl_global_init(CURL_GLOBAL_ALL) != 0)
		fatalx("curl_global_init failed");
}

/* Release libcurl's global state; nothing may use curl afterwards. */
void
xfer_global_cleanup(void)
{
	curl_global_cleanup();
}

/* Create the multi handle and curl's timer on a base. */
void
xfer_init(struct event_base *base)
{
	curl_version_info_data	*v;

	xfer_base = base;
	v = curl_version_info(CURLVERSION_NOW);
	/* Without an asynchronous resolver a DNS lookup blocks the whole loop. */
	if ((v->features & CURL_VERSION_ASYNCHDNS) == 0)
		log_warnx("libcurl %s has no asynchronous DNS resolver: name "
		    "lookups for receivers will block the daemon; use IP "
		    "addresses in receiver URLs", v->version);
	else
		log_debug("libcurl %s with asynchronous DNS", v->version);
	evtimer_assign(&xfer_timer, base, xfer_timeout_cb, NULL);
	xfer_timer_ready = true;
	xfer_multi_create();
}

/* Make a fresh multi handle with our callbacks. */
static void
xfer_multi_create(void)
{
	if ((xfer_multi = curl_multi_init()) == NULL)
		fatalx("curl_multi_init failed");
	curl_multi_setopt(xfer_multi, CURLMOPT_SOCKETFUNCTION, xfer_socket_cb);
	curl_multi_setopt(xfer_multi, CURLMOPT_SOCKETDATA, NULL);
	curl_multi_setopt(xfer_multi, CURLMOPT_TIMERFUNCTION, xfer_timer_cb);
	curl_multi_setopt(xfer_multi, CURLMOPT_TIMERDATA, NULL);
}

/* Fail what is pending and clean up; the base must still exist. */
void
xfer_shutdown(void)
{
	if (xfer_multi == NULL)
		return;
	xfer_fail_all("shutting down");
	/* The socket callback may run (REMOVE) during cleanup: base still alive. */
	curl_multi_cleanup(xfer_multi);
	xfer_multi = NULL;
	if (xfer_timer_ready) {
		evtimer_del(&xfer_timer);
		xfer_timer_ready = false;
	}
	xfer_base = NULL;
}

/* Number of transfers in flight. */
size_t
xfer_active(void)
{
	return (xfer_count);
}

/*
 * libcurl's socket callback: watch, re-watch or forget a socket.  Never
 * calls back into libcurl except curl_multi_assign, which is allowed here.
 */
static int
xfer_socket_cb(CURL *easy, curl_socket_t s, int what, void *userp, void *socketp)
{
	struct xfer_sock	*xs = socketp;
	short			 kind;

	if (what == CURL_POLL_REMOVE) {
		if (xs != NULL) {
			/* The fd may already be closed (curl/curl#3597): EBADF is harmless. */
			if (xs->added && event_del(&xs->ev) == -1 && errno != EBADF)
				log_debug("%s: event_del fd %d failed", __func__, (int)s);
			free(xs);
			curl_multi_assign(xfer_multi, s, NULL);
		}
		return (0);
	}
	if (xs == NULL) {
		/* Sockets may belong to curl itself (resolver): no job lookup. */
		xs = xcalloc(1, sizeof *xs);
		xs->fd = s;
		curl_multi_assign(xfer_multi, s, xs);
	}
	kind = EV_PERSIST;
	if (what == CURL_POLL_IN || what == CURL_POLL_INOUT)
		kind |= EV_READ;
	if (what == CURL_POLL_OUT || what == CURL_POLL_INOUT)
		kind |= EV_WRITE;
	if (xs->added)
		event_del(&xs->ev);
	event_assign(&xs->ev, xfer_base, s, kind, xfer_event_cb, xs);
	event_add(&xs->ev, NULL);
	xs->added = true;
	return (0);
}

/* libcurl's timer callback: replace the single timer; -1 deletes it. */
static int
xfer_timer_cb(CURLM *multi, long timeout_ms, void *userp)
{
	struct timeval	 tv;

	evtimer_del(&xfer_timer);
	if (timeout_ms == -1)
		return (0);
	/* 0 means "on the next loop pass", never a direct call from here. */
	tv.tv_sec = timeout_ms / 1000;
	tv.tv_usec = (timeout_ms % 1000) * 1000;
	evtimer_add(&xfer_timer, &tv);
	return (0);
}

/* A watched socket is ready. */
static void
xfer_event_cb(evutil_socket_t fd, short what, void *arg)
{
	int	 flags = 0;

	if (what & EV_READ)
		flags |= CURL_CSELECT_IN;
	if (what & EV_WRITE)
		flags |= CURL_CSELECT_OUT;
	xfer_action(fd, flags);
}

/* curl's timer fired. */
static void
xfer_timeout_cb(evutil_socket_t fd, short what, void *arg)
{
	xfer_action(CURL_SOCKET_TIMEOUT, 0);
}

/* Let libcurl work on a socket or its timeout, then report completions. */
static void
xfer_action(curl_socket_t s, int flags)
{
	CURLMcode	 rc;
	int		 running;

	if (xfer_multi == NULL)
		return;
	rc = curl_multi_socket_action(xfer_multi, s, flags, &running);
	if (rc != CURLM_OK) {
		/* The multi's transfers cannot be continued: fail them, rebuild. */
		log_warnx("curl_multi_socket_action: %s; restarting transfers",
		    curl_multi_strerror(rc));
		xfer_fail_all(curl_multi_strerror(rc));
		curl_multi_cleanup(xfer_multi);
		evtimer_del(&xfer_timer);
		xfer_multi_create();
		return;
	}
	xfer_drain();
}

/* Report every finished transfer. */
static void
xfer_drain(void)
{
	CURLMsg		*msg;
	CURL		*easy;
	CURLcode	 result;
	struct xfer_job	*job;
	long		 code;
	int		 left;
	char		 reason[CURL_ERROR_SIZE + 64];

	while ((msg = curl_multi_info_read(xfer_multi, &left)) != NULL) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		/* msg does not survive remove_handle: copy first. */
		easy = msg->easy_handle;
		result = msg->data.result;
		job = NULL;
		curl_easy_getinfo(easy, CURLINFO_PRIVATE, (char **)&job);
		code = 0;
		curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &code);
		if (job == NULL) {
			curl_multi_remove_handle(xfer_multi, easy);
			curl_easy_cleanup(easy);
			continue;
		}
		if (result != CURLE_OK) {
			snprintf(reason, sizeof reason, "%s%s%s",
			    curl_easy_strerror(result),
			    job->errbuf[0] != '\0' ? ": " : "", job->errbuf);
			xfer_finish(job, 0, code, reason);
		} else if (job->http && (code < 200 || code > 299)) {
			/* An HTTP error status is not a CURLcode error. */
			snprintf(reason, sizeof reason, "HTTP status %ld", code);
			xfer_finish(job, 0, code, reason);
		} else
			xfer_finish(job, 1, code, job->http ? "HTTP ok" : "accepted");
	}
}

/* Remove a job's handle, free it and report its result. */
static void
xfer_finish(struct xfer_job *job, int ok, long code, const char *reason)
{
	ipsecwatch_done_fn	 done = job->done;
	void			*arg = job->arg;
	char			*why;

	why = xstrdup(reason);
	TAILQ_REMOVE(&xfer_jobs, job, entry);
	xfer_count--;
	if (xfer_multi != NULL)
		curl_multi_remove_handle(xfer_multi, job->easy);
	curl_easy_cleanup(job->easy);
	curl_slist_free_all(job->headers);
	curl_slist_free_all(job->rcpts);
	if (job->body != NULL) {
		explicit_bzero(job->body, job->len);
		free(job->body);
	}
	if (job->password != NULL)
		freezero_str(job->password);
	free(job);
	done(arg, ok, code, why);
	free(why);
}

/* Fail every job (the multi is going away). */
static void
xfer_fail_all(const char *why)
{
	struct xfer_job	*job;

	while ((job = TAILQ_FIRST(&xfer_jobs)) != NULL)
		xfer_finish(job, 0, 0, why);
}

/* A header value must not carry line breaks or other controls. */
static bool
xfer_safe_header(const char *h)
{
	const unsigned char	*p;

	for (p = (const unsigned char *)h; *p != '\0'; p++) {
		if (*p < 0x20 && *p != '\t')
			return (false);
		if (*p == 0x7f)
			return (false);
	}
	return (strchr(h, ':') != NULL);
}

/* Common setup of a job's easy handle. */
static struct xfer_job *
xfer_job_new(ipsecwatch_done_fn done, void *arg, int64_t timeout_ms, const char *url,
    bool http)
{
	struct xfer_job	*job;

	if (xfer_multi == NULL) {
		log_warnx("transfer to %s refused: transfer engine not running", url);
		return (NULL);
	}
	job = xcalloc(1, sizeof *job);
	if ((job->easy = curl_easy_init()) == NULL)
		fatalx("curl_easy_init failed");
	job->done = done;
	job->arg = arg;
	job->http = http;
	if (timeout_ms <= 0)
		timeout_ms = 10000;
	curl_easy_setopt(job->easy, CURLOPT_PRIVATE, job);
	/* We own the signals; libcurl must not touch them (SIGPIPE is ignored
	 * by the daemon). */
	curl_easy_setopt(job->easy, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(job->easy, CURLOPT_TIMEOUT_MS, (long)timeout_ms);
	curl_easy_setopt(job->easy, CURLOPT_CONNECTTIMEOUT_MS, (long)timeout_ms);
	curl_easy_setopt(job->easy, CURLOPT_ERRORBUFFER, job->errbuf);
	curl_easy_setopt(job->easy, CURLOPT_URL, url);
	curl_easy_setopt(job->easy, CURLOPT_USERAGENT, PACKAGE_NAME "/" PACKAGE_VERSION);
	return (job);
}

/* Set TLS options. */
static void
xfer_job_tls(struct xfer_job *job, const char *ca_file, bool verify)
{
	if (ca_file != NULL && *ca_file != '\0')
		curl_easy_setopt(job->easy, CURLOPT_CAINFO, ca_file);
	curl_easy_setopt(job->easy, CURLOPT_SSL_VERIFYPEER, verify ? 1L : 0L);
	curl_easy_setopt(job->easy, CURLOPT_SSL_VERIFYHOST, verify ? 2L : 0L);
}

/* Hand a prepared job to the multi handle. */
static int
xfer_job_start(struct xfer_job *job)
{
	CURLMcode	 rc;

	TAILQ_INSERT_TAIL(&xfer_jobs, job, entry);
	xfer_count++;
	/* libcurl answers with a 0 ms timer that starts the transfer. */
	if ((rc = curl_multi_add_handle(xfer_multi, job->easy)) != CURLM_OK) {
		log_warnx("curl_multi_add_handle: %s", curl_multi_strerror(rc));
		TAILQ_REMOVE(&xfer_jobs, job, entry);
		xfer_count--;
		curl_easy_cleanup(job->easy);
		curl_slist_free_all(job->headers);
		curl_slist_free_all(job->rcpts);
		free(job->body);
		if (job->password != NULL)
			freezero_str(job->password);
		free(job);
		return (-1);
	}
	return (0);
}

/* Queue an HTTP(S) POST. */
int
xfer_http_post(const struct ipsecwatch_http_request *req, ipsecwatch_done_fn done,
    void *arg)
{
	struct xfer_job	*job;
	size_t		 i;

	for (i = 0; i < req->n_headers; i++) {
		if (!xfer_safe_header(req->headers[i])) {
			log_warnx("POST to %s refused: bad header", req->url);
			return (-1);
		}
	}
	if ((job = xfer_job_new(done, arg, req->timeout_ms, req->url, true)) == NULL)
		return (-1);
	for (i = 0; i < req->n_headers; i++)
		job->headers = curl_slist_append(job->headers, req->headers[i]);
	/* No "Expect: 100-continue" round trip. */
	job->headers = curl_slist_append(job->headers, "Expect:");
	job->body = xmalloc(req->body_len + 1);
	memcpy(job->body, req->body, req->body_len);
	job->body[req->body_len] = '\0';
	job->len = req->body_len;
	curl_easy_setopt(job->easy, CURLOPT_HTTPHEADER, job->headers);
	curl_easy_setopt(job->easy, CURLOPT_POST, 1L);
	curl_easy_setopt(job->easy, CURLOPT_POSTFIELDS, job->body);
	curl_easy_setopt(job->easy, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)job->len);
	curl_easy_setopt(job->easy, CURLOPT_WRITEFUNCTION, xfer_discard_cb);
	curl_easy_setopt(job->easy, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(job->easy, CURLOPT_FOLLOWLOCATION, 0L);
	xfer_job_tls(job, req->ca_file, req->verify);
	return (xfer_job_start(job));
}

/* Queue an SMTP submission. */
int
xfer_smtp_send(const struct ipsecwatch_smtp_request *req, ipsecwatch_done_fn done,
    void *arg)
{
	struct xfer_job	*job;
	size_t		 i;
	long		 ssl;

	if (req->n_rcpts == 0) {
		log_warnx("mail to %s refused: no recipients", req->url);
		return (-1);
	}
	if ((job = xfer_job_new(done, arg, req->timeout_ms, req->url, false)) == NULL)
		return (-1);
	for (i = 0; i < req->n_rcpts; i++)
		job->rcpts = curl_slist_append(job->rcpts, req->rcpts[i]);
	job->body = xmalloc(req->message_len + 1);
	memcpy(job->body, req->message, req->message_len);
	job->len = req->message_len;
	curl_easy_setopt(job->easy, CURLOPT_MAIL_FROM, req->from);
	curl_easy_setopt(job->easy, CURLOPT_MAIL_RCPT, job->rcpts);
	curl_easy_setopt(job->easy, CURLOPT_READFUNCTION, xfer_read_cb);
	curl_easy_setopt(job->easy, CURLOPT_READDATA, job);
	curl_easy_setopt(job->easy, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(job->easy, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	switch (req->starttls) {
	case IPSECWATCH_STARTTLS_REQUIRED:
		ssl = CURLUSESSL_ALL;
		break;
	case IPSECWATCH_STARTTLS_OPTIONAL:
		ssl = CURLUSESSL_TRY;
		break;
	default:
		ssl = CURLUSESSL_NONE;
		break;
	}
	/* smtps:// is TLS from the first byte whatever USE_SSL says. */
	curl_easy_setopt(job->easy, CURLOPT_USE_SSL, ssl);
	if (req->username != NULL && *req->username != '\0') {
		curl_easy_setopt(job->easy, CURLOPT_USERNAME, req->username);
		job->password = xstrdup(req->password != NULL ? req->password : "");
		curl_easy_setopt(job->easy, CURLOPT_PASSWORD, job->password);
	}
	xfer_job_tls(job, req->ca_file, req->verify);
	return (xfer_job_start(job));
}

/* Stream the mail from the job's buffer. */
static size_t
xfer_read_cb(char *buf, size_t size, size_t nitems, void *arg)
{
	struct xfer_job	*job = arg;
	size_t		 n = size * nitems;

	if (n > job->len - job->off)
		n = job->len - job->off;
	memcpy(buf, job->body + job->off, n);
	job->off += n;
	return (n);
}

/* Ignore a response body. */
static size_t
xfer_discard_cb(char *buf, size_t size, size_t nitems, void *arg)
{
	return (size * nitems);
}
