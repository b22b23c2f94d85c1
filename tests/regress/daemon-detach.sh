#!/bin/sh
# Without -f and outside systemd the daemon detaches; the starting process
# exits 0 once it is ready, or non-zero with the error on stderr when the
# start fails after detaching.
. "$top_srcdir/tests/regress/lib.sh"

iw_conf
"$IPSECWATCHD" -c "$CONF" >"$T/out" 2>&1
st=$?
[ $st -eq 0 ] || fail "detached start exited $st: $(cat "$T/out")"
[ -s "$PIDFILE" ] || fail "no pid file once the starter returned"
pid=$(cat "$PIDFILE")
IW_PIDS="$IW_PIDS $pid"
iw_alive "$pid" || fail "daemon $pid not running"
iw_answers >/dev/null || fail "detached daemon does not answer"
[ "$(ps -o sid= -p "$pid")" != "$(ps -o sid= -p $$)" ] || fail "daemon still in our session"
[ "$(ps -o ppid= -p "$pid" | tr -d ' ')" != $$ ] || fail "daemon is still our child"
[ "$(readlink "/proc/$pid/cwd")" = / ] || fail "daemon did not chdir /"
[ "$(readlink "/proc/$pid/fd/2")" = /dev/null ] || fail "stderr not /dev/null"
pass "detached: pid $pid, own session, cwd /, stdio on /dev/null"
kill -TERM "$pid"
iw_wait 100 sh -c "! kill -0 $pid 2>/dev/null" || fail "detached daemon did not stop"
[ -e "$PIDFILE" ] || [ -e "$SOCK" ] && fail "pid file or socket left"
pass "detached daemon stops on SIGTERM"

# A failure after detaching (pid file directory missing) reaches the starter.
PIDFILE=$T/nodir/ipsecwatchd.pid
iw_conf
"$IPSECWATCHD" -c "$CONF" >"$T/out" 2>"$T/err"
st=$?
[ $st -ne 0 ] || fail "starter exited 0 although the daemon failed"
iw_has "$T/err" "$T/nodir/ipsecwatchd.pid" || fail "error not on the starter's stderr: $(cat "$T/err")"
iw_has "$T/err" "startup failed" || fail "no startup failure on stderr: $(cat "$T/err")"
iw_wait 50 sh -c "[ ! -e '$SOCK' ]" || fail "socket left by the failed daemon"
pass "failure after detaching: exit $st, error on stderr"
exit 0
