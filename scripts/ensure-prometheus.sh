#!/usr/bin/env bash
# The observed-traffic tests run a real Prometheus: Debian's prometheus package (server and promtool). Installs it when
# missing (as root); otherwise says how. The package's own service is not used: the tests start their own server on a
# loopback port with a temporary data directory, so a service the package starts is stopped and disabled here.
set -euo pipefail
if [ -x /usr/bin/prometheus ] && [ -x /usr/bin/promtool ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Prometheus is missing: run 'sudo apt-get update && sudo apt-get install -y prometheus' (the tests need /usr/bin/prometheus and /usr/bin/promtool) and retry." >&2
  exit 1
fi
echo "Installing Debian's prometheus for the observed-traffic tests..."
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq prometheus >/dev/null
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet prometheus 2>/dev/null; then
  systemctl disable --now prometheus >/dev/null 2>&1 || true
fi
