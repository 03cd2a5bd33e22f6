#!/usr/bin/env bash
# A SECURED Kafka 4.x KRaft node beside the plain one (which it leaves alone): SASL/SCRAM-SHA-512 on
# 127.0.0.1:9192, controller on 9193 (SASL/PLAIN, admin only), StandardAuthorizer, super user `admin`, nothing
# allowed without an ACL. Users (admin, each service, platform-<id> per catalogued platform) get random passwords
# in $KAFKA_SECURE_HOME/credentials/<user>.password at first start; the ACLs and topics come from the one table in
# tools/devkit/src/kafka-acls (docs/security.md, "Kafka"), and every start makes the broker's ACLs exactly that
# table. Same jars as infra/local/kafka.sh.
# Usage: kafka-secure.sh start|stop|status|restart|destroy   (destroy: stop and delete its data and credentials)
# Env: KAFKA_SECURE_PORT (9192), KAFKA_SECURE_CONTROLLER_PORT (9193), KAFKA_SECURE_HOME (.local/kafka-secure),
# KAFKA_SECURE_TLS=true: SASL_SSL instead of SASL_PLAINTEXT, with a local CA made at first start (tls/ca.pem, for
# the clients' KAFKA_TLS_CA_FILE).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PORT="${KAFKA_SECURE_PORT:-9192}"
CONTROLLER_PORT="${KAFKA_SECURE_CONTROLLER_PORT:-9193}"
HOME_DIR="${KAFKA_SECURE_HOME:-$LOCAL_DIR/kafka-secure}"
CREDENTIALS="$HOME_DIR/credentials"
CONFIG="$HOME_DIR/server.properties"
LOGFILE="$HOME_DIR/server.log"
TLS_DIR="$HOME_DIR/tls"
PROTOCOL=SASL_PLAINTEXT; [ "${KAFKA_SECURE_TLS:-false}" = true ] && PROTOCOL=SASL_SSL
ACL_TOOL=(node -r @swc-node/register "$REPO_ROOT/tools/devkit/src/kafka-acls/kafka-acls.main.ts")

java_run() { kafka_java "$HOME_DIR" "$@"; }
export -f java_run
export HOME_DIR

password_of() { cat "$CREDENTIALS/$1.password"; }

# A password per principal, made once and kept (mode 600): the services read theirs via KAFKA_SASL_PASSWORD_FILE.
make_credentials() {
  mkdir -p "$CREDENTIALS"; chmod 700 "$CREDENTIALS"
  local user
  for user in "$@"; do
    [ -s "$CREDENTIALS/$user.password" ] && continue
    (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=\n' > "$CREDENTIALS/$user.password")
  done
}

write_config() {
  local admin; admin="$(password_of admin)"
  (umask 077; cat > "$CONFIG" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT
listeners=BROKER://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=BROKER://127.0.0.1:$PORT
inter.broker.listener.name=BROKER
controller.listener.names=CONTROLLER
listener.security.protocol.map=BROKER:$PROTOCOL,CONTROLLER:SASL_PLAINTEXT
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.broker.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="$admin";
$(tls_properties)
# SCRAM users live in the metadata log, which the controller must read before it could check them: PLAIN here.
sasl.mechanism.controller.protocol=PLAIN
listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="$admin" user_admin="$admin";
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
super.users=User:admin
allow.everyone.if.no.acl.found=false
log.dirs=$HOME_DIR/data
$(single_node_kafka_properties)
PROPS
  )
  kafka_log4j2_properties WARN > "$HOME_DIR/log4j2.properties"
}

# A CA of this broker's own and a certificate for 127.0.0.1 signed by it, made once (PEM: Kafka reads it as is).
make_tls() {
  [ -s "$TLS_DIR/broker.pem" ] && return 0
  mkdir -p "$TLS_DIR"; chmod 700 "$TLS_DIR"
  (cd "$TLS_DIR" && umask 077 \
    && openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 825 -subj /CN=govmetrics-local-kafka-ca \
    && openssl req -newkey rsa:2048 -nodes -keyout broker.key -out broker.csr -subj /CN=127.0.0.1 \
    && printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' > san.ext \
    && openssl x509 -req -in broker.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out broker.crt -days 825 -extfile san.ext \
    && cat broker.key broker.crt > broker.pem && chmod 644 ca.pem) > "$HOME_DIR/tls.log" 2>&1 \
    || die_with_log "making the broker's TLS certificate" "$HOME_DIR/tls.log"
}

tls_properties() {
  [ "$PROTOCOL" = SASL_SSL ] || return 0
  printf '%s\n' "ssl.keystore.type=PEM" "ssl.keystore.location=$TLS_DIR/broker.pem" \
    "ssl.truststore.type=PEM" "ssl.truststore.location=$TLS_DIR/ca.pem"
}

# SCRAM users are written into the metadata log at format time (KIP-900), so the first start already knows them.
format_storage() {
  local args=() user
  for user in "$@"; do args+=(--add-scram "SCRAM-SHA-512=[name=$user,password=$(password_of "$user")]"); done
  log "formatting secured Kafka storage with SCRAM users: $*"
  java_run kafka.tools.StorageTool format -t "$(java_run kafka.tools.StorageTool random-uuid)" -c "$CONFIG" "${args[@]}" \
    > "$HOME_DIR/format.log" 2>&1 || die_with_log "formatting secured Kafka storage" "$HOME_DIR/format.log"
}

apply_acls() {
  log "creating topics and ACLs as admin"
  (cd "$REPO_ROOT" && KAFKA_BROKERS="127.0.0.1:$PORT" KAFKA_CLIENT_ID=kafka-secure-acls KAFKA_SASL_MECHANISM=scram-sha-512 \
    KAFKA_SASL_USERNAME=admin KAFKA_SASL_PASSWORD_FILE="$CREDENTIALS/admin.password" \
    KAFKA_TLS_CA_FILE="$([ "$PROTOCOL" = SASL_SSL ] && echo "$TLS_DIR/ca.pem")" "${ACL_TOOL[@]}" apply) >&2
}

start() {
  bash "$REPO_ROOT/infra/local/kafka.sh" install
  if server_running "$CONFIG"; then log "secured kafka already running"; apply_acls; return 0; fi
  port_open "$PORT" && { log "FAILED: 127.0.0.1:$PORT is taken by another process"; exit 1; }
  mkdir -p "$HOME_DIR/data"
  local users; mapfile -t users < <(cd "$REPO_ROOT" && "${ACL_TOOL[@]}" principals)
  make_credentials "${users[@]}"
  [ "$PROTOCOL" = SASL_PLAINTEXT ] || make_tls
  write_config
  [ -f "$HOME_DIR/data/meta.properties" ] || format_storage "${users[@]}"
  log "starting secured kafka on 127.0.0.1:$PORT ($PROTOCOL, SCRAM-SHA-512)"
  : > "$LOGFILE"
  setsid nohup bash -c 'java_run kafka.Kafka "$0"' "$CONFIG" >> "$LOGFILE" 2>&1 < /dev/null &
  wait_until 120 broker_ready || die_with_log "secured kafka did not start within 120 s" "$LOGFILE"
  apply_acls
  log "secured kafka is up; passwords in $CREDENTIALS"
}

broker_ready() {
  server_running "$CONFIG" || die_with_log "secured kafka exited during start" "$LOGFILE"
  port_open "$PORT" && grep -q "Kafka Server started" "$LOGFILE"
}

status() {
  if server_running "$CONFIG" && port_open "$PORT"; then echo "kafka-secure: up on 127.0.0.1:$PORT"; else echo "kafka-secure: down"; return 1; fi
}

case "${1:-}" in
  start) start ;;
  stop) stop_server kafka-secure "$CONFIG" ;;
  restart) stop_server kafka-secure "$CONFIG"; start ;;
  status) status ;;
  destroy) stop_server kafka-secure "$CONFIG"; rm -rf "$HOME_DIR" ;;
  *) echo "usage: $0 start|stop|restart|status|destroy" >&2; exit 2 ;;
esac
