/*
 * bench-parse.c - time the parser over a log file.
 *
 * Usage: bench-parse [-r ROUNDS] FILE
 * The file is read into memory first; each round runs parse_line() over
 * every line with a fresh parse context and is timed with the monotonic
 * clock.  The best of the rounds (default 3) is printed as
 *	parse: LINES lines in SECONDS s = LINES_PER_S lines/s (EVENTS events, ...)
 * This is a benchmark: it prints figures and never fails on speed.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ipsecwatch.h"
#include "parse.h"

static double	 now_s(void);
static int	 slurp(const char *, char **, size_t *);

/* Seconds on the monotonic clock. */
static double
now_s(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((double)ts.tv_sec + (double)ts.tv_nsec / 1e9);
}

/* Read a whole file into memory; -1 on error. */
static int
slurp(const char *path, char **buf, size_t *len)
{
	FILE	*f;
	char	*b = NULL;
	size_t	 cap = 0, n = 0, r;

	if ((f = fopen(path, "rb")) == NULL) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return (-1);
	}
	for (;;) {
		if (cap - n < (1 << 20)) {
			cap = cap ? cap * 2 : (1 << 24);
			if ((b = realloc(b, cap)) == NULL) {
				perror("realloc");
				exit(1);
			}
		}
		if ((r = fread(b + n, 1, cap - n, f)) == 0)
			break;
		n += r;
	}
	if (ferror(f)) {
		fprintf(stderr, "%s: read error\n", path);
		fclose(f);
		free(b);
		return (-1);
	}
	fclose(f);
	*buf = b;
	*len = n;
	return (0);
}

int
main(int argc, char *argv[])
{
	struct parse_ctx	*ctx;
	struct iw_event		 ev;
	char			*buf;
	const char		*p, *end, *nl;
	size_t			 len;
	long			 lines, counts[PARSE_MALFORMED + 1], best_counts[PARSE_MALFORMED + 1];
	double			 t0, dt, best = -1;
	int			 ch, rounds = 3, r, i;
	enum parse_result	 res;

	while ((ch = getopt(argc, argv, "r:")) != -1) {
		switch (ch) {
		case 'r':
			rounds = atoi(optarg);
			break;
		default:
			goto usage;
		}
	}
	if (argc - optind != 1 || rounds < 1)
		goto usage;
	if (slurp(argv[optind], &buf, &len) == -1)
		return (1);

	lines = 0;
	for (r = 0; r < rounds; r++) {
		if ((ctx = parse_ctx_new(0, NULL)) == NULL) {
			fprintf(stderr, "parse_ctx_new failed\n");
			return (1);
		}
		parse_ctx_set_year(ctx, 2026);
		memset(counts, 0, sizeof counts);
		lines = 0;
		t0 = now_s();
		for (p = buf, end = buf + len; p < end; p = nl + 1) {
			if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
				nl = end;
			res = parse_line(ctx, p, (size_t)(nl - p), &ev);
			if ((unsigned)res <= PARSE_MALFORMED)
				counts[res]++;
			lines++;
		}
		dt = now_s() - t0;
		parse_ctx_free(ctx);
		if (best < 0 || dt < best) {
			best = dt;
			memcpy(best_counts, counts, sizeof counts);
		}
	}
	printf("parse: %ld lines in %.3f s = %.0f lines/s (best of %d; ",
	    lines, best, (double)lines / best, rounds);
	for (i = 0; i <= PARSE_MALFORMED; i++)
		printf("%s%s %ld", i ? ", " : "",
		    parse_result_name((enum parse_result)i), best_counts[i]);
	printf(")\n");
	free(buf);
	return (0);
usage:
	fprintf(stderr, "usage: bench-parse [-r rounds] file\n");
	return (1);
}
