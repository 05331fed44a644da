// The grants a person holds right now, for "My access": tier, datasets, when it started and ends, how it came.
import { now } from "@/lib/core/clock";
import type { Scope } from "@/lib/core/tiers";
import { getDb } from "@/lib/db/client";
import { parseDatasets, type GrantSource } from "./vocabulary";

export interface MyGrant {
  id: string;
  scope: Scope;
  source: GrantSource;
  requestId: string | null;
  /** null = every dataset. */
  datasets: string[] | null;
  activatedAt: string;
  expiresAt: string;
}

export async function listMyGrants(userId: string): Promise<MyGrant[]> {
  const at = now();
  const rows = await getDb().grant.findMany({
    where: { userId, status: "active", activatedAt: { lte: at }, expiresAt: { gt: at } },
    select: { id: true, scope: true, source: true, requestId: true, datasets: true, activatedAt: true, expiresAt: true },
    orderBy: [{ expiresAt: "asc" }, { id: "asc" }],
  });
  return rows.map((r) => ({
    id: r.id,
    scope: r.scope as Scope,
    source: r.source as GrantSource,
    requestId: r.requestId,
    datasets: parseDatasets(r.datasets),
    activatedAt: r.activatedAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
  }));
}
