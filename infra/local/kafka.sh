#!/usr/bin/env bash
# Apache Kafka 4.x, single KRaft node on 127.0.0.1:9092, from Maven Central jars and the machine's Java 17.
# Usage: kafka.sh install|start|stop|status|restart
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

KAFKA_PORT="${KAFKA_PORT:-9092}"
CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_HOME="$LOCAL_DIR/kafka"
JARS="$KAFKA_HOME/jars"
CONFIG="$KAFKA_HOME/server.properties"
LOGFILE="$KAFKA_HOME/server.log"
POM="$REPO_ROOT/infra/local/kafka/pom.xml"

install() {
  command -v java >/dev/null || apt_install openjdk-17-jre-headless
  command -v mvn >/dev/null || apt_install maven
  # The pom's checksum names the jar set, so a version bump resolves anew.
  local stamp; stamp="$(sha256sum "$POM" | cut -c1-16)"
  [ -f "$JARS/.resolved-$stamp" ] && return 0
  log "resolving Kafka broker jars with Maven"
  rm -rf "$JARS"; mkdir -p "$JARS"
  mvn -q -B -Dstyle.color=never -f "$POM" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$JARS" \
    || { log "FAILED: mvn could not resolve the Kafka jars"; exit 1; }
  touch "$JARS/.resolved-$stamp"
}

write_config() {
  mkdir -p "$KAFKA_HOME/data"
  cat > "$CONFIG" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$KAFKA_HOME/data
$(single_node_kafka_properties)
PROPS
  kafka_log4j2_properties INFO "$(printf '%s\n' logger.kafka.name=kafka logger.kafka.level=WARN logger.apache.name=org.apache.kafka logger.apache.level=WARN)" \
    > "$KAFKA_HOME/log4j2.properties"
}

java_run() {
  java -Xms256m -Xmx1g -XX:+UseG1GC -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$KAFKA_HOME/log4j2.properties" -cp "$JARS/*" "$@"
}
export -f java_run

start() {
  install
  if server_running "$CONFIG"; then log "kafka already running"; return 0; fi
  # Another checkout's broker, or one from docker-compose: use it rather than fight for the port.
  if port_open "$KAFKA_PORT"; then log "a broker already answers on 127.0.0.1:$KAFKA_PORT; using it"; return 0; fi
  write_config
  if [ ! -f "$KAFKA_HOME/data/meta.properties" ]; then
    log "formatting Kafka storage"
    java_run kafka.tools.StorageTool format -t "$(java_run kafka.tools.StorageTool random-uuid)" \
      -c "$CONFIG" > "$KAFKA_HOME/format.log" 2>&1 \
      || die_with_log "formatting Kafka storage" "$KAFKA_HOME/format.log"
  fi
  log "starting kafka on 127.0.0.1:$KAFKA_PORT"
  : > "$LOGFILE"
  KAFKA_HOME="$KAFKA_HOME" JARS="$JARS" setsid nohup bash -c 'java_run kafka.Kafka "$0"' "$CONFIG" >> "$LOGFILE" 2>&1 < /dev/null &
  wait_until 90 broker_ready || die_with_log "kafka did not start within 90 s" "$LOGFILE"
  log "kafka is up"
}

broker_ready() {
  server_running "$CONFIG" || die_with_log "kafka exited during start" "$LOGFILE"
  port_open "$KAFKA_PORT" && grep -q "Kafka Server started" "$LOGFILE"
}

status() {
  if server_running "$CONFIG" && port_open "$KAFKA_PORT"; then
    echo "kafka: up on 127.0.0.1:$KAFKA_PORT"
  else
    echo "kafka: down"; return 1
  fi
}

case "${1:-}" in
  install) install ;;
  start) start ;;
  stop) stop_server kafka "$CONFIG" ;;
  restart) stop_server kafka "$CONFIG"; start ;;
  status) status ;;
  *) echo "usage: $0 install|start|stop|restart|status" >&2; exit 2 ;;
esac
