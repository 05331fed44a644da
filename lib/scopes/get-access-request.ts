// One access request with its trail: each approval (who, when, why), how it closed, and the grant it led to.
// Visible to privacy admins and to the requester; to anyone else it does not exist.
import { AppError } from "@/lib/core/errors";
import type { Role } from "@/lib/core/permissions";
import type { Scope } from "@/lib/core/tiers";
import { getDb } from "@/lib/db/client";
import { getPolicy } from "./get-policy";
import { visibleTo } from "./list-access-requests";
import { parseDatasets, type RequestStatus } from "./vocabulary";
import { findPeople } from "./find-people";

export interface AccessRequestDetail {
  id: string;
  requester: { id: string; email: string; name: string };
  scope: Scope;
  status: RequestStatus;
  reason: string;
  ticket: string | null;
  durationMinutes: number;
  datasets: string[] | null;
  policyVersion: number;
  approvalsRequired: number;
  /** What approving now needs: the stricter of the request's policy version and the one in force. */
  approvalsNeeded: number;
  createdAt: Date;
  pendingUntil: Date;
  decidedAt: Date | null;
  closedBy: { email: string; name: string } | null;
  closeComment: string | null;
  approvals: Array<{ approverId: string; approverEmail: string; approverName: string; comment: string; createdAt: Date }>;
  grant: { id: string; status: string; activatedAt: Date; expiresAt: Date; endedAt: Date | null } | null;
}

export async function getAccessRequest(viewer: { id: string; role: Role }, requestId: string): Promise<AccessRequestDetail> {
  const db = getDb();
  const r = await db.accessRequest.findFirst({
    where: { AND: [visibleTo(viewer), { id: requestId }] },
    select: {
      id: true,
      scope: true,
      status: true,
      reason: true,
      ticket: true,
      durationMinutes: true,
      datasets: true,
      policyVersion: true,
      approvalsRequired: true,
      createdAt: true,
      pendingUntil: true,
      decidedAt: true,
      closedById: true,
      closeComment: true,
      requester: { select: { id: true, email: true, name: true } },
      approvals: { where: { decision: "approve" }, orderBy: { createdAt: "asc" }, select: { approverId: true, comment: true, createdAt: true } },
      grant: { select: { id: true, status: true, activatedAt: true, expiresAt: true, endedAt: true } },
    },
  });
  if (!r) throw new AppError("not_found", "No such request", { field: "requestId" });
  const people = await findPeople([...r.approvals.map((a) => a.approverId), r.closedById]);
  const scope = r.scope as Scope;
  const closer = r.closedById ? people.get(r.closedById) : undefined;
  return {
    id: r.id,
    requester: r.requester,
    scope,
    status: r.status as RequestStatus,
    reason: r.reason,
    ticket: r.ticket,
    durationMinutes: r.durationMinutes,
    datasets: parseDatasets(r.datasets),
    policyVersion: r.policyVersion,
    approvalsRequired: r.approvalsRequired,
    approvalsNeeded: r.status === "pending" ? Math.max(r.approvalsRequired, (await getPolicy(scope)).approvalsRequired) : r.approvalsRequired,
    createdAt: r.createdAt,
    pendingUntil: r.pendingUntil,
    decidedAt: r.decidedAt,
    closedBy: closer ? { email: closer.email, name: closer.name } : null,
    closeComment: r.closeComment,
    approvals: r.approvals.map((a) => ({
      approverId: a.approverId,
      approverEmail: people.get(a.approverId)?.email ?? a.approverId,
      approverName: people.get(a.approverId)?.name ?? "",
      comment: a.comment,
      createdAt: a.createdAt,
    })),
    grant: r.grant,
  };
}
