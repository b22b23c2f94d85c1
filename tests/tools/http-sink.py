#!/usr/bin/python3
"""http-sink.py - a webhook receiver for the tests (127.0.0.1 only).

Saves each POST as OUTDIR/NNNN.json = {"path", "headers", "body", "t_us"}
(body is the raw text).  Writes the chosen port to --port-file.

  --fail N        answer 500 to the first N requests
  --delay N:S     sleep S seconds before answering the first N requests
                  (the sender's timeout makes them fail)
  --status CODE   answer every request with CODE (default 200)
  --slow N:S      sleep S seconds, then accept, for the first N requests
  --tls CERT,KEY  serve HTTPS
  --attempts FILE append "T_US N" for every request as it arrives (also
                  the failed ones), N counting from 1
"""
import argparse
import http.server
import json
import os
import ssl
import sys
import threading
import time

lock = threading.Lock()
count = 0


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, fmt, *args):
        sys.stderr.write("http-sink: " + (fmt % args) + "\n")

    def do_POST(self):
        global count
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        t_us = int(time.time() * 1e6)
        with lock:
            count += 1
            n = count
            args = self.server.args
            if args.attempts:
                with open(args.attempts, "a") as f:
                    f.write("%d %d\n" % (t_us, n))
        if n <= args.delay_n:
            time.sleep(args.delay_s)
            # The sender gave up: record nothing, as if it never arrived.
            try:
                self.send_response(200)
                self.end_headers()
            except OSError:
                pass
            return
        if n <= args.slow_n:
            time.sleep(args.slow_s)
        if n <= args.delay_n + args.fail:
            self.send_response(500)
            self.end_headers()
            self.wfile.write(b"failing on purpose\n")
            return
        rec = {"path": self.path, "headers": dict(self.headers.items()),
               "body": body.decode("utf-8"), "t_us": t_us}
        tmp = os.path.join(args.outdir, ".%06d.tmp" % n)
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(rec, f)
        os.rename(tmp, os.path.join(args.outdir, "%06d.json" % n))
        self.send_response(args.status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--outdir", required=True)
    p.add_argument("--port-file", required=True)
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--fail", type=int, default=0)
    p.add_argument("--delay", default="0:0")
    p.add_argument("--status", type=int, default=200)
    p.add_argument("--tls")
    p.add_argument("--slow", default="0:0")
    p.add_argument("--attempts")
    args = p.parse_args()
    args.delay_n, args.delay_s = int(args.delay.split(":")[0]), float(args.delay.split(":")[1])
    args.slow_n, args.slow_s = int(args.slow.split(":")[0]), float(args.slow.split(":")[1])
    os.makedirs(args.outdir, exist_ok=True)
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    srv.daemon_threads = True
    srv.args = args
    if args.tls:
        cert, key = args.tls.split(",")
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(cert, key)
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    with open(args.port_file + ".tmp", "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.rename(args.port_file + ".tmp", args.port_file)
    srv.serve_forever()


if __name__ == "__main__":
    main()
