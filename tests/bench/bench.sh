#!/bin/sh
# bench.sh - the figures of "make bench" (never a pass/fail test).
#
# Generates a 1,000,000-line gateway log (tests/bench/gen-log, seed 1) into
# the build tree if it is missing, then measures on the same file, in the
# same run, each as the best of 3:
#   wc -l                      the physical floor (reading the bytes)
#   grep -E 'pluto|charon'     the yardstick the parser must beat
#   bench-parse                parse_line() over every line, in memory
#   analyze                    the whole engine over the file, and its
#                              peak RSS; then peak RSS with 10,000 tunnels
#                              (tests/bench/gen-tunnels)
#   follow                     ipsecwatchd's append->processed latency and
#                              idle wake-ups (tests/bench/bench-follow.sh)
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

# Best (smallest) wall time of $ROUNDS runs of "$@", its output written to
# the file $1 (not /dev/null: GNU grep notices /dev/null and stops reading
# at the first match).
best_of() {
	out=$1
	shift
	best=
	i=0
	while [ $i -lt $ROUNDS ]; do
		t0=$(now)
		"$@" > "$out"
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
	wc_s=$(best_of "$tmp" wc -l "$log")
	echo "wc -l:   $wc_s s = $(rate "$nlines" "$wc_s") lines/s"
}

# grep -E 'pluto|charon': the cheapest possible IPsec filter.  Its matches
# go to a file; "> /dev/null" is measured too, but only for the record:
# GNU grep then exits at the first match without reading the file.
bench_grep() {
	grep_s=$(best_of "$tmp" grep -E 'pluto|charon' "$log")
	echo "grep -E: $grep_s s = $(rate "$nlines" "$grep_s") lines/s" \
	    "(matches written to a file: $(wc -l < "$tmp") lines)"
	t=$(best_of /dev/null grep -E 'pluto|charon' "$log")
	echo "grep -E > /dev/null: $t s (stops at the first match; not used" \
	    "for the ratio)"
}

# The parser (bench-parse times itself, the file already in memory): alone
# over pre-cut lines, and with the newline search a file reader needs.
bench_parse() {
	out=$("$bindir/bench-parse" -r "$ROUNDS" "$log") || exit 1
	echo "$out"
	parse_s=$(echo "$out" | sed -n 's/^parse: [0-9]* lines in \([0-9.]*\) s.*/\1/p')
	split_s=$(echo "$out" | sed -n 's/^split+parse: [0-9]* lines in \([0-9.]*\) s.*/\1/p')
	awk -v p="$parse_s" -v s="$split_s" -v g="$grep_s" -v w="$wc_s" 'BEGIN {
		printf "ratio:   parse_line alone %.2fx the speed of grep -E, " \
		    "%.2fx wc -l\n", g / p, w / p
		printf "ratio:   split+parse      %.2fx the speed of grep -E, " \
		    "%.2fx wc -l\n", g / s, w / s }'
}

# Peak RSS in kB and wall seconds of one run of "$@" (stdout discarded),
# as "KB SECONDS"; GNU time if there is one, else Python's getrusage.
peak_rss() {
	if [ -x /usr/bin/time ] && /usr/bin/time -f '%M %e' true >/dev/null 2>&1; then
		/usr/bin/time -f '%M %e' -o "$bindir/time.out" "$@" > /dev/null
		tail -n 1 "$bindir/time.out"
		rm -f "$bindir/time.out"
	else
		python3 -c 'import resource, subprocess, sys, time
t = time.time()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    "%.2f" % (time.time() - t))' "$@"
	fi
}

# Best of $ROUNDS runs of "$@" with stdout into a file (not /dev/null: GNU
# grep stops at the first match when its output is /dev/null), as
# "WALL CPU" seconds, CPU = user + system, by GNU time.
best_cpu_of() {
	bw=
	bc=
	i=0
	while [ $i -lt $ROUNDS ]; do
		/usr/bin/time -f '%e %U %S' -o "$bindir/time.out" "$@" \
		    > "$bindir/bench.out"
		w=$(awk '{ print $1 }' "$bindir/time.out" | tail -n 1)
		c=$(awk '{ printf "%.2f", $2 + $3 }' "$bindir/time.out" | tail -n 1)
		if [ -z "$bw" ] || awk -v a="$w" -v b="$bw" 'BEGIN { exit !(a < b) }'; then
			bw=$w
		fi
		if [ -z "$bc" ] || awk -v a="$c" -v b="$bc" 'BEGIN { exit !(a < b) }'; then
			bc=$c
		fi
		i=$((i + 1))
	done
	rm -f "$bindir/time.out" "$bindir/bench.out"
	echo "$bw $bc"
}

# ipsecwatch analyze over the same log: the whole engine (read, parse,
# track, report), against grep -E on the same file in the same run, both
# writing their output to a file; wall time and CPU time (the machine may
# be busy: CPU time is the steadier figure).
analyze_bin=$top_builddir/src/ipsecwatch
bench_analyze() {
	export TZ=UTC
	export IPSECWATCH_KB="${IPSECWATCH_KB:-$top_srcdir/data/kb.conf}"
	if ! [ -x /usr/bin/time ] || ! /usr/bin/time -f '%e' true >/dev/null 2>&1; then
		analyze_s=$(best_of "$tmp" "$analyze_bin" analyze --year 2026 "$log")
		echo "analyze: $analyze_s s = $(rate "$nlines" "$analyze_s") lines/s" \
		    "(no GNU time: no CPU figures)"
		return
	fi
	set -- $(best_cpu_of grep -E 'pluto|charon' "$log")
	gw=$1 gc=$2
	set -- $(best_cpu_of "$analyze_bin" analyze --year 2026 "$log")
	aw=$1 ac=$2
	echo "grep -E > file: $gw s wall, $gc s CPU = $(rate "$nlines" "$gw") lines/s"
	echo "analyze:        $aw s wall, $ac s CPU = $(rate "$nlines" "$aw") lines/s"
	awk -v aw="$aw" -v ac="$ac" -v gw="$gw" -v gc="$gc" 'BEGIN {
		printf "ratio:   analyze / grep -E = %.2f wall, %.2f CPU " \
		    "(target <= 1.0)\n", aw / gw, (gc > 0 ? ac / gc : 0) }'
	set -- $(peak_rss "$analyze_bin" analyze --year 2026 "$log")
	echo "analyze: peak RSS $1 kB over $nlines lines"
}

# 10,000 tunnels up and rekeying at once (tests/bench/gen-tunnels): peak
# RSS of the whole analyze process, text and JSON report (target < 16 MB).
bench_tunnels() {
	tlog=$bindir/tunnels.log
	[ -f "$tlog" ] || "$bindir/gen-tunnels" -n 10000 "$tlog" || exit 1
	tl=$(wc -l < "$tlog")
	set -- $(peak_rss "$analyze_bin" analyze --year 2026 "$tlog")
	echo "tunnels: 10000 tunnels, $tl lines: analyze peak RSS $1 kB" \
	    "($2 s), text report"
	set -- $(peak_rss "$analyze_bin" analyze --year 2026 --json "$tlog")
	echo "tunnels: 10000 tunnels, $tl lines: analyze peak RSS $1 kB" \
	    "($2 s), --json report"
	"$analyze_bin" analyze --year 2026 --json "$tlog" | python3 -c 'import json, sys
d = json.load(sys.stdin)
up = sum(1 for t in d["tunnels"] if t["state"] == "up")
print("tunnels: %d tunnels tracked, %d up, %d alerts" %
    (len(d["tunnels"]), up, len(d["alerts"])))' 2>/dev/null || true
}
# A line appended to the followed log -> the webhook at a local receiver,
# through the running ipsecwatchd (tests/bench/bench-webhook-daemon.sh;
# target p99 < 50 ms).
bench_webhook_daemon() {
	top_srcdir=$top_srcdir top_builddir=$top_builddir \
	    sh "$top_srcdir/tests/bench/bench-webhook-daemon.sh" 200 20 ||
	    echo "webhook-daemon: failed"
}
# Live following (tests/bench/bench-follow.sh): append->processed latency
# of ipsecwatchd (p50/p99) and its idle wake-ups per second, and the input
# module's latency alone.
bench_follow() {
	echo "follow: (tests/bench/bench-follow.sh; ${BENCH_IDLE_SECONDS:-20} s idle twice)"
	top_builddir=$top_builddir sh "$top_srcdir/tests/bench/bench-follow.sh" |
	    sed 's/^/follow:  /'
}
tmp=$(mktemp "${TMPDIR:-/tmp}/ipsecwatch-bench.XXXXXX") || exit 1
trap 'rm -f "$tmp"' EXIT INT TERM

bench_prepare
bench_wc
bench_grep
bench_parse
bench_analyze
bench_tunnels
bench_webhook_daemon
bench_follow
exit 0
