/*
 * plugin-email.c - the email receiver: an RFC 5322 message per
 * notification, submitted by libcurl SMTP through the host's multi engine.
 *
 * url smtp://host:port (STARTTLS per `starttls`: required (default),
 * optional, no) or smtps://host:port (TLS from the start); AUTH when a
 * username is set.  The message is UTF-8 text/plain, quoted-printable; a
 * non-ASCII Subject is an RFC 2047 encoded-word sequence.  Nothing from the
 * log (tunnel names, peer IDs) reaches a header unfiltered: every control
 * character becomes a space, and the Subject is cut and folded.
 */
#include "config.h"

#include <sys/types.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ipsecwatch-plugin.h"
#include "plugin-text.h"

#define EMAIL_SUBJECT_MAX	200	/* bytes of subject text before encoding */

struct email {
	const struct ipsecwatch_host	*host;
	char				*name;
	char				*url;
	char				*from;		/* header form, as configured */
	char				*mail_from;	/* envelope: <addr> */
	char				**to;		/* header forms */
	char				**rcpts;	/* envelope: <addr> */
	size_t				 n_to;
	enum ipsecwatch_starttls	 starttls;
	char				*username;
	char				*password;
	char				*ca_file;
	bool				 verify;
	int64_t				 timeout_ms;
};

static void	*email_init(const struct ipsecwatch_receiver *,
		    const struct ipsecwatch_host *, char **);
static int	 email_send(void *, const struct ipsecwatch_notification *,
		    ipsecwatch_done_fn, void *);
static void	 email_shutdown(void *);
static void	 email_free(struct email *);

const struct ipsecwatch_plugin_ops ipsecwatch_plugin = {
	.abi_version = IPSECWATCH_PLUGIN_ABI,
	.name = "email",
	.init = email_init,
	.send = email_send,
	.shutdown = email_shutdown,
};

/* An address setting must be one printable line. */
static bool
email_addr_ok(const char *s)
{
	const unsigned char	*p;

	if (s == NULL || *s == '\0' || strlen(s) > 320)
		return (false);
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return (false);
	}
	return (strchr(s, '@') != NULL);
}

/* The envelope form "<addr>" of "Name <addr>" or "addr". */
static char *
email_envelope(const char *s)
{
	const char	*l, *r;
	char		*e;

	if ((l = strrchr(s, '<')) != NULL && (r = strchr(l, '>')) != NULL) {
		if (asprintf(&e, "%.*s", (int)(r - l + 1), l) == -1)
			abort();
	} else if (asprintf(&e, "<%s>", s) == -1)
		abort();
	return (e);
}

/* Check the settings and create an instance. */
static void *
email_init(const struct ipsecwatch_receiver *rcv, const struct ipsecwatch_host *host,
    char **error)
{
	struct email	*m;
	size_t		 i;
	const char	*tls = rcv->starttls != NULL ? rcv->starttls : "required";

	if (rcv->url == NULL || (strncmp(rcv->url, "smtp://", 7) != 0 &&
	    strncmp(rcv->url, "smtps://", 8) != 0)) {
		*error = ptext_strdup("email: url must start with smtp:// or smtps://");
		return (NULL);
	}
	if (!email_addr_ok(rcv->from)) {
		*error = ptext_strdup("email: \"from\" must be one address line");
		return (NULL);
	}
	if (rcv->n_to == 0) {
		*error = ptext_strdup("email: \"to\" needs at least one address");
		return (NULL);
	}
	for (i = 0; i < rcv->n_to; i++) {
		if (!email_addr_ok(rcv->to[i])) {
			if (asprintf(error, "email: \"to\" address %zu is not one "
			    "address line", i + 1) == -1)
				abort();
			return (NULL);
		}
	}
	m = ptext_alloc(sizeof *m);
	if (strcmp(tls, "required") == 0)
		m->starttls = IPSECWATCH_STARTTLS_REQUIRED;
	else if (strcmp(tls, "optional") == 0)
		m->starttls = IPSECWATCH_STARTTLS_OPTIONAL;
	else if (strcmp(tls, "no") == 0)
		m->starttls = IPSECWATCH_STARTTLS_NO;
	else {
		*error = ptext_strdup("email: starttls must be required, optional or no");
		free(m);
		return (NULL);
	}
	m->host = host;
	m->name = ptext_strdup(rcv->name);
	m->url = ptext_strdup(rcv->url);
	m->from = ptext_strdup(rcv->from);
	m->mail_from = email_envelope(rcv->from);
	m->n_to = rcv->n_to;
	m->to = ptext_alloc(rcv->n_to * sizeof *m->to);
	m->rcpts = ptext_alloc(rcv->n_to * sizeof *m->rcpts);
	for (i = 0; i < rcv->n_to; i++) {
		m->to[i] = ptext_strdup(rcv->to[i]);
		m->rcpts[i] = email_envelope(rcv->to[i]);
	}
	if (rcv->username != NULL && *rcv->username != '\0') {
		m->username = ptext_strdup(rcv->username);
		m->password = ptext_strdup(rcv->password != NULL ? rcv->password : "");
	}
	m->ca_file = rcv->ca_file != NULL ? ptext_strdup(rcv->ca_file) : NULL;
	m->verify = rcv->tls_verify;
	m->timeout_ms = rcv->timeout_ms > 0 ? rcv->timeout_ms : 10000;
	return (m);
}

/* Cut a UTF-8 string to at most max bytes at a character boundary. */
static void
email_cut(char *s, size_t max)
{
	size_t	 len = strlen(s);

	if (len <= max)
		return;
	while (max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
		max--;
	s[max] = '\0';
}

/* Append "Subject: ..." folded, RFC 2047 B-encoded when not ASCII. */
static void
email_subject(struct ptext_buf *b, const char *text)
{
	static const char	 b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char	*p, *end, *chunk;
	size_t			 n, col, wlen;
	bool			 ascii = true;
	unsigned		 v;

	for (p = (const unsigned char *)text; *p != '\0'; p++) {
		if (*p >= 0x80)
			ascii = false;
	}
	ptext_puts(b, "Subject:");
	col = 8;
	if (ascii) {
		/* Fold at spaces before column 78. */
		p = (const unsigned char *)text;
		while (*p != '\0') {
			while (*p == ' ')
				p++;
			if (*p == '\0')
				break;
			for (end = p; *end != '\0' && *end != ' '; end++)
				;
			wlen = end - p;
			if (col + 1 + wlen > 78 && col > 8) {
				ptext_puts(b, "\r\n");
				col = 0;
			}
			ptext_puts(b, " ");
			ptext_add(b, (const char *)p, wlen);
			col += 1 + wlen;
			p = end;
		}
		ptext_puts(b, "\r\n");
		return;
	}
	/* Encoded words of at most 45 input bytes (60 base64 chars, 72 total),
	 * never splitting a UTF-8 character, one per folded line. */
	p = (const unsigned char *)text;
	end = p + strlen(text);
	while (p < end) {
		n = (size_t)(end - p) > 45 ? 45 : (size_t)(end - p);
		while (n > 0 && p + n < end && (p[n] & 0xc0) == 0x80)
			n--;
		chunk = p;
		ptext_puts(b, " =?UTF-8?B?");
		while (n > 0) {
			v = chunk[0] << 16;
			if (n > 1)
				v |= chunk[1] << 8;
			if (n > 2)
				v |= chunk[2];
			ptext_add(b, &b64[(v >> 18) & 63], 1);
			ptext_add(b, &b64[(v >> 12) & 63], 1);
			ptext_add(b, n > 1 ? &b64[(v >> 6) & 63] : "=", 1);
			ptext_add(b, n > 2 ? &b64[v & 63] : "=", 1);
			wlen = n > 3 ? 3 : n;
			chunk += wlen;
			n -= wlen;
		}
		ptext_puts(b, "?=");
		p = chunk;
		if (p < end)
			ptext_puts(b, "\r\n");
	}
	ptext_puts(b, "\r\n");
}

/* Append text quoted-printable with CRLF line ends (RFC 2045). */
static void
email_qp(struct ptext_buf *b, const char *text)
{
	static const char	 hex[] = "0123456789ABCDEF";
	const unsigned char	*p;
	size_t			 col = 0;
	char			 enc[4];
	bool			 literal;

	for (p = (const unsigned char *)text; *p != '\0'; p++) {
		if (*p == '\n') {
			ptext_puts(b, "\r\n");
			col = 0;
			continue;
		}
		/* Space and tab are literal unless they end a line. */
		literal = (*p >= 33 && *p <= 126 && *p != '=') ||
		    ((*p == ' ' || *p == '\t') && p[1] != '\n' && p[1] != '\0');
		if (literal) {
			enc[0] = (char)*p;
			enc[1] = '\0';
		} else {
			enc[0] = '=';
			enc[1] = hex[*p >> 4];
			enc[2] = hex[*p & 15];
			enc[3] = '\0';
		}
		if (col + strlen(enc) > 75) {
			ptext_puts(b, "=\r\n");
			col = 0;
		}
		ptext_puts(b, enc);
		col += strlen(enc);
	}
	if (col > 0)
		ptext_puts(b, "\r\n");
}

/* A host name usable in a Message-ID. */
static const char *
email_idhost(const char *h)
{
	const char	*p;

	if (*h == '\0')
		return ("localhost");
	for (p = h; *p != '\0'; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '.' || *p == '-'))
			return ("localhost");
	}
	return (h);
}

/* Build the whole message. */
static char *
email_message(struct email *m, const struct ipsecwatch_notification *n)
{
	struct ptext_buf	 b;
	struct tm		 tm;
	time_t			 now;
	char			 date[64], *subject, *body;
	size_t			 i;

	now = time(NULL);
	localtime_r(&now, &tm);
	strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S %z", &tm);
	ptext_init(&b);
	ptext_printf(&b, "Date: %s\r\n", date);
	/* Derived from the notification id: stable across retries, so a mail
	 * sent twice (acknowledgement lost) is recognizable as the same. */
	ptext_printf(&b, "Message-ID: <ipsecwatch.%s.%s@%s>\r\n",
	    email_idhost(n->id), email_idhost(n->receiver), email_idhost(n->host));
	ptext_printf(&b, "From: %s\r\n", m->from);
	ptext_puts(&b, "To: ");
	for (i = 0; i < m->n_to; i++)
		ptext_printf(&b, "%s%s", i > 0 ? ",\r\n " : "", m->to[i]);
	ptext_puts(&b, "\r\n");
	subject = ptext_subject(n);	/* controls already replaced */
	email_cut(subject, EMAIL_SUBJECT_MAX);
	email_subject(&b, subject);
	free(subject);
	ptext_puts(&b, "MIME-Version: 1.0\r\n");
	ptext_puts(&b, "Content-Type: text/plain; charset=UTF-8\r\n");
	ptext_puts(&b, "Content-Transfer-Encoding: quoted-printable\r\n");
	ptext_puts(&b, "Auto-Submitted: auto-generated\r\n");
	ptext_printf(&b, "X-Ipsecwatch-Status: %s\r\n",
	    strcmp(n->status, "resolved") == 0 ? "resolved" : "firing");
	ptext_puts(&b, "\r\n");
	body = ptext_body(n);
	email_qp(&b, body);
	free(body);
	return (ptext_take(&b));
}

/* Submit the notification as a mail. */
static int
email_send(void *inst, const struct ipsecwatch_notification *n,
    ipsecwatch_done_fn done, void *arg)
{
	struct email			*m = inst;
	struct ipsecwatch_smtp_request	 req;
	char				*msg;
	int				 rc;

	msg = email_message(m, n);
	memset(&req, 0, sizeof req);
	req.url = m->url;
	req.from = m->mail_from;
	req.rcpts = (const char **)m->rcpts;
	req.n_rcpts = m->n_to;
	req.message = msg;
	req.message_len = strlen(msg);
	req.starttls = m->starttls;
	req.username = m->username;
	req.password = m->password;
	req.timeout_ms = m->timeout_ms;
	req.ca_file = m->ca_file;
	req.verify = m->verify;
	rc = m->host->smtp_send(&req, done, arg);
	free(msg);
	return (rc);
}

/* Free an instance. */
static void
email_free(struct email *m)
{
	size_t	 i;

	for (i = 0; i < m->n_to; i++) {
		free(m->to[i]);
		free(m->rcpts[i]);
	}
	free(m->to);
	free(m->rcpts);
	free(m->name);
	free(m->url);
	free(m->from);
	free(m->mail_from);
	free(m->username);
	if (m->password != NULL) {
		explicit_bzero(m->password, strlen(m->password));
		free(m->password);
	}
	free(m->ca_file);
	free(m);
}

/* Shut the instance down. */
static void
email_shutdown(void *inst)
{
	email_free(inst);
}
