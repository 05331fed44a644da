// The export request flow called directly (not through the UI), on either dialect: the preview's verdicts (the
// gateway's, plus the file rule above pii_basic), submission and its refusals (nothing created), approve / deny
// (law 3, on the locked row), cancel, and who may open a download link.
import { mkdir, writeFile } from "node:fs/promises";
import { afterEach, describe, expect, it } from "vitest";
import { accessContext } from "@/lib/access/access-context";
import { decideColumns } from "@/lib/access/decide";
import type { Actor } from "@/lib/core/actor";
import { now, pinClock } from "@/lib/core/clock";
import { env } from "@/lib/core/env";
import { AppError } from "@/lib/core/errors";
import { getDb } from "@/lib/db/client";
import { createTestUser, grantScopes, testMeta } from "@/lib/test/fixtures";
import { getWarehouse } from "@/lib/warehouse/get-warehouse";
import { cancelExport } from "./cancel-export";
import { createExport, type TCreateExport } from "./create-export";
import { approveExport, denyExport } from "./decide-export";
import { authorizeDownload } from "./download-export";
import { downloadLink } from "./download-link";
import { exportDir, exportFilePath, exportZipName } from "./files";
import { planExport } from "./plan-export";

const as = (actor: Actor) => ({ actor, meta: testMeta() });
const PEOPLE = "marketplace.people@1";

afterEach(() => pinClock(null));

function request(over: Partial<TCreateExport> = {}): TCreateExport {
  return { dataset: PEOPLE, columns: ["person_id", "role", "full_name", "tin"], format: "csv", purpose: "Quarterly supplier review", ...over };
}

/** Everything a refused submission must leave untouched, for this user. */
async function footprint(userId: string) {
  const db = getDb();
  return {
    exports: await db.export.count({ where: { requesterId: userId } }),
    jobs: await db.job.count({ where: { kind: "exports.build" } }),
    notifications: await db.notification.count({ where: { kind: "exports.approval_needed" } }),
    entries: await db.ledgerEntry.count({ where: { actorId: userId, action: { startsWith: "exports." } } }),
  };
}

async function expectRefused(p: Promise<unknown>, status: number, field?: string | RegExp): Promise<AppError | null> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, "the call must be refused").not.toBeNull();
  const { toErrorResponse } = await import("@/lib/core/errors");
  const r = toErrorResponse(err);
  expect(r.status).toBe(status);
  if (field instanceof RegExp) expect(r.body.error.field ?? "").toMatch(field);
  else if (field) expect(r.body.error.field).toBe(field);
  return err instanceof AppError ? err : null;
}

async function entries(exportId: string) {
  return getDb().ledgerEntry.findMany({
    where: { recordId: exportId, resource: `export:${exportId}`, action: { startsWith: "exports." } },
    orderBy: { seq: "asc" },
  });
}

describe("planExport", () => {
  it("uses the gateway's verdicts, masks anything above pii_basic unless asked in clear, and says why approval is needed", async () => {
    const analyst = await createTestUser("analyst");
    await grantScopes(analyst.id, ["pii_basic", "pii_sensitive"]);
    const columns = ["person_id", "full_name", "phone", "tin", "payout_1099_cents"];
    const plan = await planExport(analyst, { dataset: PEOPLE, columns, format: "csv" });
    const { policy, scopes } = await accessContext(analyst.id, { key: "marketplace.people", version: 1 });
    const gateway = new Map(decideColumns(policy.columns, scopes).map((v) => [v.column.name, v.decision]));
    expect(gateway.get("phone")).toBe("clear");
    expect(plan.columns.map((c) => [c.name, c.treatment, c.treatment === "masked" ? c.rule : null])).toEqual([
      ["person_id", "clear", null],
      ["full_name", "clear", null],
      // Cleared by the grant in the console, but a file above pii_basic leaves masked unless approved.
      ["phone", "masked", "show_last_4"],
      ["tin", "masked", "show_last_4"],
      ["payout_1099_cents", "masked", "round"],
    ]);
    // Where the gateway masks or withholds, the plan agrees.
    for (const c of plan.columns) if (gateway.get(c.name) !== "clear") expect(c.treatment).toBe(gateway.get(c.name));
    expect(plan.approvalRequired).toBe(false);
    expect(plan.capTier).toBe("pii_tax");
    expect(plan.rowCap).toBe(env().exportRowCaps.pii_tax);
    const people = await getWarehouse().countRows(PEOPLE, {}, { cap: 10_000_000 });
    expect(people.count).toBeGreaterThan(0);
    expect([plan.rowEstimate, plan.overCap]).toEqual([people.count, false]);

    const asked = await planExport(analyst, { dataset: PEOPLE, columns, unmask: ["phone", "tin"], format: "xlsx" });
    expect(asked.columns.find((c) => c.name === "phone")?.treatment).toBe("clear");
    expect(asked.columns.find((c) => c.name === "tin")?.treatment).toBe("clear");
    expect(asked.approvalRequired).toBe(true);
    expect(asked.approvalReasons).toEqual([
      "Phone (pii_sensitive) would leave unmasked above pii_basic",
      "TIN (pii_tax) asked in clear; your grants would mask it",
    ]);
  });

  it("counts rows with the filters and excludes withheld columns from the cap's tier", async () => {
    const analyst = await createTestUser("analyst");
    const all = await planExport(analyst, { dataset: PEOPLE, columns: ["person_id", "background_check_status"], format: "csv" });
    expect(all.columns.find((c) => c.name === "background_check_status")?.treatment).toBe("withheld");
    expect(all.capTier).toBe("none");
    const some = await planExport(analyst, { dataset: PEOPLE, columns: ["person_id"], format: "csv", filters: { role: "buyer" } });
    expect(some.rowEstimate).toBeLessThan(all.rowEstimate);
  });
});

describe("createExport", () => {
  it("a fully masked export within the cap is approved and queued at once, in one unit of work with its ledger entry", async () => {
    const analyst = await createTestUser("analyst");
    const created = await createExport(as(analyst), request());
    expect(created.status).toBe("approved");
    const row = await getDb().export.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.status).toBe("approved");
    expect(JSON.parse(row.columns).find((c: { name: string }) => c.name === "tin").treatment).toBe("masked");
    const job = await getDb().job.findFirst({ where: { kind: "exports.build", payload: JSON.stringify({ exportId: created.id }) } });
    expect(job?.status).toBe("queued");
    const e = await entries(created.id);
    expect(e.map((x) => x.action)).toEqual(["exports.requested"]);
    expect(e[0].privacyTier).toBe("pii_tax");
    expect(e[0].purpose).toBe("Quarterly supplier review");
  });

  it("an export with a column asked in clear waits for approval and tells the privacy admins", async () => {
    const analyst = await createTestUser("analyst");
    const admin = await createTestUser("privacy_admin", "exp-admin");
    const created = await createExport(as(analyst), request({ columns: ["person_id", "phone"], unmask: ["phone"] }));
    expect(created.status).toBe("pending_approval");
    expect(await getDb().job.count({ where: { payload: JSON.stringify({ exportId: created.id }) } })).toBe(0);
    const note = await getDb().notification.findFirst({
      where: { userId: admin.id, kind: "exports.approval_needed", title: { contains: created.id } },
    });
    expect(note?.href).toBe("/exports/approvals");
    expect(await getDb().notification.count({ where: { userId: analyst.id, kind: "exports.approval_needed" } })).toBe(0);
  });

  it.each([
    ["an unknown dataset", { dataset: "marketplace.nope@1" }, 422, "dataset"],
    ["a dataset not written as key@version", { dataset: "people" }, 422, "dataset"],
    ["an unknown column", { columns: ["person_id", "shoe_size"] }, 422, "columns"],
    ["no column", { columns: [] }, 422, "columns"],
    ["an empty purpose", { purpose: "  " }, 422, "purpose"],
    ["a purpose carrying PII", { purpose: "Call the supplier at 415-555-0199" }, 422, "purpose"],
    ["a filter of the wrong type", { filters: { from: "last tuesday" } as never }, 422, /^filters/],
    ["a filter the dataset lacks", { dataset: "marketplace.bookings@1", columns: ["lbg_id"], filters: { state: "CA" } }, 422, "filters.state"],
    ["an unknown filter", { filters: { shoe: "9" } as never }, 422, /^filters/],
    ["an unknown format", { format: "pdf" as never }, 422, "format"],
  ])("refuses %s and creates nothing", async (_label, over, status, field) => {
    const analyst = await createTestUser("analyst");
    const before = await footprint(analyst.id);
    await expectRefused(createExport(as(analyst), request(over as Partial<TCreateExport>)), status, field);
    expect(await footprint(analyst.id)).toEqual(before);
  });

  it("refuses an export over its tier's row cap and creates nothing", async () => {
    const analyst = await createTestUser("analyst");
    const caps = env().exportRowCaps;
    const saved = caps.pii_tax;
    caps.pii_tax = 3;
    try {
      const before = await footprint(analyst.id);
      const err = await expectRefused(createExport(as(analyst), request()), 422, "filters");
      expect(err?.message).toMatch(/More than 3 rows match: the cap for a pii_tax export/);
      expect(await footprint(analyst.id)).toEqual(before);
    } finally {
      caps.pii_tax = saved;
    }
  });

  it("refuses an auditor (no export.request), records the refusal, and creates no export", async () => {
    const auditor = await createTestUser("auditor");
    await expectRefused(createExport(as(auditor), request()), 403);
    expect(await getDb().export.count({ where: { requesterId: auditor.id } })).toBe(0);
    const refused = await getDb().ledgerEntry.findFirst({ where: { actorId: auditor.id, action: "governance.action_refused" } });
    expect(refused?.decision).toBe("deny");
  });
});

describe("approve, deny and cancel", () => {
  async function pending() {
    const analyst = await createTestUser("analyst");
    const created = await createExport(as(analyst), request({ columns: ["person_id", "phone"], unmask: ["phone"] }));
    return { analyst, id: created.id };
  }

  it("a privacy admin approves: approved, the build queued, the requester told, exports.approved committed with it", async () => {
    const { analyst, id } = await pending();
    const admin = await createTestUser("privacy_admin", "approver");
    await approveExport(as(admin), { exportId: id, comment: "" });
    const row = await getDb().export.findUniqueOrThrow({ where: { id } });
    expect([row.status, row.decidedById]).toEqual(["approved", admin.id]);
    expect(await getDb().job.count({ where: { kind: "exports.build", payload: JSON.stringify({ exportId: id }) } })).toBe(1);
    expect(await getDb().notification.count({ where: { userId: analyst.id, kind: "exports.approved" } })).toBe(1);
    expect((await entries(id)).map((e) => [e.action, e.actorId])).toEqual([
      ["exports.requested", analyst.id],
      ["exports.approved", admin.id],
    ]);
  });

  it("law 3: a privacy admin cannot approve their own export; the refusal is recorded and nothing changes", async () => {
    const admin = await createTestUser("privacy_admin", "self");
    const created = await createExport(as(admin), request({ columns: ["person_id", "phone"], unmask: ["phone"] }));
    expect(created.status).toBe("pending_approval");
    const err = await expectRefused(approveExport(as(admin), { exportId: created.id, comment: "fine" }), 403, "exportId");
    expect(err?.message).toMatch(/cannot approve your own export/);
    expect((await getDb().export.findUniqueOrThrow({ where: { id: created.id } })).status).toBe("pending_approval");
    expect(await getDb().job.count({ where: { payload: JSON.stringify({ exportId: created.id }) } })).toBe(0);
    expect((await entries(created.id)).map((e) => e.action)).toEqual(["exports.requested"]);
    const refused = await getDb().ledgerEntry.findFirst({
      where: { actorId: admin.id, action: "governance.action_refused", resource: `export:${created.id}` },
    });
    expect(refused?.decision).toBe("deny");
  });

  it("refuses analysts and auditors, a second decision, and a denial without a comment", async () => {
    const { id } = await pending();
    await expectRefused(approveExport(as(await createTestUser("analyst", "other")), { exportId: id, comment: "" }), 403);
    await expectRefused(approveExport(as(await createTestUser("auditor")), { exportId: id, comment: "" }), 403);
    const admin = await createTestUser("privacy_admin", "denier");
    await expectRefused(denyExport(as(admin), { exportId: id, comment: "" }), 422, "comment");
    expect((await getDb().export.findUniqueOrThrow({ where: { id } })).status).toBe("pending_approval");
    await denyExport(as(admin), { exportId: id, comment: "Phone is not needed for this review" });
    await expectRefused(approveExport(as(await createTestUser("privacy_admin", "late")), { exportId: id, comment: "" }), 409);
    const row = await getDb().export.findUniqueOrThrow({ where: { id } });
    expect([row.status, row.decisionComment]).toEqual(["denied", "Phone is not needed for this review"]);
    expect((await entries(id)).map((e) => e.action)).toEqual(["exports.requested", "exports.denied"]);
  });

  it("two admins approving at once: one wins, one build is queued", async () => {
    const { id } = await pending();
    const [a, b] = [await createTestUser("privacy_admin", "a"), await createTestUser("privacy_admin", "b")];
    const results = await Promise.allSettled([
      approveExport(as(a), { exportId: id, comment: "" }),
      approveExport(as(b), { exportId: id, comment: "" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await getDb().job.count({ where: { kind: "exports.build", payload: JSON.stringify({ exportId: id }) } })).toBe(1);
  });

  it("the requester cancels before the build (the queued job goes); nobody else can, and not twice", async () => {
    const analyst = await createTestUser("analyst");
    const created = await createExport(as(analyst), request());
    await expectRefused(cancelExport(as(await createTestUser("analyst", "stranger")), { exportId: created.id }), 404);
    await cancelExport(as(analyst), { exportId: created.id });
    expect((await getDb().export.findUniqueOrThrow({ where: { id: created.id } })).status).toBe("cancelled");
    expect(await getDb().job.count({ where: { payload: JSON.stringify({ exportId: created.id }) } })).toBe(0);
    await expectRefused(cancelExport(as(analyst), { exportId: created.id }), 409);
    expect((await entries(created.id)).map((e) => e.action)).toEqual(["exports.requested", "exports.cancelled"]);
  });
});

describe("authorizeDownload", () => {
  /** An export made ready as the build would leave it: the file renamed into place, the row `ready`. */
  async function readyExport() {
    const analyst = await createTestUser("analyst");
    const { id } = await createExport(as(analyst), request());
    const fileName = `marketplace.people-1__${id}__test__2026-01-01__CONFIDENTIAL.csv`;
    await mkdir(exportDir(id), { recursive: true });
    await writeFile(exportFilePath(id, fileName), "person_id\nusr_1\n");
    await writeFile(exportFilePath(id, exportZipName(fileName)), "PK");
    await getDb().export.update({ where: { id }, data: { status: "ready", fileName, fileSha256: "ab".repeat(32), rowCount: 1, readyAt: now() } });
    return { analyst, id, fileName };
  }
  const query = (href: string) => Object.fromEntries(new URL(href, "http://x").searchParams) as Record<string, string>;

  it("serves the requester the whole file (or its zip) and records each download", async () => {
    const { analyst, id, fileName } = await readyExport();
    const link = downloadLink(id, analyst.id);
    const got = await authorizeDownload(as(analyst), { exportId: id, ...query(link.href) });
    expect(got).toMatchObject({ ok: true, fileName, zip: false });
    const zip = await authorizeDownload(as(analyst), { exportId: id, ...query(downloadLink(id, analyst.id, { zip: true }).href) });
    expect(zip).toMatchObject({ ok: true, fileName: exportZipName(fileName), zip: true });
    expect((await entries(id)).map((e) => [e.action, e.decision])).toEqual([
      ["exports.requested", "allow"],
      ["exports.downloaded", "allow"],
      ["exports.downloaded", "allow"],
    ]);
  });

  it.each(["analyst", "auditor", "privacy_admin"] as const)(
    "refuses a %s opening the requester's link: 403, recorded as download_refused",
    async (role) => {
      const { analyst, id } = await readyExport();
      const other = await createTestUser(role, "opener");
      const got = await authorizeDownload(as(other), { exportId: id, ...query(downloadLink(id, analyst.id).href) });
      expect(got).toMatchObject({ ok: false, status: 403 });
      const e = await entries(id);
      expect(e.at(-1)).toMatchObject({ action: "exports.download_refused", decision: "deny", actorId: other.id });
    },
  );

  it("an expired link is 410 saying why; a forged or altered one is 404 with no details and no entry", async () => {
    const { analyst, id } = await readyExport();
    const link = downloadLink(id, analyst.id);
    pinClock(new Date(Date.now() + (env().exportLinkMinutes + 1) * 60_000));
    const expired = await authorizeDownload(as(analyst), { exportId: id, ...query(link.href) });
    expect(expired).toMatchObject({ ok: false, status: 410 });
    expect(expired.ok ? "" : expired.reason).toMatch(/expired at .*"My exports" for a fresh link/);
    pinClock(null);
    const q = query(link.href);
    const forged = [
      { ...q, s: q.s.slice(0, -2) + (q.s.endsWith("AA") ? "BB" : "AA") },
      { ...q, e: String(Number(q.e) + 60_000) },
      { ...q, s: "nope" },
    ];
    const before = (await entries(id)).length;
    for (const f of forged)
      expect(await authorizeDownload(as(analyst), { exportId: id, ...f })).toEqual({
        ok: false,
        status: 404,
        reason: "This download link is not valid.",
      });
    // A link signed for another export does not open this one.
    const { id: otherId } = await readyExport();
    expect(await authorizeDownload(as(analyst), { exportId: otherId, ...q })).toMatchObject({ ok: false, status: 404 });
    expect((await entries(id)).length).toBe(before);
  });

  it("never serves an export that is not ready or whose file is missing", async () => {
    const { analyst, id, fileName } = await readyExport();
    await getDb().export.update({ where: { id }, data: { status: "building" } });
    expect(await authorizeDownload(as(analyst), { exportId: id, ...query(downloadLink(id, analyst.id).href) })).toMatchObject({
      ok: false,
      status: 409,
    });
    await getDb().export.update({ where: { id }, data: { status: "ready", fileName: fileName.replace(".csv", "-gone.csv") } });
    expect(await authorizeDownload(as(analyst), { exportId: id, ...query(downloadLink(id, analyst.id).href) })).toMatchObject({
      ok: false,
      status: 410,
    });
    expect((await entries(id)).filter((e) => e.action === "exports.downloaded")).toHaveLength(0);
  });
});
