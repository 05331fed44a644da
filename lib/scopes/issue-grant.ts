// Issues an active grant directly. The request/approval workflow will call this once approvals are met;
// today the demo seed and tests use it. Law 3 holds here already: nobody grants themselves.
import { z } from "zod";
import { now } from "@/lib/core/clock";
import { AppError } from "@/lib/core/errors";
import { newId } from "@/lib/core/ids";
import { ZScope } from "@/lib/core/schemas";
import { getDb } from "@/lib/db/client";
import { commitWithLedger, governanceEntry } from "@/lib/ledger/unit-of-work";
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
  // The grant and its ledger entry commit in one transaction: neither exists without the other.
  const { result } = await commitWithLedger(async ({ tx, record }) => {
    const grant = await tx.grant.create({
      data: {
        id: newId("grt"),
        userId: g.userId,
        scope: g.scope,
        status: "active",
        source: "direct",
        reason: g.reason,
        grantedById: g.grantedById,
        activatedAt,
        expiresAt,
      },
      select: { id: true, expiresAt: true },
    });
    record(
      governanceEntry({ id: g.grantedById, role: "privacy_admin" }, meta, {
        action: "governance.scope_granted",
        privacyTier: g.scope,
        resource: `grant:${grant.id}`,
        recordId: g.userId,
        purpose: g.reason,
        payload: { grant_id: grant.id, user_id: g.userId, scope: g.scope, expires_at: expiresAt.toISOString() },
      }),
    );
    return grant;
  });
  return result;
}
