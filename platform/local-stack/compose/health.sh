#!/bin/bash
# Container health check without curl in the image: GET /actuator/health through bash's /dev/tcp.
# The actuator answers on the management port when the service has one (MANAGEMENT_PORT), else on
# its HTTP port: SERVER_PORT, or the image's default (/app/server-port). A port given as the
# argument is asked first. Healthy when one of them answers "UP".
for port in "$1" "${MANAGEMENT_PORT}" "${SERVER_PORT}" "$(cat /app/server-port 2>/dev/null)"; do
  [ -n "${port}" ] || continue
  if (exec 3<>"/dev/tcp/127.0.0.1/${port}" \
      && printf 'GET /actuator/health HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3 \
      && grep -q '"status":"UP"' <&3) 2>/dev/null; then
    exit 0
  fi
done
exit 1
