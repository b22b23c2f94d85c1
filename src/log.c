/*
 * log.c - logging for the daemon and the tools.
 *
 * log_warn adds strerror(errno), log_warnx does not; fatal and fatalx log
 * and exit(1).  Every function saves and restores errno so that logging
 * never changes the error a caller is about to report.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>
#ifdef HAVE_LIBSYSTEMD
#include <systemd/sd-journal.h>
#endif

#include "log.h"

static enum log_target	 log_target = LOG_TO_STDERR;
static int		 log_debug_on;
static const char	*log_ident = IW_LOG_IDENT;
static int		 log_startup_fd = -1;

static void	log_vwrite(int, const char *, const char *, va_list, const char *)
		    __attribute__((format(printf, 3, 0)));

/* Set where messages go and whether debug messages are shown. */
void
log_init(enum log_target target, int debug, const char *ident)
{
	log_target = target;
	log_debug_on = debug;
	if (ident != NULL)
		log_ident = ident;
#ifndef HAVE_LIBSYSTEMD
	if (log_target == LOG_TO_JOURNAL)
		log_target = LOG_TO_SYSLOG;
#endif
	if (log_target == LOG_TO_SYSLOG)
		openlog(log_ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

/* Turn debug messages on or off (SIGHUP may change it). */
void
log_set_debug(int debug)
{
	log_debug_on = debug;
}

/* Whether debug messages are shown. */
int
log_get_debug(void)
{
	return (log_debug_on);
}

/* Where messages go now. */
enum log_target
log_get_target(void)
{
	return (log_target);
}

/* Also copy fatal startup errors to this fd (the pipe to the parent). */
void
log_set_startup_fd(int fd)
{
	log_startup_fd = fd;
}

/* Write one formatted message at a syslog priority. */
static void
log_vwrite(int pri, const char *prefix, const char *fmt, va_list ap, const char *suffix)
{
	char	 msg[2048];
	int	 saved = errno;

	vsnprintf(msg, sizeof msg, fmt, ap);
	switch (log_target) {
	case LOG_TO_STDERR:
		fprintf(stderr, "%s%s%s%s\n", prefix, msg,
		    suffix ? ": " : "", suffix ? suffix : "");
		break;
	case LOG_TO_SYSLOG:
		syslog(pri, "%s%s%s%s", prefix, msg,
		    suffix ? ": " : "", suffix ? suffix : "");
		break;
	case LOG_TO_JOURNAL:
#ifdef HAVE_LIBSYSTEMD
		sd_journal_send("MESSAGE=%s%s%s%s", prefix, msg,
		    suffix ? ": " : "", suffix ? suffix : "",
		    "PRIORITY=%d", pri,
		    "SYSLOG_IDENTIFIER=%s", log_ident,
		    "IPSECWATCH_SEVERITY=%s", prefix[0] ? prefix : "info: ",
		    NULL);
#endif
		break;
	}
	if (log_startup_fd != -1 && pri <= LOG_ERR) {
		dprintf(log_startup_fd, "%s%s%s%s\n", prefix, msg,
		    suffix ? ": " : "", suffix ? suffix : "");
	}
	errno = saved;
}

/* Warning with the text of errno appended. */
void
log_warn(const char *fmt, ...)
{
	va_list	 ap;
	int	 saved = errno;

	va_start(ap, fmt);
	log_vwrite(LOG_WARNING, "warning: ", fmt, ap, strerror(saved));
	va_end(ap);
	errno = saved;
}

/* Warning without errno. */
void
log_warnx(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_vwrite(LOG_WARNING, "warning: ", fmt, ap, NULL);
	va_end(ap);
}

/* Informational message. */
void
log_info(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_vwrite(LOG_INFO, "", fmt, ap, NULL);
	va_end(ap);
}

/* Debug message, shown only with -d. */
void
log_debug(const char *fmt, ...)
{
	va_list	 ap;

	if (!log_debug_on)
		return;
	va_start(ap, fmt);
	log_vwrite(LOG_DEBUG, "debug: ", fmt, ap, NULL);
	va_end(ap);
}

/* Log an error with errno and exit. */
void
fatal(const char *fmt, ...)
{
	va_list	 ap;
	int	 saved = errno;

	va_start(ap, fmt);
	log_vwrite(LOG_CRIT, "fatal: ", fmt, ap, strerror(saved));
	va_end(ap);
	exit(1);
}

/* Log an error without errno and exit. */
void
fatalx(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_vwrite(LOG_CRIT, "fatal: ", fmt, ap, NULL);
	va_end(ap);
	exit(1);
}
