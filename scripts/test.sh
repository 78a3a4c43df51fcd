#!/usr/bin/env bash
# Runs every test: ./mvnw -B verify with a JDK 21 or newer, after making sure what the browser
# tests need is on the machine (Node.js 20+ and npm, and Chromium at ${CHROMIUM_PATH:-/usr/bin/chromium}).
# Arguments go to Maven, e.g. ./scripts/test.sh -pl gateway -am
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java.sh
select_jdk
echo "test: Java $(java_major "${JAVA_HOME}/bin/java") from ${JAVA_HOME}"

if ! command -v npm > /dev/null 2>&1; then
  echo "test: Node.js 20+ and npm are needed to build and test the web apps (web/)." >&2
  exit 1
fi
chromium=${CHROMIUM_PATH:-/usr/bin/chromium}
# Chinese text in the browser tests' screenshots needs a CJK font
if [ ! -x "$chromium" ] || ! { command -v fc-list > /dev/null 2>&1 && fc-list :lang=zh | grep -q .; }; then
  if command -v apt-get > /dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "test: installing Debian's chromium and a CJK font for the browser tests (apt-get)"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        chromium fonts-noto-cjk fontconfig; } > /tmp/chromium-install.log 2>&1 \
      || echo "test: could not install chromium (see /tmp/chromium-install.log)" >&2
  fi
  if [ ! -x "$chromium" ]; then
    echo "test: the browser tests need Chromium at ${chromium}: install it (Debian: apt-get install chromium) or set CHROMIUM_PATH." >&2
    exit 1
  fi
fi
export CHROMIUM_PATH="$chromium"

chmod +x mvnw
exec ./mvnw -B verify "$@"
