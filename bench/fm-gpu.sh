#!/usr/bin/env bash
# The FM benchmark on a GPU machine, one command, well under 10 minutes:
#   bash bench/fm-gpu.sh
# Runs bench:fm with the webgpu provider (built into onnxruntime-node via Dawn/Vulkan) and the cuda provider
# (used when its provider libraries are installed next to onnxruntime-node), then on cpu for comparison.
# A provider that cannot start falls back to cpu with a warning: read the "on <provider>" line of each run.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || echo "no nvidia-smi"
[ -d node_modules/onnxruntime-node ] || npm ci --ignore-scripts --no-audit --no-fund
for provider in cuda webgpu; do
  echo "=== provider ${provider} ==="
  timeout 180 npx tsx bench/fm.bench.ts --provider "${provider}" --threads 1 --seconds 3 || echo "provider ${provider}: run failed"
done
echo "=== provider cpu (same machine, for comparison) ==="
timeout 120 npx tsx bench/fm.bench.ts --provider cpu --threads 1 --seconds 3
