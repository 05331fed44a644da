// STAND-IN for lib/sla/definitions/read-definitions.ts (the ingest slice owns it): the lead swaps the imports of
// currentSlaDefinitions / slaDefinitionVersions / toDefinitionView over to it at merge and deletes this file.
import { getDb } from "@/lib/db/client";
import type { BudgetingMethod, SlaDefinitionView, SlaSource, SliKind, ThresholdUnit } from "../types";

type Row = Awaited<ReturnType<ReturnType<typeof getDb>["slaDefinition"]["findFirstOrThrow"]>>;

export function toDefinitionView(r: Row): SlaDefinitionView {
  return {
    id: r.id,
    key: r.key,
    version: r.version,
    ref: `${r.key}@${r.version}`,
    current: r.current,
    name: r.name,
    description: r.description,
    sliKind: r.sliKind as SliKind,
    budgeting: r.budgeting as BudgetingMethod,
    target: r.target,
    threshold: r.threshold,
    warnThreshold: r.warnThreshold,
    unit: r.unit as ThresholdUnit,
    windowDays: r.windowDays,
    timeZone: r.timeZone,
    ownerTeam: r.ownerTeam,
    ownerId: r.ownerId,
    source: r.source as SlaSource,
    changeReason: r.changeReason,
    createdById: r.createdById,
    createdAt: r.createdAt,
  };
}

export async function currentSlaDefinitions(): Promise<SlaDefinitionView[]> {
  return (await getDb().slaDefinition.findMany({ where: { current: true }, orderBy: { key: "asc" } })).map(toDefinitionView);
}

/** Every version of one key, newest first. */
export async function slaDefinitionVersions(key: string): Promise<SlaDefinitionView[]> {
  return (await getDb().slaDefinition.findMany({ where: { key }, orderBy: { version: "desc" } })).map(toDefinitionView);
}
