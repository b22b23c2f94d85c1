#!/usr/bin/python3
"""Abusive clients of the ipsecwatchd status socket, for ctl-abuse.sh.

usage: ctl-abuse.py MODE ARGS...
  gen FILE N             write a syslog file with N strongSwan tunnels
                         (a00000 ...) coming up, stamped a few seconds ago
  append FILE SECS NEW   append an IPsec line every 20 ms for SECS seconds;
                         half way, tunnel NEW comes up; print the count
  flood SOCK N CMD       N clients connect at once (all connected before any
                         sends), then each sends CMD and reads its reply;
                         print a JSON summary
  garbage SOCK N SEED    N requests of random bytes one after the other;
                         print a JSON summary
  burst SOCK N CMD       N requests of CMD one after the other, as fast as
                         possible; print a JSON summary
  hold SOCK N            open N connections that send nothing; print a JSON
                         summary of those the daemon kept and the refusals,
                         then wait for stdin to close
  noread SOCK CMD        send CMD, never read; print "sent", wait for stdin

Every reply must be one JSON object with "version" 1 and "ok"; a summary
lists whatever was not ("bad") so the shell test can fail on it.
"""
import datetime
import json
import random
import socket
import sys
import threading
import time

PROTOCOL_VERSION = 1


def stamp(t):
    return t.strftime("%b ") + ("%2d" % t.day) + t.strftime(" %H:%M:%S")


def charon_up(t, name, n):
    """The lines of a strongSwan IKEv2 tunnel coming up (see the corpus)."""
    peer = "10.%d.%d.1" % (n // 256 % 256, n % 256)
    s = stamp(t)
    return [
        "%s gw charon: 09[IKE] initiating IKE_SA %s[%d] to %s" % (s, name, n + 1, peer),
        "%s gw charon: 09[IKE] IKE_SA %s[%d] established between "
        "192.0.2.1[gw.example]...%s[peer%d.example]" % (s, name, n + 1, peer, n),
        "%s gw charon: 09[IKE] scheduling rekeying in 14400s" % s,
        "%s gw charon: 09[IKE] CHILD_SA %s{%d} established with SPIs "
        "%08x_i %08x_o and TS 172.16.0.0/24 === 10.%d.%d.0/24"
        % (s, name, n + 1, 0xc0000000 + n, 0xd0000000 + n, n // 256 % 256, n % 256),
    ]


def now_utc():
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


def gen(path, n):
    t = now_utc() - datetime.timedelta(seconds=5)
    with open(path, "a") as f:
        for i in range(n):
            f.write("\n".join(charon_up(t, "a%05d" % i, i)) + "\n")


def append(path, secs, new):
    end = time.monotonic() + secs
    half = time.monotonic() + secs / 2
    count = 0
    added = False
    with open(path, "a") as f:
        while time.monotonic() < end:
            t = now_utc()
            if not added and time.monotonic() >= half:
                lines = charon_up(t, new, 60000)
                added = True
            else:
                lines = ["%s gw charon: 05[IKE] sending DPD request" % stamp(t),
                         "%s gw charon: 05[ENC] generating INFORMATIONAL request "
                         "%d [ ]" % (stamp(t), count)]
            f.write("\n".join(lines) + "\n")
            f.flush()
            count += len(lines)
            time.sleep(0.02)
    print(count)


def connect(path, timeout=30):
    # A blocking connect, as ipsecwatch does: with a timeout set, Python
    # connects non-blocking and a full listen backlog gives EAGAIN.
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    s.settimeout(timeout)
    return s


def read_reply(s):
    data = b""
    while True:
        try:
            chunk = s.recv(65536)
        except ConnectionResetError:
            break
        except socket.timeout:
            return data, "timeout"
        if not chunk:
            break
        data += chunk
    return data, None


def judge(data, summary):
    """Count one reply into summary: ok, an error text, or bad."""
    try:
        text = data.decode("utf-8")
        if text.count("\n") != 1 or not text.endswith("\n"):
            raise ValueError("not one line")
        r = json.loads(text)
        if not isinstance(r, dict) or r.get("version") != PROTOCOL_VERSION:
            raise ValueError("no version %d" % PROTOCOL_VERSION)
        if r.get("ok") is True:
            summary["ok"] += 1
        elif r.get("ok") is False and isinstance(r.get("error"), str):
            e = r["error"][:120]		# the summary counts kinds
            summary["errors"][e] = summary["errors"].get(e, 0) + 1
            if "retry_after" in r:
                summary["retry_after"].add(r["retry_after"])
        else:
            raise ValueError("no ok/error")
    except ValueError as e:
        summary["bad"].append("%s: %r" % (e, data[:200]))


def new_summary():
    return {"ok": 0, "errors": {}, "bad": [], "retry_after": set()}


def dump(summary):
    summary["retry_after"] = sorted(summary["retry_after"])
    print(json.dumps(summary, sort_keys=True))


def flood(path, n, cmd):
    summary = new_summary()
    lock = threading.Lock()
    barrier = threading.Barrier(n, timeout=60)

    def client():
        try:
            s = connect(path)
        except OSError as e:
            with lock:
                summary["bad"].append("connect: %s" % e)
            try:
                barrier.wait()
            except threading.BrokenBarrierError:
                pass
            return
        try:
            barrier.wait()
        except threading.BrokenBarrierError:
            pass
        try:
            s.sendall(cmd.encode() + b"\n")
        except (BrokenPipeError, ConnectionResetError):
            pass		# refused: the reason waits to be read
        data, err = read_reply(s)
        s.close()
        with lock:
            if err:
                summary["bad"].append("%s after %r" % (err, data[:100]))
            else:
                judge(data, summary)

    threads = [threading.Thread(target=client) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    dump(summary)


def garbage(path, n, seed):
    rnd = random.Random(seed)
    summary = new_summary()
    for i in range(n):
        kind = i % 4
        if kind == 0:
            body = bytes(rnd.randrange(256) for _ in range(rnd.randrange(1, 200)))
            body = body.replace(b"\n", b" ")
        elif kind == 1:
            body = b'{"command": "' + bytes(rnd.randrange(1, 256)
                                            for _ in range(30)).replace(b"\n", b"") + b'"}'
        elif kind == 2:
            body = b'{"command": "status", "args": ' + b"[" * rnd.randrange(1, 3000)
        else:
            body = b"show " + b"x" * rnd.randrange(1, 4000)
        s = connect(path)
        try:
            s.sendall(body[:4000] + b"\n")
        except (BrokenPipeError, ConnectionResetError):
            pass
        data, err = read_reply(s)
        s.close()
        if err:
            summary["bad"].append("%s after %r" % (err, body[:60]))
        else:
            judge(data, summary)
    dump(summary)


def burst(path, n, cmd):
    summary = new_summary()
    t0 = time.monotonic()
    for _ in range(n):
        s = connect(path)
        try:
            s.sendall(cmd.encode() + b"\n")
        except (BrokenPipeError, ConnectionResetError):
            pass
        data, err = read_reply(s)
        s.close()
        if err:
            summary["bad"].append(err)
        else:
            judge(data, summary)
    summary["seconds"] = round(time.monotonic() - t0, 3)
    dump(summary)


def hold(path, n):
    conns = []
    summary = new_summary()
    for _ in range(n):
        try:
            conns.append(connect(path))
        except OSError as e:
            summary["bad"].append("connect: %s" % e)
    time.sleep(0.5)
    kept = []
    for s in conns:
        s.setblocking(False)
        try:
            data = s.recv(65536)
        except BlockingIOError:
            kept.append(s)
            continue
        except ConnectionResetError:
            data = b""
        s.setblocking(True)
        s.settimeout(5)
        rest, _ = read_reply(s)
        judge(data + rest, summary)
        s.close()
    summary["held"] = len(kept)
    dump(summary)
    sys.stdout.flush()
    sys.stdin.read()
    for s in kept:
        s.close()


def noread(path, cmd):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1024)
    s.connect(path)
    s.sendall(cmd.encode() + b"\n")
    print("sent", flush=True)
    sys.stdin.read()
    s.close()


def main():
    mode, args = sys.argv[1], sys.argv[2:]
    if mode == "gen":
        gen(args[0], int(args[1]))
    elif mode == "append":
        append(args[0], float(args[1]), args[2])
    elif mode == "flood":
        flood(args[0], int(args[1]), args[2])
    elif mode == "garbage":
        garbage(args[0], int(args[1]), int(args[2]))
    elif mode == "burst":
        burst(args[0], int(args[1]), args[2])
    elif mode == "hold":
        hold(args[0], int(args[1]))
    elif mode == "noread":
        noread(args[0], args[1])
    else:
        sys.exit("unknown mode " + mode)


if __name__ == "__main__":
    main()
