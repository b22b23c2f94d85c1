#!/usr/bin/env python3
"""Rotation-and-kill torture of the file input.

usage: input-torture.py follow IW-FOLLOW DIR SEED ROUNDS STEPS
       input-torture.py daemon IPSECWATCHD DIR SEED ROUNDS STEPS

Driven by input-torture.sh (the reader is tests/tools/iw-follow, the input
module alone) and daemon-torture.sh (the reader is ipsecwatchd itself, its
debug.processed_log the output, its status counters checked too).

One process is writer, rotator and supervisor, so every step happens in a
known order.  It appends numbered pluto-looking lines in bursts and, between
bursts, rotates the followed file in every way (rename+create with lines
still written to the old file before the writer reopens, copytruncate,
truncate in place, delete+recreate with lines written to the deleted file)
and kills the reader with SIGKILL or SIGTERM, sometimes rotating while it
is down.  At the end every number must be in the reader's output exactly
once.

"Saved" below means: in the reader's durable state.  iw-follow saves the
length of its output with its positions; ipsecwatchd saves the length of
its processed_log with its positions, tunnels and alerts (every
save_interval, here 1 s) and cuts the record back to it on start, so the
record holds exactly what its durable state has processed.

What the input guarantees, and so what is tested (see src/input.h):
- rename+create, copytruncate (the copy is found), rotation while down:
  nothing lost, nothing repeated, whatever the reader's progress.
- truncate in place and delete: lines the reader has not read when the file
  is truncated or when it dies holding the only reference to a deleted file
  are gone by nature.  So before a truncate in place, and before killing the
  reader after a delete, the test waits until the reader's saved state
  covers every line written.
- copytruncate: no line is written between the copy and the truncation
  (those would be in neither file).
- a rotation only after the reader has seen (and saved) the file that the
  previous rotation started: a file that is created and rotated away or
  truncated between two looks of the reader is never known to it (two
  truncations between two reads leave nothing to tell where the lines of
  the first new contents went).  Real rotations are hours apart.
- copytruncate while the reader is down only after the reader has saved a
  position with a fingerprint (a file that was empty at the last save has
  none, and its copy cannot be recognised).
- at most one rotation between the reader's last saved state and its
  restart (with two, the file between the saved one and the current one was
  never seen by the reader and is not read; src/input.h documents this).
"""
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time

TIMEOUT = 20.0


class Fail(Exception):
    pass


class FollowReader:
    """tests/tools/iw-follow: the input and state modules alone."""

    def __init__(self, tool, d):
        self.tool = tool
        self.d = d
        self.state = os.path.join(d, "state")
        self.out = os.path.join(d, "out")
        self.stats = os.path.join(d, "stats")
        self.errlog = os.path.join(d, "reader.err")

    def start(self, path):
        proc = subprocess.Popen(
            [self.tool, "--file", path, "--state", self.state, "--out", self.out,
             "--stats", self.stats, "--save-ms", "30", "--from-beginning",
             "--rotate-wait", "2", "--poll", "1"] + (["--debug"] if os.environ.get("TORTURE_DEBUG") else []),
            stderr=open(self.errlog, "ab"))
        # Wait until it is ready (it writes stats once its watches are set).
        t = time.time()
        while not os.path.exists(self.stats):
            if time.time() - t > TIMEOUT:
                raise Fail("reader did not start")
            time.sleep(0.005)
        return proc

    def stopped(self):
        os.unlink(self.stats)

    def saved_len(self):
        with open(self.state) as f:
            return json.load(f)["iw-follow"]["out_len"]

    def check_counters(self, lines):
        pass


class DaemonReader:
    """ipsecwatchd -f with debug.processed_log; its status counters too."""

    def __init__(self, tool, d):
        self.tool = tool
        self.d = d
        self.sock = os.path.join(d, "sock")
        self.state = os.path.join(d, "state", "state.json")
        self.out = os.path.join(d, "out")
        self.conf = os.path.join(d, "ipsecwatch.conf")
        self.errlog = os.path.join(d, "daemon.log")
        self.base = 0          # record lines before this run of the daemon

    def start(self, path):
        with open(self.conf, "w") as f:
            f.write('pidfile = "%s/pid";\nstate_dir = "%s/state";\n'
                    'control = { socket = "%s"; };\nsave_interval = "1s";\n'
                    'inputs = ( { name = "gw"; type = "file"; path = "%s"; '
                    'start = "beginning"; } );\n'
                    'debug = { processed_log = "%s"; };\n'
                    % (self.d, self.d, self.sock, path, self.out))
        # The daemon cuts its record back to the saved length on start:
        # what this run processes comes after that many lines.
        self.base = self.durable()
        proc = subprocess.Popen(
            [self.tool, "-f", "-c", self.conf] +
            (["-d"] if os.environ.get("TORTURE_DEBUG") else []),
            stdout=subprocess.DEVNULL, stderr=open(self.errlog, "ab"))
        # Ready when it answers status: the inputs exist by then (the
        # modules start before the loop serves the socket).
        t = time.time()
        while self.status() is None:
            if proc.poll() is not None:
                raise Fail("ipsecwatchd exited %d during startup" % proc.returncode)
            if time.time() - t > TIMEOUT:
                raise Fail("ipsecwatchd did not answer")
            time.sleep(0.01)
        return proc

    def status(self):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(TIMEOUT)
        try:
            s.connect(self.sock)
            s.sendall(b"status\n")
            data = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
            return json.loads(data)
        except (OSError, ValueError):
            return None
        finally:
            s.close()

    def stopped(self):
        pass

    def saved_len(self):
        with open(self.state) as f:
            return json.load(f)["processed_log"]["length"]

    def durable(self):
        try:
            n = self.saved_len()
        except (OSError, ValueError, KeyError):
            return 0
        with open(self.out, "rb") as f:
            return f.read(n).count(b"\n")

    def check_counters(self, lines):
        """Every line written is in the record: the daemon's own counters
        (since its start) must say the same, and every line was IPsec."""
        st = self.status()
        if st is None:
            raise Fail("no status reply")
        i = st["inputs"][0]
        with open(self.out, "rb") as f:
            rec = f.read().count(b"\n")
        want = rec - self.base
        if (i["lines"] != want or i["ipsec_lines"] != want or
                i["unrecognized"] != 0 or i["health"] != "ok"):
            raise Fail("status counters %s, record has %d lines since start"
                       % ({k: i[k] for k in ("lines", "ipsec_lines", "unrecognized",
                                              "health")}, want))
        self.checks = getattr(self, "checks", 0) + 1


class Torture:
    def __init__(self, reader, d, seed, steps):
        self.reader = reader
        self.d = d
        self.rng = random.Random(seed)
        self.seed = seed
        self.steps = steps
        self.path = os.path.join(d, "ipsec.log")
        self.out = reader.out
        self.n = 0
        self.wfd = None
        self.proc = None
        self.nrot = 0
        self.nkills = 0
        self.nsigkill = 0
        self.log = []

    def note(self, s):
        self.log.append(s)

    def line(self):
        n = self.n
        self.n += 1
        return ('Nov 27 12:%02d:%02d gw pluto[4711]: "conn%d" #%d: STATE_QUICK_I2: '
                'sent QI2, IPsec SA established tunnel mode seq=%d\n'
                % (n // 60 % 60, n % 60, n % 50, n, n)).encode()

    def reopen(self):
        if self.wfd is not None:
            os.close(self.wfd)
        self.wfd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def write(self, k, fd=None):
        buf = b"".join(self.line() for _ in range(k))
        os.write(self.wfd if fd is None else fd, buf)

    def burst(self):
        for _ in range(self.rng.randint(1, 5)):
            self.write(self.rng.randint(1, 400))
            if self.rng.random() < 0.5:
                time.sleep(self.rng.random() * 0.01)

    def start(self):
        self.proc = self.reader.start(self.path)

    def kill(self, sig):
        self.proc.send_signal(sig)
        rc = self.proc.wait()
        if sig == signal.SIGTERM and rc != 0:
            raise Fail("reader exited %d on SIGTERM" % rc)
        self.reader.stopped()
        self.proc = None

    def durable_lines(self):
        try:
            n = self.reader.saved_len()
        except (OSError, ValueError, KeyError):
            return 0
        with open(self.out, "rb") as f:
            return f.read(n).count(b"\n")

    def wait_durable(self):
        self.risky = False
        self.rot_since_durable = False
        t = time.time()
        while self.durable_lines() < self.n:
            if self.proc is None:
                raise Fail("wait_durable without a reader")
            if self.proc.poll() is not None:
                raise Fail("reader died: %s" % self.proc.returncode)
            if time.time() - t > TIMEOUT:
                raise Fail("reader did not catch up: %d of %d lines durable"
                           % (self.durable_lines(), self.n))
            time.sleep(0.01)
        self.reader.check_counters(self.n)

    def shift(self):
        """Make room for a new .1 like logrotate: .N -> .N+1."""
        names = sorted((int(x.rsplit(".", 1)[1]) for x in os.listdir(self.d)
                        if x.startswith("ipsec.log.") and x.rsplit(".", 1)[1].isdigit()),
                       reverse=True)
        for k in names:
            os.rename("%s.%d" % (self.path, k), "%s.%d" % (self.path, k + 1))

    def rotate(self, kind):
        if self.rot_since_durable:
            if self.proc is None:
                raise Fail("rotation while down after an unsaved rotation")
            self.wait_durable()
        self.nrot += 1
        if kind == "rename":
            self.shift()
            os.rename(self.path, self.path + ".1")
            # syslog still writes to the old file until its HUP
            self.write(self.rng.randint(0, 50))
            if self.rng.random() < 0.5:
                open(self.path, "ab").close()  # logrotate's "create"
            self.reopen()
        elif kind == "copytruncate":
            self.shift()
            shutil.copyfile(self.path, self.path + ".1")
            os.truncate(self.path, 0)
        elif kind == "truncate":
            self.wait_durable()
            os.truncate(self.path, 0)
        elif kind == "delete":
            os.unlink(self.path)
            self.write(self.rng.randint(0, 50))  # into the deleted file
            self.reopen()
            self.risky = True
        self.rot_since_durable = True

    def run(self):
        self.risky = False
        self.rot_since_durable = True  # a new file counts as a rotation
        self.reopen()
        self.start()
        kinds = ["rename", "copytruncate", "truncate", "delete"]
        for step in range(self.steps):
            self.burst()
            r = self.rng.random()
            if r < 0.45:
                kind = self.rng.choice(kinds)
                self.note("%d: rotate %s at %d" % (step, kind, self.n))
                self.rotate(kind)
            elif r < 0.85:
                down_rot = None
                if self.rng.random() < 0.5:
                    down_rot = self.rng.choice(["rename", "copytruncate"])
                # The reader must have saved the last rotation before another
                # one happens while it is down, and must have fingerprinted
                # the file before it is copytruncated while it is down (see
                # the module docstring).
                if (self.risky or (down_rot and self.rot_since_durable) or
                        down_rot == "copytruncate"):
                    self.wait_durable()
                sig = signal.SIGKILL if self.rng.random() < 0.8 else signal.SIGTERM
                self.note("%d: kill %d at %d" % (step, sig, self.n))
                self.nkills += 1
                self.nsigkill += sig == signal.SIGKILL
                self.kill(sig)
                self.burst()
                if down_rot:
                    kind = down_rot
                    self.note("%d: rotate %s while down at %d" % (step, kind, self.n))
                    self.rotate(kind)
                    self.burst()
                self.start()
        # Let it finish and stop it cleanly.
        self.wait_durable()
        self.kill(signal.SIGTERM)
        os.close(self.wfd)
        self.check()

    def check(self):
        seen = {}
        with open(self.out, "rb") as f:
            for ln in f:
                i = ln.rfind(b"seq=")
                if i < 0:
                    raise Fail("garbage line in output: %r" % ln[:200])
                k = int(ln[i + 4:])
                seen[k] = seen.get(k, 0) + 1
        missing = [k for k in range(self.n) if k not in seen]
        dup = [k for k, c in seen.items() if c > 1]
        extra = [k for k in seen if k >= self.n]
        if missing or dup or extra:
            raise Fail("%d lines written: %d missing (first %s), %d repeated (first %s), "
                       "%d unknown" % (self.n, len(missing), missing[:10], len(dup),
                                       sorted(dup)[:10], len(extra)))


def main():
    mode, tool, base, seed, rounds, steps = (sys.argv[1], sys.argv[2], sys.argv[3],
                                             int(sys.argv[4]), int(sys.argv[5]),
                                             int(sys.argv[6]))
    readers = {"follow": FollowReader, "daemon": DaemonReader}
    # timeout(1) sends SIGTERM: leave through the finally below, which
    # kills the reader (a grandchild of the shell script).
    signal.signal(signal.SIGTERM, lambda sig, frame: sys.exit(1))
    total = 0
    nkills = 0
    t0 = time.time()
    for r in range(rounds):
        d = os.path.join(base, "round%d" % r)
        os.mkdir(d)
        t = Torture(readers[mode](tool, d), d, seed + r, steps)
        try:
            t.run()
        except Fail as e:
            if t.proc is not None:
                t.proc.kill()
                t.proc.wait()
            print("FAIL seed %d: %s" % (seed + r, e))
            print("steps:\n  " + "\n  ".join(t.log[-15:]))
            try:
                print("reader stderr:\n" + open(t.reader.errlog).read()[-3000:])
            except OSError:
                pass
            return 1
        finally:
            if t.proc is not None and t.proc.poll() is None:
                t.proc.kill()
                t.proc.wait()
        total += t.n
        nkills += t.nkills
        print("round %d seed %d: %d lines, %d rotations, %d kills (%d SIGKILL), "
              "%d counter checks, exactly once"
              % (r, seed + r, t.n, t.nrot, t.nkills, t.nsigkill,
                 getattr(t.reader, "checks", 0)))
        shutil.rmtree(d)
    print("ok: %d rounds, %d lines, %d kills and restarts, %.1f s"
          % (rounds, total, nkills, time.time() - t0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
