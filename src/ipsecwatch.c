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

#include "conf.h"
#include "ctl-protocol.h"
#include "analyze.h"
#include "explain.h"
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
	{ "status", 0, 0, true, cmd_status, "[--json]",
	  "show the state of the running daemon",
	  "Asks ipsecwatchd for its version, pid, uptime and configuration file\n"
	  "and prints them as a table; with --json the daemon's reply is printed\n"
	  "as it came.\n" },
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
static int	cli_check_reply(json_t *, const char *);
static const char *cli_paint(const char *);
static void	cli_row(const char *, const char *, const char *);
static void	cli_print_versions(void);

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
	line = json_dumps(req, JSON_COMPACT);
	json_decref(req);
	if (line == NULL || send(fd, line, strlen(line), MSG_NOSIGNAL) == -1 ||
	    send(fd, "\n", 1, MSG_NOSIGNAL) == -1) {
		cli_complain(quiet, "ipsecwatch: sending to %s: %s\n", cli_socket,
		    strerror(errno));
		free(line);
		close(fd);
		return (EXIT_UNREACHABLE);
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
	json_t		*reply, *dm, *lr;
	char		*raw, buf[256], dur[64];
	const char	*s;
	json_int_t	 uptime;
	int		 r;

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
	cli_row("clients", buf, NULL);
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
