#!/bin/bash
# Container health check without curl in the image: GET /actuator/health through bash's /dev/tcp.
port="${1:-8080}"
exec 3<>"/dev/tcp/127.0.0.1/${port}" || exit 1
printf 'GET /actuator/health HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
grep -q '"status":"UP"' <&3
