/*
 * test-conf.c - the configuration loader over the corpus in tests/conf/
 * and over configs written on the fly (secrets, file modes, includes).
 *
 * Corpus scheme: every tests/conf/good/NAME.conf must load; each
 * tests/conf/bad/X.conf must fail with exactly the lines of
 * tests/conf/bad/X.expect, in order.  The test changes into the corpus
 * directory and loads "X.conf", so the messages name the file as
 * "X.conf:LINE: message" and an included file as "Y.inc:LINE: message"
 * (@include is relative to the directory of the main file; here that is
 * the current directory).  Included fragments end in .inc so they are not
 * loaded on their own.  Bad files hold no inline secrets: their mode after
 * a checkout is not ours to choose; secrets are tested on temporary copies.
 *
 * conf.c is included to reach its key tables: the sample config and the
 * man page must name every key.
 */
#include "../../src/conf.c"

#include <sys/types.h>

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#ifndef TOP_SRCDIR
#define TOP_SRCDIR "."
#endif

static char	 tmpdir[64];

/* The source tree: $top_srcdir from make check, else the configured one. */
static const char *
srcdir(void)
{
	const char	*s = getenv("top_srcdir");

	return (s != NULL && *s != '\0' ? s : TOP_SRCDIR);
}

/* Read a whole file into a NUL-terminated string. */
static char *
slurp(const char *path)
{
	FILE	*f;
	char	*buf;
	long	 len;

	f = fopen(path, "r");
	if (f == NULL)
		fail_msg("cannot open %s: %s", path, strerror(errno));
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	assert_true(len >= 0);
	rewind(f);
	buf = xmalloc((size_t)len + 1);
	assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
	buf[len] = '\0';
	fclose(f);
	return (buf);
}

/* Write a file with a mode (the mode is set explicitly, not via umask). */
static char *
put(const char *name, const char *text, mode_t mode)
{
	char	*path;
	FILE	*f;

	xasprintf(&path, "%s/%s", tmpdir, name);
	unlink(path);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(chmod(path, mode), 0);
	return (path);
}

/* Print what a load reported (shown when an assertion fails). */
static void
show(const char *what, struct causes *c)
{
	size_t	 i;

	for (i = 0; i < c->n; i++)
		print_message("%s: %s\n", what, c->msg[i]);
}

/* Load a config from inside dir, naming it as name. */
static struct iw_config *
load_in(const char *dir, const char *name, struct causes *c)
{
	struct iw_config	*cf;
	int			 cwd;

	cwd = open(".", O_RDONLY | O_DIRECTORY);
	assert_true(cwd != -1);
	if (chdir(dir) == -1)
		fail_msg("chdir %s: %s", dir, strerror(errno));
	cf = conf_load(name, c);
	assert_int_equal(fchdir(cwd), 0);
	close(cwd);
	return (cf);
}

/* Sorted names in dir ending in suffix. */
static size_t
list_dir(const char *dir, const char *suffix, char ***out)
{
	DIR		*d;
	struct dirent	*e;
	char		**v = NULL;
	size_t		 n = 0, i, j, ls = strlen(suffix), l;
	char		*t;

	d = opendir(dir);
	if (d == NULL)
		fail_msg("opendir %s: %s", dir, strerror(errno));
	while ((e = readdir(d)) != NULL) {
		l = strlen(e->d_name);
		if (l <= ls || strcmp(e->d_name + l - ls, suffix) != 0)
			continue;
		v = xreallocarray(v, n + 1, sizeof *v);
		v[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	for (i = 1; i < n; i++) {
		for (j = i; j > 0 && strcmp(v[j - 1], v[j]) > 0; j--) {
			t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	}
	*out = v;
	return (n);
}

/* Free a list of names. */
static void
free_list(char **v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/*
 * Whether a failed load is only the journal refused by a build without
 * libsystemd (then every message says so).
 */
static bool
only_no_journal(struct causes *c)
{
#ifdef HAVE_LIBSYSTEMD
	return (false);
#else
	size_t	 i;

	for (i = 0; i < c->n; i++) {
		if (strstr(c->msg[i], "built without systemd support") == NULL)
			return (false);
	}
	return (c->n > 0);
#endif
}

/*
 * Every file in tests/conf/good loads without a message (in a build
 * without libsystemd, files with a journal input fail with exactly that
 * message instead).
 */
static void
test_good_corpus(void **state)
{
	struct causes	 c;
	struct iw_config *cf;
	char		*dir, **names;
	size_t		 n, i, failed = 0;

	xasprintf(&dir, "%s/tests/conf/good", srcdir());
	n = list_dir(dir, ".conf", &names);
	assert_true(n >= 7);
	for (i = 0; i < n; i++) {
		causes_init(&c);
		cf = load_in(dir, names[i], &c);
		if (cf == NULL && only_no_journal(&c))
			print_message("%s: journal input refused as expected\n",
			    names[i]);
		else if (cf == NULL || c.n != 0) {
			print_message("%s did not load:\n", names[i]);
			show(names[i], &c);
			failed++;
		}
		conf_free(cf);
		causes_free(&c);
	}
	free_list(names, n);
	free(dir);
	assert_int_equal(failed, 0);
}

/* Every file in tests/conf/bad fails with exactly its .expect lines. */
static void
test_bad_corpus(void **state)
{
	struct causes	 c;
	struct iw_config *cf;
	char		*dir, **names, **expects, *p, *text, *line, *save;
	char		**want;
	size_t		 n, ne, i, j, nw, failed = 0;

	xasprintf(&dir, "%s/tests/conf/bad", srcdir());
	n = list_dir(dir, ".conf", &names);
	ne = list_dir(dir, ".expect", &expects);
	assert_true(n >= 20);
	assert_int_equal(n, ne);	/* one .expect per .conf, no strays */
	for (i = 0; i < n; i++) {
		p = strrchr(names[i], '.');
		assert_int_equal(strncmp(names[i], expects[i], (size_t)(p - names[i])), 0);
		assert_string_equal(expects[i] + (p - names[i]), ".expect");

		xasprintf(&p, "%s/%s", dir, expects[i]);
		text = slurp(p);
		free(p);
		want = NULL;
		nw = 0;
		for (line = strtok_r(text, "\n", &save); line != NULL;
		    line = strtok_r(NULL, "\n", &save)) {
			want = xreallocarray(want, nw + 1, sizeof *want);
			want[nw++] = line;
		}
		assert_true(nw > 0);

		causes_init(&c);
		cf = load_in(dir, names[i], &c);
#ifndef HAVE_LIBSYSTEMD
		/* Without libsystemd each journal input adds one message. */
		for (j = 0; j < c.n; j++) {
			if (strstr(c.msg[j], "built without systemd") == NULL)
				continue;
			free(c.msg[j]);
			memmove(c.msg + j, c.msg + j + 1, (c.n - j - 1) * sizeof *c.msg);
			c.n--;
			j--;
		}
#endif
		if (cf != NULL) {
			print_message("%s: loaded but should not\n", names[i]);
			failed++;
		} else if (c.n != nw) {
			print_message("%s: %zu messages, expected %zu\n", names[i],
			    c.n, nw);
			show(names[i], &c);
			failed++;
		} else {
			for (j = 0; j < nw; j++) {
				if (strcmp(c.msg[j], want[j]) == 0)
					continue;
				print_message("%s: got      %s\n%s: expected %s\n",
				    names[i], c.msg[j], names[i], want[j]);
				failed++;
			}
		}
		conf_free(cf);
		causes_free(&c);
		free(want);
		free(text);
	}
	free_list(names, n);
	free_list(expects, ne);
	free(dir);
	assert_int_equal(failed, 0);
}

/* The example of DESIGN.md means what it says. */
static void
test_design_example(void **state)
{
	struct causes	 c;
	struct iw_config *cf;
	char		*dir;

	causes_init(&c);
	xasprintf(&dir, "%s/tests/conf/good", srcdir());
	cf = load_in(dir, "design-example.conf", &c);
#ifndef HAVE_LIBSYSTEMD
	assert_null(cf);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.msg[0], "design-example.conf:8: inputs[1].type: "
	    "this ipsecwatch was built without systemd support "
	    "(--without-systemd); the journal input is not available");
	causes_free(&c);
	free(dir);
	skip();
#endif
	show("design-example", &c);
	assert_non_null(cf);
	assert_string_equal(cf->path, "design-example.conf");
	assert_string_equal(cf->user, "ipsecwatch");
	assert_string_equal(cf->group, "ipsecwatch");
	assert_string_equal(cf->state_dir, "/var/lib/ipsecwatch");
	assert_string_equal(cf->spool_dir, "/var/lib/ipsecwatch/spool");
	assert_int_equal(cf->language, IW_LANG_EN);

	assert_int_equal(cf->n_inputs, 2);
	assert_int_equal(cf->inputs[0].type, INPUT_FILE);
	assert_string_equal(cf->inputs[0].path, "/var/log/auth.log");
	assert_string_equal(cf->inputs[0].name, "/var/log/auth.log");
	assert_false(cf->inputs[0].from_beginning);
	assert_int_equal(cf->inputs[0].line, 7);
	assert_int_equal(cf->inputs[1].type, INPUT_JOURNAL);
	assert_string_equal(cf->inputs[1].name, "journal");
	assert_int_equal(cf->inputs[1].n_identifiers, 3);
	assert_string_equal(cf->inputs[1].identifiers[2], "charon-systemd");
	assert_int_equal(cf->inputs[1].n_units, 0);

	assert_string_equal(cf->control.socket, "/run/ipsecwatch/ipsecwatch.sock");
	assert_int_equal(cf->control.mode, 0660);
	assert_string_equal(cf->control.group, "ipsecwatch");

	assert_int_equal(cf->tunnels.down_grace, 30);
	assert_int_equal(cf->tunnels.negotiation_timeout, 90);
	assert_int_equal(cf->tunnels.rekey_margin, 300);
	assert_int_equal(cf->tunnels.n_must_be_up, 2);
	assert_string_equal(cf->tunnels.must_be_up[1], "site-*");
	assert_int_equal(cf->tunnels.n_ignore, 1);
	assert_string_equal(cf->tunnels.ignore[0], "rw-*");
	assert_int_equal(cf->tunnels.n_may_be_down, 0);

	assert_int_equal(cf->alerts.group_wait, 10);
	assert_int_equal(cf->alerts.repeat_interval, 4 * 3600);
	assert_true(cf->alerts.send_resolved);

	assert_int_equal(cf->n_receivers, 2);
	assert_string_equal(cf->receivers[0].name, "ops-mail");
	assert_string_equal(cf->receivers[0].plugin, "email");
	assert_string_equal(cf->receivers[0].url, "smtp://localhost:25");
	assert_string_equal(cf->receivers[0].from, "ipsecwatch@gw.example");
	assert_int_equal(cf->receivers[0].n_to, 1);
	assert_string_equal(cf->receivers[0].to[0], "ops@example.org");
	assert_int_equal(cf->receivers[0].min_severity, IW_SEV_WARNING);
	assert_string_equal(cf->receivers[0].starttls, "optional");
	assert_null(cf->receivers[0].format);
	assert_int_equal(cf->receivers[0].line, 32);
	assert_string_equal(cf->receivers[1].name, "chat");
	assert_string_equal(cf->receivers[1].plugin, "webhook");
	assert_string_equal(cf->receivers[1].format, "json");
	assert_null(cf->receivers[1].starttls);
	assert_true(cf->receivers[1].tls_verify);
	assert_int_equal(cf->receivers[1].timeout, 10);
	assert_false(cf->has_secrets);
	conf_free(cf);
	causes_free(&c);
	free(dir);
}

/* Check the settings that have the same default in every config. */
static void
assert_defaults(const struct iw_config *cf)
{
	assert_null(cf->user);
	assert_null(cf->group);
	assert_string_equal(cf->state_dir, LOCALSTATEDIR "/lib/ipsecwatch");
	assert_string_equal(cf->pidfile, RUNSTATEDIR "/ipsecwatch/ipsecwatchd.pid");
	assert_string_equal(cf->spool_dir, LOCALSTATEDIR "/lib/ipsecwatch/spool");
	assert_string_equal(cf->plugin_dir, PKGLIBDIR "/plugins");
	assert_string_equal(cf->kb_file, SYSCONFDIR "/ipsecwatch/kb.conf");
	assert_int_equal(cf->language, IW_LANG_EN);
	assert_int_equal(cf->max_catchup_age, 86400);
	assert_int_equal(cf->save_interval, 10);
	assert_string_equal(cf->control.socket,
	    RUNSTATEDIR "/ipsecwatch/ipsecwatch.sock");
	assert_int_equal(cf->control.mode, 0660);
	assert_null(cf->control.group);
	assert_int_equal(cf->control.max_clients, 64);
	assert_int_equal(cf->control.max_clients_per_user, 16);
	assert_int_equal(cf->control.reserved_clients, 4);
	assert_int_equal(cf->control.request_rate, 10);
	assert_int_equal(cf->control.request_burst, 30);
	assert_null(cf->metrics.listen);
	assert_int_equal(cf->tunnels.down_grace, 30);
	assert_int_equal(cf->tunnels.negotiation_timeout, 0);
	assert_int_equal(cf->tunnels.rekey_margin, 300);
	assert_int_equal(cf->tunnels.ike_lifetime, 0);
	assert_int_equal(cf->tunnels.ipsec_lifetime, 0);
	assert_int_equal(cf->tunnels.startup_deadline, 300);
	assert_int_equal(cf->tunnels.restart_deadline, 120);
	assert_int_equal(cf->tunnels.flap_count, 4);
	assert_int_equal(cf->tunnels.flap_window, 3600);
	assert_false(cf->tunnels.roadwarrior_down_alerts);
	assert_int_equal(cf->tunnels.n_must_be_up, 0);
	assert_int_equal(cf->tunnels.n_may_be_down, 0);
	assert_int_equal(cf->tunnels.n_ignore, 0);
	assert_int_equal(cf->alerts.group_wait, 10);
	assert_int_equal(cf->alerts.group_interval, 60);
	assert_int_equal(cf->alerts.repeat_interval, 4 * 3600);
	assert_true(cf->alerts.send_resolved);
	assert_int_equal(cf->alerts.resolved_keep, 86400);
	assert_int_equal(cf->alerts.inhibit_window, 120);
	assert_int_equal(cf->alerts.diagnostics_wait, 10);
	assert_int_equal(cf->spool.max_entries, 1000);
	assert_int_equal(cf->spool.max_bytes, 16 * 1024 * 1024);
	assert_int_equal(cf->spool.retry_initial, 10);
	assert_int_equal(cf->spool.retry_max, 600);
	assert_int_equal(cf->n_diagnostics, 0);
	assert_false(cf->has_secrets);
}

/* conf_default and an empty file give the documented defaults. */
static void
test_defaults(void **state)
{
	struct causes	 c;
	struct iw_config *cf;
	char		*dir;

	cf = conf_default();
	assert_defaults(cf);
	assert_null(cf->path);
	assert_int_equal(cf->n_inputs, 0);
	assert_int_equal(cf->n_receivers, 0);
	conf_free(cf);

	causes_init(&c);
	xasprintf(&dir, "%s/tests/conf/good", srcdir());
	cf = load_in(dir, "empty.conf", &c);
	assert_non_null(cf);
	assert_defaults(cf);
	conf_free(cf);
	causes_free(&c);
	free(dir);
	conf_free(NULL);
}

/* A config that sets everything gets everything, and the receiver defaults. */
static void
test_everything(void **state)
{
	struct causes	 c;
	struct iw_config *cf;
	char		*dir;

	causes_init(&c);
	xasprintf(&dir, "%s/tests/conf/good", srcdir());
	cf = load_in(dir, "everything.conf", &c);
#ifndef HAVE_LIBSYSTEMD
	assert_null(cf);
	assert_true(only_no_journal(&c));
	causes_free(&c);
	free(dir);
	skip();
#endif
	show("everything", &c);
	assert_non_null(cf);
	assert_string_equal(cf->spool_dir, "/srv/ipsecwatch/spool");
	assert_string_equal(cf->plugin_dir, "/opt/ipsecwatch/plugins");
	assert_int_equal(cf->language, IW_LANG_DE);
	assert_int_equal(cf->max_catchup_age, 12 * 3600);
	assert_int_equal(cf->save_interval, 30);
	assert_string_equal(cf->inputs[0].name, "auth");
	assert_true(cf->inputs[0].from_beginning);
	assert_string_equal(cf->inputs[1].units[0], "strongswan.service");
	assert_string_equal(cf->inputs[1].journal_dir, "/var/log/journal");
	assert_int_equal(cf->inputs[1].n_identifiers, 1);
	assert_false(cf->inputs[1].from_beginning);
	assert_int_equal(cf->control.mode, 0600);
	assert_int_equal(cf->control.max_clients, 8);
	assert_int_equal(cf->control.max_clients_per_user, 3);
	assert_int_equal(cf->control.reserved_clients, 2);
	assert_int_equal(cf->control.request_rate, 0);
	assert_int_equal(cf->control.request_burst, 5);
	assert_string_equal(cf->metrics.listen, "[::1]:9437");
	assert_int_equal(cf->tunnels.ike_lifetime, 3 * 3600);
	assert_int_equal(cf->tunnels.flap_count, 6);
	assert_true(cf->tunnels.roadwarrior_down_alerts);
	assert_true(conf_match_any(cf->tunnels.ignore, cf->tunnels.n_ignore, "test1"));
	assert_false(cf->alerts.send_resolved);
	assert_int_equal(cf->alerts.repeat_interval, 86400);
	assert_int_equal(cf->alerts.inhibit_window, 300);
	assert_int_equal(cf->alerts.diagnostics_wait, 20);
	assert_int_equal(cf->spool.max_entries, 50);
	assert_int_equal(cf->spool.max_bytes, 512 * 1024);
	assert_int_equal(cf->spool.retry_initial, 2);
	assert_int_equal(cf->spool.retry_max, 90);

	assert_int_equal(cf->n_receivers, 5);
	assert_int_equal(cf->receivers[0].min_severity, IW_SEV_CRITICAL);
	assert_int_equal(cf->receivers[0].language, IW_LANG_EN);
	assert_int_equal(cf->receivers[0].n_to, 2);
	assert_int_equal(cf->receivers[0].rate_limit, 30);
	assert_int_equal(cf->receivers[0].timeout, 20);
	assert_string_equal(cf->receivers[0].starttls, "required");
	assert_string_equal(cf->receivers[0].kinds[1], "negotiation_failed");
	assert_int_equal(cf->receivers[1].language, IW_LANG_DE);	/* global */
	assert_false(cf->receivers[1].tls_verify);
	assert_string_equal(cf->receivers[1].headers[0], "X-Gateway: gw1");
	assert_string_equal(cf->receivers[2].format, "alertmanager");
	assert_int_equal(cf->receivers[2].min_severity, IW_SEV_INFO);
	assert_int_equal(cf->receivers[3].n_command, 2);
	assert_int_equal(cf->receivers[3].timeout, 30);
	assert_string_equal(cf->receivers[4].plugin, "console");

	assert_int_equal(cf->n_diagnostics, 3);
	assert_int_equal(cf->diagnostics[0].timeout, 10);
	assert_int_equal(cf->diagnostics[1].timeout, 5);
	assert_int_equal(cf->diagnostics[2].argc, 4);
	assert_string_equal(cf->diagnostics[2].argv[3], "%conn%");
	assert_false(cf->has_secrets);
	conf_free(cf);
	causes_free(&c);

	cf = load_in(dir, "single-strings.conf", &c);
	assert_non_null(cf);
	assert_int_equal(cf->tunnels.n_must_be_up, 1);
	assert_int_equal(cf->receivers[0].n_to, 1);
	assert_string_equal(cf->receivers[0].to[0], "ops@example.org");
	assert_string_equal(cf->metrics.listen, "127.0.0.1:9437");
	conf_free(cf);

	cf = load_in(dir, "durations.conf", &c);
	assert_non_null(cf);
	assert_int_equal(cf->tunnels.down_grace, 45);
	assert_int_equal(cf->tunnels.negotiation_timeout, 90);
	assert_int_equal(cf->tunnels.rekey_margin, 5400);
	assert_int_equal(cf->tunnels.ike_lifetime, 86400 + 2 * 3600 + 3 * 60 + 4);
	assert_int_equal(cf->tunnels.ipsec_lifetime, 0);
	conf_free(cf);
	causes_free(&c);
	free(dir);
}

/*
 * Whether a commented line (text after the '#') is a commented-out
 * setting: "name = ...", "{ name = ...", or a closing "}" / ")".  Prose
 * comments in the sample never start like that.
 */
static bool
option_like(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '}' || *p == ')')
		return (true);
	if (*p == '{') {
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
	}
	if (!islower((unsigned char)*p) && *p != '_')
		return (false);
	while (islower((unsigned char)*p) || *p == '_')
		p++;
	while (*p == ' ' || *p == '\t')
		p++;
	return (*p == '=');
}

/* The sample with its commented-out settings turned on. */
static char *
uncomment(const char *text)
{
	char		*out = xmalloc(strlen(text) + 1), *o = out;
	const char	*p = text, *q;

	while (*p != '\0') {
		for (q = p; *q == ' ' || *q == '\t'; q++)
			;
		if (*q == '#' && option_like(q + 1)) {
			memcpy(o, p, (size_t)(q - p));
			o += q - p;
			p = q + 1;
		}
		while (*p != '\0' && *p != '\n')
			*o++ = *p++;
		if (*p == '\n')
			*o++ = *p++;
	}
	*o = '\0';
	return (out);
}

/* The sample config loads, and what it sets is the default. */
static void
test_sample(void **state)
{
	struct causes	 c;
	struct iw_config *cf;
	char		*dir;

	causes_init(&c);
	xasprintf(&dir, "%s/etc", srcdir());
	cf = load_in(dir, "ipsecwatch.conf", &c);
	show("sample", &c);
	assert_non_null(cf);
	assert_defaults(cf);
	assert_int_equal(cf->n_inputs, 1);
	assert_int_equal(cf->n_receivers, 0);	/* a fresh install sends nothing */
	conf_free(cf);
	causes_free(&c);
	free(dir);
}

/* Every commented example in the sample is valid when turned on. */
static void
test_sample_uncommented(void **state)
{
	struct causes	 c;
	struct iw_config *cf;
	char		*path, *text, *on, *p, *pass;

	xasprintf(&path, "%s/etc/ipsecwatch.conf", srcdir());
	text = slurp(path);
	free(path);
	on = uncomment(text);
	path = put("sample-on.conf", on, 0600);
	pass = put("smtp.pass", "sample secret\n", 0600);	/* its password_file */
	causes_init(&c);
	cf = conf_load(path, &c);
#ifdef HAVE_LIBSYSTEMD
	show("sample-on", &c);
	assert_non_null(cf);
	assert_true(cf->n_inputs >= 2);
	assert_true(cf->n_receivers >= 4);
	assert_true(cf->n_diagnostics >= 1);
	assert_non_null(cf->user);
	assert_non_null(cf->metrics.listen);
	assert_true(cf->has_secrets);		/* the example webhook token */
	assert_string_equal(cf->receivers[0].password, "sample secret");
#else
	/* Without libsystemd the journal example is the one error. */
	assert_null(cf);
	assert_int_equal(c.n, 1);
	assert_non_null(strstr(c.msg[0], "without systemd support"));
#endif
	/* Prose stays comment: the turned-on sample still explains itself. */
	p = strstr(on, "# Durations are strings");
	assert_non_null(p);
	conf_free(cf);
	causes_free(&c);
	unlink(path);
	unlink(pass);
	free(path);
	free(pass);
	free(on);
	free(text);
}

/* Whether text names key as a setting ("key =") or an mdoc item. */
static bool
mentions(const char *text, const char *key, const char *after)
{
	const char	*p = text;
	size_t		 l = strlen(key), la = strlen(after);

	while ((p = strstr(p, key)) != NULL) {
		if ((p == text || !(isalnum((unsigned char)p[-1]) || p[-1] == '_')) &&
		    strncmp(p + l, after, la) == 0)
			return (true);
		p += l;
	}
	return (false);
}

/* The sample and the man page name every key of every table. */
static void
test_every_key_documented(void **state)
{
	const struct key *tables[] = { top_keys, input_keys, control_keys,
	    metrics_keys, debug_keys, tunnel_keys, alert_keys, spool_keys,
	    receiver_keys,
	    diag_keys };
	const struct key *k;
	char		*path, *sample, *man, *item;
	size_t		 t, missing = 0;

	xasprintf(&path, "%s/etc/ipsecwatch.conf", srcdir());
	sample = slurp(path);
	free(path);
	xasprintf(&path, "%s/man/ipsecwatch.conf.5", srcdir());
	man = slurp(path);
	free(path);
	for (t = 0; t < sizeof tables / sizeof tables[0]; t++) {
		for (k = tables[t]; k->name != NULL; k++) {
			if (!mentions(sample, k->name, " =")) {
				print_message("sample lacks \"%s =\"\n", k->name);
				missing++;
			}
			/* Groups and lists are introduced in prose. */
			xasprintf(&item, "%s %s", k->type == KT_SUB ? ".Ic" :
			    ".It Ic", k->name);
			if (!mentions(man, item, " ") && !mentions(man, item, "\n")) {
				print_message("man page lacks \"%s\"\n", item);
				missing++;
			}
			free(item);
		}
	}
	free(sample);
	free(man);
	assert_int_equal(missing, 0);
}

/* A config with an inline password must not be readable by others. */
static void
test_secret_inline(void **state)
{
	static const char text[] =
	    "receivers = (\n"
	    "  { name = \"mail\"; plugin = \"email\"; url = \"smtp://localhost\";\n"
	    "    from = \"gw@example.org\"; to = \"ops@example.org\";\n"
	    "    username = \"gw\"; password = \"s3cret\"; }\n"
	    ");\n";
	struct causes	 c;
	struct iw_config *cf;
	char		*path, *want;

	path = put("secret.conf", text, 0644);
	causes_init(&c);
	cf = conf_load(path, &c);
	assert_null(cf);
	assert_int_equal(c.n, 1);
	xasprintf(&want, "%s:4: receivers[0].password: %s holds a secret but is "
	    "accessible by group or others (mode 0644); run: chmod 600 %s",
	    path, path, path);
	assert_string_equal(c.msg[0], want);
	free(want);
	causes_free(&c);

	assert_int_equal(chmod(path, 0640), 0);
	cf = conf_load(path, &c);
	assert_null(cf);
	assert_int_equal(c.n, 1);
	assert_non_null(strstr(c.msg[0], "(mode 0640)"));
	causes_free(&c);

	assert_int_equal(chmod(path, 0600), 0);
	cf = conf_load(path, &c);
	show("secret 0600", &c);
	assert_non_null(cf);
	assert_true(cf->has_secrets);
	assert_string_equal(cf->receivers[0].password, "s3cret");
	assert_string_equal(cf->receivers[0].username, "gw");
	/* With a password STARTTLS is required unless said otherwise. */
	assert_string_equal(cf->receivers[0].starttls, "required");
	conf_free(cf);
	causes_free(&c);
	unlink(path);
	free(path);
}

/* Tokens, credentials in URLs and auth headers are secrets too. */
static void
test_secret_kinds(void **state)
{
	static const char *const texts[] = {
		"receivers = ( { name = \"h\"; plugin = \"webhook\";\n"
		"  url = \"https://h.example/\"; token = \"abc\"; } );\n",
		"receivers = ( { name = \"h\"; plugin = \"webhook\";\n"
		"  url = \"https://u:pw@h.example/\"; } );\n",
		"receivers = ( { name = \"h\"; plugin = \"webhook\";\n"
		"  url = \"https://h.example/\"; headers = [ \"Authorization: Bearer x\" ]; } );\n",
		"receivers = ( { name = \"h\"; plugin = \"webhook\";\n"
		"  url = \"https://h.example/\"; headers = [ \"X-Api-Key: x\" ]; } );\n",
	};
	static const char *const what[] = { ".token:", ".url:", ".headers[0]:",
	    ".headers[0]:" };
	struct causes	 c;
	struct iw_config *cf;
	char		*path;
	size_t		 i;

	for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		path = put("kinds.conf", texts[i], 0604);
		causes_init(&c);
		cf = conf_load(path, &c);
		assert_null(cf);
		assert_int_equal(c.n, 1);
		assert_non_null(strstr(c.msg[0], what[i]));
		assert_non_null(strstr(c.msg[0], "chmod 600"));
		assert_non_null(strstr(c.msg[0], ":2: "));
		causes_free(&c);
		assert_int_equal(chmod(path, 0600), 0);
		cf = conf_load(path, &c);
		show("kinds 0600", &c);
		assert_non_null(cf);
		assert_true(cf->has_secrets);
		conf_free(cf);
		causes_free(&c);
		unlink(path);
		free(path);
	}

	/* Harmless headers and a user without password are no secrets. */
	path = put("nosecret.conf",
	    "receivers = ( { name = \"h\"; plugin = \"webhook\";\n"
	    "  url = \"https://gw@h.example/\"; headers = [ \"X-Gateway: gw1\" ]; } );\n",
	    0644);
	causes_init(&c);
	cf = conf_load(path, &c);
	show("nosecret", &c);
	assert_non_null(cf);
	assert_false(cf->has_secrets);
	conf_free(cf);
	causes_free(&c);
	unlink(path);
	free(path);
}

/* password_file and token_file: read under the same check. */
static void
test_secret_files(void **state)
{
	static const char text[] =
	    "receivers = (\n"
	    "  { name = \"mail\"; plugin = \"email\"; url = \"smtp://localhost\";\n"
	    "    from = \"gw@example.org\"; to = \"ops@example.org\";\n"
	    "    username = \"gw\"; password_file = \"smtp.pass\"; },\n"
	    "  { name = \"hook\"; plugin = \"webhook\"; url = \"https://h.example/\";\n"
	    "    token_file = \"TOKENPATH\"; }\n"
	    ");\n";
	struct causes	 c;
	struct iw_config *cf;
	char		*conf, *pass, *token, *t, *want, *link;

	pass = put("smtp.pass", "pa ss\n", 0600);
	token = put("hook.token", "tok3n", 0400);
	/* The token by absolute path, the password relative to the config. */
	t = xstrdup(text);
	{
		char	*at = strstr(t, "TOKENPATH"), *nt;

		*at = '\0';
		xasprintf(&nt, "%s%s%s", t, token, at + strlen("TOKENPATH"));
		free(t);
		t = nt;
	}
	conf = put("files.conf", t, 0644);	/* no inline secret: 0644 is fine */
	causes_init(&c);
	cf = conf_load(conf, &c);
	show("files", &c);
	assert_non_null(cf);
	assert_string_equal(cf->receivers[0].password, "pa ss");
	assert_string_equal(cf->receivers[0].password_file, "smtp.pass");
	assert_string_equal(cf->receivers[0].starttls, "required");
	assert_string_equal(cf->receivers[1].token, "tok3n");
	assert_false(cf->has_secrets);
	conf_free(cf);
	causes_free(&c);

	/* A readable password file is refused and named. */
	assert_int_equal(chmod(pass, 0644), 0);
	cf = conf_load(conf, &c);
	assert_null(cf);
	assert_int_equal(c.n, 1);
	xasprintf(&want, "%s:4: receivers[0].password_file: %s holds a secret but "
	    "is accessible by group or others (mode 0644); run: chmod 600 %s",
	    conf, pass, pass);
	assert_string_equal(c.msg[0], want);
	free(want);
	causes_free(&c);

	/* Empty, two lines, a symlink, missing: each an error. */
	free(put("smtp.pass", "", 0600));
	cf = conf_load(conf, &c);
	assert_null(cf);
	assert_int_equal(c.n, 1);
	assert_non_null(strstr(c.msg[0], "smtp.pass is empty"));
	causes_free(&c);

	free(put("smtp.pass", "one\ntwo\n", 0600));
	cf = conf_load(conf, &c);
	assert_null(cf);
	assert_int_equal(c.n, 1);
	assert_non_null(strstr(c.msg[0], "must hold the secret on one line"));
	causes_free(&c);

	unlink(pass);
	assert_int_equal(symlink(token, pass), 0);
	cf = conf_load(conf, &c);
	assert_null(cf);
	assert_int_equal(c.n, 1);
	assert_non_null(strstr(c.msg[0], "cannot open"));
	causes_free(&c);

	unlink(pass);
	unlink(token);
	cf = conf_load(conf, &c);
	assert_null(cf);
	assert_int_equal(c.n, 2);	/* both files, both reported */
	assert_non_null(strstr(c.msg[0], ":4: receivers[0].password_file: cannot open"));
	assert_non_null(strstr(c.msg[1], ":6: receivers[1].token_file: cannot open"));
	causes_free(&c);

	/* A directory is no secret file. */
	xasprintf(&link, "%s/smtp.pass", tmpdir);
	assert_int_equal(mkdir(link, 0700), 0);
	cf = conf_load(conf, &c);
	assert_null(cf);
	assert_non_null(strstr(c.msg[0], "is not a regular file"));
	causes_free(&c);
	rmdir(link);
	free(link);

	unlink(conf);
	free(conf);
	free(pass);
	free(token);
	free(t);
}

/* Secret files owned by someone else are refused (needs root to set up). */
static void
test_secret_owner(void **state)
{
	struct causes	 c;
	struct iw_config *cf;
	char		*conf;

	if (geteuid() != 0) {
		print_message("not root: cannot give a file to another user\n");
		skip();
	}
	conf = put("owner.conf",
	    "receivers = ( { name = \"h\"; plugin = \"webhook\";\n"
	    "  url = \"https://h.example/\"; token = \"abc\"; } );\n", 0600);
	assert_int_equal(chown(conf, 65534, 65534), 0);
	causes_init(&c);
	cf = conf_load(conf, &c);
	assert_null(cf);
	assert_int_equal(c.n, 1);
	assert_non_null(strstr(c.msg[0], "is owned by uid 65534"));
	causes_free(&c);
	unlink(conf);
	free(conf);
}

/*
 * @include is relative to the main file's directory; messages name the
 * included file by that directory, and a secret in an included file is
 * checked against that file's mode.
 */
static void
test_include(void **state)
{
	struct causes	 c;
	struct iw_config *cf;
	char		*conf, *inc, *want;

	conf = put("main.conf", "user = \"x\";\n@include \"part.inc\"\n", 0644);
	inc = put("part.inc", "# part\ntunnels = { down_grace = \"never\"; };\n", 0644);
	causes_init(&c);
	cf = conf_load(conf, &c);
	assert_null(cf);
	assert_int_equal(c.n, 1);
	xasprintf(&want, "%s:2: tunnels.down_grace: invalid duration \"never\" "
	    "(use a number with unit s, m, h or d, such as \"90s\" or \"1h30m\")",
	    inc);
	assert_string_equal(c.msg[0], want);
	free(want);
	causes_free(&c);

	free(put("part.inc", "alerts = {\n group_wait = ;\n};\n", 0644));
	cf = conf_load(conf, &c);
	assert_null(cf);
	assert_int_equal(c.n, 1);
	xasprintf(&want, "%s:2: syntax error", inc);
	assert_string_equal(c.msg[0], want);
	free(want);
	causes_free(&c);

	/* The main file is private, the included one with the token is not. */
	assert_int_equal(chmod(conf, 0600), 0);
	free(put("part.inc", "receivers = ( { name = \"h\"; plugin = \"webhook\";\n"
	    "  url = \"https://h.example/\"; token = \"abc\"; } );\n", 0644));
	cf = conf_load(conf, &c);
	assert_null(cf);
	assert_int_equal(c.n, 1);
	xasprintf(&want, "%s:2: receivers[0].token: %s holds a secret", inc, inc);
	assert_int_equal(strncmp(c.msg[0], want, strlen(want)), 0);
	free(want);
	causes_free(&c);

	assert_int_equal(chmod(inc, 0600), 0);
	cf = conf_load(conf, &c);
	show("include 0600", &c);
	assert_non_null(cf);
	assert_string_equal(cf->receivers[0].token, "abc");
	conf_free(cf);
	causes_free(&c);
	unlink(inc);
	unlink(conf);
	free(inc);
	free(conf);
}

/* Files that cannot be read are one clear message. */
static void
test_unreadable(void **state)
{
	struct causes	 c;
	char		*path;

	causes_init(&c);
	xasprintf(&path, "%s/does-not-exist.conf", tmpdir);
	assert_null(conf_load(path, &c));
	assert_int_equal(c.n, 1);
	assert_non_null(strstr(c.msg[0], "No such file or directory"));
	assert_int_equal(strncmp(c.msg[0], path, strlen(path)), 0);
	causes_free(&c);
	free(path);

	assert_null(conf_load(tmpdir, &c));
	assert_int_equal(c.n, 1);
	assert_non_null(strstr(c.msg[0], "not a regular file"));
	causes_free(&c);

	/* A FIFO is refused without waiting for a writer. */
	xasprintf(&path, "%s/fifo.conf", tmpdir);
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_null(conf_load(path, &c));
	assert_int_equal(c.n, 1);
	assert_non_null(strstr(c.msg[0], "not a regular file"));
	causes_free(&c);
	unlink(path);
	free(path);

	assert_null(conf_load(NULL, &c));
	assert_int_equal(c.n, 1);
	causes_free(&c);
}

/* A config or included file anyone may write is refused. */
static void
test_world_writable(void **state)
{
	struct causes	 c;
	struct iw_config *cf;
	char		*conf, *inc, *want;

	causes_init(&c);
	conf = put("ww.conf", "user = \"x\";\n@include \"ww.inc\"\n", 0646);
	inc = put("ww.inc", "language = \"de\";\n", 0644);
	assert_null(conf_load(conf, &c));
	assert_int_equal(c.n, 1);
	xasprintf(&want, "%s: writable by anyone (mode 0646); run: chmod o-w %s",
	    conf, conf);
	assert_string_equal(c.msg[0], want);
	free(want);
	causes_free(&c);

	assert_int_equal(chmod(conf, 0664), 0);	/* group-writable is allowed */
	assert_int_equal(chmod(inc, 0666), 0);
	assert_null(conf_load(conf, &c));
	assert_int_equal(c.n, 1);
	xasprintf(&want, "%s:2: include file \"ww.inc\" is writable by anyone "
	    "(mode 0666); run: chmod o-w %s", conf, inc);
	assert_string_equal(c.msg[0], want);
	free(want);
	causes_free(&c);

	assert_int_equal(chmod(inc, 0644), 0);
	cf = conf_load(conf, &c);
	show("ww", &c);
	assert_non_null(cf);
	assert_int_equal(cf->language, IW_LANG_DE);
	conf_free(cf);
	causes_free(&c);
	unlink(conf);
	unlink(inc);
	free(conf);
	free(inc);
}

/* Messages are appended after what the caller already collected. */
static void
test_causes_append(void **state)
{
	struct causes	 c;
	char		*dir;

	causes_init(&c);
	causes_add(&c, "earlier message");
	xasprintf(&dir, "%s/tests/conf/bad", srcdir());
	assert_null(load_in(dir, "plugins.conf", &c));
	assert_true(c.n > 10);
	assert_string_equal(c.msg[0], "earlier message");
	assert_int_equal(strncmp(c.msg[1], "plugins.conf:3: ", 16), 0);
	/* Sorted by line within a receiver even with an offset. */
	assert_int_equal(strncmp(c.msg[2], "plugins.conf:4: ", 16), 0);
	causes_free(&c);
	free(dir);
}

/* Sizes: accepted forms, rejected forms, and format/parse round trips. */
static void
test_sizes(void **state)
{
	static const struct { const char *s; int64_t v; } good[] = {
		{ "0", 0 }, { "4096", 4096 }, { "1k", 1024 }, { "1K", 1024 },
		{ "512kB", 512 * 1024 }, { "16M", 16 << 20 }, { "16MiB", 16 << 20 },
		{ "1G", (int64_t)1 << 30 }, { "3GB", (int64_t)3 << 30 },
		{ "9223372036854775807", INT64_MAX },
	};
	static const char *const bad[] = {
		"", "k", "-1", "+1k", " 1k", "1k ", "1 k", "1m", "1T", "1.5M",
		"1kk", "1Mb", "1MiBB", "0x10", "9223372036854775808",
		"9007199254740992k", "1e3",
	};
	static const int64_t trips[] = {
		0, 1, 1023, 1024, 1025, 1536, 4096, 16 << 20, (int64_t)1 << 30,
		((int64_t)1 << 30) + 1024, INT64_MAX,
	};
	char	 buf[64];
	size_t	 i;

	for (i = 0; i < sizeof good / sizeof good[0]; i++) {
		if (conf_parse_size(good[i].s) != good[i].v)
			fail_msg("\"%s\" gave %lld", good[i].s,
			    (long long)conf_parse_size(good[i].s));
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (conf_parse_size(bad[i]) != -1)
			fail_msg("\"%s\" accepted as %lld", bad[i],
			    (long long)conf_parse_size(bad[i]));
	}
	assert_int_equal(conf_parse_size(NULL), -1);
	for (i = 0; i < sizeof trips / sizeof trips[0]; i++) {
		conf_format_size(trips[i], buf, sizeof buf);
		assert_int_equal(conf_parse_size(buf), trips[i]);
	}
	conf_format_size(16 << 20, buf, sizeof buf);
	assert_string_equal(buf, "16M");
	conf_format_size(1536, buf, sizeof buf);
	assert_string_equal(buf, "1536");
	conf_format_size(3 << 10, buf, sizeof buf);
	assert_string_equal(buf, "3k");
}

/*
 * Receivers: which differences need a new plugin instance (reload), and a
 * copy is equal to its original and independent of it.
 */
static void
test_receiver_compare(void **state)
{
	struct causes		 c;
	struct iw_config	*a, *b;
	struct receiver_config	*d;
	char			*dir;
	size_t			 i;

	causes_init(&c);
	xasprintf(&dir, "%s/tests/conf/good", srcdir());
	a = load_in(dir, "receivers-a.conf", &c);
	show("receivers-a", &c);
	assert_non_null(a);
	b = load_in(dir, "receivers-b.conf", &c);
	show("receivers-b", &c);
	assert_non_null(b);
	assert_int_equal(a->n_receivers, b->n_receivers);
	/* receivers-b.conf changes, per receiver: nothing; routing only; url;
	 * a header; the format; ca_file; the command; tls_verify. */
	static const bool same[] = { true, true, false, false, false, false,
	    false, false };
	assert_int_equal(a->n_receivers, sizeof same / sizeof same[0]);
	for (i = 0; i < a->n_receivers; i++) {
		assert_string_equal(a->receivers[i].name, b->receivers[i].name);
		if (conf_receiver_same_plugin(&a->receivers[i], &b->receivers[i]) !=
		    same[i])
			fail_msg("receiver %s: same_plugin is not %d",
			    a->receivers[i].name, same[i]);
		d = conf_receiver_dup(&a->receivers[i]);
		assert_true(conf_receiver_same_plugin(d, &a->receivers[i]));
		assert_string_equal(d->name, a->receivers[i].name);
		assert_int_equal(d->n_kinds, a->receivers[i].n_kinds);
		if (d->url != NULL)
			assert_ptr_not_equal(d->url, a->receivers[i].url);
		conf_receiver_free(d);
		free(d);
	}
	conf_free(a);
	conf_free(b);
	causes_free(&c);
	free(dir);
}

/*
 * The admins' reserve of the control socket: without reserved_clients it
 * follows max_clients (4, at most a quarter); set, it must leave a slot.
 */
static void
test_control_reserve(void **state)
{
	static const struct { const char *text; int max, reserved; } cases[] = {
		{ "control = { max_clients = 3; };\n", 3, 0 },
		{ "control = { max_clients = 8; };\n", 8, 2 },
		{ "control = { max_clients = 4096; };\n", 4096, 4 },
		{ "control = { reserved_clients = 1; max_clients = 2; };\n", 2, 1 },
		{ "control = { max_clients = 16; reserved_clients = 0; };\n", 16, 0 },
	};
	struct causes	 c;
	struct iw_config *cf;
	char		*path, *want;
	size_t		 i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		path = put("reserve.conf", cases[i].text, 0644);
		causes_init(&c);
		cf = conf_load(path, &c);
		show(cases[i].text, &c);
		assert_non_null(cf);
		assert_int_equal(cf->control.max_clients, cases[i].max);
		assert_int_equal(cf->control.reserved_clients, cases[i].reserved);
		conf_free(cf);
		causes_free(&c);
		unlink(path);
		free(path);
	}
	/* The check runs after the whole group, whatever the order. */
	path = put("reserve.conf", "control = {\n reserved_clients = 2;\n"
	    " max_clients = 2;\n};\n", 0644);
	causes_init(&c);
	assert_null(conf_load(path, &c));
	assert_int_equal(c.n, 1);
	xasprintf(&want, "%s:2: control.reserved_clients: 2 leaves no "
	    "connection for other users; it must be less than max_clients (2)",
	    path);
	assert_string_equal(c.msg[0], want);
	free(want);
	causes_free(&c);
	unlink(path);
	free(path);
}

/* Durations: accepted forms, rejected forms, and format/parse round trips. */
static void
test_durations(void **state)
{
	static const struct { const char *s; int64_t v; } good[] = {
		{ "0", 0 }, { "45", 45 }, { "0s", 0 }, { "90s", 90 },
		{ "15m", 900 }, { "2h", 7200 }, { "1d", 86400 },
		{ "1h30m", 5400 }, { "1d2h3m4s", 93784 }, { "90m", 5400 },
		{ "007s", 7 }, { "9223372036854775807", INT64_MAX },
		{ "9223372036854775807s", INT64_MAX },
		{ "106751991167300d", 106751991167300LL * 86400 },
	};
	static const char *const bad[] = {
		"", "s", "m", "-1", "-5s", "+5s", " 5s", "5s ", "5 s", "5x",
		"5S", "1h30", "30m1h", "1h1h", "1.5h", "1e3", "0x10",
		"9223372036854775808", "9223372036854775808s",
		"106751991167301d", "106751991167300d1d", "99999999999999999999d",
		"5ms", "h1", "1d-1h",
	};
	static const int64_t trips[] = {
		0, 1, 59, 60, 61, 90, 3599, 3600, 3601, 5400, 86399, 86400,
		86401, 90061, 7 * 86400, 366 * 86400, INT64_MAX, INT64_MAX - 1,
	};
	char	 buf[64];
	size_t	 i;

	for (i = 0; i < sizeof good / sizeof good[0]; i++) {
		if (conf_parse_duration(good[i].s) != good[i].v)
			fail_msg("\"%s\" gave %lld", good[i].s,
			    (long long)conf_parse_duration(good[i].s));
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (conf_parse_duration(bad[i]) != -1)
			fail_msg("\"%s\" accepted as %lld", bad[i],
			    (long long)conf_parse_duration(bad[i]));
	}
	assert_int_equal(conf_parse_duration(NULL), -1);

	for (i = 0; i < sizeof trips / sizeof trips[0]; i++) {
		conf_format_duration(trips[i], buf, sizeof buf);
		assert_int_equal(conf_parse_duration(buf), trips[i]);
	}
	conf_format_duration(5400, buf, sizeof buf);
	assert_string_equal(buf, "1h30m");
	conf_format_duration(0, buf, sizeof buf);
	assert_string_equal(buf, "0s");
	conf_format_duration(90061, buf, sizeof buf);
	assert_string_equal(buf, "1d1h1m1s");
	conf_format_duration(86400 + 30, buf, sizeof buf);
	assert_string_equal(buf, "1d30s");
	conf_format_duration(-90, buf, sizeof buf);
	assert_string_equal(buf, "-1m30s");
	conf_format_duration(INT64_MIN, buf, sizeof buf);
	assert_string_equal(buf, "-106751991167300d15h30m8s");

	/* A short buffer is cut, never overrun, always terminated. */
	memset(buf, 'X', sizeof buf);
	conf_format_duration(90061, buf, 4);
	assert_true(strlen(buf) < 4);
	assert_int_equal(buf[4], 'X');
	conf_format_duration(90061, buf, 1);
	assert_string_equal(buf, "");
	buf[0] = 'X';
	conf_format_duration(90061, buf, 0);
	assert_int_equal(buf[0], 'X');
}

/* Glob matching of tunnel names. */
static void
test_match_any(void **state)
{
	char	 p0[] = "abc", p1[] = "site-*", p2[] = "rw-?", p3[] = "[xy]z";
	char	*pats[] = { p0, p1, p2, p3 };

	assert_true(conf_match_any(pats, 4, "abc"));
	assert_false(conf_match_any(pats, 4, "abcd"));
	assert_true(conf_match_any(pats, 4, "site-berlin"));
	assert_true(conf_match_any(pats, 4, "site-"));
	assert_false(conf_match_any(pats, 4, "xsite-a"));
	assert_true(conf_match_any(pats, 4, "rw-1"));
	assert_false(conf_match_any(pats, 4, "rw-12"));
	assert_true(conf_match_any(pats, 4, "yz"));
	assert_false(conf_match_any(pats, 4, "zz"));
	assert_false(conf_match_any(pats, 0, "abc"));
	assert_false(conf_match_any(NULL, 0, "abc"));
	assert_false(conf_match_any(pats, 4, NULL));
	assert_false(conf_match_any(pats, 4, ""));
}

/* A small deterministic random generator (xorshift64). */
static uint64_t
rnd(uint64_t *st)
{
	*st ^= *st << 13;
	*st ^= *st >> 7;
	*st ^= *st << 17;
	return (*st);
}

/* Change text at random: replace, delete, duplicate or cut. */
static char *
mutate(const char *text, uint64_t *st)
{
	static const char alphabet[] = "{}()[];=,\"#/*@\n\t 0123456789-+.hmsdL"
	    "xyz_\\";
	size_t	 len = strlen(text), i, n, a, b;
	char	*t, *u;

	t = xmalloc(len * 2 + 2);
	memcpy(t, text, len + 1);
	n = 1 + rnd(st) % 3;
	for (i = 0; i < n && len > 0; i++) {
		a = rnd(st) % len;
		b = a + rnd(st) % (len - a < 16 ? len - a : 16);
		switch (rnd(st) % 4) {
		case 0:		/* replace one byte */
			t[a] = alphabet[rnd(st) % (sizeof alphabet - 1)];
			break;
		case 1:		/* delete a range */
			memmove(t + a, t + b, len - b + 1);
			len -= b - a;
			break;
		case 2:		/* duplicate a range (bounded: t holds 2 * len) */
			if (len + (b - a) > strlen(text) * 2)
				break;
			u = xstrndup(t + a, b - a);
			memmove(t + b + (b - a), t + b, len - b + 1);
			memcpy(t + b, u, b - a);
			len += b - a;
			free(u);
			break;
		default:	/* cut the end */
			t[a] = '\0';
			len = a;
			break;
		}
	}
	return (t);
}

/*
 * Mutated corpus files either load without a message or fail with at
 * least one: never a crash (the sanitizer build checks memory), never a
 * config returned together with errors.
 */
static void
test_mutations(void **state)
{
	static const char *const dirs[] = { "good", "bad" };
	struct causes	 c;
	struct iw_config *cf;
	char		*dir, **names, *path, *text, *m, *out;
	size_t		 n, i, d, k, loaded = 0, failed = 0;
	uint64_t	 st = 0x9e3779b97f4a7c15ULL;

	xasprintf(&out, "%s/mut.conf", tmpdir);
	for (d = 0; d < 2; d++) {
		xasprintf(&dir, "%s/tests/conf/%s", srcdir(), dirs[d]);
		n = list_dir(dir, ".conf", &names);
		for (i = 0; i < n; i++) {
			xasprintf(&path, "%s/%s", dir, names[i]);
			text = slurp(path);
			free(path);
			for (k = 0; k < 60; k++) {
				m = mutate(text, &st);
				free(put("mut.conf", m, 0600));
				causes_init(&c);
				cf = conf_load(out, &c);
				if (cf != NULL) {
					if (c.n != 0)
						fail_msg("config and %zu messages for:\n%s",
						    c.n, m);
					loaded++;
				} else {
					if (c.n == 0)
						fail_msg("no config, no message for:\n%s", m);
					failed++;
				}
				conf_free(cf);
				causes_free(&c);
				free(m);
			}
			free(text);
		}
		free_list(names, n);
		free(dir);
	}
	unlink(out);
	free(out);
	print_message("mutations: %zu loaded, %zu refused\n", loaded, failed);
	assert_true(loaded > 0);
	assert_true(failed > 0);
}

/* Make the private directory for files written by the tests. */
static int
setup(void **state)
{
	snprintf(tmpdir, sizeof tmpdir, "/tmp/test-conf.XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		return (-1);
	return (0);
}

/* Remove the private directory (the tests remove their files). */
static int
teardown(void **state)
{
	char	**names;
	char	 *p;
	size_t	  n, i;

	n = list_dir(tmpdir, "", &names);
	for (i = 0; i < n; i++) {
		if (strcmp(names[i], ".") == 0 || strcmp(names[i], "..") == 0)
			continue;
		xasprintf(&p, "%s/%s", tmpdir, names[i]);
		unlink(p);
		free(p);
	}
	free_list(names, n);
	return (rmdir(tmpdir) == 0 ? 0 : -1);
}

/*
 * libconfig 1.5 leaks its string buffer on some syntax errors inside
 * strings (found by test_mutations); that is not ours to fix, so the leak
 * checker of the sanitizer build ignores allocations made in libconfig.
 */
const char	*__lsan_default_suppressions(void);
const char *
__lsan_default_suppressions(void)
{
	return ("leak:libconfig.so\n");
}

/* Run every test in a private temporary directory. */
int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_corpus),
		cmocka_unit_test(test_bad_corpus),
		cmocka_unit_test(test_design_example),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_everything),
		cmocka_unit_test(test_sample),
		cmocka_unit_test(test_sample_uncommented),
		cmocka_unit_test(test_every_key_documented),
		cmocka_unit_test(test_secret_inline),
		cmocka_unit_test(test_secret_kinds),
		cmocka_unit_test(test_secret_files),
		cmocka_unit_test(test_secret_owner),
		cmocka_unit_test(test_include),
		cmocka_unit_test(test_unreadable),
		cmocka_unit_test(test_world_writable),
		cmocka_unit_test(test_causes_append),
		cmocka_unit_test(test_control_reserve),
		cmocka_unit_test(test_durations),
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_receiver_compare),
		cmocka_unit_test(test_match_any),
		cmocka_unit_test(test_mutations),
	};

	log_init(LOG_TO_STDERR, 0, "test-conf");
	return (cmocka_run_group_tests(tests, setup, teardown));
}
