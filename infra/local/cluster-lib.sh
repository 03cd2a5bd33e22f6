# Shared by the cluster scripts (cluster.sh and the files it sources): where each node lives, its ports, ZooKeeper.
# Sourced after lib.sh, never run.

# The physical path, so every checkout sharing one .local (a symlink) finds the same running nodes.
CLUSTER_HOME="$(cd "$LOCAL_DIR" && pwd -P)/cluster"
mkdir -p "$CLUSTER_HOME"

CLUSTER_NAME=govmetrics
# CLUSTER_PORT_OFFSET shifts every port: the fault suite runs a cluster of its own beside the shared one (tools/devkit PrivateCluster).
PORT_OFFSET="${CLUSTER_PORT_OFFSET:-0}"
ZK_PORT="${CLUSTER_ZOOKEEPER_PORT:-$((2281 + PORT_OFFSET))}"
ZK_HOME="$CLUSTER_HOME/zookeeper"
ZK_CONFIG="$ZK_HOME/zoo.cfg"
ZK_JAR=/usr/share/java/zookeeper.jar
# Kafka node N: clients on 930N, its controller on 931N.
kafka_port() { echo $((9300 + PORT_OFFSET + $1)); }
controller_port() { echo $((9310 + PORT_OFFSET + $1)); }
# ClickHouse nodes are SHARD-REPLICA; node index i = 2*(shard-1)+replica: HTTP 832i, native 933i, interserver 934i.
CLICKHOUSE_NODES="1-1 1-2 2-1 2-2"
clickhouse_index() { local shard="${1%-*}" replica="${1#*-}"; echo $((2 * (shard - 1) + replica)); }
clickhouse_http_port() { echo $((8320 + PORT_OFFSET + $(clickhouse_index "$1"))); }
clickhouse_tcp_port() { echo $((9330 + PORT_OFFSET + $(clickhouse_index "$1"))); }
clickhouse_interserver_port() { echo $((9340 + PORT_OFFSET + $(clickhouse_index "$1"))); }

# What a pipeline sets to run on the cluster (tools/devkit's Pipeline reads the same values).
cluster_env() {
  local brokers="" shards="" node
  for node in 1 2 3; do brokers="$brokers${brokers:+,}$(kafka_host "$node"):$(kafka_port "$node")"; done
  for node in $CLICKHOUSE_NODES; do
    case "$node" in *-1) shards="$shards${shards:+;}" ;; *) shards="$shards," ;; esac
    shards="${shards}http://127.0.0.1:$(clickhouse_http_port "$node")"
  done
  echo "KAFKA_BROKERS=$brokers"
  echo "CLICKHOUSE_URL=http://127.0.0.1:$(clickhouse_http_port 1-1)"
  echo "CLICKHOUSE_CLUSTER=$CLUSTER_NAME"
  echo "CLICKHOUSE_SHARD_URLS=$shards"
}

zookeeper_ready() {
  server_running "$ZK_CONFIG" || die_with_log "zookeeper exited during start" "$ZK_HOME/server.log"
  [ "$( (exec 3<>"/dev/tcp/127.0.0.1/$ZK_PORT" && printf ruok >&3 && timeout 2 cat <&3) 2>/dev/null)" = imok ]
}

start_zookeeper() {
  if server_running "$ZK_CONFIG"; then log "zookeeper already running"; return 0; fi
  port_open "$ZK_PORT" && { log "FAILED: port $ZK_PORT is taken by something that is not our zookeeper"; exit 1; }
  mkdir -p "$ZK_HOME/data"
  cat > "$ZK_CONFIG" <<CFG
tickTime=2000
dataDir=$ZK_HOME/data
clientPort=$ZK_PORT
clientPortAddress=127.0.0.1
maxClientCnxns=200
4lw.commands.whitelist=ruok,stat,mntr
admin.enableServer=false
autopurge.purgeInterval=1
CFG
  log "starting zookeeper on 127.0.0.1:$ZK_PORT"
  : > "$ZK_HOME/server.log"
  (cd "$ZK_HOME" && exec setsid nohup java -Xms64m -Xmx256m -cp "$ZK_JAR:/usr/share/java/slf4j-simple.jar" \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=warn org.apache.zookeeper.server.ZooKeeperServerMain "$ZK_CONFIG") \
    >> "$ZK_HOME/server.log" 2>&1 < /dev/null &
  wait_until 60 zookeeper_ready || die_with_log "zookeeper did not answer within 60 s" "$ZK_HOME/server.log"
  log "zookeeper is up"
}

zookeeper_status() {
  if server_running "$ZK_CONFIG" && zookeeper_ready 2>/dev/null; then echo "zookeeper: up on 127.0.0.1:$ZK_PORT"; else echo "zookeeper: down"; return 1; fi
}
