import "server-only";
// The Users page's list: console users with their role, status, sign-in method, last sign-in and active grants,
// sorted, filtered and paged by the server (the URL is the table state). Auditors and privacy admins (user.read).
import { z } from "zod";
import type { Actor } from "@/lib/core/actor";
import { now } from "@/lib/core/clock";
import { AppError } from "@/lib/core/errors";
import { can, ROLES } from "@/lib/core/permissions";
import { dbTarget, getDb } from "@/lib/db/client";

export const USER_SORTS = ["name", "email", "role", "status", "lastSignInAt", "createdAt"] as const;
export const USER_STATUSES = ["active", "disabled"] as const;

// Each field falls back on its own: a hand-edited or stale URL shows the list rather than an error page.
export const ZUserListQuery = z.object({
  q: z.string().trim().max(100).catch(""),
  role: z.enum(ROLES).optional().catch(undefined),
  status: z.enum(USER_STATUSES).optional().catch(undefined),
  sort: z.enum(USER_SORTS).catch("name"),
  dir: z.enum(["asc", "desc"]).catch("asc"),
  /** The offset of the page (console users number in the hundreds, so offsets stay cheap). */
  cursor: z.coerce.number().int().min(0).max(1_000_000).catch(0),
  limit: z.coerce.number().int().min(1).max(200).catch(25),
});
export type TUserListQuery = Partial<z.input<typeof ZUserListQuery>>;

/** How the person signs in: a password, single sign-on (linked at first SSO sign-in), both, or not yet either. */
export type SignInMethod = "password" | "sso" | "password_and_sso" | "sso_pending";

export interface UserListRow {
  id: string;
  email: string;
  name: string;
  /** As stored; the UI shows a badge for the known roles. */
  role: string;
  status: string;
  signIn: SignInMethod;
  lastSignInAt: Date | null;
  createdAt: Date;
  activeGrants: number;
}

export interface UserListPage {
  rows: UserListRow[];
  nextCursor: string | null;
  prevCursor: string | null;
  total: number;
}

export async function listUsers(actor: Pick<Actor, "role">, query: TUserListQuery): Promise<UserListPage> {
  if (!can(actor, "user.read")) throw new AppError("forbidden", "Listing console users needs the user.read permission");
  const q = ZUserListQuery.parse(query);
  const db = getDb();
  const text = q.q
    ? // PostgreSQL compares case-sensitively unless told; SQLite's LIKE already ignores ASCII case (and has no `mode`).
      { contains: q.q, ...(dbTarget().dialect === "postgresql" ? { mode: "insensitive" as const } : {}) }
    : null;
  const where = {
    ...(q.role ? { role: q.role } : {}),
    ...(q.status ? { status: q.status } : {}),
    ...(text ? { OR: [{ name: text }, { email: text }] } : {}),
  };
  // Never-signed-in users sort last either way (NULLS LAST), ties broken by id so pages never overlap.
  const orderBy =
    q.sort === "lastSignInAt"
      ? [{ lastSignInAt: { sort: q.dir, nulls: "last" as const } }, { id: "asc" as const }]
      : [{ [q.sort]: q.dir }, { id: "asc" as const }];
  const [rows, total] = await Promise.all([
    db.user.findMany({
      where,
      orderBy,
      skip: q.cursor,
      take: q.limit,
      select: {
        id: true,
        email: true,
        name: true,
        role: true,
        status: true,
        passwordHash: true,
        oidcSubject: true,
        lastSignInAt: true,
        createdAt: true,
      },
    }),
    db.user.count({ where }),
  ]);
  const at = now();
  const counts = rows.length
    ? await db.grant.groupBy({
        by: ["userId"],
        where: { userId: { in: rows.map((r) => r.id) }, status: "active", activatedAt: { lte: at }, expiresAt: { gt: at } },
        _count: { _all: true },
      })
    : [];
  const grantsOf = new Map(counts.map((c) => [c.userId, c._count._all]));
  return {
    rows: rows.map(({ passwordHash, oidcSubject, ...r }) => ({
      ...r,
      signIn: signInMethod(passwordHash !== null, oidcSubject !== null),
      activeGrants: grantsOf.get(r.id) ?? 0,
    })),
    nextCursor: q.cursor + rows.length < total ? String(q.cursor + q.limit) : null,
    prevCursor: q.cursor > 0 ? String(Math.max(0, q.cursor - q.limit)) : null,
    total,
  };
}

function signInMethod(password: boolean, sso: boolean): SignInMethod {
  if (password) return sso ? "password_and_sso" : "password";
  return sso ? "sso" : "sso_pending";
}
