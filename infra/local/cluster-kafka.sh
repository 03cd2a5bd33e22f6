# The cluster's three Kafka KRaft nodes (each broker and controller), same jars as kafka.sh. Sourced by cluster.sh.
source "$(dirname "${BASH_SOURCE[0]}")/cluster-kafka-netns.sh"

kafka_home() { echo "$CLUSTER_HOME/kafka-$1"; }
kafka_config() { echo "$(kafka_home "$1")/server.properties"; }

# Three replicas, two of them in sync before a write with acks=all counts: one broker may be lost without losing
# an acknowledged record or refusing writes.
cluster_kafka_properties() {
  local voters="" node
  for node in 1 2 3; do voters="$voters${voters:+,}$node@$(kafka_host "$node"):$(controller_port "$node")"; done
  cat <<PROPS
process.roles=broker,controller
node.id=$1
controller.quorum.voters=$voters
listeners=PLAINTEXT://$(kafka_host "$1"):$(kafka_port "$1"),CONTROLLER://$(kafka_host "$1"):$(controller_port "$1")
advertised.listeners=PLAINTEXT://$(kafka_host "$1"):$(kafka_port "$1")
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$(kafka_home "$1")/data
num.partitions=4
default.replication.factor=3
min.insync.replicas=2
offsets.topic.replication.factor=3
offsets.topic.num.partitions=6
transaction.state.log.replication.factor=3
transaction.state.log.min.isr=2
unclean.leader.election.enable=false
auto.create.topics.enable=false
group.initial.rebalance.delay.ms=0
log.retention.ms=-1
PROPS
}

write_kafka_config() { # write_kafka_config NODE
  local home; home="$(kafka_home "$1")"
  mkdir -p "$home/data"
  cluster_kafka_properties "$1" > "$(kafka_config "$1")"
  kafka_log4j2_properties WARN > "$home/log4j2.properties"
}

cluster_java() { # cluster_java NODE ARGS...: the node's own log config
  local home; home="$(kafka_home "$1")"; shift
  kafka_java "$home" "$@"
}
export -f cluster_java kafka_home
export CLUSTER_HOME

# All three nodes format with one cluster id, kept beside them.
kafka_cluster_id() {
  local file="$CLUSTER_HOME/kafka.cluster-id"
  [ -s "$file" ] || cluster_java 1 kafka.tools.StorageTool random-uuid > "$file"
  cat "$file"
}

launch_kafka_node() { # launch_kafka_node NODE: returns at once; a KRaft node needs its peers to become ready
  local home config; home="$(kafka_home "$1")"; config="$(kafka_config "$1")"
  if server_running "$config"; then log "kafka-$1 already running"; return 0; fi
  port_open "$(kafka_port "$1")" && { log "FAILED: port $(kafka_port "$1") is taken by something that is not kafka-$1"; exit 1; }
  if netns_node "$1"; then netns_up "$1"; fi
  write_kafka_config "$1"
  if [ ! -f "$home/data/meta.properties" ]; then
    cluster_java "$1" kafka.tools.StorageTool format -t "$(kafka_cluster_id)" -c "$config" > "$home/format.log" 2>&1 \
      || die_with_log "formatting kafka-$1's storage" "$home/format.log"
  fi
  log "starting kafka-$1 on $(kafka_host "$1"):$(kafka_port "$1")"
  : > "$home/server.log"
  # shellcheck disable=SC2046
  setsid nohup $(netns_exec_prefix "$1") bash -c 'cluster_java "$0" kafka.Kafka "$1"' "$1" "$config" >> "$home/server.log" 2>&1 < /dev/null &
}

kafka_node_ready() { # kafka_node_ready NODE
  server_running "$(kafka_config "$1")" || die_with_log "kafka-$1 exited during start" "$(kafka_home "$1")/server.log"
  kafka_port_open "$1" && grep -q "Kafka Server started" "$(kafka_home "$1")/server.log"
}

kafka_port_open() { # kafka_port_open NODE: on the address it listens on
  (exec 3<>"/dev/tcp/$(kafka_host "$1")/$(kafka_port "$1")") 2>/dev/null
}

start_kafka_nodes() { # start_kafka_nodes NODE...: launched together, then each waited for
  local node
  for node in "$@"; do launch_kafka_node "$node"; done
  for node in "$@"; do
    wait_until 120 kafka_node_ready "$node" || die_with_log "kafka-$node did not start within 120 s" "$(kafka_home "$node")/server.log"
  done
}

# Every node answering is not yet a usable cluster: a metadata request must see all three brokers.
wait_kafka_quorum() {
  local brokers="$(kafka_host 1):$(kafka_port 1),$(kafka_host 2):$(kafka_port 2),$(kafka_host 3):$(kafka_port 3)"
  wait_until 60 kafka_sees_three "$brokers" || { log "FAILED: the kafka nodes did not form a cluster of three within 60 s"; exit 1; }
}

kafka_sees_three() {
  [ "$(cluster_java 1 org.apache.kafka.tools.BrokerApiVersionsCommand --bootstrap-server "$1" 2>/dev/null | grep -c ' (id: ')" -eq 3 ]
}

kafka_status() {
  if server_running "$(kafka_config "$1")" && kafka_port_open "$1"; then
    echo "kafka-$1: up on $(kafka_host "$1"):$(kafka_port "$1")"
  else
    echo "kafka-$1: down"; return 1
  fi
}
