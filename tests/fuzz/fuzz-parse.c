/*
 * fuzz-parse.c - libFuzzer target for the log-line parser.
 *
 * The input is split in two: the first byte chooses how the rest is fed
 * (as a series of syslog lines through one parse context, so that the
 * year inference and the duplicate window see sequences; as one journal
 * entry whose fields are cut out of the bytes; or as a bare message body of
 * either daemon).  Nothing here checks results: the sanitizers (ASan, UBSan,
 * LeakSanitizer) are the oracle.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ipsecwatch.h"
#include "parse.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void	fuzz_lines(struct parse_ctx *, const char *, size_t);
static void	fuzz_journal(struct parse_ctx *, const char *, size_t);
static void	touch_event(const struct iw_event *);

/*
 * Read every byte of an event the parser produced, so that a message
 * pointer outside the input or an unterminated string is caught.
 */
static void
touch_event(const struct iw_event *ev)
{
	volatile size_t	 sum = 0;
	size_t		 i;

	sum += strnlen(ev->conn, sizeof ev->conn) + strnlen(ev->peer,
	    sizeof ev->peer) + strnlen(ev->error, sizeof ev->error);
	if (ev->msg != NULL) {
		for (i = 0; i < ev->msg_len; i++)
			sum += (unsigned char)ev->msg[i];
	}
	sum += strlen(iw_event_kind_name(ev->kind));
	(void)sum;
}

/* Feed the bytes as newline-separated syslog lines. */
static void
fuzz_lines(struct parse_ctx *ctx, const char *p, size_t len)
{
	const char		*end = p + len, *nl;
	struct iw_event		 ev;
	struct parse_envelope	 env;
	char			*copy;
	size_t			 l;

	while (p < end) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		l = (size_t)(nl - p);
		/* A private copy of exactly l bytes: reads past it are caught. */
		if ((copy = malloc(l ? l : 1)) == NULL)
			abort();
		memcpy(copy, p, l);
		memset(&ev, 0, sizeof ev);
		if (parse_line(ctx, copy, l, &ev) == PARSE_EVENT)
			touch_event(&ev);
		if (parse_envelope(ctx, copy, l, &env) == 0 &&
		    env.prog != NULL)
			(void)parse_is_ipsec_prog(env.prog, env.prog_len);
		free(copy);
		p = nl + 1;
	}
}

/* Cut journal fields out of the bytes (separated by NUL) and parse them. */
static void
fuzz_journal(struct parse_ctx *ctx, const char *p, size_t len)
{
	struct parse_journal_fields	 f;
	struct iw_event			 ev;
	const char			*field[8], *end = p + len, *z;
	size_t				 flen[8];
	char				*copy;
	int				 i, n = 0;

	if ((copy = malloc(len ? len : 1)) == NULL)
		abort();
	memcpy(copy, p, len);
	p = copy;
	end = copy + len;
	for (i = 0; i < 8; i++) {
		field[i] = NULL;
		flen[i] = 0;
	}
	while (n < 8 && p <= end) {
		if ((z = memchr(p, '\0', (size_t)(end - p))) == NULL)
			z = end;
		field[n] = p;
		flen[n] = (size_t)(z - p);
		n++;
		p = z + 1;
	}
	memset(&f, 0, sizeof f);
	f.message = field[0];		f.message_len = flen[0];
	f.identifier = field[1];	f.identifier_len = flen[1];
	f.ike_sa_name = field[2];	f.ike_sa_name_len = flen[2];
	f.ike_sa_uid = field[3];	f.ike_sa_uid_len = flen[3];
	f.group = field[4];		f.group_len = flen[4];
	f.level = field[5];		f.level_len = flen[5];
	f.pid = len > 3 ? (uint32_t)(unsigned char)copy[len - 1] * 1000u : 0;
	f.ts_us = len > 2 ? (int64_t)(unsigned char)copy[len - 2] *
	    86400000000LL : 0;
	memset(&ev, 0, sizeof ev);
	if (parse_journal(ctx, &f, &ev) == PARSE_EVENT)
		touch_event(&ev);
	free(copy);
}

/* libFuzzer entry point: one input, fed in the mode its first byte picks. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct parse_ctx	*ctx;
	struct parse_ctx	*fresh;
	struct iw_event		 ev;
	const char		*p;
	char			*copy;
	size_t			 len;

	if (size < 1)
		return (0);
	p = (const char *)data + 1;
	len = size - 1;

	/* One long-lived context (like the daemon), one fresh per input. */
	if (ctx == NULL)
		ctx = parse_ctx_new(1798761600, NULL);	/* 2027-01-01 */
	if ((fresh = parse_ctx_new(1795000000, NULL)) == NULL)
		abort();
	if (data[0] & 0x10)
		parse_ctx_set_year(fresh, 2026);

	switch (data[0] & 0x03) {
	case 0:
		fuzz_lines(fresh, p, len);
		fuzz_lines(ctx, p, len);
		break;
	case 1:
		fuzz_journal(fresh, p, len);
		break;
	default:
		if ((copy = malloc(len ? len : 1)) == NULL)
			abort();
		memcpy(copy, p, len);
		memset(&ev, 0, sizeof ev);
		if (parse_message(fresh, (data[0] & 0x03) == 2 ?
		    IW_DAEMON_PLUTO : IW_DAEMON_CHARON, copy, len,
		    &ev) == PARSE_EVENT)
			touch_event(&ev);
		free(copy);
		break;
	}
	parse_ctx_free(fresh);
	return (0);
}
