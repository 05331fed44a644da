// Access requests in the one list contract ({ rows, nextCursor, total }): filtered, sorted and keyset-paginated on
// the server. Privacy admins see every request; anyone else only their own, enforced in the query (CONVENTIONS §5).
import type { Prisma } from "@db-client";
import { z } from "zod";
import { now } from "@/lib/core/clock";
import { AppError } from "@/lib/core/errors";
import { can, type Role } from "@/lib/core/permissions";
import { ZScope } from "@/lib/core/schemas";
import { SCOPES, type Scope } from "@/lib/core/tiers";
import { getDb } from "@/lib/db/client";
import { getPolicy } from "./get-policy";
import { parseDatasets, REQUEST_STATUSES, type RequestStatus } from "./vocabulary";

/** A status, or "decided": every request that is no longer pending. */
export const REQUEST_STATUS_FILTERS = [...REQUEST_STATUSES, "decided"] as const;
export const REQUEST_SORTS = ["created", "pending_until"] as const;
/** Older than: a whole number of hours or days, e.g. 4h or 3d. */
export const AGE_PATTERN = /^([1-9][0-9]{0,3})([hd])$/;

export const ZRequestListQuery = z.object({
  tier: ZScope.optional(),
  status: z.enum(REQUEST_STATUS_FILTERS).optional(),
  age: z.string().regex(AGE_PATTERN, "must be a number of hours or days, e.g. 4h or 3d").optional(),
  requester: z
    .string()
    .regex(/^usr_[0-9a-z]{4,40}$/, "must be a user id")
    .optional(),
  sort: z.enum(REQUEST_SORTS).default("created"),
  dir: z.enum(["asc", "desc"]).default("desc"),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export type TRequestListQuery = z.input<typeof ZRequestListQuery>;

export interface AccessRequestRow {
  id: string;
  requesterId: string;
  requesterEmail: string;
  requesterName: string;
  scope: Scope;
  status: RequestStatus;
  reason: string;
  ticket: string | null;
  durationMinutes: number;
  /** null = every dataset. */
  datasets: string[] | null;
  policyVersion: number;
  /** ISO-8601 instants (rows cross to client components as plain data). */
  createdAt: string;
  pendingUntil: string;
  decidedAt: string | null;
  /** Approvals given so far, and how many it needs: for a pending request, under the stricter of its own policy
   * version and the one in force now (what approving would ask). */
  approvals: number;
  approvalsNeeded: number;
}

export interface AccessRequestPage {
  rows: AccessRequestRow[];
  nextCursor: string | null;
  total: number;
}

interface Viewer {
  id: string;
  role: Role;
}

/** The requests this viewer may see at all: the check inside the query. */
export function visibleTo(viewer: Viewer): Prisma.AccessRequestWhereInput {
  if (can(viewer, "scope.approve")) return {};
  if (can(viewer, "scope.request")) return { requesterId: viewer.id };
  throw new AppError("forbidden", "Your role cannot see access requests");
}

export async function listAccessRequests(viewer: Viewer, query: TRequestListQuery): Promise<AccessRequestPage> {
  const q = ZRequestListQuery.parse(query);
  const filters: Prisma.AccessRequestWhereInput[] = [visibleTo(viewer)];
  if (q.tier) filters.push({ scope: q.tier });
  if (q.status === "decided") filters.push({ status: { not: "pending" } });
  else if (q.status) filters.push({ status: q.status });
  if (q.requester) filters.push({ requesterId: q.requester });
  if (q.age) {
    const [, n, unit] = AGE_PATTERN.exec(q.age)!;
    filters.push({ createdAt: { lte: new Date(now().getTime() - Number(n) * (unit === "d" ? 86_400_000 : 3_600_000)) } });
  }
  const where: Prisma.AccessRequestWhereInput = { AND: filters };
  const field = q.sort === "created" ? "createdAt" : "pendingUntil";
  const cursor = q.cursor ? decodeCursor(q.cursor) : null;
  const page = cursor ? { AND: [where, after(field, q.dir, cursor)] } : where;

  const db = getDb();
  const [found, total] = await Promise.all([
    db.accessRequest.findMany({
      where: page,
      orderBy: [{ [field]: q.dir }, { id: q.dir }],
      take: q.limit + 1,
      select: {
        id: true,
        requesterId: true,
        scope: true,
        status: true,
        reason: true,
        ticket: true,
        durationMinutes: true,
        datasets: true,
        policyVersion: true,
        approvalsRequired: true,
        createdAt: true,
        pendingUntil: true,
        decidedAt: true,
        requester: { select: { email: true, name: true } },
        _count: { select: { approvals: { where: { decision: "approve" } } } },
      },
    }),
    db.accessRequest.count({ where }),
  ]);
  const rows = found.slice(0, q.limit);
  const inForce = new Map<Scope, number>();
  for (const s of SCOPES) if (rows.some((r) => r.scope === s && r.status === "pending")) inForce.set(s, (await getPolicy(s)).approvalsRequired);
  const last = rows.at(-1);
  return {
    rows: rows.map((r) => {
      const approvals = r._count.approvals;
      const scope = r.scope as Scope;
      return {
        id: r.id,
        requesterId: r.requesterId,
        requesterEmail: r.requester.email,
        requesterName: r.requester.name,
        scope,
        status: r.status as RequestStatus,
        reason: r.reason,
        ticket: r.ticket,
        durationMinutes: r.durationMinutes,
        datasets: parseDatasets(r.datasets),
        policyVersion: r.policyVersion,
        createdAt: r.createdAt.toISOString(),
        pendingUntil: r.pendingUntil.toISOString(),
        decidedAt: r.decidedAt?.toISOString() ?? null,
        approvals,
        approvalsNeeded: r.status === "pending" ? Math.max(r.approvalsRequired, inForce.get(scope) ?? 0) : Math.max(r.approvalsRequired, approvals),
      };
    }),
    nextCursor: found.length > q.limit && last ? encodeCursor(last[field], last.id) : null,
    total,
  };
}

/** The people whose requests this viewer may filter by (the queue's requester filter). */
export async function listRequesters(viewer: Viewer): Promise<Array<{ id: string; email: string; name: string }>> {
  const where = visibleTo(viewer);
  return getDb().user.findMany({ where: { requests: { some: where } }, select: { id: true, email: true, name: true }, orderBy: { email: "asc" } });
}

// The cursor names the last row shown by its sort value and id (keyset), so a page never repeats or skips a row
// when requests arrive meanwhile. Opaque to the browser; a tampered one is a 400, never a 500.
function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString("base64url");
}

function decodeCursor(cursor: string): { at: Date; id: string } {
  const [iso, id, extra] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const at = new Date(iso ?? "");
  if (extra !== undefined || !id || !/^req_[0-9a-z]{4,40}$/.test(id) || Number.isNaN(at.getTime())) {
    throw new AppError("bad_request", "The page link is not valid; start from the first page", { field: "cursor" });
  }
  return { at, id };
}

function after(field: "createdAt" | "pendingUntil", dir: "asc" | "desc", c: { at: Date; id: string }): Prisma.AccessRequestWhereInput {
  const beyond = dir === "asc" ? "gt" : "lt";
  return { OR: [{ [field]: { [beyond]: c.at } }, { [field]: c.at, id: { [beyond]: c.id } }] };
}
