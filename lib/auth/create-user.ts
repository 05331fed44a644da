// Provisioning console accounts (the CLI's `user create` and the demo seed). Accounts are created by a
// privacy admin, never by signing in; each creation is recorded in the ledger.
import { z } from "zod";
import type { Actor, RequestMeta } from "@/lib/core/actor";
import { AppError } from "@/lib/core/errors";
import { newId } from "@/lib/core/ids";
import { ROLES, type Role } from "@/lib/core/permissions";
import { ZRole } from "@/lib/core/schemas";
import { getDb } from "@/lib/db/client";
import { emailHash, recordAuthEvent } from "./auth-events";
import { hashPassword } from "./password";
import { systemRequestMeta } from "./request-meta";

export const ZNewUser = z.object({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.email({ error: "must be a valid email address" }).max(254, { error: "must be at most 254 characters" })),
  name: z.string().trim().min(1, { error: "must not be empty" }).max(200, { error: "must be at most 200 characters" }),
  role: z.enum(ROLES, { error: `must be one of: ${ROLES.join(", ")}` }),
  // NIST SP 800-63B: at least 8 characters, and long passphrases allowed (the upper bound only caps hashing cost).
  password: z.string().min(8, { error: "must be at least 8 characters" }).max(1024, { error: "must be at most 1024 characters" }).optional(),
});
export type TNewUser = z.input<typeof ZNewUser>;

export interface CreatedUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  status: string;
  /** False for an SSO-only account. */
  hasPassword: boolean;
}

export interface ProvisioningContext {
  /** Who creates the account; null for the operator at the CLI or the demo seed. */
  actor?: Actor | null;
  meta?: RequestMeta;
}

/** Creates a user; a second account with the same email is a conflict, never an update. */
export async function createUser(input: TNewUser, ctx: ProvisioningContext = {}): Promise<CreatedUser> {
  const data = ZNewUser.parse(input);
  const db = getDb();
  if (await db.user.findUnique({ where: { email: data.email }, select: { id: true } })) {
    throw new AppError("conflict", `user ${data.email} already exists`, { field: "email" });
  }
  const passwordHash = data.password ? await hashPassword(data.password) : null;
  let created;
  try {
    created = await db.user.create({
      data: { id: newId("usr"), email: data.email, name: data.name, role: data.role, passwordHash },
      select: { id: true, email: true, name: true, role: true, status: true },
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError("conflict", `user ${data.email} already exists`, { field: "email", cause: err });
    throw err;
  }
  try {
    await recordAuthEvent({
      action: "auth.user_created",
      decision: "allow",
      user: ctx.actor ?? null,
      anonymousRole: "system", // the operator at the CLI, or the demo seed
      meta: ctx.meta ?? systemRequestMeta(),
      purpose: "provisioning",
      resource: `user:${created.id}`,
      payload: { role: data.role, password_sign_in: passwordHash !== null, email_hash: emailHash(data.email) },
    });
  } catch (err) {
    // No unrecorded accounts: undo the creation when the ledger cannot take the entry.
    await db.user.delete({ where: { id: created.id } }).catch(() => undefined);
    throw err;
  }
  return { ...created, role: data.role, hasPassword: passwordHash !== null };
}

/** For the demo seed: creates the user when the email is free and leaves an existing account untouched
 * (its role, name and password stay as they are). */
export async function ensureUser(input: TNewUser, ctx: ProvisioningContext = {}): Promise<{ user: CreatedUser; created: boolean }> {
  const data = ZNewUser.parse(input);
  const existing = await findByEmail(data.email);
  if (existing) return { user: existing, created: false };
  try {
    return { user: await createUser(data, ctx), created: true };
  } catch (err) {
    // Another process created it between the read and the insert: that is the idempotent outcome too.
    const raced = err instanceof AppError && err.code === "conflict" ? await findByEmail(data.email) : null;
    if (raced) return { user: raced, created: false };
    throw err;
  }
}

async function findByEmail(email: string): Promise<CreatedUser | null> {
  const row = await getDb().user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, role: true, status: true, passwordHash: true },
  });
  if (!row) return null;
  const { passwordHash, ...rest } = row;
  return { ...rest, role: ZRole.parse(rest.role), hasPassword: passwordHash !== null };
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === "P2002";
}
