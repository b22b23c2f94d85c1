/*
 * child.h - run a program without a shell on the event loop: argv, input
 * on stdin, stdout+stderr collected (bounded), a timeout that sends SIGTERM
 * and then SIGKILL.  Used by the exec plugin and the diagnostics.
 *
 * Reaping: the host owns SIGCHLD.  The daemon (or a tool) calls
 * child_reap() from its SIGCHLD libevent signal event; child_reap waits
 * only for the pids it started, so it never steals another module's child.
 * child_init(base, true) registers such a SIGCHLD event itself (tools).
 */
#ifndef IW_CHILD_H
#define IW_CHILD_H

#include <stdbool.h>

#include "ipsecwatch-plugin.h"

struct event_base;

void	child_init(struct event_base *, bool own_sigchld);
/* Reap our exited children (call on SIGCHLD). */
void	child_reap(void);
/* Kill (SIGKILL) and forget every running child; their callbacks are called
 * with ok = 0. */
void	child_shutdown(void);
/* Start a program; 0 started (fn follows), -1 could not start (logged). */
int	child_run(const struct ipsecwatch_run_request *, ipsecwatch_run_fn, void *);
/* Children running. */
unsigned child_count(void);

#endif
