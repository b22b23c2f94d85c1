#!/usr/bin/python3
"""check.py - compare the alerts of one e2e scenario with what was made to happen.

usage: check.py --hooks DIR --mail DIR --expect SPEC... [--analyze FILE]
                [--t0 EPOCH] [--latency-out FILE]

Each SPEC is "status:kind:tunnel:error[:min_s:max_s]": one alert of that
kind, tunnel and error id (error "-" for none; "a|b" for either, in the
tunnel too, whose parts are globs; "" for no tunnel), status
firing or resolved, whose decisive line lies min_s..max_s seconds after t0.
Every alert that arrived must match one SPEC and every SPEC must be met
exactly once; anything else fails.  With --analyze, the same is checked on
the alerts of "ipsecwatch analyze --json" (offline mode) instead.

The webhook bodies come from http-sink.py (NNNNNN.json: {"body", "t_us"}),
mails from smtp-sink.py (NNNN.eml).  For each webhook alert the latency
from the decisive log line (the newest line of its "log" excerpt, an
RSYSLOG_FileFormat timestamp) to the webhook's receipt is written to
--latency-out, one "kind tunnel seconds" line each.
"""
import argparse
import datetime
import email
import fnmatch
import glob
import json
import re
import sys

TS = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d))")


def parse_time(s):
    """ISO 8601 to epoch seconds (float), None if it is none."""
    if not s:
        return None
    m = TS.match(s)
    if not m:
        return None
    t = m.group(1).replace("Z", "+00:00")
    return datetime.datetime.fromisoformat(t).timestamp()


def line_time(line):
    """The timestamp of a log line as epoch seconds, or None."""
    return parse_time(line.strip())


class Alert:
    def __init__(self, status, kind, tunnel, error, decisive, received, src):
        self.status = status
        self.kind = kind
        self.tunnel = tunnel
        self.error = error or "-"
        self.decisive = decisive
        self.received = received
        self.src = src

    def __str__(self):
        return "%s:%s:%s:%s" % (self.status, self.kind, self.tunnel, self.error)


def webhook_alerts(d):
    out = []
    for f in sorted(glob.glob(d + "/*.json")):
        rec = json.load(open(f))
        body = json.loads(rec["body"])
        if body.get("status") == "test":
            continue
        for a in body["alerts"]:
            times = [line_time(l) for l in a.get("log") or []]
            times = [t for t in times if t is not None]
            status = "resolved" if a.get("resolved") else "firing"
            if a.get("status") in ("firing", "resolved"):
                status = a["status"]
            if status == "resolved":
                dec = parse_time(a.get("resolved"))
            else:
                # "started" is the timestamp of the line that decided.
                dec = parse_time(a.get("started"))
                if dec is None and times:
                    dec = max(times)
            out.append(Alert(status, a["kind"], a.get("tunnel", ""),
                             a.get("error", ""), dec, rec["t_us"] / 1e6, f))
    return out


def analyze_alerts(f):
    doc = json.load(open(f))
    out = []
    for a in doc.get("alerts", []):
        out.append(Alert("firing", a["kind"], a.get("tunnel", ""),
                         a.get("error") or "", parse_time(a.get("at")), None, f))
        if a.get("resolved_at"):
            out.append(Alert("resolved", a["kind"], a.get("tunnel", ""),
                             a.get("error") or "", parse_time(a.get("resolved_at")),
                             None, f))
    return out


def matches(spec, a, t0, slack):
    p = spec.split(":")
    status, kind, tunnel, error = p[:4]
    if a.status != status or a.kind != kind:
        return False
    if tunnel == "" and a.tunnel != "":
        return False
    if tunnel != "" and not any(fnmatch.fnmatchcase(a.tunnel, t)
                                for t in tunnel.split("|")):
        return False
    if error != "*" and a.error not in error.split("|"):
        return False
    if len(p) >= 6 and t0 is not None and a.decisive is not None:
        dt = a.decisive - t0
        if dt < float(p[4]) - slack or dt > float(p[5]) + slack:
            return False
    return True


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hooks")
    ap.add_argument("--mail")
    ap.add_argument("--analyze")
    ap.add_argument("--t0", type=float)
    ap.add_argument("--latency-out")
    ap.add_argument("--expect", nargs="*", default=[])
    ap.add_argument("--tunnels", help="tunnels JSON (daemon or analyze)")
    ap.add_argument("--tunnel", action="append", default=[],
                    help="name:state:min_rekeys that must hold in --tunnels")
    args = ap.parse_args()

    if args.tunnels:
        doc = json.load(open(args.tunnels))
        tl = doc.get("tunnels", []) if isinstance(doc, dict) else doc
        bad = []
        for spec in args.tunnel:
            name, state, rekeys = spec.split(":")
            t = [x for x in tl if x.get("name") == name]
            if not t:
                bad.append("tunnel %s unknown to ipsecwatch" % name)
            elif t[0].get("state") != state or t[0].get("rekeys", 0) < int(rekeys):
                bad.append("tunnel %s: state %s, %s rekeys; wanted %s, >= %s" % (
                    name, t[0].get("state"), t[0].get("rekeys"), state, rekeys))
        for b in bad:
            print(b)
        return 1 if bad else 0

    alerts = analyze_alerts(args.analyze) if args.analyze else webhook_alerts(args.hooks)
    left = list(args.expect)
    bad = []
    for a in alerts:
        for s in left:
            # analyze's times have whole seconds.
            if matches(s, a, args.t0, 1.0 if args.analyze else 0.0):
                left.remove(s)
                break
        else:
            dt = "" if a.decisive is None or args.t0 is None else \
                " (decisive line at t0%+.1fs)" % (a.decisive - args.t0)
            bad.append("unexpected alert %s%s" % (a, dt))
    for s in left:
        bad.append("missing alert %s" % s)
    if args.mail is not None and not args.analyze:
        firing = [a for a in alerts if a.status == "firing"]
        mails = sorted(glob.glob(args.mail + "/*.eml"))
        text = ""
        for m in mails:
            msg = email.message_from_binary_file(open(m, "rb"))
            for part in msg.walk():
                if part.get_content_type() == "text/plain":
                    text += part.get_payload(decode=True).decode("utf-8", "replace")
            text += msg.get("Subject", "")
        for a in firing:
            if a.tunnel not in text or a.kind.replace("_", " ") not in text.replace("_", " "):
                if a.kind not in text:
                    bad.append("no mail names %s" % a)
        if not firing and mails:
            bad.append("%d mail(s) although no alert was expected" % len(mails))
    if args.latency_out and not args.analyze:
        with open(args.latency_out, "a") as f:
            for a in alerts:
                if a.decisive is not None:
                    f.write("%s %s %s %.3f\n" % (a.status, a.kind, a.tunnel or "-",
                                                 a.received - a.decisive))
    for b in bad:
        print(b)
    got = ", ".join(str(a) for a in alerts) or "none"
    print("alerts: %s" % got)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
