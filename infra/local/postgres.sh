#!/usr/bin/env bash
# PostgreSQL from Debian's postgresql package, a private cluster under .local/ on 127.0.0.1:5432.
# Usage: postgres.sh install|start|stop|status|restart
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PG_PORT="${PGPORT:-5432}"
PG_HOME="$LOCAL_DIR/postgres"
PG_DATA="$PG_HOME/data"
LOGFILE="$PG_HOME/server.log"

pg_bin() { # newest installed major's binaries
  local dir; dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [ -n "$dir" ] && echo "$dir"
}

install() {
  pg_bin >/dev/null || apt_install postgresql
}

# initdb and postgres refuse to run as root, so the cluster belongs to the postgres user.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

ready() { "$(pg_bin)/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; }

# Local development trusts the superuser on the loopback (the scripts and tests create and drop databases as it); every
# other role, the services' least-privilege users of infra/local/db-users.sh among them, must give its password.
write_hba() {
  cat > "$PG_DATA/pg_hba.conf" <<'HBA'
local all all trust
host all postgres 127.0.0.1/32 trust
host all postgres ::1/128 trust
host all all 127.0.0.1/32 scram-sha-256
host all all ::1/128 scram-sha-256
HBA
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PG_DATA/pg_hba.conf"
  return 0
}

start() {
  install
  local bin; bin="$(pg_bin)"
  if ready; then log "postgres already answers on 127.0.0.1:$PG_PORT"; return 0; fi
  mkdir -p "$PG_HOME"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PG_HOME"
  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    log "initialising a PostgreSQL cluster in $PG_DATA"
    as_owner "$bin/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 > "$PG_HOME/initdb.log" 2>&1 \
      || die_with_log "initdb failed" "$PG_HOME/initdb.log"
    write_hba
  fi
  log "starting postgres on 127.0.0.1:$PG_PORT"
  as_owner "$bin/pg_ctl" -D "$PG_DATA" -l "$LOGFILE" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k /tmp -c max_connections=200 -c fsync=on" start >/dev/null \
    || die_with_log "postgres did not start" "$LOGFILE"
  wait_until 30 ready || die_with_log "postgres did not answer within 30 s" "$LOGFILE"
  log "postgres is up"
}

stop() {
  [ -f "$PG_DATA/postmaster.pid" ] || { log "postgres is not running"; return 0; }
  as_owner "$(pg_bin)/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null
  log "postgres stopped"
}

status() {
  if ready; then echo "postgres: up on 127.0.0.1:$PG_PORT"; else echo "postgres: down"; return 1; fi
}

case "${1:-}" in
  install) install ;;
  start) start ;;
  stop) stop ;;
  restart) stop; start ;;
  status) status ;;
  *) echo "usage: $0 install|start|stop|restart|status" >&2; exit 2 ;;
esac
