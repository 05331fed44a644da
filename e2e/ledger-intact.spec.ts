// After every journey (its own project, last): the console database the journeys and the demo seed wrote to holds
// each governance state change of the scope workflow with the actor it must have, and `warden ledger verify` passes
// over all of it (issue 6, "Done when"). Reads the e2e database read-only; runs the CLI as an operator would.
import { execFileSync } from "node:child_process";
import Database from "better-sqlite3";
import { devices, expect, test } from "@playwright/test";
import { changeCatalogColumn, DEMO, signIn } from "./fixtures";

interface Row {
  action: string;
  actor_role: string;
  actor_id: string | null;
  n: number;
}

function actionsByRole(): Row[] {
  const url = process.env.DATABASE_URL;
  if (!url?.startsWith("file:")) throw new Error("DATABASE_URL must point at the e2e console database");
  const db = new Database(url.slice("file:".length), { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare(
        "SELECT action, actor_role, max(actor_id) AS actor_id, count(*) AS n FROM ledger_entries WHERE action LIKE 'governance.%' OR action LIKE 'auth.user_%' OR action LIKE 'ledger.%' OR action LIKE 'api.token_%' OR action LIKE 'exports.%' OR action LIKE 'holds.%' OR action LIKE 'retention.%' OR action LIKE 'purge.%' OR action LIKE 'sla.%' GROUP BY action, actor_role",
      )
      .all() as Row[];
  } finally {
    db.close();
  }
}

// Who must have done each change: people by their role, the job runner as "system" (actor_id null).
const EXPECTED: Array<[action: string, role: string]> = [
  ["governance.scope_requested", "analyst"],
  ["governance.scope_approval_given", "privacy_admin"],
  ["governance.scope_request_approved", "privacy_admin"],
  ["governance.scope_request_denied", "privacy_admin"],
  ["governance.scope_request_cancelled", "analyst"],
  ["governance.scope_granted", "privacy_admin"],
  ["governance.scope_activated", "privacy_admin"],
  ["governance.scope_expired", "system"],
  ["governance.scope_revoked", "privacy_admin"],
  ["governance.scope_revoked", "system"],
  ["governance.scope_relinquished", "analyst"],
  ["governance.break_glass_activated", "analyst"],
  ["governance.break_glass_after_reviewed", "privacy_admin"],
  ["governance.review_campaign_started", "privacy_admin"],
  ["governance.review_item_decided", "privacy_admin"],
  ["governance.review_campaign_closed", "system"],
  ["governance.scope_policy_changed", "privacy_admin"],
  ["governance.catalog_column_changed", "privacy_admin"],
  ["governance.action_refused", "privacy_admin"],
  ["auth.user_created", "privacy_admin"],
  ["auth.user_disabled", "privacy_admin"],
  ["ledger.bundle_downloaded", "auditor"],
  ["api.token_created", "privacy_admin"],
  ["api.token_revoked", "privacy_admin"],
  ["ledger.verification_started", "auditor"],
  ["ledger.verified", "system"],
  ["ledger.entries_exported", "auditor"],
  ["exports.traced", "privacy_admin"],
  // e2e/exports.spec.ts
  ["exports.requested", "analyst"],
  ["exports.approved", "privacy_admin"],
  ["exports.denied", "privacy_admin"],
  ["exports.cancelled", "analyst"],
  ["exports.downloaded", "analyst"],
  ["exports.download_refused", "analyst"],
  ["exports.build_started", "system"],
  ["exports.built", "system"],
  // e2e/holds.spec.ts
  ["holds.matter_created", "privacy_admin"],
  ["holds.matter_updated", "privacy_admin"],
  ["holds.matter_closed", "privacy_admin"],
  ["holds.hold_created", "privacy_admin"],
  ["holds.hold_targets_changed", "privacy_admin"],
  ["holds.hold_activated", "privacy_admin"],
  ["holds.release_requested", "privacy_admin"],
  ["holds.release_rejected", "privacy_admin"],
  ["holds.hold_released", "privacy_admin"],
  ["holds.custodian_added", "privacy_admin"],
  ["holds.custodian_removed", "privacy_admin"],
  ["holds.custodian_acknowledged", "analyst"],
  // e2e/retention.spec.ts; the demo seed's default policies are the system's
  ["retention.policy_changed", "privacy_admin"],
  ["retention.policy_changed", "system"],
  // e2e/purge.spec.ts
  ["purge.run_started", "privacy_admin"],
  ["purge.run_completed", "system"],
  ["purge.batch_deleted", "system"],
  ["purge.report_downloaded", "auditor"],
  // SLA definition edits (issue 10, decision 035)
  ["sla.definition_changed", "privacy_admin"],
];

// This project has no browser of its own (playwright.config.ts): the one step below that needs a page uses Debian's.
test.use({
  ...devices["Desktop Chrome"],
  launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] },
});

// The catalog edit is made here too, so the check below does not hang on e2e/catalog.spec.ts having run: a change of
// city's rule and its restoration (two governance.catalog_column_changed entries), through the Catalog page.
test("a privacy admin changes a catalog column and puts it back", async ({ page }) => {
  await signIn(page, DEMO.privacy);
  const city = { dataset: "marketplace.people@1", column: "city", tier: "pii_basic" };
  await changeCatalogColumn(page, { ...city, maskRule: "null", reason: "Ledger walk: city shown as empty" });
  await changeCatalogColumn(page, { ...city, maskRule: "redact", reason: "Ledger walk: city redacted again" });
});

test("every governance change the journeys made is in the ledger with its actor, and the chain verifies", () => {
  const rows = actionsByRole();
  for (const [action, role] of EXPECTED) {
    const row = rows.find((r) => r.action === action && r.actor_role === role);
    expect(row, `${action} by ${role}`).toBeDefined();
    if (role === "system") expect(row!.actor_id, `${action} by the job runner names no person`).toBeNull();
    else expect(row!.actor_id, `${action} by ${role} names the person`).toMatch(/^usr_/);
  }
  const out = execFileSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/warden.ts", "ledger", "verify"], {
    env: process.env,
    encoding: "utf8",
  });
  expect(out).toMatch(/^ledger ok: \d+ entries verified/m);
});
