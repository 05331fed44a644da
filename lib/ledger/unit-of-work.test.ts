import { afterEach, describe, expect, it } from "vitest";
import { AppError } from "@/lib/core/errors";
import { newId } from "@/lib/core/ids";
import { dbTarget, getDb } from "@/lib/db/client";
import { createTestUser, dialect, ledgerHeadSeq, rawExec, testMeta } from "@/lib/test/fixtures";
import { appendLedgerEntry } from "./append";
import { commitWithLedger, governanceEntry } from "./unit-of-work";
import { verifyLedger } from "./verify";

// A real fault in the database, not a mock: a trigger that refuses every ledger insert.
const FAIL_APPENDS =
  dialect() === "sqlite"
    ? [`CREATE TRIGGER uow_test_refuse BEFORE INSERT ON ledger_entries BEGIN SELECT RAISE(ABORT, 'ledger refuses (test)'); END;`]
    : [
        `CREATE OR REPLACE FUNCTION uow_test_refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'ledger refuses (test)'; END $$ LANGUAGE plpgsql`,
        `CREATE TRIGGER uow_test_refuse BEFORE INSERT ON ledger_entries FOR EACH ROW EXECUTE FUNCTION uow_test_refuse()`,
      ];
const HEAL = dialect() === "sqlite" ? [`DROP TRIGGER IF EXISTS uow_test_refuse`] : [`DROP TRIGGER IF EXISTS uow_test_refuse ON ledger_entries`];

afterEach(async () => {
  for (const sql of HEAL) await rawExec(sql);
});

async function grantWithEntry(userId: string, issuerId: string) {
  return commitWithLedger(async ({ tx, record }) => {
    const id = newId("grt");
    const at = new Date();
    await tx.grant.create({
      data: {
        id,
        userId,
        scope: "pii_basic",
        status: "active",
        reason: "uow test",
        grantedById: issuerId,
        activatedAt: at,
        expiresAt: new Date(+at + 3_600_000),
      },
    });
    record(
      governanceEntry({ id: issuerId, role: "privacy_admin" }, testMeta(), {
        action: "governance.scope_granted",
        privacyTier: "pii_basic",
        resource: `grant:${id}`,
      }),
    );
    record(
      governanceEntry({ id: issuerId, role: "privacy_admin" }, testMeta(), {
        action: "governance.scope_activated",
        privacyTier: "pii_basic",
        resource: `grant:${id}`,
      }),
    );
    return id;
  });
}

describe("commitWithLedger", () => {
  it("commits the domain write and its entries together, contiguous and chained", async () => {
    const [user, admin] = [await createTestUser("analyst"), await createTestUser("privacy_admin")];
    const before = await ledgerHeadSeq();
    const { result: id, entries } = await grantWithEntry(user.id, admin.id);
    expect(await getDb().grant.count({ where: { id } })).toBe(1);
    expect(entries.map((e) => e.seq)).toEqual([before + 1, before + 2]);
    expect(entries[1].prevHash).toBe(entries[0].entryHash);
    expect((await verifyLedger(dbTarget())).ok).toBe(true);
  });

  it("writes neither the change nor any entry when the append fails", async () => {
    const [user, admin] = [await createTestUser("analyst"), await createTestUser("privacy_admin")];
    const before = await ledgerHeadSeq();
    for (const sql of FAIL_APPENDS) await rawExec(sql);
    const err = await grantWithEntry(user.id, admin.id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("unavailable");
    expect(await getDb().grant.count({ where: { userId: user.id } })).toBe(0);
    expect(await ledgerHeadSeq()).toBe(before);
  });

  it("writes nothing when the work fails after recording, and passes its error through", async () => {
    const user = await createTestUser("analyst");
    const before = await ledgerHeadSeq();
    const err = await commitWithLedger(async ({ tx, record }) => {
      await tx.notification.create({ data: { id: newId("ntf"), userId: user.id, kind: "test", title: "t", body: "b", createdAt: new Date() } });
      record(governanceEntry(null, testMeta(), { action: "test.recorded", privacyTier: "none", resource: "test:uow" }));
      throw new AppError("conflict", "changed my mind");
    }).catch((e: unknown) => e);
    expect((err as AppError).message).toBe("changed my mind");
    expect(await getDb().notification.count({ where: { userId: user.id } })).toBe(0);
    expect(await ledgerHeadSeq()).toBe(before);
  });

  it("interleaves with the gateway's appends without forking the chain", async () => {
    const [user, admin] = [await createTestUser("analyst"), await createTestUser("privacy_admin")];
    const before = await ledgerHeadSeq();
    const gateway = Array.from({ length: 20 }, (_, n) =>
      appendLedgerEntry({
        actorId: null,
        actorRole: "system",
        action: "test.appended",
        privacyTier: "none",
        resource: "test:uow",
        decision: "allow",
        requestId: `r-${n}`,
      }),
    );
    const governed = Array.from({ length: 8 }, () => grantWithEntry(user.id, admin.id));
    await Promise.all([...gateway, ...governed]);
    expect(await ledgerHeadSeq()).toBe(before + 20 + 16);
    expect((await verifyLedger(dbTarget())).ok).toBe(true);
  });
});
