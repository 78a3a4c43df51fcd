#!/usr/bin/env bash
# Makes the demo data set (a centre, 3 institutes, 12 stations, 20 teams, 200 volunteers, 2,000 orders
# over 90 days, redemptions) through the public API of a running local stack that was started with
# demo data allowed: ./scripts/run-local.sh --demo-data makes it by itself; this script is for a
# stack started with CIVIC_DEMO_DATA=true. Adds nothing when the demo data is already there.
#   ./scripts/demo-data.sh [gateway-url] [--small] [--orders=N] [--workers=N]
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/java.sh
select_jdk
jar=platform/local-stack/target/local-stack.jar
if [ ! -f "$jar" ]; then
  echo "$jar is missing: build it first (./scripts/run-local.sh builds it)." >&2
  exit 1
fi
exec "${JAVA_HOME}/bin/java" -Xmx256m -XX:+UseSerialGC \
  -Dloader.main=org.civicdispatch.localstack.DemoData \
  -cp "$jar" org.springframework.boot.loader.launch.PropertiesLauncher "$@"
