// The retention policy versions in force, one per dataset key@version: what the purge engine snapshots at a run's start
// and what the Retention screen's estimates count against (decision 032). A dataset without one is never purged.
import { getDb } from "@/lib/db/client";
import type { Tx } from "@/lib/ledger/unit-of-work";
import type { RetentionTerms } from "../retention-clause";
import { ZStateOverrides } from "../types";

export interface CurrentRetentionPolicy {
  /** The policy version's row id (`ret_…`): each version has its own. */
  id: string;
  /** `key@version` of the dataset it governs. */
  datasetRef: string;
  /** The policy's own version number (1, 2, …), not the dataset's. */
  version: number;
  terms: RetentionTerms;
  legalBasis: string;
}

/** Every current policy version, ordered by dataset. Pass `db` to read inside a transaction (the purge's snapshot). */
export async function currentRetentionPolicies(db?: Tx): Promise<CurrentRetentionPolicy[]> {
  const rows = await (db ?? getDb()).retentionPolicy.findMany({
    where: { current: true },
    orderBy: [{ datasetKey: "asc" }, { datasetVersion: "asc" }],
    select: { id: true, datasetKey: true, datasetVersion: true, version: true, days: true, dateColumn: true, stateOverrides: true, legalBasis: true },
  });
  return rows.map((r) => ({
    id: r.id,
    datasetRef: `${r.datasetKey}@${r.datasetVersion}`,
    version: r.version,
    // Parsed, not cast: a malformed stored override must stop the purge loudly, never be read as "no override".
    terms: { days: r.days, dateColumn: r.dateColumn, stateOverrides: ZStateOverrides.parse(JSON.parse(r.stateOverrides)) },
    legalBasis: r.legalBasis,
  }));
}
