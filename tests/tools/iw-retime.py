#!/usr/bin/python3
"""iw-retime.py - shift the RFC 3164 timestamps of a syslog file so that its
last line is at "now" (UTC) minus --ago seconds, keeping the gaps between
lines.  Used by the daemon regress tests, which need live timing: the
daemon decides deadlines on the wall clock and takes each line's time from
its timestamp (UTC, the parser's default).

usage: iw-retime.py [--ago S] [--compress F] FILE > OUT
  --compress F   divide every gap by F (a 60 s gap becomes 60/F s)
"""
import argparse
import datetime
import re
import sys

STAMP = re.compile(r"^([A-Z][a-z]{2}) +(\d+) (\d\d):(\d\d):(\d\d) ")
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--ago", type=float, default=0)
    p.add_argument("--compress", type=float, default=1)
    p.add_argument("file")
    a = p.parse_args()
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    year = now.year
    lines = open(a.file, encoding="utf-8", errors="replace").read().splitlines()
    stamps = []
    for ln in lines:
        m = STAMP.match(ln)
        if m:
            stamps.append(datetime.datetime(year, MONTHS.index(m.group(1)) + 1,
                          int(m.group(2)), int(m.group(3)), int(m.group(4)),
                          int(m.group(5))))
        else:
            stamps.append(None)
    known = [s for s in stamps if s is not None]
    if not known:
        sys.exit("%s: no timestamps" % a.file)
    last = known[-1]
    end = now - datetime.timedelta(seconds=a.ago)
    for ln, s in zip(lines, stamps):
        if s is None:
            print(ln)
            continue
        t = end - (last - s) / a.compress
        m = STAMP.match(ln)
        print("%s %2d %s %s" % (MONTHS[t.month - 1], t.day,
                                t.strftime("%H:%M:%S"), ln[m.end():]))


main()
