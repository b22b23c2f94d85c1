#!/usr/bin/env python3
"""Raw client of the ipsecwatchd status socket, for the regress tests.

usage: ctl-send.py SOCKET MODE [ARG]
  line TEXT      send TEXT + "\\n", print the reply
  raw TEXT       send TEXT as is, shut down writing, print the reply
  long N         send a line of N bytes ("x" * N + "\\n"), print the reply
  idle           connect, send nothing; print the seconds until the daemon
                 closes (gives up after 30 s)
  trickle        send one byte of "status" a second, never the newline;
                 print the seconds until the daemon closes
  hold N         open N connections that send nothing, print "held", wait
                 for stdin to close, then close them
  noread         send "status\\n" and never read; print "sent", wait for stdin
"""
import codecs
import socket
import sys
import time


def connect(path):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(30)
    s.connect(path)
    return s


def read_all(s):
    data = b""
    while True:
        try:
            chunk = s.recv(65536)
        except ConnectionResetError:
            break
        if not chunk:
            break
        data += chunk
    return data


def send_ignoring_close(s, data):
    # The daemon may answer and close before it has read everything.
    try:
        s.sendall(data)
    except (BrokenPipeError, ConnectionResetError):
        pass


def main():
    path, mode = sys.argv[1], sys.argv[2]
    arg = sys.argv[3] if len(sys.argv) > 3 else ""
    if mode == "line":
        s = connect(path)
        send_ignoring_close(s, arg.encode("utf-8", "surrogateescape") + b"\n")
        sys.stdout.write(read_all(s).decode("utf-8", "replace"))
    elif mode == "raw":
        s = connect(path)
        # TEXT may hold escapes such as \\x00 or \\r.
        send_ignoring_close(s, codecs.decode(arg, "unicode_escape").encode("latin-1"))
        s.shutdown(socket.SHUT_WR)
        sys.stdout.write(read_all(s).decode("utf-8", "replace"))
    elif mode == "long":
        s = connect(path)
        send_ignoring_close(s, b"x" * int(arg) + b"\n")
        sys.stdout.write(read_all(s).decode("utf-8", "replace"))
    elif mode == "idle":
        s = connect(path)
        t0 = time.monotonic()
        read_all(s)
        print("%.1f" % (time.monotonic() - t0))
    elif mode == "trickle":
        s = connect(path)
        s.setblocking(False)
        t0 = time.monotonic()
        for b in b"status" * 5:
            try:
                s.send(bytes([b]))
                time.sleep(1)
                if s.recv(65536) == b"":
                    break
            except BlockingIOError:
                continue
            except (BrokenPipeError, ConnectionResetError):
                break
        print("%.1f" % (time.monotonic() - t0))
    elif mode == "hold":
        conns = [connect(path) for _ in range(int(arg))]
        print("held", flush=True)
        sys.stdin.read()
        for c in conns:
            c.close()
    elif mode == "noread":
        s = connect(path)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1024)
        s.sendall(b"status\n")
        print("sent", flush=True)
        sys.stdin.read()
        s.close()
    else:
        sys.exit("unknown mode " + mode)


if __name__ == "__main__":
    main()
