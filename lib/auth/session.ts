import "server-only";
// Who is asking, and may they: the server-side checks every page, server action and route handler calls
// (law 5). Refusals are recorded in the ledger, so an auditor sees who tried to open what.
import { getServerSession } from "next-auth/next";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import type { RequestMeta } from "@/lib/core/actor";
import { AppError } from "@/lib/core/errors";
import { can, ROLE_LABELS, type Permission } from "@/lib/core/permissions";
import { recordAuthEvent } from "./auth-events";
import { safeCallbackPath } from "./callback-path";
import { currentRequestMeta } from "./current-request-meta";
import { getAuthOptions } from "./options";
import type { SessionUser } from "./session-user";
import { PATHNAME_HEADER } from "@/lib/http/headers";

/**
 * The signed-in, active user (deduplicated within one render), or null. The session callback has just checked the
 * session row and re-read the user from the database, so an ended session or a disabled user reads as signed out.
 */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const session = await getServerSession(getAuthOptions());
  return session?.user ?? null;
});

/** For server actions and route handlers: the user, or an `unauthenticated` AppError (401). */
export async function requireUser(): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) throw new AppError("unauthenticated", "Sign in to continue.");
  return user;
}

/** For server actions and route handlers: returns when the user's role grants the permission; otherwise
 * records the refusal and throws a `forbidden` AppError (403). */
export async function requirePermission(user: SessionUser, permission: Permission, meta?: RequestMeta): Promise<void> {
  if (can(user, permission)) return;
  await recordAccessDenied(user, permission, meta ?? (await currentRequestMeta()));
  throw new AppError("forbidden", `Your role (${ROLE_LABELS[user.role]}) does not allow this (${permission}).`);
}

/** For pages: the user, or a redirect to the sign-in page that brings them back here afterwards. */
export async function requirePageUser(): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(await currentPath())}`);
  return user;
}

/** For pages: the user when their role grants the permission; otherwise the refusal is recorded and the
 * 403 page (app/forbidden.tsx) is rendered. */
export async function requirePagePermission(permission: Permission): Promise<SessionUser> {
  const user = await requirePageUser();
  if (!can(user, permission)) {
    await recordAccessDenied(user, permission, await currentRequestMeta());
    forbidden();
  }
  return user;
}

async function recordAccessDenied(user: SessionUser, permission: Permission, meta: RequestMeta): Promise<void> {
  const path = (await currentPathOrNull())?.split("?")[0] ?? null;
  await recordAuthEvent({
    action: "console.access_denied",
    decision: "deny",
    user,
    meta,
    purpose: "",
    resource: `permission:${permission}`,
    // The path only, not the query: a search box's query string may hold a name or an email.
    payload: path ? { path: path.slice(0, 300) } : undefined,
  });
}

async function currentPath(): Promise<string> {
  return (await currentPathOrNull()) ?? "/";
}

async function currentPathOrNull(): Promise<string | null> {
  try {
    const raw = (await headers()).get(PATHNAME_HEADER);
    return raw ? (safeCallbackPath(raw) === raw ? raw : null) : null;
  } catch {
    return null; // outside a request (tests, scripts)
  }
}
