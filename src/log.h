/*
 * log.h - the daemon's own logging: stderr in the foreground, syslog (or
 * the journal, with structured fields) once detached.
 */
#ifndef IW_LOG_H
#define IW_LOG_H

#include <stdarg.h>

#define IW_LOG_IDENT	"ipsecwatchd"	/* our syslog identifier; never read back as input */

enum log_target {
	LOG_TO_STDERR = 0,	/* foreground, tools, tests */
	LOG_TO_SYSLOG,		/* detached */
	LOG_TO_JOURNAL,		/* started by systemd: sd_journal_send with fields */
};

void	log_init(enum log_target, int debug, const char *ident);
void	log_set_debug(int);
int	log_get_debug(void);
enum log_target log_get_target(void);

void	log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
void	fatal(const char *, ...) __attribute__((format(printf, 1, 2), noreturn));
void	fatalx(const char *, ...) __attribute__((format(printf, 1, 2), noreturn));

/* Where fatal errors during startup are also written (the detach pipe). */
void	log_set_startup_fd(int);

#endif
