#!/usr/bin/env bash
# Installs (where missing) what the console's browser tests drive: Debian's chromium, and a Thai font so that the
# Thai pages and their screenshots show Thai script rather than empty boxes. Idempotent.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
command -v chromium >/dev/null 2>&1 || apt_install chromium
apt_install fonts-thai-tlwg
log "chromium: $(chromium --version 2>/dev/null || echo 'not runnable')"
