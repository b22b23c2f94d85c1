#!/bin/sh
# sd_notify: READY=1 with STATUS=, RELOADING=1 with MONOTONIC_USEC then
# READY=1, WATCHDOG=1 at half of WATCHDOG_USEC, STOPPING=1; started with
# NOTIFY_SOCKET (and no -f) the daemon stays in the foreground.
. "$top_srcdir/tests/regress/lib.sh"

"$IPSECWATCHD" -V | grep -q "^libsystemd [0-9]" || skip "built without libsystemd"

NSOCK=$T/notify.sock
NOUT=$T/notify.out
"$PYTHON" "$REGRESS/notify-listen.py" "$NSOCK" "$NOUT" &
IW_PIDS="$IW_PIDS $!"
iw_wait 50 test -e "$NOUT.ready" || fail "notify listener did not start"

iw_conf
# No -f: NOTIFY_SOCKET alone must keep it from detaching.
NOTIFY_SOCKET=$NSOCK WATCHDOG_USEC=400000 "$IPSECWATCHD" -c "$CONF" >>"$DLOG" 2>&1 &
IW_PID=$!
IW_PIDS="$IW_PIDS $IW_PID"
iw_wait 100 iw_has "$NOUT" "READY=1" || fail "no READY=1: $(cat "$NOUT")"
iw_alive || fail "the started process is gone: it detached under NOTIFY_SOCKET"
[ "$(cat "$PIDFILE")" = "$IW_PID" ] || fail "pid file $(cat "$PIDFILE") is not the started process $IW_PID"
grep -q "^STATUS=running; configuration $CONF\$" "$NOUT" || fail "no STATUS= line with READY=1: $(cat "$NOUT")"
iw_answers >/dev/null || fail "not answering"
pass "READY=1 with STATUS=, no detaching under systemd"

# 400 ms watchdog: a ping every 200 ms, so about 5 a second (2.5 would
# mean pinging at the full interval, which is too late).
n1=$(grep -c "^WATCHDOG=1\$" "$NOUT"); t1=$(date +%s.%N)
sleep 2
n2=$(grep -c "^WATCHDOG=1\$" "$NOUT"); t2=$(date +%s.%N)
rate=$("$PYTHON" -c "print('%.1f' % (($n2 - $n1) / ($t2 - $t1)))")
"$PYTHON" -c "import sys; sys.exit(not 3.2 <= $rate <= 6.5)" ||
    fail "$rate WATCHDOG=1 per second with WATCHDOG_USEC=400000, want about 5"
"$IPSECWATCH" --socket "$SOCK" status --json | iw_json daemon.watchdog_usec | grep -qx 400000 ||
    fail "status does not show the watchdog"
pass "WATCHDOG=1 at half the interval ($rate per second)"

kill -HUP "$IW_PID"
iw_wait 50 iw_has "$NOUT" "RELOADING=1" || fail "no RELOADING=1"
iw_wait 50 sh -c "[ \$(grep -c '^READY=1\$' '$NOUT') -ge 2 ]" || fail "no READY=1 after the reload"
"$PYTHON" - "$NOUT" <<'EOP' || fail "RELOADING=1 record: $(cat "$NOUT")"
import re, sys, time
recs = open(sys.argv[1]).read().split("--\n")
rel = [r for r in recs if "RELOADING=1" in r]
m = re.search(r"^MONOTONIC_USEC=(\d+)$", rel[0], re.M)
assert m, "no MONOTONIC_USEC"
now = time.clock_gettime(time.CLOCK_MONOTONIC) * 1e6
assert 0 < now - int(m.group(1)) < 60e6, "MONOTONIC_USEC not the monotonic clock"
i = recs.index(rel[0])
assert any("READY=1" in r for r in recs[i + 1:]), "no READY=1 after RELOADING=1"
EOP
pass "RELOADING=1 with MONOTONIC_USEC, then READY=1"

# A failed reload still ends with READY=1 and says so in STATUS=.
echo "bogus = 1;" >> "$CONF"
kill -HUP "$IW_PID"
iw_wait 50 iw_has "$NOUT" "STATUS=running on the previous configuration: reload failed with 1 error" ||
    fail "no STATUS= for the failed reload: $(cat "$NOUT")"
[ "$(grep -c '^READY=1$' "$NOUT")" -ge 3 ] || fail "no READY=1 after the failed reload"
# Without journald the log goes to stderr, errors included.
if [ ! -S /run/systemd/journal/socket ]; then
	iw_has "$DLOG" 'unknown setting "bogus"' || fail "reload error not logged to stderr without a journal"
fi
pass "failed reload: READY=1 with a STATUS= saying so"

iw_stop TERM
iw_has "$NOUT" "STOPPING=1" || fail "no STOPPING=1"
pass "STOPPING=1"
exit 0
