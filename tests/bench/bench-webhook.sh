#!/bin/sh
# bench-webhook.sh - latency from handing an alert transition to the alert
# engine to the webhook receiver having the request (alert manager with
# group_wait 0 -> spool write with fsync -> libcurl multi POST -> a local
# python HTTP server).  Prints p50/p90/p99/max; asserts nothing.
#
# usage: bench-webhook.sh [alerts] [interval-ms]     (default 300 alerts, 10 ms)
# The daemon-level figure (log line appended -> webhook) builds on this.
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
N=${1:-300}
GAP=${2:-10}
SEND="$top_builddir/tests/tools/iw-alert-send"
IPSECWATCH_PLUGIN_DIR="$top_builddir/src/.libs"
export IPSECWATCH_PLUGIN_DIR
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
[ -x "$SEND" ] || { echo "build first: make check (builds $SEND)"; exit 1; }

T=$(mktemp -d "${TMPDIR:-/tmp}/iw-bench.XXXXXX")
trap 'kill $HPID 2>/dev/null; wait 2>/dev/null; rm -rf "$T"' EXIT
"$PY" "$top_srcdir/tests/tools/http-sink.py" --outdir "$T/in" --port-file "$T/port" 2>/dev/null &
HPID=$!
while [ ! -s "$T/port" ]; do sleep 0.05; done
PORT=$(cat "$T/port")

"$PY" - "$T" "$PORT" "$N" "$GAP" <<'PY'
import json, sys
T, port, n, gap = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
sc = {"hostname": "bench", "spool_dir": T + "/spool",
      "alerts": {"group_wait": 0, "group_interval": 0, "repeat_interval": 0},
      "receivers": [{"name": "hook", "plugin": "webhook", "format": "json",
                     "url": "http://127.0.0.1:%d/b" % port}],
      "script": [{"at": i * gap / 1000.0, "fire": True, "kind": "tunnel_down",
                  "tunnel": "t%d" % i, "peer": "10.%d.%d.1" % (i // 250, i % 250)}
                 for i in range(n)]}
json.dump(sc, open(T + "/sc.json", "w"))
PY
"$SEND" -t 120 "$T/sc.json" >"$T/out.json" 2>"$T/log" || { echo "send failed"; tail "$T/log"; exit 1; }

"$PY" - "$T" <<'PY'
import glob, json, sys
T = sys.argv[1]
out = json.load(open(T + "/out.json"))
sub = out["submitted"]
lat = []
for f in glob.glob(T + "/in/*.json"):
    r = json.load(open(f))
    i = int(json.loads(r["body"])["alerts"][0]["tunnel"][1:])
    lat.append((r["t_us"] - sub[i]) / 1000.0)
lat.sort()
def pct(p):
    return lat[min(len(lat) - 1, int(p / 100.0 * len(lat)))]
print("alerts submitted: %d, webhooks received: %d" % (len(sub), len(lat)))
print("submit -> webhook received (ms): p50 %.2f  p90 %.2f  p99 %.2f  max %.2f"
      % (pct(50), pct(90), pct(99), lat[-1]))
PY
