/*
 * bench-parse.c - time the parser over a log file.
 *
 * Usage: bench-parse [-r ROUNDS] FILE
 * The file is read into memory first.  Two measurements, each the best of
 * the rounds (default 3), each round with a fresh parse context, timed
 * with the monotonic clock:
 *	parse: parse_line() over every line, the lines cut beforehand (the
 *	    parser alone: it need not read the rest of a non-IPsec line);
 *	split+parse: finding each newline (memchr) and parse_line(), what
 *	    a reader of the file does, comparable with grep and wc -l.
 * Output lines: "NAME: LINES lines in SECONDS s = RATE lines/s (...)".
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
static double	 run_indexed(const char *, const size_t *, size_t, long *);
static double	 run_split(const char *, size_t, long *);
static void	 report(const char *, size_t, double, int, const long *);

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

/* One round over the pre-cut lines; returns seconds, fills the counts. */
static double
run_indexed(const char *buf, const size_t *start, size_t nlines, long *counts)
{
	struct parse_ctx	*ctx;
	struct iw_event		 ev;
	enum parse_result	 res;
	double			 t0, dt;
	size_t			 i;

	if ((ctx = parse_ctx_new(0, NULL)) == NULL) {
		fprintf(stderr, "parse_ctx_new failed\n");
		exit(1);
	}
	parse_ctx_set_year(ctx, 2026);
	memset(counts, 0, (PARSE_MALFORMED + 1) * sizeof *counts);
	t0 = now_s();
	for (i = 0; i < nlines; i++) {
		res = parse_line(ctx, buf + start[i], start[i + 1] - start[i] - 1,
		    &ev);
		if ((unsigned)res <= PARSE_MALFORMED)
			counts[res]++;
	}
	dt = now_s() - t0;
	parse_ctx_free(ctx);
	return (dt);
}

/* One round finding each newline and parsing; returns seconds. */
static double
run_split(const char *buf, size_t len, long *counts)
{
	struct parse_ctx	*ctx;
	struct iw_event		 ev;
	enum parse_result	 res;
	const char		*p, *end = buf + len, *nl;
	double			 t0, dt;

	if ((ctx = parse_ctx_new(0, NULL)) == NULL) {
		fprintf(stderr, "parse_ctx_new failed\n");
		exit(1);
	}
	parse_ctx_set_year(ctx, 2026);
	memset(counts, 0, (PARSE_MALFORMED + 1) * sizeof *counts);
	t0 = now_s();
	for (p = buf; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		res = parse_line(ctx, p, (size_t)(nl - p), &ev);
		if ((unsigned)res <= PARSE_MALFORMED)
			counts[res]++;
	}
	dt = now_s() - t0;
	parse_ctx_free(ctx);
	return (dt);
}

/* Print one measurement. */
static void
report(const char *name, size_t nlines, double best, int rounds,
    const long *counts)
{
	int	 i;

	printf("%s: %zu lines in %.3f s = %.0f lines/s (best of %d; ", name,
	    nlines, best, (double)nlines / best, rounds);
	for (i = 0; i <= PARSE_MALFORMED; i++)
		printf("%s%s %ld", i ? ", " : "",
		    parse_result_name((enum parse_result)i), counts[i]);
	printf(")\n");
}

/* Read the file, cut it into lines, time both measurements, print them. */
int
main(int argc, char *argv[])
{
	char		*buf;
	const char	*p, *end, *nl;
	size_t		 len, nlines, *start;
	long		 counts[PARSE_MALFORMED + 1];
	long		 best_counts[PARSE_MALFORMED + 1];
	double		 dt, best;
	int		 ch, rounds = 3, r;

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

	/* The line index, built outside the timing. */
	nlines = 0;
	for (p = buf, end = buf + len; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		nlines++;
	}
	if ((start = calloc(nlines + 1, sizeof *start)) == NULL) {
		perror("calloc");
		return (1);
	}
	nlines = 0;
	for (p = buf, end = buf + len; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		start[nlines++] = (size_t)(p - buf);
	}
	/* Where a line after the last would start (past its newline). */
	start[nlines] = len > 0 && buf[len - 1] == '\n' ? len : len + 1;

	best = -1;
	for (r = 0; r < rounds; r++) {
		dt = run_indexed(buf, start, nlines, counts);
		if (best < 0 || dt < best) {
			best = dt;
			memcpy(best_counts, counts, sizeof counts);
		}
	}
	report("parse", nlines, best, rounds, best_counts);

	best = -1;
	for (r = 0; r < rounds; r++) {
		dt = run_split(buf, len, counts);
		if (best < 0 || dt < best) {
			best = dt;
			memcpy(best_counts, counts, sizeof counts);
		}
	}
	report("split+parse", nlines, best, rounds, best_counts);

	free(start);
	free(buf);
	return (0);
usage:
	fprintf(stderr, "usage: bench-parse [-r rounds] file\n");
	return (1);
}
