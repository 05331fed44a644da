"use server";
// Editing a tier's policy: a thin wrapper over updatePolicy (which checks policy.manage again, validates every rule,
// refuses an edit that changes nothing, and makes a new version).
import { redirect } from "next/navigation";
import { currentRequestMeta } from "@/lib/auth/current-request-meta";
import { requirePermission, requireUser } from "@/lib/auth/session";
import { formFailure } from "@/lib/http/form-failure";
import { setResponseStatus } from "@/lib/http/response-status";
import { updatePolicy } from "@/lib/scopes/update-policy";
import { minutesFrom, text } from "../grants/form-data";
import { POLICY_FORM_FIELDS, type PolicyFormState } from "./form-state";

const INPUTS = [
  "scope",
  "baseVersion",
  "approvalsRequired",
  "maxDurationMinutes",
  "maxDurationMinutesUnit",
  "reasonRequired",
  "ticketPattern",
  "breakGlassAllowed",
  "breakGlassMaxMinutes",
  "breakGlassMaxMinutesUnit",
  "pendingTimeoutMinutes",
  "pendingTimeoutMinutesUnit",
  "changeReason",
];

export async function updatePolicyAction(_prev: PolicyFormState, formData: FormData): Promise<PolicyFormState> {
  const values = Object.fromEntries(INPUTS.map((name) => [name, text(formData, name)]));
  const scope = values.scope;
  const count = (name: string) => (values[name].trim() === "" ? undefined : Number(values[name]));
  try {
    const user = await requireUser();
    const meta = await currentRequestMeta();
    await requirePermission(user, "policy.manage", meta);
    await updatePolicy({ actor: user, meta }, scope as never /* validated by updatePolicy */, {
      approvalsRequired: count("approvalsRequired") as number,
      maxDurationMinutes: minutesFrom(formData, "maxDurationMinutes") as number,
      reasonRequired: formData.get("reasonRequired") === "on",
      ticketPattern: values.ticketPattern,
      breakGlassAllowed: formData.get("breakGlassAllowed") === "on",
      breakGlassMaxMinutes: minutesFrom(formData, "breakGlassMaxMinutes") ?? 0,
      pendingTimeoutMinutes: minutesFrom(formData, "pendingTimeoutMinutes") as number,
      changeReason: values.changeReason,
      baseVersion: count("baseVersion"),
    });
  } catch (err) {
    const failure = formFailure(err, POLICY_FORM_FIELDS);
    setResponseStatus(failure.status);
    return { values, errors: failure.fieldErrors, alert: failure.alert };
  }
  redirect(`/policies?saved=${encodeURIComponent(scope)}#policy-${encodeURIComponent(scope)}`);
}
