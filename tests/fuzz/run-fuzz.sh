#!/bin/sh
# run-fuzz.sh - run the parser fuzzer for a bounded time.
#
# Usage: tests/fuzz/run-fuzz.sh [DURATION_SECONDS]   (default 60)
# Needs a build configured with: CC=clang ./configure --enable-fuzzing --enable-asan
# and "make check" (which builds tests/fuzz/fuzz-parse).  The seed corpus is
# made at run time from the logs in tests/data, one line per seed file, in a
# temporary directory.  Exit 0: no crash, leak or undefined behaviour;
# 77: the fuzzer is not built; anything else: a finding (see the output and
# the crash-* file in the work directory printed below).
set -u

duration=${1:-60}
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
top_builddir=${top_builddir:-$(pwd)}
fuzzer=$top_builddir/tests/fuzz/fuzz-parse

if [ ! -x "$fuzzer" ]; then
	echo "run-fuzz.sh: $fuzzer not built (configure with CC=clang" \
	    "--enable-fuzzing --enable-asan, then make check)" >&2
	exit 77
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/ipsecwatch-fuzz.XXXXXX") || exit 99
seeds=$work/seeds
corpus=$work/corpus
mkdir -p "$seeds" "$corpus" "$work/artifacts"

# One seed per log line.  The first byte selects the fuzzer's mode
# (0x00 = syslog lines, 0x02/0x03 = bare pluto/charon message).
find "$top_srcdir/tests/data" -name '*.log' | sort | while read -r f; do
	base=$(echo "$f" | sed "s|^$top_srcdir/tests/data/||; s|/|_|g")
	awk -v d="$seeds" -v b="$base" '
		{ printf "%c%s\n", 0, $0 > (d "/" b "." NR); close(d "/" b "." NR) }
	' "$f"
done
# A few multi-line seeds: whole short files in line mode.
for f in "$top_srcdir"/tests/data/corpus/psk-mismatch/*.log; do
	{ printf '\000'; cat "$f"; } > "$seeds/whole.$(basename "$f")"
done
nseeds=$(ls "$seeds" | wc -l)
echo "run-fuzz.sh: $nseeds seeds, $duration s, work dir $work"

ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:allocator_may_return_null=0}
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export ASAN_OPTIONS UBSAN_OPTIONS

"$fuzzer" -max_total_time="$duration" -max_len=70000 -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$work/artifacts/" "$corpus" "$seeds" \
    > "$work/fuzz.log" 2>&1
rc=$?
tail -n 25 "$work/fuzz.log"
if [ $rc -ne 0 ] || ls "$work/artifacts" | grep -q .; then
	echo "run-fuzz.sh: FAILED (rc=$rc); artifacts in $work/artifacts," \
	    "log in $work/fuzz.log" >&2
	exit 1
fi
echo "run-fuzz.sh: ok, no crash, leak or undefined behaviour in $duration s"
rm -rf "$work"
exit 0
