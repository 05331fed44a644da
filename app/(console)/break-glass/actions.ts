"use server";
// The after-review of a break-glass use: a thin wrapper over lib/scopes/after-review-break-glass.ts, which refuses
// the grantee and anyone without grant.manage, and records refusals in the ledger.
import { redirect } from "next/navigation";
import { currentRequestMeta } from "@/lib/auth/current-request-meta";
import { requirePermission, requireUser } from "@/lib/auth/session";
import { formFailure } from "@/lib/http/form-failure";
import { setResponseStatus } from "@/lib/http/response-status";
import { afterReviewBreakGlass } from "@/lib/scopes/after-review-break-glass";
import type { AfterReviewFormState } from "./form-state";

const text = (v: FormDataEntryValue | null, max: number) => (typeof v === "string" ? v.slice(0, max) : "");

export async function afterReviewAction(_prev: AfterReviewFormState, formData: FormData): Promise<AfterReviewFormState> {
  const values = { comment: text(formData.get("comment"), 1000), outcome: text(formData.get("outcome"), 20) };
  try {
    const user = await requireUser();
    const meta = await currentRequestMeta();
    await requirePermission(user, "grant.manage", meta);
    await afterReviewBreakGlass(
      { actor: { id: user.id, role: user.role }, meta },
      { grantId: text(formData.get("grantId"), 60), comment: values.comment, outcome: values.outcome || undefined },
    );
  } catch (err) {
    const failure = formFailure(err, ["comment", "outcome"]);
    setResponseStatus(failure.status);
    return { ...values, errors: failure.fieldErrors, alert: failure.alert };
  }
  redirect("/break-glass?view=reviewed&notice=reviewed");
}
