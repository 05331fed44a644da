// The one evaluation the gateway makes before every restricted read: the tiers a user may see in clear in one
// dataset at one moment. A grant counts only while it is active and inside [activated_at, expires_at), so a grant
// past its end counts for nothing even before the expiry job records it; and a grant limited to datasets counts only
// for those it names. Anything unreadable counts for nothing (fail closed). Grants are read on every call, never
// cached, and the window is evaluated against `at` in the query itself (decision 022).
import { rawRead, sqliteTime } from "@/lib/catalog/raw-query";
import { now } from "@/lib/core/clock";
import { ZScope } from "@/lib/core/schemas";
import type { Scope } from "@/lib/core/tiers";
import { dbTarget } from "@/lib/db/client";
import { parseDatasets, ZDatasetRef } from "./vocabulary";

export async function effectiveScopes(userId: string, datasetRef: string, at: Date = now()): Promise<ReadonlySet<Scope>> {
  if (!ZDatasetRef.safeParse(datasetRef).success) return new Set();
  const rows = await rawRead<GrantRow>("warden_active_grants", GRANTS_SQL, grantParams(userId, at));
  return scopesFromGrants(rows, datasetRef);
}

/** A grant row as the gateway reads it: its scope and dataset limit (stored JSON; null = every dataset). */
export interface GrantRow {
  scope: string | null;
  datasets: string | null;
}

/** The scopes that `rows` (grants in force) give for `datasetRef`. */
export function scopesFromGrants(rows: readonly GrantRow[], datasetRef: string): ReadonlySet<Scope> {
  const scopes = new Set<Scope>();
  if (!ZDatasetRef.safeParse(datasetRef).success) return scopes;
  for (const r of rows) {
    const scope = ZScope.safeParse(r.scope);
    if (scope.success && grantCovers(r.datasets, datasetRef)) scopes.add(scope.data);
  }
  return scopes;
}

/** The condition for a grant in force for user ?1 at ?2 (twice); both dialects' placeholders from `p`. */
export const grantInForce = (p: (i: number) => string) =>
  `g.user_id = ${p(1)} AND g.status = 'active' AND g.activated_at <= ${p(2)} AND g.expires_at > ${p(3)}`;

const GRANTS_SQL = {
  sqlite: `SELECT g.scope, g.datasets FROM grants g WHERE ${grantInForce(() => "?")}`,
  pg: `SELECT g.scope, g.datasets FROM grants g WHERE ${grantInForce((i) => `$${i}`)}`,
};

/** Parameters for grantInForce: SQLite compares Prisma's stored ISO text, PostgreSQL timestamptz. */
export function grantParams(userId: string, at: Date): unknown[] {
  const t = dbTarget().dialect === "sqlite" ? sqliteTime(at) : at;
  return [userId, t, t];
}

/** Whether a grant's dataset limit (its stored JSON; null = every dataset) covers `datasetRef`. */
export function grantCovers(datasets: string | null, datasetRef: string): boolean {
  const limited = parseDatasets(datasets);
  return limited === null || limited.includes(datasetRef);
}
