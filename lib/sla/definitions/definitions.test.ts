import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/core/actor";
import { toErrorResponse } from "@/lib/core/errors";
import { getDb } from "@/lib/db/client";
import { insertObservations } from "@/lib/sla/ingest/insert-observations";
import { createTestUser, ledgerHeadSeq, testMeta } from "@/lib/test/fixtures";
import { currentSlaDefinitions, slaDefinitionVersions } from "./read-definitions";
import { updateSlaDefinition, type TSlaDefinitionEdit } from "./update-definition";

let admin: Actor;
let analyst: Actor;
let auditor: Actor;

beforeAll(async () => {
  admin = await createTestUser("privacy_admin");
  analyst = await createTestUser("analyst");
  auditor = await createTestUser("auditor");
});

const as = (actor: Actor) => ({ actor, meta: testMeta() });
const entriesAfter = (seq: number) => getDb().ledgerEntry.findMany({ where: { seq: { gt: seq } }, orderBy: { seq: "asc" } });

/** A definition of its own per test (test files share one database; the seed's fifteen stay as they are). */
async function freshDefinition(kind: "freshness" | "pipeline_run" = "freshness"): Promise<string> {
  const key = `test.sla_${randomUUID().slice(0, 8)}`;
  await getDb().slaDefinition.create({
    data: {
      id: `sla_${randomUUID().replaceAll("-", "").slice(0, 20)}`,
      key,
      version: 1,
      current: true,
      name: "Test freshness",
      description: "A definition made by the definitions test",
      sliKind: kind,
      budgeting: kind === "freshness" ? "timeslices" : "occurrences",
      target: 0.99,
      threshold: kind === "freshness" ? 900 : null,
      warnThreshold: kind === "freshness" ? 600 : null,
      unit: kind === "freshness" ? "seconds" : "ratio",
      windowDays: 30,
      timeZone: "UTC",
      ownerTeam: "data-platform",
      source: "ingest",
      changeReason: "test fixture",
      createdAt: new Date("2026-11-01T00:00:00Z"),
    },
  });
  return key;
}

async function editOf(key: string, changes: Partial<TSlaDefinitionEdit> = {}): Promise<TSlaDefinitionEdit> {
  const [d] = await slaDefinitionVersions(key);
  return {
    name: d.name,
    description: d.description,
    budgeting: d.budgeting,
    target: d.target,
    threshold: d.threshold,
    warnThreshold: d.warnThreshold,
    windowDays: d.windowDays,
    timeZone: d.timeZone,
    ownerTeam: d.ownerTeam,
    changeReason: "Tighten after the incident review",
    ...changes,
  };
}

async function refused(run: () => Promise<unknown>) {
  const err = await run().then(
    () => new Error("expected a refusal, but the call succeeded"),
    (e: unknown) => e,
  );
  return toErrorResponse(err);
}

describe("SLA definitions", () => {
  it("reads the seed's current versions and maps them (key@version, kind, unit, zone)", async () => {
    const defs = await currentSlaDefinitions();
    const close = defs.find((d) => d.key === "finance.gold_close");
    expect(close).toMatchObject({
      sliKind: "daily_close",
      budgeting: "daily",
      unit: "local_time",
      threshold: 360,
      timeZone: "America/New_York",
      current: true,
    });
    expect(close!.ref).toBe(`finance.gold_close@${close!.version}`);
    expect(defs.filter((d) => d.current).length).toBe(defs.length);
    expect(new Set(defs.map((d) => d.key)).size).toBe(defs.length);
    expect(await slaDefinitionVersions("no.such_key")).toEqual([]);
  });

  it("an edit makes version N+1 current, keeps N unchanged, ledgers old and new values, and rebuilds the new version's rollups", async () => {
    const key = await freshDefinition();
    const hour = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - 2 * 3_600_000);
    await insertObservations(
      [1, 2, 3].map((i) => ({
        slaKey: key,
        itemId: `o${i}`,
        kind: "freshness" as const,
        subject: "t",
        observedAt: new Date(hour.getTime() + i * 60_000),
        windowStart: null,
        value: i * 100,
        good: 0,
        total: 1,
        detail: null,
      })),
      { source: "test" },
    );
    const [v1] = await slaDefinitionVersions(key);
    const before = await ledgerHeadSeq();
    const v2 = await updateSlaDefinition(
      as(admin),
      key,
      await editOf(key, { threshold: 600, warnThreshold: 300, timeZone: "Europe/Berlin", baseVersion: 1 }),
    );
    expect(v2).toMatchObject({
      key,
      version: 2,
      ref: `${key}@2`,
      current: true,
      threshold: 600,
      warnThreshold: 300,
      timeZone: "Europe/Berlin",
      createdById: admin.id,
    });
    expect(v2.sliKind).toBe("freshness");
    expect(v2.unit).toBe("seconds");
    const versions = await slaDefinitionVersions(key);
    expect(versions.map((v) => [v.version, v.current])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect({ ...versions[1], current: true }).toEqual(v1);
    expect((await currentSlaDefinitions()).filter((d) => d.key === key).map((d) => d.version)).toEqual([2]);

    const entries = await entriesAfter(before);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: "sla.definition_changed",
      actorId: admin.id,
      resource: `sla:${key}`,
      recordId: v2.id,
      purpose: "Tighten after the incident review",
    });
    expect(JSON.parse(entries[0].payload!)).toEqual({
      key,
      from_version: 1,
      to_version: 2,
      changed: ["threshold", "warn_threshold", "time_zone"],
      old: { threshold: 900, warn_threshold: 600, time_zone: "UTC" },
      new: { threshold: 600, warn_threshold: 300, time_zone: "Europe/Berlin" },
    });
    const rollups = await getDb().slaRollup.findMany({ where: { slaKey: key, bucketStart: hour } });
    expect(rollups.map((r) => [r.version, r.observations]).sort()).toEqual([
      [1, 3],
      [2, 3],
    ]);
  });

  it("refuses analysts and auditors (403), recording each refusal, and makes no version", async () => {
    const key = await freshDefinition();
    for (const who of [analyst, auditor]) {
      const before = await ledgerHeadSeq();
      const { status, body } = await refused(async () => updateSlaDefinition(as(who), key, await editOf(key, { target: 0.95 })));
      expect(status).toBe(403);
      expect(body.error.message).toMatch(/sla\.manage/);
      const entries = await entriesAfter(before);
      expect(entries.map((e) => [e.action, e.decision, e.actorId, e.resource])).toEqual([
        ["governance.action_refused", "deny", who.id, `sla:${key}`],
      ]);
    }
    expect((await slaDefinitionVersions(key)).map((v) => v.version)).toEqual([1]);
  });

  it("refuses an edit that changes nothing, and values that do not fit the kind or unit, with the field", async () => {
    const key = await freshDefinition();
    const runs = await freshDefinition("pipeline_run");
    const cases: Array<[string, Partial<TSlaDefinitionEdit>, string, RegExp]> = [
      [key, {}, "", /Nothing changed/],
      [key, { budgeting: "invariant" }, "budgeting", /timeslices or occurrences or daily/],
      [key, { target: 1.2 }, "target", /at most 1/],
      [key, { target: 0 }, "target", /above 0/],
      [key, { timeZone: "Mars/Olympus" }, "timeZone", /IANA/],
      [key, { threshold: null }, "threshold", /Give the threshold in seconds/],
      [key, { warnThreshold: 900 }, "warnThreshold", /below the threshold/],
      [key, { threshold: -5 }, "threshold", /from 0/],
      [key, { windowDays: 0 }, "windowDays", /at least 1 day/],
      [key, { changeReason: "" }, "changeReason", /reason/],
      [key, { ownerId: "usr_nobody0000" }, "ownerId", /active console user/],
      [key, { sliKind: "dq_check" } as Partial<TSlaDefinitionEdit>, "", /sliKind/],
      [runs, { threshold: 5 }, "threshold", /no threshold/],
      [runs, { budgeting: "timeslices" }, "budgeting", /occurrences or daily/],
    ];
    for (const [k, change, field, message] of cases) {
      const before = await ledgerHeadSeq();
      const { status, body } = await refused(async () => updateSlaDefinition(as(admin), k, await editOf(k, change)));
      expect(status, JSON.stringify(change)).toBe(422);
      expect(body.error.message, JSON.stringify(change)).toMatch(message);
      if (field) expect(body.error.field).toBe(field);
      expect((await entriesAfter(before)).map((e) => e.action)).toEqual(["governance.action_refused"]);
    }
    expect((await slaDefinitionVersions(key)).map((v) => v.version)).toEqual([1]);
    expect((await refused(async () => updateSlaDefinition(as(admin), "no.such_sla", await editOf(key, { target: 0.9 })))).status).toBe(404);
  });

  it("refuses an edit based on an old version (409), and two simultaneous edits never make two version N+1", async () => {
    const key = await freshDefinition();
    await updateSlaDefinition(as(admin), key, await editOf(key, { target: 0.98 }));
    const stale = await refused(async () => updateSlaDefinition(as(admin), key, await editOf(key, { target: 0.97, baseVersion: 1 })));
    expect(stale.status).toBe(409);

    const [a, b] = [await editOf(key, { target: 0.95, baseVersion: 2 }), await editOf(key, { target: 0.96, baseVersion: 2 })];
    const both = await Promise.allSettled([updateSlaDefinition(as(admin), key, a), updateSlaDefinition(as(admin), key, b)]);
    expect(both.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const lost = both.find((r) => r.status === "rejected")!;
    expect(toErrorResponse(lost.reason).status).toBe(409);

    // Without a base version, each edit either lands on its own version or is told to retry (409): never a fork.
    const free = await Promise.allSettled(
      [0.9, 0.91, 0.92].map(async (target) => updateSlaDefinition(as(admin), key, await editOf(key, { target }))),
    );
    for (const r of free) if (r.status === "rejected") expect(toErrorResponse(r.reason).status).toBe(409);
    const versions = await slaDefinitionVersions(key);
    expect(new Set(versions.map((v) => v.version)).size).toBe(versions.length);
    expect(versions.map((v) => v.version)).toEqual(Array.from({ length: versions.length }, (_, i) => versions.length - i));
    expect(versions.filter((v) => v.current).map((v) => v.version)).toEqual([versions.length]);
    expect(versions.length).toBe(3 + free.filter((r) => r.status === "fulfilled").length);
  });
});
