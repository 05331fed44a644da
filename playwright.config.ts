// End-to-end tests: Debian's Chromium (never a Playwright-downloaded browser) against `next start`.
// scripts/test.sh prepares a fresh SQLite data dir and a production build (scripts/e2e-prepare.sh),
// picks a free PORT and exports CHROMIUM_PATH; run standalone, the defaults below apply.
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

const PORT = Number(process.env.PORT ?? 3100);
const baseURL = `http://127.0.0.1:${PORT}`;
// The server counts as up once this path answers with a status below 404.
const readyPath = process.env.WARDEN_E2E_READY_PATH ?? "/api/health";
// The server's clock follows this file (lib/core/clock.ts); e2e/fixtures.ts moves it. Exported for the specs.
process.env.WARDEN_TEST_CLOCK_FILE ??= path.resolve(process.env.WARDEN_DATA_DIR ?? "data", "test-clock.json");
// scripts/test.sh runs the route fuzz as a second Playwright run beside the journeys, against a server of its own: each
// run needs its own output folder, since Playwright empties it when it starts.
const outputDir = process.env.WARDEN_E2E_OUTPUT_DIR ?? "test-results";

const chromium = {
  ...devices["Desktop Chrome"],
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    // --no-sandbox: we run as root. The networking flags stop Chromium's background calls
    // to Google, which this machine's closed network refuses.
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  },
};

export default defineConfig({
  testDir: "e2e",
  outputDir,
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  forbidOnly: !!process.env.CI,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  // scripts/test.sh reads the JSON report for the final "N passed, N failed" line.
  reporter: [["list"], ["json", { outputFile: path.join(outputDir, "playwright-report.json") }]],
  use: {
    baseURL,
    screenshot: "only-on-failure",
    trace: "off",
    video: "off",
  },
  // With one worker, projects run in the order listed: the route fuzz goes after the journeys, since it floods the ledger and
  // sends failed sign-ins from this IP. Its own project, rather than a dependency, so that a failing journey
  // does not skip it and a single journey can still be run alone. (scripts/test.sh runs it beside the journeys
  // instead, as a run of its own against its own server and a copy of the prepared data; it reads the other projects'
  // names from the lines below for its main run. Decision 038.)
  projects: [
    { name: "chromium", testIgnore: [/fuzz-routes\.spec\.ts$/, /\.clock\.spec\.ts$/, /ledger-intact\.spec\.ts$/], use: chromium },
    // Journeys that move the server's clock (grant expiry, review due dates): after every other journey, since a
    // jump of days also ends every other browser's session. Each spec puts the clock back when it is done.
    { name: "clock", testMatch: /\.clock\.spec\.ts$/, use: chromium },
    // HTTP only (the request fixture), no browser.
    { name: "fuzz", testMatch: /fuzz-routes\.spec\.ts$/ },
    // Last: the ledger every journey wrote holds each governance change with its actor, and verifies.
    { name: "ledger", testMatch: /ledger-intact\.spec\.ts$/ },
  ],
  webServer: {
    command: `node --import tsx scripts/server.ts -H 127.0.0.1 -p ${PORT}`,
    url: `${baseURL}${readyPath}`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
    // Merged over process.env by Playwright, so WARDEN_DATA_DIR, DATABASE_URL, WAREHOUSE_URL, ...
    // pass through unchanged.
    env: {
      PORT: String(PORT),
      NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? baseURL,
      NEXT_TELEMETRY_DISABLED: "1",
      // The specs stand in for a load balancer on loopback: X-Forwarded-For then names the client, so a spec can
      // give itself an address of its own (rate limits are per address). Without this nothing is trusted.
      TRUSTED_PROXIES: "127.0.0.1/32 ::1/128",
      WARDEN_TEST_CLOCK_FILE: process.env.WARDEN_TEST_CLOCK_FILE,
      // Due jobs (expiry, review deadlines) run within half a second of the clock passing their time.
      WARDEN_JOBS_POLL_MS: "500",
      // One process, not one per core: the journeys are one browser's requests in turn, and the route fuzz runs its
      // own server beside them, so more workers only each warm up on CI's two cores (the whole e2e step took 379 s with
      // two per server against 281 s with one, every journey passing both ways; e2e/server-workers.spec.ts runs a
      // server of two workers; decision 045).
      WARDEN_SERVER_WORKERS: process.env.WARDEN_SERVER_WORKERS ?? "1",
    },
  },
});
