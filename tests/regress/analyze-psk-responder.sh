#!/bin/sh
#
# analyze-psk-responder.sh - psk-mismatch/east.log: the responder of a PSK
# mismatch (strongSwan IKEv2).  Ground truth (corpus events.txt): east
# fails authentication at 20:36:56 ("tried 1 shared key for 'east.example'
# - 'west.example', but MAC mismatched", psk_mismatch_ikev2) on its
# connection east-west, so analyze must report negotiation_failed for
# east-west with psk_mismatch_ikev2.
#
# Listed in XFAIL_TESTS: none of the lines of that negotiation names the
# connection except "selected peer config 'east-west'", which the parser
# does not turn into the event's connection yet; the tracker cannot
# attribute the error to any tunnel.  When the parser does, this test
# passes and automake reports XPASS: then remove it from XFAIL_TESTS.

: "${top_srcdir:=.}"
: "${top_builddir:=.}"
BIN="$top_builddir/tests/regress/iw-analyze"
if ! command -v python3 >/dev/null 2>&1; then
	echo "SKIP: python3 is needed to check the JSON output"
	exit 77
fi
TZ=UTC
export TZ
: "${IPSECWATCH_KB:=$top_srcdir/data/kb.conf}"
export IPSECWATCH_KB

"$BIN" --json --year 2026 "$top_srcdir/tests/data/corpus/psk-mismatch/east.log" |
python3 -c '
import json, sys
d = json.load(sys.stdin)
a = [x for x in d["alerts"] if x["kind"] == "negotiation_failed"]
ok = (len(d["alerts"]) == 1 and len(a) == 1 and a[0]["tunnel"] == "east-west"
      and a[0]["error"] == "psk_mismatch_ikev2"
      and a[0]["at"] == "2026-11-27T20:36:56Z")
for x in d["alerts"]:
    print("got: %s %s %s %s" % (x["kind"], x["tunnel"], x["at"], x["error"]))
print("ok" if ok else "FAIL: want negotiation_failed east-west psk_mismatch_ikev2 at 20:36:56")
sys.exit(0 if ok else 1)'
