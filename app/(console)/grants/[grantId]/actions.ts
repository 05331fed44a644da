"use server";
// Revoking a grant: a thin wrapper over revokeGrant (which checks grant.manage again and records who and why).
import { redirect } from "next/navigation";
import { currentRequestMeta } from "@/lib/auth/current-request-meta";
import { requirePermission, requireUser } from "@/lib/auth/session";
import { formFailure } from "@/lib/http/form-failure";
import { setResponseStatus } from "@/lib/http/response-status";
import { revokeGrant } from "@/lib/scopes/revoke-grant";
import { text } from "../form-data";
import type { RevokeFormState } from "./form-state";

export async function revokeGrantAction(_prev: RevokeFormState, formData: FormData): Promise<RevokeFormState> {
  const grantId = text(formData, "grantId", 100);
  const reason = text(formData, "reason");
  try {
    const user = await requireUser();
    const meta = await currentRequestMeta();
    await requirePermission(user, "grant.manage", meta);
    await revokeGrant({ actor: user, meta }, { grantId, reason });
  } catch (err) {
    const failure = formFailure(err, ["reason"]);
    setResponseStatus(failure.status);
    return { reason, errors: failure.fieldErrors, alert: failure.alert };
  }
  redirect(`/grants/${encodeURIComponent(grantId)}?notice=revoked`);
}
