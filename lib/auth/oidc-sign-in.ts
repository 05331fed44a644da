// Single sign-on admits only people who already have a Warden account: provisioning is a privacy admin's
// decision (`warden user create`), never a side effect of holding an account at the identity provider.
import { z } from "zod";
import type { RequestMeta } from "@/lib/core/actor";
import { now } from "@/lib/core/clock";
import { env } from "@/lib/core/env";
import { keyedHash } from "@/lib/core/hash";
import { ZRole } from "@/lib/core/schemas";
import { getDb } from "@/lib/db/client";
import { emailHash, recordAuthEvent, type SignInFailureReason } from "./auth-events";
import { activeSessionUser } from "./load-session-user";
import { normaliseEmail } from "./sign-in";
import type { SessionUser } from "./session-user";

const ZOidcClaims = z.object({
  subject: z.string().min(1).max(255),
  email: z.string().max(254).nullish(),
  // Some providers send the claim as the string "true".
  emailVerified: z.union([z.boolean(), z.string().max(10)]).nullish(),
});
export type OidcClaims = z.input<typeof ZOidcClaims>;

const USER_SELECT = { id: true, email: true, name: true, role: true, status: true, oidcSubject: true } as const;

/**
 * The Warden user for an identity-provider subject, or null (refused, and recorded). A known subject signs in;
 * an unknown one is linked to the account with the same email only when the provider says the email is
 * verified and the account is not already linked to another subject.
 */
export async function admitOidcUser(claims: OidcClaims, meta: RequestMeta): Promise<SessionUser | null> {
  const parsed = ZOidcClaims.safeParse(claims);
  if (!parsed.success) {
    await recordOidcFailure(null, "invalid_input", null, null, meta);
    return null;
  }
  const { subject } = parsed.data;
  const email = parsed.data.email ? normaliseEmail(parsed.data.email) : null;
  const verified = parsed.data.emailVerified === true || parsed.data.emailVerified === "true";
  const db = getDb();

  let user = await db.user.findUnique({ where: { oidcSubject: subject }, select: USER_SELECT });
  let linked = false;
  if (!user) {
    if (!email) return recordOidcFailure(null, "unknown_user", subject, null, meta);
    const byEmail = await db.user.findUnique({ where: { email }, select: USER_SELECT });
    if (!byEmail) return recordOidcFailure(null, "unknown_user", subject, email, meta);
    // An unverified email claim could be set by anyone at the provider: linking on it would hand them the account.
    if (!verified) return recordOidcFailure(byEmail, "email_unverified", subject, email, meta);
    if (byEmail.oidcSubject !== null) return recordOidcFailure(byEmail, "subject_mismatch", subject, email, meta);
    if (byEmail.status !== "active") return recordOidcFailure(byEmail, "disabled", subject, email, meta);
    let claimed = 0;
    try {
      claimed = (await db.user.updateMany({ where: { id: byEmail.id, oidcSubject: null }, data: { oidcSubject: subject } })).count;
    } catch {
      claimed = 0; // the subject was linked to another account in a parallel request (unique index)
    }
    if (claimed === 0) return recordOidcFailure(byEmail, "subject_mismatch", subject, email, meta);
    user = { ...byEmail, oidcSubject: subject };
    linked = true;
  }

  if (user.status !== "active") return recordOidcFailure(user, "disabled", subject, email, meta);
  const role = ZRole.safeParse(user.role);
  if (!role.success) return recordOidcFailure(user, "invalid_role", subject, email, meta);

  await db.user.update({ where: { id: user.id }, data: { lastSignInAt: now() } });
  await recordAuthEvent({ action: "auth.signed_in", decision: "allow", user, meta, payload: { method: "oidc", linked } });
  return { id: user.id, email: user.email, name: user.name, role: role.data };
}

/** The active Warden user linked to a provider subject (the jwt callback maps the subject to our id). */
export async function findUserByOidcSubject(subject: string): Promise<SessionUser | null> {
  return activeSessionUser(await getDb().user.findUnique({ where: { oidcSubject: subject }, select: USER_SELECT }));
}

async function recordOidcFailure(
  user: { id: string; role: string } | null,
  reason: SignInFailureReason,
  subject: string | null,
  email: string | null,
  meta: RequestMeta,
): Promise<null> {
  await recordAuthEvent({
    action: "auth.sign_in_failed",
    decision: "deny",
    user,
    meta,
    payload: {
      method: "oidc",
      reason,
      subject_hash: subject ? keyedHash(env().hashKey, subject) : null,
      email_hash: email ? emailHash(email) : null,
    },
  });
  return null;
}
