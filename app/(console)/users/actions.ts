"use server";
// Console user management: thin wrappers over lib/auth (which enforces who may change whom, the last privacy admin
// rule, and ledgers every change and refusal). Each failure answers with its HTTP status and the form's messages.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { createConsoleUser } from "@/lib/auth/create-user";
import { currentRequestMeta } from "@/lib/auth/current-request-meta";
import { changeUserRole, setUserStatus } from "@/lib/auth/manage-user";
import { requirePermission, requireUser } from "@/lib/auth/session";
import { AppError } from "@/lib/core/errors";
import { ZRole } from "@/lib/core/schemas";
import { formFailure } from "@/lib/http/form-failure";
import { setResponseStatus } from "@/lib/http/response-status";
import { EMPTY_CREATE_VALUES, type CreateUserState, type ManageUserState } from "./form-state";

const text = (v: FormDataEntryValue | null, max = 300) => (typeof v === "string" ? v.slice(0, max) : "");
const ZUserId = z.string().regex(/^usr_[0-9a-z]{4,40}$/, "must be a user id");

export async function createUserAction(_prev: CreateUserState, formData: FormData): Promise<CreateUserState> {
  const values = {
    email: text(formData.get("email")),
    name: text(formData.get("name")),
    role: text(formData.get("role"), 40),
    signIn: text(formData.get("signIn"), 20),
  };
  try {
    const user = await requireUser();
    await requirePermission(user, "user.manage");
    const { user: created, temporaryPassword } = await createConsoleUser({ actor: user, meta: await currentRequestMeta() }, {
      ...values,
      signIn: values.signIn || "password",
    } as Parameters<typeof createConsoleUser>[1]);
    revalidatePath("/users");
    return {
      values: EMPTY_CREATE_VALUES,
      errors: {},
      alert: null,
      created: { id: created.id, email: created.email, name: created.name, role: created.role, temporaryPassword },
    };
  } catch (err) {
    // A taken email is the email field's problem, not a general alert.
    if (err instanceof AppError && err.code === "conflict") {
      setResponseStatus(409);
      return { values, errors: { email: "A console user with this email already exists" }, alert: null, created: null };
    }
    const failure = formFailure(err, ["email", "name", "role", "signIn"]);
    setResponseStatus(failure.status);
    return { values, errors: failure.fieldErrors, alert: failure.alert, created: null };
  }
}

export async function setUserStatusAction(_prev: ManageUserState, formData: FormData): Promise<ManageUserState> {
  return manage(formData, async (actor, userId, meta) => {
    const status = z.enum(["active", "disabled"]).parse(formData.get("status"));
    const r = await setUserStatus({ userId }, status, { actor, meta });
    if (!r.changed) return `Nothing changed: the account is already ${status === "active" ? "active" : "disabled"}.`;
    return status === "disabled"
      ? `Account disabled. ${r.sessionsEnded === 1 ? "1 session was" : `${r.sessionsEnded} sessions were`} ended at once.`
      : "Account re-enabled. The person can sign in again.";
  });
}

export async function changeUserRoleAction(_prev: ManageUserState, formData: FormData): Promise<ManageUserState> {
  return manage(formData, async (actor, userId, meta) => {
    const role = ZRole.parse(formData.get("role"));
    const r = await changeUserRole({ userId }, role, { actor, meta });
    if (!r.changed) return "Nothing changed: the account already has that role.";
    return `Role changed. ${r.sessionsEnded === 1 ? "1 session was" : `${r.sessionsEnded} sessions were`} ended; the person signs in again with the new role.`;
  });
}

async function manage(
  formData: FormData,
  work: (actor: Awaited<ReturnType<typeof requireUser>>, userId: string, meta: Awaited<ReturnType<typeof currentRequestMeta>>) => Promise<string>,
): Promise<ManageUserState> {
  try {
    const user = await requireUser();
    await requirePermission(user, "user.manage");
    const userId = ZUserId.parse(formData.get("userId"));
    const notice = await work(user, userId, await currentRequestMeta());
    revalidatePath("/users", "layout");
    return { alert: null, notice };
  } catch (err) {
    const failure = formFailure(err, []);
    setResponseStatus(failure.status);
    return { alert: failure.alert, notice: null };
  }
}
