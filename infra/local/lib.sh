# Shared helpers for the infra/local scripts. Sourced, never run.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# Everything the local servers write lives here, outside git, and survives between runs.
LOCAL_DIR="${GOVMETRICS_LOCAL_DIR:-$REPO_ROOT/.local}"
mkdir -p "$LOCAL_DIR"

log() { printf '[infra] %s\n' "$*" >&2; }

show_logs() { # show_logs LOGFILE...: the last lines of each that has any
  local file
  for file in "$@"; do
    [ -s "$file" ] || continue
    log "last lines of $file:"
    tail -n 40 "$file" >&2
  done
}

die_with_log() { # die_with_log MESSAGE LOGFILE...
  log "FAILED: $1"
  shift
  show_logs "$@"
  exit 1
}

port_open() { # port_open PORT
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

wait_until() { # wait_until SECONDS COMMAND...: polls every half second
  local deadline=$((SECONDS + $1)); shift
  until "$@"; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.5
  done
}

apt_install() { # apt_install PACKAGE...: installs only what is missing
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  log "installing ${missing[*]} with apt-get"
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
}

# A server is known by its config file's path on its command line: wrappers, watchdogs and forks all carry it,
# so neither a stale pid file nor a forked child can hide a running server.
server_pids() { # server_pids CONFIG_PATH
  pgrep -f -- "$1" || true
}

server_running() { # server_running CONFIG_PATH
  [ -n "$(server_pids "$1")" ]
}

server_stopped() { ! server_running "$1"; }

stop_server() { # stop_server NAME CONFIG_PATH: TERM, then KILL after 30 s
  local pids; pids="$(server_pids "$2")"
  [ -n "$pids" ] || { log "$1 is not running"; return 0; }
  # shellcheck disable=SC2086
  kill $pids 2>/dev/null || true
  if ! wait_until 30 server_stopped "$2"; then
    log "$1 did not stop within 30 s; killing it"
    # shellcheck disable=SC2046
    kill -9 $(server_pids "$2") 2>/dev/null || true
  fi
  log "$1 stopped"
}

# What both local Kafka nodes (the plain one and the secured one) share: one node, so replication 1; topics only as the
# pipeline creates them; history kept forever (rebuilds replay it).
single_node_kafka_properties() {
  cat <<PROPS
num.partitions=3
auto.create.topics.enable=false
offsets.topic.replication.factor=1
offsets.topic.num.partitions=6
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
min.insync.replicas=1
group.initial.rebalance.delay.ms=0
log.retention.ms=-1
PROPS
}

# --- Kafka nodes beside the plain one (the secured node, the cluster's three) ---

# The broker jars kafka.sh install resolved, which every local Kafka node runs.
KAFKA_JARS="$LOCAL_DIR/kafka/jars"

kafka_java() { # kafka_java HOME ARGS...: a small JVM on the broker jars, logging as HOME/log4j2.properties says
  local home="$1"; shift
  java -Xms128m -Xmx512m -XX:+UseG1GC -Djava.awt.headless=true -Dlog4j2.configurationFile="$home/log4j2.properties" \
    -cp "$KAFKA_JARS/*" "$@"
}
export -f kafka_java
export KAFKA_JARS

# kafka_log4j2_properties ROOT_LEVEL [LOGGER_LINES]: to the console, with the start line always shown (a start waits
# for "Kafka Server started").
kafka_log4j2_properties() {
  cat <<PROPS
rootLogger.level=$1
rootLogger.appenderRef.stdout.ref=STDOUT
appender.stdout.type=Console
appender.stdout.name=STDOUT
appender.stdout.layout.type=PatternLayout
appender.stdout.layout.pattern=[%d] %p %m (%c)%n
${2:+$2
}logger.started.name=kafka.server.KafkaRaftServer
logger.started.level=INFO
PROPS
}

# --- ClickHouse 18.16 servers (the single node, the cluster's four) ---

CLICKHOUSE_SERVER_BIN=/usr/sbin/clickhouse-server

# What every local server's config.xml holds after its ports: loopback only, its folders under HOME, UTC.
clickhouse_server_settings() { # clickhouse_server_settings HOME CACHE_BYTES
  cat <<XML
  <listen_host>127.0.0.1</listen_host>
  <max_connections>1024</max_connections>
  <keep_alive_timeout>10</keep_alive_timeout>
  <max_concurrent_queries>100</max_concurrent_queries>
  <uncompressed_cache_size>$2</uncompressed_cache_size>
  <mark_cache_size>$2</mark_cache_size>
  <path>$1/data/</path>
  <tmp_path>$1/tmp/</tmp_path>
  <user_files_path>$1/user_files/</user_files_path>
  <format_schema_path>$1/format_schemas/</format_schema_path>
  <users_config>$1/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mlock_executable>false</mlock_executable>
  <builtin_dictionaries_reload_interval>3600</builtin_dictionaries_reload_interval>
  <max_session_timeout>3600</max_session_timeout>
  <default_session_timeout>60</default_session_timeout>
XML
}

# users.xml's `default` user (password-less, loopback only) and its unlimited quota; the profiles are each server's own.
clickhouse_default_user() {
  cat <<XML
  <users>
    <default>
      <password></password>
      <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
      <profile>default</profile>
      <quota>default</quota>
    </default>
  </users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
XML
}

clickhouse_answers() { # clickhouse_answers HTTP_PORT
  curl -m 3 -fsS "http://127.0.0.1:$1/ping" 2>/dev/null | grep -q Ok
}

launch_clickhouse() { # launch_clickhouse HOME CONFIG: returns at once
  # Run from its home so that relative paths the server derives stay inside it.
  # Redirect the subshell itself, not only the server: nothing may keep the caller's stdout open.
  (cd "$1" && exec setsid nohup "$CLICKHOUSE_SERVER_BIN" --config-file="$2") >> "$1/stdout.log" 2>&1 < /dev/null &
}
