#!/usr/bin/env bash
# Installs (where missing) and starts every server the pipeline uses. Idempotent.
set -euo pipefail
here="$(dirname "${BASH_SOURCE[0]}")"
for server in kafka clickhouse postgres; do "$here/$server.sh" start; done
# Prometheus is installed, not started: the monitoring tests run promtool and start their own instance.
"$here/prometheus.sh" install
