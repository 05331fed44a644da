#!/usr/bin/env bash
# `npm run demo`: data directory, migrations, demo warehouse + catalog + users, production build, server.
# Safe to run again: every step is idempotent and the build is reused while no source changed.
set -euo pipefail
cd "$(dirname "$0")/.."

export WARDEN_DATA_DIR="${WARDEN_DATA_DIR:-./data}"
export PORT="${PORT:-3000}"
export HOST="${HOST:-127.0.0.1}"
export NODE_ENV=production
# Without a fixed public URL, let sign-in follow the Host header (the demo runs wherever it is opened).
if [ -z "${NEXTAUTH_URL:-}" ]; then export AUTH_TRUST_HOST=true; fi

mkdir -p "$WARDEN_DATA_DIR"
echo "==> Demo data (warehouse, catalog, users, grants)"
node node_modules/tsx/dist/cli.mjs scripts/warden.ts demo seed ${WARDEN_DEMO_SIZE:+--size "$WARDEN_DEMO_SIZE"}

stale_build() {
  [ ! -f .next/BUILD_ID ] && return 0
  [ -n "$(find app components lib proxy.ts next.config.ts package-lock.json -newer .next/BUILD_ID -not -path 'lib/db/generated/*' -print -quit 2>/dev/null)" ]
}
if stale_build; then
  echo "==> Building the console (first run takes a minute or two)"
  node node_modules/next/dist/bin/next build
else
  echo "==> Console build is up to date"
fi

node node_modules/tsx/dist/cli.mjs scripts/warden.ts demo info --url "${NEXTAUTH_URL:-http://$HOST:$PORT}"
exec node node_modules/next/dist/bin/next start -H "$HOST" -p "$PORT"
