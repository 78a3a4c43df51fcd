#!/usr/bin/env bash
# Builds what the local stack needs and starts the whole platform on this machine:
# embedded PostgreSQL and Kafka, the three services and the gateway on http://localhost:8080.
# Ctrl-C stops everything; data stays in ${LOCAL_STACK_DATA_DIR:-./.local-stack} for the next start.
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/java.sh
select_jdk
java="${JAVA_HOME}/bin/java"
major=$(java_major "$java")
if ! command -v npm > /dev/null 2>&1 && [ "${SKIP_BUILD:-false}" != "true" ]; then
  echo "Node.js 20+ and npm are needed to build the web apps (web/)." >&2
  exit 1
fi

if [ "${SKIP_BUILD:-false}" != "true" ]; then
  echo "Building the platform (the first build downloads Maven and the dependencies: a few minutes)..."
  ./mvnw -B -q install -DskipTests
fi
# the launcher only starts and watches processes (PostgreSQL, the Kafka broker and the services run in their own)
options=(-Xmx128m -XX:+UseSerialGC)
exec "$java" "${options[@]}" -jar platform/local-stack/target/local-stack.jar "$@"
