// How much of the ledger the newest signed checkpoint covers: the ledger page says how many of the newest entries
// no checkpoint vouches for yet (they are still protected by the hash chain, but not yet by a signature).
import { getDb } from "@/lib/db/client";

export interface LedgerCoverage {
  /** The chain head's seq (entries are contiguous from 1, so this is also their number). */
  headSeq: number;
  /** The newest checkpoint's tree size, 0 when there is none. */
  checkpointedSeq: number;
  /** Entries after the newest checkpoint. */
  uncovered: number;
  /** When the newest checkpoint was made (ISO-8601), or null. */
  lastCheckpointAt: string | null;
}

export async function ledgerCoverage(): Promise<LedgerCoverage> {
  const db = getDb();
  const [head, checkpoint] = await Promise.all([
    db.ledgerEntry.findFirst({ where: { seq: { gte: 1 } }, orderBy: { seq: "desc" }, select: { seq: true } }),
    db.ledgerCheckpoint.findFirst({ orderBy: { treeSize: "desc" }, select: { treeSize: true, createdAt: true } }),
  ]);
  const headSeq = head?.seq ?? 0;
  const checkpointedSeq = checkpoint?.treeSize ?? 0;
  return { headSeq, checkpointedSeq, uncovered: Math.max(0, headSeq - checkpointedSeq), lastCheckpointAt: checkpoint?.createdAt ?? null };
}
