/*
 * notify.c - sd_notify(3) wrapper.
 *
 * The daemon tells systemd when it is ready, reloading and stopping, and
 * pings the watchdog.  Built without libsystemd every function does
 * nothing, so callers never need an #ifdef.  sd_notify itself does nothing
 * when NOTIFY_SOCKET is unset, so the same calls are harmless outside
 * systemd.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <time.h>
#ifdef HAVE_LIBSYSTEMD
#include <systemd/sd-daemon.h>
#endif

#include "log.h"
#include "notify.h"

#ifdef HAVE_LIBSYSTEMD
/* Send one notification; log (debug) when it fails. */
static void
notify_send(const char *msg)
{
	int	 r;

	if ((r = sd_notify(0, msg)) < 0)
		log_debug("sd_notify \"%s\" failed: error %d", msg, -r);
	else if (r > 0)
		log_debug("sd_notify: %s", msg);
}
#endif

/* Startup finished. */
void
notify_ready(const char *status)
{
#ifdef HAVE_LIBSYSTEMD
	char	 buf[512];

	snprintf(buf, sizeof buf, "READY=1\nSTATUS=%s", status ? status : "running");
	notify_send(buf);
#endif
}

/* A reload starts: RELOADING=1 with the monotonic time, as sd_notify(3) asks. */
void
notify_reloading(void)
{
#ifdef HAVE_LIBSYSTEMD
	struct timespec	 ts;
	char		 buf[128];

	clock_gettime(CLOCK_MONOTONIC, &ts);
	snprintf(buf, sizeof buf, "RELOADING=1\nMONOTONIC_USEC=%llu\nSTATUS=reloading",
	    (unsigned long long)ts.tv_sec * 1000000ULL +
	    (unsigned long long)ts.tv_nsec / 1000ULL);
	notify_send(buf);
#endif
}

/* Orderly shutdown starts. */
void
notify_stopping(void)
{
#ifdef HAVE_LIBSYSTEMD
	notify_send("STOPPING=1\nSTATUS=stopping");
#endif
}

/* Update the status line. */
void
notify_status(const char *status)
{
#ifdef HAVE_LIBSYSTEMD
	char	 buf[512];

	snprintf(buf, sizeof buf, "STATUS=%s", status);
	notify_send(buf);
#endif
}

/* Watchdog keep-alive. */
void
notify_watchdog(void)
{
#ifdef HAVE_LIBSYSTEMD
	notify_send("WATCHDOG=1");
#endif
}

/* The watchdog interval systemd asks for (WATCHDOG_USEC), or 0. */
uint64_t
notify_watchdog_usec(void)
{
#ifdef HAVE_LIBSYSTEMD
	uint64_t	 usec = 0;

	if (sd_watchdog_enabled(0, &usec) > 0)
		return (usec);
#endif
	return (0);
}
