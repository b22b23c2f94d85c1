#!/bin/sh
# Webhooks over HTTPS with a test certificate: verification is on by
# default, so the self-signed server is refused (and retried) until the
# receiver names its CA file; tls_verify = false skips the check.
. "$(dirname "$0")/alert-lib.sh"

command -v openssl >/dev/null || { echo "SKIP: openssl missing"; exit 77; }
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -keyout "$T/key.pem" -out "$T/cert.pem" 2>/dev/null || fail "openssl req"
start_http tls --tls "$T/cert.pem,$T/key.pem"

cat >"$T/sc.json" <<JSON
{
 "hostname": "gw1",
 "spool_dir": "$T/spool",
 "alerts": {"group_wait": 0, "group_interval": 0, "repeat_interval": 0},
 "spool": {"backoff_min_ms": 100, "backoff_max_ms": 200},
 "receivers": [
  {"name": "ca", "plugin": "webhook", "url": "https://localhost:$HTTP_PORT/ca",
   "ca_file": "$T/cert.pem"},
  {"name": "noverify", "plugin": "webhook", "url": "https://127.0.0.1:$HTTP_PORT/nv",
   "tls_verify": false},
  {"name": "default", "plugin": "webhook", "url": "https://localhost:$HTTP_PORT/def"}
 ],
 "script": [{"at": 0, "fire": true, "kind": "tunnel_down", "tunnel": "t1"}]
}
JSON
run_send "$T/sc.json" -t 3 && fail "an unverifiable server was accepted"
"$PY" - "$T" <<'PY' || fail "https"
import glob, json, sys
T = sys.argv[1]
paths = sorted(json.load(open(f))["path"] for f in glob.glob(T + "/tls/*.json"))
assert paths == ["/ca", "/nv"], paths
out = json.load(open(T + "/send.out"))["receivers"]
assert out["default"]["delivered"] == 0 and out["default"]["failed"] >= 2, out["default"]
assert out["default"]["pending"] == 1
assert "certificate" in out["default"]["last_error"].lower(), out["default"]["last_error"]
PY
echo "PASS"
