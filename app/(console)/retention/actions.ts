"use server";
// Editing a dataset's retention policy: a thin wrapper over updateRetentionPolicy (which checks retention.manage again,
// validates every field, refuses an edit that changes nothing, and makes the next version current with its ledger entry).
import { redirect } from "next/navigation";
import { currentRequestMeta } from "@/lib/auth/current-request-meta";
import { requirePermission, requireUser } from "@/lib/auth/session";
import { parseStateOverrides } from "@/lib/holds/retention/retention-terms";
import { updateRetentionPolicy } from "@/lib/holds/retention/update-retention-policy";
import { formFailure } from "@/lib/http/form-failure";
import { setResponseStatus } from "@/lib/http/response-status";
import { RETENTION_FORM_FIELDS, type RetentionFormState } from "./form-state";

const INPUTS = ["dataset", "baseVersion", "days", "dateColumn", "legalBasis", "stateOverrides", "changeReason"];

export async function updateRetentionPolicyAction(_prev: RetentionFormState, formData: FormData): Promise<RetentionFormState> {
  const values = Object.fromEntries(INPUTS.map((name) => [name, String(formData.get(name) ?? "")]));
  let saved: { datasetRef: string; version: number };
  try {
    const user = await requireUser();
    const meta = await currentRequestMeta();
    await requirePermission(user, "retention.manage", meta);
    // Blank stays blank (not 0), so the refusal says "give the days" rather than "1 or more".
    const number = (name: string) => (values[name].trim() === "" ? undefined : Number(values[name]));
    saved = await updateRetentionPolicy(
      { actor: user, meta },
      {
        dataset: values.dataset,
        days: number("days") as number,
        dateColumn: values.dateColumn,
        legalBasis: values.legalBasis,
        stateOverrides: parseStateOverrides(values.stateOverrides),
        changeReason: values.changeReason,
        baseVersion: number("baseVersion"),
      },
    );
  } catch (err) {
    const failure = formFailure(err, RETENTION_FORM_FIELDS);
    setResponseStatus(failure.status);
    return { values, errors: failure.fieldErrors, alert: failure.alert };
  }
  const params = new URLSearchParams({ saved: `${saved.datasetRef}/v${saved.version}` });
  redirect(`/retention?${params.toString()}#retention-${encodeURIComponent(saved.datasetRef)}`);
}
