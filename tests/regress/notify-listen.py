#!/usr/bin/env python3
"""Stand-in for systemd's notification socket, for the regress tests.

usage: notify-listen.py SOCKET OUTFILE
Binds a unix datagram socket at SOCKET and appends every message received
to OUTFILE, one message per record, records separated by a line "--".
Touches OUTFILE.ready once listening.  Runs until killed.
"""
import os
import socket
import sys

path, out = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(path)
os.chmod(path, 0o666)
open(out + ".ready", "w").close()
with open(out, "a") as f:
    while True:
        msg = s.recv(65536).decode("utf-8", "replace")
        f.write(msg.rstrip("\n") + "\n--\n")
        f.flush()
