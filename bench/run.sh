#!/usr/bin/env bash
# Runs the benchmarks against the embedded stack and writes bench/results/bench-<time>.json and latest.md.
#   bench/run.sh                      all of them (about 30-60 minutes on 2 cores)
#   bench/run.sh audit materializer   only some: audit, materializer, backup, bad-input, faults
#   bench/run.sh bad-input faults     the bad-input and fault-injection suites (counts, not timings; faults mounts a
#                                     tmpfs when run as root, else reports that scenario skipped)
# Sizes: BENCH_OPTS="-Dbench.backup.small=100000 -Dbench.backup.large=1000000 -Dbench.audit.rate=200 ..."
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f bench/target/classpath.txt ] || [ ! -f admin-gateway/target/admin-gateway-0.1.0-SNAPSHOT.jar ]; then
  echo "Building (./test.sh or mvn install builds this too) ..."
  mvn -q -B -DskipTests install
fi
# 8 GB: this JVM also runs the embedded MongoDB, which holds a query's whole result in memory (a sorted dump of
# a million engines ran the 2 GB it had out); backup-service's own heap, which is what is measured, stays 384 MB.
# shellcheck disable=SC2086
exec java -Xms256m -Xmx8g -Dbackstop.home="$PWD" ${BENCH_OPTS:-} \
  -cp "bench/target/classes:$(cat bench/target/classpath.txt)" io.backstop.bench.Bench "$@"
