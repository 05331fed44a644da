// How much of the ledger the newest signed checkpoint covers: the ledger page says how many of the newest entries
// no checkpoint vouches for yet (they are still protected by the hash chain, but not yet by a signature).
// One prepared statement on the raw driver: it runs on every render of the ledger page, where two Prisma queries
// cost more than the page's own index scans (docs/decisions/033-ledger-page-and-ingest-speed.md).
import { dbTarget } from "@/lib/db/client";
import type { DbTarget } from "@/lib/db/dialect";
import { rawQuery } from "./ledger-query";

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

// The head from the chain only (seq >= 1), as everywhere else; the newest checkpoint is the largest tree.
const COVERAGE_SQL = `SELECT
  (SELECT seq FROM ledger_entries WHERE seq >= 1 ORDER BY seq DESC LIMIT 1) AS head,
  c.tree_size AS tree_size, c.created_at AS created_at
FROM (SELECT 1 AS one) x
LEFT JOIN (SELECT tree_size, created_at FROM ledger_checkpoints ORDER BY tree_size DESC LIMIT 1) c ON 1 = 1`;

export async function ledgerCoverage(target: DbTarget = dbTarget()): Promise<LedgerCoverage> {
  const [row] = await rawQuery<{ head: number | string | null; tree_size: number | string | null; created_at: string | null }>(
    COVERAGE_SQL,
    [],
    target,
  );
  const headSeq = Number(row?.head ?? 0);
  const checkpointedSeq = Number(row?.tree_size ?? 0);
  return { headSeq, checkpointedSeq, uncovered: Math.max(0, headSeq - checkpointedSeq), lastCheckpointAt: row?.created_at ?? null };
}
