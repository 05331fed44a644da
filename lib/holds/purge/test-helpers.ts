// Test support for the purge engine: a clean purge state, policies and active holds inserted directly (as the holds and
// retention slices would write them), and a writer on a test warehouse of either dialect.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { now } from "@/lib/core/clock";
import { newId } from "@/lib/core/ids";
import { getDb } from "@/lib/db/client";
import { createTestUser } from "@/lib/test/fixtures";
import { openPgPurgeWriter, openSqlitePurgeWriter, type PurgeWriter } from "@/lib/warehouse/purge-writer";
import { generateDemoWarehouse } from "@/lib/warehouse/generate-demo-warehouse";
import type { TestWarehouse } from "@/lib/warehouse/test-warehouses";
import { fenceHoldActivation } from "../purge-lease";
import type { HoldTarget } from "../types";
import { PURGE_RUN_KIND } from "./kinds";

export async function resetPurgeState(): Promise<void> {
  const db = getDb();
  await db.purgeTombstone.deleteMany({});
  await db.purgeBatch.deleteMany({});
  await db.purgeRun.deleteMany({});
  await db.legalHoldTarget.deleteMany({});
  await db.legalHold.deleteMany({});
  await db.matterCustodian.deleteMany({});
  await db.matter.deleteMany({});
  await db.retentionPolicy.deleteMany({});
  await db.job.deleteMany({ where: { kind: PURGE_RUN_KIND } });
  await db.purgeLease.updateMany({ data: { runId: null, batchSeq: null, leaseUntil: null } });
}

export async function insertPolicy(
  datasetRef: string,
  days: number,
  dateColumn: string,
  stateOverrides: Record<string, number> = {},
): Promise<string> {
  const [key, version] = datasetRef.split("@");
  const id = `ret_${newId("pol").slice(4)}`;
  await getDb().retentionPolicy.create({
    data: {
      id,
      datasetKey: key,
      datasetVersion: Number(version),
      version: 1,
      days,
      dateColumn,
      legalBasis: "test basis",
      stateOverrides: JSON.stringify(stateOverrides),
      current: true,
      createdAt: now(),
    },
  });
  return id;
}

let owner: { id: string } | null = null;

/** A matter with one hold on `targets`, activated through the purge fence as the holds slice does. */
export async function insertActiveHold(targets: HoldTarget[], name = "test hold"): Promise<string> {
  owner ??= await createTestUser("privacy_admin", "holds-owner");
  const at = now();
  const matterId = `mat_${newId("pol").slice(4)}`;
  const holdId = `hold_${newId("pol").slice(4)}`;
  await getDb().$transaction(async (tx) => {
    await fenceHoldActivation(tx);
    await tx.matter.create({
      data: {
        id: matterId,
        name: `${name} matter`,
        legalReference: "TEST-1",
        description: "",
        ownerId: owner!.id,
        status: "open",
        createdById: owner!.id,
        createdAt: at,
        updatedAt: at,
      },
    });
    await tx.legalHold.create({
      data: {
        id: holdId,
        matterId,
        name,
        status: "active",
        version: 2,
        createdById: owner!.id,
        createdAt: at,
        updatedAt: at,
        activatedById: owner!.id,
        activatedAt: at,
      },
    });
    for (const t of targets) {
      await tx.legalHoldTarget.create({
        data: {
          id: `hlt_${newId("pol").slice(4)}`,
          holdId,
          kind: t.kind,
          value: t.value,
          fromDay: t.kind === "date_range" ? t.fromDay : null,
          toDay: t.kind === "date_range" ? t.toDay : null,
          createdAt: at,
        },
      });
    }
  });
  return holdId;
}

export async function releaseHold(holdId: string): Promise<void> {
  await getDb().legalHold.update({ where: { id: holdId }, data: { status: "released", version: { increment: 1 }, releasedAt: now() } });
}

export function testWriter(tw: TestWarehouse): PurgeWriter {
  return tw.dialect === "postgresql" ? openPgPurgeWriter(tw.url!) : openSqlitePurgeWriter(tw.sqliteFile);
}

/** A generated SQLite warehouse in a temporary directory of its own, for tests that run the purge in another process. */
export function tempWarehouse(name: string, opts: { size: number; seed: number }): { dir: string; file: string; dispose(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), `warden-${name}-`));
  const file = path.join(dir, "warehouse.db");
  generateDemoWarehouse({ path: file, ...opts });
  return { dir, file, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
