// The matters list (holds.read): open ones first by default, newest first, with their holds counted by state and
// their custodians' acknowledgements. Keyset on (created_at, id), `{ rows, nextCursor, total }`.
import { z } from "zod";
import type { Actor } from "@/lib/core/actor";
import { AppError } from "@/lib/core/errors";
import { can } from "@/lib/core/permissions";
import { getDb } from "@/lib/db/client";
import type { HoldStatus, MatterStatus } from "../types";

const ZCursor = z
  .string()
  .regex(/^\d{1,15}\.mat_[0-9a-z]{4,40}$/)
  .transform((s) => {
    const dot = s.indexOf(".");
    return { at: new Date(Number(s.slice(0, dot))), id: s.slice(dot + 1) };
  });

export const ZMatterListQuery = z.object({
  status: z.enum(["open", "closed", "all"]).catch("open"),
  cursor: ZCursor.optional().catch(undefined),
  limit: z.coerce.number().int().min(1).max(100).catch(25),
});
// Raw values from the URL: anything unparsable falls back to the defaults.
export type TMatterListQuery = { status?: string; cursor?: string; limit?: number };

export interface MatterListRow {
  id: string;
  name: string;
  legalReference: string;
  status: MatterStatus;
  ownerName: string;
  ownerEmail: string;
  createdAt: Date;
  holds: Record<HoldStatus, number>;
  custodians: number;
  acknowledged: number;
}

export async function listMatters(
  viewer: Actor,
  query: TMatterListQuery = {},
): Promise<{ rows: MatterListRow[]; nextCursor: string | null; total: number }> {
  if (!can(viewer, "holds.read")) throw new AppError("forbidden", "Reading legal matters needs holds.read");
  const q = ZMatterListQuery.parse(query);
  const base = q.status === "all" ? {} : { status: q.status };
  const after = q.cursor ? { OR: [{ createdAt: { lt: q.cursor.at } }, { createdAt: q.cursor.at, id: { lt: q.cursor.id } }] } : {};
  const db = getDb();
  const [found, total] = await Promise.all([
    db.matter.findMany({
      where: { ...base, ...after },
      select: {
        id: true,
        name: true,
        legalReference: true,
        status: true,
        createdAt: true,
        owner: { select: { name: true, email: true } },
        holds: { select: { status: true } },
        custodians: { select: { acknowledgedAt: true } },
      },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: q.limit + 1,
    }),
    db.matter.count({ where: base }),
  ]);
  const rows = found.slice(0, q.limit).map((m) => {
    const holds: Record<HoldStatus, number> = { draft: 0, active: 0, released: 0 };
    for (const h of m.holds) holds[h.status as HoldStatus]++;
    return {
      id: m.id,
      name: m.name,
      legalReference: m.legalReference,
      status: m.status as MatterStatus,
      ownerName: m.owner.name,
      ownerEmail: m.owner.email,
      createdAt: m.createdAt,
      holds,
      custodians: m.custodians.length,
      acknowledged: m.custodians.filter((c) => c.acknowledgedAt !== null).length,
    };
  });
  const last = rows.at(-1);
  return { rows, nextCursor: found.length > q.limit && last ? `${last.createdAt.getTime()}.${last.id}` : null, total };
}
