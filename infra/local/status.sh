#!/usr/bin/env bash
# One line per local server; exits non-zero when any is down.
set -uo pipefail
here="$(dirname "${BASH_SOURCE[0]}")"
rc=0
for server in kafka clickhouse postgres; do "$here/$server.sh" status || rc=1; done
exit $rc
