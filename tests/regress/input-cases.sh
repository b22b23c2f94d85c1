#!/bin/sh
# File input cases: missing at start, partial lines, a 1 MB line (cut and
# counted), glob with a new file, a forced rescan (SIGUSR1), a corrupt,
# truncated or foreign state file (warning, clean start), and permission
# denied then fixed (as nobody, when root).
: "${top_builddir:=.}"
tool="$top_builddir/tests/tools/iw-follow"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/iw-cases.XXXXXX") || exit 1
chmod 755 "$tmp"
pids=
trap 'for p in $pids; do kill -KILL $p 2>/dev/null; done; rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
fail() { echo "FAIL: $*"; cat "$tmp"/err* 2>/dev/null | tail -20; exit 1; }
# wait_for FILE PATTERN COUNT: until FILE has COUNT lines matching PATTERN (10 s)
wait_for() {
	i=0
	while [ "$(grep -c -- "$2" "$1" 2>/dev/null)" -lt "$3" ]; do
		i=$((i + 1)); [ $i -gt 200 ] && return 1; sleep 0.05
	done
}
start() {	# start NAME ARGS...: iw-follow in the background
	n=$1; shift
	"$@" > "$tmp/out.$n" 2> "$tmp/err.$n" & pids="$pids $!"; last=$!
	wait_for "$tmp/err.$n" ready 1 || fail "$n: reader not ready"
}

# 1. Missing at start, partial lines, a 1 MB line.
start a "$tool" --file "$tmp/a.log" --stats "$tmp/st.a" --save-ms 50
sleep 0.2
printf 'first\npart' >> "$tmp/a.log"
wait_for "$tmp/out.a" 'first' 1 || fail "line of a file created after the start not read"
sleep 0.2
grep -q 'part' "$tmp/out.a" && fail "partial line delivered early"
printf 'ial\n' >> "$tmp/a.log"
wait_for "$tmp/out.a" 'a.log	partial$' 1 || fail "partial line not assembled"
python3 -c 'import sys; sys.stdout.write("L" * 1048576 + "\nafter\n")' >> "$tmp/a.log"
wait_for "$tmp/out.a" 'after' 1 || fail "line after a 1 MB line not read"
len=$(grep '	LLL' "$tmp/out.a" | awk '{ print length($0) }')
want=$(( $(printf '%s\t' "$tmp/a.log" | wc -c) + 65536 ))
[ "$len" = "$want" ] || fail "long line: printed length $len, want $want"
wait_for "$tmp/st.a" '"cut": 1' 1 || fail "cut line not counted"
# 2. A forced rescan (what IN_Q_OVERFLOW runs) loses and repeats nothing.
echo "before-rescan" >> "$tmp/a.log"
kill -USR1 $last
echo "after-rescan" >> "$tmp/a.log"
wait_for "$tmp/out.a" 'after-rescan' 1 || fail "line after rescan not read"
[ "$(grep -c 'rescan' "$tmp/out.a")" = 2 ] || fail "rescan repeated lines"
# 3. A real inotify queue overflow: the reader is stopped while more events
# than fs.inotify.max_queued_events pile up (alternating files, so they do
# not coalesce); after it continues it rescans and loses nothing.
max=$(cat /proc/sys/fs/inotify/max_queued_events 2>/dev/null || echo 16384)
if [ "$max" -le 100000 ]; then
	kill -STOP $last
	python3 - "$tmp" "$max" <<'PY'
import os, sys
d, n = sys.argv[1], int(sys.argv[2])
fd = os.open(os.path.join(d, "a.log"), os.O_WRONLY | os.O_APPEND)
other = os.path.join(d, "a.log.x")
open(other, "w").close()
for i in range(n // 2 + 100):
    os.write(fd, b"ovf %d\n" % i)   # IN_MODIFY on the file watch
    os.utime(other)                  # IN_ATTRIB on the directory watch
os.close(fd)
PY
	kill -CONT $last
	wait_for "$tmp/st.a" '"overflows": [1-9]' 1 || fail "no overflow seen (max_queued_events $max)"
	wait_for "$tmp/out.a" "ovf $((max / 2 + 99))\$" 1 || fail "lines lost after overflow"
	[ "$(grep -c '	ovf ' "$tmp/out.a")" = $((max / 2 + 100)) ] || fail "overflow: lines repeated or lost"
	echo "ok: real IN_Q_OVERFLOW (queue limit $max) rescanned without loss"
else
	echo "SKIP part: max_queued_events $max too large to overflow quickly"
fi
kill -TERM $last; wait $last || fail "reader exit status on SIGTERM"
echo "ok: missing at start, partial line, 1 MB line cut and counted, rescan"

# 4. Glob: a new matching file is picked up, a non-matching one is not.
echo "old" > "$tmp/ipsec-a.log"
start g "$tool" --file "$tmp/ipsec*.log"
echo "in-a" >> "$tmp/ipsec-a.log"
echo "in-b" >> "$tmp/ipsec-b.log"
echo "in-other" >> "$tmp/other.log"
wait_for "$tmp/out.g" 'in-b' 1 || fail "new file matching the glob not read"
wait_for "$tmp/out.g" 'in-a' 1 || fail "glob: existing file not followed"
grep -q old "$tmp/out.g" && fail "glob: read old lines despite start at end"
grep -q in-other "$tmp/out.g" && fail "glob: read a file that does not match"
kill -TERM $last
echo "ok: glob"

# 5. Bad state files: warning and a clean start, never a crash.
for kind in garbage truncated foreign version nul empty; do
	case $kind in
	garbage) printf '{"format": "ipsecwatch-st' > "$tmp/state" ;;
	truncated) printf '{"format":"ipsecwatch-state","version":1,"inputs":[{"name":"x","files":[{"path":"/x","dev":1,"ino":2,"fp":"00000000000000' > "$tmp/state" ;;
	foreign) printf '{"positions": {"/var/log/x": 12}}\n' > "$tmp/state" ;;
	version) printf '{"format":"ipsecwatch-state","version":99}\n' > "$tmp/state" ;;
	nul) head -c 300 /dev/zero > "$tmp/state" ;;
	empty) : > "$tmp/state" ;;
	esac
	rm -f "$tmp/out.s"
	echo "line-$kind" > "$tmp/s.log"
	"$tool" --file "$tmp/s.log" --state "$tmp/state" --from-beginning > "$tmp/out.s" 2> "$tmp/err.s" &
	p=$!; pids="$pids $p"
	wait_for "$tmp/out.s" "line-$kind" 1 || fail "state $kind: no clean start"
	kill -TERM $p; wait $p || fail "state $kind: exit status"
	grep -q "not used" "$tmp/err.s" ||
	    fail "state $kind: no warning"
	grep -q '"format": "ipsecwatch-state"' "$tmp/state" || fail "state $kind: not rewritten"
	rm -f "$tmp/state" "$tmp/state.bad"
done
echo "ok: corrupt, truncated, foreign, wrong version, NUL and empty state files"

# 6. Permission denied, then fixed (needs root to run the reader as nobody).
if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null; then
	echo "SKIP part: permission test needs root and setpriv"
else
	echo "secret" > "$tmp/p.log"; chmod 600 "$tmp/p.log"
	touch "$tmp/out.p" "$tmp/st.p"; chmod 666 "$tmp/out.p" "$tmp/st.p"
	setpriv --reuid=nobody --regid=nogroup --clear-groups "$tool" --file "$tmp/p.log" \
	    --stats "$tmp/st.p" --save-ms 50 --poll 1 --from-beginning > "$tmp/out.p" 2> "$tmp/err.p" &
	last=$!; pids="$pids $last"
	wait_for "$tmp/err.p" 'stalled: cannot open' 1 || fail "unreadable file: no stalled health"
	echo "more" >> "$tmp/p.log"
	chmod 644 "$tmp/p.log"
	wait_for "$tmp/out.p" 'more' 1 || fail "no recovery after chmod"
	grep -q 'ok again\|: ok' "$tmp/err.p" || fail "health did not return to ok"
	kill -TERM $last
	echo "ok: permission denied reported as stalled, recovered after chmod"
fi
exit 0
