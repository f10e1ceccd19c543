#!/usr/bin/env bash
# The PostgreSQL history store is tested against a real PostgreSQL 15 (Debian's postgresql-15): the tests start a
# throwaway cluster themselves with initdb / pg_ctl (test/postgres-server.ts), so only the binaries are needed.
set -euo pipefail
exec bash "$(dirname "$0")/lib/ensure-debian-package.sh" postgresql-15 /usr/lib/postgresql/15/bin/pg_ctl 'the history store tests'
