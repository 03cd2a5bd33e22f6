# Shared helpers for the infra/local scripts. Sourced, never run.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# Everything the local servers write lives here, outside git, and survives between runs.
LOCAL_DIR="${GOVMETRICS_LOCAL_DIR:-$REPO_ROOT/.local}"
mkdir -p "$LOCAL_DIR"

log() { printf '[infra] %s\n' "$*" >&2; }

die_with_log() { # die_with_log MESSAGE LOGFILE
  log "FAILED: $1"
  if [ -f "$2" ]; then
    log "last lines of $2:"
    tail -n 40 "$2" >&2
  fi
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
