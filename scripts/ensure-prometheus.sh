#!/usr/bin/env bash
# Debian's prometheus package (server and promtool) for the tests: the observed-traffic tests start a real Prometheus
# on a loopback port with a temporary data directory (the package's own service is not used), and the history tests
# check the shipped alerting rules and /metrics with promtool.
set -euo pipefail
exec bash "$(dirname "$0")/lib/ensure-debian-package.sh" prometheus /usr/bin/prometheus 'the observed-traffic tests (prometheus) and the metrics and alerting rules tests (promtool)'
