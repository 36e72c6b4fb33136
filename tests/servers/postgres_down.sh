#!/usr/bin/env bash
# Stop the PostgreSQL of postgres_up.sh and remove its directory (--keep: keep the data).
set -uo pipefail
PG_PORT=${PG_PORT:-55432}
PG_STATE=${PG_STATE:-/tmp/copydesk-pg-$PG_PORT}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | tail -1)
[ -d "$PG_STATE/pg" ] || exit 0
if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$bin/pg_ctl" -D "$PG_STATE/pg" -m fast -w stop
else "$bin/pg_ctl" -D "$PG_STATE/pg" -m fast -w stop; fi
[ "${1:-}" = "--keep" ] || rm -rf "$PG_STATE"
