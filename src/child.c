/*
 * child.c - programs run from the event loop, the tmux job.c way: signals
 * blocked around fork, the child restores default dispositions and an
 * empty mask, gets its stdin and stdout/stderr through pipes, closes every
 * other descriptor and execs argv directly (no shell).  The parent feeds
 * stdin and reads output with libevent events, kills on timeout, and learns
 * the exit status from child_reap() (SIGCHLD).
 */
#include "config.h"

#include <sys/queue.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>
#include <event2/event_struct.h>

#include "child.h"
#include "log.h"
#include "xmalloc.h"

#define CHILD_KILL_GRACE_S	2	/* SIGTERM, then SIGKILL this much later */

struct child {
	pid_t			 pid;
	int			 in_fd;		/* to the child's stdin, -1 closed */
	int			 out_fd;	/* from its stdout+stderr, -1 at EOF */
	struct event		 in_ev;
	struct event		 out_ev;
	struct event		 timer;
	char			*input;
	size_t			 input_len;
	size_t			 input_off;
	char			*out;
	size_t			 out_len;
	size_t			 out_max;
	bool			 cut;		/* output beyond out_max dropped */
	bool			 exited;
	int			 status;
	int			 stage;		/* 0 running, 1 TERM sent, 2 KILL sent */
	ipsecwatch_run_fn	 fn;
	void			*arg;
	LIST_ENTRY(child)	 entry;
};

static LIST_HEAD(, child)	 children = LIST_HEAD_INITIALIZER(children);
static struct event_base	*child_base;
static struct event		 child_sigev;
static bool			 child_own_sig;
static unsigned			 child_n;

static void	child_sigchld_cb(evutil_socket_t, short, void *);
static void	child_in_cb(evutil_socket_t, short, void *);
static void	child_out_cb(evutil_socket_t, short, void *);
static void	child_timer_cb(evutil_socket_t, short, void *);
static void	child_close_in(struct child *);
static void	child_check_done(struct child *);
static void	child_force_close(struct child *);
static void	child_exec(const struct ipsecwatch_run_request *, int, int)
		    __attribute__((noreturn));
static void	child_closefrom(int);

/* Remember the base; optionally own SIGCHLD (tools without a daemon). */
void
child_init(struct event_base *base, bool own_sigchld)
{
	child_base = base;
	if (own_sigchld) {
		evsignal_assign(&child_sigev, base, SIGCHLD, child_sigchld_cb, NULL);
		evsignal_add(&child_sigev, NULL);
		child_own_sig = true;
	}
}

/* SIGCHLD arrived (our own signal event). */
static void
child_sigchld_cb(evutil_socket_t sig, short what, void *arg)
{
	child_reap();
}

/* Number of running children. */
unsigned
child_count(void)
{
	return (child_n);
}

/* Collect the exit status of every child of ours that has exited. */
void
child_reap(void)
{
	struct child	*c, *next;
	pid_t		 pid;
	int		 status;

	for (c = LIST_FIRST(&children); c != NULL; c = next) {
		next = LIST_NEXT(c, entry);
		if (c->exited)
			continue;
		pid = waitpid(c->pid, &status, WNOHANG);
		if (pid == 0)
			continue;
		if (pid == -1 && errno == EINTR) {
			next = c;
			continue;
		}
		c->exited = true;
		c->status = pid == -1 ? -1 : status;
		if (c->stage != 0)
			child_force_close(c);
		else
			child_check_done(c);
	}
}

/* Kill every child and report it failed. */
void
child_shutdown(void)
{
	struct child	*c;

	while ((c = LIST_FIRST(&children)) != NULL) {
		if (!c->exited) {
			kill(-c->pid, SIGKILL);
			kill(c->pid, SIGKILL);
			waitpid(c->pid, &c->status, 0);
			c->exited = true;
		}
		if (c->out_fd != -1) {
			event_del(&c->out_ev);
			close(c->out_fd);
			c->out_fd = -1;
		}
		c->stage = 2;
		child_check_done(c);
	}
	if (child_own_sig) {
		evsignal_del(&child_sigev);
		child_own_sig = false;
	}
}

/* Close a descriptor range in the child. */
static void
child_closefrom(int lowfd)
{
#ifdef HAVE_CLOSEFROM
	closefrom(lowfd);
#else
	long	 max, fd;

	max = sysconf(_SC_OPEN_MAX);
	if (max < 0 || max > 65536)
		max = 65536;
	for (fd = lowfd; fd < max; fd++)
		close((int)fd);
#endif
}

/* In the child: set up descriptors and signals, then exec.  Never returns. */
static void
child_exec(const struct ipsecwatch_run_request *req, int in_fd, int out_fd)
{
	struct sigaction	 sa;
	sigset_t		 set;
	char			**argv, **envp;
	size_t			 i, n;
	int			 sig, devnull;

	/* Its own process group: a timeout kills what it started, too. */
	setpgid(0, 0);

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	for (sig = 1; sig < NSIG; sig++)
		sigaction(sig, &sa, NULL);
	sigemptyset(&set);
	sigprocmask(SIG_SETMASK, &set, NULL);

	if (in_fd == -1) {
		if ((devnull = open("/dev/null", O_RDONLY)) != -1)
			in_fd = devnull;
	}
	if (dup2(in_fd, STDIN_FILENO) == -1 ||
	    dup2(out_fd, STDOUT_FILENO) == -1 ||
	    dup2(out_fd, STDERR_FILENO) == -1)
		_exit(126);
	child_closefrom(STDERR_FILENO + 1);

	argv = calloc(req->argc + 1, sizeof *argv);
	envp = calloc(req->n_env + 4, sizeof *envp);
	if (argv == NULL || envp == NULL)
		_exit(126);
	for (i = 0; i < req->argc; i++)
		argv[i] = (char *)req->argv[i];
	n = 0;
	envp[n++] = (char *)"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
	envp[n++] = (char *)"LC_ALL=C";
	for (i = 0; i < req->n_env; i++)
		envp[n++] = (char *)req->env[i];
	envp[n] = NULL;
	/* execvpe searches PATH of the new environment for a bare name. */
	execvpe(argv[0], argv, envp);
	dprintf(STDERR_FILENO, "exec %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

/* Start a program. */
int
child_run(const struct ipsecwatch_run_request *req, ipsecwatch_run_fn fn, void *arg)
{
	struct child	*c;
	sigset_t	 set, oset;
	struct timeval	 tv;
	int		 inp[2] = { -1, -1 }, outp[2];
	pid_t		 pid;

	if (child_base == NULL || req->argc == 0 || req->argv[0] == NULL) {
		log_warnx("cannot run a program: %s", child_base == NULL ?
		    "child module not initialised" : "empty command");
		return (-1);
	}
	if (req->input_len > 0 && pipe2(inp, O_CLOEXEC) == -1) {
		log_warn("pipe");
		return (-1);
	}
	if (pipe2(outp, O_CLOEXEC) == -1) {
		log_warn("pipe");
		if (inp[0] != -1) {
			close(inp[0]);
			close(inp[1]);
		}
		return (-1);
	}
	/* Block signals so the child cannot run our handlers before reset. */
	sigfillset(&set);
	sigprocmask(SIG_BLOCK, &set, &oset);
	pid = fork();
	if (pid == 0)
		child_exec(req, inp[0], outp[1]);
	sigprocmask(SIG_SETMASK, &oset, NULL);
	if (pid == -1) {
		log_warn("fork");
		if (inp[0] != -1) {
			close(inp[0]);
			close(inp[1]);
		}
		close(outp[0]);
		close(outp[1]);
		return (-1);
	}
	setpgid(pid, pid);	/* also here: no race with a kill before the child's own */
	if (inp[0] != -1)
		close(inp[0]);
	close(outp[1]);

	c = xcalloc(1, sizeof *c);
	c->pid = pid;
	c->fn = fn;
	c->arg = arg;
	c->out_max = req->max_output > 0 ? req->max_output : 16384;
	c->out = xmalloc(c->out_max + 1);
	c->in_fd = inp[1];
	c->out_fd = outp[0];
	evutil_make_socket_nonblocking(c->out_fd);
	event_assign(&c->out_ev, child_base, c->out_fd, EV_READ | EV_PERSIST,
	    child_out_cb, c);
	event_add(&c->out_ev, NULL);
	if (c->in_fd != -1) {
		c->input = xmalloc(req->input_len);
		memcpy(c->input, req->input, req->input_len);
		c->input_len = req->input_len;
		evutil_make_socket_nonblocking(c->in_fd);
		event_assign(&c->in_ev, child_base, c->in_fd, EV_WRITE | EV_PERSIST,
		    child_in_cb, c);
		event_add(&c->in_ev, NULL);
	}
	evtimer_assign(&c->timer, child_base, child_timer_cb, c);
	tv.tv_sec = (req->timeout_ms > 0 ? req->timeout_ms : 10000) / 1000;
	tv.tv_usec = ((req->timeout_ms > 0 ? req->timeout_ms : 10000) % 1000) * 1000;
	evtimer_add(&c->timer, &tv);
	LIST_INSERT_HEAD(&children, c, entry);
	child_n++;
	/* An early exit is not lost: SIGCHLD stays pending for the loop. */
	log_debug("started %s, pid %ld", req->argv[0], (long)pid);
	return (0);
}

/* Feed stdin. */
static void
child_in_cb(evutil_socket_t fd, short what, void *arg)
{
	struct child	*c = arg;
	ssize_t		 n;

	n = write(fd, c->input + c->input_off, c->input_len - c->input_off);
	if (n == -1) {
		if (errno == EAGAIN || errno == EINTR)
			return;
		/* EPIPE: the program does not read its input; not an error here. */
		child_close_in(c);
		return;
	}
	c->input_off += n;
	if (c->input_off == c->input_len)
		child_close_in(c);
}

/* Stop feeding stdin. */
static void
child_close_in(struct child *c)
{
	if (c->in_fd == -1)
		return;
	event_del(&c->in_ev);
	close(c->in_fd);
	c->in_fd = -1;
	free(c->input);
	c->input = NULL;
}

/* Collect output, keeping at most out_max bytes. */
static void
child_out_cb(evutil_socket_t fd, short what, void *arg)
{
	struct child	*c = arg;
	char		 buf[4096];
	ssize_t		 n;
	size_t		 keep;

	n = read(fd, buf, sizeof buf);
	if (n == -1 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		event_del(&c->out_ev);
		close(c->out_fd);
		c->out_fd = -1;
		if (c->exited)
			child_check_done(c);
		else
			child_reap();	/* may report (and free) c */
		return;
	}
	keep = (size_t)n;
	if (keep > c->out_max - c->out_len) {
		keep = c->out_max - c->out_len;
		c->cut = true;
	}
	memcpy(c->out + c->out_len, buf, keep);
	c->out_len += keep;
}

/* Timeout: SIGTERM, then SIGKILL. */
static void
child_timer_cb(evutil_socket_t fd, short what, void *arg)
{
	struct child	*c = arg;
	struct timeval	 tv = { CHILD_KILL_GRACE_S, 0 };

	if (c->exited) {
		/* It exited but something it started still holds the output. */
		child_force_close(c);
		return;
	}
	if (c->stage == 0) {
		log_warnx("pid %ld timed out; sending SIGTERM", (long)c->pid);
		kill(-c->pid, SIGTERM);
		kill(c->pid, SIGTERM);
		c->stage = 1;
		evtimer_add(&c->timer, &tv);
	} else {
		log_warnx("pid %ld still running; sending SIGKILL", (long)c->pid);
		kill(-c->pid, SIGKILL);
		kill(c->pid, SIGKILL);
		c->stage = 2;
		evtimer_add(&c->timer, &tv);
	}
}

/* Stop waiting for output and finish. */
static void
child_force_close(struct child *c)
{
	if (c->out_fd != -1) {
		event_del(&c->out_ev);
		close(c->out_fd);
		c->out_fd = -1;
	}
	child_check_done(c);
}

/* Report and free a child once it has exited and its output is drained. */
static void
child_check_done(struct child *c)
{
	char		*msg;
	long		 code;
	int		 ok;

	if (!c->exited || c->out_fd != -1)
		return;
	LIST_REMOVE(c, entry);
	child_n--;
	child_close_in(c);
	evtimer_del(&c->timer);
	if (c->status != -1 && WIFEXITED(c->status))
		code = WEXITSTATUS(c->status);
	else if (c->status != -1 && WIFSIGNALED(c->status))
		code = -WTERMSIG(c->status);
	else
		code = -1;
	ok = c->stage == 0 && code == 0;
	if (c->stage != 0) {
		/* Say in the output why it ended. */
		xasprintf(&msg, "%.*s%s[killed after timeout]\n", (int)c->out_len,
		    c->out, c->cut ? "\n[output cut]\n" : "");
	} else
		xasprintf(&msg, "%.*s%s", (int)c->out_len, c->out,
		    c->cut ? "\n[output cut]\n" : "");
	c->fn(c->arg, ok, code, msg, strlen(msg));
	free(msg);
	free(c->out);
	free(c);
}
