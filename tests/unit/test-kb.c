/*
 * test-kb.c - unit tests of the knowledge base: the shipped file, admin
 * overrides and patterns, and the error reports for broken files.
 *
 * The shipped file comes from $IPSECWATCH_KB (set by the test environment
 * to data/kb.conf of the source tree); test files from $top_srcdir/tests/kb.
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

#include "causes.h"
#include "kb.h"

/*
 * The 41 error kinds of the IPsec log catalog (section 3), in its order;
 * written down here by hand so that a lost entry in kb.conf is noticed.
 */
static const char *catalog_ids[] = {
	"peer_no_response_p1", "icmp_unreachable", "auth_no_response_p1",
	"psk_mismatch_ikev1", "psk_mismatch_ikev2", "psk_missing",
	"auth_failed_by_peer", "ike_proposal_mismatch", "esp_proposal_mismatch",
	"dh_group_mismatch", "pfs_mismatch", "no_conn_for_peer_p1",
	"aggr_no_conn", "id_mismatch", "invalid_id_information",
	"p2_subnet_mismatch_ikev1", "ts_unacceptable", "stale_sa_unknown_spi",
	"dpd_dead_peer", "established_sa_timeout", "qm_no_response",
	"nat_t_problem", "kernel_sa_install_failed", "kernel_policy_failed",
	"route_conflict", "cert_expired", "cert_untrusted", "cert_revoked",
	"cert_id_mismatch", "private_key_missing", "xauth_failed", "eap_failed",
	"vip_pool_exhausted", "ikev1_refused", "aggr_psk_refused",
	"duplicate_sa_uniqueness", "half_open_dos", "dns_resolution_failed",
	"keying_retries_exhausted", "fragmentation_loss",
	"lifetime_mismatch_ikev1",
};
#define N_CATALOG	(sizeof catalog_ids / sizeof catalog_ids[0])

static char	*test_path(const char *);
static struct kb *load_ok(const char *, const char *);
static void	 expect_causes(const char *, const char **, size_t);

/* Path of a file under tests/kb of the source tree (static buffer). */
static char *
test_path(const char *name)
{
	static char	 buf[4096];
	const char	*top = getenv("top_srcdir");

	snprintf(buf, sizeof buf, "%s/tests/kb/%s", top != NULL ? top : ".",
	    name);
	return (buf);
}

/* Load and fail the test with the reasons if the load fails. */
static struct kb *
load_ok(const char *sys, const char *admin)
{
	struct causes	 c;
	struct kb	*kb;
	size_t		 i;

	causes_init(&c);
	kb = kb_load(sys, admin, &c);
	for (i = 0; i < c.n; i++)
		print_error("%s\n", c.msg[i]);
	assert_non_null(kb);
	assert_int_equal(c.n, 0);
	causes_free(&c);
	return (kb);
}

/* Load a broken file and compare every reported message, in order. */
static void
expect_causes(const char *name, const char **want, size_t nwant)
{
	struct causes	 c;
	struct kb	*kb;
	char		 path[4096], line[8192];
	size_t		 i;

	snprintf(path, sizeof path, "%s", test_path(name));
	causes_init(&c);
	kb = kb_load(path, NULL, &c);
	assert_null(kb);
	for (i = 0; i < c.n; i++)
		print_message("  %s\n", c.msg[i]);
	assert_int_equal(c.n, nwant);
	for (i = 0; i < nwant; i++) {
		snprintf(line, sizeof line, "%s:%s", path, want[i]);
		assert_string_equal(c.msg[i], line);
	}
	causes_free(&c);
}

/* Whether a newline-separated list has at least one non-empty line. */
static int
has_lines(const char *s)
{
	return (s != NULL && *s != '\0' && *s != '\n');
}

/* The shipped file loads and holds exactly the 41 catalog kinds. */
static void
test_shipped_loads(void **state)
{
	struct kb	*kb;
	size_t		 i;

	kb = load_ok(kb_default_path(), NULL);
	assert_int_equal(kb_count(kb), N_CATALOG);
	for (i = 0; i < N_CATALOG; i++) {
		if (kb_find(kb, catalog_ids[i]) == NULL)
			fail_msg("catalog id %s missing from kb.conf",
			    catalog_ids[i]);
	}
	/* Entries come out sorted by id (kb_find relies on it). */
	for (i = 1; i < kb_count(kb); i++)
		assert_true(strcmp(kb_entry_at(kb, i - 1)->id,
		    kb_entry_at(kb, i)->id) < 0);
	assert_null(kb_entry_at(kb, kb_count(kb)));
	assert_null(kb_find(kb, "no_such_kind"));
	assert_null(kb_find(kb, ""));
	kb_free(kb);
}

/* Every kind has title, meaning, causes and checks in English and German. */
static void
test_shipped_complete(void **state)
{
	const struct kb_entry	*e;
	struct kb		*kb;
	size_t			 i;
	int			 l;

	kb = load_ok(kb_default_path(), NULL);
	for (i = 0; i < N_CATALOG; i++) {
		e = kb_find(kb, catalog_ids[i]);
		assert_non_null(e);
		for (l = 0; l < IW_LANG__COUNT; l++) {
			/* Raw fields, not kb_text: no fallback may hide a gap. */
			if (e->text[l].title == NULL || e->text[l].meaning == NULL ||
			    !has_lines(e->text[l].causes) ||
			    !has_lines(e->text[l].checks))
				fail_msg("%s: %s text incomplete", e->id,
				    iw_lang_name((enum iw_lang)l));
			assert_null(strchr(e->text[l].title, '\n'));
		}
	}
	kb_free(kb);
}

/* German texts are translations, not copies of the English ones. */
static void
test_shipped_german(void **state)
{
	const struct kb_entry	*e;
	struct kb		*kb;
	size_t			 i, umlauts = 0;
	struct kb_text		 en, de;

	kb = load_ok(kb_default_path(), NULL);
	for (i = 0; i < kb_count(kb); i++) {
		e = kb_entry_at(kb, i);
		en = e->text[IW_LANG_EN];
		de = e->text[IW_LANG_DE];
		if (strcmp(en.title, de.title) == 0 ||
		    strcmp(en.meaning, de.meaning) == 0 ||
		    strcmp(en.causes, de.causes) == 0 ||
		    strcmp(en.checks, de.checks) == 0)
			fail_msg("%s: German text equals the English one", e->id);
		if (strstr(de.meaning, "TODO") != NULL ||
		    strstr(de.meaning, "FIXME") != NULL)
			fail_msg("%s: placeholder in German text", e->id);
		/* Proper UTF-8 umlauts, not ae/oe/ue transcriptions. */
		if (strstr(de.meaning, "\xc3\xa4") != NULL ||	/* ä */
		    strstr(de.meaning, "\xc3\xb6") != NULL ||	/* ö */
		    strstr(de.meaning, "\xc3\xbc") != NULL ||	/* ü */
		    strstr(de.meaning, "\xc3\x9f") != NULL)	/* ß */
			umlauts++;
	}
	/* German prose without a single umlaut in 41 paragraphs is suspect. */
	assert_true(umlauts > N_CATALOG / 2);
	kb_free(kb);
}

/* kb_text falls back to English field by field for a missing language. */
static void
test_text_fallback(void **state)
{
	struct kb_entry	 e;
	struct kb_text	 t;

	memset(&e, 0, sizeof e);
	e.id = "x";
	e.text[IW_LANG_EN].title = "T";
	e.text[IW_LANG_EN].meaning = "M";
	e.text[IW_LANG_EN].causes = "C";
	e.text[IW_LANG_EN].checks = "K";
	e.text[IW_LANG_DE].title = "Titel";
	t = kb_text(&e, IW_LANG_DE);
	assert_string_equal(t.title, "Titel");
	assert_string_equal(t.meaning, "M");
	assert_string_equal(t.causes, "C");
	assert_string_equal(t.checks, "K");
	t = kb_text(&e, IW_LANG_EN);
	assert_string_equal(t.title, "T");
}

/* An admin file changes fields of a shipped entry and adds one with patterns. */
static void
test_override(void **state)
{
	const struct kb_entry	*e;
	struct kb		*kb, *plain;
	struct kb_text		 t;
	const char		*msg;

	plain = load_ok(kb_default_path(), NULL);
	kb = load_ok(kb_default_path(), test_path("override.conf"));
	assert_int_equal(kb_count(kb), N_CATALOG + 1);

	/* Changed: severity and the German title; the rest is kept. */
	e = kb_find(kb, "psk_missing");
	assert_non_null(e);
	assert_int_equal(e->severity, IW_SEV_WARNING);
	assert_int_equal(kb_find(plain, "psk_missing")->severity, IW_SEV_CRITICAL);
	t = kb_text(e, IW_LANG_DE);
	assert_string_equal(t.title,
	    "Kein PSK f\xc3\xbcr dieses ID-Paar (lokal angepasst)");
	assert_string_equal(t.meaning,
	    kb_find(plain, "psk_missing")->text[IW_LANG_DE].meaning);
	assert_string_equal(e->text[IW_LANG_EN].title,
	    kb_find(plain, "psk_missing")->text[IW_LANG_EN].title);

	/* Added, with patterns that kb_match finds (case-sensitive). */
	e = kb_find(kb, "site_firewall_reject");
	assert_non_null(e);
	assert_int_equal(e->severity, IW_SEV_CRITICAL);
	assert_int_equal(e->n_patterns, 2);
	assert_string_equal(kb_text(e, IW_LANG_DE).title,
	    "Die Standort-Firewall hat den Tunnel abgewiesen");
	/* German causes were not given: English is used. */
	assert_string_equal(kb_text(e, IW_LANG_DE).causes,
	    "A rule change on the appliance.");
	msg = "\"abc\" #3: packet rejected by appliance policy 17";
	assert_string_equal(kb_match(kb, msg, strlen(msg)),
	    "site_firewall_reject");
	msg = "01[NET] FW-DENY from 192.0.2.9";
	assert_string_equal(kb_match(kb, msg, strlen(msg)),
	    "site_firewall_reject");
	/* Only within len, and case matters. */
	assert_null(kb_match(kb, msg, 10));
	msg = "fw-deny from 192.0.2.9";
	assert_null(kb_match(kb, msg, strlen(msg)));
	msg = "STATE_MAIN_I4: ISAKMP SA established";
	assert_null(kb_match(kb, msg, strlen(msg)));
	assert_null(kb_match(plain, "FW-DENY", 7));

	kb_free(plain);
	kb_free(kb);
}

/* A missing admin file is fine; its absence changes nothing. */
static void
test_override_missing(void **state)
{
	struct kb	*kb;

	kb = load_ok(kb_default_path(), test_path("no-such-file.conf"));
	assert_int_equal(kb_count(kb), N_CATALOG);
	kb_free(kb);
}

/* A broken admin file fails the whole load, with its own file name. */
static void
test_override_broken(void **state)
{
	struct causes	 c;
	struct kb	*kb;
	char		 want[8192], path[4096];

	snprintf(path, sizeof path, "%s", test_path("bad-dup.conf"));
	causes_init(&c);
	kb = kb_load(kb_default_path(), path, &c);
	assert_null(kb);
	assert_int_equal(c.n, 1);
	snprintf(want, sizeof want,
	    "%s:7: duplicate id 'x_one' (first defined at line 3)", path);
	assert_string_equal(c.msg[0], want);
	causes_free(&c);
}

/* A missing system file is reported. */
static void
test_system_missing(void **state)
{
	struct causes	 c;
	struct kb	*kb;

	causes_init(&c);
	kb = kb_load(test_path("no-such-file.conf"), NULL, &c);
	assert_null(kb);
	assert_int_equal(c.n, 1);
	assert_non_null(strstr(c.msg[0], "no-such-file.conf: cannot read: "));
	causes_free(&c);
}

/* Syntax errors come from libconfig with their line. */
static void
test_bad_syntax(void **state)
{
	static const char *want[] = { "4: syntax error" };

	expect_causes("bad-syntax.conf", want, 1);
}

/* Unknown keys at every level, all reported. */
static void
test_bad_keys(void **state)
{
	static const char *want[] = {
	    "4: entry 'x_one': unknown key 'remedy' in en (expected title, "
	    "meaning, causes, checks)",
	    "5: entry 'x_one': unknown key 'fr' (expected id, severity, en, de, "
	    "patterns)",
	    "6: entry 'x_one': unknown key 'colour' (expected id, severity, en, "
	    "de, patterns)",
	    "9: unknown key 'version' (expected entries)",
	};

	expect_causes("bad-keys.conf", want, 4);
}

/* Duplicate ids in one file. */
static void
test_bad_dup(void **state)
{
	static const char *want[] = {
	    "7: duplicate id 'x_one' (first defined at line 3)",
	};

	expect_causes("bad-dup.conf", want, 1);
}

/* Wrong types, a bad severity and a bad id. */
static void
test_bad_types(void **state)
{
	static const char *want[] = {
	    "3: entry 'x_one': bad severity 'fatal' (expected info, warning or "
	    "critical)",
	    "4: entry 'x_one': en.title must be a string",
	    "5: entry 'x_one': en.causes must be a list of strings",
	    "5: entry 'x_one': en.checks: item 2 is not a string",
	    "6: entry 'x_one': de must be a group { title = ...; ... }",
	    "7: entry 'x_one': patterns must be a list of strings",
	    "9: invalid id 'Bad-Id' (use a-z, 0-9 and _, at most 39 characters)",
	};

	expect_causes("bad-types.conf", want, 7);
}

/* Missing id, English title or meaning, severity. */
static void
test_bad_missing(void **state)
{
	static const char *want[] = {
	    "3: entry 'x_one': missing en.meaning",
	    "3: entry 'x_one': missing severity",
	    "7: entry without id",
	    "10: entry 'x_two': missing en.title",
	    "10: entry 'x_two': missing en.meaning",
	};

	expect_causes("bad-missing.conf", want, 5);
}

/* Texts must be UTF-8 (an admin file saved as Latin-1 is caught). */
static void
test_bad_encoding(void **state)
{
	static const char *want[] = {
	    "5: entry 'x_one': de.title is not valid UTF-8",
	    "6: entry 'x_one': de.causes: item 1 is not valid UTF-8",
	};

	expect_causes("bad-encoding.conf", want, 2);
}

/* $IPSECWATCH_KB selects the system file; unset gives DATADIR. */
static void
test_default_path(void **state)
{
	char	*saved;

	saved = getenv("IPSECWATCH_KB") ? strdup(getenv("IPSECWATCH_KB")) : NULL;
	setenv("IPSECWATCH_KB", "/some/where/kb.conf", 1);
	assert_string_equal(kb_default_path(), "/some/where/kb.conf");
	unsetenv("IPSECWATCH_KB");
	assert_string_equal(kb_default_path(), DATADIR "/kb.conf");
	if (saved != NULL) {
		setenv("IPSECWATCH_KB", saved, 1);
		free(saved);
	}
	unsetenv("IPSECWATCH_KB_OVERRIDE");
	assert_string_equal(kb_default_override_path(),
	    SYSCONFDIR "/ipsecwatch/kb.conf");
	setenv("IPSECWATCH_KB_OVERRIDE", "", 1);
	assert_null(kb_default_override_path());
	unsetenv("IPSECWATCH_KB_OVERRIDE");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_loads),
		cmocka_unit_test(test_shipped_complete),
		cmocka_unit_test(test_shipped_german),
		cmocka_unit_test(test_text_fallback),
		cmocka_unit_test(test_override),
		cmocka_unit_test(test_override_missing),
		cmocka_unit_test(test_override_broken),
		cmocka_unit_test(test_system_missing),
		cmocka_unit_test(test_bad_syntax),
		cmocka_unit_test(test_bad_keys),
		cmocka_unit_test(test_bad_dup),
		cmocka_unit_test(test_bad_types),
		cmocka_unit_test(test_bad_missing),
		cmocka_unit_test(test_bad_encoding),
		cmocka_unit_test(test_default_path),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
