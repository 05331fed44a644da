// The one evaluation the gateway makes before every restricted read: the tiers a user may see in clear in one
// dataset at one moment. A grant counts only while it is active and inside [activated_at, expires_at), so a grant
// past its end counts for nothing even before the expiry job records it; and a grant limited to datasets counts only
// for those it names. Anything unreadable counts for nothing (fail closed).
import { now } from "@/lib/core/clock";
import { ZScope } from "@/lib/core/schemas";
import type { Scope } from "@/lib/core/tiers";
import { getDb } from "@/lib/db/client";
import { parseDatasets, ZDatasetRef } from "./vocabulary";

export async function effectiveScopes(userId: string, datasetRef: string, at: Date = now()): Promise<ReadonlySet<Scope>> {
  const scopes = new Set<Scope>();
  if (!ZDatasetRef.safeParse(datasetRef).success) return scopes;
  const rows = await getDb().grant.findMany({
    where: { userId, status: "active", activatedAt: { lte: at }, expiresAt: { gt: at } },
    select: { scope: true, datasets: true },
  });
  for (const r of rows) {
    const scope = ZScope.safeParse(r.scope);
    if (scope.success && grantCovers(r.datasets, datasetRef)) scopes.add(scope.data);
  }
  return scopes;
}

/** Whether a grant's dataset limit (its stored JSON; null = every dataset) covers `datasetRef`. */
export function grantCovers(datasets: string | null, datasetRef: string): boolean {
  const limited = parseDatasets(datasets);
  return limited === null || limited.includes(datasetRef);
}
