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
SERVER_BIN=/usr/sbin/clickhouse-server

install() {
  [ -x "$SERVER_BIN" ] || apt_install clickhouse-server
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
  <listen_host>127.0.0.1</listen_host>
  <max_connections>1024</max_connections>
  <keep_alive_timeout>10</keep_alive_timeout>
  <max_concurrent_queries>100</max_concurrent_queries>
  <uncompressed_cache_size>268435456</uncompressed_cache_size>
  <mark_cache_size>268435456</mark_cache_size>
  <path>$CH_HOME/data/</path>
  <tmp_path>$CH_HOME/tmp/</tmp_path>
  <user_files_path>$CH_HOME/user_files/</user_files_path>
  <format_schema_path>$CH_HOME/format_schemas/</format_schema_path>
  <users_config>$CH_HOME/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mlock_executable>false</mlock_executable>
  <builtin_dictionaries_reload_interval>3600</builtin_dictionaries_reload_interval>
  <max_session_timeout>3600</max_session_timeout>
  <default_session_timeout>60</default_session_timeout>
</yandex>
XML
  # Only `default`, for the scripts and tests; the services' own users are merged in from users.d/govmetrics.xml,
  # written by infra/local/db-users.sh and reread by the running server without a restart.
  cat > "$CH_HOME/users.xml" <<XML
<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>4000000000</max_memory_usage><load_balancing>random</load_balancing></default></profiles>
  <users>
    <default>
      <password></password>
      <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
      <profile>default</profile>
      <quota>default</quota>
    </default>
  </users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
XML
}

ping() { curl -m 3 -fsS "http://127.0.0.1:$CH_HTTP_PORT/ping" 2>/dev/null | grep -q Ok; }

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
  # Run from its home so that relative paths the server derives stay inside .local.
  # Redirect the subshell itself, not only the server: nothing may keep the caller's stdout open.
  (cd "$CH_HOME" && exec setsid nohup "$SERVER_BIN" --config-file="$CONFIG") >> "$CH_HOME/stdout.log" 2>&1 < /dev/null &
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
