"use server";
// Break-glass from the analyst's side: a thin wrapper over lib/scopes/activate-break-glass.ts, which checks the
// policy, the limit and the reason, and records refusals in the ledger.
import { redirect } from "next/navigation";
import { currentRequestMeta } from "@/lib/auth/current-request-meta";
import { requirePermission, requireUser } from "@/lib/auth/session";
import { formFailure } from "@/lib/http/form-failure";
import { setResponseStatus } from "@/lib/http/response-status";
import { activateBreakGlass } from "@/lib/scopes/activate-break-glass";
import { BREAK_GLASS_FIELDS, type BreakGlassFormState } from "./form-state";

const text = (v: FormDataEntryValue | null, max: number) => (typeof v === "string" ? v.slice(0, max) : "");

export async function activateBreakGlassAction(_prev: BreakGlassFormState, formData: FormData): Promise<BreakGlassFormState> {
  const values = {
    scope: text(formData.get("scope"), 40),
    durationMinutes: text(formData.get("durationMinutes"), 10),
    reason: text(formData.get("reason"), 1000),
  };
  let grantId: string;
  try {
    const user = await requireUser();
    const meta = await currentRequestMeta();
    await requirePermission(user, "scope.request", meta);
    const used = await activateBreakGlass(
      { actor: { id: user.id, role: user.role }, meta },
      // An empty field is absent, so the schema says "required" rather than "0 minutes".
      { scope: values.scope, reason: values.reason, durationMinutes: values.durationMinutes || undefined },
    );
    grantId = used.grantId;
  } catch (err) {
    const failure = formFailure(err, BREAK_GLASS_FIELDS);
    setResponseStatus(failure.status);
    return { ...values, errors: failure.fieldErrors, alert: failure.alert };
  }
  redirect(`/access/break-glass?notice=activated&grant=${grantId}`);
}
