/*
 * pidfile.h - the daemon's pid file: refuse to start while another live
 * instance holds it, write it atomically, remove it at exit.
 */
#ifndef IW_PIDFILE_H
#define IW_PIDFILE_H

#include <sys/types.h>

struct causes;

/*
 * Pid of a live ipsecwatchd recorded in path, 0 when there is none (no
 * file, a stale pid, or our own pid).
 */
pid_t	pidfile_running(const char *path);
/*
 * Write our pid to path (temp file + rename).  Fails, with a cause, when
 * another live instance holds the file or the file cannot be written.
 */
int	pidfile_write(const char *path, struct causes *);
/* Remove path if it still holds our pid. */
void	pidfile_remove(const char *path);

#endif
