import { afterEach, describe, expect, it } from "vitest";
import { ledgerCopy, testCheckpointSettings, type LedgerCopy } from "./checkpoint-fixtures";
import { makeCheckpoint } from "./checkpoint";
import { ledgerCoverage } from "./coverage";
import { ZLedgerDraft } from "./entry";
import { ledgerStore } from "./store";

const drafts = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    ZLedgerDraft.parse({
      actorId: null,
      actorRole: "system",
      action: "test.appended",
      privacyTier: "none",
      resource: "test:coverage",
      decision: "allow",
      requestId: `req-coverage-${i}`,
    }),
  );

/** The reading the page made before (newest chain entry, newest checkpoint), one plain query each. */
async function oracle(copy: LedgerCopy) {
  const [h] = await copy.rows<{ seq: number }>(copy.sql("SELECT seq FROM ledger_entries WHERE seq >= ? ORDER BY seq DESC LIMIT 1"), [1]);
  const [c] = await copy.rows<{ tree_size: number; created_at: string }>(
    "SELECT tree_size, created_at FROM ledger_checkpoints ORDER BY tree_size DESC LIMIT 1",
  );
  const headSeq = Number(h?.seq ?? 0);
  const checkpointedSeq = Number(c?.tree_size ?? 0);
  return { headSeq, checkpointedSeq, uncovered: Math.max(0, headSeq - checkpointedSeq), lastCheckpointAt: c?.created_at ?? null };
}

let copy: LedgerCopy | null = null;
afterEach(async () => {
  await copy?.dispose();
  copy = null;
});

describe("ledgerCoverage", () => {
  it("counts the entries after the newest checkpoint, before and after one is made (a private copy of the ledger)", async () => {
    copy = await ledgerCopy();
    await ledgerStore(copy.target).append(drafts(3));
    const before = await ledgerCoverage(copy.target);
    expect(before).toEqual(await oracle(copy));
    expect(before).toMatchObject({ checkpointedSeq: 0, lastCheckpointAt: null });
    expect(before.uncovered).toBe(before.headSeq);

    const made = await makeCheckpoint(testCheckpointSettings(copy));
    expect(made).not.toBeNull();
    const covered = await ledgerCoverage(copy.target);
    expect(covered).toEqual(await oracle(copy));
    expect(covered).toMatchObject({ uncovered: 0, checkpointedSeq: made!.treeSize, lastCheckpointAt: made!.createdAt });

    await ledgerStore(copy.target).append(drafts(2));
    const after = await ledgerCoverage(copy.target);
    expect(after).toEqual(await oracle(copy));
    expect(after).toMatchObject({ uncovered: 2, headSeq: made!.treeSize + 2 });
  });
});
