#!/bin/sh
# bench.sh - the figures of "make bench" (never a pass/fail test).
#
# Generates a 1,000,000-line gateway log (tests/bench/gen-log, seed 1) into
# the build tree if it is missing, then measures on the same file, in the
# same run, each as the best of 3:
#   wc -l                      the physical floor (reading the bytes)
#   grep -E 'pluto|charon'     the yardstick the parser must beat
#   bench-parse                parse_line() over every line, in memory
# and prints lines/s and the ratios.  Each measurement is one function
# (bench_*); add new ones (e.g. analyze) the same way and call them at the
# end.  Environment: top_srcdir, top_builddir (set by "make bench"),
# BENCH_LINES (default 1000000), BENCH_LOG (use this file instead).
set -u

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
top_builddir=${top_builddir:-$(pwd)}
bindir=$top_builddir/tests/bench
lines_wanted=${BENCH_LINES:-1000000}
log=${BENCH_LOG:-$bindir/gateway.log}
ROUNDS=3

# Seconds (with fractions) since the epoch, from a clock with ns resolution.
now() {
	date +%s.%N
}

# Best (smallest) wall time of $ROUNDS runs of "$@" with output discarded.
best_of() {
	best=
	i=0
	while [ $i -lt $ROUNDS ]; do
		t0=$(now)
		"$@" > /dev/null
		t1=$(now)
		t=$(echo "$t1 $t0" | awk '{ printf "%.4f", $1 - $2 }')
		if [ -z "$best" ] || awk -v a="$t" -v b="$best" \
		    'BEGIN { exit !(a < b) }'; then
			best=$t
		fi
		i=$((i + 1))
	done
	echo "$best"
}

# lines/s from a line count and seconds.
rate() {
	awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", n / s }'
}

# Generate the benchmark log unless it exists with the wanted size.
bench_prepare() {
	if [ -f "$log" ] && [ "$(wc -l < "$log")" -eq "$lines_wanted" ]; then
		echo "log: $log (existing)"
	else
		"$bindir/gen-log" -n "$lines_wanted" -s 1 "$log" || exit 1
		echo "log: $log (generated)"
	fi
	nlines=$(wc -l < "$log")
	nbytes=$(wc -c < "$log")
	echo "log: $nlines lines, $nbytes bytes"
}

# wc -l: reading the file and counting newlines, the floor.
bench_wc() {
	wc_s=$(best_of wc -l "$log")
	echo "wc -l:   $wc_s s = $(rate "$nlines" "$wc_s") lines/s"
}

# grep -E 'pluto|charon': the cheapest possible IPsec filter.
bench_grep() {
	grep_s=$(best_of grep -E 'pluto|charon' "$log")
	echo "grep -E: $grep_s s = $(rate "$nlines" "$grep_s") lines/s"
}

# The parser alone (bench-parse times itself, file already in memory).
bench_parse() {
	out=$("$bindir/bench-parse" -r "$ROUNDS" "$log") || exit 1
	echo "$out"
	parse_s=$(echo "$out" | sed -n 's/^parse: [0-9]* lines in \([0-9.]*\) s.*/\1/p')
	echo "parse:   $parse_s s = $(rate "$nlines" "$parse_s") lines/s"
	awk -v p="$parse_s" -v g="$grep_s" -v w="$wc_s" 'BEGIN {
		printf "ratio:   parser is %.2fx the speed of grep -E, " \
		    "%.2fx the speed of wc -l\n", g / p, w / p }'
}

bench_prepare
bench_wc
bench_grep
bench_parse
exit 0
