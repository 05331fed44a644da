#!/usr/bin/env bash
# Prepares the e2e run (called by scripts/test.sh with WARDEN_DATA_DIR, DATABASE_URL, WAREHOUSE_URL set to a
# fresh temp dir): demo data, one extra account for the lockout journey, and a production build.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

tsx() { node node_modules/tsx/dist/cli.mjs "$@"; }

tsx scripts/warden.ts demo seed --size 2000
# A separate account for the lockout journey, so locking it does not disturb the other journeys.
printf '%s' "${WARDEN_DEMO_PASSWORD:?the e2e run sets WARDEN_DEMO_PASSWORD}" | tsx scripts/warden.ts user create --email lockout@warden.test --role analyst --name "Lockout Test" --password-stdin

# shellcheck source=scripts/lib/next-build.sh
source scripts/lib/next-build.sh
ensure_next_build
