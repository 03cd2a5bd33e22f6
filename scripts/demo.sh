#!/usr/bin/env bash
# The main job (README): dependencies, the real servers, then the pipeline with a sample of usage events.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/bootstrap.sh
bash infra/local/up.sh
# The gateway serves the browser console at /console from its build.
NX_DAEMON=false npx nx run console:build --outputStyle=static
npm run -s cli -- demo
