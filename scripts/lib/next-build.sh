# shellcheck shell=bash
# ensure_next_build: runs `next build` unless .next holds a build newer than every source file.
# Shared by scripts/demo.sh and scripts/e2e-prepare.sh; call from the repository root.

ensure_next_build() {
  local newer=""
  if [[ -f .next/BUILD_ID ]]; then
    newer=$(find app components lib public proxy.ts next.config.ts postcss.config.mjs package-lock.json \
      -newer .next/BUILD_ID -not -path 'lib/db/generated/*' -not -name '*.test.ts' -print -quit 2>/dev/null || true)
    if [[ -z $newer ]]; then
      echo "==> Console build is up to date"
      return 0
    fi
  fi
  echo "==> Building the console (a minute or two)"
  NEXT_TELEMETRY_DISABLED=1 node node_modules/next/dist/bin/next build
}
