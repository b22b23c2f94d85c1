#!/bin/sh
# engine-catchup.sh - max_catchup_age: lines older than it update the
# tunnel state but never alert; lines within it alert.  The real daemon
# follows a log file; a webhook receiver (http-sink.py) counts what is sent.
#
# Clock: peer-dies/west.log is rewritten to end 2 hours ago (older than
# max_catchup_age = 1h), then psk-mismatch/west.log (strongSwan, the
# peer refuses our PSK) rewritten to end a few seconds ago.
. "${top_srcdir:-.}/tests/regress/lib.sh"

CORPUS=$top_srcdir/tests/data/corpus
TOOLS=$top_srcdir/tests/tools
HOOKS=$T/hooks
GW=$T/gw.log
mkdir -p "$HOOKS"
: > "$GW"
"$PYTHON" "$TOOLS/http-sink.py" --outdir "$HOOKS" --port-file "$T/port" \
    2>"$T/sink.log" &
IW_PIDS="$IW_PIDS $!"
iw_wait 50 test -s "$T/port" || fail "http-sink did not start"
iw_conf <<EOC
plugin_dir = "$top_builddir/src/.libs";
max_catchup_age = "1h";
inputs = ( { name = "gw"; type = "file"; path = "$GW"; start = "beginning"; } );
tunnels = { down_grace = "2s"; };
alerts = { group_wait = "1s"; group_interval = "1s"; };
receivers = ( { name = "hook"; plugin = "webhook";
  url = "http://127.0.0.1:$(cat "$T/port")/"; min_severity = "info"; } );
EOC
IW="$IPSECWATCH --socket $SOCK"

# Two hours old: state only.
"$PYTHON" "$TOOLS/iw-retime.py" --ago 7200 "$CORPUS/peer-dies/west.log" >> "$GW"
iw_start
iw_wait 50 sh -c "$IW tunnels | grep -q '^west-east  *down '" ||
    fail "old lines did not update the state: $($IW tunnels)"
sleep 2.5
[ -z "$(ls "$HOOKS")" ] || fail "old lines alerted: $(cat "$HOOKS"/*)"
n=$($IW --json status | iw_json alerts_not_notified_catchup)
[ "$n" -ge 1 ] || fail "no catch-up alert counted as not notified ($n)"
pass "lines older than max_catchup_age update the state without alerting"

# Fresh lines: the peer refuses our authentication; this alerts.
"$PYTHON" "$TOOLS/iw-retime.py" --ago 3 "$CORPUS/psk-mismatch/west.log" >> "$GW"
fresh() { grep -q auth_failed_by_peer "$HOOKS"/*.json; }
iw_wait 100 fresh || fail "fresh lines did not alert"
if grep -q dpd_dead_peer "$HOOKS"/*.json; then
	fail "the old DPD tunnel_down was sent"
fi
pass "lines within max_catchup_age alert"
exit 0
