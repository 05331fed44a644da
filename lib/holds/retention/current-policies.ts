// Stand-in (purge slice) for the retention slice's reader: the current version of each dataset's retention policy, a
// plain read of retention_policies. The retention slice's version replaces this file at merge.
import { getDb } from "@/lib/db/client";
import type { Tx } from "@/lib/ledger/unit-of-work";
import type { RetentionTerms } from "../retention-clause";

export async function currentRetentionPolicies(
  db?: Tx,
): Promise<Array<{ id: string; datasetRef: string; version: number; terms: RetentionTerms; legalBasis: string }>> {
  const rows = await (db ?? getDb()).retentionPolicy.findMany({
    where: { current: true },
    orderBy: [{ datasetKey: "asc" }, { datasetVersion: "asc" }],
  });
  return rows.map((r) => ({
    id: r.id,
    datasetRef: `${r.datasetKey}@${r.datasetVersion}`,
    version: r.version,
    terms: { days: r.days, dateColumn: r.dateColumn, stateOverrides: JSON.parse(r.stateOverrides) as Record<string, number> },
    legalBasis: r.legalBasis,
  }));
}
