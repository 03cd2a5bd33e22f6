#!/usr/bin/env bash
# Creates the services' least-privilege database users on the running local servers, idempotently
# (docs/security.md, "Database users"): PostgreSQL roles govmetrics_ingest, govmetrics_ledger_writer,
# govmetrics_ledger_reader, govmetrics_credentials_admin and govmetrics_credentials_reader with their grants, and
# ClickHouse users govmetrics_projector and govmetrics_reader in
# .local/clickhouse/users.d/govmetrics.xml, which the server rereads without a restart (`default` is left as it is).
# Passwords: GOVMETRICS_PG_{INGEST,LEDGER_WRITER,LEDGER_READER,CREDENTIALS_ADMIN,CREDENTIALS_READER}_PASSWORD, GOVMETRICS_CH_{PROJECTOR,READER}_PASSWORD;
# local-development defaults, refused when NODE_ENV or GOVMETRICS_ENV is production.
# Usage: db-users.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

cd "$REPO_ROOT"
GOVMETRICS_LOCAL_DIR="$LOCAL_DIR" exec node -r @swc-node/register tools/devkit/src/database-users/db-users.main.ts
