#!/usr/bin/env bash
# ClickHouse server from Debian's clickhouse-server package, HTTP on 127.0.0.1:8123, data under .local/.
# Usage: clickhouse.sh install|start|stop|status|restart
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CH_HTTP_PORT="${CLICKHOUSE_HTTP_PORT:-8123}"
CH_TCP_PORT="${CLICKHOUSE_TCP_PORT:-9000}"
CH_HOME="$LOCAL_DIR/clickhouse"
CONFIG="$CH_HOME/config.xml"
LOGFILE="$CH_HOME/server.log"
ERRLOG="$CH_HOME/server.err.log"

install() {
  [ -x "$CLICKHOUSE_SERVER_BIN" ] || apt_install clickhouse-server
}

write_config() {
  mkdir -p "$CH_HOME/data" "$CH_HOME/tmp" "$CH_HOME/user_files" "$CH_HOME/format_schemas"
  cat > "$CONFIG" <<XML
<?xml version="1.0"?>
<yandex>
  <logger>
    <level>warning</level>
    <log>$LOGFILE</log>
    <errorlog>$ERRLOG</errorlog>
    <size>100M</size>
    <count>2</count>
  </logger>
  <http_port>$CH_HTTP_PORT</http_port>
  <tcp_port>$CH_TCP_PORT</tcp_port>
$(clickhouse_server_settings "$CH_HOME" 268435456)
</yandex>
XML
  # Only `default`, for the scripts and tests; the services' own users are merged in from users.d/govmetrics.xml,
  # written by infra/local/db-users.sh and reread by the running server without a restart.
  cat > "$CH_HOME/users.xml" <<XML
<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>4000000000</max_memory_usage><load_balancing>random</load_balancing></default></profiles>
$(clickhouse_default_user)
</yandex>
XML
}

ping() { clickhouse_answers "$CH_HTTP_PORT"; }

server_ready() {
  server_running "$CONFIG" || die_with_log "clickhouse exited during start" "$ERRLOG"
  ping
}

start() {
  install
  if server_running "$CONFIG"; then log "clickhouse already running"; return 0; fi
  if ping; then log "a ClickHouse server already answers on 127.0.0.1:$CH_HTTP_PORT; using it"; return 0; fi
  port_open "$CH_HTTP_PORT" && { log "FAILED: port $CH_HTTP_PORT is taken by something that is not ClickHouse"; exit 1; }
  write_config
  log "starting clickhouse on 127.0.0.1:$CH_HTTP_PORT"
  : > "$ERRLOG"
  launch_clickhouse "$CH_HOME" "$CONFIG"
  wait_until 60 server_ready || die_with_log "clickhouse did not answer within 60 s" "$ERRLOG"
  log "clickhouse is up"
}

status() {
  if server_running "$CONFIG" && ping; then
    echo "clickhouse: up on 127.0.0.1:$CH_HTTP_PORT ($(curl -m 3 -fsS "http://127.0.0.1:$CH_HTTP_PORT/?query=SELECT%20version()" | tr -d "\n"))"
  else
    echo "clickhouse: down"; return 1
  fi
}

case "${1:-}" in
  install) install ;;
  start) start ;;
  stop) stop_server clickhouse "$CONFIG" ;;
  restart) stop_server clickhouse "$CONFIG"; start ;;
  status) status ;;
  *) echo "usage: $0 install|start|stop|restart|status" >&2; exit 2 ;;
esac
