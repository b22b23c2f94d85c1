#!/bin/sh
# The durable spool against a real HTTP server:
#  1. receiver down: notifications wait in the spool; the driver gives up
#     (as if the daemon stopped) with them on disk; restarted with the
#     server up, everything arrives: none lost, none twice;
#  2. HTTP 500s and a timeout are retried with growing back-off;
#  3. one failing receiver does not delay or duplicate another.
. "$(dirname "$0")/alert-lib.sh"

# A port nobody listens on: take one from a server and stop it.
start_http dead
DEAD=$HTTP_PORT
stop "$HTTP_PID"

scenario() {	# scenario FILE PORT
	cat >"$1" <<JSON
{
 "hostname": "gw1",
 "alerts": {"group_wait": 0, "group_interval": 0, "repeat_interval": 0},
 "spool": {"backoff_min_ms": 200, "backoff_max_ms": 1000},
 "receivers": [
  {"name": "hook", "plugin": "webhook", "url": "http://127.0.0.1:$2/h", "format": "json",
   "timeout": 1}
 ],
 "script": [
  {"at": 0.0, "fire": true, "kind": "tunnel_down", "tunnel": "t1", "peer": "192.0.2.1"},
  {"at": 0.1, "fire": true, "kind": "tunnel_down", "tunnel": "t2", "peer": "192.0.2.2"},
  {"at": 0.2, "fire": true, "kind": "tunnel_down", "tunnel": "t3", "peer": "192.0.2.3"},
  {"at": 0.3, "fire": false, "kind": "tunnel_down", "tunnel": "t1"}
 ]
}
JSON
}

# 1. Down, then a restart delivers.
scenario "$T/down.json" "$DEAD"
run_send "$T/down.json" -s "$T/spool1" -t 2 && fail "delivered to a dead receiver?"
n=$(ls "$T/spool1/hook" | grep -c '\.json$')
[ "$n" -eq 4 ] || fail "expected 4 spooled entries, found $n"
grep -q "delivery failed" "$T/send.log" || fail "no retry logged"
start_http up1
scenario "$T/up.json" "$HTTP_PORT"
run_send "$T/up.json" -n -s "$T/spool1" -t 10 || fail "restart did not deliver: $(tail -3 "$T/send.log")"
[ "$(count "$T/up1" json)" -eq 4 ] || fail "after restart: $(count "$T/up1" json) of 4 arrived"
[ "$(ls "$T/spool1/hook" | grep -c '\.json$')" -eq 0 ] || fail "spool not empty"
"$PY" - "$T/up1" <<'PY' || fail "order/duplicates"
import glob, json, sys
docs = [json.loads(json.load(open(f))["body"]) for f in sorted(glob.glob(sys.argv[1] + "/*.json"))]
ids = [d["id"] for d in docs]
assert len(set(ids)) == 4, ids
seq = [(d["alerts"][0]["tunnel"], d["status"]) for d in docs]
assert seq == [("t1", "firing"), ("t2", "firing"), ("t3", "firing"), ("t1", "resolved")], seq
PY

# 2. Two 500s and one timeout, then success: retried with back-off.
start_http flaky --delay 1:2 --fail 2
FLAKY=$HTTP_PORT
# 3. ... while a healthy receiver gets its copies at once.
start_http good
cat >"$T/flaky.json" <<JSON
{
 "hostname": "gw1",
 "alerts": {"group_wait": 0, "group_interval": 0, "repeat_interval": 0},
 "spool": {"backoff_min_ms": 300, "backoff_max_ms": 5000},
 "receivers": [
  {"name": "flaky", "plugin": "webhook", "url": "http://127.0.0.1:$FLAKY/f", "timeout": 1},
  {"name": "good", "plugin": "webhook", "url": "http://127.0.0.1:$HTTP_PORT/g"}
 ],
 "script": [
  {"at": 0, "fire": true, "kind": "tunnel_down", "tunnel": "x", "peer": "192.0.2.9"},
  {"at": 0.1, "fire": true, "kind": "rekey_overdue", "tunnel": "y"}
 ]
}
JSON
run_send "$T/flaky.json" -s "$T/spool2" -t 30 || fail "flaky not delivered: $(tail -3 "$T/send.log")"
[ "$(count "$T/flaky" json)" -eq 2 ] || fail "flaky: $(count "$T/flaky" json) of 2"
[ "$(count "$T/good" json)" -eq 2 ] || fail "good: $(count "$T/good" json) of 2"
"$PY" - "$T" <<'PY' || fail "back-off / isolation"
import glob, json, sys
T = sys.argv[1]
out = json.load(open(T + "/send.out"))
f, g = out["receivers"]["flaky"], out["receivers"]["good"]
assert f["delivered"] == 2 and f["failed"] == 3 and f["dropped"] == 0, f
assert g["delivered"] == 2 and g["failed"] == 0, g
sub = out["submitted"][0]
good = [json.load(open(p))["t_us"] for p in sorted(glob.glob(T + "/good/*.json"))]
flaky = [json.load(open(p))["t_us"] for p in sorted(glob.glob(T + "/flaky/*.json"))]
# The healthy receiver is not held up by the failing one.
assert good[0] - sub < 1000000, good[0] - sub
# timeout (1 s) + back-off 0.3, 0.6, 1.2 s (+-20%): at least 2.5 s.
assert flaky[0] - sub > 2500000, flaky[0] - sub
ids = [json.loads(json.load(open(p))["body"])["id"] for p in sorted(glob.glob(T + "/flaky/*.json"))]
assert len(set(ids)) == 2
PY
grep -q "HTTP status 500" "$T/send.log" || fail "500 not reported"
grep -q "Timeout was reached" "$T/send.log" || fail "timeout not reported"
# 4. Bounded: with max_entries 3 and the receiver down, the oldest entries
#    are dropped with a warning and counted; a damaged entry is set aside.
cat >"$T/bound.json" <<JSON
{
 "hostname": "gw1",
 "alerts": {"group_wait": 0, "group_interval": 0, "repeat_interval": 0},
 "spool": {"backoff_min_ms": 5000, "backoff_max_ms": 5000, "max_entries": 3},
 "receivers": [{"name": "hook", "plugin": "webhook", "url": "http://127.0.0.1:$DEAD/h"}],
 "script": [
  {"at": 0.0, "fire": true, "kind": "tunnel_down", "tunnel": "b1"},
  {"at": 0.1, "fire": true, "kind": "tunnel_down", "tunnel": "b2"},
  {"at": 0.2, "fire": true, "kind": "tunnel_down", "tunnel": "b3"},
  {"at": 0.3, "fire": true, "kind": "tunnel_down", "tunnel": "b4"},
  {"at": 0.4, "fire": true, "kind": "tunnel_down", "tunnel": "b5"}
 ]
}
JSON
: >"$T/send.log"
run_send "$T/bound.json" -s "$T/spool3" -t 1.5 && fail "delivered to a dead receiver?"
[ "$(ls "$T/spool3/hook" | grep -c '\.json$')" -eq 3 ] || fail "spool not bounded to 3"
[ "$(grep -c "spool full" "$T/send.log")" -eq 2 ] || fail "drops not logged"
"$PY" -c 'import json,sys; r = json.load(open(sys.argv[1]))["receivers"]["hook"]; assert r["dropped"] == 2 and r["queued"] == 5 and r["pending"] == 3, r' "$T/send.out" ||
    fail "drop counters"
# Damage the oldest entry; restart with a live receiver: the two others arrive.
first=$(ls "$T/spool3/hook" | grep '\.json$' | head -1)
printf '{"version": 1, "broken' >"$T/spool3/hook/$first"
start_http late
sed "s/127.0.0.1:$DEAD/127.0.0.1:$HTTP_PORT/" "$T/bound.json" >"$T/bound2.json"
: >"$T/send.log"
run_send "$T/bound2.json" -n -s "$T/spool3" -t 10 || fail "restart: $(tail -3 "$T/send.log")"
[ "$(count "$T/late" json)" -eq 2 ] || fail "late: $(count "$T/late" json) of 2"
[ -e "$T/spool3/hook/.bad-$first" ] || fail "damaged entry not kept aside"
grep -q "moved aside" "$T/send.log" || fail "damaged entry not reported"
# 5. Reload while a delivery is in flight: the old instance finishes it,
#    the new one sends the rest; nothing twice, nothing lost.
start_http slow --slow 1:1.5
cat >"$T/reload.json" <<JSON
{
 "hostname": "gw1",
 "alerts": {"group_wait": 0, "group_interval": 0, "repeat_interval": 0},
 "spool": {"backoff_min_ms": 200, "backoff_max_ms": 400},
 "receivers": [{"name": "hook", "plugin": "webhook", "url": "http://127.0.0.1:$HTTP_PORT/r",
                "timeout": 5}],
 "script": [
  {"at": 0.0, "fire": true, "kind": "tunnel_down", "tunnel": "r1"},
  {"at": 0.1, "fire": true, "kind": "tunnel_down", "tunnel": "r2"},
  {"at": 0.5, "reload": true},
  {"at": 0.6, "fire": true, "kind": "tunnel_down", "tunnel": "r3"}
 ]
}
JSON
: >"$T/send.log"
run_send "$T/reload.json" -s "$T/spool4" -t 10 || fail "reload: $(tail -3 "$T/send.log")"
grep -q "old instance released" "$T/send.log" || fail "old plugin instance not released"
"$PY" - "$T/slow" <<'PY' || fail "reload delivery"
import glob, json, sys
docs = [json.loads(json.load(open(f))["body"]) for f in glob.glob(sys.argv[1] + "/*.json")]
t = sorted(d["alerts"][0]["tunnel"] for d in docs)
assert t == ["r1", "r2", "r3"], t
PY
[ "$(ls "$T/spool4/hook" | grep -c '\.json$')" -eq 0 ] || fail "spool not empty after reload"
echo "PASS"
