/*
 * test-state.c - the state file: round trip of input positions and of
 * other sections, atomic replacement, and rejection of bad files; line
 * assembly of the input module (partial lines, cut long lines).
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

#include "causes.h"
#include "input-private.h"
#include "log.h"
#include "state.h"
#include "xmalloc.h"

static char	 dir[] = "/tmp/iw-test-state.XXXXXX";

/* Path of a file in the test directory. */
static char *
tpath(const char *name)
{
	char	*p;

	xasprintf(&p, "%s/%s", dir, name);
	return p;
}

/* Write a file with the given contents. */
static void
put(const char *path, const char *s, size_t n)
{
	FILE	*f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fwrite(s, 1, n, f), n);
	fclose(f);
}

/* Positions and a foreign section survive a save and a load. */
static void
test_roundtrip(void **unused)
{
	struct input_position	 v[2];
	struct input_positions	 ps = { v, 2 }, got, j = { NULL, 0 };
	struct input_position	 jp;
	struct state		*s;
	struct causes		 c;
	char			*p = tpath("rt");

	memset(v, 0, sizeof v);
	v[0].path = xstrdup("/var/log/ipsec.log");
	v[0].dev = 2049;
	v[0].ino = 1234567;
	v[0].fp = 0xfedcba9876543210ULL;
	v[0].fp_len = 64;
	v[0].offset = 987654321;
	v[1] = v[0];
	v[1].ino = 42;
	v[1].fp_len = 7;
	memset(&jp, 0, sizeof jp);
	jp.cursor = xstrdup("s=abc;i=1;b=def;m=2;t=3;x=4");
	j.v = &jp;
	j.n = 1;

	s = state_new();
	state_set_input(s, "auth", INPUT_KIND_FILE, &ps);
	state_set_input(s, "journal", INPUT_KIND_JOURNAL, &j);
	state_set(s, "tunnels", json_pack("{s:s}", "site-a", "up"));
	causes_init(&c);
	assert_int_equal(state_save(s, p, &c), 0);
	causes_free(&c);
	state_free(s);

	s = state_load(p);
	assert_true(state_loaded(s));
	assert_int_equal(state_get_input(s, "auth", &got), 0);
	assert_int_equal(got.n, 2);
	assert_string_equal(got.v[0].path, "/var/log/ipsec.log");
	assert_true(got.v[0].dev == 2049 && got.v[0].ino == 1234567);
	assert_true(got.v[0].fp == 0xfedcba9876543210ULL);
	assert_int_equal(got.v[0].fp_len, 64);
	assert_true(got.v[0].offset == 987654321);
	assert_int_equal(got.v[1].ino, 42);
	assert_int_equal(got.v[1].fp_len, 7);
	input_positions_free(&got);
	assert_int_equal(state_get_input(s, "journal", &got), 0);
	assert_string_equal(got.v[0].cursor, jp.cursor);
	input_positions_free(&got);
	assert_int_equal(state_get_input(s, "nosuch", &got), -1);
	assert_string_equal(json_string_value(json_object_get(state_get(s, "tunnels"),
	    "site-a")), "up");
	/* Replacing an input keeps one entry. */
	state_set_input(s, "auth", INPUT_KIND_FILE, &ps);
	assert_int_equal(json_array_size(state_get(s, "inputs")), 2);
	state_free(s);
	assert_int_not_equal(access(p, F_OK), -1);
	free(v[0].path);
	free(jp.cursor);
	free(p);
}

/* Bad files: a clean start, the file kept as .bad; a missing file: clean, quiet. */
static void
test_reject(void **unused)
{
	static const char *const bad[] = {
		"{\"format\":\"ipsecwatch-state\",\"version\":1,\"inputs\":[{\"name\":",
		"[1,2,3]",
		"{\"format\":\"other\",\"version\":1}",
		"{\"format\":\"ipsecwatch-state\",\"version\":2}",
		"{\"format\":\"ipsecwatch-state\",\"version\":1,\"inputs\":{}}",
		"{\"format\":\"ipsecwatch-state\",\"version\":1,\"inputs\":[{\"name\":\"a\","
		    "\"files\":[{\"path\":\"/x\",\"dev\":1,\"ino\":2,\"fp\":\"zz\","
		    "\"fp_len\":3,\"offset\":4}]}]}",
		"{\"format\":\"ipsecwatch-state\",\"version\":1,\"inputs\":[{\"name\":\"a\","
		    "\"files\":[{\"path\":\"/x\",\"dev\":1,\"ino\":2,\"fp\":\"0000000000000000\","
		    "\"fp_len\":65,\"offset\":4}]}]}",
		"{\"format\":\"ipsecwatch-state\",\"format\":\"ipsecwatch-state\",\"version\":1}",
		"",
	};
	struct state	*s;
	char		*p = tpath("bad"), *pb = tpath("bad.bad");
	size_t		 i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		put(p, bad[i], strlen(bad[i]));
		s = state_load(p);
		assert_false(state_loaded(s));
		assert_null(state_get(s, "inputs"));
		assert_int_equal(access(pb, F_OK), 0);
		unlink(pb);
		state_free(s);
	}
	put(p, "\0\0\0\0", 4);
	s = state_load(p);
	assert_false(state_loaded(s));
	state_free(s);
	unlink(pb);
	s = state_load("/nonexistent/iw-state");
	assert_false(state_loaded(s));
	state_free(s);
	free(p);
	free(pb);
}

static char	 got_line[IW_LINE_MAX + 1];
static size_t	 got_len, got_n;
static bool	 got_cut;

/* Line callback of the line assembly test. */
static void
on_line(struct input *in, const struct input_line *l, void *arg)
{
	memcpy(got_line, l->line, l->len);
	got_len = l->len;
	got_cut = l->cut;
	got_n++;
}

/* Unused ops of the bare input in the line assembly test. */
static void
nop(struct input *in)
{
}

/* Partial lines wait for their newline; long lines are cut and counted. */
static void
test_linebuf(void **unused)
{
	static const struct input_ops ops = { .free = nop, .rescan = nop };
	struct input_linebuf	 lb;
	struct input		*in;
	char			*big;
	size_t			 done;

	in = input_alloc(NULL, INPUT_KIND_FILE, "t", NULL, on_line, NULL, &ops);
	input_linebuf_init(&lb);
	assert_int_equal(input_linebuf_feed(in, &lb, "abc", 3, "f", 0), 0);
	assert_int_equal(got_n, 0);
	done = input_linebuf_feed(in, &lb, "def\nxy", 6, "f", 0);
	assert_int_equal(done, 4);
	assert_int_equal(got_n, 1);
	assert_int_equal(got_len, 6);
	assert_memory_equal(got_line, "abcdef", 6);
	assert_int_equal(input_linebuf_feed(in, &lb, "\r\n", 2, "f", 0), 2);
	assert_int_equal(got_len, 2);
	assert_memory_equal(got_line, "xy", 2);

	big = xmalloc(IW_LINE_MAX * 3);
	memset(big, 'L', IW_LINE_MAX * 3);
	assert_int_equal(input_linebuf_feed(in, &lb, big, IW_LINE_MAX * 3, "f", 0), 0);
	assert_int_equal(got_n, 2);
	assert_int_equal(input_linebuf_feed(in, &lb, "LL\nok\n", 6, "f", 0), 6);
	assert_int_equal(got_n, 4);
	assert_int_equal(input_get_stats(in)->cut, 1);
	assert_int_equal(got_len, 2);
	assert_false(got_cut);
	input_linebuf_feed(in, &lb, "tail", 4, "f", 0);
	input_linebuf_flush(in, &lb, "f", 0);
	assert_int_equal(got_n, 5);
	assert_memory_equal(got_line, "tail", 4);
	assert_int_equal(input_get_stats(in)->lines, 5);
	free(big);
	input_linebuf_free(&lb);
	input_free(in);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_reject),
		cmocka_unit_test(test_linebuf),
	};
	int	 rc;

	log_init(LOG_TO_STDERR, 0, "test-state");
	if (mkdtemp(dir) == NULL)
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	{
		char	 cmd[128];

		snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
		if (system(cmd) != 0)
			rc = 1;
	}
	return rc;
}
