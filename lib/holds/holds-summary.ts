// The home page's legal-holds tile: active holds, open matters, and the records all active holds protect together
// (one predicate per dataset over every active target, so a record two holds cover counts once; capped per dataset).
import { getDb } from "@/lib/db/client";
import { activeHoldTargets } from "./active-holds";
import { recordsProtected, totalProtected } from "./holds/records-protected";

export interface HoldsSummary {
  activeHolds: number;
  openMatters: number;
  recordsUnderHold: { count: number; capped: boolean };
}

export async function holdsSummary(): Promise<HoldsSummary> {
  const [active, openMatters] = await Promise.all([activeHoldTargets(), getDb().matter.count({ where: { status: "open" } })]);
  const targets = active.flatMap((h) => h.targets);
  return {
    activeHolds: active.length,
    openMatters,
    recordsUnderHold: targets.length > 0 ? totalProtected(await recordsProtected(targets)) : { count: 0, capped: false },
  };
}
