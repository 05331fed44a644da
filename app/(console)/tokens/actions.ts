"use server";
// Machine tokens: thin wrappers over lib/api/api-tokens.ts (which checks token.manage again, validates, and ledgers
// every creation, revocation and refusal). Each failure answers with its HTTP status and the form's messages.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { createApiToken, revokeApiToken } from "@/lib/api/api-tokens";
import { currentRequestMeta } from "@/lib/auth/current-request-meta";
import { requirePermission, requireUser } from "@/lib/auth/session";
import { AppError } from "@/lib/core/errors";
import { formFailure } from "@/lib/http/form-failure";
import { setResponseStatus } from "@/lib/http/response-status";
import { EMPTY_TOKEN_VALUES, type CreateTokenState } from "./form-state";

const text = (v: FormDataEntryValue | null, max = 200) => (typeof v === "string" ? v.slice(0, max) : "");

export async function createTokenAction(_prev: CreateTokenState, formData: FormData): Promise<CreateTokenState> {
  const values = {
    name: text(formData.get("name"), 80),
    ownerId: text(formData.get("ownerId"), 60),
    uses: formData
      .getAll("uses")
      .map((u) => text(u, 40))
      .slice(0, 10),
    expiresInDays: text(formData.get("expiresInDays"), 10),
  };
  try {
    const user = await requireUser();
    await requirePermission(user, "token.manage");
    const { token, secret } = await createApiToken({ actor: user, meta: await currentRequestMeta() }, values as Parameters<typeof createApiToken>[1]);
    revalidatePath("/tokens");
    return { values: EMPTY_TOKEN_VALUES, errors: {}, alert: null, created: { id: token.id, name: token.name, secret } };
  } catch (err) {
    const failure = formFailure(err, ["name", "ownerId", "uses", "expiresInDays"]);
    const errors = { ...failure.fieldErrors };
    // A refusal naming a field (an owner who is disabled, a name in use) belongs beside that field.
    if (err instanceof AppError && err.field && ["name", "ownerId", "uses", "expiresInDays"].includes(err.field)) errors[err.field] = err.message;
    setResponseStatus(failure.status);
    return { values, errors, alert: Object.keys(errors).length > 0 ? null : failure.alert, created: null };
  }
}

export async function revokeTokenAction(formData: FormData): Promise<void> {
  let notice: string;
  try {
    const user = await requireUser();
    await requirePermission(user, "token.manage");
    const r = await revokeApiToken({ actor: user, meta: await currentRequestMeta() }, text(formData.get("tokenId"), 60));
    notice = r.changed ? "revoked" : "already";
  } catch (err) {
    if (err instanceof AppError && err.code === "forbidden") throw err;
    notice = err instanceof AppError && (err.code === "not_found" || err.code === "validation_failed") ? "invalid" : "failed";
  }
  revalidatePath("/tokens");
  redirect(`/tokens?notice=${notice}`);
}
