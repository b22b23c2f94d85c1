/*
 * iw-follow - follow inputs with the input module and print every line.
 *
 * The stand-in reader of the input tests until the daemon integrates the
 * module.  Each delivered line is written as "NAME<TAB>LINE".  With --state
 * the positions are saved every --save-ms milliseconds and on SIGTERM, in
 * the same atomic write as the length of the output file: a restart after
 * SIGKILL cuts the output back to that length and resumes at the saved
 * positions, so the output holds every line exactly once, which is what
 * the daemon does with its tunnel state.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>
#include <jansson.h>

#include "causes.h"
#include "input.h"
#include "log.h"
#include "state.h"
#include "xmalloc.h"

static struct input	**inputs;
static size_t		  n_inputs;
static FILE		 *out;
static struct state	 *state;
static const char	 *state_path;
static const char	 *stats_path;
static bool		  print_fields;

static void	usage(void) __attribute__((noreturn));
static void	save(void);
static void	write_stats(void);
static void	on_line(struct input *, const struct input_line *, void *);
static void	on_health(struct input *, enum input_health, const char *, void *);
static void	on_save(evutil_socket_t, short, void *);
static void	on_term(evutil_socket_t, short, void *);
static void	on_usr1(evutil_socket_t, short, void *);

/* Print the usage and fail. */
static void
usage(void)
{
	fprintf(stderr, "usage: iw-follow [--file PATH]... [--journal-dir DIR "
	    "[--identifier ID]... [--unit UNIT]...]\n"
	    "\t[--state FILE] [--save-ms N] [--out FILE] [--stats FILE] "
	    "[--from-beginning]\n\t[--poll SECONDS] [--rotate-wait SECONDS] "
	    "[--fields] [--debug]\n");
	exit(2);
}

/* Write one delivered line. */
static void
on_line(struct input *in, const struct input_line *l, void *arg)
{
	fprintf(out, "%s\t%.*s", input_name(in), (int)l->len, l->line);
	if (print_fields && l->jf != NULL)
		fprintf(out, "\tident=%.*s pid=%u ts=%lld sa=%.*s uid=%.*s",
		    (int)l->jf->identifier_len, l->jf->identifier ? l->jf->identifier : "",
		    l->jf->pid, (long long)l->jf->ts_us,
		    (int)l->jf->ike_sa_name_len, l->jf->ike_sa_name ? l->jf->ike_sa_name : "",
		    (int)l->jf->ike_sa_uid_len, l->jf->ike_sa_uid ? l->jf->ike_sa_uid : "");
	fputc('\n', out);
}

/* Report health changes on stderr (the daemon raises input_stalled here). */
static void
on_health(struct input *in, enum input_health h, const char *reason, void *arg)
{
	fprintf(stderr, "iw-follow: input %s: %s%s%s\n", input_name(in),
	    input_health_name(h), reason[0] ? ": " : "", reason);
}

/* Write the statistics of every input as JSON (atomically). */
static void
write_stats(void)
{
	const struct input_stats	*st;
	json_t				*a;
	char				*tmp;
	size_t				 i;

	if (stats_path == NULL)
		return;
	a = json_array();
	for (i = 0; i < n_inputs; i++) {
		st = input_get_stats(inputs[i]);
		json_array_append_new(a, json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:I, "
		    "s:I, s:I, s:s, s:s, s:s, s:I}",
		    "name", input_name(inputs[i]),
		    "lines", (json_int_t)st->lines, "bytes", (json_int_t)st->bytes,
		    "cut", (json_int_t)st->cut, "rotations", (json_int_t)st->rotations,
		    "truncations", (json_int_t)st->truncations,
		    "recovered", (json_int_t)st->recovered,
		    "overflows", (json_int_t)st->overflows, "errors", (json_int_t)st->errors,
		    "health", input_health_name(st->health), "reason", st->reason,
		    "current", st->current, "offset", (json_int_t)st->offset));
	}
	xasprintf(&tmp, "%s.tmp", stats_path);
	if (json_dump_file(a, tmp, JSON_INDENT(1)) == 0)
		rename(tmp, stats_path);
	free(tmp);
	json_decref(a);
}

/* Save the output length and every input's positions in one atomic write. */
static void
save(void)
{
	struct input_positions	 ps;
	struct causes		 c;
	long			 len;
	size_t			 i;

	fflush(out);
	if (state == NULL) {
		write_stats();
		return;
	}
	len = ftell(out);
	if (len >= 0)
		state_set(state, "iw-follow", json_pack("{s:I}", "out_len", (json_int_t)len));
	for (i = 0; i < n_inputs; i++) {
		input_get_positions(inputs[i], &ps);
		state_set_input(state, input_name(inputs[i]), input_kind(inputs[i]), &ps);
		input_positions_free(&ps);
	}
	causes_init(&c);
	if (state_save(state, state_path, &c) == -1)
		for (i = 0; i < c.n; i++)
			log_warnx("%s", c.msg[i]);
	causes_free(&c);
	/* After the state: the tests take the stats file as "state saved". */
	write_stats();
}

/* The periodic save. */
static void
on_save(evutil_socket_t fd, short what, void *arg)
{
	save();
}

/* SIGTERM/SIGINT: save and leave the loop. */
static void
on_term(evutil_socket_t fd, short what, void *arg)
{
	event_base_loopbreak(arg);
}

/* SIGUSR1: rescan every input, as after an inotify overflow. */
static void
on_usr1(evutil_socket_t fd, short what, void *arg)
{
	size_t	 i;

	for (i = 0; i < n_inputs; i++)
		input_rescan(inputs[i]);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "file", required_argument, NULL, 'f' },
		{ "journal-dir", required_argument, NULL, 'j' },
		{ "identifier", required_argument, NULL, 'i' },
		{ "unit", required_argument, NULL, 'u' },
		{ "state", required_argument, NULL, 's' },
		{ "save-ms", required_argument, NULL, 'm' },
		{ "out", required_argument, NULL, 'o' },
		{ "stats", required_argument, NULL, 'S' },
		{ "from-beginning", no_argument, NULL, 'b' },
		{ "poll", required_argument, NULL, 'p' },
		{ "rotate-wait", required_argument, NULL, 'r' },
		{ "fields", no_argument, NULL, 'F' },
		{ "debug", no_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 }
	};
	struct event_base		*base;
	struct event			*ev_save, *ev_term, *ev_int, *ev_usr1;
	struct input_options		 opt;
	struct input_journal_config	 jc;
	struct input_positions		 ps, *psp;
	struct causes			 c;
	struct timeval			 tv;
	const char			**files = NULL, **idents = NULL, **units = NULL;
	const char			*jdir = NULL, *out_path = NULL;
	size_t				 nfiles = 0, nidents = 0, nunits = 0, i;
	json_t				*sec;
	long				 save_ms = 200;
	int				 ch, debug = 0, rc = 0;
	struct input			*in;

	memset(&opt, 0, sizeof opt);
	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			files = xreallocarray(files, nfiles + 1, sizeof *files);
			files[nfiles++] = optarg;
			break;
		case 'j':
			jdir = optarg;
			break;
		case 'i':
			idents = xreallocarray(idents, nidents + 1, sizeof *idents);
			idents[nidents++] = optarg;
			break;
		case 'u':
			units = xreallocarray(units, nunits + 1, sizeof *units);
			units[nunits++] = optarg;
			break;
		case 's':
			state_path = optarg;
			break;
		case 'm':
			save_ms = strtol(optarg, NULL, 10);
			break;
		case 'o':
			out_path = optarg;
			break;
		case 'S':
			stats_path = optarg;
			break;
		case 'b':
			opt.from_beginning = true;
			break;
		case 'p':
			opt.poll_interval = atoi(optarg);
			break;
		case 'r':
			opt.rotate_wait = atoi(optarg);
			break;
		case 'F':
			print_fields = true;
			break;
		case 'd':
			debug = 1;
			break;
		default:
			usage();
		}
	}
	if (optind != argc || (nfiles == 0 && jdir == NULL && nidents == 0 && nunits == 0))
		usage();
	log_init(LOG_TO_STDERR, debug, "iw-follow");

	if (state_path != NULL)
		state = state_load(state_path);
	if (out_path != NULL) {
		/* Cut the output back to what the saved positions account for. */
		int	 fd;
		long	 len = 0;

		sec = state ? state_get(state, "iw-follow") : NULL;
		if (sec != NULL && json_is_integer(json_object_get(sec, "out_len")))
			len = json_integer_value(json_object_get(sec, "out_len"));
		fd = open(out_path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
		if (fd == -1 || ftruncate(fd, len) == -1 || lseek(fd, len, SEEK_SET) == -1)
			fatal("%s", out_path);
		if ((out = fdopen(fd, "r+")) == NULL)
			fatal("%s", out_path);
		if (fseek(out, len, SEEK_SET) == -1)
			fatal("%s", out_path);
	} else {
		out = stdout;
		setvbuf(out, NULL, _IOLBF, 0);	/* each line at once (latency bench, pipes) */
	}

	if ((base = event_base_new()) == NULL)
		fatalx("event_base_new");
	/*
	 * Signals first: opening an input may already print lines, and a test
	 * that sends SIGTERM on seeing one must find the handler in place.
	 */
	signal(SIGPIPE, SIG_IGN);
	ev_term = evsignal_new(base, SIGTERM, on_term, base);
	ev_int = evsignal_new(base, SIGINT, on_term, base);
	ev_usr1 = evsignal_new(base, SIGUSR1, on_usr1, NULL);
	evsignal_add(ev_term, NULL);
	evsignal_add(ev_int, NULL);
	evsignal_add(ev_usr1, NULL);
	inputs = xcalloc(nfiles + 1, sizeof *inputs);
	causes_init(&c);
	for (i = 0; i < nfiles; i++) {
		psp = state && state_get_input(state, files[i], &ps) == 0 ? &ps : NULL;
		in = input_file_new(base, files[i], files[i], psp, &opt, on_line, NULL, &c);
		input_positions_free(psp);
		if (in != NULL) {
			input_set_health_cb(in, on_health, NULL);
			inputs[n_inputs++] = in;
		}
	}
	if (jdir != NULL || nidents > 0 || nunits > 0) {
		memset(&jc, 0, sizeof jc);
		jc.identifiers = idents;
		jc.n_identifiers = nidents;
		jc.units = units;
		jc.n_units = nunits;
		jc.dir = jdir;
		psp = state && state_get_input(state, "journal", &ps) == 0 ? &ps : NULL;
		in = input_journal_new(base, "journal", &jc, psp, &opt, on_line, NULL, &c);
		input_positions_free(psp);
		if (in != NULL) {
			input_set_health_cb(in, on_health, NULL);
			inputs[n_inputs++] = in;
		}
	}
	if (c.n > 0) {
		for (i = 0; i < c.n; i++)
			fprintf(stderr, "iw-follow: %s\n", c.msg[i]);
		exit(1);
	}
	causes_free(&c);

	ev_save = event_new(base, -1, EV_PERSIST, on_save, NULL);
	tv.tv_sec = save_ms / 1000;
	tv.tv_usec = (save_ms % 1000) * 1000;
	if (save_ms > 0)
		event_add(ev_save, &tv);
	/* Tell the tests the inputs are set up (watches in place). */
	save();
	fprintf(stderr, "iw-follow: ready\n");

	if (event_base_dispatch(base) == -1)
		rc = 1;
	save();
	for (i = 0; i < n_inputs; i++)
		input_free(inputs[i]);
	free(inputs);
	event_free(ev_save);
	event_free(ev_term);
	event_free(ev_int);
	event_free(ev_usr1);
	event_base_free(base);
	state_free(state);
	if (out != stdout)
		fclose(out);
	free(files);
	free(idents);
	free(units);
	return rc;
}
