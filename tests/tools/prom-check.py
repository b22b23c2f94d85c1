#!/usr/bin/python3
"""prom-check.py - a strict checker of the Prometheus text exposition format
(version 0.0.4) for the tests, used when promtool is not installed.

Reads the text on stdin; exits 1 with a message per problem: a sample
without a preceding TYPE of its family, a family whose TYPE comes twice or
after its samples, bad metric or label names, bad label value escapes,
duplicate series, values that are not floats, a missing final newline.
"""
import re
import sys

NAME = re.compile(r"[a-zA-Z_:][a-zA-Z0-9_:]*$")
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"')
TYPES = {"counter", "gauge", "histogram", "summary", "untyped"}


def main():
    text = sys.stdin.read()
    bad = []
    if text and not text.endswith("\n"):
        bad.append("no newline at the end")
    typed = {}
    sampled = set()
    series = set()
    for n, line in enumerate(text.splitlines(), 1):
        if line.startswith("# HELP "):
            parts = line.split(" ", 3)
            if len(parts) < 4 or not NAME.match(parts[2]):
                bad.append("%d: bad HELP" % n)
            continue
        if line.startswith("# TYPE "):
            parts = line.split(" ")
            if len(parts) != 4 or not NAME.match(parts[2]) or parts[3] not in TYPES:
                bad.append("%d: bad TYPE" % n)
                continue
            if parts[2] in typed:
                bad.append("%d: TYPE of %s twice" % (n, parts[2]))
            if parts[2] in sampled:
                bad.append("%d: TYPE of %s after its samples" % (n, parts[2]))
            typed[parts[2]] = parts[3]
            continue
        if line.startswith("#") or line == "":
            continue
        m = re.match(r"([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)( \d+)?$", line)
        if not m:
            bad.append("%d: not a sample: %r" % (n, line))
            continue
        name, labels, value = m.group(1), m.group(2) or "", m.group(3)
        if name not in typed:
            bad.append("%d: %s has no TYPE" % (n, name))
        sampled.add(name)
        if labels:
            inner = labels[1:-1]
            pos = 0
            names = []
            while pos < len(inner):
                lm = LABEL.match(inner, pos)
                if not lm:
                    bad.append("%d: bad labels %s" % (n, labels))
                    break
                names.append(lm.group(1))
                pos = lm.end()
                if pos < len(inner):
                    if inner[pos] != ",":
                        bad.append("%d: bad labels %s" % (n, labels))
                        break
                    pos += 1
            if len(set(names)) != len(names):
                bad.append("%d: label twice" % n)
        try:
            float(value)
        except ValueError:
            bad.append("%d: bad value %r" % (n, value))
        if (name, labels) in series:
            bad.append("%d: duplicate series %s%s" % (n, name, labels))
        series.add((name, labels))
    for b in bad:
        print("prom-check: " + b, file=sys.stderr)
    sys.exit(1 if bad else 0)


main()
