#!/bin/bash
# Container health check: GET /healthz on the daemon's own port must answer 200 with
# "status":"ok". Plain bash (/dev/tcp), so the image needs no HTTP client. The port is the
# one of ANTEVORTA__HTTP__LISTEN (default 8787); the check always connects to 127.0.0.1.
set -u
listen=${ANTEVORTA__HTTP__LISTEN:-0.0.0.0:8787}
port=${listen##*:}

response=$(
  timeout 5 bash -c '
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n" >&3
    cat <&3' healthcheck "$port" 2>/dev/null
) || true

case "$response" in
  "HTTP/1."[01]" 200 "*'"status":"ok"'*) exit 0 ;;
esac
echo "healthcheck: GET http://127.0.0.1:${port}/healthz did not answer 200 with status ok" >&2
exit 1
