// The grants a user holds right now: active status and inside their validity window.
import { now } from "@/lib/core/clock";
import { ZScope } from "@/lib/core/schemas";
import type { Scope } from "@/lib/core/tiers";
import { getDb } from "@/lib/db/client";

export interface ActiveGrant {
  id: string;
  scope: Scope;
  activatedAt: Date;
  expiresAt: Date;
  reason: string;
}

export async function listActiveGrants(userId: string): Promise<ActiveGrant[]> {
  const at = now();
  const rows = await getDb().grant.findMany({
    where: { userId, status: "active", activatedAt: { lte: at }, expiresAt: { gt: at } },
    select: { id: true, scope: true, activatedAt: true, expiresAt: true, reason: true },
    orderBy: { expiresAt: "asc" },
  });
  // An unknown scope string grants nothing (fail closed) rather than failing the whole page.
  return rows.flatMap((r) => {
    const scope = ZScope.safeParse(r.scope);
    return scope.success ? [{ ...r, scope: scope.data }] : [];
  });
}
