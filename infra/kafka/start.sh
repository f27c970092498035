#!/usr/bin/env bash
# Start a single-node KRaft Kafka (broker+controller) on 127.0.0.1 in the background.
#   infra/kafka/start.sh [PORT]      (default 9092; the controller listens on PORT+1)
# Data and pid file live in infra/kafka/data/<PORT>/ (git-ignored). Idempotent: a running broker is reused.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PORT="${1:-${KAFKA_PORT:-9092}}"
CONTROLLER_PORT="$((PORT + 1))"
DATA_DIR="${KAFKA_DATA_DIR:-$HERE/data/$PORT}"
PID_FILE="$DATA_DIR/kafka.pid"
mkdir -p "$DATA_DIR"

if [[ -f "$PID_FILE" ]] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
  echo "kafka already running on 127.0.0.1:$PORT (pid $(cat "$PID_FILE"))"
  exec "$HERE/wait-ready.sh" "$PORT"
fi

"$HERE/fetch-jars.sh"

CONFIG="$DATA_DIR/server.properties"
sed -e "s|@PORT@|$PORT|g" -e "s|@CONTROLLER_PORT@|$CONTROLLER_PORT|g" -e "s|@DATA_DIR@|$DATA_DIR|g" \
  "$HERE/server.properties" > "$CONFIG"

JAVA_OPTS=(-Xms256m -Xmx1g -XX:+UseG1GC -XX:TieredStopAtLevel=1
  -Dlog4j2.configurationFile="$HERE/log4j2.properties" -Djava.awt.headless=true)
CP="$HERE/lib/*"

# Format the storage once, with a fresh cluster id (standalone KRaft controller quorum).
if [[ ! -f "$DATA_DIR/logs/meta.properties" ]]; then
  CLUSTER_ID="$(java -cp "$CP" "${JAVA_OPTS[@]}" org.apache.kafka.tools.StorageTool random-uuid 2>/dev/null || java -cp "$CP" "${JAVA_OPTS[@]}" kafka.tools.StorageTool random-uuid)"
  java -cp "$CP" "${JAVA_OPTS[@]}" kafka.tools.StorageTool format --standalone \
    -t "$CLUSTER_ID" -c "$CONFIG" >"$DATA_DIR/format.log" 2>&1 \
    || { cat "$DATA_DIR/format.log" >&2; exit 1; }
fi

nohup java -cp "$CP" "${JAVA_OPTS[@]}" kafka.Kafka "$CONFIG" >"$DATA_DIR/broker.log" 2>&1 &
echo $! >"$PID_FILE"
echo "kafka starting on 127.0.0.1:$PORT (pid $(cat "$PID_FILE")), log $DATA_DIR/broker.log"
exec "$HERE/wait-ready.sh" "$PORT"
