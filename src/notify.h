/*
 * notify.h - tell the service manager (systemd) how the daemon is doing.
 * Every function is a no-op when built without libsystemd or when the
 * daemon was not started with NOTIFY_SOCKET.
 */
#ifndef IW_NOTIFY_H
#define IW_NOTIFY_H

#include <stdint.h>

/* Startup finished; status is a human-readable line for "systemctl status". */
void	notify_ready(const char *status);
/* A reload starts (RELOADING=1 with MONOTONIC_USEC). */
void	notify_reloading(void);
/* Orderly shutdown starts. */
void	notify_stopping(void);
/* Update the STATUS= line. */
void	notify_status(const char *status);
/* Keep-alive ping for WatchdogSec=. */
void	notify_watchdog(void);
/* Watchdog interval in microseconds if systemd asks for pings, else 0. */
uint64_t notify_watchdog_usec(void);

#endif
