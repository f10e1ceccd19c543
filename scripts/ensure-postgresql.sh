#!/usr/bin/env bash
# The PostgreSQL history store is tested against a real PostgreSQL 15 (Debian's postgresql-15): the tests start a
# throwaway cluster themselves with initdb / pg_ctl (test/postgres-server.ts), so only the binaries are needed.
set -euo pipefail
if [ -x /usr/lib/postgresql/15/bin/initdb ] && [ -x /usr/lib/postgresql/15/bin/pg_ctl ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "PostgreSQL 15 is missing: run 'sudo apt-get update && sudo apt-get install -y postgresql-15' and retry." >&2
  exit 1
fi
echo "Installing Debian's postgresql-15 for the history store tests..."
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null
