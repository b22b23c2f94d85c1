#!/bin/sh
# Start in the foreground, pid file and socket, SIGTERM and SIGINT shut
# down cleanly and remove both; a stale socket file is removed; anything
# else at the socket path is left alone.
. "$top_srcdir/tests/regress/lib.sh"

iw_conf
iw_start
[ -S "$SOCK" ] || fail "no socket at $SOCK"
[ "$(stat -c %a "$SOCK")" = 660 ] || fail "socket mode $(stat -c %a "$SOCK"), want 660"
[ "$(cat "$PIDFILE")" = "$IW_PID" ] || fail "pid file holds $(cat "$PIDFILE"), daemon is $IW_PID"
pass "running: socket (mode 660) and pid file"

iw_stop TERM
[ "$IW_STATUS" -eq 0 ] || fail "exit status $IW_STATUS after SIGTERM"
[ -e "$PIDFILE" ] && fail "pid file left after SIGTERM"
[ -e "$SOCK" ] && fail "socket left after SIGTERM"
iw_has "$DLOG" "SIGTERM received, shutting down" || fail "no shutdown message"
pass "SIGTERM: exit 0, pid file and socket removed"

iw_start
iw_stop INT
[ "$IW_STATUS" -eq 0 ] || fail "exit status $IW_STATUS after SIGINT"
[ -e "$PIDFILE" ] || [ -e "$SOCK" ] && fail "pid file or socket left after SIGINT"
pass "SIGINT: exit 0, pid file and socket removed"

# A socket file nobody listens on (a crashed daemon's) is removed.
"$PYTHON" -c 'import socket, sys; s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])' "$SOCK"
[ -S "$SOCK" ] || fail "could not make a stale socket"
iw_start
iw_has "$DLOG" "removing stale socket $SOCK" || fail "stale socket not reported"
pass "stale socket removed at start"
iw_stop TERM

# A regular file at the socket path is not ours to remove.
echo precious > "$SOCK"
"$IPSECWATCHD" -f -c "$CONF" >"$T/out" 2>&1 && fail "started over a regular file"
iw_has "$T/out" "exists and is not a socket" || fail "no reason given: $(cat "$T/out")"
[ "$(cat "$SOCK")" = precious ] || fail "the regular file was changed"
[ -e "$PIDFILE" ] && fail "pid file left after a failed start"
rm -f "$SOCK"
pass "a regular file at the socket path is refused and kept"

# A missing socket directory is created.
rm -f "$CONF"
SOCK=$T/run/sub/ipsecwatch.sock
iw_conf
mkdir "$T/run"
iw_start
[ -S "$SOCK" ] || fail "no socket in the created directory"
iw_stop TERM
pass "missing socket directory created"
exit 0
