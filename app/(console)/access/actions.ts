"use server";
// My access: asking for a tier, withdrawing a pending request, giving a grant back. Thin wrappers over lib/scopes,
// which check who may do what again and ledger every refusal. Each failure answers with its HTTP status.
import { redirect } from "next/navigation";
import { currentRequestMeta } from "@/lib/auth/current-request-meta";
import { requirePermission, requireUser } from "@/lib/auth/session";
import { formFailure } from "@/lib/http/form-failure";
import { setResponseStatus } from "@/lib/http/response-status";
import { cancelAccessRequest } from "@/lib/scopes/cancel-access-request";
import { createAccessRequest } from "@/lib/scopes/create-access-request";
import { relinquishGrant } from "@/lib/scopes/relinquish-grant";
import type { RequestFormState, RowActionState } from "./form-state";

const text = (v: FormDataEntryValue | null, max = 2000) => (typeof v === "string" ? v.slice(0, max) : "");
const FIELDS = ["scope", "durationMinutes", "reason", "ticket", "datasets"] as const;

async function acting() {
  const user = await requireUser();
  return { actor: { id: user.id, role: user.role }, meta: await currentRequestMeta() };
}

export async function requestAccessAction(_prev: RequestFormState, formData: FormData): Promise<RequestFormState> {
  const values: RequestFormState["values"] = {
    scope: text(formData.get("scope"), 40),
    durationValue: text(formData.get("durationValue"), 12),
    durationUnit: text(formData.get("durationUnit")) === "hours" ? "hours" : "days",
    reason: text(formData.get("reason")),
    ticket: text(formData.get("ticket"), 200),
    datasets: formData
      .getAll("datasets")
      .slice(0, 100)
      .map((v) => text(v, 200)),
  };
  try {
    const user = await requireUser();
    const meta = await currentRequestMeta();
    await requirePermission(user, "scope.request", meta);
    const who = { actor: { id: user.id, role: user.role }, meta };
    const amount = values.durationValue.trim() === "" ? Number.NaN : Number(values.durationValue);
    await createAccessRequest(who, {
      scope: values.scope,
      reason: values.reason,
      ticket: values.ticket,
      // Hours or days as the person picked them; the server keeps minutes and checks them against the policy.
      durationMinutes: Math.round(amount * (values.durationUnit === "hours" ? 60 : 1440) * 1000) / 1000,
      datasets: values.datasets,
    });
  } catch (err) {
    const failure = formFailure(err, FIELDS);
    setResponseStatus(failure.status);
    const { durationMinutes, ...errors } = failure.fieldErrors;
    return { values, errors: { ...errors, duration: durationMinutes }, alert: failure.alert };
  }
  redirect("/access?notice=requested");
}

async function rowAction(work: () => Promise<unknown>, notice: string): Promise<RowActionState> {
  try {
    await work();
  } catch (err) {
    const failure = formFailure(err, []);
    setResponseStatus(failure.status);
    return { error: failure.alert?.message ?? "That did not work; nothing was changed." };
  }
  redirect(`/access?notice=${notice}`);
}

export async function cancelRequestAction(_prev: RowActionState, formData: FormData): Promise<RowActionState> {
  return rowAction(async () => cancelAccessRequest(await acting(), { requestId: text(formData.get("requestId"), 100) }), "cancelled");
}

export async function giveBackAction(_prev: RowActionState, formData: FormData): Promise<RowActionState> {
  return rowAction(async () => relinquishGrant(await acting(), { grantId: text(formData.get("grantId"), 100) }), "given_back");
}
