"use server";
// The exports screens' server actions: thin wrappers over lib/exports (which checks permissions and law 3 again and
// ledgers what happens). Failures answer with their HTTP status and name the field.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { ZodError } from "zod";
import { currentRequestMeta } from "@/lib/auth/current-request-meta";
import { requirePermission, requireUser } from "@/lib/auth/session";
import { AppError, toErrorResponse } from "@/lib/core/errors";
import { cancelExport } from "@/lib/exports/cancel-export";
import { createExport } from "@/lib/exports/create-export";
import { approveExport, denyExport } from "@/lib/exports/decide-export";
import { planExport } from "@/lib/exports/plan-export";
import { formFailure } from "@/lib/http/form-failure";
import { setResponseStatus } from "@/lib/http/response-status";
import type { DecisionState, ExportFormState, PreviewResult } from "./form-state";

const text = (v: FormDataEntryValue | null) => (typeof v === "string" ? v : "");
const FIELDS = ["dataset", "columns", "unmask", "filters", "format", "purpose", "options"];

function parsePayload(raw: string): unknown {
  try {
    return JSON.parse(raw.slice(0, 20_000));
  } catch {
    throw new AppError("bad_request", "The export form could not be read; reload the page");
  }
}

/** The field a failure concerns, as the wizard names it (`filters.from` → `filters`). */
function failureField(err: unknown): string | null {
  if (err instanceof ZodError) return err.issues[0]?.path.map(String).join(".") || null;
  if (err instanceof AppError) return err.field ?? null;
  return null;
}

export async function previewExportAction(raw: string): Promise<PreviewResult> {
  try {
    const user = await requireUser();
    const meta = await currentRequestMeta();
    await requirePermission(user, "export.request", meta);
    return { ok: true, plan: await planExport(user, parsePayload(raw) as never) };
  } catch (err) {
    const { body } = toErrorResponse(err);
    const field = failureField(err);
    const message = err instanceof ZodError ? (err.issues[0]?.message ?? body.error.message) : body.error.message;
    return { ok: false, field, message };
  }
}

export async function createExportAction(_prev: ExportFormState, formData: FormData): Promise<ExportFormState> {
  let id: string;
  try {
    const user = await requireUser();
    const meta = await currentRequestMeta();
    await requirePermission(user, "export.request", meta);
    const created = await createExport({ actor: { id: user.id, role: user.role }, meta }, parsePayload(text(formData.get("payload"))) as never);
    id = created.id;
  } catch (err) {
    const failure = formFailure(err, FIELDS);
    setResponseStatus(failure.status);
    const field = failureField(err);
    // Nested fields (filters.from) are shown beside their group.
    if (field && !failure.fieldErrors[field.split(".")[0]] && failure.status === 422) {
      const message = err instanceof ZodError ? (err.issues[0]?.message ?? "Invalid value") : (failure.alert?.message ?? "Invalid value");
      return { errors: { [field.split(".")[0]]: field.includes(".") ? `${field.split(".").slice(1).join(".")}: ${message}` : message }, alert: null };
    }
    return { errors: failure.fieldErrors, alert: failure.alert };
  }
  revalidatePath("/exports");
  redirect(`/exports/${id}?notice=created`);
}

export async function decideExportAction(_prev: DecisionState, formData: FormData): Promise<DecisionState> {
  const exportId = text(formData.get("exportId")).slice(0, 100);
  const comment = text(formData.get("comment")).slice(0, 2000);
  const decision = text(formData.get("decision"));
  try {
    const user = await requireUser();
    const meta = await currentRequestMeta();
    await requirePermission(user, "export.approve", meta);
    const acting = { actor: { id: user.id, role: user.role }, meta };
    if (decision === "deny") await denyExport(acting, { exportId, comment });
    else await approveExport(acting, { exportId, comment });
  } catch (err) {
    const failure = formFailure(err, ["comment"]);
    setResponseStatus(failure.status);
    return { errors: failure.fieldErrors, alert: failure.alert };
  }
  revalidatePath("/exports/approvals");
  redirect(`/exports/${encodeURIComponent(exportId)}?notice=${decision === "deny" ? "denied" : "approved"}`);
}

export async function cancelExportAction(_prev: DecisionState, formData: FormData): Promise<DecisionState> {
  const exportId = text(formData.get("exportId")).slice(0, 100);
  try {
    const user = await requireUser();
    const meta = await currentRequestMeta();
    await requirePermission(user, "export.request", meta);
    await cancelExport({ actor: { id: user.id, role: user.role }, meta }, { exportId });
  } catch (err) {
    const failure = formFailure(err, []);
    setResponseStatus(failure.status);
    return { errors: {}, alert: failure.alert };
  }
  revalidatePath("/exports");
  redirect(`/exports/${encodeURIComponent(exportId)}?notice=cancelled`);
}
