#!/bin/sh
# A second instance refuses to start: same socket, same pid file, or both;
# a stale pid file does not block a start.
. "$top_srcdir/tests/regress/lib.sh"

iw_conf
iw_start
first=$IW_PID

# Same config: the pid file check refuses before the socket is touched.
"$IPSECWATCHD" -f -c "$CONF" >"$T/out" 2>&1 && fail "second instance started"
iw_has "$T/out" "another ipsecwatchd is running (pid $first)" || fail "same config: $(cat "$T/out")"
pass "same pid file and socket: refused"

# Same socket, own pid file: another daemon answers on the socket.
sed "s|$PIDFILE|$T/other.pid|" "$CONF" > "$T/sock.conf"
"$IPSECWATCHD" -f -c "$T/sock.conf" >"$T/out" 2>&1 && fail "second instance on the same socket started"
iw_has "$T/out" "another ipsecwatchd answers on this socket" || fail "same socket: $(cat "$T/out")"
[ -e "$T/other.pid" ] && fail "refused instance wrote a pid file"
pass "same socket: refused"

# Same pid file, own socket.
sed "s|$SOCK|$T/other.sock|" "$CONF" > "$T/pid.conf"
"$IPSECWATCHD" -f -c "$T/pid.conf" >"$T/out" 2>&1 && fail "second instance with the same pid file started"
iw_has "$T/out" "another ipsecwatchd is running" || fail "same pid file: $(cat "$T/out")"
[ -e "$T/other.sock" ] && fail "refused instance left a socket"
pass "same pid file: refused"

# The first one is unharmed.
iw_alive "$first" || fail "first instance died"
iw_answers >/dev/null || fail "first instance stopped answering"
[ "$(cat "$PIDFILE")" = "$first" ] || fail "pid file changed"
iw_stop TERM "$first"
pass "first instance still serving"

# A pid file naming a dead process, or a live process that is not
# ipsecwatchd, is stale.
sh -c 'exit 0' & dead=$!
wait $dead
echo "$dead" > "$PIDFILE"
iw_start
[ "$(cat "$PIDFILE")" = "$IW_PID" ] || fail "stale pid file (dead pid) not replaced"
iw_stop TERM
sleep 30 & other=$!
IW_PIDS="$IW_PIDS $other"
echo "$other" > "$PIDFILE"
iw_start
[ "$(cat "$PIDFILE")" = "$IW_PID" ] || fail "stale pid file (reused pid) not replaced"
iw_stop TERM
pass "stale pid files do not block a start"
exit 0
