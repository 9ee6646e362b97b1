#!/usr/bin/env bash
# Runs Atende on this machine: an embedded Kafka and PostgreSQL (data in .local-stack/, which survives
# `mvn clean`), then the four services. Ctrl-C stops everything.
#
#   ./run.sh              the services, with the WhatsApp engine chosen by ATENDE_ENGINE (default baileys)
#   ./run.sh --simulator  the same with the simulator engine: try the product without a phone
#
# External infrastructure instead of the embedded one: set ATENDE_KAFKA_BOOTSTRAP (host:port) and
# ATENDE_PG_HOSTPORT (host:port, with databases atende_gateway, atende_ticketing, atende_sla, atende_reporting),
# plus ATENDE_DB_USER / ATENDE_DB_PASSWORD.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)

ENGINE="${ATENDE_ENGINE:-baileys}"
for arg in "$@"; do
  case "$arg" in
    --simulator) ENGINE=simulator ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "unknown option: $arg (see --help)" >&2; exit 2 ;;
  esac
done

# A JDK 21+: JAVA_HOME if it is one, else the Temurin JDK installed beside the default one.
java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p'; }
if [ -z "${JAVA_HOME:-}" ] || [ "$(java_major "$JAVA_HOME" 2>/dev/null || echo 0)" -lt 21 ]; then
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64 /usr/lib/jvm/java-21-openjdk-amd64; do
    if [ -x "$candidate/bin/java" ]; then export JAVA_HOME="$candidate"; break; fi
  done
fi
[ -n "${JAVA_HOME:-}" ] || { echo "need a JDK 21+: set JAVA_HOME" >&2; exit 1; }
export PATH="$JAVA_HOME/bin:$PATH"
JAVA_OPTS=(--sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -Xmx384m)

SERVICES=(channel-gateway ticketing-service sla-service reporting-service)
declare -A PORTS=([channel-gateway]=8081 [ticketing-service]=8082 [sla-service]=8083 [reporting-service]=8084)
declare -A DATABASES=([channel-gateway]=atende_gateway [ticketing-service]=atende_ticketing [sla-service]=atende_sla [reporting-service]=atende_reporting)

# Build what is missing.
missing=false
[ -f local-stack/target/classpath.txt ] || missing=true
for service in "${SERVICES[@]}"; do [ -f "$service/target/quarkus-app/quarkus-run.jar" ] || missing=true; done
if $missing; then
  echo "building (first run only) ..."
  MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" mvn -B -q -ntp install -DskipTests
fi

DATA_DIR="${ATENDE_DATA_DIR:-$ROOT/.local-stack}"
LOG_DIR="$DATA_DIR/logs"
mkdir -p "$LOG_DIR"
LOCAL_CP="$(cat local-stack/target/classpath.txt):$ROOT/local-stack/target/classes"
PIDS=()

stop_all() {
  trap - INT TERM EXIT
  echo; echo "stopping ..."
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop_all INT TERM EXIT

if [ -n "${ATENDE_KAFKA_BOOTSTRAP:-}" ] && [ -n "${ATENDE_PG_HOSTPORT:-}" ]; then
  KAFKA="$ATENDE_KAFKA_BOOTSTRAP"; PG="$ATENDE_PG_HOSTPORT"
  echo "using external Kafka $KAFKA and PostgreSQL $PG"
else
  KAFKA_PORT="${ATENDE_KAFKA_PORT:-29092}"; PG_PORT="${ATENDE_POSTGRES_PORT:-25432}"
  rm -f "$DATA_DIR/ready"
  echo "starting embedded Kafka (:$KAFKA_PORT) and PostgreSQL (:$PG_PORT), data in $DATA_DIR ..."
  ATENDE_DATA_DIR="$DATA_DIR" ATENDE_KAFKA_PORT="$KAFKA_PORT" ATENDE_POSTGRES_PORT="$PG_PORT" \
    java "${JAVA_OPTS[@]}" -cp "$LOCAL_CP" io.atende.localstack.LocalStackMain > "$LOG_DIR/local-stack.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 120); do [ -f "$DATA_DIR/ready" ] && break; sleep 0.5; done
  [ -f "$DATA_DIR/ready" ] || { echo "local stack did not start; see $LOG_DIR/local-stack.log" >&2; exit 1; }
  KAFKA="localhost:$KAFKA_PORT"; PG="localhost:$PG_PORT"
fi

for service in "${SERVICES[@]}"; do
  db="${DATABASES[$service]}"
  ( cd "$service" && \
    ATENDE_HTTP_PORT="${PORTS[$service]}" ATENDE_KAFKA_BOOTSTRAP="$KAFKA" \
    ATENDE_DB_REACTIVE_URL="postgresql://$PG/$db" ATENDE_DB_JDBC_URL="jdbc:postgresql://$PG/$db" \
    ATENDE_DB_USER="${ATENDE_DB_USER:-postgres}" ATENDE_DB_PASSWORD="${ATENDE_DB_PASSWORD:-postgres}" \
    ATENDE_JWT_PUBLIC_KEY="${ATENDE_JWT_PUBLIC_KEY:-$ROOT/local-stack/src/main/resources/dev-jwt/public.pem}" \
    ATENDE_ENGINE="$ENGINE" \
    exec java "${JAVA_OPTS[@]}" -jar target/quarkus-app/quarkus-run.jar ) > "$LOG_DIR/$service.log" 2>&1 &
  PIDS+=($!)
done

echo "waiting for the services to be ready ..."
for service in "${SERVICES[@]}"; do
  url="http://localhost:${PORTS[$service]}/q/health/ready"
  for _ in $(seq 1 240); do curl -fs "$url" > /dev/null 2>&1 && break; sleep 0.5; done
  curl -fs "$url" > /dev/null 2>&1 || { echo "$service is not ready; see $LOG_DIR/$service.log" >&2; exit 1; }
done

TOKEN=$(java -cp "$LOCAL_CP" io.atende.localstack.DevTokens --user admin --roles admin)
cat <<INFO

Atende is running (engine: $ENGINE). Logs: $LOG_DIR
  channel-gateway    http://localhost:8081   (channels; /simulator/... with --simulator)
  link a phone       http://localhost:8081/link.html#channel=<channel id>&token=$TOKEN
  ticketing-service  http://localhost:8082   (tickets)
  sla-service        http://localhost:8083   (SLA status)
  reporting-service  http://localhost:8084   (reports)
  each service: /q/health, /q/metrics, /q/swagger-ui

A dev admin token (valid 12 h; mint others with the DevTokens command in README.md):
export TOKEN=$TOKEN

Ctrl-C stops everything.
INFO
wait
