#!/usr/bin/env bash
# Benchmarks over the packaged services on an embedded Kafka and PostgreSQL; each prints its figures.
#   ./bench.sh [pipeline] [--messages 100000] [--contacts 10000] [--latency-messages 1000] [--rate 1000] [--ticket-event-tickets 10000]
#       inbound messages through all four services: throughput, latency, ticket events/s of sla and reporting, RSS,
#       and the raw Kafka baseline
#   ./bench.sh reporting [--events-tickets 5000] [--tickets 1000000] [--requests 30]
#       reporting-service: events/s folded into the read models, p50/p99 of each report with 1M tickets
#   ./bench.sh chaos [--messages 100000] [--contacts 500]
#       the chaos scenario of ChaosIT at scale: messages sent, stored, lost, counted twice; each fault's recovery
set -euo pipefail
cd "$(dirname "$0")"
if [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ] && [ -z "${JAVA_HOME:-}" ]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
export PATH="$JAVA_HOME/bin:$PATH"
MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" mvn -B -q -ntp install -DskipTests
MAIN=io.atende.systemtests.PipelineBenchmark
case "${1:-}" in
  pipeline) shift ;;
  reporting) MAIN=io.atende.systemtests.ReportingBenchmark; shift ;;
  chaos) MAIN=io.atende.systemtests.ChaosBenchmark; shift ;;
esac
exec java --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED -Djava.util.logging.manager=org.jboss.logmanager.LogManager -Datende.root="$(pwd)" \
  -cp "$(cat system-tests/target/classpath.txt):system-tests/target/classes" "$MAIN" "$@"
