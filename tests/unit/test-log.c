/*
 * test-log.c - the logging functions, with stderr captured through a pipe:
 * log_warn appends strerror, nothing changes errno, log_debug follows the
 * debug flag, fatal and fatalx exit 1 (in a child) and copy the message to
 * the startup fd.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "log.h"

static int	 capture_pipe[2] = { -1, -1 };
static int	 saved_stderr = -1;

/* Send stderr into a pipe until capture_end. */
static void
capture_begin(void)
{
	fflush(stderr);
	assert_int_equal(pipe(capture_pipe), 0);
	/* Big enough for every message here; the test reads after writing. */
	saved_stderr = dup(STDERR_FILENO);
	assert_true(saved_stderr != -1);
	assert_true(dup2(capture_pipe[1], STDERR_FILENO) != -1);
	close(capture_pipe[1]);
}

/* Restore stderr and return what was written meanwhile. */
static char *
capture_end(void)
{
	char	*buf;
	size_t	 len = 0;
	ssize_t	 n;

	fflush(stderr);
	assert_true(dup2(saved_stderr, STDERR_FILENO) != -1);
	close(saved_stderr);
	buf = malloc(65536);
	assert_non_null(buf);
	while ((n = read(capture_pipe[0], buf + len, 65535 - len)) > 0)
		len += (size_t)n;
	close(capture_pipe[0]);
	buf[len] = '\0';
	return (buf);
}

/* log_warn adds ": strerror(errno)" and keeps errno. */
static void
test_warn_strerror(void **state)
{
	char	*out;

	capture_begin();
	errno = ENOENT;
	log_warn("opening %s", "/var/log/auth.log");
	assert_int_equal(errno, ENOENT);
	errno = EACCES;
	log_warn("again");
	assert_int_equal(errno, EACCES);
	out = capture_end();
	assert_string_equal(out,
	    "warning: opening /var/log/auth.log: No such file or directory\n"
	    "warning: again: Permission denied\n");
	free(out);
}

/* log_warnx and log_info add nothing and keep errno. */
static void
test_warnx_info(void **state)
{
	char	*out;

	capture_begin();
	errno = EINTR;
	log_warnx("tunnel %s is %d%% down", "abc", 100);
	assert_int_equal(errno, EINTR);
	log_info("started");
	assert_int_equal(errno, EINTR);
	out = capture_end();
	assert_string_equal(out, "warning: tunnel abc is 100% down\nstarted\n");
	free(out);
}

/* log_debug prints only with the debug flag, and keeps errno either way. */
static void
test_debug_flag(void **state)
{
	char	*out;

	log_set_debug(0);
	assert_int_equal(log_get_debug(), 0);
	capture_begin();
	errno = EAGAIN;
	log_debug("hidden %d", 1);
	assert_int_equal(errno, EAGAIN);
	log_set_debug(1);
	assert_int_equal(log_get_debug(), 1);
	log_debug("shown %d", 2);
	assert_int_equal(errno, EAGAIN);
	log_set_debug(0);
	log_debug("hidden %d", 3);
	out = capture_end();
	assert_string_equal(out, "debug: shown 2\n");
	free(out);
}

/* A message longer than the internal buffer is cut, not overrun. */
static void
test_long_message(void **state)
{
	char	*big, *out;

	big = malloc(10000);
	assert_non_null(big);
	memset(big, 'a', 9999);
	big[9999] = '\0';
	capture_begin();
	log_warnx("%s", big);
	out = capture_end();
	assert_true(strlen(out) > 1000);
	assert_true(strlen(out) < 4096);
	assert_int_equal(out[strlen(out) - 1], '\n');
	assert_int_equal(strncmp(out, "warning: aaaa", 13), 0);
	free(out);
	free(big);
}

/* Run f in a child with stderr and the startup fd captured; return status. */
static int
run_child(void (*f)(void), char **err, char **startup)
{
	int	 pe[2], ps[2], status;
	pid_t	 pid;
	char	 buf[4096];
	ssize_t	 n;

	assert_int_equal(pipe(pe), 0);
	assert_int_equal(pipe(ps), 0);
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	assert_true(pid != -1);
	if (pid == 0) {
		dup2(pe[1], STDERR_FILENO);
		close(pe[0]);
		close(ps[0]);
		log_set_startup_fd(ps[1]);
		f();
		_exit(99);	/* not reached: f must exit */
	}
	close(pe[1]);
	close(ps[1]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	n = read(pe[0], buf, sizeof buf - 1);
	buf[n > 0 ? n : 0] = '\0';
	*err = strdup(buf);
	n = read(ps[0], buf, sizeof buf - 1);
	buf[n > 0 ? n : 0] = '\0';
	*startup = strdup(buf);
	close(pe[0]);
	close(ps[0]);
	return (status);
}

/* Child body: fatal with errno set. */
static void
do_fatal(void)
{
	errno = ENOSPC;
	fatal("writing %s", "state");
}

/* Child body: fatalx. */
static void
do_fatalx(void)
{
	fatalx("bad config: %d errors", 3);
}

/* fatal and fatalx exit 1 and reach both stderr and the startup fd. */
static void
test_fatal(void **state)
{
	char	*err, *startup;
	int	 st;

	st = run_child(do_fatal, &err, &startup);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 1);
	assert_string_equal(err, "fatal: writing state: No space left on device\n");
	assert_string_equal(startup, "fatal: writing state: No space left on device\n");
	free(err);
	free(startup);

	st = run_child(do_fatalx, &err, &startup);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 1);
	assert_string_equal(err, "fatal: bad config: 3 errors\n");
	assert_string_equal(startup, "fatal: bad config: 3 errors\n");
	free(err);
	free(startup);
}

/* Warnings are not copied to the startup fd: only errors are. */
static void
test_startup_fd_only_errors(void **state)
{
	int	 p[2];
	char	 buf[64], *out;
	ssize_t	 n;

	assert_int_equal(pipe(p), 0);
	assert_int_equal(fcntl(p[0], F_SETFL, O_NONBLOCK), 0);
	log_set_startup_fd(p[1]);
	capture_begin();
	log_warnx("just a warning");
	log_info("info");
	out = capture_end();
	log_set_startup_fd(-1);
	n = read(p[0], buf, sizeof buf);
	assert_true(n == -1 && errno == EAGAIN);
	assert_string_equal(out, "warning: just a warning\ninfo\n");
	free(out);
	close(p[0]);
	close(p[1]);
}

/* Run every test. */
int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_warn_strerror),
		cmocka_unit_test(test_warnx_info),
		cmocka_unit_test(test_debug_flag),
		cmocka_unit_test(test_long_message),
		cmocka_unit_test(test_fatal),
		cmocka_unit_test(test_startup_fd_only_errors),
	};

	log_init(LOG_TO_STDERR, 0, "test-log");
	if (log_get_target() != LOG_TO_STDERR)
		return (1);
	return (cmocka_run_group_tests(tests, NULL, NULL));
}
