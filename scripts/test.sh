#!/usr/bin/env bash
# Runs every test: ./mvnw -B verify with a JDK 21 or newer, after making sure what the browser
# tests need is on the machine (Node.js 20+ and npm, and Chromium at ${CHROMIUM_PATH:-/usr/bin/chromium}),
# and the certificate tests' font (${CERTIFICATE_FONT:-/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc}).
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
        chromium fonts-noto-cjk fonts-wqy-zenhei fontconfig; } > /tmp/chromium-install.log 2>&1 \
      || echo "test: could not install chromium (see /tmp/chromium-install.log)" >&2
  fi
  if [ ! -x "$chromium" ]; then
    echo "test: the browser tests need Chromium at ${chromium}: install it (Debian: apt-get install chromium) or set CHROMIUM_PATH." >&2
    exit 1
  fi
fi
export CHROMIUM_PATH="$chromium"
# volunteer-service writes the 志愿服务证明 PDF in Debian's WenQuanYi Zen Hei (civic.certificate.font)
certificate_font=${CERTIFICATE_FONT:-/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc}
if [ ! -r "$certificate_font" ]; then
  if command -v apt-get > /dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "test: installing Debian's fonts-wqy-zenhei for the certificate PDF (apt-get)"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        fonts-wqy-zenhei; } > /tmp/certificate-font-install.log 2>&1 \
      || echo "test: could not install fonts-wqy-zenhei (see /tmp/certificate-font-install.log)" >&2
  fi
  if [ ! -r "$certificate_font" ]; then
    echo "test: the certificate tests need the font ${certificate_font}: install it (Debian: apt-get install fonts-wqy-zenhei) or set CERTIFICATE_FONT." >&2
    exit 1
  fi
fi

chmod +x mvnw
exec ./mvnw -B verify "$@"
