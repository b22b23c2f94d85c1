#!/bin/sh
# Journal input: real journal files written by systemd-journal-remote from
# export-format records, followed with --journal-dir.  Entries appended
# while the reader runs, entries in a new journal file (SD_JOURNAL_INVALIDATE),
# entries written while it is down, SIGTERM and SIGKILL restarts: every
# matching entry exactly once, non-matching entries never, fields passed.
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

# batch FILE FIRST LAST: export records FIRST..LAST (odd ones from sshd).
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

python3 - "$tmp/out" <<'PY' || fail "exactly once"
import collections, re, sys
seen = collections.Counter()
for ln in open(sys.argv[1]):
    m = re.search(r"seq=(\d+)\tident=charon-systemd pid=4711 ts=\d+ sa=site-a uid=(\d+)$", ln)
    if not m or m.group(1) != m.group(2):
        sys.exit("bad line: %r" % ln)
    seen[int(m.group(1))] += 1
want = set(range(0, 50, 2))
bad = [k for k in seen if k not in want]
missing = sorted(want - set(seen))
dup = sorted(k for k, c in seen.items() if c > 1)
if bad or missing or dup:
    sys.exit("unexpected %s, missing %s, repeated %s" % (bad, missing, dup))
print("ok: 25 charon-systemd entries exactly once over append, new file, "
      "SIGTERM and SIGKILL restarts; 25 sshd entries filtered")
PY
