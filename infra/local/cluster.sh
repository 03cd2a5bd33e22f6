#!/usr/bin/env bash
# Local CLUSTER mode beside the single-node servers (which it leaves alone): three Kafka 4.x KRaft nodes (brokers and
# controllers, topics replicated 3 times, min.insync.replicas 2), one ZooKeeper (Debian's package, run as a plain
# process) and ClickHouse 18.16 as 2 shards x 2 replicas (four server processes, cluster `govmetrics`,
# macros {shard}/{replica}). Data under .local/cluster/<node>/; docs/cluster.md has the design.
# Usage: cluster.sh up|down|status|env|destroy
#        cluster.sh kill|stop|start NODE     (kill = kill -9; NODE: zookeeper, kafka-1..3, clickhouse-1-1, -1-2, -2-1, -2-2)
#        cluster.sh nodes                    (every node's name, one a line)
#        cluster.sh cut|heal kafka-N         (its link down / up again; only with CLUSTER_KAFKA_NETNS, cluster-kafka-netns.sh)
# `env` prints the settings a pipeline needs to use the cluster (KAFKA_BROKERS, CLICKHOUSE_URL, CLICKHOUSE_CLUSTER, ...).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/cluster-lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/cluster-kafka.sh"
source "$(dirname "${BASH_SOURCE[0]}")/cluster-clickhouse.sh"

usage() {
  echo "usage: $0 up|down|status|env|nodes|destroy | kill|stop|start NODE | cut|heal kafka-N" >&2
  exit 2
}

up() {
  command -v java >/dev/null || apt_install openjdk-17-jre-headless
  [ -f "$ZK_JAR" ] || apt_install zookeeper
  "$(dirname "${BASH_SOURCE[0]}")/kafka.sh" install
  "$(dirname "${BASH_SOURCE[0]}")/clickhouse.sh" install
  start_zookeeper
  start_kafka_nodes 1 2 3
  local node
  for node in $CLICKHOUSE_NODES; do start_clickhouse "$node"; done
  wait_kafka_quorum
  log "cluster is up"
}

down() {
  local node
  for node in $CLICKHOUSE_NODES; do stop_server "clickhouse-$node" "$(clickhouse_config "$node")"; done
  for node in 3 2 1; do stop_server "kafka-$node" "$(kafka_config "$node")"; done
  stop_server zookeeper "$ZK_CONFIG"
}

status() {
  local rc=0 node
  zookeeper_status || rc=1
  for node in 1 2 3; do kafka_status "$node" || rc=1; done
  for node in $CLICKHOUSE_NODES; do clickhouse_status "$node" || rc=1; done
  return $rc
}

# One node by name: the fault suite's handle.
node_verb() { # node_verb kill|stop|start NODE
  local verb="$1" node="${2:-}" config
  case "$node" in
    zookeeper) config="$ZK_CONFIG" ;;
    kafka-[123]) config="$(kafka_config "${node#kafka-}")" ;;
    clickhouse-[12]-[12]) config="$(clickhouse_config "${node#clickhouse-}")" ;;
    *) usage ;;
  esac
  case "$verb" in
    # shellcheck disable=SC2046
    kill) kill -9 $(server_pids "$config") 2>/dev/null || true; wait_until 10 server_stopped "$config"; log "$node killed" ;;
    stop) stop_server "$node" "$config" ;;
    start)
      case "$node" in
        zookeeper) start_zookeeper ;;
        kafka-*) start_kafka_nodes "${node#kafka-}" ;;
        clickhouse-*) start_clickhouse "${node#clickhouse-}" ;;
      esac ;;
  esac
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  env) cluster_env ;;
  nodes) echo zookeeper; printf 'kafka-%s\n' 1 2 3; printf 'clickhouse-%s\n' $CLICKHOUSE_NODES ;;
  # The namespaces go even when a stop fails.
  destroy) trap netns_delete_all EXIT; down; rm -rf "$CLUSTER_HOME"; log "cluster data deleted" ;;
  kill | stop | start) node_verb "$1" "${2:-}" ;;
  cut | heal) [[ "${2:-}" == kafka-[123] ]] || usage; netns_link "$1" "${2#kafka-}" ;;
  *) usage ;;
esac
