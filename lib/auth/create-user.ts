// Provisioning console accounts (the CLI's `user create`, the demo seed and the console's Users page). Accounts are
// created by a privacy admin or the operator, never by signing in; each creation is recorded in the ledger.
import { randomInt } from "node:crypto";
import { z } from "zod";
import type { Acting, Actor, RequestMeta } from "@/lib/core/actor";
import { now } from "@/lib/core/clock";
import { env } from "@/lib/core/env";
import { AppError } from "@/lib/core/errors";
import { newId } from "@/lib/core/ids";
import { can, ROLES, type Role } from "@/lib/core/permissions";
import { ZRole } from "@/lib/core/schemas";
import { getDb } from "@/lib/db/client";
import { appendLedgerEntry } from "@/lib/ledger/append";
import { commitWithLedger, governanceEntry } from "@/lib/ledger/unit-of-work";
import { emailHash } from "./auth-events";
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

/** Creates a user; a second account with the same email is a conflict, never an update. The account and its
 * ledger entry commit together (docs/decisions/011): there are no unrecorded accounts. */
export async function createUser(input: TNewUser, ctx: ProvisioningContext = {}): Promise<CreatedUser> {
  const data = ZNewUser.parse(input);
  const conflict = (cause?: unknown) => new AppError("conflict", `user ${data.email} already exists`, { field: "email", cause });
  if (await getDb().user.findUnique({ where: { email: data.email }, select: { id: true } })) throw conflict();
  // Hashed before the transaction: argon2 takes a while, and a SQLite transaction holds the write lock.
  const passwordHash = data.password ? await hashPassword(data.password) : null;
  try {
    const { result } = await commitWithLedger(async ({ tx, record }) => {
      const created = await tx.user.create({
        data: { id: newId("usr"), email: data.email, name: data.name, role: data.role, passwordHash, createdAt: now() },
        select: { id: true, email: true, name: true, role: true, status: true },
      });
      record(
        // The operator at the CLI, or the demo seed, is recorded as "system".
        governanceEntry(ctx.actor ?? null, ctx.meta ?? systemRequestMeta(), {
          action: "auth.user_created",
          privacyTier: "none",
          resource: `user:${created.id}`,
          purpose: "provisioning",
          payload: { role: data.role, password_sign_in: passwordHash !== null, email_hash: emailHash(data.email) },
        }),
      );
      return created;
    });
    return { ...result, role: data.role, hasPassword: passwordHash !== null };
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(err);
    throw err;
  }
}

export const ZConsoleNewUser = z.object({
  email: ZNewUser.shape.email,
  name: ZNewUser.shape.name,
  role: ZNewUser.shape.role,
  /** "password": a temporary password is generated and shown once; "sso": single sign-on only (when configured). */
  signIn: z.enum(["password", "sso"], { error: "must be password or sso" }),
});
export type TConsoleNewUser = z.input<typeof ZConsoleNewUser>;

export interface ConsoleCreatedUser {
  user: CreatedUser;
  /** Shown to the admin once and never stored in clear; null for an SSO-only account. */
  temporaryPassword: string | null;
}

/**
 * A privacy admin creates an account on the Users page. With single sign-on configured the account may be SSO-only;
 * otherwise it gets a generated password for the admin to hand over (a deployment without SSO has no other way in).
 */
export async function createConsoleUser(acting: Acting, input: TConsoleNewUser): Promise<ConsoleCreatedUser> {
  if (!can(acting.actor, "user.manage")) {
    const error = new AppError("forbidden", "Only a privacy admin can create console users");
    await appendLedgerEntry(
      governanceEntry(acting.actor, acting.meta, {
        action: "governance.action_refused",
        decision: "deny",
        privacyTier: "none",
        resource: "user:new",
        purpose: error.message,
        payload: { attempted: "create_user", code: error.code, field: null },
      }),
    );
    throw error;
  }
  const data = ZConsoleNewUser.parse(input);
  if (data.signIn === "sso" && env().oidc === null) {
    throw new AppError("validation_failed", "Single sign-on is not configured here, so the account needs a password", { field: "signIn" });
  }
  const temporaryPassword = data.signIn === "password" ? generatePassword() : null;
  const user = await createUser(
    { email: data.email, name: data.name, role: data.role, password: temporaryPassword ?? undefined },
    { actor: acting.actor, meta: acting.meta },
  );
  return { user, temporaryPassword };
}

// 24 symbols from 31 unambiguous lower-case letters and digits (no 0/o, 1/l/i): about 119 bits, easy to read out
// or type; grouped by six with dashes.
const PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

function generatePassword(): string {
  const out: string[] = [];
  for (let i = 0; i < 24; i++) out.push(PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)]);
  return out.join("").replace(/(.{6})(?=.)/g, "$1-");
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
