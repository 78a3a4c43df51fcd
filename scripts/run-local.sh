#!/usr/bin/env bash
# Builds what the local stack needs and starts the whole platform on this machine:
# embedded PostgreSQL and Kafka, the three services and the gateway on http://localhost:8080.
# Ctrl-C stops everything; data stays in ${LOCAL_STACK_DATA_DIR:-./.local-stack} for the next start.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -n "${JAVA_HOME:-}" ]; then
  java="${JAVA_HOME}/bin/java"
elif command -v java > /dev/null 2>&1; then
  java=$(command -v java)
else
  echo "No Java found: install a JDK 21 or newer and set JAVA_HOME." >&2
  exit 1
fi
major=$("$java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1)
if [ "${major:-0}" -lt 21 ]; then
  echo "$java is Java ${major}; the platform needs Java 21 or newer (set JAVA_HOME)." >&2
  exit 1
fi

if [ "${SKIP_BUILD:-false}" != "true" ]; then
  echo "Building the platform (the first build downloads Maven and the dependencies: a few minutes)..."
  ./mvnw -B -q install -DskipTests
fi
options=(-Xmx768m -XX:+UseSerialGC)
# the embedded Kafka broker uses sun.misc.Unsafe; Java 24+ would warn about it on every start
[ "$major" -ge 24 ] && options+=(--sun-misc-unsafe-memory-access=allow)
exec "$java" "${options[@]}" -jar platform/local-stack/target/local-stack.jar "$@"
