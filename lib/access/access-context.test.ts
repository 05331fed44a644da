// No stale decision (decision 022): the gateway caches the catalog policy under the access version, reads grants on
// every call, and a change committed on another connection (another process, another instance) takes effect on the
// very next read.
import Database from "better-sqlite3";
import pg from "pg";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { bumpAccessVersion, readAccessVersion } from "@/lib/catalog/access-version";
import { DEMO_CATALOG } from "@/lib/catalog/demo-catalog";
import { getDatasetPolicy } from "@/lib/catalog/get-dataset-policy";
import { seedCatalog } from "@/lib/catalog/seed-catalog";
import { pinClock } from "@/lib/core/clock";
import { toErrorResponse } from "@/lib/core/errors";
import { dbTarget, getDb } from "@/lib/db/client";
import { getPerson } from "@/lib/people/get-person";
import { PEOPLE_DATASET } from "@/lib/people/people-dataset";
import { effectiveScopes } from "@/lib/scopes/effective-scopes";
import { revokeGrant } from "@/lib/scopes/revoke-grant";
import { createTestUser, grantScopes, ledgerHeadSeq, testMeta } from "@/lib/test/fixtures";
import { getWarehouse } from "@/lib/warehouse/get-warehouse";
import type { Actor } from "@/lib/core/actor";
import { accessContext } from "./access-context";

const purpose = "Support ticket SUP-2207";
let personId: string;

beforeAll(async () => {
  const [row] = await getWarehouse().searchPeople("ma", { limit: 1, columns: ["person_id"] });
  personId = String(row.person_id);
});

afterEach(() => pinClock(null));

/** SQL on a connection of its own, as another process or instance would run it; `statements` run in one transaction. */
async function onAnotherConnection(statements: string[]): Promise<void> {
  const t = dbTarget();
  if (t.dialect === "sqlite") {
    const db = new Database(t.path, { timeout: 10_000 });
    try {
      db.transaction(() => statements.forEach((s) => db.exec(s))).immediate();
    } finally {
      db.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: t.url });
  await client.connect();
  try {
    await client.query("BEGIN");
    for (const s of statements) await client.query(s);
    await client.query("COMMIT");
  } finally {
    await client.end();
  }
}

const BUMP = "UPDATE access_version SET version = version + 1 WHERE id = 1";
const setTier = (column: string, tier: string) =>
  `UPDATE dataset_columns SET tier = '${tier}' WHERE name = '${column}' AND dataset_id = (SELECT id FROM datasets WHERE key = 'marketplace.people' AND version = 1)`;
const view = async (actor: Actor) => (await getPerson(actor, { personId, purpose }, testMeta())).rows[0].cells;

describe("gateway access context", () => {
  it("agrees with getDatasetPolicy and effectiveScopes, and reads the version it decided at", async () => {
    const analyst = await createTestUser("analyst");
    await grantScopes(analyst.id, ["pii_basic"]);
    await grantScopes(analyst.id, ["pii_tax"], { datasets: ["marketplace.bookings@1"] });
    const ctx = await accessContext(analyst.id, PEOPLE_DATASET);
    expect(ctx.policy).toEqual(await getDatasetPolicy(PEOPLE_DATASET.key, PEOPLE_DATASET.version));
    expect(ctx.scopes).toEqual(await effectiveScopes(analyst.id, "marketplace.people@1"));
    expect([...ctx.scopes]).toEqual(["pii_basic"]);
    expect(ctx.accessVersion).toBe(await readAccessVersion());
  });

  it("bumps the access version with every grant activated or ended, in the same transaction", async () => {
    const admin = await createTestUser("privacy_admin");
    const analyst = await createTestUser("analyst");
    const v0 = await readAccessVersion();
    const [grantId] = await grantScopes(analyst.id, ["pii_basic"]);
    const v1 = await readAccessVersion();
    expect(v1).toBeGreaterThan(v0);
    await revokeGrant({ actor: admin, meta: testMeta() }, { grantId, reason: "No longer needed for the ticket" });
    expect(await readAccessVersion()).toBeGreaterThan(v1);
  });

  it("stops honouring a revoked grant on the very next read, whichever connection revoked it", async () => {
    const admin = await createTestUser("privacy_admin");
    const analyst = await createTestUser("analyst");
    const [basic, sensitive] = await grantScopes(analyst.id, ["pii_basic", "pii_sensitive"]);
    expect((await view(analyst)).phone.state).toBe("clear");
    await revokeGrant({ actor: admin, meta: testMeta() }, { grantId: sensitive, reason: "Investigation closed early" });
    expect((await view(analyst)).phone.state).not.toBe("clear");
    expect((await view(analyst)).full_name.state).toBe("clear");
    // Ended by another process writing the row directly: grants are never cached, so this one counts for nothing at once.
    await onAnotherConnection([`UPDATE grants SET status = 'revoked' WHERE id = '${basic}'`, BUMP]);
    expect((await view(analyst)).full_name.state).not.toBe("clear");
  });

  it("stops honouring a grant the moment its window ends, with the context cached and no expiry job run", async () => {
    const analyst = await createTestUser("analyst");
    await grantScopes(analyst.id, ["pii_basic"], { durationMinutes: 60 });
    const grant = await getDb().grant.findFirstOrThrow({ where: { userId: analyst.id } });
    pinClock(new Date(grant.expiresAt.getTime() - 1));
    expect((await view(analyst)).full_name.state).toBe("clear");
    pinClock(grant.expiresAt);
    expect((await view(analyst)).full_name.state).not.toBe("clear");
  });

  it("applies a column reclassified on another connection on the very next read", async () => {
    const analyst = await createTestUser("analyst");
    await grantScopes(analyst.id, ["pii_basic"]);
    expect((await view(analyst)).full_name.state).toBe("clear"); // the policy is now cached in this process
    try {
      await onAnotherConnection([setTier("full_name", "pii_tax"), BUMP]);
      const after = await getPerson(analyst, { personId, purpose }, testMeta());
      expect(after.rows[0].cells.full_name.state).not.toBe("clear");
      expect(after.columns.find((c) => c.name === "full_name")?.tier).toBe("pii_tax");
    } finally {
      await onAnotherConnection([setTier("full_name", "pii_basic"), BUMP]);
    }
    expect((await view(analyst)).full_name.state).toBe("clear");
  });

  it("caches the policy: a catalog write that does not bump the version is not seen, which is why every catalog write must", async () => {
    const analyst = await createTestUser("analyst");
    await grantScopes(analyst.id, ["pii_basic"]);
    expect((await view(analyst)).full_name.state).toBe("clear");
    try {
      // No bump, and no grant change in between: the cached decision stands (this is the contract bumpAccessVersion keeps).
      await onAnotherConnection([setTier("full_name", "pii_tax")]);
      expect((await view(analyst)).full_name.state).toBe("clear");
      await onAnotherConnection([BUMP]);
      expect((await view(analyst)).full_name.state).not.toBe("clear");
    } finally {
      await onAnotherConnection([setTier("full_name", "pii_basic"), BUMP]);
    }
  });

  it("applies a re-seeded catalog on the very next read (seedCatalog bumps the version)", async () => {
    const analyst = await createTestUser("analyst");
    await grantScopes(analyst.id, ["pii_basic"]);
    expect((await view(analyst)).city.state).toBe("clear");
    const reclassified = DEMO_CATALOG.map((d) =>
      d.key === PEOPLE_DATASET.key ? { ...d, columns: d.columns.map((c) => (c.name === "city" ? { ...c, tier: "pii_sensitive" as const } : c)) } : d,
    );
    try {
      await seedCatalog(reclassified);
      expect((await view(analyst)).city.state).not.toBe("clear");
    } finally {
      await seedCatalog(DEMO_CATALOG);
    }
    expect((await view(analyst)).city.state).toBe("clear");
  });

  it("fails closed, serving nothing, when the access version is missing", async () => {
    const analyst = await createTestUser("analyst");
    await grantScopes(analyst.id, ["pii_basic"]);
    await view(analyst);
    const before = await ledgerHeadSeq();
    const version = await readAccessVersion();
    await onAnotherConnection(["DELETE FROM access_version"]);
    try {
      const err = await getPerson(analyst, { personId, purpose }, testMeta()).then(
        () => new Error("expected a refusal"),
        (e: unknown) => e,
      );
      expect(toErrorResponse(err)).toMatchObject({ status: 503, body: { error: { code: "unavailable" } } });
    } finally {
      await onAnotherConnection([`INSERT INTO access_version (id, version) VALUES (1, ${version + 1})`]);
    }
    expect(await ledgerHeadSeq()).toBe(before);
    expect((await view(analyst)).full_name.state).toBe("clear");
  });

  it("bumpAccessVersion rolls back with its transaction", async () => {
    const v = await readAccessVersion();
    await getDb()
      .$transaction(async (tx) => {
        await bumpAccessVersion(tx);
        throw new Error("the change failed");
      })
      .catch(() => undefined);
    expect(await readAccessVersion()).toBe(v);
  });
});
