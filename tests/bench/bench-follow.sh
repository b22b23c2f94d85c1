#!/bin/sh
# Bench (prints only): latency from append to delivery, and idle wake-ups.
# Latency: a writer appends lines carrying time.time_ns(); iw-follow prints
# them; a reader of its output (line-buffered pipe) stamps the arrival.
# Idle: strace -f -c counts epoll_wait calls of iw-follow over 20 s idle.
: "${top_builddir:=.}"
tool="$top_builddir/tests/tools/iw-follow"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/iw-bench.XXXXXX") || exit 1
trap 'kill -KILL $rp $sp 2>/dev/null; rm -rf "$tmp"' EXIT
touch "$tmp/b.log"
mkfifo "$tmp/fifo"
python3 - "$tmp/fifo" > "$tmp/lat" <<'PY' &
import sys, time
lat = []
for ln in open(sys.argv[1], "rb"):
    now = time.time_ns()
    t = int(ln.rsplit(b" ", 1)[1])
    lat.append((now - t) / 1e6)
lat.sort()
if lat:
    print("latency append->delivery over %d lines: p50 %.3f ms, p99 %.3f ms, max %.3f ms"
          % (len(lat), lat[len(lat) // 2], lat[int(len(lat) * 0.99)], lat[-1]))
PY
lp=$!
"$tool" --file "$tmp/b.log" --from-beginning > "$tmp/fifo" 2>/dev/null & rp=$!
sleep 0.5
python3 - "$tmp/b.log" <<'PY'
import os, sys, time
fd = os.open(sys.argv[1], os.O_WRONLY | os.O_APPEND)
for i in range(2000):
    os.write(fd, b"Nov 27 12:00:00 gw charon: 05[IKE] bench %d %d\n" % (i, time.time_ns()))
    time.sleep(0.001)
PY
sleep 0.5
kill -TERM $rp; wait $lp; cat "$tmp/lat"
if command -v strace >/dev/null; then
	"$tool" --file "$tmp/b.log" --save-ms 0 > /dev/null 2>&1 & sp=$!
	sleep 0.5
	timeout -s INT 20 strace -f -c -e trace=epoll_wait,epoll_pwait -p $sp 2> "$tmp/strace" || true
	n=$(awk '/epoll_wait|epoll_pwait/ { print $4 }' "$tmp/strace" | head -1)
	echo "idle: ${n:-0} epoll_wait calls in 20 s (strace -f -c -p; iw-follow without periodic saves; input stat fallback every 5 s)"
else
	echo "idle: strace not installed, not measured"
fi
