#!/bin/sh
# engine-crash-notify.sh - a notification is recorded as sent at once: the
# daemon saves its state right after spooling it, so a SIGKILL soon after
# does not bring back the older alert state (with save_interval at one
# hour, the periodic save never runs here).  After the restart the same
# lines are read again (their positions were saved with the alert) and no
# second notification is sent.
. "${top_srcdir:-.}/tests/regress/lib.sh"

TOOLS=$top_srcdir/tests/tools
HOOKS=$T/hooks
GW=$T/gw.log
mkdir -p "$HOOKS" "$T/state"
: > "$GW"
[ -n "$PYTHON" ] || skip "python3 is needed for the HTTP receiver"

"$PYTHON" "$TOOLS/http-sink.py" --outdir "$HOOKS" --port-file "$T/port" \
    2>"$T/sink.log" &
IW_PIDS="$IW_PIDS $!"
iw_wait 50 test -s "$T/port" || fail "http-sink did not start"
PORT=$(cat "$T/port")

iw_conf <<EOC
plugin_dir = "$top_builddir/src/.libs";
save_interval = "1h";
inputs = ( { name = "gw"; type = "file"; path = "$GW"; start = "beginning"; } );
alerts = { group_wait = "0s"; };
receivers = ( { name = "hook"; plugin = "webhook";
    url = "http://127.0.0.1:$PORT/"; min_severity = "info"; } );
EOC
hooks() { ls "$HOOKS" | grep -c '\.json$'; }

iw_start
now=$(date '+%b %e %H:%M:%S')
for i in 1 2 3; do
	echo "$now gw charon: 09[IKE] <site$i|$i> received AUTHENTICATION_FAILED notify error" >> "$GW"
done
iw_wait 100 sh -c "[ \$(ls '$HOOKS' | grep -c '\.json\$') -ge 3 ]" ||
    fail "not 3 notifications: $(hooks)"
iw_stop KILL
pass "3 notifications delivered, daemon killed"
grep -q '"sent_firing": *true' "$T/state/state.json" ||
    fail "state file does not record the sent alerts"
pass "the state file records them as sent (save_interval is 1 h)"

iw_start
sleep 3
n=$(hooks)
[ "$n" -eq 3 ] || fail "$n notifications after the restart, want 3"
$IPSECWATCH --socket "$SOCK" alerts | grep -q site2 ||
    fail "alert of site2 not firing after the restart"
pass "no notification sent twice after SIGKILL; the alerts still fire"
iw_stop TERM
echo "3 passed, 0 failed"
