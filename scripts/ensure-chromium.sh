#!/usr/bin/env bash
# The browser tests use Debian's Chromium (Playwright cannot download its own browser here).
set -euo pipefail
exec bash "$(dirname "$0")/lib/ensure-debian-package.sh" chromium /usr/bin/chromium 'the browser tests'
