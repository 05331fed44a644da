"use server";
// Access reviews: starting a campaign and deciding an item. Thin wrappers over lib/scopes (which check who may do
// what, refuse the grantee, and record refusals in the ledger).
import { redirect } from "next/navigation";
import { currentRequestMeta } from "@/lib/auth/current-request-meta";
import { requirePermission, requireUser } from "@/lib/auth/session";
import { formFailure } from "@/lib/http/form-failure";
import { setResponseStatus } from "@/lib/http/response-status";
import { decideReviewItem } from "@/lib/scopes/decide-review-item";
import { startReviewCampaign } from "@/lib/scopes/start-review-campaign";
import type { DecideItemFormState, StartCampaignFormState } from "./form-state";

const text = (v: FormDataEntryValue | null, max: number) => (typeof v === "string" ? v.slice(0, max) : "");

/** A due date (YYYY-MM-DD) means the end of that day, UTC: the campaign is due by then. */
function endOfDayUtc(date: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  const at = new Date(`${date}T23:59:59.999Z`);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

export async function startCampaignAction(_prev: StartCampaignFormState, formData: FormData): Promise<StartCampaignFormState> {
  const values = {
    name: text(formData.get("name"), 500),
    scopes: formData
      .getAll("scopes")
      .slice(0, 10)
      .map((v) => text(v, 40)),
    dueAt: text(formData.get("dueAt"), 20),
  };
  let campaignId: string;
  try {
    const user = await requireUser();
    const meta = await currentRequestMeta();
    await requirePermission(user, "review.manage", meta);
    const started = await startReviewCampaign(
      { actor: { id: user.id, role: user.role }, meta },
      { name: values.name, scopes: values.scopes, dueAt: endOfDayUtc(values.dueAt) },
    );
    campaignId = started.campaignId;
  } catch (err) {
    const failure = formFailure(err, ["name", "scopes", "dueAt"]);
    setResponseStatus(failure.status);
    return { ...values, errors: failure.fieldErrors, alert: failure.alert };
  }
  redirect(`/reviews/${campaignId}?notice=started`);
}

export async function decideItemAction(_prev: DecideItemFormState, formData: FormData): Promise<DecideItemFormState> {
  const comment = text(formData.get("comment"), 1000);
  const campaignId = text(formData.get("campaignId"), 60);
  // Back to the same view of the campaign (its filter, sort and page), never anywhere else.
  const back = text(formData.get("back"), 500);
  const target = /^rvc_[0-9a-z]{4,40}$/.test(campaignId) ? (back.startsWith(`/reviews/${campaignId}`) ? back : `/reviews/${campaignId}`) : "/reviews";
  try {
    const user = await requireUser();
    const meta = await currentRequestMeta();
    await requirePermission(user, "review.manage", meta);
    await decideReviewItem(
      { actor: { id: user.id, role: user.role }, meta },
      { itemId: text(formData.get("itemId"), 60), decision: text(formData.get("decision"), 20) || undefined, comment },
    );
  } catch (err) {
    const failure = formFailure(err, ["comment"]);
    setResponseStatus(failure.status);
    return { comment, errors: failure.fieldErrors, alert: failure.alert };
  }
  redirect(target);
}
