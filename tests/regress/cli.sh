#!/bin/sh
# ipsecwatch: status as a table and as JSON, exit 2 and the exact message
# without a daemon, help, version, usage errors, colour only on a terminal.
. "$top_srcdir/tests/regress/lib.sh"

# No daemon: no socket file, and a socket file nobody answers on.
"$IPSECWATCH" --socket "$SOCK" status >"$T/out" 2>"$T/err"
st=$?
[ $st -eq 2 ] || fail "status without a daemon exited $st, want 2"
[ "$(cat "$T/err")" = "ipsecwatchd is not running (no socket at $SOCK)" ] ||
    fail "wrong message: $(cat "$T/err")"
[ -s "$T/out" ] && fail "stdout not empty without a daemon"
"$PYTHON" -c 'import socket, sys; s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])' "$SOCK"
"$IPSECWATCH" --socket "$SOCK" reload >/dev/null 2>"$T/err"
st=$?
[ $st -eq 2 ] || fail "reload on a stale socket exited $st, want 2"
[ "$(cat "$T/err")" = "ipsecwatchd is not running (no socket at $SOCK)" ] ||
    fail "wrong message on a stale socket: $(cat "$T/err")"
IPSECWATCH_SOCKET=$SOCK "$IPSECWATCH" status >/dev/null 2>"$T/err"
[ $? -eq 2 ] || fail "IPSECWATCH_SOCKET not used"
iw_has "$T/err" "$SOCK" || fail "IPSECWATCH_SOCKET not used: $(cat "$T/err")"
rm -f "$SOCK"
pass "no daemon: exit 2, exact message"

iw_conf
iw_start

"$IPSECWATCH" --socket "$SOCK" status >"$T/out" 2>"$T/err" || fail "status failed: $(cat "$T/err")"
head -1 "$T/out" | grep -q "^ipsecwatchd [0-9][0-9.]*, pid $IW_PID\$" || fail "status header: $(head -1 "$T/out")"
grep -q "^  config  *$CONF\$" "$T/out" || fail "status lacks the config: $(cat "$T/out")"
grep -q "^  started  *[0-9T:-]*Z (up [0-9]" "$T/out" || fail "status lacks the start time: $(cat "$T/out")"
grep -q "^  user  *$(id -un)\$" "$T/out" || fail "status lacks the user"
grep -q "$(printf '\033')" "$T/out" && fail "colour codes although stdout is not a terminal"
pass "status table"

"$IPSECWATCH" --socket "$SOCK" status --json > "$T/j1" || fail "status --json"
"$IPSECWATCH" --json --socket "$SOCK" status > "$T/j2" || fail "--json status"
for f in "$T/j1" "$T/j2"; do
	[ "$(iw_json ok < "$f")" = true ] || fail "--json: $(cat "$f")"
	[ "$(iw_json version < "$f")" = 1 ] || fail "--json: no version"
	[ "$(iw_json daemon.pid < "$f")" = "$IW_PID" ] || fail "--json: pid"
	[ "$(iw_json daemon.config < "$f")" = "$CONF" ] || fail "--json: config"
	[ "$(wc -l < "$f")" -eq 1 ] || fail "--json is not the daemon's one line"
done
pass "status --json passes the daemon's reply through"

# Colour: only on a terminal, never with NO_COLOR.
if command -v script >/dev/null; then
	script -qec "$IPSECWATCH --socket $SOCK status" /dev/null > "$T/tty" 2>&1
	grep -q "$(printf '\033')\[" "$T/tty" || fail "no colour on a terminal: $(cat "$T/tty")"
	NO_COLOR=1 script -qec "$IPSECWATCH --socket $SOCK status" /dev/null > "$T/tty" 2>&1
	grep -q "$(printf '\033')\[" "$T/tty" && fail "colour despite NO_COLOR"
	iw_has "$T/tty" "pid $IW_PID" || fail "status on a terminal: $(cat "$T/tty")"
	pass "colour on a terminal, none with NO_COLOR"
else
	echo "note: script(1) missing, colour on a terminal not checked"
fi

# help, version, usage errors.
"$IPSECWATCH" help > "$T/out" || fail "help"
for c in status reload help version; do
	grep -q "^  $c " "$T/out" || fail "help does not list $c"
done
"$IPSECWATCH" help reload > "$T/out" || fail "help reload"
head -1 "$T/out" | grep -q "^usage: ipsecwatch reload" || fail "help reload: $(cat "$T/out")"
iw_has "$T/out" "exit status 2 when it is not running" || fail "help reload: daemon note missing"
"$IPSECWATCH" help frob >/dev/null 2>&1 && fail "help on an unknown command succeeded"
"$IPSECWATCH" frob >/dev/null 2>"$T/err" && fail "unknown command succeeded"
iw_has "$T/err" 'unknown command "frob"' || fail "unknown command: $(cat "$T/err")"
"$IPSECWATCH" --socket "$SOCK" status extra >/dev/null 2>"$T/err"
[ $? -eq 1 ] || fail "extra argument not a usage error"
iw_has "$T/err" "usage: ipsecwatch status" || fail "no usage line: $(cat "$T/err")"
"$IPSECWATCH" >/dev/null 2>&1 && fail "no command succeeded"
pass "help, help CMD, unknown commands, usage errors"

"$IPSECWATCH" --socket "$SOCK" version > "$T/out" || fail "version"
grep -q "^ipsecwatch [0-9]" "$T/out" || fail "version: $(cat "$T/out")"
grep -q "^ipsecwatchd [0-9].* (running)" "$T/out" || fail "version does not show the daemon: $(cat "$T/out")"
"$IPSECWATCH" -V | grep -q "^libevent " || fail "-V lacks libevent"
pass "version and -V"

iw_stop TERM
"$IPSECWATCH" --socket "$SOCK" version > "$T/out" 2>&1 || fail "version without a daemon failed"
iw_has "$T/out" "ipsecwatchd not reachable at $SOCK" || fail "version without daemon: $(cat "$T/out")"
pass "version without a daemon"
exit 0
