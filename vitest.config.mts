// Unit and integration tests (scripts/test.sh runs them against SQLite, then again against a
// throwaway PostgreSQL with WARDEN_TEST_DIALECT=postgresql). Browser tests live in e2e/ (Playwright).
import { fileURLToPath } from "node:url";
import { BaseSequencer, type TestSpecification } from "vitest/node";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url)).replace(/\/$/, "");

// Test files share one database, so the ledger every later file reads, copies and verifies is as long as the earlier
// files left it. The concurrency proof appends 32,000 entries (16 writers × 2,000, issue 7): run before the ledger
// tests (checkpoints, proofs, bundles, verify), it made each of them walk, copy and hash 32,000 more entries. It runs
// last instead; the rest keep Vitest's order (slowest or largest first). Decision 038.
const LAST = [/\/lib\/access\/concurrency\.test\.ts$/];
class LedgerGrowersLast extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const last = (f: TestSpecification) => LAST.some((re) => re.test(f.moduleId));
    return [...sorted.filter((f) => !last(f)), ...sorted.filter(last)];
  }
}

export default defineConfig({
  resolve: {
    alias: [
      // Same as tsconfig.json's "paths".
      { find: /^@\//, replacement: `${root}/` },
      { find: /^@db-client$/, replacement: `${root}/lib/db/generated/pg/client.ts` },
      // `server-only` throws outside a Next.js server build.
      { find: /^server-only$/, replacement: `${root}/lib/test/server-only-stub.ts` },
    ],
  },
  test: {
    include: ["lib/**/*.test.ts", "scripts/**/*.test.ts", "components/**/*.test.ts"],
    environment: "node",
    pool: "forks",
    // Test files share one database file (DATABASE_URL), so they run one after another.
    fileParallelism: false,
    // Migrates the test database and builds a small demo warehouse and catalog (idempotent).
    setupFiles: ["./lib/test/setup.ts"],
    sequence: { sequencer: LedgerGrowersLast },
    // Vitest's default of 5 s per test is a guess for a quiet machine; this suite runs two vitest processes, two
    // databases and the e2e build on two shared cores, where under load two tests that wait on another process
    // (lib/access/under-load.test.ts, lib/scopes/review-campaigns.test.ts) ran past it while passing. Heavier tests keep
    // their own, longer timeouts. A timeout is no assertion: how fast is measured by `npm run bench`. Decision 038.
    testTimeout: 20_000,
    // The whole suite signs in and fails far more often per minute than any person: the global anonymous ledger
    // budget would aggregate other tests' entries. Its logic is tested with an explicit budget instead.
    // The lock wait is shortened so the tests that hold a lock against it finish quickly.
    // Checkpoints are never due by themselves: tests that run every job kind (`jobs run --once`) must not sign the
    // shared test ledger, which other tests copy and tamper with; checkpoint tests make their own (decision 018).
    env: {
      LEDGER_ANON_PER_MINUTE: "1000000",
      WARDEN_DB_LOCK_WAIT_MS: "1500",
      WARDEN_CHECKPOINT_EVERY_ENTRIES: "1000000000",
      WARDEN_CHECKPOINT_EVERY_MINUTES: "100000000",
    },
  },
});
