"use server";
// Approving or denying a request: a thin wrapper over lib/scopes/decide-access-request.ts, which checks the
// permission and law 3 again on the server and ledgers every refusal. Failures answer with their HTTP status.
import { redirect } from "next/navigation";
import { currentRequestMeta } from "@/lib/auth/current-request-meta";
import { requirePermission, requireUser } from "@/lib/auth/session";
import { formFailure } from "@/lib/http/form-failure";
import { setResponseStatus } from "@/lib/http/response-status";
import { approveAccessRequest, denyAccessRequest } from "@/lib/scopes/decide-access-request";
import type { DecisionFormState } from "./form-state";

const text = (v: FormDataEntryValue | null) => (typeof v === "string" ? v : "");

export async function decideRequestAction(_prev: DecisionFormState, formData: FormData): Promise<DecisionFormState> {
  const requestId = text(formData.get("requestId")).slice(0, 100);
  const comment = text(formData.get("comment")).slice(0, 2000);
  const decision = text(formData.get("decision"));
  let notice: string;
  try {
    const user = await requireUser();
    const meta = await currentRequestMeta();
    await requirePermission(user, "scope.approve", meta);
    const acting = { actor: { id: user.id, role: user.role }, meta };
    if (decision === "deny") {
      await denyAccessRequest(acting, { requestId, comment });
      notice = "denied";
    } else {
      const outcome = await approveAccessRequest(acting, { requestId, comment });
      notice = outcome.status === "active" ? "activated" : "approval_recorded";
    }
  } catch (err) {
    const failure = formFailure(err, ["comment"]);
    setResponseStatus(failure.status);
    return { comment, errors: failure.fieldErrors, alert: failure.alert };
  }
  redirect(`/requests/${encodeURIComponent(requestId)}?notice=${notice}`);
}
