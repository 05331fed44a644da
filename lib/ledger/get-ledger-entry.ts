// One ledger entry as an auditor examines it: the full record, its neighbours in the chain, and "why was this masked
// or denied": the policy version it was decided under, the column verdicts, and the actor's grants that were in
// force at that moment for that dataset, reconstructed from the grants table by time window (the entry itself does
// not name the grants; a grant edited since would change the reconstruction, which the page says).
import { z } from "zod";
import type { Role } from "@/lib/core/permissions";
import { dbTarget, getDb } from "@/lib/db/client";
import type { DbTarget } from "@/lib/db/dialect";
import type { LedgerEntry } from "./entry";
import { assertLedgerReader } from "./find-ledger-entries";
import { rawQuery } from "./ledger-query";
import { fromRow, LEDGER_COLUMNS, type LedgerRow } from "./row";

export const ZSeq = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export interface ReconstructedGrant {
  id: string;
  scope: string;
  source: string;
  status: string;
  datasets: string[] | null;
  activatedAt: string;
  expiresAt: string;
  endedAt: string | null;
}

export interface LedgerEntryDetail {
  entry: LedgerEntry;
  actorEmail: string | null;
  /** The chain is contiguous from 1: the neighbours are seq - 1 and seq + 1 when they exist. */
  prevSeq: number | null;
  nextSeq: number | null;
  /** Grants of the actor active at occurred_at that cover the entry's resource; null when the entry is not a dataset read by a user. */
  grants: ReconstructedGrant[] | null;
}

export async function getLedgerEntry(actor: { role: Role }, seqInput: unknown, target: DbTarget = dbTarget()): Promise<LedgerEntryDetail | null> {
  assertLedgerReader(actor);
  const parsed = ZSeq.safeParse(seqInput);
  if (!parsed.success) return null;
  const seq = parsed.data;
  const p = (n: number) => (target.dialect === "sqlite" ? "?" : `$${n}`);
  const [row] = await rawQuery<LedgerRow & { actor_email: string | null }>(
    `SELECT ${LEDGER_COLUMNS.map((c) => `l.${c}`).join(", ")}, u.email AS actor_email
     FROM ledger_entries l LEFT JOIN users u ON u.id = l.actor_id WHERE l.seq = ${p(1)} AND l.seq >= 1`,
    [seq],
    target,
  );
  if (!row) return null;
  const [h] = await rawQuery<{ head: number | string | null }>("SELECT MAX(seq) AS head FROM ledger_entries", [], target);
  const head = Number(h?.head ?? 0);
  const entry = fromRow(row);
  return {
    entry,
    actorEmail: row.actor_email,
    prevSeq: seq > 1 ? seq - 1 : null,
    nextSeq: seq < head ? seq + 1 : null,
    grants: await grantsInForce(entry),
  };
}

/** The actor's grants whose window held occurred_at and whose dataset limits (if any) name the entry's resource. */
async function grantsInForce(entry: LedgerEntry): Promise<ReconstructedGrant[] | null> {
  if (!entry.actorId || !/^[a-z0-9_.-]+@\d+$/i.test(entry.resource)) return null;
  const at = new Date(entry.occurredAt);
  const grants = await getDb().grant.findMany({
    where: {
      userId: entry.actorId,
      activatedAt: { lte: at },
      expiresAt: { gt: at },
      OR: [{ endedAt: null }, { endedAt: { gt: at } }],
    },
    orderBy: { activatedAt: "asc" },
    select: { id: true, scope: true, source: true, status: true, datasets: true, activatedAt: true, expiresAt: true, endedAt: true },
    take: 100,
  });
  return grants
    .map((g) => ({
      id: g.id,
      scope: g.scope,
      source: g.source,
      status: g.status,
      datasets: parseDatasets(g.datasets),
      activatedAt: g.activatedAt.toISOString(),
      expiresAt: g.expiresAt.toISOString(),
      endedAt: g.endedAt?.toISOString() ?? null,
    }))
    .filter((g) => g.datasets === null || g.datasets.includes(entry.resource));
}

function parseDatasets(json: string | null): string[] | null {
  if (json === null) return null;
  try {
    const v = JSON.parse(json);
    return Array.isArray(v) ? v.map(String) : null;
  } catch {
    return null;
  }
}
