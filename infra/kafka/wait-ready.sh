#!/usr/bin/env bash
# Wait until the broker on 127.0.0.1:PORT answers a metadata request (kafka-tools' BrokerApiVersionsCommand).
#   infra/kafka/wait-ready.sh [PORT] [TIMEOUT_SECONDS]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PORT="${1:-${KAFKA_PORT:-9092}}"
TIMEOUT="${2:-60}"
PID_FILE="${KAFKA_DATA_DIR:-$HERE/data/$PORT}/kafka.pid"
deadline=$((SECONDS + TIMEOUT))
# Cheap TCP probe first, then one real metadata round trip.
until (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; do
  if [[ -f "$PID_FILE" ]] && ! kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
    echo "kafka process exited; see $(dirname "$PID_FILE")/broker.log" >&2; exit 1
  fi
  (( SECONDS < deadline )) || { echo "kafka not listening on $PORT after ${TIMEOUT}s" >&2; exit 1; }
  sleep 0.2
done
until java -cp "$HERE/lib/*" -Dlog4j2.configurationFile="$HERE/log4j2.properties" -XX:TieredStopAtLevel=1 \
    org.apache.kafka.tools.BrokerApiVersionsCommand --bootstrap-server "127.0.0.1:$PORT" >/dev/null 2>&1; do
  (( SECONDS < deadline )) || { echo "kafka on $PORT did not answer metadata after ${TIMEOUT}s" >&2; exit 1; }
  sleep 0.5
done
echo "kafka ready on 127.0.0.1:$PORT"
