#!/usr/bin/env bash
# scripts/lint.sh: `npm run lint`, and the lint step of `npm test`. Runs every check, even after one fails, and exits
# non-zero when any failed:
#   eslint    Next's rules, typescript-eslint, the promise rules, the layering of ARCHITECTURE.md (boundaries) and
#             no import cycles (eslint.config.mjs). Errors fail; warnings are shown and do not.
#   prettier  formatting, check only (`npm run format` writes)
#   knip      unused files, exports and dependencies (knip.json)
# Why these tools and settings: docs/decisions/006-lint-and-format.md.
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
BIN=$PWD/node_modules/.bin
LOGS=$(mktemp -d "${TMPDIR:-/tmp}/warden-lint.XXXXXX")
trap 'rm -rf "$LOGS"' EXIT

# ESLint is single-threaded and the slowest by far, so Prettier and knip run beside it on the second core; their
# output is held back and printed after ESLint's so the report reads in order.
"$BIN/prettier" --check --log-level warn . >"$LOGS/prettier" 2>&1 &
prettier_pid=$!
"$BIN/knip" --no-progress >"$LOGS/knip" 2>&1 &
knip_pid=$!

failed=()
echo "==> lint: eslint"
if "$BIN/eslint" .; then
  echo "no problems"
else
  failed+=(eslint)
fi

echo "==> lint: prettier --check"
if wait "$prettier_pid"; then
  echo "all files formatted"
else
  cat "$LOGS/prettier"
  failed+=(prettier)
  echo "(run 'npm run format' to format them)"
fi

echo "==> lint: knip"
if wait "$knip_pid"; then
  echo "no unused files, exports or dependencies"
else
  cat "$LOGS/knip"
  failed+=(knip)
fi

if ((${#failed[@]} > 0)); then
  echo "lint: FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "lint: ok"
