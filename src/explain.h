/*
 * explain.h - "ipsecwatch explain": what a pasted IPsec log excerpt (or one
 * line) says, in plain words, with the knowledge base's explanation of every
 * error and a verdict per tunnel, in English or German, as text or JSON.
 *
 * Input lines may carry a syslog header (any form the parser knows) or be
 * bare pluto/charon messages; the excerpt may be oldest-first or, as web
 * log viewers show it, newest-first: when the timestamps mostly decrease the
 * lines are processed in reverse, i.e. in chronological order.
 *
 * JSON document (--json), version 1:
 *
 *   {
 *     "version": 1,
 *     "lang": "en" | "de",
 *     "order": "oldest_first" | "newest_first",   as the input was given
 *     "lines": [                                   chronological order
 *       { "n":           input line number (1-based),
 *         "text":        the line as given,
 *         "recognized":  true if the parser produced an event,
 *         "result":      "event" | "not_ipsec" | "unrecognized" |
 *                        "duplicate" | "malformed",
 *         "time":        "YYYY-MM-DDTHH:MM:SSZ" or null,
 *         "event":       event kind ("p1_up", "error", ...) or null,
 *         "daemon":      "pluto" | "charon" | null,
 *         "tunnel":      tunnel key or null,
 *         "sa_kind":     "ike" | "child" | null,
 *         "sa_id":       number or null,
 *         "error":       knowledge-base id or null,
 *         "severity":    "info" | "warning" | "critical" | null,
 *         "title":       error title or null,
 *         "explanation": what the error means, or null,
 *         "causes":      [ likely causes ]   (empty when no error),
 *         "checks":      [ what to check ]   (empty when no error),
 *         "said":        one sentence: what the line says happened } ],
 *     "verdicts": [                                one per tunnel, by name
 *       { "tunnel":  tunnel key ("" for lines that name none),
 *         "state":   "unknown" | "negotiating" | "phase1_up" | "up" | "down",
 *         "error":   knowledge-base id of the decisive error, or null,
 *         "summary": one or two sentences } ]
 *   }
 *
 * Texts ("said", "title", "summary", ...) are in the chosen language.
 */
#ifndef IW_EXPLAIN_H
#define IW_EXPLAIN_H

#include <stddef.h>
#include <stdio.h>

#include "ipsecwatch.h"

struct kb;

/*
 * Explain n lines (NUL-terminated, without newlines, in the order given)
 * and write the result to out.  ref_time is the time year-less timestamps
 * are read against (0 = now).  Returns 0, or -1 if writing failed.
 */
int	explain_run(const struct kb *, const char *const *lines, size_t n,
	    enum iw_lang, int json, long long ref_time, FILE *out);

/*
 * Read lines from a stream (a pasted excerpt) into a NULL-free vector;
 * carriage returns and empty lines are dropped, lines longer than
 * IW_LINE_MAX are cut.  Returns the count; free with explain_free_lines.
 */
size_t	explain_read_lines(FILE *, char ***lines);
void	explain_free_lines(char **, size_t);

/* ipsecwatch explain [--lang en|de] [--json] [LINE ...]: the command. */
int	explain_main(int argc, char **argv);

#endif
