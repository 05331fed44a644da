# shellcheck shell=bash
# scripts/lib/pg-throwaway.sh: a throwaway PostgreSQL server for integration tests.
#
#   source scripts/lib/pg-throwaway.sh
#   pg_start      # exports DATABASE_URL=postgresql://warden@127.0.0.1:PORT/warden_test
#   ...           # run tests
#   pg_stop       # stops the server and deletes its files (safe to call twice, or with no server)
#
# The cluster lives in a fresh directory under ${TMPDIR:-/tmp}, with superuser `warden`, trust
# auth, listening only on 127.0.0.1 (and a Unix socket inside that directory), with durability
# turned off for speed. PostgreSQL refuses to run as root, so when we are root the server runs
# as the `postgres` OS user (created as a system user if absent). If the caller has no EXIT
# trap, pg_start installs `trap pg_stop EXIT`; callers with their own trap must call pg_stop
# from it. Needs PG_BIN (see prereqs.sh); found automatically when unset.
# Defines functions only; it does not change the caller's shell options.

_PG_THROWAWAY_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/lib/free-port.sh
source "$_PG_THROWAWAY_LIB_DIR/free-port.sh"
# shellcheck source=scripts/lib/prereqs.sh
source "$_PG_THROWAWAY_LIB_DIR/prereqs.sh"

# State of the running server; empty when none.
PG_THROWAWAY_DIR=""  # temp dir: data/, sock/, postgres.log
PG_THROWAWAY_PORT=""
PG_THROWAWAY_OWNER="" # OS user the server runs as when we are root

# Runs a command as the server's OS user (as ourselves when not root), from inside the temp
# dir so that a cwd the postgres user cannot read does not matter.
_pg_as_owner() {
  if [[ -n $PG_THROWAWAY_OWNER ]]; then
    if command -v runuser >/dev/null 2>&1; then
      (cd "$PG_THROWAWAY_DIR" && runuser -u "$PG_THROWAWAY_OWNER" -- "$@")
    else
      local cmd
      printf -v cmd '%q ' "$@"
      (cd "$PG_THROWAWAY_DIR" && su "$PG_THROWAWAY_OWNER" -s /bin/sh -c "$cmd")
    fi
  else
    (cd "$PG_THROWAWAY_DIR" && "$@")
  fi
}

# Creates the `postgres` system user when it does not exist (root only).
_pg_ensure_os_user() {
  id -u postgres >/dev/null 2>&1 && return 0
  echo "pg_start: creating system user postgres"
  useradd --system --user-group --home-dir /nonexistent --no-create-home \
    --shell /usr/sbin/nologin postgres
}

# The most Unicode-aware locale that surely exists: C.UTF-8 where the system has it, else C.
_pg_locale() {
  if locale -a 2>/dev/null | grep -qixE 'c\.utf-?8'; then echo C.UTF-8; else echo C; fi
}

# Prints the last lines of the server log (for error messages).
_pg_log_tail() {
  [[ -f $PG_THROWAWAY_DIR/postgres.log ]] && tail -n 20 "$PG_THROWAWAY_DIR/postgres.log" >&2
  return 0
}

pg_start() {
  if [[ -n $PG_THROWAWAY_DIR ]]; then
    echo "pg_start: a server is already running ($PG_THROWAWAY_DIR); call pg_stop first" >&2
    return 1
  fi
  local pg_bin
  pg_bin=$(find_pg_bin) || {
    echo "pg_start: PostgreSQL server binaries not found (set PG_BIN or run ensure_prereqs from prereqs.sh)" >&2
    return 1
  }
  local started=$SECONDS

  PG_THROWAWAY_DIR=$(mktemp -d "${TMPDIR:-/tmp}/warden-pg.XXXXXX") || {
    PG_THROWAWAY_DIR=""
    echo "pg_start: cannot create a temp dir under ${TMPDIR:-/tmp}" >&2
    return 1
  }
  # From here on any failure must clean up: the trap (ours or the caller's) calls pg_stop.
  if [[ -z $(trap -p EXIT) ]]; then
    trap pg_stop EXIT
  fi

  if [[ $(id -u) -eq 0 ]]; then
    _pg_ensure_os_user || { pg_stop; return 1; }
    PG_THROWAWAY_OWNER=postgres
    chown postgres: "$PG_THROWAWAY_DIR"
    # $TMPDIR may sit under a directory the postgres user cannot enter (e.g. /root/tmp).
    if ! _pg_as_owner test -w "$PG_THROWAWAY_DIR" 2>/dev/null; then
      rm -rf "$PG_THROWAWAY_DIR"
      PG_THROWAWAY_DIR=$(mktemp -d /tmp/warden-pg.XXXXXX)
      chown postgres: "$PG_THROWAWAY_DIR"
    fi
  fi
  _pg_as_owner mkdir -m 700 "$PG_THROWAWAY_DIR/sock" || { pg_stop; return 1; }

  # --no-sync: nothing here has to survive a crash.
  if ! _pg_as_owner "$pg_bin/initdb" -D "$PG_THROWAWAY_DIR/data" -U warden --auth=trust \
    -E UTF8 --locale="$(_pg_locale)" --no-sync >"$PG_THROWAWAY_DIR/initdb.log" 2>&1; then
    echo "pg_start: initdb failed:" >&2
    tail -n 20 "$PG_THROWAWAY_DIR/initdb.log" >&2
    pg_stop
    return 1
  fi

  # Another process may grab the port between free_port and the bind: retry with a new one.
  local attempt port opts
  for attempt in 1 2 3; do
    port=$(free_port) || { pg_stop; return 1; }
    opts="-c listen_addresses=127.0.0.1 -p $port -k $PG_THROWAWAY_DIR/sock"
    opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    # -w waits until the server accepts connections (or 60 s pass).
    if _pg_as_owner "$pg_bin/pg_ctl" start -D "$PG_THROWAWAY_DIR/data" -l "$PG_THROWAWAY_DIR/postgres.log" \
      -w -t 60 -o "$opts" >/dev/null; then
      PG_THROWAWAY_PORT=$port
      break
    fi
    echo "pg_start: server did not start on port $port (attempt $attempt of 3)" >&2
    _pg_log_tail
    # A half-started postmaster would hold the data dir: make sure none is left.
    _pg_as_owner "$pg_bin/pg_ctl" stop -D "$PG_THROWAWAY_DIR/data" -m immediate >/dev/null 2>&1 || true
  done
  if [[ -z $PG_THROWAWAY_PORT ]]; then
    pg_stop
    return 1
  fi

  # Belt and braces over pg_ctl -w: the TCP listener answers.
  if [[ -x $pg_bin/pg_isready ]]; then
    local tries=0
    until "$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$port" -U warden -d postgres; do
      if ((++tries >= 60)); then
        echo "pg_start: server not ready on 127.0.0.1:$port after 30 s" >&2
        _pg_log_tail
        pg_stop
        return 1
      fi
      sleep 0.5
    done
  fi

  # Client tools connect over TCP with trust auth, so they run as ourselves.
  local created=0
  if [[ -x $pg_bin/createdb ]]; then
    "$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U warden warden_test && created=1
  elif [[ -x $pg_bin/psql ]]; then
    "$pg_bin/psql" -X -q -h 127.0.0.1 -p "$port" -U warden -d postgres \
      -c 'CREATE DATABASE warden_test' && created=1
  else
    echo "pg_start: neither createdb nor psql found in $pg_bin" >&2
  fi
  if ((created == 0)); then
    echo "pg_start: could not create database warden_test" >&2
    pg_stop
    return 1
  fi

  export DATABASE_URL="postgresql://warden@127.0.0.1:$port/warden_test"
  export PG_THROWAWAY_PORT
  echo "pg_start: PostgreSQL ready on 127.0.0.1:$port in $((SECONDS - started)) s ($PG_THROWAWAY_DIR)"
}

# Stops the server (fast, then immediate, then SIGKILL) and removes its temp dir.
# Idempotent; always returns 0 so it is safe in traps.
pg_stop() {
  [[ -n ${PG_THROWAWAY_DIR:-} ]] || return 0
  local dir=$PG_THROWAWAY_DIR data=$PG_THROWAWAY_DIR/data pg_bin
  pg_bin=$(find_pg_bin 2>/dev/null) || pg_bin=""
  if [[ -f $data/postmaster.pid ]]; then
    local pid
    pid=$(head -n 1 "$data/postmaster.pid" 2>/dev/null || true)
    if [[ -n $pg_bin ]]; then
      _pg_as_owner "$pg_bin/pg_ctl" stop -D "$data" -m fast -w -t 30 >/dev/null 2>&1 ||
        _pg_as_owner "$pg_bin/pg_ctl" stop -D "$data" -m immediate -w -t 10 >/dev/null 2>&1 || true
    fi
    if [[ $pid =~ ^[0-9]+$ ]]; then
      # Last resort: the postmaster is still running after both shutdown modes.
      if [[ $(ps -o stat= -p "$pid" 2>/dev/null) != Z* ]] && kill -0 "$pid" 2>/dev/null; then
        kill -KILL "$pid" 2>/dev/null || true
      fi
      # The exited postmaster is reparented to PID 1, which reaps it a moment later: wait up to
      # 5 s so that no trace of it (not even a zombie) is left when we return.
      local waited=0
      while [[ -e /proc/$pid ]] && ((waited++ < 50)); do sleep 0.1; done
    fi
  fi
  rm -rf "$dir"
  PG_THROWAWAY_DIR=""
  PG_THROWAWAY_PORT=""
  PG_THROWAWAY_OWNER=""
  if [[ ${DATABASE_URL:-} == postgresql://warden@127.0.0.1:*/warden_test ]]; then
    unset DATABASE_URL
  fi
  return 0
}
