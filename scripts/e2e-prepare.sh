#!/usr/bin/env bash
# Prepares the e2e run (called by scripts/test.sh with WARDEN_DATA_DIR, DATABASE_URL, WAREHOUSE_URL set to a
# fresh temp dir): demo data, extra accounts for the lockout and single sign-on journeys, and a production build.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

tsx() { node node_modules/tsx/dist/cli.mjs "$@"; }
started=$SECONDS

tsx scripts/warden.ts demo seed --size 2000
# A separate account for the lockout journey, so locking it does not disturb the other journeys.
printf '%s' "${WARDEN_DEMO_PASSWORD:?the e2e run sets WARDEN_DEMO_PASSWORD}" | tsx scripts/warden.ts user create --email lockout@warden.test --role analyst --name "Lockout Test" --password-stdin
# Accounts the sessions journeys sign out, disable and re-role (e2e/sessions.spec.ts), apart from the demo users.
for who in sessions disable-me; do
  printf '%s' "$WARDEN_DEMO_PASSWORD" | tsx scripts/warden.ts user create --email "$who@warden.test" --role analyst --name "Session Test" --password-stdin
done
# An account that signs in only through single sign-on (no password), for the SSO journey (e2e/sso.spec.ts).
tsx scripts/warden.ts user create --email sso-auditor@warden.test --role auditor --name "SSO Auditor"

seeded=$SECONDS
echo "e2e-prepare: demo data and accounts in $((seeded - started)) s"

# shellcheck source=scripts/lib/next-build.sh
source scripts/lib/next-build.sh
ensure_next_build
echo "e2e-prepare: production build in $((SECONDS - seeded)) s"
