#!/usr/bin/env bash
# Tests check the shipped alerting rules with `promtool check rules` and the server's /metrics with `promtool check
# metrics`: promtool comes with Debian's prometheus package.
set -euo pipefail
if command -v promtool >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "promtool is missing: run 'sudo apt-get update && sudo apt-get install -y prometheus' and retry." >&2
  exit 1
fi
echo "Installing Debian's prometheus (promtool) for the metrics and rules tests..."
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq prometheus >/dev/null
