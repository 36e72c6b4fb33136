#!/usr/bin/env bash
# A throwaway PostgreSQL on 127.0.0.1:$PG_PORT for trying a newsroom by hand.
# Debian's postgresql package (installed with apt-get when missing, as root); the
# server runs as the postgres user in $PG_STATE; logins over TCP need a password.
# Creates database $PG_DB and a login $PG_ADMIN (CREATEROLE) whose password is
# $PG_ADMIN_PASSWORD, then writes $PG_STATE/env with PG_URL (no secret in it).
set -euo pipefail
PG_PORT=${PG_PORT:-55432}
PG_STATE=${PG_STATE:-/tmp/copydesk-pg-$PG_PORT}
PG_DB=${PG_DB:-newsroom}
PG_ADMIN=${PG_ADMIN:-alice}
PG_ADMIN_PASSWORD=${PG_ADMIN_PASSWORD:-alice-password}
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    echo "postgres_up: needs root and apt-get to install postgresql" >&2; exit 3
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi
bin=$(ls -d /usr/lib/postgresql/*/bin | tail -1)
as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
mkdir -p "$PG_STATE"; chmod 777 "$PG_STATE"
if [ ! -d "$PG_STATE/pg" ]; then
  mkdir "$PG_STATE/pg"; [ "$(id -u)" -eq 0 ] && chown postgres "$PG_STATE/pg"
  as_owner "$bin/initdb" -D "$PG_STATE/pg" -U postgres --auth-local=trust \
      --auth-host=scram-sha-256 --no-sync >/dev/null
fi
as_owner "$bin/pg_ctl" -D "$PG_STATE/pg" -l "$PG_STATE/log" -w status >/dev/null 2>&1 ||
  as_owner "$bin/pg_ctl" -D "$PG_STATE/pg" -l "$PG_STATE/log" -w start \
      -o "-p $PG_PORT -k $PG_STATE/pg -c listen_addresses=127.0.0.1" >/dev/null
psql_su() { as_owner "$bin/psql" -X -q -At -h "$PG_STATE/pg" -p "$PG_PORT" -U postgres "$@"; }
psql_su -tc "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'" | grep -q 1 ||
  psql_su -c "CREATE DATABASE $PG_DB"
psql_su -tc "SELECT 1 FROM pg_roles WHERE rolname = '$PG_ADMIN'" | grep -q 1 ||
  psql_su -c "CREATE ROLE $PG_ADMIN LOGIN CREATEROLE PASSWORD '$PG_ADMIN_PASSWORD'"
psql_su -c "GRANT CREATE ON DATABASE $PG_DB TO $PG_ADMIN"
echo "PG_URL=postgresql://$PG_ADMIN@127.0.0.1:$PG_PORT/$PG_DB" > "$PG_STATE/env"
echo "PG_SOCKET=$PG_STATE/pg PG_PORT=$PG_PORT" >> "$PG_STATE/env"
cat "$PG_STATE/env"
