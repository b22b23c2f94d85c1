#!/usr/bin/python3
"""smtp-sink.py - an SMTP server for the tests (aiosmtpd, 127.0.0.1 only).

Saves each message as OUTDIR/NNNN.eml and its envelope as NNNN.env.json
({"mail_from", "rcpt_tos", "auth_user", "tls"}).  Writes the port to
--port-file.

  --starttls CERT,KEY   offer STARTTLS (and require it with --require-tls)
  --smtps CERT,KEY      implicit TLS from the first byte
  --auth USER:PASS      require AUTH (PLAIN/LOGIN) with these credentials
"""
import argparse
import json
import os
import signal
import socket
import ssl
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, SMTP


class Store:
    def __init__(self, outdir):
        self.outdir = outdir
        self.n = 0

    async def handle_DATA(self, server, session, envelope):
        self.n += 1
        base = os.path.join(self.outdir, "%06d" % self.n)
        with open(base + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        login = getattr(session, "auth_data", None) if session.authenticated else None
        env = {"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
               "auth_user": login.decode() if isinstance(login, bytes) else None,
               "tls": session.ssl is not None or
               server.transport.get_extra_info("ssl_object") is not None}
        with open(base + ".env.json", "w") as f:
            json.dump(env, f)
        os.rename(base + ".eml.tmp", base + ".eml")
        return "250 OK stored"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--outdir", required=True)
    p.add_argument("--port-file", required=True)
    p.add_argument("--starttls")
    p.add_argument("--require-tls", action="store_true")
    p.add_argument("--smtps")
    p.add_argument("--auth")
    args = p.parse_args()
    os.makedirs(args.outdir, exist_ok=True)

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()

    kw = {}
    tls_ctx = None
    if args.starttls or args.smtps:
        cert, key = (args.starttls or args.smtps).split(",")
        tls_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls_ctx.load_cert_chain(cert, key)
    if args.starttls:
        kw["tls_context"] = tls_ctx
        kw["require_starttls"] = args.require_tls
    if args.smtps:
        kw["ssl_context"] = tls_ctx
    if args.auth:
        user, pw = args.auth.split(":", 1)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = (auth_data.login.decode() == user and
                  auth_data.password.decode() == pw)
            return AuthResult(success=ok, auth_data=auth_data.login if ok else None)
        kw["authenticator"] = authenticator
        kw["auth_required"] = True
        # Allow AUTH without TLS only when the test runs plain SMTP.
        kw["auth_require_tls"] = bool(args.starttls or args.smtps)

    ctl = Controller(Store(args.outdir), hostname="127.0.0.1", port=port,
                     server_hostname="localhost", **kw)
    ctl.start()
    with open(args.port_file + ".tmp", "w") as f:
        f.write("%d\n" % port)
    os.rename(args.port_file + ".tmp", args.port_file)
    try:
        signal.pause()
    finally:
        ctl.stop()


if __name__ == "__main__":
    main()
