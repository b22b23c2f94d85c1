#!/bin/sh
# Mail against a real SMTP server (aiosmtpd): plain SMTP with several
# recipients, STARTTLS (required) with AUTH and a test certificate, SMTPS;
# the messages are parsed with python's email package: Date, Message-ID,
# From, To, an RFC 2047 Subject in German naming host, tunnel, kind and
# severity, a UTF-8 quoted-printable body with explanation, causes, checks
# and log lines.  A malicious peer ID (CR/LF, "Bcc:", very long) must not
# add or break any header.
. "$(dirname "$0")/alert-lib.sh"

command -v openssl >/dev/null || { echo "SKIP: openssl missing"; exit 77; }
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -keyout "$T/key.pem" -out "$T/cert.pem" 2>/dev/null || fail "openssl req"

start_smtp plain
PLAIN=$SMTP_PORT
start_smtp tls --starttls "$T/cert.pem,$T/key.pem" --require-tls --auth "alice:pa55 word"
TLS=$SMTP_PORT
start_smtp smtps --smtps "$T/cert.pem,$T/key.pem"
SMTPS=$SMTP_PORT
printf 'pa55 word\n' >"$T/pw"
chmod 600 "$T/pw"

BAD_PEER=$(printf 'evil\r\nBcc: victim@example.org\r\nX-Injected: yes\001\033[31m%s' \
    "$(head -c 2000 /dev/zero | tr '\0' 'B')")
BAD_JSON=$(printf '%s' "$BAD_PEER" | "$PY" -c 'import json,sys; print(json.dumps(sys.stdin.read()))')

cat >"$T/sc.json" <<JSON
{
 "hostname": "gw1.example",
 "spool_dir": "$T/spool",
 "alerts": {"group_wait": 0, "group_interval": 0, "repeat_interval": 0},
 "spool": {"backoff_min_ms": 100, "backoff_max_ms": 500},
 "receivers": [
  {"name": "plain-en", "plugin": "email", "url": "smtp://127.0.0.1:$PLAIN",
   "starttls": "no", "from": "ipsecwatch <ipsecwatch@gw1.example>",
   "to": ["ops@example.org", "Night Shift <night@example.org>"]},
  {"name": "tls-de", "plugin": "email", "url": "smtp://localhost:$TLS",
   "starttls": "required", "ca_file": "$T/cert.pem", "username": "alice",
   "password_file": "$T/pw", "from": "ipsecwatch@gw1.example",
   "to": ["betrieb@example.de"], "language": "de"},
  {"name": "smtps", "plugin": "email", "url": "smtps://localhost:$SMTPS",
   "ca_file": "$T/cert.pem", "from": "ipsecwatch@gw1.example", "to": ["s@example.org"]}
 ],
 "explain": $EXPLAIN,
 "log": {"site-a": ["Nov 27 10:00:01 gw1 charon: 12[IKE] giving up after 5 retransmits",
                    "Nov 27 10:00:02 gw1 charon: 12[IKE] DPD: peer 192.0.2.10 declared dead"]},
 "script": [
  {"at": 0, "fire": true, "kind": "tunnel_down", "tunnel": "site-a", "peer": "192.0.2.10",
   "error": "dpd_dead_peer", "summary": "site-a down: peer 192.0.2.10 dead (DPD)"},
  {"at": 0.5, "fire": true, "kind": "negotiation_failed", "tunnel": "evil\r\nBcc: x@y",
   "peer": $BAD_JSON, "error": "no_proposal_chosen", "summary": "evil\nSubject: injected"}
 ]
}
JSON

run_send "$T/sc.json" -t 30 || fail "iw-alert-send failed: $(tail -5 "$T/send.log")"
[ "$(count "$T/plain" eml)" -eq 2 ] || fail "plain: $(count "$T/plain" eml) mails"
[ "$(count "$T/tls" eml)" -eq 2 ] || fail "tls: $(count "$T/tls" eml) mails"
[ "$(count "$T/smtps" eml)" -eq 2 ] || fail "smtps: $(count "$T/smtps" eml) mails"

"$PY" - "$T" <<'PY' || fail "mail check"
import email, email.policy, email.utils, glob, json, sys, re
T = sys.argv[1]
def load(d):
    out = []
    for f in sorted(glob.glob("%s/%s/*.eml" % (T, d))):
        raw = open(f, "rb").read()
        env = json.load(open(f[:-4] + ".env.json"))
        out.append((raw, email.message_from_bytes(raw, policy=email.policy.default), env))
    return out
plain, tls, smtps = load("plain"), load("tls"), load("smtps")

for raw, m, env in plain + tls + smtps:
    hdr = raw.split(b"\r\n\r\n", 1)[0]
    names = [l.split(b":", 1)[0] for l in hdr.split(b"\r\n") if l and l[:1] not in b" \t"]
    # No injected header, each standard header exactly once.
    assert b"Bcc" not in names and b"X-Injected" not in names and b"Subject" in names, names
    for h in (b"Date", b"Message-ID", b"From", b"To", b"Subject", b"MIME-Version",
              b"Content-Type", b"Content-Transfer-Encoding"):
        assert names.count(h) == 1, (h, names)
    assert all(len(l) <= 998 for l in raw.split(b"\r\n"))
    assert all(b < 0x80 for b in hdr), "8-bit header"
    assert re.match(r"^<[^<>\s]+@[^<>\s]+>$", m["Message-ID"]), m["Message-ID"]
    assert email.utils.parsedate_to_datetime(m["Date"]) is not None
    assert m.get_content_type() == "text/plain" and m.get_content_charset() == "utf-8"
    assert m["Content-Transfer-Encoding"] == "quoted-printable"
    assert "\n" not in str(m["Subject"]) and "\r" not in str(m["Subject"])

# plain: English, two recipients, envelope from the address only.
raw, m, env = plain[0]
assert env["mail_from"] == "ipsecwatch@gw1.example", env
assert env["rcpt_tos"] == ["ops@example.org", "night@example.org"], env
assert not env["tls"]
s = str(m["Subject"])
for w in ("gw1.example", "site-a", "tunnel_down", "CRITICAL"):
    assert w in s, (w, s)
body = m.get_content()
for w in ("The peer stopped answering dead peer detection", "Likely causes:",
          "UDP 500/4500 blocked by a firewall", "What to check:", "ping the peer address",
          "giving up after 5 retransmits", "Peer:", "192.0.2.10"):
    assert w in body, w
assert "Night Shift <night@example.org>" in str(m["To"])

# tls: German subject as RFC 2047, STARTTLS and AUTH really used.
raw, m, env = tls[0]
assert env["tls"] and env["auth_user"] == "alice", env
assert b"=?UTF-8?B?" in raw.split(b"\r\n\r\n", 1)[0]
s = str(m["Subject"])
for w in ("gw1.example", "site-a", "tunnel_down", "KRITISCH", "Tunnel ausgefallen"):
    assert w in s, (w, s)
body = m.get_content()
for w in ("Die Gegenstelle antwortet nicht mehr", "Mögliche Ursachen:", "Zu prüfen:",
          "Firewalls auf UDP 500/4500 prüfen", "für tot erklärt"):
    assert w in body, w
raw, m, env = tls[1]
assert "Aushandlung fehlgeschlagen" in str(m["Subject"])

# smtps: TLS from the start.
assert smtps[0][2]["tls"]

# The malicious one: subject cut and on one logical line; the body keeps it as text.
raw, m, env = plain[1]
s = str(m["Subject"])
assert len(s) < 300 and "Bcc: x@y" in s and "\x1b" not in s and "\x01" not in s, repr(s)
b = m.get_content()
assert "\x1b" not in b and not re.search("\r(?!\n)", b), "bare CR in body"
print("mail ok")
PY
# The real knowledge base explains the error in the receiver's language.
: "${IPSECWATCH_KB:=$top_srcdir/data/kb.conf}"
export IPSECWATCH_KB
cat >"$T/kb.json" <<JSON
{
 "hostname": "gw1.example", "spool_dir": "$T/spool-kb", "use_kb": true,
 "alerts": {"group_wait": 0, "group_interval": 0},
 "receivers": [
  {"name": "kb-de", "plugin": "email", "url": "smtp://127.0.0.1:$PLAIN", "starttls": "no",
   "from": "ipsecwatch@gw1.example", "to": ["betrieb@example.de"], "language": "de"}
 ],
 "script": [{"at": 0, "fire": true, "kind": "tunnel_down", "tunnel": "kb-t", "peer": "192.0.2.77",
             "error": "dpd_dead_peer", "summary": "kb-t down"}]
}
JSON
run_send "$T/kb.json" -t 20 || fail "kb run: $(tail -3 "$T/send.log")"
"$PY" - "$T/plain" <<'PY' || fail "knowledge-base text"
import email, email.policy, glob, sys
f = sorted(glob.glob(sys.argv[1] + "/*.eml"))[-1]
b = email.message_from_bytes(open(f, "rb").read(), policy=email.policy.default).get_content()
for w in ("Dead Peer Detection hat die Gegenstelle für tot erklärt",
          "Mögliche Ursachen:", "Ausfall der Leitung oder des Providers.",
          "Zu prüfen:", "Erreichbarkeit der Gegenstelle prüfen"):
    assert w in b, w
PY
echo "PASS"
