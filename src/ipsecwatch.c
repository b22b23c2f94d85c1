/*
 * ipsecwatch.c - the command line: asks the daemon over its status socket
 * and runs the engine offline.
 *
 * Subcommands come from one table.  A handler is called like main() with
 * argv[0] set to the subcommand's name, so an offline command is just its
 * own *_main() function in the table.  Commands that need the daemon share
 * --socket and --json (accepted before or after the command name); exit
 * status is 0 ok, 1 error (including an error reply), 2 daemon unreachable.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <event2/event.h>
#include <jansson.h>
#include <libconfig.h>

#include "analyze.h"
#include "conf.h"
#include "ctl-protocol.h"
#include "analyze.h"
#include "explain.h"
#include "ipsecwatch.h"
#include "xmalloc.h"

#define DEFAULT_SOCKET	RUNSTATEDIR "/ipsecwatch/ipsecwatch.sock"
#define CLI_TIMEOUT	60	/* seconds to wait for a reply (a reload may take a while) */

#define EXIT_ERROR	1
#define EXIT_UNREACHABLE 2

struct cli_command {
	const char	*name;
	int		 min_args;	/* arguments after the name */
	int		 max_args;	/* -1: no limit */
	bool		 needs_daemon;	/* talks to ipsecwatchd: --socket, --json */
	int		(*fn)(int, char **);	/* called like main(), argv[0] = name */
	const char	*synopsis;	/* arguments, for usage lines */
	const char	*help;		/* one line */
	const char	*long_help;
};

static int	cmd_status(int, char **);
static int	cmd_reload(int, char **);
static int	cmd_tunnels(int, char **);
static int	cmd_show(int, char **);
static int	cmd_alerts(int, char **);
static int	cmd_silence(int, char **);
static int	cmd_unsilence(int, char **);
static int	cmd_test_alert(int, char **);
static int	cmd_metrics(int, char **);
static int	cmd_help(int, char **);
static int	cmd_version(int, char **);

/*
 * The commands.  An offline command is one row naming its own main-like
 * function, for example
 *	{ "explain", 1, -1, false, explain_main, "[--json] line...",
 *	  "explain IPsec log lines", "..." },
 * and it parses its own options (a global --json is passed on as its first
 * argument).
 */
static const struct cli_command cli_commands[] = {
	{ "status", 0, 1, true, cmd_status, "[--json] [--check]",
	  "show the state of the running daemon",
	  "Asks ipsecwatchd for its version, pid, uptime and configuration file,\n"
	  "its inputs (health, position, lines read, IPsec lines, unrecognized),\n"
	  "the IKE daemons seen, the tunnels by state, the alerts firing and the\n"
	  "spool depth per receiver, and prints them as tables; with --json the\n"
	  "daemon's reply is printed as it came.\n"
	  "With --check prints one line for Nagios/Icinga and exits 0 OK,\n"
	  "1 WARNING, 2 CRITICAL, 3 UNKNOWN: CRITICAL when a critical alert fires\n"
	  "or an input is stalled, WARNING when a warning alert fires or an input\n"
	  "waits for its file, UNKNOWN when the daemon does not answer.  Silenced\n"
	  "and inhibited alerts do not count.\n" },
	{ "tunnels", 0, 0, true, cmd_tunnels, "[--json]",
	  "list the tunnels and their state",
	  "One row per tunnel: name, state, since, last established, last rekey,\n"
	  "next rekey deadline and error counts.\n" },
	{ "show", 1, 1, true, cmd_show, "[--json] tunnel",
	  "show one tunnel in detail",
	  "State history, live SAs, counters, deadlines, the last relevant log\n"
	  "lines, active alerts with their delivery state per receiver, and the\n"
	  "knowledge base's explanation of each error seen.\n" },
	{ "alerts", 0, 0, true, cmd_alerts, "[--json]",
	  "list firing and recently resolved alerts, and the silences", "" },
	{ "silence", 2, 3, true, cmd_silence, "pattern|kind duration [comment]",
	  "silence alerts of matching tunnels or of a kind",
	  "A word that names an alert kind (tunnel_down, rekey_overdue, ...)\n"
	  "silences that kind on every tunnel; anything else is a glob matched\n"
	  "against tunnel names.  duration: 90s, 15m, 2h, 1d.  Prints the\n"
	  "silence's id.  Needs root, the daemon's user or the control group.\n" },
	{ "unsilence", 1, 1, true, cmd_unsilence, "id",
	  "end a silence", "Needs root, the daemon's user or the control group.\n" },
	{ "test-alert", 1, 1, true, cmd_test_alert, "receiver",
	  "send a test notification through a receiver",
	  "Sends a test notification straight through the receiver's plugin and\n"
	  "prints the result (exit status 1 when the delivery failed).  Needs\n"
	  "root, the daemon's user or the control group.\n" },
	{ "metrics", 0, 0, true, cmd_metrics, "",
	  "print the metrics in the Prometheus text format", "" },
	{ "reload", 0, 0, true, cmd_reload, "[--json]",
	  "make the daemon read its configuration again",
	  "Asks ipsecwatchd to reload its configuration, as SIGHUP does, and\n"
	  "waits for the result.  When the new configuration has errors they are\n"
	  "printed, the daemon keeps running on the previous one, and the exit\n"
	  "status is 1.  Needs root, the daemon's user or the control group.\n" },
	{ "analyze", 0, -1, false, analyze_main,
	  "[--json] [--config file] [--year Y] [--lang en|de] file ...",
	  "analyze an old log offline: tunnels, rekeys, errors, alerts",
	  "Runs the daemon's engine over log files (plain or .gz; - is standard\n"
	  "input; a rotated set is read oldest first) with the log's own\n"
	  "timestamps as the clock, and reports per tunnel its state at the end,\n"
	  "how often phase 1 and phase 2 were established, rekeys and their\n"
	  "rhythm, the errors explained, and the alerts that would have fired and\n"
	  "resolved.  --config takes the tunnel policy from a configuration file.\n" },
	{ "explain", 0, -1, false, explain_main,
	  "[--lang en|de] [--json] [line ...]",
	  "explain IPsec log lines in plain words",
	  "Says what each pluto or charon line means; for errors, what it means,\n"
	  "the likely causes and what to check; then a verdict per tunnel.  The\n"
	  "lines come from the arguments or, without any, from standard input (a\n"
	  "pasted excerpt, newest line first is fine).  No daemon is needed.\n" },
	{ "help", 0, 1, false, cmd_help, "[command]",
	  "list the commands, or explain one",
	  "Without an argument lists every command; with one prints its usage\n"
	  "and description.\n" },
	{ "version", 0, 0, false, cmd_version, "",
	  "print the versions of ipsecwatch, its libraries and the daemon",
	  "Prints the version of ipsecwatch and of the libraries it runs with,\n"
	  "and the version of the running daemon when it answers.\n" },
};
#define N_COMMANDS	(sizeof cli_commands / sizeof cli_commands[0])

static const char	*cli_socket;
static bool		 cli_json;
static bool		 cli_color;

static void	usage(FILE *);
static const struct cli_command *cli_find(const char *);
static void	cli_complain(bool, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
static int	cli_request(const char *, json_t **, char **, bool);
static int	cli_request_args(const char *, int, char **, json_t **, char **,
		    bool);
static int	cli_check_reply(json_t *, const char *);
static const char *cli_paint(const char *);
static void	cli_row(const char *, const char *, const char *);
static void	cli_print_versions(void);
static int	cli_check(void);
static void	cli_status_engine(json_t *);
static int	cli_simple(const char *, int, char **, json_t **);
static const char *cli_time(json_int_t, char *, size_t);
static const char *cli_state_color(const char *);

/* Print the general usage. */
static void
usage(FILE *f)
{
	size_t	 i;

	fprintf(f, "usage: ipsecwatch [--socket path] [--json] command [args]\n"
	    "       ipsecwatch -V | -h\n\ncommands:\n");
	for (i = 0; i < N_COMMANDS; i++)
		fprintf(f, "  %-10s %s\n", cli_commands[i].name, cli_commands[i].help);
	fprintf(f, "\nSee \"ipsecwatch help command\" and ipsecwatch(1).\n");
}

/* The table entry of a command, or NULL. */
static const struct cli_command *
cli_find(const char *name)
{
	size_t	 i;

	for (i = 0; i < N_COMMANDS; i++)
		if (strcmp(cli_commands[i].name, name) == 0)
			return (&cli_commands[i]);
	return (NULL);
}

/* An ANSI attribute when colour is on, else "". */
static const char *
cli_paint(const char *code)
{
	return (cli_color ? code : "");
}

#define C_BOLD	"\033[1m"
#define C_RED	"\033[31m"
#define C_GREEN	"\033[32m"
#define C_OFF	"\033[0m"

/* One "key  value" row of a table. */
static void
cli_row(const char *key, const char *value, const char *color)
{
	printf("  %-12s %s%s%s\n", key, color ? cli_paint(color) : "", value,
	    color ? cli_paint(C_OFF) : "");
}

/* Print an error unless quiet. */
static void
cli_complain(bool quiet, const char *fmt, ...)
{
	va_list	 ap;

	if (quiet)
		return;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

/*
 * Send one request and read the reply.  Returns 0 with *reply (and the raw
 * line in *raw), or an exit status after printing why (unless quiet).
 */
static int
cli_request(const char *command, json_t **reply, char **raw, bool quiet)
{
	return (cli_request_args(command, 0, NULL, reply, raw, quiet));
}

/* Send one request with arguments (see cli_request). */
static int
cli_request_args(const char *command, int nargs, char **args, json_t **reply,
    char **raw, bool quiet)
{
	struct sockaddr_un	 sun;
	struct timeval		 tv = { CLI_TIMEOUT, 0 };
	json_error_t		 err;
	json_t			*req;
	char			*line, *buf = NULL;
	size_t			 len = 0, cap = 0;
	ssize_t			 n;
	int			 fd;

	*reply = NULL;
	*raw = NULL;
	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	if (strlen(cli_socket) >= sizeof sun.sun_path) {
		cli_complain(quiet, "ipsecwatch: %s: socket path too long\n",
		    cli_socket);
		return (EXIT_ERROR);
	}
	memcpy(sun.sun_path, cli_socket, strlen(cli_socket) + 1);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1) {
		cli_complain(quiet, "ipsecwatch: socket: %s\n", strerror(errno));
		return (EXIT_ERROR);
	}
	if (connect(fd, (struct sockaddr *)&sun, sizeof sun) == -1) {
		if (errno == ENOENT || errno == ECONNREFUSED)
			cli_complain(quiet, "ipsecwatchd is not running (no socket "
			    "at %s)\n", cli_socket);
		else
			cli_complain(quiet, "ipsecwatch: cannot reach ipsecwatchd "
			    "at %s: %s\n", cli_socket, strerror(errno));
		close(fd);
		return (EXIT_UNREACHABLE);
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);

	req = json_pack("{s:s, s:[]}", "command", command, "args");
	for (int i = 0; i < nargs; i++)
		json_array_append_new(json_object_get(req, "args"),
		    json_string(args[i]));
	line = json_dumps(req, JSON_COMPACT);
	json_decref(req);
	/*
	 * A daemon that refuses us (too many clients) answers and closes at
	 * once: the send fails, but its reason is there to be read.
	 */
	if (line == NULL || send(fd, line, strlen(line), MSG_NOSIGNAL) == -1 ||
	    send(fd, "\n", 1, MSG_NOSIGNAL) == -1) {
		if (line == NULL || (errno != EPIPE && errno != ECONNRESET)) {
			cli_complain(quiet, "ipsecwatch: sending to %s: %s\n",
			    cli_socket, strerror(errno));
			free(line);
			close(fd);
			return (EXIT_UNREACHABLE);
		}
	}
	free(line);

	/* The daemon closes the connection after its one reply line. */
	for (;;) {
		if (len + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 16384;
			buf = xreallocarray(buf, 1, cap);
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n == -1 && errno == EINTR)
			continue;
		/* The reset of a refusal comes after its reply. */
		if (n == -1 && errno == ECONNRESET && len > 0)
			break;
		if (n == -1) {
			cli_complain(quiet, "ipsecwatch: reading from %s: %s\n",
			    cli_socket, errno == EAGAIN ? "timed out" : strerror(errno));
			free(buf);
			close(fd);
			return (EXIT_UNREACHABLE);
		}
		if (n == 0)
			break;
		len += n;
	}
	close(fd);
	if (len == 0) {
		cli_complain(quiet, "ipsecwatch: ipsecwatchd closed the connection "
		    "without a reply\n");
		free(buf);
		return (EXIT_ERROR);
	}
	buf[len] = '\0';
	if ((*reply = json_loads(buf, 0, &err)) == NULL || !json_is_object(*reply)) {
		cli_complain(quiet, "ipsecwatch: unreadable reply from ipsecwatchd: "
		    "%s\n", *reply == NULL ? err.text : "not an object");
		json_decref(*reply);
		*reply = NULL;
		free(buf);
		return (EXIT_ERROR);
	}
	*raw = buf;
	return (0);
}

/*
 * Check a reply: 0 when ok, else print its error (and "errors") and
 * return 1.  With --json the reply was already printed as it came.
 */
static int
cli_check_reply(json_t *reply, const char *command)
{
	json_t		*v, *errs;
	json_int_t	 version;
	size_t		 i;

	v = json_object_get(reply, "version");
	version = json_is_integer(v) ? json_integer_value(v) : 0;
	if (version != CTL_PROTOCOL_VERSION && !cli_json)
		fprintf(stderr, "ipsecwatch: warning: the daemon speaks protocol "
		    "version %lld, this program %d\n", (long long)version,
		    CTL_PROTOCOL_VERSION);
	if (json_is_true(json_object_get(reply, "ok")))
		return (0);
	if (cli_json)
		return (EXIT_ERROR);
	v = json_object_get(reply, "error");
	fprintf(stderr, "ipsecwatch: %s: %s\n", command,
	    json_is_string(v) ? json_string_value(v) : "failed");
	errs = json_object_get(reply, "errors");
	json_array_foreach(errs, i, v)
		if (json_is_string(v))
			fprintf(stderr, "  %s\n", json_string_value(v));
	return (EXIT_ERROR);
}

/* "status": the daemon's state as a table. */
static int
cmd_status(int argc, char **argv)
{
	json_t		*reply, *dm, *lr, *ct;
	char		*raw, buf[256], dur[64];
	const char	*s;
	json_int_t	 uptime;
	int		 r;

	if (argc > 1) {
		if (strcmp(argv[1], "--check") != 0) {
			fprintf(stderr, "usage: ipsecwatch status [--json] [--check]\n");
			return (EXIT_ERROR);
		}
		return (cli_check());
	}
	if ((r = cli_request("status", &reply, &raw, false)) != 0)
		return (r);
	if (cli_json)
		fputs(raw, stdout);
	free(raw);
	if ((r = cli_check_reply(reply, "status")) != 0 || cli_json) {
		json_decref(reply);
		return (r);
	}
	dm = json_object_get(reply, "daemon");
	printf("%sipsecwatchd %s%s, pid %lld\n", cli_paint(C_BOLD),
	    (s = json_string_value(json_object_get(dm, "version"))) ? s : "?",
	    cli_paint(C_OFF),
	    (long long)json_integer_value(json_object_get(dm, "pid")));
	if ((s = json_string_value(json_object_get(dm, "user"))) != NULL)
		cli_row("user", s, NULL);
	uptime = json_integer_value(json_object_get(dm, "uptime"));
	conf_format_duration(uptime, dur, sizeof dur);
	snprintf(buf, sizeof buf, "%s (up %s)",
	    (s = json_string_value(json_object_get(dm, "started_at"))) ? s : "?", dur);
	cli_row("started", buf, NULL);
	if ((s = json_string_value(json_object_get(dm, "config"))) != NULL)
		cli_row("config", s, NULL);
	if ((lr = json_object_get(dm, "last_reload")) != NULL) {
		if (json_is_true(json_object_get(lr, "ok")))
			snprintf(buf, sizeof buf, "%s ok",
			    json_string_value(json_object_get(lr, "at")));
		else
			snprintf(buf, sizeof buf, "%s FAILED (%lld errors; running "
			    "on the previous configuration)",
			    json_string_value(json_object_get(lr, "at")),
			    (long long)json_integer_value(json_object_get(lr, "errors")));
		cli_row("last reload", buf,
		    json_is_true(json_object_get(lr, "ok")) ? C_GREEN : C_RED);
	}
	if (json_integer_value(json_object_get(dm, "watchdog_usec")) > 0) {
		conf_format_duration(json_integer_value(json_object_get(dm,
		    "watchdog_usec")) / 1000000, dur, sizeof dur);
		cli_row("watchdog", dur, NULL);
	} else
		cli_row("watchdog", "off", NULL);
	snprintf(buf, sizeof buf, "%lld",
	    (long long)json_integer_value(json_object_get(dm, "control_clients")));
	if ((ct = json_object_get(reply, "control")) != NULL)
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), " of %lld; "
		    "%lld refused, %lld requests rate limited",
		    (long long)json_integer_value(json_object_get(ct, "max_clients")),
		    (long long)json_integer_value(json_object_get(ct, "refused")),
		    (long long)json_integer_value(json_object_get(ct, "rate_limited")));
	cli_row("clients", buf, NULL);
	cli_status_engine(reply);
	json_decref(reply);
	return (0);
}

/* "reload": reload the daemon's config and report the result. */
static int
cmd_reload(int argc, char **argv)
{
	json_t	*reply;
	char	*raw;
	int	 r;

	if ((r = cli_request("reload", &reply, &raw, false)) != 0)
		return (r);
	if (cli_json)
		fputs(raw, stdout);
	free(raw);
	r = cli_check_reply(reply, "reload");
	if (r == 0 && !cli_json)
		printf("configuration reloaded\n");
	json_decref(reply);
	return (r);
}

/* "help [command]". */
static int
cmd_help(int argc, char **argv)
{
	const struct cli_command	*cmd;

	if (argc < 2) {
		usage(stdout);
		return (0);
	}
	if ((cmd = cli_find(argv[1])) == NULL) {
		fprintf(stderr, "ipsecwatch: unknown command \"%s\"\n", argv[1]);
		return (EXIT_ERROR);
	}
	printf("usage: ipsecwatch %s%s%s\n\n%s", cmd->name,
	    cmd->synopsis[0] ? " " : "", cmd->synopsis, cmd->long_help);
	if (cmd->needs_daemon)
		printf("\nTalks to ipsecwatchd (--socket path, default %s); exit "
		    "status 2 when it is not running.\n", DEFAULT_SOCKET);
	return (0);
}

/* Our version and those of the libraries. */
static void
cli_print_versions(void)
{
	printf("ipsecwatch %s\n", PACKAGE_VERSION);
	printf("libevent %s\n", event_get_version());
	printf("libcurl %s\n", curl_version_info(CURLVERSION_NOW)->version);
	printf("libconfig %d.%d.%d\n", LIBCONFIG_VER_MAJOR, LIBCONFIG_VER_MINOR,
	    LIBCONFIG_VER_REVISION);
#if JANSSON_VERSION_HEX >= 0x020d00
	printf("jansson %s\n", jansson_version_str());
#else
	printf("jansson %s\n", JANSSON_VERSION);
#endif
}

/* "version": ours, the libraries', and the daemon's when it answers. */
static int
cmd_version(int argc, char **argv)
{
	json_t		*reply;
	char		*raw;
	const char	*v;

	cli_print_versions();
	/* An absent daemon is an answer here, not an error. */
	if (cli_request("status", &reply, &raw, true) == 0) {
		v = json_string_value(json_object_get(json_object_get(reply,
		    "daemon"), "version"));
		printf("ipsecwatchd %s (running)\n", v ? v : "?");
		json_decref(reply);
		free(raw);
	} else
		printf("ipsecwatchd not reachable at %s\n", cli_socket);
	return (0);
}

/* A time (us since the epoch) as "YYYY-mm-dd HH:MM:SS" UTC, or "-". */
static const char *
cli_time(json_int_t us, char *buf, size_t sz)
{
	struct tm	 tm;
	time_t		 t = (time_t)(us / 1000000);

	if (us <= 0 || gmtime_r(&t, &tm) == NULL)
		snprintf(buf, sz, "-");
	else
		strftime(buf, sz, "%Y-%m-%d %H:%M:%S", &tm);
	return (buf);
}

/* Colour of a tunnel state. */
static const char *
cli_state_color(const char *state)
{
	if (state == NULL)
		return (NULL);
	if (strcmp(state, "up") == 0)
		return (C_GREEN);
	if (strcmp(state, "down") == 0)
		return (C_RED);
	return (NULL);
}

/* The engine's part of "status": inputs, daemons, tunnels, alerts, spool. */
static void
cli_status_engine(json_t *reply)
{
	json_t		*ins, *v, *by, *sp;
	const char	*k, *s;
	char		 buf[512];
	size_t		 i;

	if ((ins = json_object_get(reply, "inputs")) == NULL)
		return;
	printf("\n%sinputs%s\n", cli_paint(C_BOLD), cli_paint(C_OFF));
	printf("  %-16s %-8s %10s %8s %8s %8s  %s\n", "NAME", "HEALTH", "OFFSET",
	    "LINES", "IPSEC", "UNKNOWN", "FILE");
	json_array_foreach(ins, i, v) {
		s = json_string_value(json_object_get(v, "health"));
		printf("  %-16s %s%-8s%s %10lld %8lld %8lld %8lld  %s%s%s\n",
		    json_string_value(json_object_get(v, "name")),
		    s != NULL && strcmp(s, "ok") != 0 ? cli_paint(C_RED) : "",
		    s != NULL ? s : "?",
		    s != NULL && strcmp(s, "ok") != 0 ? cli_paint(C_OFF) : "",
		    (long long)json_integer_value(json_object_get(v, "offset")),
		    (long long)json_integer_value(json_object_get(v, "lines")),
		    (long long)json_integer_value(json_object_get(v, "ipsec_lines")),
		    (long long)json_integer_value(json_object_get(v, "unrecognized")),
		    json_string_value(json_object_get(v, "current")),
		    *json_string_value(json_object_get(v, "reason")) ? ": " : "",
		    json_string_value(json_object_get(v, "reason")));
	}
	printf("\n");
	buf[0] = '\0';
	json_array_foreach(json_object_get(reply, "ike_daemons"), i, v)
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s",
		    i > 0 ? ", " : "", json_string_value(v));
	cli_row("IKE daemons", buf[0] ? buf : "none seen yet", NULL);
	v = json_object_get(reply, "tunnels");
	snprintf(buf, sizeof buf, "%lld",
	    (long long)json_integer_value(json_object_get(v, "count")));
	by = json_object_get(v, "by_state");
	json_object_foreach(by, k, v)
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s %lld %s",
		    strlen(buf) > 3 ? "," : " (", (long long)json_integer_value(v), k);
	if (json_object_size(by) > 0)
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), ")");
	cli_row("tunnels", buf, NULL);
	snprintf(buf, sizeof buf, "%lld",
	    (long long)json_integer_value(json_object_get(reply, "alerts_firing")));
	cli_row("alerts firing", buf,
	    json_integer_value(json_object_get(reply, "alerts_firing")) > 0 ?
	    C_RED : NULL);
	sp = json_object_get(reply, "spool");
	json_object_foreach(sp, k, v) {
		char key[64];

		snprintf(key, sizeof key, "receiver %s", k);
		snprintf(buf, sizeof buf, "%lld queued, %lld delivered, %lld failed, "
		    "%lld waiting%s%s",
		    (long long)json_integer_value(json_object_get(v, "queued")),
		    (long long)json_integer_value(json_object_get(v, "delivered")),
		    (long long)json_integer_value(json_object_get(v, "failed")),
		    (long long)json_integer_value(json_object_get(v, "pending")),
		    *json_string_value(json_object_get(v, "last_error")) ?
		    "; last error: " : "",
		    json_string_value(json_object_get(v, "last_error")));
		cli_row(key, buf, NULL);
	}
}

/*
 * "status --check": one line and the Nagios/Icinga exit status.
 * CRITICAL: a critical alert fires or an input is stalled; WARNING: a
 * warning alert fires or an input waits for its file; silenced and
 * inhibited alerts do not count; UNKNOWN: no (valid) answer.
 */
static int
cli_check(void)
{
	json_t		*st, *al, *v;
	char		*raw, crit[512] = "", warn[512] = "";
	const char	*s, *tun;
	size_t		 i, ncrit = 0, nwarn = 0;
	int		 k;

	if (cli_request("status", &st, &raw, true) != 0) {
		printf("IPSECWATCH UNKNOWN - ipsecwatchd does not answer at %s\n",
		    cli_socket);
		return (3);
	}
	free(raw);
	if (cli_request("alerts", &al, &raw, true) != 0 ||
	    !json_is_true(json_object_get(st, "ok")) ||
	    !json_is_true(json_object_get(al, "ok"))) {
		printf("IPSECWATCH UNKNOWN - ipsecwatchd gave no status\n");
		json_decref(st);
		return (3);
	}
	free(raw);
	json_array_foreach(json_object_get(st, "inputs"), i, v) {
		s = json_string_value(json_object_get(v, "health"));
		if (s != NULL && strcmp(s, "stalled") == 0) {
			ncrit++;
			snprintf(crit + strlen(crit), sizeof crit - strlen(crit),
			    "%sinput %s stalled", ncrit > 1 ? ", " : "",
			    json_string_value(json_object_get(v, "name")));
		} else if (s != NULL && strcmp(s, "waiting") == 0) {
			nwarn++;
			snprintf(warn + strlen(warn), sizeof warn - strlen(warn),
			    "%sinput %s waiting", nwarn > 1 ? ", " : "",
			    json_string_value(json_object_get(v, "name")));
		}
	}
	json_array_foreach(json_object_get(al, "alerts"), i, v) {
		if (!json_is_true(json_object_get(v, "firing")) ||
		    json_is_true(json_object_get(v, "silenced")) ||
		    json_is_true(json_object_get(v, "inhibited")))
			continue;
		if ((k = iw_alert_kind_from_name(json_string_value(
		    json_object_get(v, "kind")))) == -1)
			continue;
		tun = json_string_value(json_object_get(v, "tunnel"));
		if (iw_alert_kind_severity(k) == IW_SEV_CRITICAL) {
			ncrit++;
			snprintf(crit + strlen(crit), sizeof crit - strlen(crit),
			    "%s%s %s", ncrit > 1 ? ", " : "", iw_alert_kind_name(k),
			    tun != NULL && *tun ? tun : "");
		} else if (iw_alert_kind_severity(k) == IW_SEV_WARNING) {
			nwarn++;
			snprintf(warn + strlen(warn), sizeof warn - strlen(warn),
			    "%s%s %s", nwarn > 1 ? ", " : "", iw_alert_kind_name(k),
			    tun != NULL && *tun ? tun : "");
		}
	}
	v = json_object_get(st, "tunnels");
	if (ncrit > 0)
		printf("IPSECWATCH CRITICAL - %s%s%s\n", crit, nwarn ? "; " : "",
		    warn);
	else if (nwarn > 0)
		printf("IPSECWATCH WARNING - %s\n", warn);
	else
		printf("IPSECWATCH OK - %lld tunnel(s), no alert firing\n",
		    (long long)json_integer_value(json_object_get(v, "count")));
	json_decref(st);
	json_decref(al);
	return (ncrit > 0 ? 2 : nwarn > 0 ? 1 : 0);
}

/*
 * Send a command with its arguments; print the raw reply with --json.
 * Returns 0 with *reply when the reply is ok and not --json, else the exit
 * status (and *reply NULL).
 */
static int
cli_simple(const char *command, int argc, char **argv, json_t **reply)
{
	char	*raw;
	int	 r;

	*reply = NULL;
	if ((r = cli_request_args(command, argc, argv, reply, &raw, false)) != 0)
		return (r);
	if (cli_json)
		printf("%s", raw);
	free(raw);
	if ((r = cli_check_reply(*reply, command)) != 0 || cli_json) {
		json_decref(*reply);
		*reply = NULL;
		return (r);
	}
	return (0);
}

/* "tunnels": one row per tunnel. */
static int
cmd_tunnels(int argc, char **argv)
{
	json_t		*reply, *v, *errs, *e;
	char		 t1[32], t2[32], t3[32], t4[32], eb[256];
	const char	*k, *st;
	size_t		 i;
	int		 r;

	if ((r = cli_simple("tunnels", argc - 1, argv + 1, &reply)) != 0 ||
	    reply == NULL)
		return (r);
	printf("%-24s %-11s %-19s %-19s %-19s %-19s %s\n", "TUNNEL", "STATE",
	    "SINCE", "LAST ESTABLISHED", "LAST REKEY", "REKEY DEADLINE", "ERRORS");
	json_array_foreach(json_object_get(reply, "tunnels"), i, v) {
		eb[0] = '\0';
		errs = json_object_get(v, "errors");
		json_object_foreach(errs, k, e)
			snprintf(eb + strlen(eb), sizeof eb - strlen(eb), "%s%s=%lld",
			    eb[0] ? " " : "", k, (long long)json_integer_value(e));
		st = json_string_value(json_object_get(v, "state"));
		printf("%-24s %s%-11s%s %-19s %-19s %-19s %-19s %s\n",
		    json_string_value(json_object_get(v, "name")),
		    cli_state_color(st) ? cli_paint(cli_state_color(st)) : "", st,
		    cli_state_color(st) ? cli_paint(C_OFF) : "",
		    cli_time(json_integer_value(json_object_get(v, "since_us")), t1,
		    sizeof t1),
		    cli_time(json_integer_value(json_object_get(v, "last_up_us")), t2,
		    sizeof t2),
		    cli_time(json_integer_value(json_object_get(v, "last_rekey_us")),
		    t3, sizeof t3),
		    cli_time(json_integer_value(json_object_get(v,
		    "next_rekey_deadline_us")), t4, sizeof t4),
		    eb[0] ? eb : "-");
	}
	json_decref(reply);
	return (0);
}

/* Print a multi-line text indented. */
static void
cli_indented(const char *prefix, const char *text)
{
	const char	*nl;

	while (text != NULL && *text != '\0') {
		nl = strchr(text, '\n');
		printf("%s%.*s\n", prefix, nl ? (int)(nl - text) : (int)strlen(text),
		    text);
		text = nl ? nl + 1 : NULL;
	}
}

/* "show NAME": one tunnel in detail. */
static int
cmd_show(int argc, char **argv)
{
	json_t		*reply, *t, *v, *rv;
	char		 b[256], tb[32];
	const char	*k, *st;
	size_t		 i;
	int		 r;

	if ((r = cli_simple("show", argc - 1, argv + 1, &reply)) != 0 ||
	    reply == NULL)
		return (r);
	t = json_object_get(reply, "tunnel");
	st = json_string_value(json_object_get(t, "state"));
	printf("%stunnel %s%s\n", cli_paint(C_BOLD),
	    json_string_value(json_object_get(t, "name")), cli_paint(C_OFF));
	cli_row("state", st, cli_state_color(st));
	cli_row("since", cli_time(json_integer_value(json_object_get(t,
	    "since_us")), tb, sizeof tb), NULL);
	cli_row("connection", json_string_value(json_object_get(t, "conn")), NULL);
	cli_row("peer", *json_string_value(json_object_get(t, "peer")) ?
	    json_string_value(json_object_get(t, "peer")) : "unknown", NULL);
	cli_row("daemon", json_string_value(json_object_get(t, "daemon")), NULL);
	cli_row("established", cli_time(json_integer_value(json_object_get(t,
	    "last_up_us")), tb, sizeof tb), NULL);
	cli_row("last rekey", cli_time(json_integer_value(json_object_get(t,
	    "last_rekey_us")), tb, sizeof tb), NULL);
	cli_row("rekey due", cli_time(json_integer_value(json_object_get(t,
	    "next_rekey_deadline_us")), tb, sizeof tb), NULL);
	snprintf(b, sizeof b, "%lld IKE, %lld Child",
	    (long long)json_integer_value(json_object_get(t, "live_ike_sas")),
	    (long long)json_integer_value(json_object_get(t, "live_child_sas")));
	cli_row("live SAs", b, NULL);
	snprintf(b, sizeof b, "phase 1 up %lld, phase 2 up %lld, rekeys %lld, "
	    "downs %lld",
	    (long long)json_integer_value(json_object_get(t, "phase1_up")),
	    (long long)json_integer_value(json_object_get(t, "phase2_up")),
	    (long long)json_integer_value(json_object_get(t, "rekeys")),
	    (long long)json_integer_value(json_object_get(t, "downs")));
	cli_row("counts", b, NULL);
	json_object_foreach(json_object_get(t, "errors"), k, v) {
		snprintf(b, sizeof b, "%s x%lld", k, (long long)json_integer_value(v));
		cli_row("error", b, C_RED);
	}
	printf("\n%shistory%s\n", cli_paint(C_BOLD), cli_paint(C_OFF));
	json_array_foreach(json_object_get(t, "history"), i, v)
		printf("  %s  %s\n", cli_time(json_integer_value(json_object_get(v,
		    "at_us")), tb, sizeof tb),
		    json_string_value(json_object_get(v, "state")));
	printf("\n%salerts%s\n", cli_paint(C_BOLD), cli_paint(C_OFF));
	json_array_foreach(json_object_get(t, "alerts"), i, v) {
		printf("  %s %s%s%s: %s\n",
		    json_is_true(json_object_get(v, "firing")) ? "FIRING" :
		    "resolved", json_string_value(json_object_get(v, "kind")),
		    json_is_true(json_object_get(v, "silenced")) ? " (silenced)" : "",
		    json_is_true(json_object_get(v, "inhibited")) ? " (inhibited)" :
		    "", json_string_value(json_object_get(v, "summary")));
		json_object_foreach(json_object_get(v, "receivers"), k, rv) {
			if (!json_is_true(json_object_get(rv, "routed")))
				continue;
			printf("    %-12s firing %s, resolved %s\n", k,
			    json_is_true(json_object_get(rv, "sent_firing")) ? "sent" :
			    "not sent",
			    json_is_true(json_object_get(rv, "sent_resolved")) ?
			    "sent" : "not sent");
		}
	}
	printf("\n%srecent log lines%s\n", cli_paint(C_BOLD), cli_paint(C_OFF));
	json_array_foreach(json_object_get(t, "log"), i, v)
		printf("  %s\n", json_string_value(v));
	json_object_foreach(json_object_get(t, "explanations"), k, v) {
		printf("\n%s%s%s: %s\n", cli_paint(C_BOLD), k, cli_paint(C_OFF),
		    json_string_value(json_object_get(v, "title")));
		cli_indented("  ", json_string_value(json_object_get(v, "meaning")));
		printf("  Likely causes:\n");
		cli_indented("    - ", json_string_value(json_object_get(v, "causes")));
		printf("  What to check:\n");
		cli_indented("    - ", json_string_value(json_object_get(v, "checks")));
	}
	json_decref(reply);
	return (0);
}

/* "alerts": firing and recently resolved alerts, and the silences. */
static int
cmd_alerts(int argc, char **argv)
{
	json_t		*reply, *v;
	char		 tb[32];
	const char	*tun;
	size_t		 i;
	int		 r;

	if ((r = cli_simple("alerts", argc - 1, argv + 1, &reply)) != 0 ||
	    reply == NULL)
		return (r);
	printf("%-9s %-20s %-24s %-19s %s\n", "STATE", "KIND", "TUNNEL", "SINCE",
	    "SUMMARY");
	json_array_foreach(json_object_get(reply, "alerts"), i, v) {
		bool firing = json_is_true(json_object_get(v, "firing"));

		tun = json_string_value(json_object_get(v, "tunnel"));
		printf("%s%-9s%s %-20s %-24s %-19s %s%s\n",
		    firing ? cli_paint(C_RED) : cli_paint(C_GREEN),
		    firing ? (json_is_true(json_object_get(v, "silenced")) ?
		    "silenced" : "firing") : "resolved", cli_paint(C_OFF),
		    json_string_value(json_object_get(v, "kind")),
		    tun != NULL && *tun ? tun : "-",
		    cli_time(json_integer_value(json_object_get(v, "started_us")), tb,
		    sizeof tb), json_string_value(json_object_get(v, "summary")),
		    json_is_true(json_object_get(v, "inhibited")) ? " (inhibited)" :
		    "");
	}
	if (json_array_size(json_object_get(reply, "silences")) > 0) {
		char *s = json_dumps(json_object_get(reply, "silences"), JSON_INDENT(2));

		printf("\nsilences:\n%s\n", s != NULL ? s : "");
		free(s);
	}
	json_decref(reply);
	return (0);
}

/* "silence PATTERN|KIND DURATION [COMMENT]". */
static int
cmd_silence(int argc, char **argv)
{
	json_t	*reply;
	int	 r;

	if ((r = cli_simple("silence", argc - 1, argv + 1, &reply)) != 0 ||
	    reply == NULL)
		return (r);
	printf("silence %s added\n", json_string_value(json_object_get(reply, "id")));
	json_decref(reply);
	return (0);
}

/* "unsilence ID". */
static int
cmd_unsilence(int argc, char **argv)
{
	json_t	*reply;
	int	 r;

	if ((r = cli_simple("unsilence", argc - 1, argv + 1, &reply)) != 0 ||
	    reply == NULL)
		return (r);
	printf("silence %s removed\n", argv[1]);
	json_decref(reply);
	return (0);
}

/* "test-alert RECEIVER". */
static int
cmd_test_alert(int argc, char **argv)
{
	json_t		*reply;
	const char	*res;
	int		 r;

	if ((r = cli_simple("test-alert", argc - 1, argv + 1, &reply)) != 0 ||
	    reply == NULL)
		return (r);
	res = json_string_value(json_object_get(reply, "result"));
	printf("test notification delivered to %s%s%s\n", argv[1],
	    res != NULL && *res ? ": " : "", res != NULL ? res : "");
	json_decref(reply);
	return (0);
}

/* "metrics": the Prometheus text as the daemon made it. */
static int
cmd_metrics(int argc, char **argv)
{
	json_t	*reply;
	int	 r;

	if ((r = cli_simple("metrics", argc - 1, argv + 1, &reply)) != 0 ||
	    reply == NULL)
		return (r);
	fputs(json_string_value(json_object_get(reply, "text")), stdout);
	json_decref(reply);
	return (0);
}

/* Global options, then the command from the table. */
int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "socket",	required_argument,	NULL, 's' },
		{ "json",	no_argument,		NULL, 'j' },
		{ "version",	no_argument,		NULL, 'V' },
		{ "help",	no_argument,		NULL, 'h' },
		{ NULL,		0,			NULL, 0 }
	};
	const struct cli_command	*cmd;
	const char			*env, *nc;
	const char			**args;
	int				 ch, i, n;

	cli_socket = (env = getenv("IPSECWATCH_SOCKET")) != NULL && *env != '\0' ?
	    env : DEFAULT_SOCKET;
	/* "+": options after the command name belong to the command. */
	while ((ch = getopt_long(argc, argv, "+hjs:V", longopts, NULL)) != -1) {
		switch (ch) {
		case 's':
			cli_socket = optarg;
			break;
		case 'j':
			cli_json = true;
			break;
		case 'V':
			cli_print_versions();
			return (0);
		case 'h':
			usage(stdout);
			return (0);
		default:
			usage(stderr);
			return (EXIT_ERROR);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0) {
		usage(stderr);
		return (EXIT_ERROR);
	}
	if ((cmd = cli_find(argv[0])) == NULL) {
		fprintf(stderr, "ipsecwatch: unknown command \"%s\"; see "
		    "\"ipsecwatch help\"\n", argv[0]);
		return (EXIT_ERROR);
	}
	nc = getenv("NO_COLOR");
	cli_color = isatty(STDOUT_FILENO) && (nc == NULL || *nc == '\0');

	/* Rebuild argv for the handler: name first, then its arguments. */
	args = xcalloc(argc + 2, sizeof *args);
	n = 0;
	args[n++] = argv[0];
	if (!cmd->needs_daemon && cli_json)
		args[n++] = "--json";	/* offline commands parse it themselves */
	for (i = 1; i < argc; i++) {
		if (cmd->needs_daemon && strcmp(argv[i], "--json") == 0)
			cli_json = true;
		else if (cmd->needs_daemon && strcmp(argv[i], "--socket") == 0 &&
		    i + 1 < argc)
			cli_socket = argv[++i];
		else if (cmd->needs_daemon && strncmp(argv[i], "--socket=", 9) == 0)
			cli_socket = argv[i] + 9;
		else
			args[n++] = argv[i];
	}
	args[n] = NULL;
	if (cmd->needs_daemon || !cli_json) {
		if (n - 1 < cmd->min_args ||
		    (cmd->max_args >= 0 && n - 1 > cmd->max_args)) {
			fprintf(stderr, "usage: ipsecwatch %s%s%s\n", cmd->name,
			    cmd->synopsis[0] ? " " : "", cmd->synopsis);
			free(args);
			return (EXIT_ERROR);
		}
	}
	optind = 1;	/* the handler may run getopt on its own argv */
	ch = cmd->fn(n, (char **)args);
	free(args);
	return (ch);
}
