# shellcheck shell=bash
# scripts/lib/prereqs.sh: find (and, as root, install) what the test suite needs outside node_modules.
#
# Source it, then call `ensure_prereqs`. On success it exports
#   CHROMIUM_PATH  the Chromium binary Playwright launches (playwright.config.ts reads it)
#   PG_BIN         a directory holding the PostgreSQL server binaries initdb, pg_ctl and postgres
# Missing pieces come from Debian's packages: as root they are installed with apt-get;
# otherwise it prints the one command that installs them and returns 1.
# Never `npx playwright install`: browsers come from Debian's `chromium` package only.
# Defines functions only; it does not change the caller's shell options.

# Prints the Chromium binary: $CHROMIUM_PATH if it is executable, else /usr/bin/chromium, else
# `chromium` on PATH. Returns 1 when there is none.
find_chromium() {
  local candidate
  for candidate in "${CHROMIUM_PATH:-}" /usr/bin/chromium "$(command -v chromium 2>/dev/null || true)"; do
    if [[ -n $candidate && -f $candidate && -x $candidate ]]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

# True when directory $1 holds the three server binaries we run.
_pg_bin_complete() {
  [[ -n ${1:-} && -x $1/initdb && -x $1/pg_ctl && -x $1/postgres ]]
}

# Prints the PostgreSQL server bin directory: $PG_BIN, else the highest version under
# /usr/lib/postgresql/*/bin (Debian's layout), else the directory of `initdb` found on PATH
# (symlinks resolved). Returns 1 when there is none.
find_pg_bin() {
  if _pg_bin_complete "${PG_BIN:-}"; then
    echo "$PG_BIN"
    return 0
  fi
  local dir
  # `sort -V -r`: 16 before 15 before 9.6.
  while IFS= read -r dir; do
    if _pg_bin_complete "$dir"; then
      echo "$dir"
      return 0
    fi
  done < <(compgen -G '/usr/lib/postgresql/*/bin' | sort -V -r)
  local initdb
  initdb=$(command -v initdb 2>/dev/null) || return 1
  dir=$(dirname "$(readlink -f "$initdb")")
  if _pg_bin_complete "$dir"; then
    echo "$dir"
    return 0
  fi
  return 1
}

# Runs `apt-get update` + `apt-get install` for the given Debian packages (root only).
# dpkg's chatter goes to a log that is shown only when the install fails; one retry covers a
# transient mirror hiccup.
_prereqs_apt_install() {
  local attempt log rc=1
  log=$(mktemp "${TMPDIR:-/tmp}/warden-apt.XXXXXX.log")
  for attempt in 1 2; do
    if { apt-get update -qq &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"; } </dev/null >"$log" 2>&1; then
      rc=0
      break
    fi
    echo "prereqs: apt-get failed (attempt $attempt of 2); last lines:" >&2
    tail -n 15 "$log" >&2
    sleep 3
  done
  rm -f "$log"
  return "$rc"
}

# Finds Chromium and the PostgreSQL server binaries, installing the missing ones when root.
# Exports CHROMIUM_PATH and PG_BIN. Returns 1 with a clear message when they cannot be had.
ensure_prereqs() {
  local chromium="" pg_bin="" missing=()
  chromium=$(find_chromium) || missing+=(chromium)
  pg_bin=$(find_pg_bin) || missing+=(postgresql)

  if ((${#missing[@]} > 0)); then
    if [[ $(id -u) -ne 0 ]]; then
      echo "prereqs: missing ${missing[*]}. Install with:" >&2
      echo "  sudo apt-get install -y ${missing[*]}" >&2
      return 1
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
      echo "prereqs: missing ${missing[*]} and apt-get is not available to install them." >&2
      echo "  Set CHROMIUM_PATH / PG_BIN (directory with initdb, pg_ctl, postgres) to existing binaries." >&2
      return 1
    fi
    echo "prereqs: installing ${missing[*]} with apt-get (running as root)..."
    if ! _prereqs_apt_install "${missing[@]}"; then
      echo "prereqs: 'apt-get install -y ${missing[*]}' failed; see the apt output above." >&2
      return 1
    fi
    chromium=$(find_chromium) || {
      echo "prereqs: chromium still not found after installing it (looked at \$CHROMIUM_PATH, /usr/bin/chromium, PATH)." >&2
      return 1
    }
    pg_bin=$(find_pg_bin) || {
      echo "prereqs: PostgreSQL server binaries still not found after installing postgresql" \
        "(looked at \$PG_BIN, /usr/lib/postgresql/*/bin, PATH)." >&2
      return 1
    }
  fi

  # A binary that exists but cannot start (missing shared libraries) fails here, not mid-suite.
  local chromium_version pg_version
  chromium_version=$("$chromium" --version 2>/dev/null) || {
    echo "prereqs: $chromium --version failed; reinstall with: apt-get install -y --reinstall chromium" >&2
    return 1
  }
  pg_version=$("$pg_bin/postgres" --version 2>/dev/null) || {
    echo "prereqs: $pg_bin/postgres --version failed" >&2
    return 1
  }
  export CHROMIUM_PATH=$chromium PG_BIN=$pg_bin
  echo "prereqs: chromium  $CHROMIUM_PATH ($chromium_version)"
  echo "prereqs: postgres  $PG_BIN ($pg_version)"
}
