#!/usr/bin/env bash
# Fetch the Kafka broker jars from Maven Central into infra/kafka/lib once (pom.xml names them).
# The lock keeps parallel test files from fetching twice; the marker makes later calls free.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[[ -f "$HERE/lib/.complete" ]] && exit 0
mkdir -p "$HERE/lib"
(
  flock 9
  if [[ ! -f "$HERE/lib/.complete" ]]; then
    echo "fetching Kafka jars into infra/kafka/lib (Maven Central)…"
    (cd "$HERE" && mvn -q -B dependency:copy-dependencies)
    touch "$HERE/lib/.complete"
  fi
) 9>"$HERE/lib/.fetch.lock"
