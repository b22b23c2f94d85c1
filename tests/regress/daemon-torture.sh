#!/bin/sh
# Rotation-and-kill torture of ipsecwatchd itself: a writer appends numbered
# pluto lines at a high rate while the followed file is rotated in every way
# (rename+create, copytruncate, truncate in place, delete+recreate, rename
# and copytruncate while the daemon is down) and the daemon is killed
# (SIGKILL, sometimes SIGTERM) and restarted at random moments.  The daemon
# runs in the foreground on a private config with debug.processed_log; at
# the end every numbered line is in that record exactly once, and whenever
# the daemon has caught up its status counters (lines, ipsec_lines,
# unrecognized) agree with the record.  Driver: input-torture.py (daemon).
#
# DAEMON_TORTURE_ROUNDS (default 2), DAEMON_TORTURE_STEPS (default 20),
# TORTURE_SEED; on failure the work directory is kept and named.
# Longer: make check TESTS=tests/regress/daemon-torture.sh DAEMON_TORTURE_ROUNDS=50
: "${top_builddir:=.}" "${top_srcdir:=.}"
command -v python3 >/dev/null || { echo "SKIP: python3 not found"; exit 77; }
daemon="$top_builddir/src/ipsecwatchd"
[ -x "$daemon" ] || { echo "FAIL: $daemon not built"; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/iw-dtorture.XXXXXX") || exit 1
rc=1
trap 'pkill -KILL -P $$ 2>/dev/null; if [ $rc = 0 ]; then rm -rf "$tmp"; else echo "kept $tmp"; fi' EXIT
trap 'exit 1' INT TERM
# The daemon must not look for a systemd manager or a socket of the caller.
unset NOTIFY_SOCKET WATCHDOG_USEC WATCHDOG_PID IPSECWATCH_SOCKET
seed=${TORTURE_SEED:-$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')}
echo "seed $seed (rerun with TORTURE_SEED=$seed)"
timeout -k 5 ${TORTURE_TIMEOUT:-900} python3 "$top_srcdir/tests/regress/input-torture.py" daemon \
    "$daemon" "$tmp" "$seed" "${DAEMON_TORTURE_ROUNDS:-2}" "${DAEMON_TORTURE_STEPS:-20}"
rc=$?
exit $rc
