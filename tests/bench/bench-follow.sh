#!/bin/sh
# bench-follow.sh - figures of live following (prints only, never fails):
#
# 1. ipsecwatchd: latency from a line appended to the followed file to the
#    line processed (parsed and fed to the tracker).  The daemon runs in
#    the foreground with debug.processed_log, which it appends to right
#    after processing each line; a reader woken by inotify on that record
#    stamps each line's arrival.  A writer appends BENCH_FOLLOW_LINES
#    (default 2000) pluto lines, 1 ms apart, each carrying time.time_ns()
#    of its write.  p50/p99/max over all lines (target p99 < 10 ms).
# 2. ipsecwatchd idle: a fresh daemon following an empty file, nothing
#    written, for BENCH_IDLE_SECONDS (default 20): wake-ups counted two
#    ways, epoll_wait calls (strace -f -c -p: the loop's wake-ups) and the
#    rise of the daemon's voluntary context switches (/proc/PID/status, no
#    tracer attached; also counts the blocking fsyncs of a state save, so
#    an upper bound), per second (target at most 1 per second).
# 3. the input module alone (tests/tools/iw-follow): the same latency,
#    append to delivery through a line-buffered pipe.
#
# Environment: top_builddir (default .), BENCH_FOLLOW_LINES,
# BENCH_IDLE_SECONDS.
: "${top_builddir:=.}"
daemon=$top_builddir/src/ipsecwatchd
tool=$top_builddir/tests/tools/iw-follow
lines=${BENCH_FOLLOW_LINES:-2000}
idle=${BENCH_IDLE_SECONDS:-20}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/iw-bench.XXXXXX") || exit 1
dp= rp= lp=
trap 'for p in $dp $rp $lp; do kill -KILL $p 2>/dev/null; done; rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
unset NOTIFY_SOCKET WATCHDOG_USEC WATCHDOG_PID

# write_lines FILE: the timed writer.
write_lines() {
	python3 - "$1" "$lines" <<'PY'
import os, sys, time
fd = os.open(sys.argv[1], os.O_WRONLY | os.O_APPEND)
for i in range(int(sys.argv[2])):
    os.write(fd, b'Nov 27 12:00:00 gw pluto[4711]: "conn%d" #%d: STATE_QUICK_I2: '
             b'sent QI2, IPsec SA established tunnel mode t=%d\n'
             % (i % 50, i, time.time_ns()))
    time.sleep(0.001)
PY
}

# latency_of FILE N LABEL WHAT: read lines ending in "t=NS" as they arrive
# in FILE (inotify), until N lines; print the percentiles.
latency_of() {
	python3 - "$1" "$2" "$3" "$4" <<'PY'
import ctypes, os, select, sys, time
path, want, label, what = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
libc = ctypes.CDLL(None, use_errno=True)
ifd = libc.inotify_init1(os.O_NONBLOCK)
if libc.inotify_add_watch(ifd, path.encode(), 0x2) < 0:   # IN_MODIFY
    sys.exit("inotify_add_watch %s failed" % path)
f = open(path, "rb")
f.seek(0, 2)
lat, buf, t0 = [], b"", time.time()
while len(lat) < want and time.time() - t0 < 60:
    select.select([ifd], [], [], 1.0)
    now = time.time_ns()
    try:
        os.read(ifd, 65536)
    except BlockingIOError:
        pass
    buf += f.read()
    *done, buf = buf.split(b"\n")
    for ln in done:
        i = ln.rfind(b"t=")
        if i >= 0:
            lat.append((now - int(ln[i + 2:])) / 1e6)
lat.sort()
if not lat:
    print("%s: no line arrived" % label)
else:
    print("%s: latency append->%s over %d lines: p50 %.3f ms, p99 %.3f ms, "
          "max %.3f ms (target p99 < 10 ms)"
          % (label, what, len(lat), lat[len(lat) // 2], lat[int(len(lat) * 0.99)], lat[-1]))
PY
}

# start_daemon DIR: ipsecwatchd -f following DIR/gw.log, recording in DIR/rec.
start_daemon() {
	mkdir -p "$1"
	: > "$1/gw.log"
	: > "$1/rec"
	cat > "$1/c.conf" <<EOF
pidfile = "$1/pid";
state_dir = "$1/state";
control = { socket = "$1/sock"; };
inputs = ( { name = "gw"; type = "file"; path = "$1/gw.log"; } );
debug = { processed_log = "$1/rec"; };
EOF
	"$daemon" -f -c "$1/c.conf" 2> "$1/daemon.log" & dp=$!
	i=0
	while ! [ -S "$1/sock" ] || ! grep -q "started" "$1/daemon.log"; do
		i=$((i + 1))
		if [ $i -gt 100 ] || ! kill -0 $dp 2>/dev/null; then
			echo "ipsecwatchd did not start:"; cat "$1/daemon.log"; return 1
		fi
		sleep 0.1
	done
}

if [ -x "$daemon" ]; then
	# 1. the daemon's latency
	if start_daemon "$tmp/d1"; then
		latency_of "$tmp/d1/rec" "$lines" "ipsecwatchd" processed > "$tmp/lat1" & lp=$!
		sleep 0.3
		write_lines "$tmp/d1/gw.log"
		wait $lp
		cat "$tmp/lat1"
		kill -TERM $dp; wait $dp
	fi
	# 2. the daemon idle
	if start_daemon "$tmp/d2"; then
		sleep 1
		v0=$(awk '/^voluntary_ctxt_switches/ { print $2 }' /proc/$dp/status)
		sleep "$idle"
		v1=$(awk '/^voluntary_ctxt_switches/ { print $2 }' /proc/$dp/status)
		awk -v a="$v0" -v b="$v1" -v s="$idle" 'BEGIN { printf "ipsecwatchd idle: " \
		    "%d voluntary context switches in %d s = %.2f wake-ups/s " \
		    "(/proc/PID/status, an upper bound: the fsyncs of a state save " \
		    "count too; target <= 1/s)\n", b - a, s, (b - a) / s }'
		if command -v strace >/dev/null; then
			timeout -s INT "$idle" strace -f -c -e trace=epoll_wait,epoll_pwait \
			    -p $dp 2> "$tmp/strace" || true
			n=$(awk '/epoll_wait|epoll_pwait/ { print $4 }' "$tmp/strace" | head -1)
			awk -v n="${n:-0}" -v s="$idle" 'BEGIN { printf "ipsecwatchd idle: " \
			    "%d epoll_wait calls in %d s = %.2f wake-ups/s (strace -f -c -p; " \
			    "timers: state save every save_interval 10 s, input stat " \
			    "fallback every 5 s)\n", n, s, n / s }'
		else
			echo "ipsecwatchd idle: strace not installed, epoll_wait not counted"
		fi
		kill -TERM $dp; wait $dp
	fi
	dp=
else
	echo "ipsecwatchd not built: daemon figures not measured"
fi

# 3. the input module alone
if [ -x "$tool" ]; then
	touch "$tmp/b.log" "$tmp/out"
	"$tool" --file "$tmp/b.log" --from-beginning > "$tmp/out" 2>/dev/null & rp=$!
	sleep 0.5
	latency_of "$tmp/out" "$lines" "input module (iw-follow)" delivered > "$tmp/lat3" & lp=$!
	sleep 0.3
	write_lines "$tmp/b.log"
	wait $lp
	cat "$tmp/lat3"
	kill -TERM $rp; wait $rp
	rp=
else
	echo "$tool not built: input module latency not measured"
fi
exit 0
