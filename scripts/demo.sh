#!/usr/bin/env bash
# The main job (README): dependencies, the real servers, then the pipeline with a sample of usage events.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/bootstrap.sh
bash infra/local/up.sh
npm run -s cli -- demo
