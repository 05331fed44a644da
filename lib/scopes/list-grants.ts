// Who holds what until when: every grant, for auditors and privacy admins (grant.read_all), filtered by tier, status,
// holder, source and how soon it expires, sorted by expiry or activation, keyset-paginated (the one list contract).
import { z } from "zod";
import type { Prisma } from "@db-client";
import { now } from "@/lib/core/clock";
import { AppError } from "@/lib/core/errors";
import { can, type Role } from "@/lib/core/permissions";
import { ZScope } from "@/lib/core/schemas";
import type { Scope } from "@/lib/core/tiers";
import { getDb } from "@/lib/db/client";
import { parseDatasets } from "./vocabulary";
import { GRANT_SOURCES, GRANT_STATUSES, type GrantSource, type GrantStatus } from "./vocabulary";
import { findPeople } from "./find-people";

export const GRANT_SORTS = ["expires", "activated"] as const;
const SORT_COLUMN = { expires: "expiresAt", activated: "activatedAt" } as const;

// URL params arrive as "" when a filter is cleared: that means "no filter".
const blankToUndefined = (v: unknown) => (v === "" ? undefined : v);
const opt = <S extends z.ZodType>(schema: S) => z.preprocess(blankToUndefined, schema.optional());

export const ZGrantsQuery = z.object({
  tier: opt(ZScope),
  /** Default: active grants (who holds what now). */
  status: z.preprocess(blankToUndefined, z.enum([...GRANT_STATUSES, "all"]).default("active")),
  /** The holder's email, or part of it. */
  holder: opt(z.string().trim().toLowerCase().max(254, "Keep the holder filter under 254 characters")),
  source: opt(z.enum(GRANT_SOURCES)),
  /** Active grants ending within this many hours. */
  expiringWithinHours: opt(
    z.coerce
      .number()
      .int()
      .min(1, "At least 1 hour")
      .max(24 * 365, "At most a year"),
  ),
  sort: z.preprocess(blankToUndefined, z.enum(GRANT_SORTS).default("expires")),
  dir: z.preprocess(blankToUndefined, z.enum(["asc", "desc"]).default("asc")),
  cursor: opt(z.string().regex(/^\d{1,15}\.grt_[0-9a-z]{4,40}$/, "This page link is not valid")),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type TGrantsQuery = z.input<typeof ZGrantsQuery>;

export interface GrantListRow {
  id: string;
  scope: Scope;
  status: GrantStatus;
  source: GrantSource;
  datasets: string[] | null;
  reason: string;
  policyVersion: number | null;
  requestId: string | null;
  activatedAt: Date;
  expiresAt: Date;
  endedAt: Date | null;
  endComment: string | null;
  holder: { id: string; email: string; name: string; role: Role };
  grantedByEmail: string | null;
  endedByEmail: string | null;
}

export interface GrantsPage {
  rows: GrantListRow[];
  nextCursor: string | null;
  total: number;
}

export async function listGrants(viewer: { role: Role }, query: TGrantsQuery): Promise<GrantsPage> {
  if (!can(viewer, "grant.read_all")) throw new AppError("forbidden", "Seeing everyone's grants needs the grant.read_all permission");
  const q = ZGrantsQuery.parse(query);
  const at = now();
  const where: Prisma.GrantWhereInput = {
    ...(q.tier ? { scope: q.tier } : {}),
    ...(q.status !== "all" ? { status: q.status } : {}),
    ...(q.source ? { source: q.source } : {}),
    ...(q.holder ? { user: { email: { contains: q.holder } } } : {}),
  };
  if (q.expiringWithinHours !== undefined) {
    where.AND = [{ status: "active" }, { expiresAt: { gt: at, lte: new Date(at.getTime() + q.expiringWithinHours * 3_600_000) } }];
  }
  const column = SORT_COLUMN[q.sort];
  const dir = q.dir;
  let page: Prisma.GrantWhereInput = where;
  if (q.cursor) {
    const dot = q.cursor.indexOf(".");
    const t = new Date(Number(q.cursor.slice(0, dot)));
    const id = q.cursor.slice(dot + 1);
    const beyond = dir === "asc" ? "gt" : "lt";
    page = { AND: [where, { OR: [{ [column]: { [beyond]: t } }, { [column]: t, id: { [beyond]: id } }] }] };
  }

  const db = getDb();
  const [found, total] = await Promise.all([
    db.grant.findMany({
      where: page,
      orderBy: [{ [column]: dir }, { id: dir }],
      take: q.limit + 1,
      select: ROW_SELECT,
    }),
    db.grant.count({ where }),
  ]);
  const rows = found.slice(0, q.limit);
  const last = rows[rows.length - 1];
  return {
    rows: await toListRows(rows),
    nextCursor: found.length > q.limit && last ? `${last[column].getTime()}.${last.id}` : null,
    total,
  };
}

/** One grant, as the list shows it (auditors and privacy admins), or null. */
export async function getGrant(viewer: { role: Role }, grantId: string): Promise<GrantListRow | null> {
  if (!can(viewer, "grant.read_all")) throw new AppError("forbidden", "Seeing everyone's grants needs the grant.read_all permission");
  if (!/^grt_[0-9a-z]{4,40}$/.test(grantId)) return null;
  const row = await getDb().grant.findUnique({ where: { id: grantId }, select: ROW_SELECT });
  return row ? (await toListRows([row]))[0] : null;
}

const ROW_SELECT = {
  id: true,
  scope: true,
  status: true,
  source: true,
  datasets: true,
  reason: true,
  policyVersion: true,
  requestId: true,
  activatedAt: true,
  expiresAt: true,
  endedAt: true,
  endedById: true,
  endComment: true,
  user: { select: { id: true, email: true, name: true, role: true } },
  grantedBy: { select: { email: true } },
} satisfies Prisma.GrantSelect;

async function toListRows(rows: Array<Prisma.GrantGetPayload<{ select: typeof ROW_SELECT }>>): Promise<GrantListRow[]> {
  const enders = await findPeople(rows.map((r) => r.endedById));
  return rows.map(({ user, grantedBy, endedById, datasets, ...r }) => ({
    ...r,
    scope: r.scope as Scope,
    status: r.status as GrantStatus,
    source: r.source as GrantSource,
    datasets: parseDatasets(datasets),
    holder: { ...user, role: user.role as Role },
    grantedByEmail: grantedBy?.email ?? null,
    endedByEmail: endedById ? (enders.get(endedById)?.email ?? null) : null,
  }));
}
