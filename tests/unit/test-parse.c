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
	};
	int64_t	 ts[8];
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
		    "west-east", 0, "", 2, 0, 0, "esp_proposal_mismatch", 0, 0 },
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
		    "198.51.100.128/25", E, IW_EV_P2_UP, CHILD, "net", 0, "", 1, 0,
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
		    "request message ID 2104400446, seq 4", E, IW_EV_RETRANSMIT, IKE,
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
	};

	(void)state;
	check_table(IW_DAEMON_NONE, w, N(w));
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
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
