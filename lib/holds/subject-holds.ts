// Which active holds protect one person's record (the person page's notice, for holds.read): a hold naming the person
// as a subject, or one whose dataset or date-range target covers their row of marketplace.people@1 (asked of the
// warehouse with the same predicate the purge uses).
import { warehouseDataset } from "@/lib/warehouse/datasets";
import { getWarehouse } from "@/lib/warehouse/get-warehouse";
import { getDb } from "@/lib/db/client";
import { activeHoldTargets } from "./active-holds";
import { holdCoverClause } from "./hold-clause";

const PEOPLE = "marketplace.people@1";

export interface SubjectHold {
  holdId: string;
  holdName: string;
  matterId: string;
  matterName: string;
  /** How the hold reaches the person: named as a subject, or their record falls in a held dataset or date range. */
  via: "subject" | "dataset";
}

export async function activeHoldsForSubject(personId: string): Promise<SubjectHold[]> {
  const people = warehouseDataset(PEOPLE);
  if (!people) return [];
  const found: Array<{ id: string; name: string; matterId: string; via: SubjectHold["via"] }> = [];
  for (const hold of await activeHoldTargets()) {
    if (hold.targets.some((t) => t.kind === "subject" && t.value === personId)) {
      found.push({ ...hold, via: "subject" });
      continue;
    }
    const reaching = hold.targets.filter((t) => (t.kind === "dataset" || t.kind === "date_range") && t.value === PEOPLE);
    if (reaching.length === 0) continue;
    const { count } = await getWarehouse().countWhere(
      PEOPLE,
      (p) => {
        const cover = holdCoverClause(people, reaching, p);
        if (!cover) return null;
        return { sql: `(${cover.sql}) AND "${people.recordId}" = ${p(cover.params.length + 1)}`, params: [...cover.params, personId] };
      },
      { cap: 1 },
    );
    if (count > 0) found.push({ ...hold, via: "dataset" });
  }
  if (found.length === 0) return [];
  const matters = new Map(
    (await getDb().matter.findMany({ where: { id: { in: found.map((h) => h.matterId) } }, select: { id: true, name: true } })).map((m) => [
      m.id,
      m.name,
    ]),
  );
  return found.map((h) => ({ holdId: h.id, holdName: h.name, matterId: h.matterId, matterName: matters.get(h.matterId) ?? h.matterId, via: h.via }));
}
