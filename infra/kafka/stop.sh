#!/usr/bin/env bash
# Stop the broker started by start.sh on PORT; with --clean also delete its data.
#   infra/kafka/stop.sh [PORT] [--clean]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PORT="${1:-${KAFKA_PORT:-9092}}"
DATA_DIR="${KAFKA_DATA_DIR:-$HERE/data/$PORT}"
PID_FILE="$DATA_DIR/kafka.pid"
if [[ -f "$PID_FILE" ]]; then
  PID="$(cat "$PID_FILE")"
  if kill -0 "$PID" 2>/dev/null; then
    kill "$PID"
    for _ in $(seq 1 100); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$PID" 2>/dev/null && kill -9 "$PID"
  fi
  rm -f "$PID_FILE"
fi
if [[ "${2:-}" == "--clean" ]]; then rm -rf "$DATA_DIR"; fi
echo "kafka on $PORT stopped"
