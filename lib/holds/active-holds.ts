// Stand-in (purge slice) for the holds slice's reader: the active legal holds and their targets, a plain read of
// legal_holds and legal_hold_targets. The holds slice's version replaces this file at merge.
import { getDb } from "@/lib/db/client";
import type { Tx } from "@/lib/ledger/unit-of-work";
import type { HoldTarget } from "./types";

export async function activeHoldTargets(
  db?: Tx,
): Promise<Array<{ id: string; version: number; matterId: string; name: string; targets: HoldTarget[] }>> {
  const holds = await (db ?? getDb()).legalHold.findMany({
    where: { status: "active" },
    orderBy: { id: "asc" },
    select: { id: true, version: true, matterId: true, name: true, targets: { select: { kind: true, value: true, fromDay: true, toDay: true } } },
  });
  return holds.map((h) => ({
    id: h.id,
    version: h.version,
    matterId: h.matterId,
    name: h.name,
    targets: h.targets.map((t): HoldTarget =>
      t.kind === "date_range"
        ? { kind: "date_range", value: t.value, fromDay: t.fromDay ?? "", toDay: t.toDay ?? "" }
        : { kind: t.kind as "subject" | "booking_group" | "dataset", value: t.value },
    ),
  }));
}
