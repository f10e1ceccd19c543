#!/usr/bin/env bash
# Tests check the shipped alerting rules with `promtool check rules` / `promtool test rules` and the server's /metrics
# with `promtool check metrics`: promtool comes with Debian's prometheus package.
set -euo pipefail
exec bash "$(dirname "$0")/lib/ensure-debian-package.sh" prometheus /usr/bin/promtool 'the metrics and alerting rules tests (promtool)'
