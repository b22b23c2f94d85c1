#!/bin/sh
# alert-daemon.sh - the spool and receiver settings in the running daemon
# (ipsecwatchd -f following a log file, webhooks to http-sink.py on
# 127.0.0.1):
#  1. spool.retry_initial / retry_max: a receiver answering 500 is retried
#     at 1 s, then 2 s, 2 s (the cap), measured at the receiver;
#  2. spool.max_entries: with the receiver down, the oldest notifications
#     are dropped, logged and counted;
#  3. reload: receiver A changed (URL to a second sink) while its delivery
#     is in flight, receiver B added, the dead receiver removed: every
#     notification arrives exactly once at the right sinks, the removed
#     receiver's spool stays on disk and its size is logged; a reload with
#     a receiver whose plugin cannot be loaded is refused.
. "${top_srcdir:-.}/tests/regress/lib.sh"

TOOLS=$top_srcdir/tests/tools
GW=$T/gw.log
mkdir -p "$T/state"
: > "$GW"

# sink NAME [args]: an http-sink.py in $T/NAME; its port in $PORT.
sink() {
	name=$1
	shift
	"$PYTHON" "$TOOLS/http-sink.py" --outdir "$T/$name" \
	    --port-file "$T/$name.port" --attempts "$T/$name.attempts" "$@" \
	    >/dev/null 2>"$T/$name.log" &
	IW_PIDS="$IW_PIDS $!"
	iw_wait 50 test -s "$T/$name.port" || fail "http-sink $name did not start"
	PORT=$(cat "$T/$name.port")
}
sink flaky --fail 3
FLAKY=$PORT
sink a1 --slow 1:2
A1=$PORT
sink a2
A2=$PORT
sink b
B=$PORT
DEAD=$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

# A decisive line: the peer refused our authentication, for tunnel $1.
fail_line() {
	printf '%s gw charon: 09[IKE] <%s|%d> received AUTHENTICATION_FAILED notify error\n' \
	    "$(LC_ALL=C date '+%b %e %H:%M:%S')" "$1" "$2" >> "$GW"
}
# Webhook bodies in sink $1 naming tunnel $2.
got() {
	"$PYTHON" - "$T/$1" "$2" <<'EOP'
import glob, json, sys
n = 0
for f in glob.glob(sys.argv[1] + "/*.json"):
    body = json.loads(json.load(open(f))["body"])
    if any(a.get("tunnel") == sys.argv[2] for a in body["alerts"]):
        n += 1
print(n)
EOP
}
# has SINK TUNNEL N: exactly N bodies for TUNNEL at SINK (for iw_wait).
has() { [ "$(got "$1" "$2")" -eq "$3" ]; }
# field_is RECEIVER FIELD VALUE (for iw_wait).
field_is() { [ "$(spool_field "$1" "$2")" = "$3" ]; }
spool_field() {	# receiver field
	"$IPSECWATCH" --socket "$SOCK" status --json | "$PYTHON" -c '
import json, sys
print(json.load(sys.stdin)["spool"][sys.argv[1]][sys.argv[2]])' "$1" "$2"
}

# $1: the receivers (config text).
write_conf() {
	iw_conf <<EOC
plugin_dir = "$top_builddir/src/.libs";
inputs = ( { name = "gw"; type = "file"; path = "$GW"; } );
alerts = { group_wait = "0s"; group_interval = "0s"; };
spool = { max_entries = 2; retry_initial = "1s"; retry_max = "2s"; };
receivers = ( $1 );
EOC
}
FLAKY_RCV="{ name = \"flaky\"; plugin = \"webhook\"; url = \"http://127.0.0.1:$FLAKY/\"; tunnels = [ \"f*\" ]; }"
DEAD_RCV="{ name = \"dead\"; plugin = \"webhook\"; url = \"http://127.0.0.1:$DEAD/\"; tunnels = [ \"d*\" ]; }"
write_conf "$FLAKY_RCV, $DEAD_RCV,
  { name = \"A\"; plugin = \"webhook\"; url = \"http://127.0.0.1:$A1/\"; tunnels = [ \"x*\" ]; }"
iw_start

# 1. Back-off from the config: three 500s, then the fourth attempt succeeds.
fail_line f1 1
iw_wait 150 has flaky f1 1 || fail "flaky: not delivered after 3 failures"
"$PYTHON" - "$T/flaky.attempts" <<'EOP' || fail "retry spacing: $(cat "$T/flaky.attempts")"
import sys
t = [int(l.split()[0]) for l in open(sys.argv[1])]
assert len(t) == 4, t
gaps = [(b - a) / 1e6 for a, b in zip(t, t[1:])]
print("retry gaps (s):", " ".join("%.2f" % g for g in gaps))
# retry_initial 1s, doubling, capped by retry_max 2s; +-20% jitter.
for g, want in zip(gaps, (1, 2, 2)):
    assert 0.75 * want <= g <= 1.3 * want + 0.1, (gaps, want)
EOP
[ "$(spool_field flaky failed)" -eq 3 ] || fail "flaky: failed count not 3"
pass "retry_initial 1s / retry_max 2s: retries at 1 s, 2 s, 2 s"

# 2. max_entries 2: four notifications for the dead receiver, two dropped.
for i in 1 2 3 4; do
	fail_line "d$i" "$((10 + i))"
done
iw_wait 100 field_is dead queued 4 || fail "dead: not 4 queued"
[ "$(spool_field dead dropped)" -eq 2 ] || fail "dead: dropped $(spool_field dead dropped), not 2"
[ "$(spool_field dead pending)" -eq 2 ] || fail "dead: pending not 2"
[ "$(ls "$T/state/spool/dead" | grep -c '\.json$')" -eq 2 ] || fail "dead: not 2 files in the spool"
[ "$(grep -c 'receiver dead: spool full' "$DLOG")" -eq 2 ] || fail "drops not logged twice"
pass "max_entries 2: oldest dropped, logged and counted"

# 3. Reload while A's first delivery is in flight (a1 answers after 2 s):
#    A's URL moves to a2, B is added, dead is removed.
fail_line x1 21
iw_wait 50 test -s "$T/a1.attempts" || fail "A: first delivery not started"
write_conf "$FLAKY_RCV,
  { name = \"A\"; plugin = \"webhook\"; url = \"http://127.0.0.1:$A2/\"; tunnels = [ \"x*\" ]; },
  { name = \"B\"; plugin = \"webhook\"; url = \"http://127.0.0.1:$B/\"; tunnels = [ \"x*\" ]; }"
out=$("$IPSECWATCH" --socket "$SOCK" reload) || fail "reload: $out"
iw_has "$DLOG" "receiver A: settings changed, new plugin instance" || fail "A not re-instantiated"
iw_has "$DLOG" "receiver B added" || fail "B not added"
iw_has "$DLOG" "receiver dead removed: 2 undelivered notification(s) stay in the spool" ||
    fail "removal of dead not logged with its count"
[ "$(ls "$T/state/spool/dead" | grep -c '\.json$')" -eq 2 ] || fail "dead's spool not kept"
fail_line x2 22
iw_wait 100 has a2 x2 1 || fail "x2 not at a2"
iw_wait 100 has b x2 1 || fail "x2 not at b"
iw_wait 50 has a1 x1 1 || fail "x1 (in flight during the reload) not at a1"
sleep 1
[ "$(got a1 x1)" -eq 1 ] || fail "x1 at a1 $(got a1 x1) times"
[ "$(got a2 x1)" -eq 0 ] || fail "x1 sent again through a2"
[ "$(got a1 x2)" -eq 0 ] || fail "x2 went to the old URL"
[ "$(got a2 x2)" -eq 1 ] || fail "x2 at a2 $(got a2 x2) times"
[ "$(got b x2)" -eq 1 ] || fail "x2 at b $(got b x2) times"
# A receiver added gets what is firing for it, once.
[ "$(got b x1)" -eq 1 ] || fail "firing x1 at the added B $(got b x1) times"
[ "$(spool_field A pending)" -eq 0 ] || fail "A: spool not empty"
[ "$(spool_field A delivered)" -eq 2 ] || fail "A: delivered counter not kept across the reload"
pass "reload: A changed in flight, B added, dead removed: each notification once, at the right sink"

# A receiver whose plugin cannot be loaded: the reload is refused, the
# running receivers stay.
write_conf "$FLAKY_RCV,
  { name = \"A\"; plugin = \"webhook\"; url = \"http://127.0.0.1:$A2/\"; tunnels = [ \"x*\" ]; },
  { name = \"C\"; plugin = \"console\"; }" 
sed -i "s|plugin_dir = .*|plugin_dir = \"$T/noplugins\";|" "$CONF"
mkdir -m 755 "$T/noplugins"
"$IPSECWATCH" --socket "$SOCK" reload > "$T/out" 2>&1 && fail "reload with a missing plugin succeeded"
iw_has "$T/out" "receiver C: plugin console" || fail "reload error: $(cat "$T/out")"
fail_line x3 23
iw_wait 100 has b x3 1 || fail "B lost after a refused reload"
pass "reload with a plugin that cannot be loaded is refused; receivers unchanged"

# A restart without the dead receiver reports its kept spool; with it
# configured again, the kept notifications are sent.
iw_stop TERM
[ "$IW_STATUS" -eq 0 ] || fail "exit status $IW_STATUS"
sed -i "s|plugin_dir = .*|plugin_dir = \"$top_builddir/src/.libs\";|" "$CONF"
iw_start
iw_has "$DLOG" "spool/dead: 2 undelivered notification(s) of receiver \"dead\", which is not configured" ||
    fail "kept spool of dead not reported at start"
iw_stop TERM
write_conf "{ name = \"dead\"; plugin = \"webhook\"; url = \"http://127.0.0.1:$B/\"; tunnels = [ \"d*\" ]; }"
iw_start
iw_wait 100 has b d3 1 || fail "kept notification d3 not delivered"
iw_wait 100 has b d4 1 || fail "kept notification d4 not delivered"
[ "$(got b d1)" -eq 0 ] || fail "dropped d1 delivered"
iw_stop TERM
if grep -q Sanitizer "$DLOG"; then
	fail "sanitizer report"
fi
pass "receiver configured again: its kept spool is delivered"
exit 0
