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

pid_alive() { # pid_alive PIDFILE
  [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null
}

stop_pidfile() { # stop_pidfile NAME PIDFILE: TERM, then KILL after 30 s
  pid_alive "$2" || { rm -f "$2"; log "$1 is not running"; return 0; }
  local pid; pid="$(cat "$2")"
  kill "$pid"
  if ! wait_until 30 bash -c "! kill -0 $pid 2>/dev/null"; then
    log "$1 did not stop within 30 s; killing it"
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$2"
  log "$1 stopped"
}
