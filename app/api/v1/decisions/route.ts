// POST /api/v1/decisions: may this console user read these columns for this purpose? (lib/access/answer-decision.ts)
import { answerDecision } from "@/lib/access/answer-decision";
import { apiRoute, json } from "@/lib/api/api-route";
import { OPERATIONS } from "@/lib/api/operations";
import { AppError } from "@/lib/core/errors";
import type { TDecisionRequest } from "@/lib/api/schemas";

export const dynamic = "force-dynamic";

export const POST = apiRoute(OPERATIONS.postDecisions, async ({ caller, body }) => {
  const q = body as TDecisionRequest;
  if ((q.subject_user_id === undefined) === (q.subject_email === undefined)) {
    throw new AppError("validation_failed", "Name the subject by subject_user_id or by subject_email (one of them).", { field: "subject_user_id" });
  }
  const at = q.dataset.lastIndexOf("@");
  const answer = await answerDecision(
    {
      subject: q.subject_user_id ? { userId: q.subject_user_id } : { email: q.subject_email! },
      dataset: { key: q.dataset.slice(0, at), version: Number(q.dataset.slice(at + 1)) },
      columns: q.columns,
      purpose: q.purpose,
    },
    { tokenId: caller.tokenId, ownerId: caller.owner.id, meta: caller.meta },
  );
  return json(200, {
    decision: answer.decision,
    dataset: answer.dataset,
    subject: { user_id: answer.subject.userId, role: answer.subject.role, active: answer.subject.active },
    policy_version: answer.policyVersion,
    columns: answer.columns.map((c) => ({
      name: c.name,
      tier: c.tier,
      decision: c.decision,
      mask_rule: c.maskRule,
      mask_label: c.maskLabel,
      reason: c.reason,
    })),
    ledger_seq: answer.ledgerSeq,
  });
});
