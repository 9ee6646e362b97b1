#!/usr/bin/env bash
# SLA timer benchmark: 100,000 running timers by default. Needs the packaged service and compiled test classes:
#   mvn -o -f sla-service/pom.xml verify   (or package -DskipTests plus test-compile)
# Usage: sla-service/bench-timers.sh [--timers 100000] [--firing <timers>] [--window 60] [--lead 30]
set -euo pipefail
cd "$(dirname "$0")"
JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
if [ ! -f target/bench-classpath.txt ]; then
  mvn -B -o -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
fi
exec "$JAVA_HOME/bin/java" --sun-misc-unsafe-memory-access=allow -Xmx1g \
  -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  io.atende.sla.bench.SlaTimerBenchmark "$@"
