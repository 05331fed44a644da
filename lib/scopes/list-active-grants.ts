// The grants a user holds right now: active status and inside their validity window, with the datasets each is
// limited to (null = every dataset). What the gateway honours for one dataset is effectiveScopes (effective-scopes.ts).
import { now } from "@/lib/core/clock";
import { ZScope } from "@/lib/core/schemas";
import type { Scope } from "@/lib/core/tiers";
import { getDb } from "@/lib/db/client";
import { parseDatasets } from "./vocabulary";
import type { GrantSource } from "./vocabulary";

export interface ActiveGrant {
  id: string;
  scope: Scope;
  source: GrantSource;
  /** The request it came from, when it did. */
  requestId: string | null;
  activatedAt: Date;
  expiresAt: Date;
  reason: string;
  /** Dataset refs (key@version) the grant is limited to; null = every dataset; [] = none (an unreadable limit). */
  datasets: string[] | null;
}

export async function listActiveGrants(userId: string, at: Date = now()): Promise<ActiveGrant[]> {
  const rows = await getDb().grant.findMany({
    where: { userId, status: "active", activatedAt: { lte: at }, expiresAt: { gt: at } },
    select: { id: true, scope: true, source: true, requestId: true, activatedAt: true, expiresAt: true, reason: true, datasets: true },
    orderBy: [{ expiresAt: "asc" }, { id: "asc" }],
  });
  // An unknown scope string grants nothing (fail closed) rather than failing the whole page.
  return rows.flatMap((r) => {
    const scope = ZScope.safeParse(r.scope);
    return scope.success ? [{ ...r, scope: scope.data, source: r.source as GrantSource, datasets: parseDatasets(r.datasets) }] : [];
  });
}
