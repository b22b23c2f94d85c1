/*
 * test-explain.c - unit tests of "ipsecwatch explain": real excerpts through
 * the real parser and the shipped knowledge base, text and JSON output, in
 * English and German.
 *
 * The excerpts are copied into this file: the IPCop web-viewer excerpt of
 * DESIGN.md (newest line first, typographic quotes) and the strongSwan
 * lines of the psk-mismatch scenario (tests/data corpus, west and east).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "causes.h"
#include "explain.h"
#include "kb.h"

/* The IPCop viewer excerpt, exactly as in DESIGN.md: newest first. */
static const char *ipcop[] = {
	"22:49:47 pluto[585] \"abc\" #4: STATE_QUICK_I2 sent QI2, IPsec SA established",
	"22:49:47 pluto[585] \xe2\x80\x9c" "abc\xe2\x80\x9d #624: STATE_QUICK_I1 initiate",
	"22:49:46 pluto[585] \xe2\x80\x9c" "abc\xe2\x80\x9d #624: sent MR3, ISAKMP SA established",
	"22:49:46 pluto[585] \xe2\x80\x9c" "abc\xe2\x80\x9d #624: transition from state STATE_MAIN_R2 to state STATE_MAIN_R3",
	"22:49:46 pluto[585] \xe2\x80\x9c" "abc\xe2\x80\x9d #624: Main mode peer ID is ID_IPV4_ADDR: www.xxx.yyy.zzz",
	"22:49:46 pluto[585] \xe2\x80\x9c" "abc\xe2\x80\x9d #624: transition from state STATE_MAIN_R1 to state STATE_MAIN_R2",
	"22:49:46 pluto[585] \xe2\x80\x9c" "abc\xe2\x80\x9d #624: NAT-Traversal: Result using draft-ietfipsec-nat-t-ike-02/03: no NAT detected",
	"22:49:46 pluto[585] \xe2\x80\x9c" "abc\xe2\x80\x9d #624: transition from state (null) to state STATE_MAIN_R1",
	"22:49:46 pluto[585] \xe2\x80\x9c" "abc\xe2\x80\x9d #624: responding to Main Mode",
};
#define N_IPCOP		(sizeof ipcop / sizeof ipcop[0])

/* psk-mismatch, east (responder, strongSwan 5.9.8): the lines of the attempt. */
static const char *psk_east[] = {
	"Nov 27 20:36:56 east charon: 16[NET] received packet: from 192.0.2.1[500] to 192.0.2.2[500] (464 bytes)",
	"Nov 27 20:36:56 east charon: 16[ENC] parsed IKE_SA_INIT request 0 [ SA KE No N(NATD_S_IP) N(NATD_D_IP) N(FRAG_SUP) N(HASH_ALG) N(REDIR_SUP) ]",
	"Nov 27 20:36:56 east charon: 16[IKE] 192.0.2.1 is initiating an IKE_SA",
	"Nov 27 20:36:56 east charon: 16[CFG] selected proposal: IKE:AES_CBC_256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048",
	"Nov 27 20:36:56 east charon: 16[IKE] remote host is behind NAT",
	"Nov 27 20:36:56 east charon: 13[CFG] looking for peer configs matching 192.0.2.2[east.example]...192.0.2.1[west.example]",
	"Nov 27 20:36:56 east charon: 13[CFG] selected peer config 'east-west'",
	"Nov 27 20:36:56 east charon: 13[IKE] tried 1 shared key for 'east.example' - 'west.example', but MAC mismatched",
	"Nov 27 20:36:56 east charon: 13[IKE] peer supports MOBIKE",
	"Nov 27 20:36:56 east charon: 13[ENC] generating IKE_AUTH response 1 [ N(AUTH_FAILED) ]",
};
#define N_PSK_EAST	(sizeof psk_east / sizeof psk_east[0])

/* psk-mismatch, west (initiator). */
static const char *psk_west[] = {
	"Nov 27 20:36:56 west charon: 13[CFG] vici initiate CHILD_SA 'net'",
	"Nov 27 20:36:56 west charon: 15[IKE] initiating IKE_SA west-east[1] to 192.0.2.2",
	"Nov 27 20:36:56 west charon: 12[CFG] selected proposal: IKE:AES_CBC_256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048",
	"Nov 27 20:36:56 west charon: 12[IKE] authentication of 'west.example' (myself) with pre-shared key",
	"Nov 27 20:36:56 west charon: 12[IKE] establishing CHILD_SA net{1}",
	"Nov 27 20:36:56 west charon: 11[ENC] parsed IKE_AUTH response 1 [ N(AUTH_FAILED) ]",
	"Nov 27 20:36:56 west charon: 11[IKE] received AUTHENTICATION_FAILED notify error",
};
#define N_PSK_WEST	(sizeof psk_west / sizeof psk_west[0])

/* peer-dies, west: up, the peer is killed, DPD, the restart fails. */
static const char *peer_dies[] = {
	"Nov 27 20:32:00 west charon: 14[IKE] initiating IKE_SA west-east[1] to 192.0.2.2",
	"Nov 27 20:32:00 west charon: 16[IKE] IKE_SA west-east[1] established between 192.0.2.1[west.example]...192.0.2.2[east.example]",
	"Nov 27 20:32:00 west charon: 16[IKE] CHILD_SA net{1} established with SPIs bc2ccf76_i 8866b1b5_o and TS 198.51.100.0/25 === 198.51.100.128/25",
	"Nov 27 20:32:21 west charon: 01[IKE] sending DPD request",
	"Nov 27 20:32:21 west charon: 01[ENC] generating INFORMATIONAL request 2 [ ]",
	"Nov 27 20:32:23 west charon: 11[IKE] retransmit 1 of request with message ID 2",
	"Nov 27 20:32:26 west charon: 14[IKE] retransmit 2 of request with message ID 2",
	"Nov 27 20:32:33 west charon: 10[IKE] retransmit 3 of request with message ID 2",
	"Nov 27 20:32:44 west charon: 01[IKE] giving up after 3 retransmits",
	"Nov 27 20:32:44 west charon: 01[IKE] restarting CHILD_SA net",
	"Nov 27 20:32:44 west charon: 01[IKE] initiating IKE_SA west-east[2] to 192.0.2.2",
	"Nov 27 20:32:46 west charon: 14[IKE] retransmit 1 of request with message ID 0",
	"Nov 27 20:32:50 west charon: 12[IKE] retransmit 2 of request with message ID 0",
	"Nov 27 20:32:57 west charon: 10[IKE] retransmit 3 of request with message ID 0",
	"Nov 27 20:33:08 west charon: 16[IKE] giving up after 3 retransmits",
	"Nov 27 20:33:08 west charon: 16[IKE] establishing IKE_SA failed, peer not responding",
	"Nov 27 20:33:32 west charon: 00[DMN] SIGTERM received, shutting down",
};
#define N_PEER_DIES	(sizeof peer_dies / sizeof peer_dies[0])

/* 2026-11-27 23:00 UTC: the corpus year, so year-less times land in 2026. */
#define REF_TIME	1795820400LL

static struct kb	*kb;

/* Load the shipped knowledge base once. */
static int
setup(void **state)
{
	struct causes	 c;

	causes_init(&c);
	kb = kb_load(kb_default_path(), NULL, &c);
	causes_free(&c);
	return (kb == NULL ? -1 : 0);
}

/* Free it. */
static int
teardown(void **state)
{
	kb_free(kb);
	return (0);
}

/* Run explain into a string. */
static char *
run(const char *const *lines, size_t n, enum iw_lang lang, int json)
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*f;

	f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(explain_run(kb, lines, n, lang, json, REF_TIME, f), 0);
	fclose(f);
	return (buf);
}

/* Run explain with --json and parse the document. */
static json_t *
run_json(const char *const *lines, size_t n, enum iw_lang lang)
{
	json_error_t	 err;
	json_t		*doc;
	char		*s;

	s = run(lines, n, lang, 1);
	doc = json_loads(s, 0, &err);
	if (doc == NULL)
		fail_msg("output is not JSON (%s, line %d): %s", err.text,
		    err.line, s);
	free(s);
	assert_int_equal(json_integer_value(json_object_get(doc, "version")), 1);
	return (doc);
}

/* A string member, or NULL if absent or not a string. */
static const char *
jstr(json_t *o, const char *k)
{
	return (json_string_value(json_object_get(o, k)));
}

/* The verdict of a tunnel in a document. */
static json_t *
verdict(json_t *doc, const char *tunnel)
{
	json_t	*v;
	size_t	 i;

	json_array_foreach(json_object_get(doc, "verdicts"), i, v) {
		if (strcmp(jstr(v, "tunnel"), tunnel) == 0)
			return (v);
	}
	fail_msg("no verdict for tunnel '%s'", tunnel);
	return (NULL);
}

/* The first line whose text contains needle. */
static json_t *
line_with(json_t *doc, const char *needle)
{
	json_t	*l;
	size_t	 i;

	json_array_foreach(json_object_get(doc, "lines"), i, l) {
		if (strstr(jstr(l, "text"), needle) != NULL)
			return (l);
	}
	fail_msg("no line containing '%s'", needle);
	return (NULL);
}

/* Whether s contains needle; fails with both shown otherwise. */
static void
assert_contains(const char *s, const char *needle)
{
	if (s == NULL || strstr(s, needle) == NULL)
		fail_msg("'%s' not found in: %s", needle, s ? s : "(null)");
}

/* Every documented member is present with the documented type. */
static void
check_schema(json_t *doc)
{
	static const char *strs_or_null[] = { "time", "event", "daemon",
	    "tunnel", "sa_kind", "error", "severity", "title", "explanation" };
	json_t	*l, *v;
	size_t	 i, k;

	assert_true(json_is_string(json_object_get(doc, "lang")));
	assert_true(json_is_string(json_object_get(doc, "order")));
	assert_true(json_is_array(json_object_get(doc, "lines")));
	assert_true(json_is_array(json_object_get(doc, "verdicts")));
	json_array_foreach(json_object_get(doc, "lines"), i, l) {
		assert_true(json_is_integer(json_object_get(l, "n")));
		assert_true(json_is_string(json_object_get(l, "text")));
		assert_true(json_is_boolean(json_object_get(l, "recognized")));
		assert_true(json_is_string(json_object_get(l, "result")));
		assert_true(json_is_string(json_object_get(l, "said")));
		assert_true(json_is_array(json_object_get(l, "causes")));
		assert_true(json_is_array(json_object_get(l, "checks")));
		v = json_object_get(l, "sa_id");
		assert_true(json_is_null(v) || json_is_integer(v));
		for (k = 0; k < sizeof strs_or_null / sizeof strs_or_null[0]; k++) {
			v = json_object_get(l, strs_or_null[k]);
			if (!json_is_null(v) && !json_is_string(v))
				fail_msg("line %zu: %s missing or of wrong type",
				    i, strs_or_null[k]);
		}
		/* An error carries its explanation, and only an error. */
		if (json_is_string(json_object_get(l, "error"))) {
			assert_true(json_is_string(json_object_get(l, "title")));
			assert_true(json_is_string(json_object_get(l, "explanation")));
			assert_true(json_array_size(json_object_get(l, "causes")) > 0);
			assert_true(json_array_size(json_object_get(l, "checks")) > 0);
		} else
			assert_true(json_is_null(json_object_get(l, "title")));
	}
	json_array_foreach(json_object_get(doc, "verdicts"), i, v) {
		assert_true(json_is_string(json_object_get(v, "tunnel")));
		assert_true(json_is_string(json_object_get(v, "state")));
		assert_true(json_is_string(json_object_get(v, "summary")));
		assert_non_null(json_object_get(v, "error"));
	}
}

/* The IPCop excerpt (newest first) in English: the tunnel came up. */
static void
test_ipcop_en(void **state)
{
	json_t	*doc, *v, *l, *lines;
	char	*text;

	doc = run_json(ipcop, N_IPCOP, IW_LANG_EN);
	check_schema(doc);
	assert_string_equal(jstr(doc, "order"), "newest_first");
	lines = json_object_get(doc, "lines");
	assert_int_equal(json_array_size(lines), N_IPCOP);
	/* Chronological: the first line out is the last line in. */
	assert_int_equal(json_integer_value(json_object_get(json_array_get(lines,
	    0), "n")), N_IPCOP);
	assert_contains(jstr(json_array_get(lines, 0), "text"),
	    "responding to Main Mode");
	assert_string_equal(jstr(json_array_get(lines, 0), "event"),
	    "neg_respond");

	l = line_with(doc, "ISAKMP SA established");
	assert_true(json_is_true(json_object_get(l, "recognized")));
	assert_string_equal(jstr(l, "event"), "p1_up");
	assert_string_equal(jstr(l, "tunnel"), "abc");
	assert_string_equal(jstr(l, "sa_kind"), "ike");
	assert_int_equal(json_integer_value(json_object_get(l, "sa_id")), 624);
	assert_string_equal(jstr(l, "said"),
	    "ISAKMP SA (phase 1) established for tunnel abc (state #624).");

	l = line_with(doc, "IPsec SA established");
	assert_string_equal(jstr(l, "event"), "p2_up");
	assert_string_equal(jstr(l, "tunnel"), "abc");
	assert_int_equal(json_integer_value(json_object_get(l, "sa_id")), 4);
	assert_string_equal(jstr(l, "said"),
	    "IPsec SA (phase 2) established for tunnel abc (state #4).");

	assert_int_equal(json_array_size(json_object_get(doc, "verdicts")), 1);
	v = verdict(doc, "abc");
	assert_string_equal(jstr(v, "state"), "up");
	assert_true(json_is_null(json_object_get(v, "error")));
	assert_string_equal(jstr(v, "summary"),
	    "ISAKMP SA (phase 1) was established at 22:49:46 and IPsec SA "
	    "(phase 2) at 22:49:47; the tunnel came up normally.");
	json_decref(doc);

	/* The text form says the same. */
	text = run(ipcop, N_IPCOP, IW_LANG_EN, 0);
	assert_contains(text, "newest first");
	assert_contains(text, "abc: up");
	assert_contains(text, "ISAKMP SA (phase 1) was established at 22:49:46 "
	    "and IPsec SA (phase 2) at 22:49:47; the tunnel came up normally.");
	/* Chronological: "responding" comes before "ISAKMP SA established". */
	assert_true(strstr(text, "responding to Main Mode") <
	    strstr(text, "sent MR3, ISAKMP SA established"));
	free(text);
}

/* The same excerpt in German. */
static void
test_ipcop_de(void **state)
{
	json_t	*doc, *v;
	char	*text;

	doc = run_json(ipcop, N_IPCOP, IW_LANG_DE);
	check_schema(doc);
	assert_string_equal(jstr(doc, "lang"), "de");
	v = verdict(doc, "abc");
	assert_string_equal(jstr(v, "state"), "up");
	assert_string_equal(jstr(v, "summary"),
	    "ISAKMP-SA (Phase 1) wurde um 22:49:46 aufgebaut und IPsec-SA "
	    "(Phase 2) um 22:49:47; der Tunnel ist normal zustande gekommen.");
	assert_string_equal(jstr(line_with(doc, "ISAKMP SA established"), "said"),
	    "ISAKMP-SA (Phase 1) f\xc3\xbcr Tunnel abc aufgebaut (Zustand #624).");
	json_decref(doc);

	text = run(ipcop, N_IPCOP, IW_LANG_DE, 0);
	assert_contains(text, "neueste zuerst");
	assert_contains(text, "Ergebnis:");
	assert_contains(text, "der Tunnel ist normal zustande gekommen.");
	free(text);
}

/* Given oldest first, the excerpt gives the same verdict. */
static void
test_ipcop_oldest_first(void **state)
{
	const char	*rev[N_IPCOP];
	json_t		*doc;
	size_t		 i;

	for (i = 0; i < N_IPCOP; i++)
		rev[i] = ipcop[N_IPCOP - 1 - i];
	doc = run_json(rev, N_IPCOP, IW_LANG_EN);
	assert_string_equal(jstr(doc, "order"), "oldest_first");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(
	    json_object_get(doc, "lines"), 0), "n")), 1);
	assert_string_equal(jstr(verdict(doc, "abc"), "summary"),
	    "ISAKMP SA (phase 1) was established at 22:49:46 and IPsec SA "
	    "(phase 2) at 22:49:47; the tunnel came up normally.");
	json_decref(doc);
}

/* PSK mismatch on the responder: the right error, in both languages. */
static void
test_psk_mismatch_east(void **state)
{
	const struct kb_entry	*e;
	json_t			*doc, *l, *v, *found;
	char			*text, want[1024];
	size_t			 k;
	int			 lang;

	e = kb_find(kb, "psk_mismatch_ikev2");
	assert_non_null(e);
	for (lang = 0; lang < IW_LANG__COUNT; lang++) {
		doc = run_json(psk_east, N_PSK_EAST, (enum iw_lang)lang);
		check_schema(doc);
		assert_string_equal(jstr(doc, "order"), "oldest_first");
		l = line_with(doc, "but MAC mismatched");
		assert_true(json_is_true(json_object_get(l, "recognized")));
		assert_string_equal(jstr(l, "error"), "psk_mismatch_ikev2");
		assert_string_equal(jstr(l, "severity"), "critical");
		assert_string_equal(jstr(l, "title"), e->text[lang].title);
		assert_string_equal(jstr(l, "explanation"), e->text[lang].meaning);
		assert_int_equal(json_array_size(json_object_get(l, "causes")), 2);
		/* The verdict: phase 1 never completed, because of this. */
		found = NULL;
		json_array_foreach(json_object_get(doc, "verdicts"), k, v) {
			if (json_is_string(json_object_get(v, "error")) &&
			    strcmp(jstr(v, "error"), "psk_mismatch_ikev2") == 0)
				found = v;
		}
		assert_non_null(found);
		v = found;
		assert_string_equal(jstr(v, "state"), "down");
		snprintf(want, sizeof want, lang == IW_LANG_EN ?
		    "Phase 1 (IKE SA) never completed: %s." :
		    "Phase 1 (IKE-SA) kam nie zustande: %s.", e->text[lang].title);
		assert_string_equal(jstr(v, "summary"), want);
		json_decref(doc);
	}
	assert_string_equal(e->text[IW_LANG_EN].title,
	    "IKEv2 pre-shared keys do not match");
	assert_string_equal(e->text[IW_LANG_DE].title,
	    "IKEv2-Pre-Shared-Keys stimmen nicht \xc3\xbc" "berein");

	text = run(psk_east, N_PSK_EAST, IW_LANG_DE, 0);
	assert_contains(text, "[psk_mismatch_ikev2, critical]");
	assert_contains(text, "Bedeutung: ");
	assert_contains(text, "Was zu pr\xc3\xbc" "fen ist:");
	assert_contains(text, e->text[IW_LANG_DE].meaning);
	free(text);
	text = run(psk_east, N_PSK_EAST, IW_LANG_EN, 0);
	assert_contains(text, "Likely causes:");
	assert_contains(text, "What to check:");
	assert_contains(text, "      - The pre-shared keys on the two gateways "
	    "are different.");
	free(text);
}

/* PSK mismatch on the initiator: the tunnel is named, the failure explained. */
static void
test_psk_mismatch_west(void **state)
{
	json_t		*doc, *l, *v;
	const char	*id;

	doc = run_json(psk_west, N_PSK_WEST, IW_LANG_EN);
	check_schema(doc);
	l = line_with(doc, "received AUTHENTICATION_FAILED notify error");
	id = jstr(l, "error");
	assert_non_null(id);
	/* The catalog lists this wording under both kinds. */
	if (strcmp(id, "auth_failed_by_peer") != 0 &&
	    strcmp(id, "psk_mismatch_ikev2") != 0)
		fail_msg("unexpected error id %s", id);
	assert_string_equal(jstr(l, "title"),
	    kb_find(kb, id)->text[IW_LANG_EN].title);
	/* The line names no tunnel; the excerpt names only west-east. */
	assert_string_equal(jstr(l, "tunnel"), "west-east");
	v = verdict(doc, "west-east");
	assert_string_equal(jstr(v, "state"), "down");
	assert_string_equal(jstr(v, "error"), id);
	assert_contains(jstr(v, "summary"), "never completed");
	json_decref(doc);
}

/* A tunnel that was up, lost its peer (DPD) and could not come back. */
static void
test_peer_dies(void **state)
{
	json_t	*doc, *v, *l;

	doc = run_json(peer_dies, N_PEER_DIES, IW_LANG_EN);
	check_schema(doc);
	l = line_with(doc, "20:32:44 west charon: 01[IKE] giving up");
	assert_string_equal(jstr(l, "event"), "dpd_dead");
	assert_string_equal(jstr(l, "error"), "dpd_dead_peer");
	/* The child line belongs to the one IKE SA of the excerpt. */
	assert_string_equal(jstr(line_with(doc, "CHILD_SA net{1} established"),
	    "tunnel"), "west-east");
	assert_int_equal(json_array_size(json_object_get(doc, "verdicts")), 1);
	v = verdict(doc, "west-east");
	assert_string_equal(jstr(v, "state"), "down");
	assert_string_equal(jstr(v, "summary"),
	    "The tunnel was up (since 20:32:00) and went down at 20:32:44: dead "
	    "peer detection declared the peer dead. Bringing it back failed at "
	    "20:33:08: The peer never answered our first IKE message.");
	json_decref(doc);

	doc = run_json(peer_dies, N_PEER_DIES, IW_LANG_DE);
	assert_string_equal(jstr(verdict(doc, "west-east"), "summary"),
	    "Der Tunnel war aktiv (seit 20:32:00) und fiel um 20:32:44 aus: Dead "
	    "Peer Detection hat die Gegenstelle f\xc3\xbcr tot erkl\xc3\xa4rt. Der "
	    "Wiederaufbau schlug um 20:33:08 fehl: Die Gegenstelle hat auf "
	    "unsere erste IKE-Nachricht nie geantwortet.");
	json_decref(doc);
}

/* Unknown and non-IPsec lines are reported, not dropped. */
static void
test_unrecognized(void **state)
{
	static const char *lines[] = {
		"Nov 27 20:36:56 west sshd[99]: Accepted publickey for root from 198.51.100.7 port 50000 ssh2",
		"Nov 27 20:36:57 west pluto[123]: \"abc\" #3: frobnicating the quux with extra zeal",
		"Nov 27 20:36:58 west charon: 05[XYZ] a wording no strongSwan version ever wrote",
	};
	json_t	*doc, *l;
	size_t	 i;

	doc = run_json(lines, 3, IW_LANG_EN);
	check_schema(doc);
	assert_int_equal(json_array_size(json_object_get(doc, "lines")), 3);
	json_array_foreach(json_object_get(doc, "lines"), i, l) {
		assert_true(json_is_false(json_object_get(l, "recognized")));
		assert_true(json_is_null(json_object_get(l, "event")));
		assert_true(json_is_null(json_object_get(l, "error")));
	}
	assert_string_equal(jstr(line_with(doc, "sshd"), "result"), "not_ipsec");
	assert_string_equal(jstr(line_with(doc, "frobnicating"), "result"),
	    "unrecognized");
	assert_string_equal(jstr(line_with(doc, "frobnicating"), "said"),
	    "A line of the IKE daemon that ipsecwatch does not recognize.");
	assert_int_equal(json_array_size(json_object_get(doc, "verdicts")), 0);
	json_decref(doc);
}

/* Bare messages (no syslog header) and invalid UTF-8 still give valid JSON. */
static void
test_bare_and_bytes(void **state)
{
	static const char *lines[] = {
		"\"abc\" #624: sent MR3, ISAKMP SA established",
		"\"abc\" #4: STATE_QUICK_I2: sent QI2, IPsec SA established tunnel mode {ESP=>0xba2cbb67 <0x2adca3de xfrm=AES_128-HMAC_MD5 NATOA=none NATD=none DPD=none}",
		"garbage \xff\xfe\xc3 bytes \xe2\x80",
	};
	json_t	*doc, *v;

	doc = run_json(lines, 3, IW_LANG_EN);
	check_schema(doc);
	assert_string_equal(jstr(line_with(doc, "ISAKMP"), "event"), "p1_up");
	assert_string_equal(jstr(line_with(doc, "QI2"), "event"), "p2_up");
	assert_contains(jstr(line_with(doc, "garbage"), "text"), "\xef\xbf\xbd");
	v = verdict(doc, "abc");
	assert_string_equal(jstr(v, "state"), "up");
	/* No times in bare lines: the verdict says it without them. */
	assert_string_equal(jstr(v, "summary"),
	    "ISAKMP SA (phase 1) and IPsec SA (phase 2) were established; the "
	    "tunnel came up normally.");
	json_decref(doc);
}

/* Run explain_main with stdin from a string; returns its stdout. */
static char *
run_main(int argc, char **argv, const char *input, int *rc)
{
	char	 tin[] = "/tmp/test-explain-in.XXXXXX";
	char	 tout[] = "/tmp/test-explain-out.XXXXXX";
	int	 fin, fout, saved_in, saved_out;
	char	*buf;
	long	 len;
	FILE	*f;

	fin = mkstemp(tin);
	fout = mkstemp(tout);
	assert_true(fin != -1 && fout != -1);
	assert_int_equal(write(fin, input, strlen(input)), (ssize_t)strlen(input));
	lseek(fin, 0, SEEK_SET);
	fflush(stdout);
	saved_in = dup(0);
	saved_out = dup(1);
	dup2(fin, 0);
	dup2(fout, 1);
	clearerr(stdin);
	*rc = explain_main(argc, argv);
	fflush(stdout);
	dup2(saved_in, 0);
	dup2(saved_out, 1);
	close(saved_in);
	close(saved_out);
	clearerr(stdin);
	close(fin);
	f = fdopen(fout, "r");
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = calloc(1, (size_t)len + 1);
	assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	unlink(tin);
	unlink(tout);
	return (buf);
}

/* A modifiable argv from string constants (getopt may permute it). */
static char **
mkargv(const char *const *src, int n)
{
	char	**v;
	int	  i;

	v = calloc((size_t)n + 1, sizeof *v);
	for (i = 0; i < n; i++)
		v[i] = strdup(src[i]);
	return (v);
}

/* Free an argv from mkargv. */
static void
freeargv(char **v)
{
	size_t	 i;

	for (i = 0; v[i] != NULL; i++)
		free(v[i]);
	free(v);
}

/* The command: stdin excerpt, LANG default, --lang override, arguments. */
static void
test_main(void **state)
{
	static const char *a_json[] = { "explain", "--json" };
	static const char *a_en[] = { "explain", "--lang", "en" };
	static const char *a_arg[] = { "explain", "--lang=de",
	    "\"abc\" #624: sent MR3, ISAKMP SA established" };
	static const char *a_bad[] = { "explain", "--lang", "fr" };
	char	**argv_json = mkargv(a_json, 2), **argv_en = mkargv(a_en, 3);
	char	**argv_arg = mkargv(a_arg, 3), **argv_bad = mkargv(a_bad, 3);
	char	 input[4096], path[4096], *out, *saved;
	size_t	 i;
	int	 rc;
	json_t	*doc;

	input[0] = '\0';
	for (i = 0; i < N_IPCOP; i++) {
		strcat(input, ipcop[i]);
		strcat(input, "\r\n");
	}
	/* Never pick up an admin file of the machine running the tests. */
	setenv("IPSECWATCH_KB_OVERRIDE", "", 1);
	saved = getenv("LANG") ? strdup(getenv("LANG")) : NULL;
	unsetenv("LC_ALL");
	unsetenv("LC_MESSAGES");
	setenv("LANG", "de_DE.UTF-8", 1);

	out = run_main(2, argv_json, input, &rc);
	assert_int_equal(rc, 0);
	doc = json_loads(out, 0, NULL);
	assert_non_null(doc);
	assert_string_equal(jstr(doc, "lang"), "de");
	assert_string_equal(jstr(verdict(doc, "abc"), "state"), "up");
	json_decref(doc);
	free(out);

	out = run_main(3, argv_en, input, &rc);
	assert_int_equal(rc, 0);
	assert_contains(out, "the tunnel came up normally.");
	free(out);

	out = run_main(3, argv_arg, "", &rc);
	assert_int_equal(rc, 0);
	assert_contains(out, "ISAKMP-SA (Phase 1) f\xc3\xbcr Tunnel abc aufgebaut");
	free(out);

	out = run_main(3, argv_bad, "", &rc);
	assert_int_equal(rc, 2);
	free(out);

	/* A broken admin knowledge base: reported, exit status 1, no output. */
	snprintf(path, sizeof path, "%s/tests/kb/bad-dup.conf",
	    getenv("top_srcdir") != NULL ? getenv("top_srcdir") : ".");
	setenv("IPSECWATCH_KB_OVERRIDE", path, 1);
	out = run_main(2, argv_json, input, &rc);
	assert_int_equal(rc, 1);
	assert_string_equal(out, "");
	free(out);
	/* A missing one is fine. */
	setenv("IPSECWATCH_KB_OVERRIDE", "/nonexistent/kb.conf", 1);
	out = run_main(2, argv_json, input, &rc);
	assert_int_equal(rc, 0);
	free(out);
	setenv("IPSECWATCH_KB_OVERRIDE", "", 1);

	if (saved != NULL) {
		setenv("LANG", saved, 1);
		free(saved);
	} else
		unsetenv("LANG");
	freeargv(argv_json);
	freeargv(argv_en);
	freeargv(argv_arg);
	freeargv(argv_bad);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ipcop_en),
		cmocka_unit_test(test_ipcop_de),
		cmocka_unit_test(test_ipcop_oldest_first),
		cmocka_unit_test(test_psk_mismatch_east),
		cmocka_unit_test(test_psk_mismatch_west),
		cmocka_unit_test(test_peer_dies),
		cmocka_unit_test(test_unrecognized),
		cmocka_unit_test(test_bare_and_bytes),
		cmocka_unit_test(test_main),
	};

	return (cmocka_run_group_tests(tests, setup, teardown));
}
