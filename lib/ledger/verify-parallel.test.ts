// Parallel verify (decision 018, Speed) must say exactly what the single-threaded walk says, clean or tampered:
// small chunks force many stitches (links and roots across chunk boundaries, checkpoints inside and at their edges).
import { afterEach, describe, expect, it } from "vitest";
import { ledgerCopy, testCheckpointSettings, type LedgerCopy } from "./checkpoint-fixtures";
import { makeCheckpoint } from "./checkpoint";
import { generateSigner } from "./note";
import { ZLedgerDraft } from "./entry";
import { ledgerStore } from "./store";
import { lastVerifyPath, readCheckpointRows, verifyLedger, type VerifyOptions } from "./verify";
import { ledgerTree } from "./tree";
import { readWitnessLog } from "./witness";

const draft = (n: number) =>
  ZLedgerDraft.parse({
    actorId: null,
    actorRole: "system",
    action: "test.appended",
    privacyTier: "none",
    resource: "test:parallel-verify",
    purpose: `entry ${n}`,
    decision: "allow",
    requestId: `req-${n}`,
    payload: { n },
  });

let copies: LedgerCopy[] = [];
afterEach(async () => {
  for (const c of copies) await c.dispose();
  copies = [];
});

async function fixture() {
  const copy = await ledgerCopy();
  copies.push(copy);
  const settings = testCheckpointSettings(copy);
  for (const n of [150, 150, 7]) {
    await ledgerStore(copy.target).append(Array.from({ length: n }, (_, j) => draft(j)));
    await makeCheckpoint(settings);
  }
  await ledgerStore(copy.target).append([draft(1), draft(2)]);
  const head = (await ledgerStore(copy.target).head())!.seq;
  const both = async (extra: VerifyOptions = {}) => {
    const opts = { trustedKeys: [settings.key], witness: readWitnessLog(settings.witnessPath!), ...extra };
    const progress: number[] = [];
    const parallel = await verifyLedger(copy.target, {
      ...opts,
      workers: 2,
      parallelFrom: 0,
      parallelChunk: 16,
      onProgress: (n) => progress.push(n),
    });
    const parallelPath = lastVerifyPath();
    const single = await verifyLedger(copy.target, { ...opts, workers: 0 });
    expect(lastVerifyPath()).toBe("single");
    return { parallel, single, parallelPath, progress };
  };
  return { copy, head, both };
}

describe("parallel ledger verify", () => {
  it("walks a clean ledger in worker threads and reports what the single-threaded walk reports", async () => {
    const { head, both } = await fixture();
    const { parallel, single, parallelPath, progress } = await both();
    expect(parallelPath).toBe("parallel");
    expect(single.ok).toBe(true);
    expect(single.checkpoints.verified).toBeGreaterThanOrEqual(3);
    expect(parallel).toEqual(single);
    expect(parallel.count).toBe(head);
    expect(progress.at(-1)).toBe(head);
  }, 30_000);

  it("answers the consistency proofs from the leaves it walked, asking the stored tree for less", async () => {
    const { copy } = await fixture();
    const stored = ledgerTree(copy.target);
    const counting = () => {
      const tree = { asked: 0, rangeHash: (start: number, end: number) => (tree.asked++, stored.rangeHash(start, end)) };
      return tree;
    };
    const [forParallel, forSingle] = [counting(), counting()];
    const parallel = await verifyLedger(copy.target, { workers: 2, parallelFrom: 0, parallelChunk: 16, tree: forParallel });
    expect(lastVerifyPath()).toBe("parallel");
    const single = await verifyLedger(copy.target, { workers: 0, tree: forSingle });
    expect(single.ok).toBe(true);
    expect(parallel).toEqual(single);
    // Two proofs (150 -> 300 -> 307): the single walk reads every subtree from the store; the chunks fold theirs.
    expect(forSingle.asked).toBeGreaterThan(0);
    expect(forParallel.asked).toBeLessThan(forSingle.asked);
  }, 30_000);

  it("asks the stored tree once for a subtree that several consistency proofs need", async () => {
    const copy = await ledgerCopy();
    copies.push(copy);
    // From seq 1: the copy holds whatever the shared database's ledger held.
    await copy.exec("DELETE FROM ledger_entries");
    const settings = testCheckpointSettings(copy);
    // Checkpoints at 40, 48, …, 80: each proof from one to the next needs the aligned subtree [0, 32), across chunks of 16.
    for (const n of [40, 8, 8, 8, 8, 8]) {
      await ledgerStore(copy.target).append(Array.from({ length: n }, (_, j) => draft(j)));
      await makeCheckpoint(settings);
    }
    const stored = ledgerTree(copy.target);
    const asked = new Map<string, number>();
    const tree = {
      rangeHash: (start: number, end: number) => {
        asked.set(`${start}:${end}`, (asked.get(`${start}:${end}`) ?? 0) + 1);
        return stored.rangeHash(start, end);
      },
    };
    const opts = { trustedKeys: [settings.key], witness: readWitnessLog(settings.witnessPath!) };
    const parallel = await verifyLedger(copy.target, { ...opts, workers: 2, parallelFrom: 0, parallelChunk: 16, tree });
    expect(lastVerifyPath()).toBe("parallel");
    expect(parallel.ok).toBe(true);
    expect(parallel.checkpoints.verified).toBe(6);
    expect(asked.get("0:32")).toBe(1);
    expect([...asked.values()].every((n) => n === 1)).toBe(true);
    expect(parallel).toEqual(await verifyLedger(copy.target, { ...opts, workers: 0 }));
  }, 30_000);

  it("reports an edited row, a deleted row and a stripped payload exactly as the single-threaded walk does", async () => {
    const { copy, head, both } = await fixture();
    await copy.exec("UPDATE ledger_entries SET purpose = ? WHERE seq = ?", ["rewritten", head - 200]);
    await copy.exec("DELETE FROM ledger_entries WHERE seq = ?", [head - 100]);
    await copy.exec("UPDATE ledger_entries SET payload = NULL WHERE seq = ?", [head - 50]);
    const { parallel, single } = await both();
    expect(single.ok).toBe(false);
    expect(single.firstBad?.seq).toBe(head - 200);
    expect(single.gaps.ranges).toEqual([{ from: head - 100, to: head - 100 }]);
    expect(parallel).toEqual(single);
  }, 30_000);

  it("reports a forged checkpoint root and a truncated tail exactly as the single-threaded walk does", async () => {
    const { copy, head, both } = await fixture();
    await copy.exec("DELETE FROM ledger_entries WHERE seq > ?", [head - 5]);
    const { parallel, single, parallelPath } = await both();
    // Truncation leaves every remaining row clean: the parallel walk stands and the checkpoints catch it.
    expect(parallelPath).toBe("parallel");
    expect(single.ok).toBe(false);
    expect(single.checkpoints.first.map((f) => f.kind)).toContain("truncated tail");
    expect(parallel).toEqual(single);

    await copy.exec("UPDATE ledger_checkpoints SET root_hash = ? WHERE tree_size = (SELECT MIN(tree_size) FROM ledger_checkpoints)", [
      "00".repeat(32),
    ]);
    const forged = await both();
    expect(forged.single.checkpoints.first.map((f) => f.kind)).toContain("forged checkpoint");
    expect(forged.parallel).toEqual(forged.single);
  }, 30_000);

  // Decision 039: the parallel walk checks the signatures while its workers walk; it must still name a forged
  // signature and a replaced key exactly as the single walk does.
  it("reports a forged signature and a replaced key exactly as the single-threaded walk does", async () => {
    const { copy, both } = await fixture();
    const clean = await both();
    expect(clean.parallelPath).toBe("parallel");
    expect(clean.single.checkpoints.verified).toBeGreaterThanOrEqual(3);

    const replaced = await both({ trustedKeys: [generateSigner("test/ledger")] });
    expect(replaced.parallelPath).toBe("parallel");
    expect(replaced.single.ok).toBe(false);
    expect(replaced.single.checkpoints.verified).toBe(0);
    expect(replaced.single.checkpoints.first.map((f) => f.kind)).toContain("forged checkpoint");
    expect(replaced.parallel).toEqual(replaced.single);

    // One byte of the middle checkpoint's signature flipped (the base64 keeps its length).
    const middle = (await readCheckpointRows(copy.target))[1];
    const last = middle.note.trimEnd().split(" ").at(-1)!;
    const sig = Buffer.from(last, "base64");
    sig[sig.length - 1] ^= 1;
    const forgedNote = middle.note.replace(last, sig.toString("base64"));
    await copy.exec("UPDATE ledger_checkpoints SET note = ? WHERE tree_size = ?", [forgedNote, middle.tree_size]);
    const forged = await both();
    expect(forged.parallelPath).toBe("parallel");
    expect(forged.single.ok).toBe(false);
    expect(forged.single.checkpoints.verified).toBe(clean.single.checkpoints.verified - 1);
    expect(forged.single.checkpoints.first.some((f) => f.checkpoint === Number(middle.tree_size) && f.kind === "forged checkpoint")).toBe(true);
    expect(forged.parallel).toEqual(forged.single);
  }, 30_000);
});
