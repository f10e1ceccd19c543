#!/usr/bin/env bash
# Serves the dashboard on the embedded demo mesh at 127.0.0.1:3000, building first when the build is missing or stale.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f .next/BUILD_ID ] || [ -n "$(find app components lib demo next.config.ts package.json -newer .next/BUILD_ID ! -name manifests.decoded.json -print -quit 2>/dev/null)" ]; then
  npx next build
fi
echo "Mesh Posture (demo mesh): http://127.0.0.1:${PORT:-3000}"
exec env MESH_POSTURE_SOURCE=demo MESH_POSTURE_ANONYMOUS=true node --max-semi-space-size=64 bin/mesh-posture-server.mjs --hostname 127.0.0.1 --port "${PORT:-3000}"
