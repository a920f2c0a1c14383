#!/usr/bin/env bash
# Runs every test of every module: fast unit tests (*Test) and integration tests (*IT) against a real Kafka
# broker, mongo-java-server and, for the UI, a real headless Chromium. Installs what this machine lacks.
# Debezium capture runs against the embedded server's replica set; what needs Docker or a real MongoDB (the images,
# the replica-set contract against mongo:7.0) skips with its reason here.
set -euo pipefail
cd "$(dirname "$0")"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  echo "Installing Debian's chromium and chromium-driver for the browser tests ..."
  as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null \
    || { echo "test.sh: could not install chromium/chromium-driver (need root or sudo)" >&2; exit 1; }
fi

# -Dstyle.color keeps the log readable in CI; surefire/failsafe print each module's "Tests run:" summary.
exec mvn -B -Dstyle.color=never verify "$@"
