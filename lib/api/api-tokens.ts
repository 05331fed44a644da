// Issuing and revoking machine tokens (privacy admins, token.manage). Both are governance changes: the row and its
// ledger entry commit together, and a refusal is recorded (lib/scopes/record-refusal.ts). The secret is returned
// once, from createApiToken, and never stored or logged.
import { z } from "zod";
import type { Acting } from "@/lib/core/actor";
import { now } from "@/lib/core/clock";
import { AppError } from "@/lib/core/errors";
import { newId } from "@/lib/core/ids";
import { can, ROLES, type Role } from "@/lib/core/permissions";
import { getDb } from "@/lib/db/client";
import { governanceEntry } from "@/lib/ledger/unit-of-work";
import { commitOrRefuse, parseOrRefuse, refusal, requirePermissionOrRefuse, type RefusalContext } from "@/lib/scopes/record-refusal";
import { hashTokenSecret, newTokenSecret, tokenPrefixOf } from "./token-secret";
import { TOKEN_USES, USE_NEEDS, type TokenUse } from "./token-uses";

export const MAX_TOKEN_DAYS = 365;

export const ZNewApiToken = z.object({
  // A machine name: it is recorded as the source of every event the token reports (resource external:<name>),
  // so it may not carry a person's name or any free text.
  name: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9._-]{1,59}$/, { error: "use 2–60 lower-case letters, digits, dots, dashes or underscores, e.g. warehouse-bi" }),
  ownerId: z.string().regex(/^usr_[0-9a-z]{4,40}$/, { error: "choose the console user who answers for this token" }),
  uses: z
    .array(z.enum(TOKEN_USES, { error: `each use must be one of: ${TOKEN_USES.join(", ")}` }))
    .min(1, { error: "choose at least one use" })
    .transform((u) => [...new Set(u)].sort() as TokenUse[]),
  expiresInDays: z.coerce
    .number({ error: "give the number of days" })
    .int({ error: "give a whole number of days" })
    .min(1, { error: "at least 1 day" })
    .max(MAX_TOKEN_DAYS, { error: `at most ${MAX_TOKEN_DAYS} days` }),
});
export type TNewApiToken = z.input<typeof ZNewApiToken>;

export interface ApiTokenView {
  id: string;
  name: string;
  ownerId: string;
  ownerEmail: string;
  ownerName: string;
  ownerActive: boolean;
  uses: TokenUse[];
  tokenPrefix: string;
  expiresAt: Date;
  createdAt: Date;
  createdById: string;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

export function parseUses(json: string): TokenUse[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((u): u is TokenUse => (TOKEN_USES as readonly string[]).includes(String(u))) : [];
  } catch {
    return []; // unreadable uses allow nothing (fail closed)
  }
}

const ctxFor = (resource: string, attempted: string, payload?: Record<string, unknown>): RefusalContext => ({
  attempted,
  privacyTier: "none",
  resource,
  payload,
});

/** Creates a token for an active console user; the secret is in the answer only. */
export async function createApiToken(acting: Acting, input: TNewApiToken): Promise<{ token: ApiTokenView; secret: string }> {
  const ctx = ctxFor("api_token:new", "create_api_token");
  await requirePermissionOrRefuse(acting, "token.manage", ctx);
  const data = await parseOrRefuse(ZNewApiToken, input, acting, ctx);
  const secret = newTokenSecret();
  const at = now();
  const { result } = await commitOrRefuse(acting, async ({ tx, record }) => {
    const owner = await tx.user.findUnique({ where: { id: data.ownerId }, select: { id: true, status: true, role: true } });
    if (!owner) throw refusal(ctx, "validation_failed", "No such console user", "ownerId");
    if (owner.status !== "active")
      throw refusal(ctx, "validation_failed", "The owner's account is disabled: choose an active console user", "ownerId");
    const beyond = data.uses.filter((u) => !ownerMayUse({ role: owner.role }, u));
    if (beyond.length > 0) {
      const what = beyond.join(" or ");
      throw refusal(ctx, "validation_failed", `The owner's role cannot hold ${what}: choose an auditor or a privacy admin as owner`, "uses");
    }
    const clash = await tx.apiToken.findFirst({ where: { name: data.name, revokedAt: null, expiresAt: { gt: at } }, select: { id: true } });
    if (clash) throw refusal(ctx, "conflict", "A token with this name is in use: revoke it first or choose another name", "name");
    const row = await tx.apiToken.create({
      data: {
        id: newId("tok"),
        name: data.name,
        ownerId: owner.id,
        uses: JSON.stringify(data.uses),
        tokenHash: hashTokenSecret(secret),
        tokenPrefix: tokenPrefixOf(secret),
        expiresAt: new Date(at.getTime() + data.expiresInDays * 86_400_000),
        createdAt: at,
        createdById: acting.actor.id,
      },
      select: { id: true },
    });
    record(
      governanceEntry(acting.actor, acting.meta, {
        action: "api.token_created",
        privacyTier: "none",
        resource: `api_token:${row.id}`,
        payload: { name: data.name, owner_id: owner.id, uses: data.uses, expires_in_days: data.expiresInDays },
      }),
    );
    return row.id;
  });
  const token = (await listApiTokens(acting, { id: result }))[0];
  return { token, secret };
}

/** Revokes a token at once: the next call with it is refused. Revoking a revoked token changes nothing. */
export async function revokeApiToken(acting: Acting, tokenId: string): Promise<{ changed: boolean }> {
  const ctx = ctxFor(`api_token:${tokenId.slice(0, 60)}`, "revoke_api_token");
  await requirePermissionOrRefuse(acting, "token.manage", ctx);
  const id = await parseOrRefuse(z.string().regex(/^tok_[0-9a-z]{4,40}$/, { error: "must be a token id" }), tokenId, acting, ctx, "tokenId");
  const { result } = await commitOrRefuse(acting, async ({ tx, record }) => {
    const row = await tx.apiToken.findUnique({ where: { id }, select: { id: true, name: true, revokedAt: true } });
    if (!row) throw refusal(ctx, "not_found", "No such token", "tokenId");
    if (row.revokedAt) return false;
    await tx.apiToken.update({ where: { id }, data: { revokedAt: now(), revokedById: acting.actor.id } });
    record(
      governanceEntry(acting.actor, acting.meta, {
        action: "api.token_revoked",
        privacyTier: "none",
        resource: `api_token:${id}`,
        payload: { name: row.name },
      }),
    );
    return true;
  });
  return { changed: result };
}

/** Every token (newest first), for the console's token page. Never the hash. */
export async function listApiTokens(acting: Acting, where: { id?: string } = {}): Promise<ApiTokenView[]> {
  if (!can(acting.actor, "token.manage")) throw new AppError("forbidden", "Managing API tokens needs the token.manage permission");
  const rows = await getDb().apiToken.findMany({
    where: where.id ? { id: where.id } : {},
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 500,
    select: {
      id: true,
      name: true,
      ownerId: true,
      uses: true,
      tokenPrefix: true,
      expiresAt: true,
      createdAt: true,
      createdById: true,
      revokedAt: true,
      lastUsedAt: true,
      owner: { select: { email: true, name: true, status: true } },
    },
  });
  return rows.map(({ owner, uses, ...r }) => ({
    ...r,
    uses: parseUses(uses),
    ownerEmail: owner.email,
    ownerName: owner.name,
    ownerActive: owner.status === "active",
  }));
}

/** Who may own a token: the active console users (for the token form's owner list). */
export async function listTokenOwners(acting: Acting): Promise<Array<{ id: string; email: string; name: string; role: string }>> {
  if (!can(acting.actor, "token.manage")) throw new AppError("forbidden", "Managing API tokens needs the token.manage permission");
  return getDb().user.findMany({
    where: { status: "active" },
    orderBy: { email: "asc" },
    take: 1000,
    select: { id: true, email: true, name: true, role: true },
  });
}

/** Whether a console user's role reaches as far as the use (USE_NEEDS); an unknown role reaches nothing. */
export function ownerMayUse(owner: { role: string }, use: TokenUse): boolean {
  const needs = USE_NEEDS[use];
  if (!(ROLES as readonly string[]).includes(owner.role)) return false;
  return needs === null || can({ role: owner.role as Role }, needs);
}
