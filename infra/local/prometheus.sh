#!/usr/bin/env bash
# Prometheus from Debian's prometheus package, scraping the services' /metrics ports, with its data under .local/.
# Usage: prometheus.sh install|start|stop|status|restart
# PROMETHEUS_PORT (default 9490), PROMETHEUS_CONFIG (default infra/monitoring/prometheus.yml) and PROMETHEUS_DATA choose
# another instance: a test starts its own with a generated scrape config, and stops exactly that one (known by its config path).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PROM_PORT="${PROMETHEUS_PORT:-9490}"
CONFIG="$(realpath -m "${PROMETHEUS_CONFIG:-$REPO_ROOT/infra/monitoring/prometheus.yml}")"
PROM_HOME="$LOCAL_DIR/prometheus"
DATA="${PROMETHEUS_DATA:-$PROM_HOME/data}"
LOGFILE="$DATA.log"

install() {
  command -v prometheus >/dev/null && command -v promtool >/dev/null || apt_install prometheus
}

ready() { curl -m 3 -fsS "http://127.0.0.1:$PROM_PORT/-/ready" >/dev/null 2>&1; }

start() {
  install
  if server_running "$CONFIG" && ready; then log "prometheus already answers on 127.0.0.1:$PROM_PORT"; return 0; fi
  port_open "$PROM_PORT" && { log "FAILED: port $PROM_PORT is taken by something else; set PROMETHEUS_PORT"; exit 1; }
  promtool check config "$CONFIG" >/dev/null || { promtool check config "$CONFIG" >&2; exit 1; }
  mkdir -p "$DATA"
  log "starting prometheus on 127.0.0.1:$PROM_PORT with $CONFIG"
  (exec setsid nohup prometheus --config.file="$CONFIG" --storage.tsdb.path="$DATA" \
    --web.listen-address="127.0.0.1:$PROM_PORT" --web.enable-lifecycle) >> "$LOGFILE" 2>&1 < /dev/null &
  wait_until 60 ready || die_with_log "prometheus did not answer within 60 s" "$LOGFILE"
  log "prometheus is up"
}

status() {
  if ready; then echo "prometheus: up on 127.0.0.1:$PROM_PORT"; else echo "prometheus: down"; return 1; fi
}

case "${1:-}" in
  install) install ;;
  start) start ;;
  stop) stop_server prometheus "--config.file=$CONFIG" ;;
  restart) stop_server prometheus "--config.file=$CONFIG"; start ;;
  status) status ;;
  *) echo "usage: $0 install|start|stop|restart|status" >&2; exit 2 ;;
esac
