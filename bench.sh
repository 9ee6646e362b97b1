#!/usr/bin/env bash
# The pipeline benchmark: builds what it needs, starts Kafka, PostgreSQL and the four packaged services, drives
# inbound messages through them, and prints throughput, latency, RSS and the raw Kafka baseline.
#   ./bench.sh [--messages 10000] [--contacts 1000] [--latency-messages 1000] [--rate 100]
set -euo pipefail
cd "$(dirname "$0")"
if [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ] && [ -z "${JAVA_HOME:-}" ]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
export PATH="$JAVA_HOME/bin:$PATH"
MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" mvn -B -q -ntp install -DskipTests
exec java --sun-misc-unsafe-memory-access=allow -Datende.root="$(pwd)" \
  -cp "$(cat system-tests/target/classpath.txt):system-tests/target/classes" \
  io.atende.systemtests.PipelineBenchmark "$@"
