// File expiry on the pinned clock: nothing is deleted before expiresAt; at it, the file, the zip and the directory go,
// the export is `expired` with fileDeletedAt, and `exports.expired` records it once. Abandoned builds are failed.
import { existsSync } from "node:fs";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { pinClock } from "@/lib/core/clock";
import { getDb } from "@/lib/db/client";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import { createTestUser, testMeta } from "@/lib/test/fixtures";
import { readExport } from "../export-record";
import { exportDir, exportFilePath, exportZipName } from "../files";
import { buildExport } from "./build-export";
import { expireExports, STALLED_BUILD_MS } from "./expire-exports";
import { JOB_KINDS } from "@/lib/job-kinds/job-kinds";
import { EXPORT_BUILD_KIND, EXPORT_EXPIRE_KIND } from "./kinds";
import { createApprovedExport, provideSigningKey } from "./test-helpers";

const DAY = 86_400_000;
beforeAll(() => provideSigningKey());
afterEach(() => pinClock(null));

const actions = async (id: string) =>
  (await getDb().ledgerEntry.findMany({ where: { resource: `export:${id}` }, orderBy: { seq: "asc" } })).map((e) => e.action);

describe("exports.expire", () => {
  it("is on the deployment's job list, every 5 minutes, beside exports.build (3 tries)", () => {
    expect(JOB_KINDS.find((k) => k.kind === EXPORT_EXPIRE_KIND)).toMatchObject({ everyMs: 5 * 60_000 });
    const build = JOB_KINDS.find((k) => k.kind === EXPORT_BUILD_KIND);
    expect(build?.maxAttempts).toBe(3);
    expect(build?.everyMs).toBeUndefined();
  });

  it("deletes the file, the zip and the directory at expiresAt, not before, and records it once", async () => {
    const start = new Date("2031-03-01T10:00:00Z");
    pinClock(start);
    const requester = await createTestUser("analyst", "expiry");
    const id = await createApprovedExport({ requesterId: requester.id });
    await buildExport(id, { meta: testMeta(), inProcess: true });
    const built = await readExport(id);
    expect(built.expiresAt).toEqual(new Date(start.getTime() + 7 * DAY));
    const file = exportFilePath(id, built.fileName!);
    const zip = exportFilePath(id, exportZipName(built.fileName!));

    pinClock(new Date(built.expiresAt!.getTime() - 1));
    await expireExports(new Date(built.expiresAt!.getTime() - 1), testMeta());
    expect(existsSync(file) && existsSync(zip)).toBe(true);
    expect((await readExport(id)).status).toBe("ready");

    const at = built.expiresAt!;
    pinClock(at);
    const first = await expireExports(at, testMeta());
    expect(first.expired).toBeGreaterThanOrEqual(1);
    expect(existsSync(exportDir(id))).toBe(false);
    const exp = await readExport(id);
    expect(exp).toMatchObject({ status: "expired", fileDeletedAt: at, fileSha256: built.fileSha256 });
    expect(await actions(id)).toEqual(["exports.build_started", "exports.built", "exports.expired"]);
    const entry = await getDb().ledgerEntry.findFirstOrThrow({ where: { resource: `export:${id}`, action: "exports.expired" } });
    expect(JSON.parse(entry.payload!)).toMatchObject({ sha256: built.fileSha256, file_deleted: true });

    await expireExports(new Date(at.getTime() + DAY), testMeta());
    expect(await actions(id)).toEqual(["exports.build_started", "exports.built", "exports.expired"]);
  });

  it("fails a build left `building` with no live job once it has stalled, and leaves one with a queued try alone", async () => {
    const start = new Date("2031-04-01T10:00:00Z");
    pinClock(start);
    const requester = await createTestUser("analyst", "stalled");
    const dead = await createApprovedExport({ requesterId: requester.id });
    const retrying = await createApprovedExport({ requesterId: requester.id });
    for (const id of [dead, retrying])
      await getDb().export.update({ where: { id }, data: { status: "building", buildAttempts: 3, updatedAt: start } });
    await enqueueJob({ kind: EXPORT_BUILD_KIND, payload: { exportId: retrying } });

    await expireExports(new Date(start.getTime() + STALLED_BUILD_MS - 1), testMeta());
    expect((await readExport(dead)).status).toBe("building");

    const later = new Date(start.getTime() + STALLED_BUILD_MS + 1);
    pinClock(later);
    const r = await expireExports(later, testMeta());
    expect(r.abandonedBuilds).toBeGreaterThanOrEqual(1);
    expect((await readExport(dead)).status).toBe("failed");
    expect(await actions(dead)).toEqual(["exports.build_failed"]);
    expect((await readExport(retrying)).status).toBe("building");
    await getDb().job.deleteMany({ where: { kind: EXPORT_BUILD_KIND, payload: { contains: retrying } } });
  });
});
