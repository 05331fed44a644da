// Issues an active grant directly. The request/approval workflow will call this once approvals are met;
// today the demo seed and tests use it. Law 3 holds here already: nobody grants themselves.
import { z } from "zod";
import { now } from "@/lib/core/clock";
import { AppError } from "@/lib/core/errors";
import { newId } from "@/lib/core/ids";
import { ZScope } from "@/lib/core/schemas";
import { getDb } from "@/lib/db/client";
import { appendLedgerEntry } from "@/lib/ledger/append";
import type { RequestMeta } from "@/lib/core/actor";

export const ZIssueGrant = z.object({
  userId: z.string().min(1),
  scope: ZScope,
  reason: z.string().trim().min(5).max(500),
  days: z.number().int().min(1).max(365),
  grantedById: z.string().min(1),
});
export type TIssueGrant = z.infer<typeof ZIssueGrant>;

export async function issueGrant(input: TIssueGrant, meta: RequestMeta): Promise<{ id: string; expiresAt: Date }> {
  const g = ZIssueGrant.parse(input);
  if (g.userId === g.grantedById) throw new AppError("forbidden", "Nobody can grant access to themselves", { field: "userId" });
  const issuer = await getDb().user.findUnique({ where: { id: g.grantedById }, select: { role: true } });
  if (issuer?.role !== "privacy_admin") throw new AppError("forbidden", "Only a privacy admin can issue grants");
  const activatedAt = now();
  const expiresAt = new Date(activatedAt.getTime() + g.days * 86_400_000);
  const grant = await getDb().grant.create({
    data: {
      id: newId("grt"),
      userId: g.userId,
      scope: g.scope,
      status: "active",
      reason: g.reason,
      grantedById: g.grantedById,
      activatedAt,
      expiresAt,
    },
    select: { id: true, expiresAt: true },
  });
  // The grant and its ledger entry live on different connections; if the entry cannot be written the grant
  // is removed again, so no grant exists without its record.
  await appendLedgerEntry({
    actorId: g.grantedById,
    actorRole: "privacy_admin",
    action: "governance.scope_granted",
    privacyTier: g.scope,
    resource: `grant:${grant.id}`,
    recordId: g.userId,
    purpose: g.reason,
    decision: "allow",
    requestId: meta.requestId,
    ipHash: meta.ipHash,
    uaHash: meta.uaHash,
    payload: { grant_id: grant.id, user_id: g.userId, scope: g.scope, expires_at: expiresAt.toISOString() },
  }).catch(async (err) => {
    await getDb().grant.delete({ where: { id: grant.id } });
    throw err;
  });
  return grant;
}
