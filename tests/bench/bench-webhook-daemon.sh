#!/bin/sh
# bench-webhook-daemon.sh - the live latency target of DESIGN.md: from a
# line appended to the log file ipsecwatchd follows to the webhook request
# at a local receiver (http-sink.py on 127.0.0.1, which stamps the arrival).
# The whole path runs: inotify -> parse -> tracker -> alert manager
# (group_wait 0) -> spool (write + fsync) -> libcurl multi POST.
#
# Each appended line is decisive on its own: the peer refused our
# authentication for tunnel bN (a negotiation_failed alert per tunnel).
# Prints p50/p90/p99/max in ms; asserts nothing (target: p99 < 50 ms).
#
# usage: bench-webhook-daemon.sh [lines] [gap-ms]      (default 200, 20 ms)
# Environment: top_srcdir, top_builddir (set by "make bench"), BENCH_SPOOL
# (spool directory; default in $TMPDIR: put it on the disk of
# /var/lib/ipsecwatch to measure that disk's fsync).
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
N=${1:-200}
GAP=${2:-20}
IPSECWATCHD=$top_builddir/src/ipsecwatchd
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
[ -x "$IPSECWATCHD" ] || { echo "build first: make"; exit 1; }

T=$(mktemp -d "${TMPDIR:-/tmp}/iw-bench-daemon.XXXXXX") || exit 1
chmod 700 "$T"
HPID=
DPID=
cleanup() {
	[ -n "$DPID" ] && kill "$DPID" 2>/dev/null
	[ -n "$HPID" ] && kill "$HPID" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

"$PY" "$top_srcdir/tests/tools/http-sink.py" --outdir "$T/in" \
    --port-file "$T/port" >/dev/null 2>&1 &
HPID=$!
i=0
while [ ! -s "$T/port" ]; do
	i=$((i + 1))
	[ $i -gt 200 ] && { echo "http-sink did not start"; exit 1; }
	sleep 0.05
done
PORT=$(cat "$T/port")

: > "$T/gw.log"
cat > "$T/ipsecwatch.conf" <<EOF
pidfile = "$T/ipsecwatchd.pid";
state_dir = "$T/state";
spool_dir = "${BENCH_SPOOL:-$T/state/spool}";
plugin_dir = "$top_builddir/src/.libs";
control = { socket = "$T/sock"; };
inputs = ( { name = "gw"; type = "file"; path = "$T/gw.log"; } );
alerts = { group_wait = "0s"; group_interval = "0s"; };
receivers = (
  { name = "hook"; plugin = "webhook"; url = "http://127.0.0.1:$PORT/b";
    format = "json"; } );
EOF
mkdir -m 700 "$T/state"
IPSECWATCH_KB=${IPSECWATCH_KB:-$top_srcdir/data/kb.conf} \
    "$IPSECWATCHD" -f -c "$T/ipsecwatch.conf" >"$T/daemon.log" 2>&1 &
DPID=$!
i=0
while ! grep -q "started" "$T/daemon.log" 2>/dev/null; do
	i=$((i + 1))
	[ $i -gt 200 ] && { echo "ipsecwatchd did not start:"; cat "$T/daemon.log"; exit 1; }
	sleep 0.05
done
sleep 0.5	# the input is watching

"$PY" - "$T" "$N" "$GAP" <<'PY'
import glob, json, os, sys, time
T, n, gap = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]) / 1000.0
fd = os.open(T + "/gw.log", os.O_WRONLY | os.O_APPEND)
sent = {}
for i in range(n):
    stamp = time.strftime("%b %e %H:%M:%S", time.localtime())
    line = ("%s gw charon: 09[IKE] <b%d|%d> received AUTHENTICATION_FAILED "
            "notify error\n" % (stamp, i, i + 1)).encode()
    sent["b%d" % i] = time.time()
    os.write(fd, line)		# one write(2): the line is complete at once
    time.sleep(gap)
os.close(fd)
deadline = time.time() + 30
while time.time() < deadline and len(glob.glob(T + "/in/*.json")) < n:
    time.sleep(0.1)
lat = []
for f in glob.glob(T + "/in/*.json"):
    r = json.load(open(f))
    for a in json.loads(r["body"])["alerts"]:
        if a.get("tunnel") in sent:
            lat.append((r["t_us"] / 1e6 - sent[a["tunnel"]]) * 1000.0)
if not lat:
    print("webhook-daemon: no webhook received")
    sys.exit(1)
lat.sort()
def pct(p):
    return lat[min(len(lat) - 1, int(p / 100.0 * len(lat)))]
print("webhook-daemon: %d lines appended (%d ms apart), %d webhooks received"
      % (n, gap * 1000, len(lat)))
print("webhook-daemon: line appended -> webhook received (ms): p50 %.2f  "
      "p90 %.2f  p99 %.2f  max %.2f  (target p99 < 50)"
      % (pct(50), pct(90), pct(99), lat[-1]))
PY
rc=$?
if grep -q "Sanitizer" "$T/daemon.log"; then
	cat "$T/daemon.log"
	exit 1
fi
exit $rc
