/*
 * pidfile.c - pid file handling.
 *
 * A pid file is trusted only as far as it can be checked: the pid must be
 * alive and, where /proc tells, belong to a process called ipsecwatchd, so
 * a stale file left by a crash never blocks a restart just because its pid
 * was reused.  The file is written to a temp file in the same directory and
 * renamed, so readers never see a half-written pid.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "causes.h"
#include "log.h"
#include "pidfile.h"
#include "xmalloc.h"

static pid_t	pidfile_read(const char *);
static int	pidfile_is_ours(pid_t);

/* Read the pid recorded in path; 0 when missing or unparsable. */
static pid_t
pidfile_read(const char *path)
{
	char	 buf[32];
	char	*end;
	ssize_t	 n;
	long	 v;
	int	 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return (0);
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return (0);
	buf[n] = '\0';
	errno = 0;
	v = strtol(buf, &end, 10);
	if (errno != 0 || end == buf || (*end != '\n' && *end != '\0') ||
	    v <= 0 || v > INT_MAX)
		return (0);
	return ((pid_t)v);
}

/* Whether pid is a live process that looks like an ipsecwatchd. */
static int
pidfile_is_ours(pid_t pid)
{
	char	 path[64], comm[64];
	FILE	*f;
	int	 ours = 1;

	if (kill(pid, 0) == -1 && errno != EPERM)
		return (0);
	/* Where /proc is readable, a reused pid of another program is stale. */
	snprintf(path, sizeof path, "/proc/%ld/comm", (long)pid);
	if ((f = fopen(path, "re")) != NULL) {
		if (fgets(comm, sizeof comm, f) != NULL &&
		    strncmp(comm, "ipsecwatchd", 11) != 0)
			ours = 0;
		fclose(f);
	}
	return (ours);
}

/* Pid of a live instance recorded in path, else 0. */
pid_t
pidfile_running(const char *path)
{
	pid_t	 pid;

	pid = pidfile_read(path);
	if (pid == 0 || pid == getpid() || !pidfile_is_ours(pid))
		return (0);
	return (pid);
}

/* Write our pid to path via a temp file and rename. */
int
pidfile_write(const char *path, struct causes *c)
{
	char	*tmp;
	pid_t	 other;
	int	 fd, len;
	char	 buf[32];

	if ((other = pidfile_running(path)) != 0) {
		causes_add(c, "%s: another ipsecwatchd is running (pid %ld)",
		    path, (long)other);
		return (-1);
	}
	xasprintf(&tmp, "%s.tmp.%ld", path, (long)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_EXCL | O_CLOEXEC, 0644);
	if (fd == -1) {
		causes_add(c, "%s: cannot create pid file: %s", tmp, strerror(errno));
		free(tmp);
		return (-1);
	}
	len = snprintf(buf, sizeof buf, "%ld\n", (long)getpid());
	if (write(fd, buf, len) != len || fsync(fd) == -1) {
		causes_add(c, "%s: cannot write pid file: %s", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		free(tmp);
		return (-1);
	}
	close(fd);
	if (rename(tmp, path) == -1) {
		causes_add(c, "%s: cannot rename pid file: %s", path, strerror(errno));
		unlink(tmp);
		free(tmp);
		return (-1);
	}
	free(tmp);
	return (0);
}

/* Remove the pid file if it is still ours (a successor may own it). */
void
pidfile_remove(const char *path)
{
	if (pidfile_read(path) != getpid())
		return;
	if (unlink(path) == -1 && errno != ENOENT)
		log_warn("%s: cannot remove pid file", path);
}
