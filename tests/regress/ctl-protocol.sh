#!/bin/sh
# The status socket protocol: both request forms, error replies for
# garbage, over-long and NUL-bearing requests, idle clients dropped,
# clients that never read do not block others, the client limit.
. "$top_srcdir/tests/regress/lib.sh"

{
	echo "pidfile = \"$PIDFILE\";"
	echo "state_dir = \"$T/state\";"
	echo "control = { socket = \"$SOCK\"; max_clients = 3; };"
} > "$CONF"
iw_start

# Reply shape: one line, version and ok.
iw_send line '{"command": "status", "args": []}' > "$T/r"
[ "$(wc -l < "$T/r")" -eq 1 ] || fail "reply is not one line: $(cat "$T/r")"
[ "$(iw_json version < "$T/r")" = 1 ] || fail "no protocol version: $(cat "$T/r")"
[ "$(iw_json ok < "$T/r")" = true ] || fail "status not ok: $(cat "$T/r")"
[ "$(iw_json daemon.pid < "$T/r")" = "$IW_PID" ] || fail "wrong pid: $(cat "$T/r")"
pass "JSON request: one-line reply with version and ok"

iw_send line 'status' > "$T/r"
[ "$(iw_json ok < "$T/r")" = true ] || fail "word request failed: $(cat "$T/r")"
iw_send raw 'status' > "$T/r"
[ "$(iw_json ok < "$T/r")" = true ] || fail "request without newline at EOF failed: $(cat "$T/r")"
iw_send raw 'status\r\n' > "$T/r"
[ "$(iw_json ok < "$T/r")" = true ] || fail "CRLF request failed: $(cat "$T/r")"
pass "word requests, CRLF and a last line without newline"

# Errors: ok false, an error text, the version, and the daemon lives on.
check_error() {
	[ "$(iw_json ok < "$T/r")" = false ] || fail "$1: not an error reply: $(cat "$T/r")"
	[ "$(iw_json version < "$T/r")" = 1 ] || fail "$1: no version: $(cat "$T/r")"
	iw_json error < "$T/r" | grep -q -- "$2" || fail "$1: error is not \"$2\": $(cat "$T/r")"
	iw_alive || fail "daemon died on $1"
}
iw_send line 'frobnicate now' > "$T/r";			check_error "unknown command" 'unknown command "frobnicate"'
iw_send line "$(printf '\342\202\254\377garbage')" > "$T/r";	check_error "non-UTF-8 garbage" 'unknown command'
iw_send line '{"command": 42}' > "$T/r";			check_error "command not a string" 'no "command" string'
iw_send line '{"command": "status", "args": "x"}' > "$T/r";	check_error "args not an array" '"args" must be an array'
iw_send line '{"command": "status", "args": [1]}' > "$T/r";	check_error "args not strings" '"args" must be an array'
iw_send line '{"command": ' > "$T/r";				check_error "broken JSON" 'not valid JSON'
iw_send line '' > "$T/r";					check_error "empty line" 'empty request'
iw_send line 'status extra' > "$T/r";				check_error "extra argument" 'wrong number of arguments'
iw_send raw 'sta\x00tus\n' > "$T/r";				check_error "NUL byte" 'NUL byte'
iw_send long 4095 > "$T/r";					check_error "4095-byte line" 'unknown command'
iw_send long 4096 > "$T/r";					check_error "4096-byte line" 'request longer than 4095 bytes'
iw_send long 1048576 > "$T/r";					check_error "1 MB line" 'request longer than 4095 bytes'
pass "garbage, broken JSON, bad arguments, NUL, over-long lines: error replies"

# A client that never sends, and one that trickles a byte a second, are
# dropped 10 s after connecting.
iw_send trickle > "$T/trickle" &
trickler=$!
secs=$(iw_send idle) || fail "idle client"
wait $trickler
tsecs=$(cat "$T/trickle")
"$PYTHON" -c "import sys; sys.exit(not (8 <= float('$secs') <= 15))" ||
    fail "idle client dropped after $secs s, want about 10"
"$PYTHON" -c "import sys; sys.exit(not (8 <= float('$tsecs') <= 15))" ||
    fail "trickling client dropped after $tsecs s, want about 10"
pass "idle client dropped after $secs s, trickling one after $tsecs s"

# A client that asks and never reads does not block anyone.
mkfifo "$T/hold"
iw_send noread > "$T/noread.out" < "$T/hold" &
IW_PIDS="$IW_PIDS $!"
exec 9>"$T/hold"
iw_wait 50 iw_has "$T/noread.out" sent || fail "noread client did not start"
for i in 1 2 3 4 5; do
	iw_answers >/dev/null || fail "status blocked by a client that does not read"
done
exec 9>&-
pass "a client that never reads does not block the loop"

# The client limit: 3 held connections, the 4th is refused, then served again.
rm -f "$T/hold"; mkfifo "$T/hold"
iw_send hold 3 > "$T/hold.out" < "$T/hold" &
holder=$!
IW_PIDS="$IW_PIDS $holder"
exec 9>"$T/hold"
iw_wait 50 iw_has "$T/hold.out" held || fail "could not hold 3 connections"
iw_send line status > "$T/r";	check_error "client limit" 'too many clients'
iw_has "$DLOG" "3 clients connected, refusing more" || fail "refusal not logged"
exec 9>&-
iw_wait 50 iw_answers || fail "not serving again after the held clients left"
pass "max_clients: extra clients refused with an error reply, served again later"

iw_stop TERM
[ "$IW_STATUS" -eq 0 ] || fail "exit status $IW_STATUS"
exit 0
