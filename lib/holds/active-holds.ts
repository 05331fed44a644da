// The active legal holds with their targets: the ONE way the purge engine (and anything else that must honour holds)
// reads them (docs/decisions/030-legal-holds.md). Called by a purge batch after it took the purge lease, inside or
// outside its transaction, so it takes an optional `tx`.
import { getDb } from "@/lib/db/client";
import type { Tx } from "@/lib/ledger/unit-of-work";
import type { HoldTarget } from "./types";

export interface ActiveHold {
  id: string;
  /** Bumped on every change of the hold: a purge run's snapshot names exactly which state it read. */
  version: number;
  matterId: string;
  name: string;
  targets: HoldTarget[];
}

/** Every hold in state `active`, oldest first, with its targets (stable order, so snapshots compare). */
export async function activeHoldTargets(db?: Tx): Promise<ActiveHold[]> {
  const client = db ?? getDb();
  const holds = await client.legalHold.findMany({
    where: { status: "active" },
    orderBy: [{ activatedAt: "asc" }, { id: "asc" }],
    select: {
      id: true,
      version: true,
      matterId: true,
      name: true,
      targets: {
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: { kind: true, value: true, fromDay: true, toDay: true },
      },
    },
  });
  return holds.map((h) => ({ id: h.id, version: h.version, matterId: h.matterId, name: h.name, targets: h.targets.map(toHoldTarget) }));
}

/** A stored target row as the purge and the coverage clause read it. */
export function toHoldTarget(row: { kind: string; value: string; fromDay: string | null; toDay: string | null }): HoldTarget {
  switch (row.kind) {
    case "subject":
    case "booking_group":
    case "dataset":
      return { kind: row.kind, value: row.value };
    case "date_range":
      return { kind: "date_range", value: row.value, fromDay: row.fromDay ?? "", toDay: row.toDay ?? "" };
    default:
      // A kind this code does not know would silently protect nothing: refuse loudly instead.
      throw new Error(`legal hold target of unknown kind "${row.kind}"`);
  }
}
