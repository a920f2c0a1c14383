#!/usr/bin/env bash
# Starts the whole Backstop system on the embedded default, in the foreground: a real Kafka broker,
# mongo-java-server with its data under ./data, and the four services; the admin UI on http://localhost:8080.
# Builds whatever is missing or out of date first. Ctrl-C stops everything cleanly.
# Configuration: environment variables, see the README ("Configuration").
set -euo pipefail
cd "$(dirname "$0")"
export BACKSTOP_HOME="$PWD"
data_dir="${BACKSTOP_DATA_DIR:-data}"
modules=(contracts document-diff outbox service-support embedded-infra catalog-service audit-service backup-service admin-gateway stack)
services=(catalog-service audit-service backup-service admin-gateway)

command -v java >/dev/null || { echo "run.sh needs Java 17 or newer (java not found)" >&2; exit 1; }
command -v mvn >/dev/null || { echo "run.sh needs Maven 3.8+ to build (mvn not found)" >&2; exit 1; }

stale() {
  [ -f stack/target/classpath.txt ] || return 0
  local m jar
  for m in "${services[@]}"; do
    jar="$m/target/$m-0.1.0-SNAPSHOT.jar"
    [ -f "$jar" ] || return 0
  done
  # any source or pom newer than the oldest jar means a rebuild
  local oldest=""
  for m in "${services[@]}"; do
    jar="$m/target/$m-0.1.0-SNAPSHOT.jar"
    if [ -z "$oldest" ] || [ "$jar" -ot "$oldest" ]; then oldest="$jar"; fi
  done
  [ -n "$(find pom.xml "${modules[@]/%//pom.xml}" "${modules[@]/%//src/main}" -newer "$oldest" -print -quit 2>/dev/null)" ]
}

if stale; then
  echo "Building Backstop (the first build downloads dependencies and takes a few minutes) ..."
  # clean: a dependency change alone (a pom) leaves classes as they are, and the jars would not be repackaged
  mvn -q -B -DskipTests clean install
fi

pids_file="$data_dir/stack.pids"
cleanup() {
  # Only if the launcher died without stopping its children (kill -9): never leave orphans holding the ports.
  if [ -f "$pids_file" ]; then
    while read -r pid; do
      [ -n "$pid" ] && [ "$pid" -gt 0 ] && kill -0 "$pid" 2>/dev/null && kill -TERM "$pid" 2>/dev/null || true
    done < "$pids_file"
    rm -f "$pids_file"
  fi
}
java -Xms64m -Xmx1g -XX:+UseSerialGC -cp "stack/target/classes:$(cat stack/target/classpath.txt)" \
  io.backstop.stack.EmbeddedStack &
launcher=$!
trap 'kill -TERM "$launcher" 2>/dev/null || true' INT TERM
trap cleanup EXIT
# wait returns early when a trapped signal arrives; wait again for the launcher's orderly shutdown
status=0
wait "$launcher" || status=$?
while kill -0 "$launcher" 2>/dev/null; do wait "$launcher" || status=$?; done
exit "$status"
