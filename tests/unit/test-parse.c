/*
 * test-parse.c - unit tests of the log-line parser: envelopes, year
 * inference, the pluto and charon dialects (one line per catalog wording
 * where possible), de-duplication, journal entries and bad input.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "ipsecwatch.h"
#include "parse.h"

/* 2026-11-27 12:00:00 UTC: the reference time of most tests. */
#define REF_2026_11_27	((time_t)1795780800)

/* What a line must give; every field is compared. */
struct want {
	const char		*line;
	enum parse_result	 res;
	enum iw_event_kind	 kind;
	enum iw_sa_kind		 sa;
	const char		*conn;
	uint32_t		 inst;
	const char		*peer;
	uint64_t		 id;
	uint64_t		 parent;
	uint64_t		 replaces;
	const char		*error;
	int64_t			 secs;
	int			 eb;
};

static int64_t	utc_us(int, int, int, int, int, int);
static int	check_one(struct parse_ctx *, enum iw_daemon, const struct want *);
static void	check_table(enum iw_daemon, const struct want *, size_t);

/* Microseconds since the epoch of a UTC date and time. */
static int64_t
utc_us(int y, int mo, int d, int h, int mi, int s)
{
	struct tm	 tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	return ((int64_t)timegm(&tm) * 1000000LL);
}

/*
 * Parse one line (a whole syslog line when d is IW_DAEMON_NONE, else a
 * message body of that daemon) and compare every field; 0 if all match,
 * else print what differs and return -1.
 */
static int
check_one(struct parse_ctx *ctx, enum iw_daemon d, const struct want *w)
{
	struct iw_event		 ev;
	enum parse_result	 res;
	int			 bad = 0;

	memset(&ev, 0xa5, sizeof(ev));
	if (d == IW_DAEMON_NONE)
		res = parse_line(ctx, w->line, strlen(w->line), &ev);
	else {
		ev.ts_us = 0;
		ev.pid = 0;
		res = parse_message(ctx, d, w->line, strlen(w->line), &ev);
	}
	if (res != w->res) {
		fprintf(stderr, "result %s, want %s\n", parse_result_name(res),
		    parse_result_name(w->res));
		bad = 1;
	} else if (res == PARSE_EVENT) {
#define CMPI(f, v) do { if ((uint64_t)(f) != (uint64_t)(v)) { \
	fprintf(stderr, #f " = %llu, want %llu\n", (unsigned long long)(f), \
	    (unsigned long long)(v)); bad = 1; } } while (0)
#define CMPS(f, v) do { if (strcmp((f), (v) ? (v) : "") != 0) { \
	fprintf(stderr, #f " = \"%s\", want \"%s\"\n", (f), (v) ? (v) : ""); \
	bad = 1; } } while (0)
		if (ev.kind != w->kind) {
			fprintf(stderr, "kind %s, want %s\n",
			    iw_event_kind_name(ev.kind), iw_event_kind_name(w->kind));
			bad = 1;
		}
		CMPI(ev.sa_kind, w->sa);
		CMPS(ev.conn, w->conn);
		CMPI(ev.instance, w->inst);
		CMPS(ev.peer, w->peer);
		CMPI(ev.sa_id, w->id);
		CMPI(ev.parent_id, w->parent);
		CMPI(ev.replaces_id, w->replaces);
		CMPS(ev.error, w->error);
		CMPI(ev.seconds, w->secs);
		CMPI(ev.established_before, w->eb);
	}
	if (bad) {
		fprintf(stderr, "  in: %s\n", w->line);
		return (-1);
	}
	return (0);
}

/* Check a table of lines with a fresh context; fail if any line differs. */
static void
check_table(enum iw_daemon d, const struct want *w, size_t n)
{
	struct parse_ctx	*ctx;
	size_t			 i;
	int			 failed = 0;

	ctx = parse_ctx_new(REF_2026_11_27, NULL);
	for (i = 0; i < n; i++)
		if (check_one(ctx, d, &w[i]) == -1)
			failed++;
	parse_ctx_free(ctx);
	if (failed)
		fprintf(stderr, "%d of %zu lines wrong\n", failed, n);
	assert_int_equal(failed, 0);
}

#define E	PARSE_EVENT
#define U	PARSE_UNRECOGNIZED
#define IKE	IW_SA_IKE
#define CHILD	IW_SA_CHILD
#define NOSA	IW_SA_NONE
#define N(a)	(sizeof(a) / sizeof((a)[0]))

/* ---- envelopes ------------------------------------------------------- */

/* Each envelope form gives the right time, host, program, pid and body. */
static void
test_envelopes(void **state)
{
	static const struct {
		const char	*line;
		int64_t		 ts;
		const char	*host, *prog, *msg;
		uint32_t	 pid;
		int		 time_only;
	} c[] = {
		{ "Nov 27 22:49:46 gw pluto[7015]: hello", 0, "gw", "pluto",
		    "hello", 7015, 0 },
		{ "Nov  7 22:49:46 gw charon: 00[DMN] x", 1, "gw", "charon",
		    "00[DMN] x", 0, 0 },
		{ "Nov 27 22:49:46 charon: 07[IKE] y", 0, "", "charon",
		    "07[IKE] y", 0, 0 },
		{ "Aug 22 14:53:26 ng authpriv.warn pluto[7015]: z", 2, "ng",
		    "pluto", "z", 7015, 0 },
		{ "<38>Nov 27 22:49:46 gw pluto[1]: p", 0, "gw", "pluto", "p", 1, 0 },
		{ "2026-11-27T22:49:46.123456+01:00 gw charon[12]: 05[IKE] q", 3,
		    "gw", "charon", "05[IKE] q", 12, 0 },
		{ "<30>1 2026-11-27T22:49:46.123Z gw charon-systemd 99 - - r", 4,
		    "gw", "charon-systemd", "r", 99, 0 },
		{ "1 2026-11-27T22:49:46Z gw pluto 5 ID47 [x@1 a=\"b]c\"] s", 5,
		    "gw", "pluto", "s", 5, 0 },
		{ "22:49:47 pluto[585] \"abc\" #624: t", 6, "", "pluto",
		    "\"abc\" #624: t", 585, 1 },
		{ "Nov 18 14:49:43.848976: \"c\" #5: u", 7, "", "pluto",
		    "\"c\" #5: u", 0, 0 },
		/* strongSwan filelog: time_format %b %e %T (+ time_add_ms). */
		{ "Nov 18 14:49:43 09[IKE] <c|1> v", 8, "", "charon",
		    "09[IKE] <c|1> v", 0, 0 },
		{ "Nov  7 22:49:46.123 11[CFG] w", 9, "", "charon",
		    "11[CFG] w", 0, 0 },
		/* ISO date, "T" or space, and any other time_format. */
		{ "2026-11-27 22:49:46 05[NET] x", 0, "", "charon", "05[NET] x",
		    0, 0 },
		{ "2026-11-27T22:49:46.123456+01:00 05[NET] x", 3, "", "charon",
		    "05[NET] x", 0, 0 },
		{ "Fri, 2026-11-27, 22:49:46 06[IKE] <gw-gw|1> y", 0, "",
		    "charon", "06[IKE] <gw-gw|1> y", 0, 0 },
		{ "[27/Nov 22:49:46.123456] 06[IKE] y", 10, "", "charon",
		    "06[IKE] y", 0, 1 },
		{ "22:49:47 12[IKE] z", 6, "", "charon", "12[IKE] z", 0, 1 },
		/* OpenWrt logread (busybox): ctime with the year. */
		{ "Fri Nov 27 22:49:46 2026 authpriv.warn pluto[24873]: a", 0,
		    "", "pluto", "a", 24873, 0 },
		{ "Tue Sep  8 14:53:26 2026 daemon.info syslog: 00[DMN] b", 11,
		    "", "syslog", "00[DMN] b", 0, 0 },
		/* Numeric "<facility.severity>" before the host. */
		{ "Nov 27 22:49:46 <10.4> localhost pluto[2531]: d", 0,
		    "localhost", "pluto", "d", 2531, 0 },
		/* An empty host field leaves several spaces. */
		{ "Nov 27 22:49:46   pluto[17824]: c", 0, "", "pluto", "c",
		    17824, 0 },
	};
	int64_t	 ts[12];
	struct parse_ctx	*ctx;
	struct parse_envelope	 env;
	size_t			 i;

	(void)state;
	ts[0] = utc_us(2026, 11, 27, 22, 49, 46);
	ts[1] = utc_us(2026, 11, 7, 22, 49, 46);
	/* August lies more than a month after November? no: same year. */
	ts[2] = utc_us(2026, 8, 22, 14, 53, 26);
	ts[3] = utc_us(2026, 11, 27, 21, 49, 46) + 123456;
	ts[4] = utc_us(2026, 11, 27, 22, 49, 46) + 123000;
	ts[5] = utc_us(2026, 11, 27, 22, 49, 46);
	ts[6] = utc_us(2026, 11, 27, 22, 49, 47);
	ts[7] = utc_us(2026, 11, 18, 14, 49, 43) + 848976;
	ts[8] = utc_us(2026, 11, 18, 14, 49, 43);
	ts[9] = utc_us(2026, 11, 7, 22, 49, 46) + 123000;
	ts[10] = utc_us(2026, 11, 27, 22, 49, 46) + 123456;
	ts[11] = utc_us(2026, 9, 8, 14, 53, 26);
	for (i = 0; i < N(c); i++) {
		ctx = parse_ctx_new(REF_2026_11_27, NULL);
		assert_int_equal(parse_envelope(ctx, c[i].line, strlen(c[i].line),
		    &env), 0);
		assert_int_equal(env.ts_us, ts[c[i].ts]);
		assert_int_equal(env.host_len, strlen(c[i].host));
		assert_memory_equal(env.host != NULL ? env.host : "", c[i].host,
		    env.host_len);
		assert_int_equal(env.prog_len, strlen(c[i].prog));
		assert_memory_equal(env.prog, c[i].prog, env.prog_len);
		assert_int_equal(env.msg_len, strlen(c[i].msg));
		assert_memory_equal(env.msg, c[i].msg, env.msg_len);
		assert_int_equal(env.pid, c[i].pid);
		assert_int_equal(env.time_only, c[i].time_only);
		parse_ctx_free(ctx);
	}
	ctx = parse_ctx_new(REF_2026_11_27, NULL);
	assert_int_equal(parse_envelope(ctx, "", 0, &env), -1);
	assert_int_equal(parse_envelope(ctx, "Foo 27 22:49:46 gw x: y", 23, &env),
	    -1);
	assert_int_equal(parse_envelope(ctx, "Nov 27 25:49:46 gw x: y", 23, &env),
	    -1);
	/* A "NN[GRP]" needs a time of day before it, within 48 bytes. */
	assert_int_equal(parse_envelope(ctx, "hello 09[IKE] x", 15, &env), -1);
	assert_int_equal(parse_envelope(ctx, "2026-11-27 09[IKE] x", 20, &env),
	    -1);
	parse_ctx_free(ctx);
}

/* Years: reference year, previous year for far-future months, New Year. */
static void
test_year_inference(void **state)
{
	struct parse_ctx	*ctx;
	struct parse_envelope	 env;
	const char		*l;

	(void)state;
	/* Read on 2027-01-03: a December line belongs to 2026. */
	ctx = parse_ctx_new((time_t)1798934400 /* 2027-01-03 */, NULL);
	l = "Dec 31 23:59:59 gw pluto[1]: a";
	assert_int_equal(parse_envelope(ctx, l, strlen(l), &env), 0);
	assert_int_equal(env.ts_us, utc_us(2026, 12, 31, 23, 59, 59));
	/* Then New Year inside the stream. */
	l = "Jan  1 00:00:01 gw pluto[1]: b";
	assert_int_equal(parse_envelope(ctx, l, strlen(l), &env), 0);
	assert_int_equal(env.ts_us, utc_us(2027, 1, 1, 0, 0, 1));
	l = "Jan  2 10:00:00 gw pluto[1]: c";
	assert_int_equal(parse_envelope(ctx, l, strlen(l), &env), 0);
	assert_int_equal(env.ts_us, utc_us(2027, 1, 2, 10, 0, 0));
	parse_ctx_free(ctx);

	/* A gap over New Year (November, then February). */
	ctx = parse_ctx_new(REF_2026_11_27, NULL);
	l = "Nov 30 10:00:00 gw pluto[1]: a";
	assert_int_equal(parse_envelope(ctx, l, strlen(l), &env), 0);
	assert_int_equal(env.ts_us, utc_us(2026, 11, 30, 10, 0, 0));
	l = "Feb  1 10:00:00 gw pluto[1]: b";
	assert_int_equal(parse_envelope(ctx, l, strlen(l), &env), 0);
	assert_int_equal(env.ts_us, utc_us(2027, 2, 1, 10, 0, 0));
	parse_ctx_free(ctx);

	/* Newest first (a web viewer): January, then December. */
	ctx = parse_ctx_new((time_t)1798934400 /* 2027-01-03 */, NULL);
	l = "Jan  1 00:00:01 gw pluto[1]: b";
	assert_int_equal(parse_envelope(ctx, l, strlen(l), &env), 0);
	assert_int_equal(env.ts_us, utc_us(2027, 1, 1, 0, 0, 1));
	l = "Dec 31 23:59:59 gw pluto[1]: a";
	assert_int_equal(parse_envelope(ctx, l, strlen(l), &env), 0);
	assert_int_equal(env.ts_us, utc_us(2026, 12, 31, 23, 59, 59));
	parse_ctx_free(ctx);

	/* Year-less stamps only for IKE daemons' lines in parse_line. */
	ctx = parse_ctx_new(REF_2026_11_27, NULL);
	{
		struct iw_event	 ev;

		l = "Feb 29 10:00:00 gw charon: 00[DMN] SIGTERM received, shutting "
		    "down";
		assert_int_equal(parse_line(ctx, l, strlen(l), &ev), PARSE_EVENT);
		/* 2026 has no Feb 29: the date rolls over, nothing breaks. */
		assert_int_equal(ev.ts_us, utc_us(2026, 3, 1, 10, 0, 0));
	}
	parse_ctx_free(ctx);

	/* A forced year, still moving on at New Year. */
	ctx = parse_ctx_new(REF_2026_11_27, NULL);
	parse_ctx_set_year(ctx, 2019);
	l = "Dec 31 23:59:59 gw pluto[1]: a";
	assert_int_equal(parse_envelope(ctx, l, strlen(l), &env), 0);
	assert_int_equal(env.ts_us, utc_us(2019, 12, 31, 23, 59, 59));
	l = "Jan  1 00:00:00 gw pluto[1]: a";
	assert_int_equal(parse_envelope(ctx, l, strlen(l), &env), 0);
	assert_int_equal(env.ts_us, utc_us(2020, 1, 1, 0, 0, 0));
	parse_ctx_free(ctx);

	/* A local offset for year-less stamps; ISO stamps keep their own. */
	ctx = parse_ctx_new(REF_2026_11_27, NULL);
	parse_ctx_set_utc(ctx, 3600);
	l = "Nov 27 22:49:46 gw pluto[1]: a";
	assert_int_equal(parse_envelope(ctx, l, strlen(l), &env), 0);
	assert_int_equal(env.ts_us, utc_us(2026, 11, 27, 21, 49, 46));
	l = "2026-11-27T22:49:46Z gw pluto[1]: a";
	assert_int_equal(parse_envelope(ctx, l, strlen(l), &env), 0);
	assert_int_equal(env.ts_us, utc_us(2026, 11, 27, 22, 49, 46));
	l = "2026-11-27T22:49:46-05:30 gw pluto[1]: a";
	assert_int_equal(parse_envelope(ctx, l, strlen(l), &env), 0);
	assert_int_equal(env.ts_us, utc_us(2026, 11, 28, 4, 19, 46));
	parse_ctx_free(ctx);
}

/* The program filter. */
static void
test_prog_filter(void **state)
{
	static const char *yes[] = { "pluto", "charon", "charon-systemd", "ipsec",
	    "ipsec_starter", "starter", "strongswan", "swanctl" };
	static const char *no[] = { "ipsecwatchd", "sshd", "syslog", "plut",
	    "charonx", "kernel", "CRON", "" };
	struct parse_ctx	*ctx;
	struct iw_event		 ev;
	size_t			 i;
	const char		*l;

	(void)state;
	for (i = 0; i < N(yes); i++)
		assert_true(parse_is_ipsec_prog(yes[i], strlen(yes[i])));
	for (i = 0; i < N(no); i++)
		assert_false(parse_is_ipsec_prog(no[i], strlen(no[i])));
	ctx = parse_ctx_new(REF_2026_11_27, NULL);
	l = "Nov 27 22:49:46 gw sshd[77]: Accepted publickey for root";
	assert_int_equal(parse_line(ctx, l, strlen(l), &ev), PARSE_NOT_IPSEC);
	l = "Nov 27 22:49:46 gw ipsecwatchd[1]: pluto: \"x\" #1: ISAKMP SA established";
	assert_int_equal(parse_line(ctx, l, strlen(l), &ev), PARSE_NOT_IPSEC);
	/* busybox syslog ident: only with a charon body. */
	l = "Nov 27 22:49:46 gw daemon.info syslog: 00[DMN] Starting IKE charon "
	    "daemon (strongSwan 5.2.1, Linux 3.18, mips)";
	assert_int_equal(parse_line(ctx, l, strlen(l), &ev), PARSE_EVENT);
	assert_int_equal(ev.kind, IW_EV_DAEMON_START);
	assert_int_equal(ev.daemon, IW_DAEMON_CHARON);
	l = "Nov 27 22:49:46 gw syslog: -- MARK --";
	assert_int_equal(parse_line(ctx, l, strlen(l), &ev), PARSE_NOT_IPSEC);
	parse_ctx_free(ctx);
}

/* ---- corpus shapes ---------------------------------------------------- */

/* Whole syslog lines as in the corpus (Libreswan 4.10, strongSwan 5.9.8). */
static void
test_corpus_lines(void **state)
{
	static const struct want w[] = {
		{ "Nov 27 20:23:44 west pluto[21892]: Starting Pluto (Libreswan "
		    "Version 4.10 IKEv2 IKEv1 XFRM) pid:21892", E,
		    IW_EV_DAEMON_START, NOSA, "", 0, "", 0, 0, 0, "", 0, 0 },
		{ "Nov 27 20:23:44 west pluto[21892]:   AES_CCM_16         "
		    "{256,192,*128} IKEv1:     ESP     IKEv2:     ESP     FIPS",
		    E, IW_EV_INFO, NOSA, "", 0, "", 0, 0, 0, "", 0, 0 },
		{ "Nov 27 20:23:44 west pluto: /usr/libexec/ipsec/pluto:  adjusting "
		    "ipsec.d to /run/x", E, IW_EV_INFO, NOSA, "", 0, "", 0, 0, 0,
		    "", 0, 0 },
		{ "Nov 27 20:23:46 west pluto[21892]: \"west-east\" #1: initiating "
		    "IKEv1 Main Mode connection", E, IW_EV_NEG_START, IKE,
		    "west-east", 0, "", 1, 0, 0, "", 0, 0 },
		{ "Nov 27 20:23:46 west pluto[21892]: \"west-east\" #1: IKE SA "
		    "established {auth=PRESHARED_KEY cipher=AES_CBC_256 "
		    "integ=HMAC_SHA2_256 group=MODP2048}", E, IW_EV_P1_UP, IKE,
		    "west-east", 0, "", 1, 0, 0, "", 0, 0 },
		{ "Nov 27 20:23:46 west pluto[21892]: \"west-east\" #2: initiating "
		    "Quick Mode IKEv1+PSK+ENCRYPT+TUNNEL+PFS+UP {using isakmp#1 "
		    "msgid:e4d030f2 proposal=AES_CBC_128-HMAC_SHA2_256_128-MODP2048 "
		    "pfsgroup=MODP2048}", E, IW_EV_NEG_START, CHILD, "west-east", 0,
		    "", 2, 1, 0, "", 0, 0 },
		{ "Nov 27 20:23:46 west pluto[21892]: \"west-east\" #2: "
		    "STATE_QUICK_I1: retransmission; will wait 0.5 seconds for "
		    "response", E, IW_EV_RETRANSMIT, CHILD, "west-east", 0, "", 2,
		    0, 0, "", 0, 0 },
		{ "Nov 27 20:24:18 west pluto[21892]: \"west-east\" #2: "
		    "STATE_QUICK_I1: 30 second timeout exceeded after 6 retransmits."
		    "  No acceptable response to our first Quick Mode message: "
		    "perhaps peer likes no proposal", E, IW_EV_GIVE_UP, CHILD,
		    "west-east", 0, "", 2, 0, 0, "qm_no_response", 0, 0 },
		{ "Nov 27 20:24:18 west pluto[21892]: \"west-east\" #2: deleting "
		    "state (STATE_QUICK_I1) aged 32.020098s and NOT sending "
		    "notification", E, IW_EV_DELETE, CHILD, "west-east", 0, "", 2,
		    0, 0, "", 0, 0 },
		{ "Nov 27 20:24:46 west pluto[21892]: \"west-east\" #3: initiating "
		    "IKEv1 Main Mode connection to replace #1", E, IW_EV_REKEY_START,
		    IKE, "west-east", 0, "", 3, 0, 1, "", 0, 0 },
		{ "Nov 27 20:23:46 east pluto[21836]: ERROR: \"east-west\" #2: "
		    "netlink response for Add SA esp.c30c114b@192.0.2.1: Protocol "
		    "not supported (errno 93)", E, IW_EV_ERROR, CHILD, "east-west",
		    0, "", 2, 0, 0, "kernel_sa_install_failed", 0, 0 },
		{ "Nov 27 20:24:16 east pluto[21836]: \"east-west\" #2: received "
		    "hard EXPIRE for inbound SPI ebd77fd6 bytes 0 packets 0 "
		    "rekey=yes; deleting old SA", E, IW_EV_EXPIRE, CHILD,
		    "east-west", 0, "", 2, 0, 0, "", 0, 0 },
		{ "Nov 27 20:25:06 east pluto[21836]: \"east-west\" #1: received "
		    "Delete SA payload: self-deleting ISAKMP State #1", E,
		    IW_EV_DELETE, IKE, "east-west", 0, "", 1, 0, 0, "", 0, 0 },
		{ "Nov 27 20:45:06 west pluto[32036]: \"west-east\" #1: ERROR: "
		    "asynchronous network error report on ipl-w0 (192.0.2.1:500), "
		    "complainant 192.0.2.2: Connection refused [errno 111, origin "
		    "ICMP type 3 code 3 (not authenticated)]", E, IW_EV_ERROR, NOSA,
		    "west-east", 0, "192.0.2.2", 1, 0, 0, "icmp_unreachable", 0, 0 },
		{ "Nov 27 20:45:38 west pluto[32036]: \"west-east\" #1: "
		    "STATE_MAIN_I1: 30 second timeout exceeded after 6 retransmits.  "
		    "No response (or no acceptable response) to our first IKEv1 "
		    "message", E, IW_EV_GIVE_UP, IKE, "west-east", 0, "", 1, 0, 0,
		    "peer_no_response_p1", 0, 0 },
		{ "Nov 27 20:45:38 west pluto[32036]: \"west-east\" #1: deleting "
		    "ISAKMP SA but connection is supposed to remain up; schedule "
		    "EVENT_REVIVE_CONNS", E, IW_EV_RETRY, IKE, "west-east", 0, "", 1,
		    0, 0, "", 0, 0 },
		{ "Nov 27 20:45:38 west pluto[32036]: \"west-east\": initiating "
		    "connection 'west-east' with serial $1 which received a "
		    "Delete/Notify but must remain up per local policy", E,
		    IW_EV_RETRY, IKE, "west-east", 0, "", 0, 0, 0, "", 0, 0 },
		{ "Nov 27 20:25:25 west pluto[22472]: \"west-east\" #1: initiator "
		    "established IKE SA; authenticated peer using authby=secret and "
		    "ID_FQDN '@east.example'", E, IW_EV_P1_UP, IKE, "west-east", 0,
		    "", 1, 0, 0, "", 0, 0 },
		{ "Nov 27 20:25:25 west pluto[22472]: \"west-east\" #2: IKE_AUTH "
		    "response rejected Child SA with TS_UNACCEPTABLE", E, IW_EV_ERROR,
		    CHILD, "west-east", 0, "", 2, 0, 0, "ts_unacceptable", 0, 0 },
		{ "Nov 27 20:26:25 west pluto[22472]: \"west-east\" #3: initiator "
		    "rekeyed IKE SA #1 {cipher=AES_CBC_256 integ=HMAC_SHA2_256_128 "
		    "prf=HMAC_SHA2_256 group=MODP2048}", E, IW_EV_REKEY_DONE, IKE,
		    "west-east", 0, "", 3, 0, 1, "", 0, 0 },
		{ "Nov 27 20:26:26 west pluto[22472]: packet from 192.0.2.2:4500: "
		    "INFORMATIONAL response has no corresponding IKE SA; message "
		    "dropped", E, IW_EV_ERROR, NOSA, "", 0, "192.0.2.2", 0, 0, 0,
		    "stale_sa_unknown_spi", 0, 0 },
		{ "Nov 27 20:25:22 east libipsecconf[22439]: conn: \"east-west\" "
		    "warning IKEv2 liveness uses retransmit-timeout=, dpdtimeout= "
		    "ignored", E, IW_EV_INFO, NOSA, "", 0, "", 0, 0, 0, "", 0, 0 },
		{ "Nov 27 20:19:49 west charon: 00[DMN] Starting IKE charon daemon "
		    "(strongSwan 5.9.8, Linux 6.18.44-fc-v595, x86_64)", E,
		    IW_EV_DAEMON_START, NOSA, "", 0, "", 0, 0, 0, "", 0, 0 },
		{ "Nov 27 20:19:52 west charon: 11[IKE] initiating IKE_SA "
		    "west-east[1] to 192.0.2.2", E, IW_EV_NEG_START, IKE,
		    "west-east", 0, "192.0.2.2", 1, 0, 0, "", 0, 0 },
		{ "Nov 27 20:19:52 west charon: 11[ENC] generating IKE_SA_INIT "
		    "request 0 [ SA KE No N(NATD_S_IP) ]", E, IW_EV_INFO, NOSA, "",
		    0, "", 0, 0, 0, "", 0, 0 },
		{ "Nov 27 20:19:52 west charon: 13[IKE] establishing CHILD_SA "
		    "net{1}", E, IW_EV_NEG_START, CHILD, "net", 0, "", 1, 0, 0, "",
		    0, 0 },
		{ "Nov 27 20:19:52 west charon: 09[IKE] IKE_SA west-east[1] "
		    "established between 192.0.2.1[west.example]...192.0.2.2"
		    "[east.example]", E, IW_EV_P1_UP, IKE, "west-east", 0,
		    "192.0.2.2", 1, 0, 0, "", 0, 0 },
		{ "Nov 27 20:19:52 west charon: 09[IKE] scheduling rekeying in 50s",
		    E, IW_EV_REKEY_SCHEDULED, IKE, "west-east", 0, "", 1, 0, 0, "",
		    50, 0 },
		{ "Nov 27 20:19:52 west charon: 09[IKE] maximum IKE_SA lifetime 60s",
		    E, IW_EV_LIFETIME, IKE, "west-east", 0, "", 1, 0, 0, "", 60, 0 },
		{ "Nov 27 20:19:52 west charon: 09[IKE] CHILD_SA net{1} established "
		    "with SPIs 99dd9ca2_i 5100754e_o and TS 198.51.100.0/25 === "
		    "198.51.100.128/25", E, IW_EV_P2_UP, CHILD, "net", 0, "", 1, 1,
		    0, "", 0, 0 },
		{ "Nov 27 20:20:22 west charon: 04[KNL] creating rekey job for "
		    "CHILD_SA ESP/0x99dd9ca2/192.0.2.1", E, IW_EV_REKEY_START, CHILD,
		    "", 0, "", 0, 0, 0, "", 0, 0 },
		{ "Nov 27 20:20:22 west charon: 13[IKE] establishing CHILD_SA net{2} "
		    "reqid 1", E, IW_EV_REKEY_START, CHILD, "net", 0, "", 2, 0, 0,
		    "", 0, 0 },
		{ "Nov 27 20:20:22 west charon: 09[IKE] inbound CHILD_SA net{2} "
		    "established with SPIs 53c35578_i a970ac65_o and TS "
		    "198.51.100.0/25 === 198.51.100.128/25", E, IW_EV_P2_UP, CHILD,
		    "net", 0, "", 2, 0, 0, "", 0, 0 },
		{ "Nov 27 20:20:22 west charon: 09[IKE] closing CHILD_SA net{1} with "
		    "SPIs 99dd9ca2_i (1512 bytes) 5100754e_o (0 bytes) and TS "
		    "198.51.100.0/25 === 198.51.100.128/25", E, IW_EV_DELETE, CHILD,
		    "net", 0, "", 1, 0, 0, "", 0, 0 },
		{ "Nov 27 20:20:42 west charon: 10[IKE] IKE_SA west-east[2] rekeyed "
		    "between 192.0.2.1[west.example]...192.0.2.2[east.example]", E,
		    IW_EV_REKEY_DONE, IKE, "west-east", 0, "192.0.2.2", 2, 0, 0, "",
		    0, 0 },
		{ "Nov 27 20:20:42 west charon: 10[IKE] deleting IKE_SA "
		    "west-east[1] between 192.0.2.1[west.example]...192.0.2.2"
		    "[east.example]", E, IW_EV_DELETE, IKE, "west-east", 0,
		    "192.0.2.2", 1, 0, 0, "", 0, 0 },
		{ "Nov 27 20:21:32 west charon: 16[IKE] reauthenticating IKE_SA "
		    "west-east[3]", E, IW_EV_REKEY_START, IKE, "west-east", 0, "", 3,
		    0, 0, "", 0, 0 },
		{ "Nov 27 20:21:32 west charon: 14[IKE] restarting CHILD_SA net", E,
		    IW_EV_RETRY, CHILD, "net", 0, "", 0, 0, 0, "", 0, 0 },
		{ "Nov 27 20:22:37 west charon: 10[IKE] closing expired CHILD_SA "
		    "net{1} with SPIs 13a2c5ac_i deb6c387_o and TS 198.51.100.0/25 "
		    "=== 198.51.100.128/25", E, IW_EV_EXPIRE, CHILD, "net", 0, "", 1,
		    0, 0, "", 0, 0 },
		{ "Nov 27 20:21:57 east charon: 05[IKE] <east-west|1> 192.0.2.1 is "
		    "initiating a Main Mode IKE_SA", E, IW_EV_NEG_RESPOND, IKE,
		    "east-west", 0, "192.0.2.1", 1, 0, 0, "", 0, 0 },
		{ "Nov 27 20:21:57 east charon: 06[IKE] <east-west|1> CHILD_SA "
		    "net{1} established with SPIs 13a2c5ac_i deb6c387_o and TS "
		    "198.51.100.128/25 === 198.51.100.0/25", E, IW_EV_P2_UP, CHILD,
		    "east-west", 0, "", 1, 1, 0, "", 0, 0 },
		{ "Nov 27 20:21:57 east charon: 06[IKE] <east-west|1> received 40s "
		    "lifetime, configured 660s", E, IW_EV_INFO, CHILD, "east-west",
		    0, "", 0, 1, 0, "lifetime_mismatch_ikev1", 0, 0 },
		{ "Nov 27 20:36:56 east charon: 10[IKE] tried 1 shared key for "
		    "'east.example' - 'west.example', but MAC mismatched", E,
		    IW_EV_ERROR, IKE, "", 0, "", 0, 0, 0, "psk_mismatch_ikev2", 0, 0 },
		{ "Nov 27 20:36:56 west charon: 13[IKE] received "
		    "AUTHENTICATION_FAILED notify error", E, IW_EV_ERROR, IKE, "", 0,
		    "", 0, 0, 0, "auth_failed_by_peer", 0, 0 },
		{ "Nov 27 20:33:32 west charon: 00[DMN] SIGTERM received, shutting "
		    "down", E, IW_EV_DAEMON_STOP, NOSA, "", 0, "", 0, 0, 0, "", 0, 0 },
	};

	(void)state;
	check_table(IW_DAEMON_NONE, w, N(w));
}

/* charon give-ups: which exchange failed, from the last retransmission. */
static void
test_charon_giveup(void **state)
{
	static const struct want w[] = {
		/* peer-dies: DPD on an established IKE_SA. */
		{ "Nov 27 20:32:21 west charon: 01[IKE] sending DPD request", E,
		    IW_EV_INFO, IKE, "", 0, "", 0, 0, 0, "", 0, 0 },
		{ "Nov 27 20:32:23 west charon: 11[IKE] retransmit 1 of request "
		    "with message ID 2", E, IW_EV_RETRANSMIT, IKE, "", 0, "", 0, 0,
		    0, "", 0, 0 },
		{ "Nov 27 20:32:44 west charon: 01[IKE] giving up after 3 "
		    "retransmits", E, IW_EV_DPD_DEAD, IKE, "", 0, "", 0, 0, 0,
		    "dpd_dead_peer", 0, 1 },
		{ "Nov 27 20:32:46 west charon: 14[IKE] retransmit 1 of request "
		    "with message ID 0", E, IW_EV_RETRANSMIT, IKE, "", 0, "", 0, 0,
		    0, "", 0, 0 },
		{ "Nov 27 20:33:08 west charon: 16[IKE] giving up after 3 "
		    "retransmits", E, IW_EV_GIVE_UP, IKE, "", 0, "", 0, 0, 0,
		    "peer_no_response_p1", 0, 0 },
		{ "Nov 27 20:33:08 west charon: 16[IKE] establishing IKE_SA failed, "
		    "peer not responding", E, IW_EV_GIVE_UP, IKE, "", 0, "", 0, 0, 0,
		    "keying_retries_exhausted", 0, 0 },
		{ "Nov 27 20:34:00 west charon: 14[IKE] retransmit 4 of request "
		    "with message ID 1", E, IW_EV_RETRANSMIT, IKE, "", 0, "", 0, 0,
		    0, "", 0, 0 },
		{ "Nov 27 20:34:08 west charon: 16[IKE] giving up after 5 "
		    "retransmits", E, IW_EV_GIVE_UP, IKE, "", 0, "", 0, 0, 0,
		    "auth_no_response_p1", 0, 0 },
		{ "Nov 27 20:35:00 west charon: 14[IKE] retransmit 4 of request "
		    "with message ID 7", E, IW_EV_RETRANSMIT, IKE, "", 0, "", 0, 0,
		    0, "", 0, 0 },
		{ "Nov 27 20:35:08 west charon: 16[IKE] giving up after 5 "
		    "retransmits", E, IW_EV_GIVE_UP, IKE, "", 0, "", 0, 0, 0,
		    "established_sa_timeout", 0, 1 },
		/* ss-ls-ikev1: Quick Mode (IKEv1, message ID not 0). */
		{ "Nov 27 20:30:46 west charon: 09[IKE] sending retransmit 1 of "
		    "request message ID 2104400446, seq 4", E, IW_EV_RETRANSMIT, CHILD,
		    "", 0, "", 0, 0, 0, "", 0, 0 },
		{ "Nov 27 20:31:08 west charon: 10[IKE] giving up after 3 "
		    "retransmits", E, IW_EV_GIVE_UP, CHILD, "", 0, "", 0, 0, 0,
		    "qm_no_response", 0, 0 },
		{ "Nov 27 20:40:46 west charon: 09[IKE] sending retransmit 1 of "
		    "request message ID 0, seq 1", E, IW_EV_RETRANSMIT, IKE, "", 0,
		    "", 0, 0, 0, "", 0, 0 },
		{ "Nov 27 20:41:08 west charon: 10[IKE] giving up after 3 "
		    "retransmits", E, IW_EV_GIVE_UP, IKE, "", 0, "", 0, 0, 0,
		    "peer_no_response_p1", 0, 0 },
		{ "Nov 27 20:42:46 west charon: 09[IKE] sending retransmit 2 of "
		    "request message ID 0, seq 3", E, IW_EV_RETRANSMIT, IKE, "", 0,
		    "", 0, 0, 0, "", 0, 0 },
		{ "Nov 27 20:43:08 west charon: 10[IKE] giving up after 3 "
		    "retransmits", E, IW_EV_GIVE_UP, IKE, "", 0, "", 0, 0, 0,
		    "auth_no_response_p1", 0, 0 },
		/* IKE_AUTH in fragments, never answered. */
		{ "Nov 27 20:50:00 west charon: 13[ENC] splitting IKE message (3712 "
		    "bytes) into 3 fragments", E, IW_EV_INFO, NOSA, "", 0, "", 0, 0, 0,
		    "", 0, 0 },
		{ "Nov 27 20:50:04 west charon: 14[IKE] retransmit 1 of request with "
		    "message ID 1", E, IW_EV_RETRANSMIT, IKE, "", 0, "", 0, 0, 0, "", 0,
		    0 },
		{ "Nov 27 20:50:30 west charon: 16[IKE] giving up after 5 "
		    "retransmits", E, IW_EV_GIVE_UP, IKE, "", 0, "", 0, 0, 0,
		    "fragmentation_loss", 0, 0 },
	};

	(void)state;
	check_table(IW_DAEMON_NONE, w, N(w));
}

/* ---- pluto: one line per catalog wording -------------------------------- */

#define P(line, kind, sa, conn, inst, peer, id, par, rep, err, secs, eb) \
	{ line, E, kind, sa, conn, inst, peer, id, par, rep, err, secs, eb }

/* Openswan 2.4 and 2.6 (IKEv1, and 2.6's IKEv2). */
static void
test_pluto_openswan(void **state)
{
	static const struct want w[] = {
		P("Starting Pluto (Openswan Version 2.4.4 X.509-1.5.4 PLUTO_USES_KEYRR; "
		    "Vendor ID OEu3~p`qyBkG) pid:7015", IW_EV_DAEMON_START, NOSA, "", 0,
		    "", 0, 0, 0, "", 0, 0),
		P("\"rw\"[3] 1.2.3.4 #12: responding to Main Mode from unknown peer "
		    "1.2.3.4", IW_EV_NEG_RESPOND, IKE, "rw", 3, "1.2.3.4", 12, 0, 0, "",
		    0, 0),
		P("\"abc\" #1: initiating Main Mode", IW_EV_NEG_START, IKE, "abc", 0, "",
		    1, 0, 0, "", 0, 0),
		P("\"abc\" #3: initiating Main Mode to replace #1", IW_EV_REKEY_START,
		    IKE, "abc", 0, "", 3, 0, 1, "", 0, 0),
		P("\"abc\" #1: initiating Aggressive Mode #1, connection \"abc\"",
		    IW_EV_NEG_START, IKE, "abc", 0, "", 1, 0, 0, "", 0, 0),
		P("\"abc\" #1: responding to Aggressive Mode, state #1, connection "
		    "\"abc\" from 1.2.3.4", IW_EV_NEG_RESPOND, IKE, "abc", 0, "", 1, 0,
		    0, "", 0, 0),
		P("\"abc\" #1: STATE_MAIN_I1: sent MI1, expecting MR1", IW_EV_INFO, IKE,
		    "abc", 0, "", 1, 0, 0, "", 0, 0),
		P("\"abc\" #1: Main mode peer ID is ID_IPV4_ADDR: '1.2.3.4'",
		    IW_EV_INFO, IKE, "abc", 0, "", 1, 0, 0, "", 0, 0),
		P("\"abc\" #1: STATE_MAIN_I4: ISAKMP SA established {auth=OAKLEY_PRESHARED_"
		    "KEY cipher=oakley_3des_cbc_192 prf=oakley_md5 group=modp1536}",
		    IW_EV_P1_UP, IKE, "abc", 0, "", 1, 0, 0, "", 0, 0),
		P("\"abc\" #1: STATE_MAIN_R3: sent MR3, ISAKMP SA established",
		    IW_EV_P1_UP, IKE, "abc", 0, "", 1, 0, 0, "", 0, 0),
		P("\"abc\" #1: STATE_AGGR_I2: sent AI2, ISAKMP SA established",
		    IW_EV_P1_UP, IKE, "abc", 0, "", 1, 0, 0, "", 0, 0),
		P("\"abc\" #2: initiating Quick Mode PSK+ENCRYPT+TUNNEL+PFS+UP {using "
		    "isakmp#1}", IW_EV_NEG_START, CHILD, "abc", 0, "", 2, 1, 0, "", 0, 0),
		P("\"abc\" #4: initiating Quick Mode PSK+ENCRYPT+TUNNEL+PFS+UP to replace "
		    "#2 {using isakmp#1}", IW_EV_REKEY_START, CHILD, "abc", 0, "", 4, 1,
		    2, "", 0, 0),
		P("\"ng\" #2: initiating Quick Mode PSK+ENCRYPT+TUNNEL+PFS+UP+IKEv2ALLOW+"
		    "SAREFTRACK {using isakmp#1 msgid:5b5e164e proposal=AES(12)_128-MD5(1)"
		    "_128, pfsgroup=OAKLEY_GROUP_MODP1024}", IW_EV_NEG_START, CHILD, "ng",
		    0, "", 2, 1, 0, "", 0, 0),
		P("\"abc\" #2: responding to Quick Mode {msgid:12345678}",
		    IW_EV_NEG_RESPOND, CHILD, "abc", 0, "", 2, 0, 0, "", 0, 0),
		P("\"tunnel-config/1x1\"[5] 10.9.8.7 #34130: responding to Quick Mode "
		    "proposal {msgid:de756f50}", IW_EV_NEG_RESPOND, CHILD,
		    "tunnel-config/1x1", 5, "10.9.8.7", 34130, 0, 0, "", 0, 0),
		P("\"abc\" #2:     us: 10.0.0.0/24===1.2.3.4", IW_EV_INFO, NOSA, "abc",
		    0, "", 2, 0, 0, "", 0, 0),
		P("\"abc\" #2: STATE_QUICK_R1: sent QR1, inbound IPsec SA installed, "
		    "expecting QI2", IW_EV_INFO, CHILD, "abc", 0, "", 2, 0, 0, "", 0, 0),
		P("\"abc\" #2: STATE_QUICK_I2: sent QI2, IPsec SA established {ESP=>"
		    "0xba2cbb67 <0x2adca3de xfrm=3DES_0-HMAC_MD5 NATOA=none NATD=none "
		    "DPD=none}", IW_EV_P2_UP, CHILD, "abc", 0, "", 2, 0, 0, "", 0, 0),
		P("\"abc\" #2: STATE_QUICK_R2: IPsec SA established tunnel mode {ESP=>"
		    "0x1 <0x2 xfrm=AES_128-HMAC_MD5 NATOA=none NATD=none DPD=enabled}",
		    IW_EV_P2_UP, CHILD, "abc", 0, "", 2, 0, 0, "", 0, 0),
		P("\"abc\" #1: max number of retransmissions (2) reached STATE_MAIN_I1.  "
		    "No response (or no acceptable response) to our first IKE message",
		    IW_EV_GIVE_UP, IKE, "abc", 0, "", 1, 0, 0, "peer_no_response_p1", 0,
		    0),
		P("\"abc\" #1: max number of retransmissions (2) reached STATE_MAIN_I3.  "
		    "Possible authentication failure: no acceptable response to our "
		    "first encrypted message", IW_EV_GIVE_UP, IKE, "abc", 0, "", 1, 0, 0,
		    "auth_no_response_p1", 0, 0),
		P("\"abc\" #2: max number of retransmissions (2) reached STATE_QUICK_I1.  "
		    "No acceptable response to our first Quick Mode message: perhaps "
		    "peer likes no proposal", IW_EV_GIVE_UP, CHILD, "abc", 0, "", 2, 0,
		    0, "qm_no_response", 0, 0),
		P("\"abc\" #1: DPD: No response from peer - declaring peer dead",
		    IW_EV_DPD_DEAD, IKE, "abc", 0, "", 1, 0, 0, "dpd_dead_peer", 0, 1),
		P("\"abc\" #1: DPD: Putting connection into %trap", IW_EV_INFO, NOSA,
		    "abc", 0, "", 1, 0, 0, "", 0, 0),
		P("\"abc\" #1: DPD: Restarting all connections that share this peer",
		    IW_EV_INFO, NOSA, "abc", 0, "", 1, 0, 0, "", 0, 0),
		P("\"abc\" #2: IPsec SA expired (LATEST!)", IW_EV_EXPIRE, CHILD, "abc",
		    0, "", 2, 0, 0, "", 0, 0),
		P("\"abc\" #1: ISAKMP SA expired (--dontrekey)", IW_EV_EXPIRE, IKE,
		    "abc", 0, "", 1, 0, 0, "", 0, 0),
		P("\"abc\" #1: deleting state (STATE_MAIN_I4)", IW_EV_DELETE, IKE, "abc",
		    0, "", 1, 0, 0, "", 0, 0),
		P("\"abc\" #2: deleting state (STATE_QUICK_I2)", IW_EV_DELETE, CHILD,
		    "abc", 0, "", 2, 0, 0, "", 0, 0),
		P("\"abc\" #1: received Delete SA payload: deleting ISAKMP State #1",
		    IW_EV_DELETE, IKE, "abc", 0, "", 1, 0, 0, "", 0, 0),
		P("\"abc\" #1: received Delete SA(0x12345678) payload: deleting IPSEC "
		    "State #2", IW_EV_DELETE, CHILD, "abc", 0, "", 2, 1, 0, "", 0, 0),
		P("\"abc\" #1: received Delete SA payload: replace IPSEC State #2 in 10 "
		    "seconds", IW_EV_DELETE, CHILD, "abc", 0, "", 2, 1, 0, "", 0, 0),
		P("\"rw\"[3] 1.2.3.4: deleting connection \"rw\" instance with peer "
		    "1.2.3.4 {isakmp=#0/ipsec=#0}", IW_EV_DELETE, NOSA, "rw", 3,
		    "1.2.3.4", 0, 0, 0, "", 0, 0),
		P("\"abc\" #1: starting keying attempt 2 of an unlimited number",
		    IW_EV_RETRY, IKE, "abc", 0, "", 1, 0, 0, "", 0, 0),
		P("\"abc\" #1: starting keying attempt 3 of at most 3, but releasing "
		    "whack", IW_EV_RETRY, IKE, "abc", 0, "", 1, 0, 0, "", 0, 0),
		P("packet from 1.2.3.4:500: received Vendor ID payload [Dead Peer "
		    "Detection]", IW_EV_INFO, NOSA, "", 0, "1.2.3.4", 0, 0, 0, "", 0, 0),
		P("packet from 1.2.3.4:500: initial Main Mode message received on "
		    "5.6.7.8:500 but no connection has been authorized",
		    IW_EV_ERROR, IKE, "", 0, "1.2.3.4", 0, 0, 0, "no_conn_for_peer_p1",
		    0, 0),
		P("packet from 1.2.3.4:500: initial Aggressive Mode message from "
		    "1.2.3.4 but no (wildcard) connection has been configured",
		    IW_EV_ERROR, IKE, "", 0, "1.2.3.4", 0, 0, 0, "aggr_no_conn", 0, 0),
		P("\"abc\" #1: ERROR: asynchronous network error report on eth0 "
		    "(sport=500) for message to 1.2.3.4 port 500, complainant 1.2.3.4: "
		    "Connection refused [errno 111, origin ICMP type 3 code 3 (not "
		    "authenticated)]", IW_EV_ERROR, NOSA, "abc", 0, "1.2.3.4", 1, 0, 0,
		    "icmp_unreachable", 0, 0),
		P("\"abc\" #1: ignoring informational payload, type INVALID_ID_INFORMATION",
		    IW_EV_ERROR, NOSA, "abc", 0, "", 1, 0, 0, "invalid_id_information", 0,
		    0),
		P("\"abc\" #1: ignoring informational payload, type NO_PROPOSAL_CHOSEN "
		    "msgid=00000000", IW_EV_ERROR, NOSA, "abc", 0, "", 1, 0, 0,
		    "ike_proposal_mismatch", 0, 0),
		P("\"abc\" #1: ignoring informational payload, type "
		    "INVALID_KEY_INFORMATION", IW_EV_ERROR, NOSA, "abc", 0, "", 1, 0, 0,
		    "auth_failed_by_peer", 0, 0),
		P("\"abc\" #1: next payload type of ISAKMP Identification Payload has an "
		    "unknown value: 231", IW_EV_ERROR, IKE, "abc", 0, "", 1, 0, 0,
		    "psk_mismatch_ikev1", 0, 0),
		P("\"west--east-psk\" #3: probable authentication failure (mismatch of "
		    "preshared secrets?): malformed payload in packet", IW_EV_ERROR, IKE,
		    "west--east-psk", 0, "", 3, 0, 0, "psk_mismatch_ikev1", 0, 0),
		P("\"abc\" #1: received Hash Payload does not match computed value",
		    IW_EV_ERROR, IKE, "abc", 0, "", 1, 0, 0, "psk_mismatch_ikev1", 0, 0),
		P("\"road--eastnet-psk\" #1: Can't authenticate: no preshared key found "
		    "for `@roadrandom' and `@east'.  Attribute OAKLEY_AUTHENTICATION_"
		    "METHOD", IW_EV_ERROR, IKE, "road--eastnet-psk", 0, "", 1, 0, 0,
		    "psk_missing", 0, 0),
		P("\"abc\" #1: no acceptable Oakley Transform", IW_EV_ERROR, IKE, "abc",
		    0, "", 1, 0, 0, "ike_proposal_mismatch", 0, 0),
		P("\"abc\" #2: IPsec Transform [ESP_3DES (0), AUTH_ALGORITHM_HMAC_MD5] "
		    "refused due to strict flag", IW_EV_ERROR, CHILD, "abc", 0, "", 2, 0,
		    0, "esp_proposal_mismatch", 0, 0),
		P("\"abc\" #2: no acceptable Proposal in IPsec SA", IW_EV_ERROR, CHILD,
		    "abc", 0, "", 2, 0, 0, "esp_proposal_mismatch", 0, 0),
		P("\"abc\" #2: we require PFS but Quick I1 SA specifies no "
		    "GROUP_DESCRIPTION", IW_EV_ERROR, CHILD, "abc", 0, "", 2, 0, 0,
		    "pfs_mismatch", 0, 0),
		P("\"abc\" #2: only OAKLEY_GROUP_MODP1024 and OAKLEY_GROUP_MODP1536 "
		    "supported for PFS", IW_EV_ERROR, CHILD, "abc", 0, "", 2, 0, 0,
		    "pfs_mismatch", 0, 0),
		P("\"abc\" #2: cannot respond to IPsec SA request because no connection "
		    "is known for 10.0.0.0/24===1.2.3.4[@a]...5.6.7.8[@b]===10.1.0.0/24",
		    IW_EV_ERROR, CHILD, "abc", 0, "", 2, 0, 0,
		    "p2_subnet_mismatch_ikev1", 0, 0),
		P("\"abc\" #1: we require peer to have ID '@a', but peer declares '@b'",
		    IW_EV_ERROR, IKE, "abc", 0, "", 1, 0, 0, "id_mismatch", 0, 0),
		P("\"abc\" #1: NAT-Traversal: Result using RFC 3947 (NAT-Traversal): i "
		    "am NATed", IW_EV_INFO, NOSA, "abc", 0, "", 1, 0, 0, "", 0, 0),
		P("\"abc\" #1: NAT-Traversal: Only 1 NAT-D - Aborting NAT-Traversal "
		    "negotiation", IW_EV_ERROR, IKE, "abc", 0, "", 1, 0, 0,
		    "nat_t_problem", 0, 0),
		P("\"abc\" #1: received Vendor ID payload [draft-ietf-ipsec-nat-t-ike-02]"
		    " meth=106, but port floating is off", IW_EV_ERROR, IKE, "abc", 0, "",
		    1, 0, 0, "nat_t_problem", 0, 0),
		P("\"abc\" #2: ERROR: netlink response for Add SA esp.1a2b3c4d@192.0.2.1 "
		    "included errno 2: No such file or directory", IW_EV_ERROR, CHILD,
		    "abc", 0, "", 2, 0, 0, "kernel_sa_install_failed", 0, 0),
		P("\"abc\" #2: ERROR: netlink XFRM_MSG_NEWPOLICY response for flow "
		    "eroute_connection add included errno 17: File exists", IW_EV_ERROR,
		    CHILD, "abc", 0, "", 2, 0, 0, "kernel_policy_failed", 0, 0),
		P("\"abc\": cannot route -- route already in use for \"def\"",
		    IW_EV_ERROR, CHILD, "abc", 0, "", 0, 0, 0, "route_conflict", 0, 0),
		P("\"abc\" #2: cannot install eroute -- it is in use for \"def\" #4",
		    IW_EV_ERROR, CHILD, "abc", 0, "", 2, 0, 0, "route_conflict", 0, 0),
		P("\"abc\" #1: X.509 certificate expired at Jan 01 00:00:00 UTC 2020 (it "
		    "is now Feb 01 00:00:00 UTC 2020)", IW_EV_ERROR, IKE, "abc", 0, "",
		    1, 0, 0, "cert_expired", 0, 0),
		P("\"abc\" #1: issuer cacert not found", IW_EV_ERROR, IKE, "abc", 0, "",
		    1, 0, 0, "cert_untrusted", 0, 0),
		P("\"abc\" #1: X.509 certificate rejected", IW_EV_INFO, IKE, "abc", 0, "",
		    1, 0, 0, "", 0, 0),
		P("\"abc\" #1: no RSA public key known for 'C=CH, CN=peer'", IW_EV_ERROR,
		    IKE, "abc", 0, "", 1, 0, 0, "cert_untrusted", 0, 0),
		P("\"abc\" #1: certificate was revoked on Jan 01 00:00:00 UTC 2020",
		    IW_EV_ERROR, IKE, "abc", 0, "", 1, 0, 0, "cert_revoked", 0, 0),
		P("\"abc\" #1: unable to locate my private key for RSA Signature",
		    IW_EV_ERROR, IKE, "abc", 0, "", 1, 0, 0, "private_key_missing", 0, 0),
		P("\"abc\" #1: XAUTH: User bob: Authentication Failed: Incorrect "
		    "Username or Password", IW_EV_ERROR, IKE, "abc", 0, "", 1, 0, 0,
		    "xauth_failed", 0, 0),
		P("\"abc\" #1: XAUTH: User bob: Authentication Successful", IW_EV_INFO,
		    IKE, "abc", 0, "", 1, 0, 0, "", 0, 0),
		P("\"abc\": cannot initiate connection without knowing peer IP address "
		    "(kind=CK_TEMPLATE)", IW_EV_ERROR, IKE, "abc", 0, "", 0, 0, 0,
		    "dns_resolution_failed", 0, 0),
		P("\"abc\" #1: up-client output: /usr/lib/ipsec/_updown: doing nothing",
		    IW_EV_INFO, NOSA, "abc", 0, "", 1, 0, 0, "", 0, 0),
		P("\"abc\" #1: Informational Exchange is for an unknown (expired?) SA "
		    "with MSGID:0x12345678", IW_EV_ERROR, NOSA, "abc", 0, "", 1, 0, 0,
		    "stale_sa_unknown_spi", 0, 0),
		P("\"abc\" #1: Dead Peer Detection (RFC 3706): enabled", IW_EV_INFO,
		    NOSA, "abc", 0, "", 1, 0, 0, "", 0, 0),
		P("\"abc\" #1: I did not send a certificate because I do not have one.",
		    IW_EV_INFO, IKE, "abc", 0, "", 1, 0, 0, "", 0, 0),
		P("\"abc\": deleting connection", IW_EV_INFO, NOSA, "abc", 0, "", 0, 0,
		    0, "", 0, 0),
		/* Openswan 2.6 IKEv2. */
		P("\"westnet--eastnet-ikev2\" #1: initiating v2 parent SA",
		    IW_EV_NEG_START, IKE, "westnet--eastnet-ikev2", 0, "", 1, 0, 0, "",
		    0, 0),
		P("\"westnet--eastnet-ikev2\" #1: STATE_PARENT_I1: sent v2I1, expected "
		    "v2R1", IW_EV_INFO, IKE, "westnet--eastnet-ikev2", 0, "", 1, 0, 0,
		    "", 0, 0),
		P("\"westnet--eastnet-ikev2\" #2: STATE_PARENT_I3: PARENT SA established "
		    "tunnel mode {ESP=>0x1 <0x2 xfrm=AES_128-HMAC_SHA1 NATOA=none "
		    "NATD=none DPD=none}", IW_EV_P2_UP, CHILD, "westnet--eastnet-ikev2",
		    0, "", 2, 0, 0, "", 0, 0),
		P("\"westnet--eastnet-ikev2\" #1: STATE_PARENT_R2: received v2I2, PARENT "
		    "SA established", IW_EV_P1_UP, IKE, "westnet--eastnet-ikev2", 0, "",
		    1, 0, 0, "", 0, 0),
		P("\"abc\" #1: STATE_PARENT_R1: received v2I1, sent v2R1 {auth=IKEv2 "
		    "cipher=aes_128 integ=sha1 prf=oakley_sha group=modp2048}",
		    IW_EV_NEG_RESPOND, IKE, "abc", 0, "", 1, 0, 0, "", 0, 0),
		P("\"abc\" #1: AUTH mismatch: Received AUTH != computed AUTH",
		    IW_EV_ERROR, IKE, "abc", 0, "", 1, 0, 0, "psk_mismatch_ikev2", 0, 0),
		P("\"isakmp-rsa\" #1: max number of retransmissions (2) reached "
		    "STATE_PARENT_I1.  No response (or no acceptable response) to our "
		    "first IKE message", IW_EV_GIVE_UP, IKE, "isakmp-rsa", 0, "", 1, 0,
		    0, "peer_no_response_p1", 0, 0),
	};

	(void)state;
	check_table(IW_DAEMON_PLUTO, w, N(w));
}

/* Libreswan 3.x (IKEv1 and IKEv2), including whack output. */
static void
test_pluto_libreswan3(void **state)
{
	static const struct want w[] = {
		P("Starting Pluto (Libreswan Version 3.32 XFRM(netkey) esp-hw-offload "
		    "FORK PTHREAD_SETSCHEDPRIO NSS) pid:1234", IW_EV_DAEMON_START, NOSA,
		    "", 0, "", 0, 0, 0, "", 0, 0),
		P("\"westnet-eastnet\" #1: STATE_MAIN_I4: ISAKMP SA established "
		    "{auth=RSA_SIG cipher=aes_256 integ=sha group=MODP2048}", IW_EV_P1_UP,
		    IKE, "westnet-eastnet", 0, "", 1, 0, 0, "", 0, 0),
		P("\"westnet-eastnet\" #2: STATE_QUICK_I2: sent QI2, IPsec SA established "
		    "tunnel mode {ESP/NAT=>0xESPESP <0xESPESP xfrm=AES_128-HMAC_SHA1 "
		    "NATOA=none NATD=none DPD=passive}", IW_EV_P2_UP, CHILD,
		    "westnet-eastnet", 0, "", 2, 0, 0, "", 0, 0),
		P("\"x\" #2: STATE_QUICK_I1: 60 second timeout exceeded after 7 "
		    "retransmits.  No acceptable response to our first Quick Mode "
		    "message: perhaps peer likes no proposal", IW_EV_GIVE_UP, CHILD,
		    "x", 0, "", 2, 0, 0, "qm_no_response", 0, 0),
		P("\"x\" #1: initiating IKEv2 IKE SA", IW_EV_NEG_START, IKE, "x", 0, "",
		    1, 0, 0, "", 0, 0),
		P("\"x\" #1: STATE_PARENT_I1: sent v2I1, expected v2R1", IW_EV_INFO, IKE,
		    "x", 0, "", 1, 0, 0, "", 0, 0),
		P("\"x\" #2: STATE_PARENT_I2: sent v2I2, expected v2R2 {auth=IKEv2 "
		    "cipher=AES_GCM_16_256 integ=n/a prf=HMAC_SHA2_512 group=MODP2048}",
		    IW_EV_INFO, IKE, "x", 0, "", 2, 0, 0, "", 0, 0),
		P("\"x\" #2: IKEv2 mode peer ID is ID_FQDN: '@east'", IW_EV_INFO, IKE,
		    "x", 0, "", 2, 0, 0, "", 0, 0),
		P("\"x\" #2: Authenticated using authby=secret", IW_EV_P1_UP, IKE, "x", 0,
		    "", 2, 0, 0, "", 0, 0),
		P("\"x\" #2: negotiated connection [192.0.1.0-192.0.1.255:0-65535 0] -> "
		    "[192.0.2.0-192.0.2.255:0-65535 0]", IW_EV_INFO, CHILD, "x", 0, "", 2,
		    0, 0, "", 0, 0),
		P("\"x\" #2: STATE_V2_IPSEC_I: IPsec SA established tunnel mode {ESP=>"
		    "0xESPESP <0xESPESP xfrm=AES_GCM_16_256-NONE NATOA=none NATD=none "
		    "DPD=passive}", IW_EV_P2_UP, CHILD, "x", 0, "", 2, 0, 0, "", 0, 0),
		P("\"x\" #1: STATE_MAIN_I1: retransmission; will wait 0.5 seconds for "
		    "response", IW_EV_RETRANSMIT, IKE, "x", 0, "", 1, 0, 0, "", 0, 0),
		P("\"x\" #1: STATE_MAIN_I1: 60 second timeout exceeded after 7 "
		    "retransmits.  No response (or no acceptable response) to our first "
		    "IKEv1 message", IW_EV_GIVE_UP, IKE, "x", 0, "", 1, 0, 0,
		    "peer_no_response_p1", 0, 0),
		P("\"x\" #1: STATE_PARENT_I2: 60 second timeout exceeded after 7 "
		    "retransmits.  Possible authentication failure: no acceptable "
		    "response to our first encrypted message", IW_EV_GIVE_UP, IKE, "x",
		    0, "", 1, 0, 0, "auth_no_response_p1", 0, 0),
		P("\"x\" #1: max number of retransmissions (20) reached after 500 "
		    "seconds", IW_EV_GIVE_UP, IKE, "x", 0, "", 1, 0, 0,
		    "established_sa_timeout", 0, 1),
		P("\"x\" #1: IKEv1 DPD: action - putting connection into hold",
		    IW_EV_DPD_DEAD, IKE, "x", 0, "", 1, 0, 0, "dpd_dead_peer", 0, 1),
		P("\"x\" #1: IKEv1 DPD action - clearing connection kind CK_PERMANENT",
		    IW_EV_DPD_DEAD, IKE, "x", 0, "", 1, 0, 0, "dpd_dead_peer", 0, 1),
		P("\"peerl-peerdpt2\" #5: DPD action - restarting all connections that "
		    "share this peer", IW_EV_DPD_DEAD, IKE, "peerl-peerdpt2", 0, "", 5,
		    0, 0, "dpd_dead_peer", 0, 1),
		P("\"x\" #1: liveness_check - peer 1.2.3.4 has not responded in 32 "
		    "seconds, with a timeout of 30, taking action:restart",
		    IW_EV_DPD_DEAD, IKE, "x", 0, "", 1, 0, 0, "dpd_dead_peer", 0, 1),
		P("\"x\" #1: IKEv2 liveness: action - clearing connection kind "
		    "CK_PERMANENT", IW_EV_DPD_DEAD, IKE, "x", 0, "", 1, 0, 0,
		    "dpd_dead_peer", 0, 1),
		P("\"x\" #3: initiate rekey of IKEv2 CREATE_CHILD_SA IKE Rekey",
		    IW_EV_REKEY_START, IKE, "x", 0, "", 3, 0, 0, "", 0, 0),
		P("\"x\" #1: deleting state (STATE_MAIN_I4) aged 3.2s and sending "
		    "notification", IW_EV_DELETE, IKE, "x", 0, "", 1, 0, 0, "", 0, 0),
		P("\"x\" #1: received Delete SA payload: delete IPsec State #2 now",
		    IW_EV_DELETE, CHILD, "x", 0, "", 2, 1, 0, "", 0, 0),
		P("\"x\" #1: received Delete SA payload: self-deleting ISAKMP State #1",
		    IW_EV_DELETE, IKE, "x", 0, "", 1, 0, 0, "", 0, 0),
		P("\"x\" #2: ESP traffic information: in=84B out=84B", IW_EV_INFO, CHILD,
		    "x", 0, "", 2, 0, 0, "", 0, 0),
		P("\"x\" #1: deleting incomplete state after 60.000 seconds",
		    IW_EV_DELETE, IKE, "x", 0, "", 1, 0, 0, "", 0, 0),
		P("\"x\" #1: PSK Authentication failed: AUTH mismatch in responder!",
		    IW_EV_ERROR, IKE, "x", 0, "", 1, 0, 0, "psk_mismatch_ikev2", 0, 0),
		P("\"x\" #1: Failed to find our PreShared Key", IW_EV_ERROR, IKE, "x", 0,
		    "", 1, 0, 0, "psk_missing", 0, 0),
		P("\"x\" #1: IKE SA authentication request rejected by peer: "
		    "AUTHENTICATION_FAILED", IW_EV_ERROR, IKE, "x", 0, "", 1, 0, 0,
		    "auth_failed_by_peer", 0, 0),
		P("\"x\" #1: STATE_PARENT_I1: received unauthenticated "
		    "v2N_NO_PROPOSAL_CHOSEN - ignored", IW_EV_ERROR, IKE, "x", 0, "", 1,
		    0, 0, "ike_proposal_mismatch", 0, 0),
		P("\"x\" #1: Oakley Transform [AES_CBC (256), HMAC_SHA1, MODP1536] "
		    "refused due to strict flag", IW_EV_ERROR, IKE, "x", 0, "", 1, 0, 0,
		    "ike_proposal_mismatch", 0, 0),
		P("\"x\" #2: IKE_AUTH response contained the error notification "
		    "NO_PROPOSAL_CHOSEN", IW_EV_ERROR, CHILD, "x", 0, "", 2, 0, 0,
		    "esp_proposal_mismatch", 0, 0),
		P("\"x\" #2: IKE_AUTH response contained the error notification "
		    "TS_UNACCEPTABLE", IW_EV_ERROR, CHILD, "x", 0, "", 2, 0, 0,
		    "ts_unacceptable", 0, 0),
		P("\"x\" #1: ignoring informational payload INVALID_ID_INFORMATION, "
		    "msgid=00000000, length=12", IW_EV_ERROR, NOSA, "x", 0, "", 1, 0, 0,
		    "invalid_id_information", 0, 0),
		P("\"x\" #1: received and ignored notification payload: "
		    "INVALID_ID_INFORMATION", IW_EV_ERROR, NOSA, "x", 0, "", 1, 0, 0,
		    "invalid_id_information", 0, 0),
		P("\"x\" #1: ignoring informational payload IPSEC_INITIAL_CONTACT, "
		    "msgid=00000000, length=28", IW_EV_INFO, NOSA, "x", 0, "", 1, 0, 0, "",
		    0, 0),
		P("packet from 1.2.3.4:500: initial Main Mode message received on "
		    "192.0.2.1:500 but no connection has been authorized with policy "
		    "PSK+IKEV1_ALLOW", IW_EV_ERROR, IKE, "", 0, "1.2.3.4", 0, 0, 0,
		    "no_conn_for_peer_p1", 0, 0),
		P("packet from 1.2.3.4:500: initial parent SA message received on "
		    "192.0.2.1:500 but no suitable connection found with IKEv2 policy",
		    IW_EV_ERROR, IKE, "", 0, "1.2.3.4", 0, 0, 0, "no_conn_for_peer_p1",
		    0, 0),
		P("\"x\" #1: we require IKEv2 peer to have ID '@a', but peer declares "
		    "'@b'", IW_EV_ERROR, IKE, "x", 0, "", 1, 0, 0, "id_mismatch", 0, 0),
		P("\"x\" #1: ERROR: Peer's Certificate has expired.", IW_EV_ERROR, IKE,
		    "x", 0, "", 1, 0, 0, "cert_expired", 0, 0),
		P("\"x\" #2: ERROR: netlink response for Add SA esp.abc@1.2.3.4 included "
		    "errno 93: Protocol not supported", IW_EV_ERROR, CHILD, "x", 0, "",
		    2, 0, 0, "kernel_sa_install_failed", 0, 0),
		P("\"x\" #1: DOS mode on; responding to IKE_SA_INIT with cookie "
		    "notification request", IW_EV_ERROR, IKE, "x", 0, "", 1, 0, 0,
		    "half_open_dos", 0, 0),
		P("\"x\" #1: IKEv1 Aggressive Mode with PSK is vulnerable to dictionary "
		    "attacks and is cracked on large scale by TLA's", IW_EV_INFO, IKE,
		    "x", 0, "", 1, 0, 0, "aggr_psk_refused", 0, 0),
		/* Whack output pasted from "ipsec auto --up". */
		P("004 \"westnet-eastnet\" #2: STATE_QUICK_I2: sent QI2, IPsec SA "
		    "established tunnel mode {ESP=>0xESPESP <0xESPESP xfrm=AES_128-"
		    "HMAC_SHA1 NATOA=none NATD=none DPD=passive}", IW_EV_P2_UP, CHILD,
		    "westnet-eastnet", 0, "", 2, 0, 0, "", 0, 0),
		P("010 \"mtntest\" #1056: STATE_PARENT_I1: retransmission; will wait 0.5 "
		    "seconds for response", IW_EV_RETRANSMIT, IKE, "mtntest", 0, "",
		    1056, 0, 0, "", 0, 0),
		P("1v2 \"x\" #1: initiating IKEv2 IKE SA", IW_EV_NEG_START, IKE, "x", 0,
		    "", 1, 0, 0, "", 0, 0),
		P("003 \"x\" #1: STATE_MAIN_I1: initiate", IW_EV_NEG_START, IKE, "x", 0,
		    "", 1, 0, 0, "", 0, 0),
	};

	(void)state;
	check_table(IW_DAEMON_PLUTO, w, N(w));
}

/* Libreswan 4.x. */
static void
test_pluto_libreswan4(void **state)
{
	static const struct want w[] = {
		P("\"x\" #1: initiating IKEv1 Main Mode connection", IW_EV_NEG_START,
		    IKE, "x", 0, "", 1, 0, 0, "", 0, 0),
		P("\"x\" #1: sent Main Mode request", IW_EV_INFO, IKE, "x", 0, "", 1, 0,
		    0, "", 0, 0),
		P("\"x\" #1: Peer ID is ID_FQDN: '@east'", IW_EV_INFO, IKE, "x", 0, "",
		    1, 0, 0, "", 0, 0),
		P("\"x\" #1: IKE SA established {auth=RSA_SIG cipher=AES_CBC_256 "
		    "integ=HMAC_SHA2_256 group=MODP2048}", IW_EV_P1_UP, IKE, "x", 0, "",
		    1, 0, 0, "", 0, 0),
		P("\"x\" #2: initiating Quick Mode IKEv1+PSK+ENCRYPT+TUNNEL+PFS+UP+"
		    "IKE_FRAG_ALLOW+ESN_NO", IW_EV_NEG_START, CHILD, "x", 0, "", 2, 0, 0,
		    "", 0, 0),
		P("\"x\" #2: sent Quick Mode reply, inbound IPsec SA installed, "
		    "expecting confirmation tunnel mode {ESPinUDP=>0x1 <0x2 xfrm=AES_CBC_"
		    "128-HMAC_SHA1_96 DPD=passive}", IW_EV_INFO, CHILD, "x", 0, "", 2, 0,
		    0, "", 0, 0),
		P("\"x\" #2: IPsec SA established tunnel mode {ESPinUDP=>0x1 <0x2 "
		    "xfrm=AES_CBC_128-HMAC_SHA1_96 DPD=passive}", IW_EV_P2_UP, CHILD, "x",
		    0, "", 2, 0, 0, "", 0, 0),
		P("\"x\" #1: initiating IKEv2 connection", IW_EV_NEG_START, IKE, "x", 0,
		    "", 1, 0, 0, "", 0, 0),
		P("\"x\" #3: initiating IKEv2 connection to replace IKE SA #1",
		    IW_EV_REKEY_START, IKE, "x", 0, "", 3, 0, 1, "", 0, 0),
		P("\"x\" #1: sent IKE_SA_INIT request to 192.1.2.23:500", IW_EV_INFO,
		    IKE, "x", 0, "", 1, 0, 0, "", 0, 0),
		P("\"x\" #1: sent IKE_AUTH request {cipher=AES_GCM_16_256 integ=n/a "
		    "prf=HMAC_SHA2_512 group=MODP2048}", IW_EV_INFO, IKE, "x", 0, "", 1,
		    0, 0, "", 0, 0),
		P("\"x\" #1: sent IKE_SA_INIT reply {cipher=AES_CBC_256 integ=HMAC_SHA2_"
		    "256_128 prf=HMAC_SHA2_256 group=MODP2048}", IW_EV_NEG_RESPOND, IKE,
		    "x", 0, "", 1, 0, 0, "", 0, 0),
		P("\"x\" #1: processing decrypted IKE_AUTH request: SK{IDi,IDr,AUTH,SA,"
		    "TSi,TSr}", IW_EV_INFO, IKE, "x", 0, "", 1, 0, 0, "", 0, 0),
		P("\"x\" #1: authenticated using RSA with SHA2_512 and preloaded "
		    "certificate '@east'", IW_EV_P1_UP, IKE, "x", 0, "", 1, 0, 0, "", 0,
		    0),
		P("\"x\" #1: established IKE SA; authenticated using authby=secret and "
		    "peer ID_FQDN '@east'", IW_EV_P1_UP, IKE, "x", 0, "", 1, 0, 0, "", 0,
		    0),
		P("\"x\" #2: established Child SA using #1; IPsec tunnel [192.0.1.0-"
		    "192.0.1.255:0-65535 0] -> [192.0.2.0-192.0.2.255:0-65535 0] {ESP/ESN"
		    "=>0x1 <0x2 xfrm=AES_GCM_16_256-NONE DPD=passive}", IW_EV_P2_UP,
		    CHILD, "x", 0, "", 2, 1, 0, "", 0, 0),
		P("\"x\" #1: initiator established IKE SA; authenticated peer using "
		    "authby=secret and ID_FQDN '@east'", IW_EV_P1_UP, IKE, "x", 0, "", 1,
		    0, 0, "", 0, 0),
		P("\"x\" #2: initiator established Child SA using #1; IPsec tunnel "
		    "[192.0.1.0-192.0.1.255:0-65535 0] -> [192.0.2.0-192.0.2.255:0-65535 "
		    "0] {ESP/ESN=>0x1 <0x2 xfrm=AES_GCM_16_256-NONE DPD=passive}",
		    IW_EV_P2_UP, CHILD, "x", 0, "", 2, 1, 0, "", 0, 0),
		P("\"road-eastnet-ikev2\"[1] 192.1.2.254 #2: responder established "
		    "Child SA using #1; IPsec tunnel [192.0.2.0/24===192.1.3.209/32] "
		    "{ESPinUDP/ESN=>0xc2bd61cd <0x2d1fab6f xfrm=AES_GCM_16_256-NONE "
		    "NATD=192.1.2.254:6666 DPD=passive}", IW_EV_P2_UP, CHILD,
		    "road-eastnet-ikev2", 1, "192.1.2.254", 2, 1, 0, "", 0, 0),
		P("\"x\" #3: initiating rekey to replace Child SA #2", IW_EV_REKEY_START,
		    CHILD, "x", 0, "", 3, 0, 2, "", 0, 0),
		P("\"x\" #3: initiator rekeyed Child SA #2 using #1; IPsec tunnel "
		    "[192.0.1.0/24===192.0.2.0/24] {ESP/ESN=>0x1 <0x2 xfrm=AES_GCM_16_256"
		    "-NONE DPD=passive}", IW_EV_REKEY_DONE, CHILD, "x", 0, "", 3, 1, 2,
		    "", 0, 0),
		P("\"x\" #4: initiating rekey to replace IKE SA #1", IW_EV_REKEY_START,
		    IKE, "x", 0, "", 4, 0, 1, "", 0, 0),
		P("\"x\" #4: initiator rekeyed IKE SA #1 {cipher=AES_CBC_256 integ="
		    "HMAC_SHA2_256_128 prf=HMAC_SHA2_256 group=MODP2048}",
		    IW_EV_REKEY_DONE, IKE, "x", 0, "", 4, 0, 1, "", 0, 0),
		P("\"x\" #3: sent CREATE_CHILD_SA request for new IPsec SA",
		    IW_EV_NEG_START, CHILD, "x", 0, "", 3, 0, 0, "", 0, 0),
		P("\"x\" #1: STATE_V2_PARENT_I1: retransmission; will wait 1 seconds for "
		    "response", IW_EV_RETRANSMIT, IKE, "x", 0, "", 1, 0, 0, "", 0, 0),
		P("\"x\" #1: STATE_V2_PARENT_I1: 5 second timeout exceeded after 3 "
		    "retransmits.  No response (or no acceptable response) to our first "
		    "IKEv2 message", IW_EV_GIVE_UP, IKE, "x", 0, "", 1, 0, 0,
		    "peer_no_response_p1", 0, 0),
		P("\"ikev2-cp\"[1] 112.97.81.132 #1: STATE_V2_ESTABLISHED_IKE_SA: 300 "
		    "second timeout exceeded after 10 retransmits.  No response (or no "
		    "acceptable response) to our IKEv2 message", IW_EV_GIVE_UP, IKE,
		    "ikev2-cp", 1, "112.97.81.132", 1, 0, 0, "established_sa_timeout",
		    0, 1),
		P("\"x\" #1: liveness action - putting connection into hold",
		    IW_EV_DPD_DEAD, IKE, "x", 0, "", 1, 0, 0, "dpd_dead_peer", 0, 1),
		P("ERROR: \"east-west\" #2: netlink response for Add SA "
		    "esp.c30c114b@192.0.2.1: Protocol not supported (errno 93)",
		    IW_EV_ERROR, CHILD, "east-west", 0, "", 2, 0, 0,
		    "kernel_sa_install_failed", 0, 0),
		P("ERROR: \"x\" #2: kernel: xfrm XFRM_MSG_NEWPOLICY add response for "
		    "flow x: File exists (errno 17)", IW_EV_ERROR, CHILD, "x", 0, "", 2,
		    0, 0, "kernel_policy_failed", 0, 0),
		P("\"x\" #2: received delete request for ESP SA(0x12345678) but "
		    "corresponding state not found", IW_EV_ERROR, CHILD, "x", 0, "", 2,
		    0, 0, "stale_sa_unknown_spi", 0, 0),
		P("\"x\" #1: deleting IKE SA but connection is supposed to remain up; "
		    "schedule EVENT_REVIVE_CONNS", IW_EV_RETRY, IKE, "x", 0, "", 1, 0, 0,
		    "", 0, 0),
		P("\"x\" #2: received soft EXPIRE for outbound SPI 0x12345678 rekey=yes; "
		    "replacing", IW_EV_REKEY_START, CHILD, "x", 0, "", 2, 0, 0, "", 0, 0),
		P("\"x\" #1: Peer ID '@b' mismatched on first found connection and no "
		    "better connection found", IW_EV_ERROR, IKE, "x", 0, "", 1, 0, 0,
		    "id_mismatch", 0, 0),
		P("\"x\" #1: dropping unexpected IKE_SA_INIT message containing "
		    "NO_PROPOSAL_CHOSEN notification; message payloads: N; missing "
		    "payloads: SA,KE,Ni", IW_EV_ERROR, IKE, "x", 0, "", 1, 0, 0,
		    "ike_proposal_mismatch", 0, 0),
		P("\"x\" #1: Received unauthenticated INVALID_KE_PAYLOAD response to DH "
		    "MODP1536; resending with suggested DH MODP2048", IW_EV_INFO, IKE,
		    "x", 0, "", 1, 0, 0, "dh_group_mismatch", 0, 0),
		P("\"x\"[1] 1.2.3.4: deleting connection instance with peer 1.2.3.4 "
		    "{isakmp=#0/ipsec=#0}", IW_EV_DELETE, NOSA, "x", 1, "1.2.3.4", 0, 0,
		    0, "", 0, 0),
		P("packet from 1.2.3.4:500: initial Main Mode message received but no "
		    "connection has been authorized with authby=PSK and xauth=no",
		    IW_EV_ERROR, IKE, "", 0, "1.2.3.4", 0, 0, 0, "no_conn_for_peer_p1",
		    0, 0),
		P("\"x\" #1: NSS: ERROR: IPsec certificate CN=x invalid: "
		    "SEC_ERROR_EXPIRED_CERTIFICATE: Peer's Certificate has expired.",
		    IW_EV_ERROR, IKE, "x", 0, "", 1, 0, 0, "cert_expired", 0, 0),
		P("\"x\" #1: NSS: ERROR: IPsec certificate CN=x invalid: "
		    "SEC_ERROR_UNKNOWN_ISSUER: Peer's Certificate issuer is not "
		    "recognized.", IW_EV_ERROR, IKE, "x", 0, "", 1, 0, 0,
		    "cert_untrusted", 0, 0),
		P("\"x\" #1: X509: authentication failed; peer certificate subjectAltName "
		    "extension does not match ID_FQDN 'east'", IW_EV_ERROR, IKE, "x", 0,
		    "", 1, 0, 0, "cert_id_mismatch", 0, 0),
		P("\"x\": connection x's RSA private key not found", IW_EV_ERROR, IKE,
		    "x", 0, "", 0, 0, 0, "private_key_missing", 0, 0),
		P("\"x\" #1: leasing IPv4 address failed: address pool exhausted",
		    IW_EV_ERROR, IKE, "x", 0, "", 1, 0, 0, "vip_pool_exhausted", 0, 0),
		P("\"x\" #2: CHILD SA failed: TS_UNACCEPTABLE", IW_EV_ERROR, CHILD, "x",
		    0, "", 2, 0, 0, "ts_unacceptable", 0, 0),
		P("\"x\" #1: not replacing stale IKE SA #1; as already got a newer #3",
		    IW_EV_INFO, NOSA, "x", 0, "", 1, 0, 0, "", 0, 0),
		P("\"x\" #2: setup_half_ipsec_sa() hit fail:", IW_EV_INFO, CHILD, "x", 0,
		    "", 2, 0, 0, "kernel_sa_install_failed", 0, 0),
		P("\"x\" #2: state transition function for STATE_QUICK_R1 had internal "
		    "error", IW_EV_INFO, NOSA, "x", 0, "", 2, 0, 0, "", 0, 0),
		P("Pluto is shutting down", IW_EV_DAEMON_STOP, NOSA, "", 0, "", 0, 0, 0,
		    "", 0, 0),
	};

	(void)state;
	check_table(IW_DAEMON_PLUTO, w, N(w));
}

/* Libreswan 5.x. */
static void
test_pluto_libreswan5(void **state)
{
	static const struct want w[] = {
		P("\"TestConn\" #1030: scheduling retry attempt 1 of an unlimited "
		    "number, but releasing whack", IW_EV_RETRY, IKE, "TestConn", 0, "",
		    1030, 0, 0, "", 0, 0),
		P("packet from 192.0.2.57:61160: responding to IKE_SA_INIT (34) message "
		    "(Message ID 0) from 192.0.2.57:61160 with unencrypted notification "
		    "NO_PROPOSAL_CHOSEN", IW_EV_INFO, IKE, "", 0, "192.0.2.57", 0, 0, 0,
		    "", 0, 0),
		P("\"office_b_tun\" #3: Can't find the private key from the NSS CERT "
		    "(err -12285)", IW_EV_ERROR, IKE, "office_b_tun", 0, "", 3, 0, 0,
		    "private_key_missing", 0, 0),
		P("\" /1x3\" #33: received duplicate IKE_SA_INIT message request "
		    "(Message ID 0); retransmitting response", IW_EV_INFO, NOSA,
		    " /1x3", 0, "", 33, 0, 0, "", 0, 0),
		/* Libreswan 4.7 responder (libreswan/libreswan#786). */
		P("\"gcp/1x3\" #79: No IKEv2 connection found with compatible "
		    "Traffic Selectors", IW_EV_ERROR, CHILD, "gcp/1x3", 0, "", 79, 0, 0,
		    "ts_unacceptable", 0, 0),
		P("\"gcp/1x3\" #79: responding to CREATE_CHILD_SA message (ID 715) "
		    "from 192.0.2.1:500 with encrypted notification TS_UNACCEPTABLE",
		    IW_EV_INFO, CHILD, "gcp/1x3", 0, "", 79, 0, 0, "ts_unacceptable",
		    0, 0),
		/* Seen in libreswan/libreswan#2108 (5.1): no "dropping ". */
		P("\"private-or-clear#192.0.2.0/24\"[3] ...192.0.2.51 #3: unexpected "
		    "IKE_SA_INIT message containing NO_PROPOSAL_CHOSEN notification; "
		    "message payloads: N; missing payloads: SA,KE,Ni", IW_EV_ERROR, IKE,
		    "private-or-clear#192.0.2.0/24", 3, "192.0.2.51", 3, 0, 0,
		    "ike_proposal_mismatch", 0, 0),
		P("packet from 192.0.2.50:500: ISAKMP_v2_IKE_SA_INIT message received "
		    "on 192.0.2.51:500 but no suitable connection found with IKEv2 "
		    "policy", IW_EV_ERROR, IKE, "", 0, "192.0.2.50", 0, 0, 0,
		    "no_conn_for_peer_p1", 0, 0),
		P("\"SRX/1x2\" #1: switching CHILD #4 to pending connection "
		    "\"SRX/1x1\"", IW_EV_INFO, NOSA, "SRX/1x2", 0, "", 1, 0, 0, "", 0,
		    0),
		P("\"westnet-eastnet-ipv4-psk-ikev2\" #1: initiating IKEv2 connection to "
		    "192.1.2.23 using UDP", IW_EV_NEG_START, IKE,
		    "westnet-eastnet-ipv4-psk-ikev2", 0, "192.1.2.23", 1, 0, 0, "", 0, 0),
		P("\"x\" #1: sent IKE_SA_INIT request to 192.1.2.23:UDP/500", IW_EV_INFO,
		    IKE, "x", 0, "", 1, 0, 0, "", 0, 0),
		P("\"x\" #1: processed IKE_SA_INIT response from 192.1.2.23:UDP/500 "
		    "{cipher=AES_GCM_16_256 integ=n/a prf=HMAC_SHA2_512 ke=DH19}, "
		    "initiating IKE_AUTH", IW_EV_INFO, IKE, "x", 0, "", 1, 0, 0, "", 0, 0),
		P("\"x\" #1: sent IKE_AUTH request to 192.1.2.23:UDP/500 with "
		    "shared-key-mac and FQDN '@west'; Child SA #2 {ESP <0xESPESP} "
		    "[192.0.1.0/24===192.0.2.0/24]", IW_EV_INFO, IKE, "x", 0, "", 1, 0, 0,
		    "", 0, 0),
		P("\"x\" #1: processing IKE_AUTH response from 192.1.2.23:UDP/500 "
		    "containing SK{IDr,AUTH,SA,TSi,TSr}", IW_EV_INFO, IKE, "x", 0, "", 1,
		    0, 0, "", 0, 0),
		P("\"x\" #1: initiator established IKE SA; authenticated peer using "
		    "authby=secret and FQDN '@east'", IW_EV_P1_UP, IKE, "x", 0, "", 1, 0,
		    0, "", 0, 0),
		P("\"x\" #2: initiator established Child SA using #1; IPsec tunnel "
		    "[192.0.1.0/24===192.0.2.0/24] {ESP/ESN=>0x1 <0x2 xfrm=AES_GCM_16_256"
		    " DPD=passive}", IW_EV_P2_UP, CHILD, "x", 0, "", 2, 1, 0, "", 0, 0),
		P("\"x\" #1: processing IKE_SA_INIT request from 1.2.3.4:UDP/500 "
		    "containing SA,KE,Ni,N(IKEV2_FRAGMENTATION_SUPPORTED)", IW_EV_INFO,
		    IKE, "x", 0, "", 1, 0, 0, "", 0, 0),
		P("\"x\" #1: sent IKE_SA_INIT response to 1.2.3.4:UDP/500 "
		    "{cipher=AES_GCM_16_256 integ=n/a prf=HMAC_SHA2_512 group=DH19}",
		    IW_EV_NEG_RESPOND, IKE, "x", 0, "", 1, 0, 0, "", 0, 0),
		P("\"x\" #1: ISAKMP SA established {auth=PRESHARED_KEY cipher=AES_CBC_256 "
		    "integ=HMAC_SHA2_256 group=MODP2048}", IW_EV_P1_UP, IKE, "x", 0, "", 1,
		    0, 0, "", 0, 0),
		P("\"x\" #2: responding to Quick Mode proposal {msgid:01020304} using "
		    "ISAKMP SA #1", IW_EV_NEG_RESPOND, CHILD, "x", 0, "", 2, 1, 0, "", 0,
		    0),
		P("\"x\" #2: deleting IPsec SA (QUICK_I2) aged 12.3s and sending "
		    "notification using ISAKMP SA #1", IW_EV_DELETE, CHILD, "x", 0, "", 2,
		    1, 0, "", 0, 0),
		P("\"x\" #1: deleting ISAKMP SA (MAIN_I4) aged 12.3s and sending "
		    "notification", IW_EV_DELETE, IKE, "x", 0, "", 1, 0, 0, "", 0, 0),
		P("\"x\" #1: deleting IKE SA (established IKE SA)", IW_EV_DELETE, IKE,
		    "x", 0, "", 1, 0, 0, "", 0, 0),
		P("\"x\" #1: sent INFORMATIONAL request to delete IKE SA", IW_EV_DELETE,
		    IKE, "x", 0, "", 1, 0, 0, "", 0, 0),
		P("\"x\" #2: sent INFORMATIONAL request to delete established Child SA "
		    "using IKE SA #1", IW_EV_DELETE, CHILD, "x", 0, "", 2, 1, 0, "", 0,
		    0),
		P("\"x\" #3: initiating rekey to replace Child SA #2 using IKE SA #1",
		    IW_EV_REKEY_START, CHILD, "x", 0, "", 3, 1, 2, "", 0, 0),
		P("\"x\" #3: sent CREATE_CHILD_SA request to rekey Child SA #2 using IKE "
		    "SA #1 {ESP <0x1}", IW_EV_INFO, NOSA, "x", 0, "", 3, 1, 0, "", 0, 0),
		P("\"x\" #4: initiating rekey to replace IKE SA #1 using IKE SA #1",
		    IW_EV_REKEY_START, IKE, "x", 0, "", 4, 0, 1, "", 0, 0),
		P("\"x\" #5: initiating Child SA using IKE SA #1", IW_EV_NEG_START,
		    CHILD, "x", 0, "", 5, 1, 0, "", 0, 0),
		P("\"ovn-4bfa90-0-out-1\" #2311: IKE_SA_INIT_I: 60 second timeout "
		    "exceeded after 7 retransmits.  No response (or no acceptable "
		    "response) to our first IKEv2 message", IW_EV_GIVE_UP, IKE,
		    "ovn-4bfa90-0-out-1", 0, "", 2311, 0, 0, "peer_no_response_p1", 0,
		    0),
		P("\"x\" #7: IKE_AUTH_I: 30 second timeout exceeded after 5 retransmits."
		    "  Possible authentication failure: no acceptable response to our "
		    "first encrypted message", IW_EV_GIVE_UP, IKE, "x", 0, "", 7, 0, 0,
		    "auth_no_response_p1", 0, 0),
		P("\"x\" #2311: connection is supposed to remain up; revival attempt 2 "
		    "scheduled in 5 seconds", IW_EV_RETRY, IKE, "x", 0, "", 2311, 0, 0,
		    "", 5, 0),
		P("\"x\" #2311: deleting IKE SA (sent IKE_SA_INIT request)", IW_EV_DELETE,
		    IKE, "x", 0, "", 2311, 0, 0, "", 0, 0),
		P("\"ovn\"[1] 112.97.81.132 #1: ESTABLISHED_IKE_SA: 300 second timeout "
		    "exceeded after 10 retransmits.  No response (or no acceptable "
		    "response) to our IKEv2 message", IW_EV_GIVE_UP, IKE, "ovn", 1,
		    "112.97.81.132", 1, 0, 0, "established_sa_timeout", 0, 1),
		P("\"x\" #5: reviving connection which timeout IKE SA but must remain "
		    "up per local policy (serial $760)", IW_EV_RETRY, IKE, "x", 0, "", 5,
		    0, 0, "", 0, 0),
		P("\"x\" #1: IKE_SA_INIT_I: retransmission; will wait 32 seconds for "
		    "response", IW_EV_RETRANSMIT, IKE, "x", 0, "", 1, 0, 0, "", 0, 0),
		P("\"x\" #1: retransmitting IKE_SA_INIT request; will wait 2 seconds for "
		    "response", IW_EV_RETRANSMIT, IKE, "x", 0, "", 1, 0, 0, "", 0, 0),
		P("\"x\" #1: STATE_MAIN_I1: retransmission; will wait 2 seconds for "
		    "response", IW_EV_RETRANSMIT, IKE, "x", 0, "", 1, 0, 0, "", 0, 0),
		P("packet from 1.2.3.4:500: ignoring IKEv1 packet as global policy is set "
		    "to silently drop all IKEv1 packets", IW_EV_ERROR, NOSA, "", 0,
		    "1.2.3.4", 0, 0, 0, "ikev1_refused", 0, 0),
		P("packet from 192.1.2.45:EPHEM: rejecting IKEv1 packet as global policy "
		    "is set to reject all IKEv1 packets", IW_EV_ERROR, NOSA, "", 0,
		    "192.1.2.45", 0, 0, 0, "ikev1_refused", 0, 0),
		P("\"x\" #1: ignoring IKE_SA_INIT response containing NO_PROPOSAL_CHOSEN "
		    "notification (N)", IW_EV_ERROR, IKE, "x", 0, "", 1, 0, 0,
		    "ike_proposal_mismatch", 0, 0),
		P("\"x\" #1: ignoring unsecured informational payload NO_PROPOSAL_CHOSEN,"
		    " length=12", IW_EV_ERROR, NOSA, "x", 0, "", 1, 0, 0,
		    "ike_proposal_mismatch", 0, 0),
		P("\"x\" #2: response for Child SA #2 was rejected with "
		    "NO_PROPOSAL_CHOSEN; initiating delete of Child SA (IKE SA will "
		    "remain UP)", IW_EV_ERROR, CHILD, "x", 0, "", 2, 0, 0,
		    "esp_proposal_mismatch", 0, 0),
		P("\"x\" #2: IKE_AUTH response rejected Child SA with NO_PROPOSAL_CHOSEN",
		    IW_EV_ERROR, CHILD, "x", 0, "", 2, 0, 0, "esp_proposal_mismatch", 0,
		    0),
		P("\"x\" #1: authentication failed: computed hash does not match hash "
		    "received from peer FQDN '@west'", IW_EV_ERROR, IKE, "x", 0, "", 1, 0,
		    0, "psk_mismatch_ikev2", 0, 0),
		P("\"x\" #1: authentication failed: no PSK found for '@a'", IW_EV_ERROR,
		    IKE, "x", 0, "", 1, 0, 0, "psk_missing", 0, 0),
		P("\"x\" #2: Child SA's Traffic Selector request {TSi=0.0.0.0/0;TSr="
		    "10.0.0.0/8} does not match any IKEv2 connection; responding with "
		    "TS_UNACCEPTABLE", IW_EV_ERROR, CHILD, "x", 0, "", 2, 0, 0,
		    "ts_unacceptable", 0, 0),
		P("\"x\" #2: received delete request for ESP Child SA with outbound SPI "
		    "0x12345678; Child SA not found", IW_EV_ERROR, CHILD, "x", 0, "", 2,
		    0, 0, "stale_sa_unknown_spi", 0, 0),
		P("packet from 1.2.3.4:500: dropping IKE_SA_INIT request from "
		    "1.2.3.4:500 received on 5.6.7.8:500, no suitable connection found "
		    "with IKEv2 policy", IW_EV_ERROR, IKE, "", 0, "1.2.3.4", 0, 0, 0,
		    "no_conn_for_peer_p1", 0, 0),
		P("WARNING: \"x\" #1: groundhog peer certificate 'CN=x' has expired",
		    IW_EV_ERROR, NOSA, "x", 0, "", 1, 0, 0, "cert_expired", 0, 0),
		P("\"x\" #2: command \"up\" output: ok", IW_EV_INFO, NOSA, "x", 0, "", 2,
		    0, 0, "", 0, 0),
		P("\"x\" #1: responding to IKE_SA_INIT request with Message ID 0 with "
		    "unencrypted notification COOKIE, DOS mode is on, initial request "
		    "must include a COOKIE", IW_EV_ERROR, IKE, "x", 0, "", 1, 0, 0,
		    "half_open_dos", 0, 0),
		P("\"x\" #1: received unauthenticated INVALID_KE_PAYLOAD response to Key "
		    "Exchange Method (DH) MODP1536; resending with suggested MODP2048",
		    IW_EV_INFO, IKE, "x", 0, "", 1, 0, 0, "dh_group_mismatch", 0, 0),
		P("\"x\" #1: Quick Mode request rejected, peer requested lease of "
		    "10.0.0.5/32 but it is unavailable, lease in use; deleting ISAKMP SA",
		    IW_EV_ERROR, CHILD, "x", 0, "", 1, 0, 0, "vip_pool_exhausted", 0, 0),
		P("\"x\"[1] 1.2.3.4: deleting connection instance with peer 1.2.3.4",
		    IW_EV_DELETE, NOSA, "x", 1, "1.2.3.4", 0, 0, 0, "", 0, 0),
		P("\"x\" #1: Peer ID is FQDN: '@east'", IW_EV_INFO, IKE, "x", 0, "", 1,
		    0, 0, "", 0, 0),
		P("\"x\" #2: received soft EXPIRE for outbound SPI SPISPI bytes 588 "
		    "packets 7 rekey=yes; replacing", IW_EV_REKEY_START, CHILD, "x", 0,
		    "", 2, 0, 0, "", 0, 0),
	};

	(void)state;
	check_table(IW_DAEMON_PLUTO, w, N(w));
}

/* Prefix forms: quotes, instances, opportunistic, serials, streams. */
static void
test_pluto_prefixes(void **state)
{
	static const struct want w[] = {
		/* Typographic quotes from a web page. */
		P("\xe2\x80\x9c" "abc" "\xe2\x80\x9d" " #624: responding to Main Mode",
		    IW_EV_NEG_RESPOND, IKE, "abc", 0, "", 624, 0, 0, "", 0, 0),
		/* Nested instances: the outer one stays in the name. */
		P("\"rw\"[1][2] 192.0.2.7 #3: IPsec SA established tunnel mode",
		    IW_EV_P2_UP, CHILD, "rw[1]", 2, "192.0.2.7", 3, 0, 0, "", 0, 0),
		/* Opportunistic: "...peer". */
		P("\"private-or-clear#192.1.2.0/24\"[1] ...192.1.2.23 #1: initiating "
		    "IKEv2 connection", IW_EV_NEG_START, IKE,
		    "private-or-clear#192.1.2.0/24", 1, "192.1.2.23", 1, 0, 0, "", 0, 0),
		P("\"oe\"[4] 10.0.0.0/24=== ...1.2.3.4===10.1.0.0/24 #7: initiating Main "
		    "Mode", IW_EV_NEG_START, IKE, "oe", 4, "1.2.3.4", 7, 0, 0, "", 0, 0),
		/* A name with spaces and '#'. */
		P("\"my conn #2\" #5: ISAKMP SA established", IW_EV_P1_UP, IKE,
		    "my conn #2", 0, "", 5, 0, 0, "", 0, 0),
		/* IPv6 peer. */
		P("\"rw6\"[2] 2001:db8::7 #9: IPsec SA established tunnel mode",
		    IW_EV_P2_UP, CHILD, "rw6", 2, "2001:db8::7", 9, 0, 0, "", 0, 0),
		/* A connection serial in the prefix is not a state. */
		P("\"x\" $3 #5: IPsec SA established tunnel mode", IW_EV_P2_UP, CHILD,
		    "x", 0, "", 5, 0, 0, "", 0, 0),
		/* ERROR after the prefix (Openswan, Libreswan 3.x)... */
		P("\"x\" #2: ERROR: netlink response for Add SA esp.1@2.3.4.5 included "
		    "errno 22: Invalid argument", IW_EV_ERROR, CHILD, "x", 0, "", 2, 0,
		    0, "kernel_sa_install_failed", 0, 0),
		/* ... and before it (Libreswan 4.x, 5.x). */
		P("ERROR: \"x\" #2: netlink response for Add SA esp.1@2.3.4.5: Invalid "
		    "argument (errno 22)", IW_EV_ERROR, CHILD, "x", 0, "", 2, 0, 0,
		    "kernel_sa_install_failed", 0, 0),
		/* Debug lines are known and never events. */
		P("| processing: start state #1", IW_EV_INFO, NOSA, "", 0, "", 0, 0, 0,
		    "", 0, 0),
		/* IPv6 "packet from". */
		P("packet from [2001:db8::1]:500: received Vendor ID payload [RFC 3947]",
		    IW_EV_INFO, NOSA, "", 0, "2001:db8::1", 0, 0, 0, "", 0, 0),
		/* Unknown wordings are not events. */
		{ "\"x\" #1: the flux capacitor is out of sync", U, 0, 0, NULL, 0,
		    NULL, 0, 0, 0, NULL, 0, 0 },
		{ "EXPECTATION FAILED: \"x\" #1: st->st_serialno != 0", U, 0, 0, NULL,
		    0, NULL, 0, 0, 0, NULL, 0, 0 },
		{ "FATAL ERROR: something new", U, 0, 0, NULL, 0, NULL, 0, 0, 0, NULL,
		    0, 0 },
		{ "\"x\" #1: IKE SA frobnicated", U, 0, 0, NULL, 0, NULL, 0, 0, 0, NULL,
		    0, 0 },
		{ "\"unterminated #1: ISAKMP SA established", U, 0, 0, NULL, 0, NULL, 0,
		    0, 0, NULL, 0, 0 },
		{ "", U, 0, 0, NULL, 0, NULL, 0, 0, 0, NULL, 0, 0 },
	};

	(void)state;
	check_table(IW_DAEMON_PLUTO, w, N(w));
}

/* The IPCop excerpt of DESIGN.md (newest first, typographic quotes). */
static void
test_ipcop_excerpt(void **state)
{
	static const struct want w[] = {
		{ "22:49:47 pluto[585] \"abc\" #4: STATE_QUICK_I2 sent QI2, IPsec SA "
		    "established", E, IW_EV_P2_UP, CHILD, "abc", 0, "", 4, 0, 0, "", 0,
		    0 },
		{ "22:49:47 pluto[585] \xe2\x80\x9c" "abc" "\xe2\x80\x9d #624: "
		    "STATE_QUICK_I1 initiate", E, IW_EV_NEG_START, CHILD, "abc", 0, "",
		    624, 0, 0, "", 0, 0 },
		{ "22:49:46 pluto[585] \xe2\x80\x9c" "abc" "\xe2\x80\x9d #624: sent MR3, "
		    "ISAKMP SA established", E, IW_EV_P1_UP, IKE, "abc", 0, "", 624, 0,
		    0, "", 0, 0 },
		{ "22:49:46 pluto[585] \xe2\x80\x9c" "abc" "\xe2\x80\x9d #624: "
		    "transition from state STATE_MAIN_R2 to state STATE_MAIN_R3", E,
		    IW_EV_INFO, NOSA, "abc", 0, "", 624, 0, 0, "", 0, 0 },
		{ "22:49:46 pluto[585] \xe2\x80\x9c" "abc" "\xe2\x80\x9d #624: Main mode "
		    "peer ID is ID_IPV4_ADDR: www.xxx.yyy.zzz", E, IW_EV_INFO, IKE, "abc",
		    0, "", 624, 0, 0, "", 0, 0 },
		{ "22:49:46 pluto[585] \xe2\x80\x9c" "abc" "\xe2\x80\x9d #624: "
		    "NAT-Traversal: Result using draft-ietfipsec-nat-t-ike-02/03: no NAT "
		    "detected", E, IW_EV_INFO, NOSA, "abc", 0, "", 624, 0, 0, "", 0, 0 },
		{ "22:49:46 pluto[585] \xe2\x80\x9c" "abc" "\xe2\x80\x9d #624: "
		    "transition from state (null) to state STATE_MAIN_R1", E, IW_EV_INFO,
		    NOSA, "abc", 0, "", 624, 0, 0, "", 0, 0 },
		{ "22:49:46 pluto[585] \xe2\x80\x9c" "abc" "\xe2\x80\x9d #624: "
		    "responding to Main Mode", E, IW_EV_NEG_RESPOND, IKE, "abc", 0, "",
		    624, 0, 0, "", 0, 0 },
	};
	struct parse_ctx	*ctx;
	struct iw_event		 ev;
	const char		*l = w[0].line;

	(void)state;
	check_table(IW_DAEMON_NONE, w, N(w));
	/* The time of day lands on the reference day. */
	ctx = parse_ctx_new(REF_2026_11_27, NULL);
	assert_int_equal(parse_line(ctx, l, strlen(l), &ev), PARSE_EVENT);
	assert_int_equal(ev.ts_us, utc_us(2026, 11, 27, 22, 49, 47));
	assert_int_equal(ev.pid, 585);
	assert_int_equal(ev.daemon, IW_DAEMON_PLUTO);
	parse_ctx_free(ctx);
}

/* ---- charon: one line per catalog wording ------------------------------- */

/* strongSwan 4.x to 6.x message bodies. */
static void
test_charon_wordings(void **state)
{
	static const struct want w[] = {
		/* 4.x */
		P("03[IKE] initiating IKE_SA home[1] to 192.168.0.1", IW_EV_NEG_START,
		    IKE, "home", 0, "192.168.0.1", 1, 0, 0, "", 0, 0),
		P("05[IKE] IKE_SA home[1] established between 10.0.0.1[moon]..."
		    "10.0.0.2[sun]", IW_EV_P1_UP, IKE, "home", 0, "10.0.0.2", 1, 0, 0, "",
		    0, 0),
		P("05[IKE] CHILD_SA home{1} established with SPIs c1f8b2a2_i cc4b9d50_o "
		    "and TS 10.1.0.0/16=== 10.2.0.0/16", IW_EV_P2_UP, CHILD, "home", 0,
		    "", 1, 1, 0, "", 0, 0),
		P("12[IKE] 192.168.0.100 is initiating an IKE_SA", IW_EV_NEG_RESPOND,
		    IKE, "", 0, "192.168.0.100", 0, 0, 0, "", 0, 0),
		P("09[IKE] scheduling rekeying in 3240s", IW_EV_REKEY_SCHEDULED, IKE, "",
		    0, "", 0, 0, 0, "", 3240, 0),
		P("09[IKE] scheduling reauthentication in 10155s", IW_EV_REKEY_SCHEDULED,
		    IKE, "", 0, "", 0, 0, 0, "", 10155, 0),
		P("09[IKE] maximum IKE_SA lifetime 10800s", IW_EV_LIFETIME, IKE, "", 0,
		    "", 0, 0, 0, "", 10800, 0),
		P("09[IKE] tried 1 shared key for 'sun.strongswan.org' - "
		    "'moon.strongswan.org', but MAC mismatched", IW_EV_ERROR, IKE, "", 0,
		    "", 0, 0, 0, "psk_mismatch_ikev2", 0, 0),
		P("11[CFG] no matching peer config found", IW_EV_ERROR, IKE, "", 0, "",
		    0, 0, 0, "id_mismatch", 0, 0),
		/* 5.x with ike_name = yes and log_level = yes */
		P("10[IKE] <con1|1> initiating IKE_SA con1[2] to 10.0.0.2",
		    IW_EV_NEG_START, IKE, "con1", 0, "10.0.0.2", 2, 0, 0, "", 0, 0),
		P("13[IKE] <Conn0|1> local host is behind NAT, sending keep alives",
		    IW_EV_INFO, NOSA, "Conn0", 0, "", 0, 1, 0, "", 0, 0),
		P("06[IKE] <gw-gw|1> scheduling reauthentication in 113s",
		    IW_EV_REKEY_SCHEDULED, IKE, "gw-gw", 0, "", 1, 0, 0, "", 113, 0),
		P("15[IKE] <339d9b96-f0cd|3> CHILD_SA ab662ff1-55d2{5} established with "
		    "SPIs c5c8cfc2_i c679466d_o and TS 192.168.128.0/17 === "
		    "192.168.0.0/17", IW_EV_P2_UP, CHILD, "339d9b96-f0cd", 0, "", 5, 3, 0,
		    "", 0, 0),
		P("12[IKE1] <C1|3> authentication of 'CN=intra.net.lan' with "
		    "RSA_EMSA_PKCS1_NULL successful", IW_EV_INFO, IKE, "C1", 0, "", 3, 0,
		    0, "", 0, 0),
		P("14[IKE] <7> 10.0.0.9 is initiating a Main Mode IKE_SA",
		    IW_EV_NEG_RESPOND, IKE, "", 0, "10.0.0.9", 7, 0, 0, "", 0, 0),
		P("11[CFG] looking for peer configs matching 10.0.0.1[router01]..."
		    "10.0.0.2[C=NO, O=halvors, CN=router02]", IW_EV_INFO, IKE, "", 0, "",
		    0, 0, 0, "", 0, 0),
		P("05[IKE] initiating Main Mode IKE_SA gw[3] to 10.0.0.2",
		    IW_EV_NEG_START, IKE, "gw", 0, "10.0.0.2", 3, 0, 0, "", 0, 0),
		P("05[IKE] initiating Aggressive Mode IKE_SA gw[4] to 10.0.0.2",
		    IW_EV_NEG_START, IKE, "gw", 0, "10.0.0.2", 4, 0, 0, "", 0, 0),
		P("05[IKE] 10.0.0.9 is initiating a Aggressive Mode IKE_SA",
		    IW_EV_NEG_RESPOND, IKE, "", 0, "10.0.0.9", 0, 0, 0, "", 0, 0),
		P("08[KNL] creating delete job for CHILD_SA ESP/0x12345678/10.0.0.1",
		    IW_EV_EXPIRE, CHILD, "", 0, "", 0, 0, 0, "", 0, 0),
		P("08[IKE] closing expired CHILD_SA net{3} with SPIs 1_i 2_o and TS "
		    "10.0.0.0/24 === 10.1.0.0/24", IW_EV_EXPIRE, CHILD, "net", 0, "", 3,
		    0, 0, "", 0, 0),
		P("09[IKE] received DELETE for IKE_SA home[1]", IW_EV_DELETE, IKE,
		    "home", 0, "", 1, 0, 0, "", 0, 0),
		P("09[IKE] deleting IKE_SA home[1] between 10.0.0.1[moon]..."
		    "10.0.0.2[sun]", IW_EV_DELETE, IKE, "home", 0, "10.0.0.2", 1, 0, 0,
		    "", 0, 0),
		P("09[IKE] deleting half open IKE_SA with 10.0.0.2 after timeout",
		    IW_EV_DELETE, IKE, "", 0, "", 0, 0, 0, "", 0, 0),
		P("14[IKE] DPD check timed out, enforcing DPD action", IW_EV_DPD_DEAD,
		    IKE, "", 0, "", 0, 0, 0, "dpd_dead_peer", 0, 1),
		P("10[IKE] peer not responding, trying again (2/3)", IW_EV_RETRY, IKE,
		    "", 0, "", 0, 0, 0, "", 0, 0),
		P("10[IKE] reinitiating IKE_SA home[2]", IW_EV_RETRY, IKE, "home", 0, "",
		    2, 0, 0, "", 0, 0),
		P("12[IKE] rekeying IKE_SA failed, peer not responding", IW_EV_GIVE_UP,
		    IKE, "", 0, "", 0, 0, 0, "established_sa_timeout", 0, 1),
		P("12[IKE] proper IKE_SA delete failed, peer not responding",
		    IW_EV_GIVE_UP, IKE, "", 0, "", 0, 0, 0, "established_sa_timeout", 0,
		    1),
		P("13[IKE] received NO_PROPOSAL_CHOSEN notify error", IW_EV_ERROR, IKE,
		    "", 0, "", 0, 0, 0, "ike_proposal_mismatch", 0, 0),
		P("13[IKE] received NO_PROPOSAL_CHOSEN error notify", IW_EV_ERROR, IKE,
		    "", 0, "", 0, 0, 0, "ike_proposal_mismatch", 0, 0),
		P("13[IKE] received AUTHENTICATION_FAILED notify error, destroying "
		    "IKE_SA", IW_EV_ERROR, IKE, "", 0, "", 0, 0, 0, "auth_failed_by_peer",
		    0, 0),
		P("13[IKE] received INVALID_ID_INFORMATION error notify", IW_EV_ERROR,
		    IKE, "", 0, "", 0, 0, 0, "invalid_id_information", 0, 0),
		P("13[IKE] received TS_UNACCEPTABLE notify, no CHILD_SA built",
		    IW_EV_ERROR, CHILD, "", 0, "", 0, 0, 0, "ts_unacceptable", 0, 0),
		P("13[IKE] received NO_PROPOSAL_CHOSEN notify, no CHILD_SA built",
		    IW_EV_ERROR, CHILD, "", 0, "", 0, 0, 0, "esp_proposal_mismatch", 0, 0),
		P("13[CFG] received proposals: IKE:AES_CBC_128/HMAC_SHA2_256_128/"
		    "PRF_HMAC_SHA2_256/MODP_3072", IW_EV_INFO, NOSA, "", 0, "", 0, 0, 0,
		    "", 0, 0),
		P("13[IKE] received proposals unacceptable", IW_EV_ERROR, IKE, "", 0, "",
		    0, 0, 0, "ike_proposal_mismatch", 0, 0),
		P("13[IKE] received proposals inacceptable", IW_EV_ERROR, IKE, "", 0, "",
		    0, 0, 0, "ike_proposal_mismatch", 0, 0),
		P("13[IKE] no proposal found", IW_EV_ERROR, IKE, "", 0, "", 0, 0, 0,
		    "ike_proposal_mismatch", 0, 0),
		P("13[IKE] no acceptable proposal found", IW_EV_ERROR, CHILD, "", 0, "",
		    0, 0, 0, "esp_proposal_mismatch", 0, 0),
		P("13[IKE] failed to establish CHILD_SA, keeping IKE_SA", IW_EV_INFO,
		    CHILD, "", 0, "", 0, 0, 0, "", 0, 0),
		P("13[IKE] no matching proposal found, sending NO_PROPOSAL_CHOSEN",
		    IW_EV_ERROR, CHILD, "", 0, "", 0, 0, 0, "esp_proposal_mismatch", 0,
		    0),
		P("13[IKE] no shared key found for 'a' - 'b'", IW_EV_ERROR, IKE, "", 0,
		    "", 0, 0, 0, "psk_missing", 0, 0),
		P("13[ENC] invalid HASH_V1 payload length, decryption failed?",
		    IW_EV_ERROR, IKE, "", 0, "", 0, 0, 0, "psk_mismatch_ikev1", 0, 0),
		P("13[ENC] invalid ID_V1 payload length, decryption failed?",
		    IW_EV_ERROR, IKE, "", 0, "", 0, 0, 0, "psk_mismatch_ikev1", 0, 0),
		P("13[IKE] calculated HASH does not match HASH payload", IW_EV_ERROR,
		    IKE, "", 0, "", 0, 0, 0, "psk_mismatch_ikev1", 0, 0),
		P("13[IKE] no IKE config found for 1.2.3.4...5.6.7.8, sending "
		    "NO_PROPOSAL_CHOSEN", IW_EV_ERROR, IKE, "", 0, "", 0, 0, 0,
		    "no_conn_for_peer_p1", 0, 0),
		P("13[IKE] IDir '1.2.3.4' does not match to 'gw.example'", IW_EV_ERROR,
		    IKE, "", 0, "", 0, 0, 0, "id_mismatch", 0, 0),
		P("13[IKE] received IDr gw2, but require gw1", IW_EV_ERROR, IKE, "", 0,
		    "", 0, 0, 0, "id_mismatch", 0, 0),
		P("13[CFG] no peer config found", IW_EV_ERROR, IKE, "", 0, "", 0, 0, 0,
		    "id_mismatch", 0, 0),
		P("13[IKE] no matching CHILD_SA config found for 10.0.0.0/24 === "
		    "10.1.0.0/24", IW_EV_ERROR, CHILD, "", 0, "", 0, 0, 0,
		    "p2_subnet_mismatch_ikev1", 0, 0),
		P("13[IKE] traffic selectors 10.1.0.20/32 === 192.168.0.100/32 "
		    "unacceptable", IW_EV_ERROR, CHILD, "", 0, "", 0, 0, 0,
		    "ts_unacceptable", 0, 0),
		P("13[IKE] received DELETE for unknown ESP CHILD_SA with SPI 12345678",
		    IW_EV_ERROR, CHILD, "", 0, "", 0, 0, 0, "stale_sa_unknown_spi", 0, 0),
		P("13[IKE] received message ID 5, expected 6, ignored", IW_EV_ERROR, IKE,
		    "", 0, "", 0, 0, 0, "stale_sa_unknown_spi", 0, 0),
		P("13[KNL] unable to install inbound and outbound IPsec SA (SAD) in "
		    "kernel", IW_EV_ERROR, CHILD, "", 0, "", 0, 0, 0,
		    "kernel_sa_install_failed", 0, 0),
		P("13[KNL] received netlink error: Protocol not supported (93)",
		    IW_EV_ERROR, CHILD, "", 0, "", 0, 0, 0, "kernel_sa_install_failed", 0,
		    0),
		P("13[KNL] unable to add SAD entry with SPI c1234567 (FAILED)",
		    IW_EV_ERROR, CHILD, "", 0, "", 0, 0, 0, "kernel_sa_install_failed", 0,
		    0),
		P("13[IKE] unable to install IPsec policies (SPD) in kernel",
		    IW_EV_ERROR, CHILD, "", 0, "", 0, 0, 0, "kernel_policy_failed", 0, 0),
		P("13[KNL] unable to add policy 10.0.0.0/24 === 10.1.0.0/24 out",
		    IW_EV_ERROR, CHILD, "", 0, "", 0, 0, 0, "kernel_policy_failed", 0, 0),
		P("13[CFG] peer certificate invalid (valid from Jan 01 2020 to Jan 01 "
		    "2021)", IW_EV_ERROR, IKE, "", 0, "", 0, 0, 0, "cert_expired", 0, 0),
		P("13[CFG] subject certificate invalid (valid from Jan 01 2020 to Jan 01 "
		    "2021)", IW_EV_ERROR, IKE, "", 0, "", 0, 0, 0, "cert_expired", 0, 0),
		P("13[CFG] no issuer certificate found for \"CN=x\"", IW_EV_ERROR, IKE,
		    "", 0, "", 0, 0, 0, "cert_untrusted", 0, 0),
		P("13[CFG] no trusted RSA public key found for 'gw'", IW_EV_ERROR, IKE,
		    "", 0, "", 0, 0, 0, "cert_untrusted", 0, 0),
		P("13[CFG] certificate was revoked on Jan 01 00:00:00 UTC 2021, reason: "
		    "key compromise", IW_EV_ERROR, IKE, "", 0, "", 0, 0, 0,
		    "cert_revoked", 0, 0),
		P("13[CFG] constraint check failed: identity 'gw' required", IW_EV_ERROR,
		    IKE, "", 0, "", 0, 0, 0, "cert_id_mismatch", 0, 0),
		P("13[IKE] no private key found for 'gw'", IW_EV_ERROR, IKE, "", 0, "",
		    0, 0, 0, "private_key_missing", 0, 0),
		P("13[IKE] XAuth authentication of 'bob' failed", IW_EV_ERROR, IKE, "",
		    0, "", 0, 0, 0, "xauth_failed", 0, 0),
		P("13[IKE] EAP method EAP_MSCHAPV2 failed for peer 1.2.3.4", IW_EV_ERROR,
		    IKE, "", 0, "", 0, 0, 0, "eap_failed", 0, 0),
		P("13[CFG] pool 'rw' is full, unable to assign address", IW_EV_ERROR,
		    IKE, "", 0, "", 0, 0, 0, "vip_pool_exhausted", 0, 0),
		P("13[NET] received unsupported IKE version 1.0 from 1.2.3.4, sending "
		    "INVALID_MAJOR_VERSION", IW_EV_ERROR, IKE, "", 0, "", 0, 0, 0,
		    "ikev1_refused", 0, 0),
		P("13[IKE] Aggressive Mode PSK disabled for security reasons",
		    IW_EV_ERROR, IKE, "", 0, "", 0, 0, 0, "aggr_psk_refused", 0, 0),
		P("13[IKE] deleting duplicate IKE_SA for peer 'bob' due to uniqueness "
		    "policy", IW_EV_ERROR, IKE, "", 0, "", 0, 0, 0,
		    "duplicate_sa_uniqueness", 0, 0),
		P("13[NET] ignoring IKE_SA setup from 1.2.3.4, half open IKE_SA count "
		    "of 1001 exceeds limit of 1000", IW_EV_ERROR, IKE, "", 0, "", 0, 0, 0,
		    "half_open_dos", 0, 0),
		P("13[IKE] unable to resolve vpn.example.org, initiate aborted",
		    IW_EV_ERROR, IKE, "", 0, "", 0, 0, 0, "dns_resolution_failed", 0, 0),
		P("13[IKE] received lifetime 86400s does not match configured lifetime "
		    "10800s", IW_EV_INFO, IKE, "", 0, "", 0, 0, 0,
		    "lifetime_mismatch_ikev1", 0, 0),
		P("13[IKE] peer didn't accept DH group MODP_2048, it requested ECP_256",
		    IW_EV_INFO, IKE, "", 0, "", 0, 0, 0, "dh_group_mismatch", 0, 0),
		P("13[IKE] unable to set UDP_ENCAP: Protocol not available",
		    IW_EV_ERROR, NOSA, "", 0, "", 0, 0, 0, "nat_t_problem", 0, 0),
		P("13[IKE] giving up after 5 retransmits", IW_EV_GIVE_UP, IKE, "", 0, "",
		    0, 0, 0, "peer_no_response_p1", 0, 0),
		P("13[IKE] establishing IKE_SA failed, peer not responding",
		    IW_EV_GIVE_UP, IKE, "", 0, "", 0, 0, 0, "keying_retries_exhausted", 0,
		    0),
		P("13[IKE] CHILD_SA closed", IW_EV_INFO, CHILD, "", 0, "", 0, 0, 0, "",
		    0, 0),
		P("13[IKE] IKE_SA deleted", IW_EV_INFO, IKE, "", 0, "", 0, 0, 0, "", 0,
		    0),
		/* 6.0 */
		P("07[IKE] rekeyed CHILD_SA net{1} with SPIs c1_i c2_o with net{2} with "
		    "SPIs c3_i c4_o", IW_EV_REKEY_DONE, CHILD, "net", 0, "", 2, 0, 1, "",
		    0, 0),
		P("07[IKE] CHILD_SA net{1} closed", IW_EV_DELETE, CHILD, "net", 0, "", 1,
		    0, 0, "", 0, 0),
		P("07[IKE] 192.168.0.100 is initiating IKE_SA (unnamed)[3]",
		    IW_EV_NEG_RESPOND, IKE, "", 0, "192.168.0.100", 3, 0, 0, "", 0, 0),
		P("07[IKE] peer didn't accept key exchange method ECP_256, it requested "
		    "MODP_2048", IW_EV_INFO, IKE, "", 0, "", 0, 0, 0, "dh_group_mismatch",
		    0, 0),
		P("07[DMN] Starting IKE charon daemon (strongSwan 6.0.6, Linux 6.1.0, "
		    "x86_64)", IW_EV_DAEMON_START, NOSA, "", 0, "", 0, 0, 0, "", 0, 0),
		P("00[DMN] SIGINT received, shutting down", IW_EV_DAEMON_STOP, NOSA, "",
		    0, "", 0, 0, 0, "", 0, 0),
		P("31[IKE] received AUTH_LIFETIME of 3600s, scheduling "
		    "reauthentication in 3060s", IW_EV_REKEY_SCHEDULED, IKE, "", 0, "",
		    0, 0, 0, "", 3060, 0),
		P("00[DMN] signal of type SIGINT received. Shutting down",
		    IW_EV_DAEMON_STOP, NOSA, "", 0, "", 0, 0, 0, "", 0, 0),
		P("09[IKE] received ESP_TFC_PADDING_NOT_SUPPORTED, not using ESPv3 TFC "
		    "padding", IW_EV_INFO, NOSA, "", 0, "", 0, 0, 0, "", 0, 0),
		P("09[CFG]   using trusted ca certificate \"C=CH, CN=ca\"", IW_EV_INFO,
		    NOSA, "", 0, "", 0, 0, 0, "", 0, 0),
		/* Library groups are chatter; unknown IKE wordings are not. */
		P("13[NET] some new socket message", IW_EV_INFO, NOSA, "", 0, "", 0, 0,
		    0, "", 0, 0),
		{ "13[IKE] frobnicating the flux capacitor", U, 0, 0, NULL, 0, NULL, 0,
		    0, 0, NULL, 0, 0 },
		{ "13[IKE] received FOO_BAR notify error", U, 0, 0, NULL, 0, NULL, 0, 0,
		    0, NULL, 0, 0 },
		{ "13[CFG] <x|1> something else", U, 0, 0, NULL, 0, NULL, 0, 0, 0, NULL,
		    0, 0 },
	};

	(void)state;
	check_table(IW_DAEMON_CHARON, w, N(w));
}

/* The ipsec starter and charon-systemd via syslog. */
static void
test_charon_idents(void **state)
{
	static const struct want w[] = {
		{ "Nov 27 20:00:00 gw ipsec[976]: 09[IKE] CHILD_SA net{4} established "
		    "with SPIs 1_i 2_o and TS 10.0.0.0/24 === 10.1.0.0/24", E,
		    IW_EV_P2_UP, CHILD, "net", 0, "", 4, 0, 0, "", 0, 0 },
		{ "Nov 27 20:00:01 gw ipsec_starter[975]: charon (976) started after "
		    "20 ms", E, IW_EV_INFO, NOSA, "", 0, "", 0, 0, 0, "", 0, 0 },
		{ "Nov 27 20:00:02 gw ipsec[975]: Starting strongSwan 5.9.8 IPsec "
		    "[starter]...", E, IW_EV_INFO, NOSA, "", 0, "", 0, 0, 0, "", 0, 0 },
		{ "Nov 27 20:00:03 gw charon-systemd[12]: IKE_SA gw[2] established "
		    "between 1.1.1.1[a]...2.2.2.2[b]", E, IW_EV_P1_UP, IKE, "gw", 0,
		    "2.2.2.2", 2, 0, 0, "", 0, 0 },
		{ "Nov 27 20:00:04 gw charon[12]: 123[IKE] initiating IKE_SA gw[3] to "
		    "2.2.2.2", E, IW_EV_NEG_START, IKE, "gw", 0, "2.2.2.2", 3, 0, 0, "",
		    0, 0 },
		{ "Nov 27 20:00:05 gw ipsec_setup: Starting Openswan IPsec U2.6.38/K3.2",
		    E, IW_EV_INFO, NOSA, "", 0, "", 0, 0, 0, "", 0, 0 },
		/* charon fails to start; the starter sees it die. */
		{ "Nov 21 16:11:31 gw charon[29833]: 00[DMN] initialization failed - "
		    "aborting charon", E, IW_EV_DAEMON_STOP, NOSA, "", 0, "", 0, 0, 0,
		    "", 0, 0 },
		{ "Nov 21 16:11:32 gw ipsec[25836]: charon has died -- restart "
		    "scheduled (5sec)", E, IW_EV_DAEMON_STOP, NOSA, "", 0, "", 0, 0, 0,
		    "", 0, 0 },
		{ "Oct 29 15:37:17 gw charon: 12[CFG] looking for an ike config for "
		    "10.110.52.50...10.111.151.231", E, IW_EV_INFO, NOSA, "", 0, "", 0,
		    0, 0, "", 0, 0 },
		/* Level 2 chatter (strongswan/strongswan#390, algo#976). */
		{ "May 10 16:21:10 gw charon: 14[IKE] <gw-gw|1> activating new "
		    "tasks", E, IW_EV_INFO, NOSA, "gw-gw", 0, "", 0, 1, 0, "", 0, 0 },
		{ "Jul  6 15:50:00 gw charon[14488]: 15[KNL] deleting policy "
		    "0.0.0.0/0 === 10.19.48.1/32 out", E, IW_EV_INFO, NOSA, "", 0, "",
		    0, 0, 0, "", 0, 0 },
		{ "Nov 27 10:00:00 gw charon: 10[IKE] unable to terminate IKE_SA: ID 8 "
		    "not found", E, IW_EV_INFO, NOSA, "", 0, "", 0, 0, 0, "", 0, 0 },
		/* charon's own file logger (filelog), with ike_name = yes. */
		{ "Nov 27 20:00:06 10[IKE] <gw|4> IKE_SA gw[4] established "
		    "between 1.1.1.1[a]...2.2.2.2[b]", E, IW_EV_P1_UP, IKE, "gw", 0,
		    "2.2.2.2", 4, 0, 0, "", 0, 0 },
		{ "Fri, 2026-11-27, 20:00:07 10[IKE] <gw|4> CHILD_SA net{9} "
		    "established with SPIs 1_i 2_o and TS 10.0.0.0/24 === "
		    "10.1.0.0/24", E, IW_EV_P2_UP, CHILD, "gw", 0, "", 9, 4, 0, "",
		    0, 0 },
		{ "2026-11-27 20:00:08 11[IKE] <gw|4> received AUTHENTICATION_FAILED "
		    "notify error", E, IW_EV_ERROR, IKE, "gw", 0, "", 4, 0, 0,
		    "auth_failed_by_peer", 0, 0 },
	};

	(void)state;
	check_table(IW_DAEMON_NONE, w, N(w));
}

/*
 * Twice-logged charon lines count once; other repeats are kept; syslog's
 * repeated-message reduction is unwrapped.
 */
static void
test_duplicates(void **state)
{
	struct parse_ctx	*ctx;
	struct iw_event		 ev;
	const char		*a = "Nov 27 20:19:52 west charon: 09[IKE] IKE_SA "
	    "west-east[1] established between 1.1.1.1[a]...2.2.2.2[b]";
	const char		*a2 = "Nov 27 20:19:52 west authpriv.info charon: "
	    "09[IKE] IKE_SA west-east[1] established between 1.1.1.1[a]..."
	    "2.2.2.2[b]";
	const char		*b = "Nov 27 20:21:32 west charon: 14[IKE] IKE_SA "
	    "deleted";
	const char		*b2 = "Nov 27 20:21:32 west charon: 14[NET] received "
	    "packet: from 2.2.2.2[4500] to 1.1.1.1[4500] (80 bytes)";
	const char		*c = "Nov 27 20:23:46 west pluto[1]: \"x\" #2: "
	    "STATE_QUICK_I1: retransmission; will wait 0.5 seconds for response";
	const char		*d = "Nov 27 20:19:53 west charon: 09[IKE] IKE_SA "
	    "west-east[1] established between 1.1.1.1[a]...2.2.2.2[b]";
	const char		*j = "Nov 27 20:19:52 west ipsec[4]: 09[IKE] IKE_SA "
	    "west-east[1] established between 1.1.1.1[a]...2.2.2.2[b]";
	const char		*r = "Nov 27 20:24:00 west pluto[1]: message "
	    "repeated 3 times: [ \"vpnpsk\"[3] 192.0.2.9 #6: max number of "
	    "retransmissions (2) reached STATE_MAIN_R1]";

	(void)state;
	ctx = parse_ctx_new(REF_2026_11_27, NULL);
	assert_int_equal(parse_line(ctx, a, strlen(a), &ev), PARSE_EVENT);
	assert_int_equal(parse_line(ctx, a2, strlen(a2), &ev), PARSE_DUPLICATE);
	/* The ipsec[PID] starter copy of the same line, too. */
	assert_int_equal(parse_line(ctx, j, strlen(j), &ev), PARSE_DUPLICATE);
	/* Same text one second later: a new line. */
	assert_int_equal(parse_line(ctx, d, strlen(d), &ev), PARSE_EVENT);
	/* Same text and second, other lines of that thread between: kept. */
	assert_int_equal(parse_line(ctx, b, strlen(b), &ev), PARSE_EVENT);
	assert_int_equal(parse_line(ctx, b2, strlen(b2), &ev), PARSE_EVENT);
	assert_int_equal(parse_line(ctx, b, strlen(b), &ev), PARSE_EVENT);
	assert_int_equal(parse_line(ctx, b, strlen(b), &ev), PARSE_DUPLICATE);
	/* pluto never logs twice: identical lines are kept. */
	assert_int_equal(parse_line(ctx, c, strlen(c), &ev), PARSE_EVENT);
	assert_int_equal(parse_line(ctx, c, strlen(c), &ev), PARSE_EVENT);
	/* syslog's "message repeated N times: [ MSG]" is read as MSG. */
	assert_int_equal(parse_line(ctx, r, strlen(r), &ev), PARSE_EVENT);
	assert_int_equal(ev.kind, IW_EV_GIVE_UP);
	assert_string_equal(ev.conn, "vpnpsk");
	assert_int_equal(ev.sa_id, 6);
	parse_ctx_free(ctx);
}

/* Journal entries: pluto and charon-systemd with its fields. */
static void
test_journal(void **state)
{
	struct parse_ctx		*ctx;
	struct parse_journal_fields	 f;
	struct iw_event			 ev;
	const char			*m;

	(void)state;
	ctx = parse_ctx_new(REF_2026_11_27, NULL);
	memset(&f, 0, sizeof(f));
	m = "CHILD_SA net{3} established with SPIs 1_i 2_o and TS 10.0.0.0/24 === "
	    "10.1.0.0/24";
	f.message = m;
	f.message_len = strlen(m);
	f.identifier = "charon-systemd";
	f.identifier_len = 14;
	f.pid = 321;
	f.ts_us = 1795780800123456LL;
	f.ike_sa_name = "gw";
	f.ike_sa_name_len = 2;
	f.ike_sa_uid = "7";
	f.ike_sa_uid_len = 1;
	f.group = "IKE";
	f.group_len = 3;
	f.level = "0";
	f.level_len = 1;
	assert_int_equal(parse_journal(ctx, &f, &ev), PARSE_EVENT);
	assert_int_equal(ev.kind, IW_EV_P2_UP);
	assert_int_equal(ev.sa_kind, IW_SA_CHILD);
	assert_string_equal(ev.conn, "gw");
	assert_int_equal(ev.sa_id, 3);
	assert_int_equal(ev.parent_id, 7);
	assert_int_equal(ev.pid, 321);
	assert_int_equal(ev.ts_us, 1795780800123456LL);
	assert_int_equal(ev.daemon, IW_DAEMON_CHARON);

	/* A library group with an unknown text is chatter. */
	m = "sending packet: from 1.1.1.1[500] to 2.2.2.2[500] (464 bytes)";
	f.message = m;
	f.message_len = strlen(m);
	f.group = "NET";
	assert_int_equal(parse_journal(ctx, &f, &ev), PARSE_EVENT);
	assert_int_equal(ev.kind, IW_EV_INFO);

	/* IKE_SA lines: the unique id is the SA's own. */
	m = "scheduling rekeying in 3240s";
	f.message = m;
	f.message_len = strlen(m);
	f.group = "IKE";
	assert_int_equal(parse_journal(ctx, &f, &ev), PARSE_EVENT);
	assert_int_equal(ev.kind, IW_EV_REKEY_SCHEDULED);
	assert_int_equal(ev.seconds, 3240);
	assert_int_equal(ev.sa_id, 7);
	assert_int_equal(ev.parent_id, 0);
	assert_string_equal(ev.conn, "gw");

	/* pluto through the journal. */
	memset(&f, 0, sizeof(f));
	m = "\"x\" #1: ISAKMP SA established";
	f.message = m;
	f.message_len = strlen(m);
	f.identifier = "pluto";
	f.identifier_len = 5;
	f.pid = 9;
	f.ts_us = 42;
	assert_int_equal(parse_journal(ctx, &f, &ev), PARSE_EVENT);
	assert_int_equal(ev.kind, IW_EV_P1_UP);
	assert_int_equal(ev.daemon, IW_DAEMON_PLUTO);
	assert_int_equal(ev.ts_us, 42);
	assert_int_equal(ev.pid, 9);

	/* Other identifiers, missing messages. */
	f.identifier = "sshd";
	f.identifier_len = 4;
	assert_int_equal(parse_journal(ctx, &f, &ev), PARSE_NOT_IPSEC);
	f.message = NULL;
	assert_int_equal(parse_journal(ctx, &f, &ev), PARSE_MALFORMED);
	parse_ctx_free(ctx);
}

/* The lines of one scenario, end to end (ss-ikev1-up-rekey, east). */
static void
test_scheduled_names(void **state)
{
	static const struct want w[] = {
		{ "Nov 27 20:21:57 east charon: 13[IKE] <east-west|1> IKE_SA "
		    "east-west[1] established between 192.0.2.2[east.example]..."
		    "192.0.2.1[west.example]", E, IW_EV_P1_UP, IKE, "east-west", 0,
		    "192.0.2.1", 1, 0, 0, "", 0, 0 },
		{ "Nov 27 20:21:57 east charon: 13[IKE] <east-west|1> scheduling "
		    "rekeying in 600s", E, IW_EV_REKEY_SCHEDULED, IKE, "east-west", 0,
		    "", 1, 0, 0, "", 600, 0 },
		/* Without ike_name: same thread and second as the SA's line. */
		{ "Nov 27 20:30:44 west charon: 16[IKE] IKE_SA west-east[1] "
		    "established between 192.0.2.1[west.example]...192.0.2.2"
		    "[east.example]", E, IW_EV_P1_UP, IKE, "west-east", 0, "192.0.2.2",
		    1, 0, 0, "", 0, 0 },
		{ "Nov 27 20:30:44 west charon: 16[IKE] maximum IKE_SA lifetime 660s",
		    E, IW_EV_LIFETIME, IKE, "west-east", 0, "", 1, 0, 0, "", 660, 0 },
		{ "Nov 27 20:30:44 west charon: 16[IKE] CHILD_SA net{1} established "
		    "with SPIs 1_i 2_o and TS 10.0.0.0/24 === 10.1.0.0/24", E,
		    IW_EV_P2_UP, CHILD, "net", 0, "", 1, 1, 0, "", 0, 0 },
		/* Another thread, or another second: not attributed. */
		{ "Nov 27 20:30:44 west charon: 12[IKE] scheduling rekeying in 600s", E,
		    IW_EV_REKEY_SCHEDULED, IKE, "", 0, "", 0, 0, 0, "", 600, 0 },
		{ "Nov 27 20:30:45 west charon: 16[IKE] scheduling rekeying in 600s", E,
		    IW_EV_REKEY_SCHEDULED, IKE, "", 0, "", 0, 0, 0, "", 600, 0 },
		{ "Nov 27 20:30:45 west charon: 16[IKE] CHILD_SA net{2} established "
		    "with SPIs 1_i 2_o and TS 10.0.0.0/24 === 10.1.0.0/24", E,
		    IW_EV_P2_UP, CHILD, "net", 0, "", 2, 0, 0, "", 0, 0 },
	};

	(void)state;
	check_table(IW_DAEMON_NONE, w, N(w));
}

/* ---- bad input -------------------------------------------------------- */

/* NUL bytes, invalid UTF-8, binary garbage, long lines, every truncation. */
static void
test_bad_input(void **state)
{
	static const char *const good[] = {
		"Nov 27 20:23:46 east pluto[21836]: ERROR: \"east-west\" #2: netlink "
		    "response for Add SA esp.c30c114b@192.0.2.1: Protocol not supported "
		    "(errno 93)",
		"Nov 27 20:19:52 west charon: 09[IKE] <a|1> CHILD_SA net{1} "
		    "established with SPIs 99dd9ca2_i 5100754e_o and TS 1.0.0.0/25 === "
		    "2.0.0.0/25",
		"<30>1 2026-11-27T22:49:46.123Z gw charon-systemd 99 - [a b=\"c\\\"]\"] "
		    "IKE_SA x[1] established between 1.1.1.1[a]...2.2.2.2[b]",
		"22:49:47 pluto[585] \xe2\x80\x9c" "abc" "\xe2\x80\x9d #4: STATE_QUICK_I2 "
		    "sent QI2, IPsec SA established",
		"\"rw\"[1][2] ...2001:db8::7===10.0.0.0/8 #3: packet from [::1]:500: x",
		"Nov 18 14:49:43.848976: \"peerl\" #5: DPD action - restarting",
	};
	struct parse_ctx	*ctx;
	struct iw_event		 ev;
	enum parse_result	 res;
	char			*buf;
	size_t			 i, k, len, big = 1 << 20;
	unsigned		 seed = 12345;
	const char		*l;

	(void)state;
	ctx = parse_ctx_new(REF_2026_11_27, NULL);

	/* Every prefix of every line, copied so that ASan sees the end. */
	for (i = 0; i < N(good); i++) {
		len = strlen(good[i]);
		for (k = 0; k <= len; k++) {
			buf = malloc(k > 0 ? k : 1);
			assert_non_null(buf);
			memcpy(buf, good[i], k);
			res = parse_line(ctx, buf, k, &ev);
			assert_true(res <= PARSE_MALFORMED);
			res = parse_message(ctx, IW_DAEMON_PLUTO, buf, k, &ev);
			assert_true(res <= PARSE_MALFORMED);
			res = parse_message(ctx, IW_DAEMON_CHARON, buf, k, &ev);
			assert_true(res <= PARSE_MALFORMED);
			free(buf);
		}
	}

	/* A NUL byte inside a known line: the conn stops nothing, no crash. */
	{
		static const char nul[] = "Nov 27 20:23:46 west pluto[1]: \"we\0st\" #1: "
		    "ISAKMP SA established";

		assert_int_equal(parse_line(ctx, nul, sizeof(nul) - 1, &ev),
		    PARSE_EVENT);
		assert_int_equal(ev.kind, IW_EV_P1_UP);
		assert_string_equal(ev.conn, "we?st");
	}
	/* Invalid UTF-8 in a name is kept as bytes. */
	l = "Nov 27 20:23:46 west pluto[1]: \"\xff\xfe\xc3\" #1: ISAKMP SA established";
	assert_int_equal(parse_line(ctx, l, strlen(l), &ev), PARSE_EVENT);
	assert_string_equal(ev.conn, "\xff\xfe\xc3");
	/* Control bytes in an IKE daemon's unknown line: malformed. */
	l = "Nov 27 20:23:46 west pluto[1]: \x01\x02\x03\x04 garbage \x7f";
	assert_int_equal(parse_line(ctx, l, strlen(l), &ev), PARSE_MALFORMED);
	l = "\x01\x02\x03 binary";
	assert_int_equal(parse_line(ctx, l, strlen(l), &ev), PARSE_MALFORMED);
	assert_int_equal(parse_line(ctx, NULL, 0, &ev), PARSE_MALFORMED);

	/* A name longer than the event's field is cut, not overflowed. */
	buf = malloc(big);
	assert_non_null(buf);
	k = (size_t)snprintf(buf, big, "Nov 27 20:23:46 west pluto[1]: \"");
	memset(buf + k, 'n', 1000);
	k += 1000;
	k += (size_t)snprintf(buf + k, big - k, "\" #1: ISAKMP SA established");
	assert_int_equal(parse_line(ctx, buf, k, &ev), PARSE_EVENT);
	assert_int_equal(strlen(ev.conn), IW_CONN_MAX - 1);

	/* A megabyte line of a known daemon, and one of noise. */
	k = (size_t)snprintf(buf, big, "Nov 27 20:19:52 west charon: 09[IKE] ");
	memset(buf + k, 'x', big - k);
	res = parse_line(ctx, buf, big, &ev);
	assert_int_equal(res, PARSE_UNRECOGNIZED);
	k = (size_t)snprintf(buf, big, "Nov 27 20:19:52 west pluto[1]: \"");
	memset(buf + k, 'y', big - k);
	res = parse_line(ctx, buf, big, &ev);
	assert_int_equal(res, PARSE_UNRECOGNIZED);
	memset(buf, ' ', big);
	assert_int_equal(parse_line(ctx, buf, big, &ev), PARSE_NOT_IPSEC);

	/* Random bytes, and random bytes after a valid header. */
	for (i = 0; i < 20000; i++) {
		len = (size_t)(rand_r(&seed) % 300);
		k = (i & 1) ? (size_t)snprintf(buf, big,
		    "Nov 27 20:19:52 west %s: ", (i & 2) ? "charon" : "pluto[1]") : 0;
		for (; k < len; k++)
			buf[k] = (char)(rand_r(&seed) & 0xff);
		if (len < k)
			len = k;
		res = parse_line(ctx, buf, len, &ev);
		assert_true(res <= PARSE_MALFORMED);
	}
	free(buf);
	parse_ctx_free(ctx);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_envelopes),
		cmocka_unit_test(test_year_inference),
		cmocka_unit_test(test_prog_filter),
		cmocka_unit_test(test_corpus_lines),
		cmocka_unit_test(test_charon_giveup),
		cmocka_unit_test(test_pluto_openswan),
		cmocka_unit_test(test_pluto_libreswan3),
		cmocka_unit_test(test_pluto_libreswan4),
		cmocka_unit_test(test_pluto_libreswan5),
		cmocka_unit_test(test_pluto_prefixes),
		cmocka_unit_test(test_ipcop_excerpt),
		cmocka_unit_test(test_charon_wordings),
		cmocka_unit_test(test_charon_idents),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_journal),
		cmocka_unit_test(test_scheduled_names),
		cmocka_unit_test(test_bad_input),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
