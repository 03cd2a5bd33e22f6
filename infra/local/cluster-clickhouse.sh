# The cluster's ClickHouse 18.16 servers: 2 shards x 2 replicas, one process each. Sourced by cluster.sh.

clickhouse_home() { echo "$CLUSTER_HOME/clickhouse-$1"; }
clickhouse_config() { echo "$(clickhouse_home "$1")/config.xml"; }

# Both replicas of a shard in one <shard>; internal_replication: a write reaches one replica, replication does the rest.
remote_servers_xml() {
  local shard replica
  echo "<remote_servers><$CLUSTER_NAME>"
  for shard in 1 2; do
    echo "<shard><internal_replication>true</internal_replication>"
    for replica in 1 2; do
      echo "<replica><host>127.0.0.1</host><port>$(clickhouse_tcp_port "$shard-$replica")</port></replica>"
    done
    echo "</shard>"
  done
  echo "</$CLUSTER_NAME></remote_servers>"
}

write_clickhouse_config() { # write_clickhouse_config SHARD-REPLICA
  local home; home="$(clickhouse_home "$1")"
  mkdir -p "$home/data" "$home/tmp" "$home/user_files" "$home/format_schemas"
  cat > "$(clickhouse_config "$1")" <<XML
<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>$home/server.log</log><errorlog>$home/server.err.log</errorlog><size>100M</size><count>2</count></logger>
  <http_port>$(clickhouse_http_port "$1")</http_port>
  <tcp_port>$(clickhouse_tcp_port "$1")</tcp_port>
  <interserver_http_port>$(clickhouse_interserver_port "$1")</interserver_http_port>
  <interserver_http_host>127.0.0.1</interserver_http_host>
$(clickhouse_server_settings "$home" 134217728)
  <zookeeper><node><host>127.0.0.1</host><port>$ZK_PORT</port></node><session_timeout_ms>10000</session_timeout_ms></zookeeper>
  <macros><shard>0${1%-*}</shard><replica>r${1#*-}</replica><cluster>$CLUSTER_NAME</cluster></macros>
  $(remote_servers_xml)
  <distributed_ddl><path>/clickhouse/task_queue/ddl</path></distributed_ddl>
</yandex>
XML
  # The services' least-privilege users: the single node's users.d (tools/devkit writes it), shared by every node.
  local users_d; users_d="$(dirname "$CLUSTER_HOME")/clickhouse/users.d"
  mkdir -p "$users_d"
  ln -sfn "$users_d" "$home/users.d"
  # A read whose IN subquery reads a Distributed table (the gateway's top-N series) runs it once, globally; the
  # reader's own profile (users.d) merges with this one.
  cat > "$home/users.xml" <<XML
<?xml version="1.0"?>
<yandex>
  <profiles>
    <default><max_memory_usage>2000000000</max_memory_usage><load_balancing>in_order</load_balancing><distributed_product_mode>global</distributed_product_mode></default>
    <govmetrics_reader><distributed_product_mode>global</distributed_product_mode></govmetrics_reader>
  </profiles>
$(clickhouse_default_user)
</yandex>
XML
}

clickhouse_ping() { clickhouse_answers "$(clickhouse_http_port "$1")"; }

clickhouse_logs() { echo "$(clickhouse_home "$1")/server.err.log" "$(clickhouse_home "$1")/stdout.log"; }

# 0: answering; 1: still starting; 2: the process is gone.
clickhouse_starting() {
  server_running "$(clickhouse_config "$1")" || return 2
  clickhouse_ping "$1"
}

launch_and_wait_clickhouse() { # launch_and_wait_clickhouse SHARD-REPLICA: 0 answering, 2 exited during start, 1 no answer in 60 s
  local home config deadline=$((SECONDS + 60)) state; home="$(clickhouse_home "$1")"; config="$(clickhouse_config "$1")"
  : > "$home/server.err.log"
  : > "$home/stdout.log"
  launch_clickhouse "$home" "$config"
  while :; do
    state=0; clickhouse_starting "$1" || state=$?
    [ "$state" -ne 1 ] && return "$state"
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.5
  done
}

start_clickhouse() { # start_clickhouse SHARD-REPLICA
  local config state; config="$(clickhouse_config "$1")"
  if server_running "$config"; then log "clickhouse-$1 already running"; return 0; fi
  port_open "$(clickhouse_http_port "$1")" && { log "FAILED: port $(clickhouse_http_port "$1") is taken by something that is not clickhouse-$1"; exit 1; }
  write_clickhouse_config "$1"
  log "starting clickhouse-$1 on 127.0.0.1:$(clickhouse_http_port "$1")"
  state=0; launch_and_wait_clickhouse "$1" || state=$?
  # A node killed -9 has been seen to exit once during its next start (the fault suite, 2026-11-30) and start
  # the time after, as a supervisor's restart would: one more start, with the first one's logs shown.
  if [ "$state" -eq 2 ]; then
    log "clickhouse-$1 exited during start; starting it once more"
    # shellcheck disable=SC2046
    show_logs $(clickhouse_logs "$1")
    sleep 2
    state=0; launch_and_wait_clickhouse "$1" || state=$?
  fi
  # shellcheck disable=SC2046
  case "$state" in
    0) return 0 ;;
    2) die_with_log "clickhouse-$1 exited during start" $(clickhouse_logs "$1") ;;
    *) die_with_log "clickhouse-$1 did not answer within 60 s" $(clickhouse_logs "$1") ;;
  esac
}

clickhouse_status() {
  if server_running "$(clickhouse_config "$1")" && clickhouse_ping "$1"; then
    echo "clickhouse-$1: up on 127.0.0.1:$(clickhouse_http_port "$1") (shard $((${1%-*})), replica ${1#*-})"
  else
    echo "clickhouse-$1: down"; return 1
  fi
}
