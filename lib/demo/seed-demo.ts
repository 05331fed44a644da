// The demo: warehouse, catalog, console users, the analyst's grants and the scope workflow's state (seed-workflow.ts). Safe to run again: the warehouse is
// rebuilt only when its size or seed changed, users and catalog rows are ensured, grants re-issued only when lapsed.
import Database from "better-sqlite3";
import { existsSync } from "node:fs";
import { now, pinClock } from "@/lib/core/clock";
import { env } from "@/lib/core/env";
import type { Role } from "@/lib/core/permissions";
import type { Scope } from "@/lib/core/tiers";
import { parseDatabaseUrl } from "@/lib/db/dialect";
import { ensureUser } from "@/lib/auth/create-user";
import { systemRequestMeta } from "@/lib/auth/request-meta";
import { DEMO_CATALOG } from "@/lib/catalog/demo-catalog";
import { seedCatalog } from "@/lib/catalog/seed-catalog";
import { seedRetentionDefaults } from "@/lib/holds/retention/retention-defaults";
import { grantDirectly } from "@/lib/scopes/grant-directly";
import { evaluateSlas } from "@/lib/sla/evaluate";
import { generateSlaHistory } from "@/lib/sla/demo/generate-history";
import { historyStart, seedGovernanceHistory } from "@/lib/sla/demo/governance-history";
import { getDb } from "@/lib/db/client";
import { seedWorkflow, WORKFLOW_PERSONAS } from "./seed-workflow";
import { listActiveGrants } from "@/lib/scopes/list-active-grants";
import { generateDemoWarehouse } from "@/lib/warehouse/generate-demo-warehouse";
import { generateDemoWarehousePg, pgDemoWarehouseMatches } from "@/lib/warehouse/generate-demo-warehouse-pg";
import { closeWarehouse } from "@/lib/warehouse/get-warehouse";
import { WAREHOUSE_SCHEMA_VERSION } from "@/lib/warehouse/schema";

export const DEMO_USERS: ReadonlyArray<{ email: string; name: string; role: Role; grants: Scope[] }> = [
  { email: "privacy@warden.test", name: "Priya Natarajan", role: "privacy_admin", grants: [] },
  { email: "privacy2@warden.test", name: "Malik Osei", role: "privacy_admin", grants: [] },
  { email: "auditor@warden.test", name: "Aaron Whitfield", role: "auditor", grants: [] },
  { email: "analyst@warden.test", name: "Ana Sousa", role: "analyst", grants: ["pii_basic", "pii_sensitive"] },
  { email: "analyst2@warden.test", name: "Noah Brennan", role: "analyst", grants: [] },
  ...WORKFLOW_PERSONAS.map((p) => ({ ...p, grants: [] as Scope[] })),
];

const GRANT_DAYS: Record<Scope, number> = { pii_basic: 90, pii_sensitive: 30, pii_tax: 14, background: 7 };

export interface SeedDemoOptions {
  size: number;
  seed: number;
  onProgress?: (done: number, total: number) => void;
}

/** Returns human-readable summary lines. */
export async function seedDemo(opts: SeedDemoOptions): Promise<string[]> {
  const lines: string[] = [];
  const warehouse = parseDatabaseUrl(env().warehouseUrl);
  if (warehouse.dialect === "postgresql") {
    lines.push(await seedPgWarehouse(warehouse.url, opts));
  } else if (warehouseMatches(warehouse.path, opts)) {
    lines.push(`warehouse: kept ${warehouse.path} (size ${opts.size}, seed ${opts.seed})`);
  } else {
    await closeWarehouse(); // the file is replaced by rename; a reader in this process must reopen it
    const r = generateDemoWarehouse({
      path: warehouse.path,
      size: opts.size,
      seed: opts.seed,
      eventsUntil: eventsUntil(),
      onProgress: opts.onProgress,
    });
    lines.push(`warehouse: ${r.people} people, ${r.bookings} bookings, ${r.legs} legs in ${(r.ms / 1000).toFixed(1)} s → ${warehouse.path}`);
  }

  // On a fresh database the governance history (below) comes first, dated weeks back: the catalog, the retention
  // defaults and the users it needs are dated at its start, so the ledger's seq order stays its time order.
  const until = now();
  const fresh = (await getDb().user.count()) === 0;
  if (fresh) pinClock(new Date(historyStart({ seed: opts.seed, until }).getTime() - 3_600_000));
  const catalog = await seedCatalog(DEMO_CATALOG);
  lines.push(`catalog: ${catalog.datasets} datasets, ${catalog.columns} classified columns`);
  const retention = await seedRetentionDefaults(systemRequestMeta());
  lines.push(`retention: ${retention.length > 0 ? `default policies set for ${retention.join(", ")}` : "policies already set"}`);

  const ids = new Map<string, string>();
  for (const u of DEMO_USERS) {
    const { user, created } = await ensureUser({ email: u.email, name: u.name, role: u.role, password: env().demoPassword });
    ids.set(u.email, user.id);
    lines.push(`user: ${u.email} (${u.role}) ${created ? "created" : "already present"}`);
  }

  if (fresh) {
    const started = Date.now();
    const h = await seedGovernanceHistory(ids, { seed: opts.seed, until }); // releases the clock
    lines.push(
      `governance history: ${h.requests} access requests (${h.denied} denied, ${h.slow} answered after 24 h), ${h.expired} grants expired, ` +
        `${h.campaigns} reviews, ${h.exports} exports approved, ${h.reads} person views, ` +
        `${h.purges} purge runs (${h.purged} rows) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }

  const issuer = ids.get("privacy@warden.test")!;
  for (const u of DEMO_USERS) {
    const userId = ids.get(u.email)!;
    const held = new Set((await listActiveGrants(userId)).map((g) => g.scope));
    for (const scope of u.grants.filter((s) => !held.has(s))) {
      await grantDirectly(
        { actor: { id: issuer, role: "privacy_admin" }, meta: systemRequestMeta() },
        { userId, scope, reason: "Demo: support investigations", durationMinutes: GRANT_DAYS[scope] * 1440 },
      );
      lines.push(`grant: ${scope} to ${u.email} for ${GRANT_DAYS[scope]} days`);
    }
  }
  lines.push(...(await seedWorkflow(ids, systemRequestMeta)));

  // 90 days of SLA history, then one evaluation: governance SLIs backfilled, alerts for what is breached now.
  const history = await generateSlaHistory({ seed: opts.seed });
  lines.push(
    `sla history: ${history.inserted} observations${history.duplicates ? ` (${history.duplicates} already there)` : ""} in ${(history.ms / 1000).toFixed(1)} s`,
  );
  const evaluation = await evaluateSlas(now());
  const governance = Object.values(evaluation.observations).reduce((s, o) => s + o.inserted, 0);
  lines.push(`sla evaluation: ${governance} governance observations, ${evaluation.alerts.opened.length} alert(s) opened`);
  return lines;
}

/** The PostgreSQL warehouse step: rebuilt only when its size or seed changed, like the file. */
async function seedPgWarehouse(url: string, opts: SeedDemoOptions): Promise<string> {
  const where = redactUrl(url);
  if (await pgDemoWarehouseMatches(url, opts)) return `warehouse: kept ${where} (size ${opts.size}, seed ${opts.seed})`;
  await closeWarehouse(); // its pool would keep reading the dropped schema's tables
  const r = await generateDemoWarehousePg({ url, size: opts.size, seed: opts.seed, eventsUntil: eventsUntil(), onProgress: opts.onProgress });
  return `warehouse: ${r.people} people, ${r.bookings} bookings, ${r.legs} legs in ${(r.ms / 1000).toFixed(1)} s → ${where}`;
}

/** The raw events end at the seed's run time (to the hour): a 90-day policy then has half of them due, and more each night. */
function eventsUntil(): Date {
  const at = now();
  at.setUTCMinutes(0, 0, 0);
  return at;
}

/** The URL without its password, for the summary. */
function redactUrl(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = "***";
  return u.toString();
}

function warehouseMatches(file: string, opts: SeedDemoOptions): boolean {
  if (!existsSync(file)) return false;
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const meta = new Map((db.prepare("SELECT key, value FROM meta").all() as Array<{ key: string; value: string }>).map((r) => [r.key, r.value]));
      return (
        meta.get("size") === String(opts.size) &&
        meta.get("seed") === String(opts.seed) &&
        meta.get("schema_version") === String(WAREHOUSE_SCHEMA_VERSION)
      );
    } finally {
      db.close();
    }
  } catch {
    return false; // unreadable or foreign file: rebuild it
  }
}
