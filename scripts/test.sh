#!/usr/bin/env bash
# scripts/test.sh: the whole test suite, behind `npm test` and `.ci/run`.
#
# Steps, in order; the first failure stops the run:
#   1 prereqs    Chromium + PostgreSQL server binaries (installed with apt-get when root)
#   2 typecheck  tsc against the PostgreSQL client (tsconfig.json) and the SQLite one (tsconfig.sqlite.json)
#   3 lint       ESLint (+ layering rules), Prettier check, knip: scripts/lint.sh, the same as `npm run lint`
#   4 sqlite     vitest: unit + integration tests on a fresh SQLite file
#   5 pg         vitest lib/ again on a throwaway PostgreSQL server (scripts/lib/pg-throwaway.sh)
#   6 e2e        Playwright + Debian Chromium against scripts/server.ts on a fresh SQLite data dir, with a real
#                OpenID provider on loopback for the single sign-on journey (scripts/e2e/oidc-provider.mjs)
# What overlaps (decision 038): the lint starts with the type checks, and the step lint waits for what is left of it;
# the pg run starts with the sqlite one; the e2e preparation (scripts/e2e-prepare.sh:
# demo seed, production build) starts with them too, in the background, and the e2e step waits for what is left of
# it; in the e2e step the route fuzz runs beside the journeys, against its own server on a copy of the prepared data.
# Ends with the seconds per step (wall clock, and the CPU seconds of the processes the step waited for; the pg run's
# and the e2e preparation's count in the step that waits for them) and the line "N passed, N failed" (vitest +
# Playwright tests; a step that fails outside a test runner, e.g. a type error or a lint finding, counts as one
# failure). Exits non-zero when any step failed.
#
# Environment knobs (all optional):
#   WARDEN_TEST_SKIP="pg e2e"   skip the named steps (ids as above) for a quicker local loop
#   CHROMIUM_PATH, PG_BIN       use these binaries instead of searching (see scripts/lib/prereqs.sh)
#   KEEP_TMP=1                  keep the run's temp dir (databases, reports) for inspection

# The functions run indirectly (traps, run_step), which shellcheck takes for unreachable code.
# shellcheck disable=SC2317
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
BIN=$ROOT/node_modules/.bin

# shellcheck source=scripts/lib/free-port.sh
source scripts/lib/free-port.sh
# shellcheck source=scripts/lib/prereqs.sh
source scripts/lib/prereqs.sh
# shellcheck source=scripts/lib/pg-throwaway.sh
source scripts/lib/pg-throwaway.sh

export NEXT_TELEMETRY_DISABLED=1

# ---------------------------------------------------------------------------------------------
# Bookkeeping: per-step status and time, test counts, cleanup.

RUN_TMP=$(mktemp -d "${TMPDIR:-/tmp}/warden-test.XXXXXX")
BG_PIDS=()           # background jobs to kill if we are interrupted
declare -A STEP_STATUS=() STEP_SECS=() STEP_CPU=()
CURRENT_STEP=""
TOTAL_PASSED=0 TOTAL_FAILED=0 TOTAL_SKIPPED=0
STEP_TEST_FAILURES=0 # failed tests counted by the current step's reports

# Wall-clock seconds with microseconds (bash 5), decimal point whatever the locale.
_now() {
  local t=${EPOCHREALTIME:-$SECONDS}
  echo "${t/,/.}"
}
_secs_since() { awk -v a="$1" -v b="$(_now)" 'BEGIN { printf "%.1f", b - a }'; }

# CPU seconds (user + system) of every child this shell has waited for so far, from /proc (fields 16 and 17,
# cutime and cstime, in clock ticks; the command name in field 2 is "(bash)", without spaces). A step's CPU time is
# the difference across it; with two cores, CPU seconds near twice the wall seconds mean both were busy.
_child_cpu() {
  awk -v hz="$(getconf CLK_TCK)" '{ printf "%.1f", ($16 + $17) / hz }' "/proc/$$/stat"
}

RUN_START=$(_now)

cleanup() {
  local pid
  for pid in "${BG_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  # The lint and the e2e preparation run in process groups of their own (start_lint, start_e2e_prepare).
  [[ -n ${LINT_PID:-} ]] && { kill -- "-$LINT_PID" 2>/dev/null || true; }
  [[ -n $E2E_PREP_PID ]] && { kill -- "-$E2E_PREP_PID" 2>/dev/null || true; }
  pg_stop
  if [[ ${KEEP_TMP:-} == 1 ]]; then
    echo "test.sh: kept temp dir $RUN_TMP"
  else
    rm -rf "$RUN_TMP"
  fi
}
trap cleanup EXIT

on_signal() {
  echo
  echo "test.sh: interrupted by SIG$1${CURRENT_STEP:+ during step $CURRENT_STEP}" >&2
  if [[ -n $CURRENT_STEP ]]; then
    STEP_STATUS[$CURRENT_STEP]=interrupted
    TOTAL_FAILED=$((TOTAL_FAILED + 1))
  fi
  finish "$2"
}
trap 'on_signal INT 130' INT
trap 'on_signal TERM 143' TERM

# Adds the counts of a vitest JSON report to the totals. A test file that failed without a failing
# test (import error, crash) counts as one failure.
count_vitest() {
  local counts
  counts=$(node -e '
    const r = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"));
    const brokenFiles = (r.testResults ?? []).filter(
      (f) => f.status === "failed" && !(f.assertionResults ?? []).some((a) => a.status === "failed"),
    ).length;
    console.log(r.numPassedTests ?? 0, (r.numFailedTests ?? 0) + brokenFiles, (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0));
  ' "$1" 2>/dev/null) || return 0 # no report: the step's exit code speaks
  read -r -a counts <<<"$counts"
  _add_counts "${counts[@]}"
}

# Adds the counts of a Playwright JSON report to the totals (flaky = passed on retry).
count_playwright() {
  local counts
  counts=$(node -e '
    const s = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8")).stats ?? {};
    console.log((s.expected ?? 0) + (s.flaky ?? 0), s.unexpected ?? 0, s.skipped ?? 0);
  ' "$1" 2>/dev/null) || return 0
  read -r -a counts <<<"$counts"
  _add_counts "${counts[@]}"
}

_add_counts() {
  TOTAL_PASSED=$((TOTAL_PASSED + $1))
  TOTAL_FAILED=$((TOTAL_FAILED + $2))
  TOTAL_SKIPPED=$((TOTAL_SKIPPED + $3))
  STEP_TEST_FAILURES=$((STEP_TEST_FAILURES + $2))
  echo "test.sh: $1 passed, $2 failed, $3 skipped"
}

# run_step ID TITLE FUNCTION: times FUNCTION, records the result, stops the run on failure.
run_step() {
  local id=$1 title=$2 fn=$3 start cpu_start rc=0
  if [[ " ${WARDEN_TEST_SKIP:-} " == *" $id "* ]]; then
    STEP_STATUS[$id]="skipped (WARDEN_TEST_SKIP)"
    STEP_SECS[$id]=0.0
    echo "==> [$id] $title: skipped (WARDEN_TEST_SKIP)"
    return 0
  fi
  echo
  echo "==> [$id] $title"
  CURRENT_STEP=$id
  STEP_TEST_FAILURES=0
  start=$(_now)
  cpu_start=$(_child_cpu)
  "$fn" || rc=$?
  STEP_SECS[$id]=$(_secs_since "$start")
  STEP_CPU[$id]=$(awk -v a="$cpu_start" -v b="$(_child_cpu)" 'BEGIN { printf "%.1f", b - a }')
  CURRENT_STEP=""
  if ((rc == 0)); then
    # A step may have marked itself skipped (e.g. no e2e/ directory).
    STEP_STATUS[$id]=${STEP_STATUS[$id]:-ok}
    echo "==> [$id] ${STEP_STATUS[$id]} in ${STEP_SECS[$id]} s"
    return 0
  fi
  # Keep the final count honest when the failure was not a failing test.
  ((STEP_TEST_FAILURES > 0)) || TOTAL_FAILED=$((TOTAL_FAILED + 1))
  if ((rc == 130)); then
    # The runner caught Ctrl-C itself and exited 130, so our INT trap never fired.
    STEP_STATUS[$id]=interrupted
    echo "==> [$id] interrupted after ${STEP_SECS[$id]} s" >&2
    finish 130
  fi
  STEP_STATUS[$id]="FAILED (exit $rc)"
  echo "==> [$id] FAILED (exit $rc) after ${STEP_SECS[$id]} s: $title. Stopping here." >&2
  finish 1
}

# Prints the per-step table and the closing "N passed, N failed" line, then exits.
finish() {
  local code=$1 id
  trap - INT TERM
  echo
  echo "==> Summary ($(_secs_since "$RUN_START") s in all)"
  for id in prereqs typecheck lint sqlite pg e2e; do
    printf '  %-10s %-28s %-10s %s\n' "$id" "${STEP_STATUS[$id]:-not run}" "${STEP_SECS[$id]:+${STEP_SECS[$id]} s}" \
      "${STEP_CPU[$id]:+${STEP_CPU[$id]} s CPU}"
  done
  echo "  tests skipped: $TOTAL_SKIPPED"
  echo "$TOTAL_PASSED passed, $TOTAL_FAILED failed"
  exit "$code"
}

# ---------------------------------------------------------------------------------------------
# The steps. Each returns non-zero on failure (explicitly: errexit does not apply inside them).

step_prereqs() {
  [[ -x $BIN/tsc && -x $BIN/vitest && -x $BIN/playwright && -x $BIN/eslint ]] || {
    echo "test.sh: node_modules is missing or incomplete; run 'npm ci' first." >&2
    return 1
  }
  ensure_prereqs
}

step_typecheck() {
  local cfg
  for cfg in tsconfig.json tsconfig.sqlite.json; do
    [[ -f $cfg ]] || { echo "test.sh: $cfg is missing" >&2; return 1; }
  done
  start_lint
  # tsc is single-threaded: check both configurations at once on two cores.
  "$BIN/tsc" --noEmit -p tsconfig.json >"$RUN_TMP/tsc-pg.log" 2>&1 &
  local pid_pg=$!
  "$BIN/tsc" --noEmit -p tsconfig.sqlite.json >"$RUN_TMP/tsc-sqlite.log" 2>&1 &
  local pid_sqlite=$!
  BG_PIDS+=("$pid_pg" "$pid_sqlite")
  local rc_pg=0 rc_sqlite=0
  wait "$pid_pg" || rc_pg=$?
  wait "$pid_sqlite" || rc_sqlite=$?
  BG_PIDS=(${LINT_PID:+"$LINT_PID"})
  echo "tsc -p tsconfig.json (PostgreSQL client): $([[ $rc_pg == 0 ]] && echo ok || echo "FAILED")"
  cat "$RUN_TMP/tsc-pg.log"
  echo "tsc -p tsconfig.sqlite.json (SQLite client): $([[ $rc_sqlite == 0 ]] && echo ok || echo "FAILED")"
  cat "$RUN_TMP/tsc-sqlite.log"
  ((rc_pg == 0 && rc_sqlite == 0))
}

# The lint starts with the type checks, in the background: the two tsc runs keep both cores busy for about a third of
# the lint's time, while ESLint is single-threaded for most of it (decision 038). Both only read the sources. Its
# output is printed, and its CPU counted, by step_lint, which waits for it.
LINT_PID=""
start_lint() {
  [[ " ${WARDEN_TEST_SKIP:-} " == *" lint "* ]] && return 0
  # In a process group of its own, so that a failed typecheck or an interrupt stops ESLint, Prettier and knip too.
  setsid bash scripts/lint.sh >"$RUN_TMP/lint.log" 2>&1 &
  LINT_PID=$!
  BG_PIDS+=("$LINT_PID")
  echo "test.sh: the lint (step lint) started alongside"
}

step_lint() {
  # Started by step_typecheck; on its own when that step was skipped.
  if [[ -z $LINT_PID ]]; then
    bash scripts/lint.sh
    return
  fi
  local rc=0
  wait "$LINT_PID" || rc=$?
  LINT_PID=""
  BG_PIDS=()
  cat "$RUN_TMP/lint.log"
  return "$rc"
}

# vitest REPORT [args...]: runs vitest with the console reporter plus a JSON report, then counts it.
_vitest() {
  local report=$1 rc=0
  shift
  rm -f "$report"
  "$BIN/vitest" run --reporter=default --reporter=json --outputFile.json="$report" "$@" || rc=$?
  count_vitest "$report"
  return "$rc"
}

# The PostgreSQL run starts in the background when the SQLite run starts: two vitest processes, a database each, on
# two cores. (Within one run the test files share a database, so each run is sequential by itself.) Its output is
# printed, and its tests counted, by step_pg.
PG_VITEST_PID="" PG_VITEST_START=""
start_pg_vitest() {
  pg_start || return 1
  mkdir -p "$RUN_TMP/pg-data"
  # pg_start exported DATABASE_URL; tests that need SQLite skip themselves on PostgreSQL.
  # PostgreSQL deployments must set both secrets (lib/core/env.ts); the tests run like one.
  local secret hash_key
  secret=$(node -e 'process.stdout.write(require("crypto").randomBytes(32).toString("base64url"))')
  hash_key=$(node -e 'process.stdout.write(require("crypto").randomBytes(32).toString("base64url"))')
  rm -f "$RUN_TMP/vitest-pg.json"
  PG_VITEST_START=$(_now)
  (
    export WARDEN_TEST_DIALECT=postgresql NEXTAUTH_SECRET="$secret" WARDEN_HASH_KEY="$hash_key" WARDEN_DATA_DIR="$RUN_TMP/pg-data"
    exec "$BIN/vitest" run --reporter=default --reporter=json --outputFile.json="$RUN_TMP/vitest-pg.json" lib
  ) >"$RUN_TMP/vitest-pg.log" 2>&1 &
  PG_VITEST_PID=$!
  BG_PIDS+=("$PG_VITEST_PID")
  echo "test.sh: the PostgreSQL run (step pg) started alongside"
}

step_sqlite() {
  if [[ " ${WARDEN_TEST_SKIP:-} " != *" pg "* ]]; then start_pg_vitest || return 1; fi
  start_e2e_prepare "alongside, in the background" || return 1
  mkdir -p "$RUN_TMP/sqlite-data"
  DATABASE_URL="file:$RUN_TMP/warden-test.db" \
    WARDEN_TEST_DIALECT=sqlite \
    WARDEN_DATA_DIR="$RUN_TMP/sqlite-data" \
    _vitest "$RUN_TMP/vitest-sqlite.json"
}

step_pg() {
  # Started by step_sqlite; on its own when that step was skipped.
  if [[ -z $PG_VITEST_PID ]]; then start_pg_vitest || return 1; fi
  local rc=0
  wait "$PG_VITEST_PID" || rc=$?
  PG_VITEST_PID=""
  cat "$RUN_TMP/vitest-pg.log"
  count_vitest "$RUN_TMP/vitest-pg.json"
  echo "test.sh: the PostgreSQL run took $(_secs_since "$PG_VITEST_START") s, alongside the SQLite one"
  # e2e runs on SQLite: no need to keep the server.
  pg_stop
  return "$rc"
}

# start_oidc_provider LOG [ISSUER]: starts the e2e OpenID provider (scripts/e2e/oidc-provider.mjs) at ISSUER, or on
# a free loopback port, without waiting for it. Sets OIDC_ISSUER and OIDC_PROVIDER_PID, which the caller declares
# (`local -x` for OIDC_ISSUER and the client settings, so the provider and `next start` inherit them).
start_oidc_provider() {
  if [[ -n ${2:-} ]]; then OIDC_ISSUER=$2; else OIDC_ISSUER="http://127.0.0.1:$(free_port)" || return 1; fi
  node scripts/e2e/oidc-provider.mjs >"$1" 2>&1 &
  OIDC_PROVIDER_PID=$!
  BG_PIDS+=("$OIDC_PROVIDER_PID")
}

# wait_oidc_provider LOG: waits until the provider's discovery document answers. Another process can take the
# free port before the provider binds it; a provider that died is started again on another port (twice at most).
wait_oidc_provider() {
  local log=$1 attempt i start
  start=$(_now)
  for attempt in 1 2 3; do
    for ((i = 0; i < 300; i++)); do
      if node -e 'fetch(process.argv[1], { signal: AbortSignal.timeout(2000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' \
        "$OIDC_ISSUER/.well-known/openid-configuration" 2>/dev/null; then
        echo "test.sh: OpenID provider for the SSO journey at $OIDC_ISSUER (waited $(_secs_since "$start") s)"
        return 0
      fi
      kill -0 "$OIDC_PROVIDER_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill "$OIDC_PROVIDER_PID" 2>/dev/null || true
    echo "test.sh: the OpenID provider did not start (attempt $attempt):" >&2
    cat "$log" >&2
    if ((attempt < 3)); then start_oidc_provider "$log" || return 1; fi
  done
  return 1
}

# The e2e run's settings, fixed once per run: the preparation (started early, in the background) and the e2e step
# (which exports them) must agree. A fresh demo password per run: the specs read it from the environment, so no
# password is written into them. Single sign-on goes against a real provider (e2e/sso.spec.ts); the issuer is
# configured from the start so that the accounts the preparation provisions are created on a deployment with SSO.
E2E_DATA_DIR="" E2E_DEMO_PASSWORD="" E2E_OIDC_ISSUER="" E2E_OIDC_SECRET=""
e2e_settings() {
  [[ -n $E2E_DATA_DIR ]] && return 0
  E2E_DATA_DIR=$RUN_TMP/e2e-data
  E2E_DEMO_PASSWORD="e2e-$(node -e 'process.stdout.write(require("crypto").randomBytes(9).toString("base64url"))')" || return 1
  E2E_OIDC_SECRET=$(node -e 'process.stdout.write(require("crypto").randomBytes(24).toString("base64url"))') || return 1
  E2E_OIDC_ISSUER="http://127.0.0.1:$(free_port)" || return 1
  mkdir -p "$E2E_DATA_DIR"
}

# Exports the e2e settings into the calling (sub)shell. Never called in the main shell: the vitest steps must not
# see the e2e data dir.
e2e_export() {
  export WARDEN_DATA_DIR="$E2E_DATA_DIR"
  export DATABASE_URL="file:$E2E_DATA_DIR/warden.db"
  export WAREHOUSE_URL="file:$E2E_DATA_DIR/warehouse.db"
  export WARDEN_DEMO_PASSWORD="$E2E_DEMO_PASSWORD"
  # The nightly purge (an execute run within the hour WARDEN_PURGE_HOUR_UTC) would delete the demo's old events under
  # the journeys that need them (e2e/holds-purge.spec.ts) when a run meets that hour: put it 12 hours away from now.
  export WARDEN_PURGE_HOUR_UTC=$(((10#$(date -u +%H) + 12) % 24))
  export OIDC_ISSUER="$E2E_OIDC_ISSUER" OIDC_CLIENT_ID=warden-e2e OIDC_CLIENT_SECRET="$E2E_OIDC_SECRET" OIDC_NAME="Test SSO"
}

# The e2e preparation (scripts/e2e-prepare.sh: demo seed into the e2e data dir, then the production build into .next)
# needs nothing from the vitest steps, and they leave CPU idle (lock waits, sleeps, fsync, one file at a time): it
# starts in the background when they start, and step_e2e waits for it. It runs in a process group of its own
# (setsid), so that an interrupted run can stop `next build` and the seed, not only the shell that started them.
E2E_PREP_PID="" E2E_PREP_START=""
start_e2e_prepare() {
  [[ -d e2e && -f scripts/e2e-prepare.sh ]] || return 0
  [[ " ${WARDEN_TEST_SKIP:-} " == *" e2e "* ]] && return 0
  e2e_settings || return 1
  E2E_PREP_START=$(_now)
  (
    e2e_export
    # The typecheck step checked what the build would check again (next.config.ts).
    [[ ${STEP_STATUS[typecheck]:-} == ok ]] && export WARDEN_BUILD_TYPECHECKED=1
    exec setsid bash scripts/e2e-prepare.sh
  ) >"$RUN_TMP/e2e-prepare.log" 2>&1 &
  E2E_PREP_PID=$!
  echo "test.sh: the e2e preparation (scripts/e2e-prepare.sh: demo seed, production build) started${1:+ $1}"
}

# Waits for the preparation (starting it now if it was not started early), prints its log and says how much of its
# time overlapped the vitest steps.
finish_e2e_prepare() {
  if [[ -z $E2E_PREP_PID ]]; then start_e2e_prepare || return 1; fi
  local waited_from rc=0
  waited_from=$(_now)
  wait "$E2E_PREP_PID" || rc=$?
  E2E_PREP_PID=""
  cat "$RUN_TMP/e2e-prepare.log"
  # Its own seconds (seed, build) are in its log above; here, how much of it the vitest steps hid.
  echo "test.sh: the e2e preparation started $(awk -v a="$E2E_PREP_START" -v b="$waited_from" 'BEGIN { printf "%.1f", b - a }') s before the e2e step waited for it; the step waited $(_secs_since "$waited_from") s"
  if ((rc != 0)); then
    echo "test.sh: scripts/e2e-prepare.sh failed (exit $rc)" >&2
    return 1
  fi
}

step_e2e() {
  if [[ ! -d e2e ]]; then
    echo "test.sh: no e2e/ directory; nothing to run"
    STEP_STATUS[e2e]="skipped (no e2e/)"
    return 0
  fi
  local port
  port=$(free_port) || return 1
  e2e_settings || return 1
  local -x WARDEN_DATA_DIR DATABASE_URL WAREHOUSE_URL WARDEN_DEMO_PASSWORD WARDEN_PURGE_HOUR_UTC OIDC_ISSUER OIDC_CLIENT_ID OIDC_CLIENT_SECRET OIDC_NAME
  e2e_export
  local -x PORT=$port
  local -x NEXTAUTH_URL="http://127.0.0.1:$port"
  # The provider boots (seconds on a busy machine) while the preparation finishes.
  local OIDC_PROVIDER_PID oidc_log=$RUN_TMP/oidc-provider.log
  start_oidc_provider "$oidc_log" "$OIDC_ISSUER" || return 1
  if [[ -f scripts/e2e-prepare.sh ]]; then
    finish_e2e_prepare || return 1
  else
    echo "test.sh: warning: scripts/e2e-prepare.sh not found; using the existing build as is" >&2
  fi
  wait_oidc_provider "$oidc_log" || return 1
  # The route fuzz (project "fuzz") runs beside the journeys, as a Playwright run of its own against a server of its
  # own on a copy of the prepared data dir: its flood of refusals and failed sign-ins cannot disturb the journeys, and
  # the journeys' held write lock (e2e/db-lock.spec.ts) cannot turn its answers into 503s. The journeys, the clock
  # journeys and the ledger walk keep their order in the main run. Decision 038.
  local fuzz_dir=$RUN_TMP/e2e-fuzz fuzz_pid="" fuzz_rc=0 fuzz_start
  rm -rf "$fuzz_dir"
  mkdir -p "$fuzz_dir"
  cp -a "$E2E_DATA_DIR" "$fuzz_dir/data" || return 1
  local fuzz_port
  fuzz_port=$(free_port) || return 1
  fuzz_start=$(_now)
  (
    export WARDEN_DATA_DIR="$fuzz_dir/data" DATABASE_URL="file:$fuzz_dir/data/warden.db" WAREHOUSE_URL="file:$fuzz_dir/data/warehouse.db"
    export PORT=$fuzz_port NEXTAUTH_URL="http://127.0.0.1:$fuzz_port" WARDEN_E2E_OUTPUT_DIR="$fuzz_dir/results"
    # At a lower priority: the journeys are the longer run, so the fuzz takes the CPU they leave (a server render
    # waiting on Chromium, a journey waiting on a job's poll) rather than slowing them down.
    exec nice -n 10 "$BIN/playwright" test --project=fuzz
  ) >"$fuzz_dir/playwright.log" 2>&1 &
  fuzz_pid=$!
  BG_PIDS+=("$fuzz_pid")
  echo "test.sh: the route fuzz runs alongside on port $fuzz_port (its output: after the journeys)"
  # Every other project, in the config's order, read from playwright.config.ts so that a new project is not left out.
  local projects=() name
  for name in $(grep -oE '\{ name: "[^"]+"' playwright.config.ts | sed -E 's/.*"(.*)"/\1/'); do
    [[ $name == fuzz ]] || projects+=("--project=$name")
  done
  echo "test.sh: the journeys: ${projects[*]}"
  local report=$ROOT/test-results/playwright-report.json rc=0
  rm -f "$report"
  "$BIN/playwright" test "${projects[@]}" || rc=$?
  count_playwright "$report"
  echo "test.sh: the journeys took $(_secs_since "$fuzz_start") s"
  local journeys_end
  journeys_end=$(_now)
  wait "$fuzz_pid" || fuzz_rc=$?
  echo
  echo "test.sh: the route fuzz, run alongside the journeys (it ended $(_secs_since "$journeys_end") s after them; its own time is at the end of its output):"
  cat "$fuzz_dir/playwright.log"
  count_playwright "$fuzz_dir/results/playwright-report.json"
  # Beside the main run's results, so that a failure's attachments are where one looks for them.
  mkdir -p "$ROOT/test-results" && rm -rf "$ROOT/test-results/fuzz" && cp -a "$fuzz_dir/results" "$ROOT/test-results/fuzz" 2>/dev/null || true
  kill "$OIDC_PROVIDER_PID" 2>/dev/null || true
  BG_PIDS=()
  if ((rc != 0 || fuzz_rc != 0)); then
    echo "test.sh: OpenID provider log ($oidc_log):"
    cat "$oidc_log"
  fi
  ((rc != 0)) && return "$rc"
  return "$fuzz_rc"
}

# ---------------------------------------------------------------------------------------------

echo "test.sh: temp dir $RUN_TMP"
run_step prereqs "Prerequisites (Chromium, PostgreSQL)" step_prereqs
run_step typecheck "Type checks (PostgreSQL and SQLite clients)" step_typecheck
run_step lint "Lint (ESLint + layering, Prettier check, knip)" step_lint
run_step sqlite "Unit + SQLite integration tests (vitest)" step_sqlite
run_step pg "PostgreSQL integration tests (vitest lib/ on a throwaway server)" step_pg
run_step e2e "End-to-end tests (Playwright, Chromium)" step_e2e
finish 0
