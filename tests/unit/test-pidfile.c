/*
 * test-pidfile.c - pid files in a temporary directory: written atomically
 * with our pid, a live ipsecwatchd (a child renamed so) blocks a start,
 * dead pids, reused pids of other programs and garbage do not, and only
 * our own pid file is removed.
 */
#include "config.h"

#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "causes.h"
#include "pidfile.h"

static char	 dir[] = "/tmp/iw-test-pidfile.XXXXXX";
static char	 path[256];

/* Write text to the pid file path. */
static void
put(const char *text)
{
	FILE	*f;

	assert_non_null(f = fopen(path, "w"));
	fputs(text, f);
	fclose(f);
}

/* Read the pid file back. */
static long
get(void)
{
	FILE	*f;
	long	 v = -1;

	assert_non_null(f = fopen(path, "r"));
	assert_int_equal(fscanf(f, "%ld", &v), 1);
	fclose(f);
	return (v);
}

/* A child that sleeps, named comm (so /proc/PID/comm says so). */
static pid_t
child(const char *comm)
{
	pid_t	 pid;

	assert_true((pid = fork()) != -1);
	if (pid == 0) {
		prctl(PR_SET_NAME, comm, 0, 0, 0);
		for (;;)
			pause();
	}
	/* Wait until the rename is visible. */
	for (int i = 0; i < 200; i++) {
		char	 p[64], buf[64] = "";
		FILE	*f;

		snprintf(p, sizeof p, "/proc/%ld/comm", (long)pid);
		if ((f = fopen(p, "r")) != NULL) {
			if (fgets(buf, sizeof buf, f) == NULL)
				buf[0] = '\0';
			fclose(f);
		}
		if (strncmp(buf, comm, strlen(comm)) == 0)
			break;
		usleep(10000);
	}
	return (pid);
}

/* Stop a child from child(). */
static void
reap(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

/* Number of entries in the test directory. */
static int
entries(void)
{
	DIR		*d;
	struct dirent	*e;
	int		 n = 0;

	assert_non_null(d = opendir(dir));
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return (n);
}

/* Our pid goes in, nothing else is left, and removing works. */
static void
test_write_remove(void **state)
{
	struct causes	 c;

	causes_init(&c);
	assert_int_equal(pidfile_write(path, &c), 0);
	assert_int_equal(c.n, 0);
	assert_int_equal(get(), (long)getpid());
	assert_int_equal(entries(), 1);		/* no temp file left */
	/* Our own pid is not "another instance". */
	assert_int_equal(pidfile_running(path), 0);
	assert_int_equal(pidfile_write(path, &c), 0);
	pidfile_remove(path);
	assert_int_equal(access(path, F_OK), -1);
	pidfile_remove(path);			/* already gone: quiet */
	causes_free(&c);
}

/* A live ipsecwatchd holds the file: refused, with its pid named. */
static void
test_live_instance(void **state)
{
	struct causes	 c;
	char		 buf[32], want[96];
	pid_t		 pid;

	pid = child("ipsecwatchd");
	snprintf(buf, sizeof buf, "%ld\n", (long)pid);
	put(buf);
	assert_int_equal(pidfile_running(path), pid);
	causes_init(&c);
	assert_int_equal(pidfile_write(path, &c), -1);
	assert_int_equal(c.n, 1);
	snprintf(want, sizeof want, "another ipsecwatchd is running (pid %ld)", (long)pid);
	assert_non_null(strstr(c.msg[0], want));
	assert_int_equal(get(), (long)pid);	/* untouched */
	/* Not ours: remove leaves it. */
	pidfile_remove(path);
	assert_int_equal(get(), (long)pid);
	causes_free(&c);
	reap(pid);
	/* Dead now: stale. */
	assert_int_equal(pidfile_running(path), 0);
	causes_init(&c);
	assert_int_equal(pidfile_write(path, &c), 0);
	assert_int_equal(get(), (long)getpid());
	causes_free(&c);
	unlink(path);
}

/* A live process of another name under a recorded pid is a reused pid. */
static void
test_reused_pid(void **state)
{
	char	 buf[32];
	pid_t	 pid;

	pid = child("sleeper");
	snprintf(buf, sizeof buf, "%ld\n", (long)pid);
	put(buf);
	assert_int_equal(pidfile_running(path), 0);
	reap(pid);
	unlink(path);
}

/* Garbage in the file is stale, never a crash. */
static void
test_garbage(void **state)
{
	static const char *bad[] = { "", "\n", "abc\n", "-5\n", "0\n",
	    "12abc\n", "99999999999999999999\n", " \n" };
	struct causes	 c;
	size_t		 i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		put(bad[i]);
		assert_int_equal(pidfile_running(path), 0);
		causes_init(&c);
		assert_int_equal(pidfile_write(path, &c), 0);
		causes_free(&c);
		assert_int_equal(get(), (long)getpid());
	}
	unlink(path);
}

/* An unwritable place gives a cause naming the file. */
static void
test_unwritable(void **state)
{
	struct causes	 c;
	char		 bad[300];

	snprintf(bad, sizeof bad, "%s/missing/ipsecwatchd.pid", dir);
	causes_init(&c);
	assert_int_equal(pidfile_write(bad, &c), -1);
	assert_int_equal(c.n, 1);
	assert_non_null(strstr(c.msg[0], "/missing/ipsecwatchd.pid"));
	causes_free(&c);
}

/* Make the temporary directory. */
static int
setup(void **state)
{
	if (mkdtemp(dir) == NULL)
		return (-1);
	snprintf(path, sizeof path, "%s/ipsecwatchd.pid", dir);
	return (0);
}

/* Remove the temporary directory. */
static int
teardown(void **state)
{
	unlink(path);
	return (rmdir(dir));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_write_remove),
		cmocka_unit_test(test_live_instance),
		cmocka_unit_test(test_reused_pid),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_unwritable),
	};

	return (cmocka_run_group_tests(tests, setup, teardown));
}
