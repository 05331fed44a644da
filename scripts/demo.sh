#!/usr/bin/env bash
# `npm run demo`: data directory, migrations, demo warehouse + catalog + users, production build, server.
# Safe to run again: every step is idempotent and the build is reused while no source changed.
set -euo pipefail
cd "$(dirname "$0")/.."

export WARDEN_DATA_DIR="${WARDEN_DATA_DIR:-./data}"
export PORT="${PORT:-3000}"
export HOST="${HOST:-127.0.0.1}"
export NODE_ENV=production NEXT_TELEMETRY_DISABLED=1
# Without a fixed public URL, let sign-in follow the Host header (the demo runs wherever it is opened).
if [ -z "${NEXTAUTH_URL:-}" ]; then export AUTH_TRUST_HOST=true; fi

# The data directory holds personal data and secrets: private to this user (demo seed corrects an existing one).
(umask 077 && mkdir -p "$WARDEN_DATA_DIR")
echo "==> Demo data (warehouse, catalog, users, grants)"
node node_modules/tsx/dist/cli.mjs scripts/warden.ts demo seed ${WARDEN_DEMO_SIZE:+--size "$WARDEN_DEMO_SIZE"}
# The seed's entries start covered by a signed checkpoint (the key is made on first use), so proofs work at once.
node node_modules/tsx/dist/cli.mjs scripts/warden.ts ledger checkpoint

# shellcheck source=scripts/lib/next-build.sh
source scripts/lib/next-build.sh
ensure_next_build

node node_modules/tsx/dist/cli.mjs scripts/warden.ts demo info --url "${NEXTAUTH_URL:-http://$HOST:$PORT}"
exec node --import tsx scripts/server.ts -H "$HOST" -p "$PORT"
