"use server";
// The direct-grant form: a thin wrapper over grantDirectly (which checks grant.manage, law 3 and the policy again).
import { redirect } from "next/navigation";
import { currentRequestMeta } from "@/lib/auth/current-request-meta";
import { requirePermission, requireUser } from "@/lib/auth/session";
import { AppError } from "@/lib/core/errors";
import { formFailure } from "@/lib/http/form-failure";
import { setResponseStatus } from "@/lib/http/response-status";
import { grantDirectly } from "@/lib/scopes/grant-directly";
import { minutesFrom, text } from "../form-data";
import { GRANT_FORM_FIELDS, type GrantFormState } from "./form-state";

// The domain names its fields for its callers; the form has its own names for two of them.
const FORM_FIELD: Record<string, string> = { userId: "userEmail", durationMinutes: "duration", expiresAt: "duration" };

export async function grantDirectlyAction(_prev: GrantFormState, formData: FormData): Promise<GrantFormState> {
  const values: GrantFormState["values"] = {
    userEmail: text(formData, "userEmail", 300),
    scope: text(formData, "scope", 40),
    duration: text(formData, "duration", 40),
    durationUnit: text(formData, "durationUnit", 20),
    datasets: formData
      .getAll("datasets")
      .filter((d): d is string => typeof d === "string")
      .slice(0, 50),
    reason: text(formData, "reason"),
  };
  let grantId: string;
  try {
    const user = await requireUser();
    const meta = await currentRequestMeta();
    await requirePermission(user, "grant.manage", meta);
    const grant = await grantDirectly(
      { actor: user, meta },
      {
        userEmail: values.userEmail,
        scope: values.scope as never, // validated by grantDirectly, which names the field when it is not a tier
        reason: values.reason,
        durationMinutes: minutesFrom(formData, "duration"),
        datasets: values.datasets.length > 0 ? values.datasets : null,
      },
    ).catch((err: unknown) => {
      throw err instanceof AppError && err.field && FORM_FIELD[err.field]
        ? new AppError(err.code, err.message, { field: FORM_FIELD[err.field] })
        : err;
    });
    grantId = grant.id;
  } catch (err) {
    const failure = formFailure(err, GRANT_FORM_FIELDS);
    setResponseStatus(failure.status);
    return { values, errors: failure.fieldErrors, alert: failure.alert };
  }
  redirect(`/grants/${grantId}?notice=granted`);
}
