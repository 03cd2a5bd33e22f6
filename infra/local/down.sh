#!/usr/bin/env bash
# Stops every local server; their data stays under .local/ for the next start.
set -uo pipefail
here="$(dirname "${BASH_SOURCE[0]}")"
for server in postgres clickhouse kafka; do "$here/$server.sh" stop; done
