#!/usr/bin/env bash
# Runs a command with DATABASE_URL pointing at a throwaway PostgreSQL 15 server:
# initdb into a temp dir (as the postgres user when run as root), start on 127.0.0.1 and a
# free port, run the command, stop the server and remove the dir whatever happens.
#   scripts/with-postgres.sh npm test
set -euo pipefail

PG_BIN=/usr/lib/postgresql/15/bin
[ -x "$PG_BIN/initdb" ] || PG_BIN=$(dirname "$(command -v initdb)")
PG_ROOT=$(mktemp -d /tmp/cyrene-pg.XXXXXX)
PG_PORT=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")

as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$PG_ROOT"

stop_pg() {
  as_postgres "$PG_BIN/pg_ctl" -D "$PG_ROOT/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_ROOT"
}
trap stop_pg EXIT

as_postgres "$PG_BIN/initdb" -D "$PG_ROOT/data" -U postgres -A trust --locale=C.UTF-8 -E UTF8 >/dev/null
as_postgres "$PG_BIN/pg_ctl" -D "$PG_ROOT/data" -l "$PG_ROOT/server.log" -w \
  -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $PG_ROOT -c max_connections=200 -c fsync=off" start >/dev/null

export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT" >&2
"$@"
