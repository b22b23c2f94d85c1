#!/bin/sh
# Journal input: real journal files written by systemd-journal-remote from
# export-format records, followed with --journal-dir.
# Part 1: entries appended while the reader runs, entries in a new journal
# file (SD_JOURNAL_INVALIDATE), entries written while it is down, SIGTERM
# and SIGKILL restarts (cursor: seek, step, sd_journal_test_cursor).
# Part 2, the failure paths: a file rotated (renamed) and a new one started
# as journald does, the archived file vacuumed under the reader, a journal
# file the reader may not open (input STALLED naming it, recovery when it
# is readable), the directory made unreadable (STALLED, reopened with
# back-off when readable), the directory replaced (STALLED, reopened, the
# cursor's entry gone: continue with the next), and a SIGKILL restart after
# the file holding the cursor's entry was vacuumed while down.  Health is
# read from iw-follow's --stats (what the daemon reports in status and
# raises input_stalled for).  As root the reader runs as nobody (setpriv)
# so that permissions bite.
# Part 3: a live journald with systemd-cat, when there is one.
# Every matching entry exactly once, non-matching entries never, fields passed.
: "${top_builddir:=.}"
tool="$top_builddir/tests/tools/iw-follow"
jr=/lib/systemd/systemd-journal-remote
[ -x "$jr" ] || { echo "SKIP: $jr not installed (Debian package systemd-journal-remote)"; exit 77; }
grep -q '^#define HAVE_LIBSYSTEMD 1' "$top_builddir/config.h" 2>/dev/null ||
	{ echo "SKIP: built without libsystemd"; exit 77; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/iw-journal.XXXXXX") || exit 1
pid=
trap '[ -n "$pid" ] && kill -KILL $pid 2>/dev/null; rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
fail() { echo "FAIL: $*"; tail -20 "$tmp/err"; exit 1; }

# batch FILE FIRST LAST: export records FIRST..LAST (odd ones from sshd);
# FILE is relative to $tmp.
batch() {
	python3 - "$2" "$3" <<'PY' | "$jr" -o "$tmp/$1" - 2>> "$tmp/jr.err" || fail "journal-remote"
import sys, time
t = int(time.time() * 1e6)
for i in range(int(sys.argv[1]), int(sys.argv[2]) + 1):
    print("__REALTIME_TIMESTAMP=%d" % (t + i))
    print("__MONOTONIC_TIMESTAMP=%d" % (1000 + i))
    print("_BOOT_ID=0123456789abcdef0123456789abcdef")
    print("SYSLOG_IDENTIFIER=%s" % ("sshd" if i % 2 else "charon-systemd"))
    print("_PID=4711")
    print("MESSAGE=10[IKE] <site-a|%d> IKE_SA site-a[%d] established seq=%d" % (i, i, i))
    print("IKE_SA_NAME=site-a")
    print("IKE_SA_UNIQUE_ID=%d" % i)
    print()
PY
}
start() {
	"$tool" --journal-dir "$tmp" --identifier charon-systemd --identifier pluto \
	    --state "$tmp/state" --out "$tmp/out" --save-ms 50 --from-beginning --fields \
	    2>> "$tmp/err" & pid=$!
}
# until the output holds entry N
wait_seq() {
	i=0
	while ! grep -q "seq=$1	" "$tmp/out" 2>/dev/null; do
		i=$((i + 1)); [ $i -gt 200 ] && fail "entry $1 not delivered"; sleep 0.05
	done
}

batch a.journal 0 9
start
wait_seq 8
batch a.journal 10 19		# appended while running
wait_seq 18
batch b.journal 20 29		# a new journal file while running
wait_seq 28
sleep 0.2
kill -TERM $pid; wait $pid || fail "exit status on SIGTERM"
batch a.journal 30 39		# while down
start
wait_seq 38
sleep 0.3			# let it save, then die hard
kill -KILL $pid; wait $pid 2>/dev/null
batch b.journal 40 49
start
wait_seq 48
kill -TERM $pid; wait $pid || fail "exit status on SIGTERM"
pid=

# exactly_once OUT FIRST LAST: the even numbers FIRST..LAST exactly once.
exactly_once() {
	python3 - "$@" <<'PY'
import collections, re, sys
seen = collections.Counter()
for ln in open(sys.argv[1]):
    m = re.search(r"seq=(\d+)\tident=charon-systemd pid=4711 ts=\d+ sa=site-a uid=(\d+)$", ln)
    if not m or m.group(1) != m.group(2):
        sys.exit("bad line: %r" % ln)
    seen[int(m.group(1))] += 1
want = set(range(int(sys.argv[2]), int(sys.argv[3]) + 1, 2))
bad = [k for k in seen if k not in want]
missing = sorted(want - set(seen))
dup = sorted(k for k, c in seen.items() if c > 1)
if bad or missing or dup:
    sys.exit("unexpected %s, missing %s, repeated %s" % (bad, missing, dup))
PY
}
exactly_once "$tmp/out" 0 48 || fail "exactly once"
echo "ok: 25 charon-systemd entries exactly once over append, new file," \
    "SIGTERM and SIGKILL restarts; 25 sshd entries filtered"

# --- part 2: failure paths ---------------------------------------------------
runas=
if [ "$(id -u)" = 0 ]; then
	if command -v setpriv >/dev/null && id nobody >/dev/null 2>&1; then
		runas="setpriv --reuid=$(id -u nobody) --regid=$(id -g nobody) --clear-groups"
	else
		echo "SKIP: part 2 needs setpriv and the user nobody when run as root"
		exit 0
	fi
fi
jd=$tmp/jd
w=$tmp/w
mkdir "$jd" "$w" "$tmp/stage"
chmod 755 "$tmp" "$jd"
[ -n "$runas" ] && chown nobody "$w"
err=$tmp/err
start2() {
	$runas "$tool" --journal-dir "$jd" --identifier charon-systemd \
	    --state "$w/state" --out "$w/out" --stats "$w/stats" --save-ms 50 \
	    --poll 1 --from-beginning --fields 2>> "$err" & pid=$!
}
# until the part-2 output holds entry N
wait_seq2() {
	i=0
	while ! grep -q "seq=$1	" "$w/out" 2>/dev/null; do
		i=$((i + 1)); [ $i -gt 200 ] && fail "entry $1 not delivered"; sleep 0.05
	done
}
# until the reader's health is $1 and its reason holds $2
wait_health() {
	i=0
	while ! { grep -q "\"health\": \"$1\"" "$w/stats" &&
	    grep "\"reason\":" "$w/stats" | grep -qF -- "$2"; } 2>/dev/null; do
		i=$((i + 1))
		[ $i -gt 200 ] && fail "health not $1 ($2): $(cat "$w/stats")"
		sleep 0.05
	done
}
# until the reader has reported (stderr) a health change holding $1
wait_logged() {
	i=0
	while ! grep -qF -- "$1" "$err"; do
		i=$((i + 1)); [ $i -gt 200 ] && fail "not reported: $1"; sleep 0.05
	done
}
# the journal files must be readable by the reader
readable() { chmod 644 "$jd"/*.journal; }

batch jd/sys.journal 100 109
readable
start2
wait_seq2 108
wait_health ok ""
# journald's rotation: the active file is renamed to an archive name and a
# new one is started in its place
mv "$jd/sys.journal" "$jd/sys@0123456789abcdef0123456789abcdef-0000000000000001-0005e0e0e0e0e0e0.journal"
batch jd/sys.journal 110 119
readable
wait_seq2 118
# vacuum: the archived file is deleted under the reader
rm "$jd"/sys@*.journal
batch jd/sys.journal 120 129
wait_seq2 128
# a journal file the reader may not open: STALLED, naming it
batch stage/user.journal 130 139
chmod 600 "$tmp/stage/user.journal"
mv "$tmp/stage/user.journal" "$jd/"
if [ -n "$runas" ] || [ "$(id -u)" != 0 ]; then
	wait_health stalled "user.journal: Permission denied"
	sleep 0.3
	grep -q "seq=13[0-9]	" "$w/out" && fail "entries of an unreadable file delivered"
	chmod 644 "$jd/user.journal"
fi
wait_seq2 138
wait_health ok ""
# the directory made unreadable: STALLED, reopened with back-off when
# readable again; entries written meanwhile are read then
if [ -n "$runas" ] || [ "$(id -u)" != 0 ]; then
	chmod 000 "$jd"
	wait_health stalled "Permission denied"
	batch jd/sys.journal 140 149
	chmod 755 "$jd"
else
	batch jd/sys.journal 140 149
fi
wait_seq2 148
wait_health ok ""
# the directory replaced (moved away, a new one with a new file): sd-journal
# keeps watching the old one; the input sees it, stalls and reopens
mv "$jd" "$tmp/jd.old"
mkdir "$jd"
chmod 755 "$jd"
batch jd/new.journal 150 159
readable
wait_logged "stalled: journal $jd: the directory was replaced"
wait_seq2 158
wait_health ok ""
# SIGKILL; while down, new entries in another file and the file holding
# the cursor's entry vacuumed: the restart finds the entry gone and goes on
# with the next one
sleep 0.3
kill -KILL $pid; wait $pid 2>/dev/null
batch jd/next.journal 160 169
readable
rm "$jd/new.journal"
start2
wait_seq2 168
kill -TERM $pid; wait $pid || fail "exit status on SIGTERM"
pid=
grep -q "saved journal entry is gone" "$err" || fail "the cursor's entry was not reported gone"
exactly_once "$w/out" 100 168 || fail "part 2: exactly once"
echo "ok: 35 entries exactly once over rotation, vacuum under the reader," \
    "an unreadable file${runas:+ (reader as nobody)}, an unreadable and a" \
    "replaced directory (input stalled and recovered) and a restart after" \
    "the cursor's file was vacuumed"

# --- part 3: a live journald (systemd-cat) -----------------------------------
if ! [ -S /run/systemd/journal/socket ] || ! command -v systemd-cat >/dev/null ||
    ! journalctl -q -n 0 >/dev/null 2>&1 ||
    [ -z "$(journalctl -q -n 1 -o cat 2>/dev/null)" ]; then
	echo "SKIP (part 3 only): no live journald here (no /run/systemd/journal/socket" \
	    "or an empty journal): systemd-cat entries not tested"
	exit 0
fi
id3=iw-test-$$
"$tool" --identifier "$id3" --out "$tmp/out3" --state "$tmp/state3" \
    --save-ms 50 2>> "$tmp/err" & pid=$!
sleep 1
k=0
while [ $k -lt 50 ]; do
	echo "10[IKE] <live|$k> IKE_SA live[$k] established seq=$k" | systemd-cat -t "$id3"
	k=$((k + 1))
done
i=0
while [ "$(grep -c "seq=" "$tmp/out3" 2>/dev/null)" -lt 50 ]; do
	i=$((i + 1)); [ $i -gt 200 ] && fail "live journal: $(grep -c seq= "$tmp/out3") of 50 entries"; sleep 0.05
done
kill -TERM $pid; wait $pid
pid=
n=$(grep -o 'seq=[0-9]*' "$tmp/out3" | sort -u | wc -l)
[ "$n" = 50 ] && [ "$(grep -c seq= "$tmp/out3")" = 50 ] || fail "live journal: not exactly once"
echo "ok: 50 systemd-cat entries from the live journal exactly once"
