#!/bin/sh
# engine-e2e.sh - the engine in the running daemon, end to end: a real
# ipsecwatchd -f follows a log file, a webhook receiver (http-sink.py on
# 127.0.0.1) and the console plugin get the alerts; the CLI's tunnels, show,
# alerts, silence/unsilence (refused to nobody), metrics, status --check;
# SIGKILL and restart (no alert twice, the gap is processed); reload with an
# input added and removed (the other input keeps its position).
#
# Clock: the corpus lines (peer-dies/west.log, strongSwan) are rewritten to
# end a few seconds before now (tests/tools/iw-retime.py): line times come
# from the timestamps, deadlines after the last line from the wall clock.
. "${top_srcdir:-.}/tests/regress/lib.sh"

CORPUS=$top_srcdir/tests/data/corpus
TOOLS=$top_srcdir/tests/tools
HOOKS=$T/hooks
GW=$T/gw.log
OTHER=$T/other.log
mkdir -p "$HOOKS" "$T/state"
: > "$GW"
: > "$OTHER"

"$PYTHON" "$TOOLS/http-sink.py" --outdir "$HOOKS" --port-file "$T/port" \
    2>"$T/sink.log" &
IW_PIDS="$IW_PIDS $!"
iw_wait 50 test -s "$T/port" || fail "http-sink did not start"
PORT=$(cat "$T/port")
# A port nobody listens on (bound and closed again): deliveries fail.
DEADPORT=$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
MPORT=$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

# $1: extra inputs (config text).
write_conf() {
	IW_MODE=0666 iw_conf <<EOC
plugin_dir = "$top_builddir/src/.libs";
save_interval = "1s";
metrics = { listen = "127.0.0.1:$MPORT"; };
inputs = ( { name = "gw"; type = "file"; path = "$GW"; start = "beginning"; }
  $1 );
tunnels = { down_grace = "2s"; };
alerts = { group_wait = "1s"; group_interval = "2s"; };
receivers = (
  { name = "hook"; plugin = "webhook"; url = "http://127.0.0.1:$PORT/"; min_severity = "info"; },
  { name = "con"; plugin = "console"; min_severity = "info"; },
  { name = "dead"; plugin = "webhook"; url = "http://127.0.0.1:$DEADPORT/";
    kinds = [ "tunnel_flapping" ]; timeout = "3s"; } );
EOC
}
write_conf ""

IW="$IPSECWATCH --socket $SOCK"
# Member $2 of input number $1 in a status reply on stdin.
input_field() {
	"$PYTHON" -c 'import json, sys
d = json.load(sys.stdin)["inputs"]
i = int(sys.argv[1])
print(d[i][sys.argv[2]] if i < len(d) else "")' "$1" "$2"
}
retime() { "$PYTHON" "$TOOLS/iw-retime.py" --ago "${2:-3}" "$1"; }
# Count webhook bodies holding all the given strings.
hooks_with() {
	"$PYTHON" - "$HOOKS" "$@" <<'EOP'
import glob, json, sys
n = 0
for f in sorted(glob.glob(sys.argv[1] + "/*.json")):
    body = json.load(open(f))["body"]
    if all(s in body for s in sys.argv[2:]):
        n += 1
print(n)
EOP
}
# Is at least one webhook body holding all the given strings there?
hook_seen() { [ "$(hooks_with "$@")" -ge 1 ]; }
tunnel_down_firing() {
	[ "$(hooks_with '"status":"firing"' '"kind":"tunnel_down"' dpd_dead_peer)" -ge 1 ]
}

iw_start

# Before any line: OK for Nagios.
$IW status --check > "$T/check" ; rc=$?
[ $rc -eq 0 ] || fail "status --check before any line: exit $rc ($(cat "$T/check"))"
grep -q '^IPSECWATCH OK' "$T/check" || fail "status --check: $(cat "$T/check")"
pass "status --check OK with no tunnel"

# The peer dies: DPD, the tunnel is declared down.
retime "$CORPUS/peer-dies/west.log" >> "$GW"
iw_wait 150 tunnel_down_firing || fail "no tunnel_down with dpd_dead_peer at the webhook"
pass "tunnel_down with the DPD cause at the webhook"
iw_wait 50 grep -q 'CRITICAL tunnel down' "$DLOG" || fail "no console notification"
pass "console plugin printed the alert"

$IW tunnels > "$T/tunnels" || fail "ipsecwatch tunnels failed"
grep -q '^west-east  *down ' "$T/tunnels" || fail "tunnels: $(cat "$T/tunnels")"
pass "tunnels lists west-east down"
$IW show west-east > "$T/show" || fail "show failed"
for s in 'peer         192.0.2.2' 'dpd_dead_peer' 'FIRING tunnel_down' \
    'hook         firing sent' 'peer not responding' 'Likely causes'; do
	iw_has "$T/show" "$s" || fail "show lacks \"$s\": $(cat "$T/show")"
done
pass "show west-east: peer, errors, alert delivery, log lines, explanation"
$IW --json show nosuch > /dev/null 2>&1 && fail "show of an unknown tunnel succeeded"
$IW alerts > "$T/alerts" || fail "alerts failed"
grep -q '^firing  *tunnel_down  *west-east' "$T/alerts" || fail "alerts: $(cat "$T/alerts")"
pass "alerts lists the firing tunnel_down"

$IW status --check > "$T/check"; rc=$?
[ $rc -eq 2 ] || fail "status --check with a tunnel down: exit $rc"
grep -q '^IPSECWATCH CRITICAL - tunnel_down west-east' "$T/check" || fail "check: $(cat "$T/check")"
pass "status --check CRITICAL (exit 2)"

# Silences: refused to an unprivileged user, accepted for root / our user.
if [ "$(id -u)" -eq 0 ] && command -v setpriv > /dev/null; then
	setpriv --reuid=nobody --regid=nogroup --clear-groups \
	    $IW silence west-east 1h > "$T/nobody" 2>&1
	rc=$?
	[ $rc -eq 1 ] || fail "silence as nobody: exit $rc ($(cat "$T/nobody"))"
	grep -q 'permission denied' "$T/nobody" || fail "silence as nobody: $(cat "$T/nobody")"
	pass "silence refused to nobody"
else
	echo "note: not root, the refusal to nobody is not checked"
fi
$IW silence 'west-*' 1h "maintenance" > "$T/sil" || fail "silence failed"
SID=$(sed -n 's/^silence \(.*\) added$/\1/p' "$T/sil")
[ -n "$SID" ] || fail "silence printed no id: $(cat "$T/sil")"
$IW status --check > /dev/null; rc=$?
[ $rc -eq 0 ] || fail "status --check with the alert silenced: exit $rc"
$IW silence west-east 1x > /dev/null 2>&1 && fail "a bad duration was accepted"
$IW unsilence "$SID" > /dev/null || fail "unsilence failed"
$IW unsilence "$SID" > /dev/null 2>&1 && fail "unsilence of a removed silence succeeded"
pass "silence / unsilence"

$IW metrics > "$T/metrics" || fail "metrics failed"
if command -v promtool > /dev/null; then
	promtool check metrics < "$T/metrics" || fail "promtool rejects the metrics"
else
	"$PYTHON" "$TOOLS/prom-check.py" < "$T/metrics" || fail "metrics do not parse"
fi
for s in 'ipsecwatch_tunnel_up{tunnel="west-east"} 0' \
    'ipsecwatch_tunnel_errors_total{tunnel="west-east",error="dpd_dead_peer"} 1' \
    'ipsecwatch_deliveries_total{receiver="hook",result="ok"}' \
    'ipsecwatch_input_lines_total{input="gw"} 65'; do
	iw_has "$T/metrics" "$s" || fail "metrics lack $s"
done
pass "metrics parse and hold the tunnel, errors, deliveries, lines"
"$PYTHON" - "$MPORT" > "$T/hmetrics" <<'EOP' || fail "HTTP metrics listener"
import sys, urllib.request, urllib.error
base = "http://127.0.0.1:%s" % sys.argv[1]
r = urllib.request.urlopen(base + "/metrics", timeout=5)
assert r.headers["Content-Type"].startswith("text/plain; version=0.0.4"), r.headers
sys.stdout.write(r.read().decode())
try:
    urllib.request.urlopen(base + "/", timeout=5)
    sys.exit("/ answered 200")
except urllib.error.HTTPError as e:
    assert e.code == 404, e.code
EOP
"$PYTHON" "$TOOLS/prom-check.py" < "$T/hmetrics" || fail "HTTP metrics do not parse"
iw_has "$T/hmetrics" 'ipsecwatch_tunnel_up{tunnel="west-east"} 0' || fail "HTTP metrics lack the tunnel"
pass "metrics over HTTP (metrics.listen), 404 elsewhere"

$IW test-alert hook > "$T/test" || fail "test-alert hook: $(cat "$T/test")"
iw_wait 50 hook_seen '"kind":"test"' || fail "no test notification"
pass "test-alert delivered through the webhook"
$IW test-alert dead > "$T/test" 2>&1 && fail "test-alert to a dead receiver succeeded"
grep -q 'delivery failed' "$T/test" || fail "test-alert dead: $(cat "$T/test")"
$IW test-alert nosuch > "$T/test" 2>&1 && fail "test-alert to an unknown receiver succeeded"
pass "test-alert reports a failed delivery and an unknown receiver"

# SIGKILL after the state was saved; lines come while the daemon is down.
iw_wait 50 grep -q '"sent_firing": *true' "$T/state/state.json" ||
    fail "state file without the sent alert"
sleep 1.2
iw_stop KILL
grep -v 'SIGTERM\|shutting down' "$CORPUS/peer-dies/west.log" | head -30 > "$T/up.log"
retime "$T/up.log" 1 >> "$GW"
iw_start
iw_wait 100 sh -c "$IW tunnels | grep -q '^west-east  *up '" ||
    fail "after restart: tunnel not up: $($IW tunnels)"
pass "lines appended while the daemon was down were processed"
iw_wait 100 hook_seen '"status":"resolved"' '"kind":"tunnel_down"' ||
    fail "no resolved tunnel_down after the restart"
n=$(hooks_with '"status":"firing"' '"kind":"tunnel_down"' dpd_dead_peer)
[ "$n" -eq 1 ] || fail "tunnel_down firing sent $n times"
pass "no alert twice across SIGKILL; the resolution was sent"

# Reload: an input added, then removed; gw keeps its position.
OFF=$($IW --json status | input_field 0 offset)
echo "Nov 27 00:00:00 other charon: 00[DMN] hello" >> "$OTHER"
write_conf ", { name = \"other\"; type = \"file\"; path = \"$OTHER\"; start = \"beginning\"; }"
$IW reload > /dev/null || fail "reload failed"
$IW --json status > "$T/st"
[ "$(input_field 1 name < "$T/st")" = other ] || fail "input other not added"
[ "$(input_field 0 offset < "$T/st")" = "$OFF" ] || fail "gw moved on reload"
LINES=$(input_field 0 lines < "$T/st")
write_conf ""
$IW reload > /dev/null || fail "second reload failed"
$IW --json status > "$T/st"
"$PYTHON" -c 'import json,sys; d=json.load(sys.stdin); sys.exit(len(d["inputs"]) != 1)' \
    < "$T/st" || fail "input other not removed"
[ "$(input_field 0 offset < "$T/st")" = "$OFF" ] || fail "gw moved on the second reload"
[ "$(input_field 0 lines < "$T/st")" = "$LINES" ] || fail "gw read lines again"
pass "reload adds and removes inputs, gw keeps its position"

# Our own log lines are never read back as IPsec lines.
IPS=$($IW --json status | input_field 0 ipsec_lines)
LN=$($IW --json status | input_field 0 lines)
echo "$(date -u '+%b %e %H:%M:%S') gw ipsecwatchd[1]: 16[IKE] IKE_SA west-east[7] established between 192.0.2.1[west.example]...192.0.2.2[east.example]" >> "$GW"
more_lines() { [ "$($IW --json status | input_field 0 lines)" -gt "$LN" ]; }
iw_wait 50 more_lines || fail "the line was not read"
[ "$($IW --json status | input_field 0 ipsec_lines)" = "$IPS" ] ||
    fail "a line of ipsecwatchd was taken as an IPsec line"
pass "our own log lines are not taken as input"

iw_stop TERM
[ "$IW_STATUS" -eq 0 ] || fail "exit status $IW_STATUS after SIGTERM"
exit 0
