"use server";
// The Purge runs screen's server actions: thin wrappers over lib/holds/purge (which checks permissions again, refuses a
// second open run and ledgers what happens). Failures answer with their HTTP status and name the field.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { currentRequestMeta } from "@/lib/auth/current-request-meta";
import { requirePermission, requireUser } from "@/lib/auth/session";
import { approvePurgeRun, cancelPurgeRun } from "@/lib/holds/purge/decide-purge-run";
import { startPurgeRun } from "@/lib/holds/purge/start-purge-run";
import { formFailure } from "@/lib/http/form-failure";
import { setResponseStatus } from "@/lib/http/response-status";
import type { PurgeFormState } from "./form-state";

const text = (v: FormDataEntryValue | null) => (typeof v === "string" ? v : "");

export async function startPurgeRunAction(_prev: PurgeFormState, formData: FormData): Promise<PurgeFormState> {
  let runId: string;
  try {
    const user = await requireUser();
    const meta = await currentRequestMeta();
    await requirePermission(user, "purge.run", meta);
    const mode = text(formData.get("mode")) as "dry_run" | "execute";
    ({ runId } = await startPurgeRun({ actor: { id: user.id, role: user.role }, meta }, { mode, trigger: "console" }));
  } catch (err) {
    const failure = formFailure(err, []);
    setResponseStatus(failure.status);
    return { errors: {}, alert: failure.alert };
  }
  revalidatePath("/purge");
  redirect(`/purge/${runId}?notice=started`);
}

export async function approvePurgeRunAction(_prev: PurgeFormState, formData: FormData): Promise<PurgeFormState> {
  const runId = text(formData.get("runId")).slice(0, 100);
  try {
    const user = await requireUser();
    const meta = await currentRequestMeta();
    await requirePermission(user, "purge.approve", meta);
    await approvePurgeRun({ actor: { id: user.id, role: user.role }, meta }, { runId, reason: text(formData.get("reason")).slice(0, 2000) });
  } catch (err) {
    const failure = formFailure(err, ["reason"]);
    setResponseStatus(failure.status);
    return { errors: failure.fieldErrors, alert: failure.alert };
  }
  revalidatePath("/purge");
  redirect(`/purge/${encodeURIComponent(runId)}?notice=approved`);
}

export async function cancelPurgeRunAction(_prev: PurgeFormState, formData: FormData): Promise<PurgeFormState> {
  const runId = text(formData.get("runId")).slice(0, 100);
  try {
    const user = await requireUser();
    const meta = await currentRequestMeta();
    await requirePermission(user, "purge.run", meta);
    await cancelPurgeRun({ actor: { id: user.id, role: user.role }, meta }, { runId });
  } catch (err) {
    const failure = formFailure(err, []);
    setResponseStatus(failure.status);
    return { errors: {}, alert: failure.alert };
  }
  revalidatePath("/purge");
  redirect(`/purge/${encodeURIComponent(runId)}?notice=cancelled`);
}
