// SLA definitions as lib/sla reads them (decision 035): the current version of every key, every version of one key,
// and the mapping of a stored row (Prisma's, or the raw driver's snake_case one) onto SlaDefinitionView.
import type { Tx } from "@/lib/ledger/unit-of-work";
import { getDb } from "@/lib/db/client";
import {
  BUDGETING_METHODS,
  SLI_KINDS,
  THRESHOLD_UNITS,
  type BudgetingMethod,
  type SlaDefinitionView,
  type SlaSource,
  type SliKind,
  type ThresholdUnit,
} from "@/lib/sla/types";

/** The row as Prisma returns it (model SlaDefinition). */
export interface SlaDefinitionRow {
  id: string;
  key: string;
  version: number;
  current: boolean;
  name: string;
  description: string;
  sliKind: string;
  budgeting: string;
  target: number;
  threshold: number | null;
  warnThreshold: number | null;
  unit: string;
  windowDays: number;
  timeZone: string;
  ownerTeam: string;
  ownerId: string | null;
  source: string;
  changeReason: string;
  createdById: string | null;
  createdAt: Date;
}

const oneOf = <T extends string>(list: readonly T[], v: string, what: string): T => {
  // A row written by hand with a value the code does not know would be judged wrongly: fail loudly instead.
  if (!(list as readonly string[]).includes(v)) throw new Error(`sla_definitions holds an unknown ${what} "${v}"`);
  return v as T;
};

export function toDefinitionView(row: SlaDefinitionRow): SlaDefinitionView {
  return {
    id: row.id,
    key: row.key,
    version: row.version,
    ref: `${row.key}@${row.version}`,
    current: row.current,
    name: row.name,
    description: row.description,
    sliKind: oneOf<SliKind>(SLI_KINDS, row.sliKind, "sli_kind"),
    budgeting: oneOf<BudgetingMethod>(BUDGETING_METHODS, row.budgeting, "budgeting method"),
    target: row.target,
    threshold: row.threshold,
    warnThreshold: row.warnThreshold,
    unit: oneOf<ThresholdUnit>(THRESHOLD_UNITS, row.unit, "unit"),
    windowDays: row.windowDays,
    timeZone: row.timeZone,
    ownerTeam: row.ownerTeam,
    ownerId: row.ownerId,
    source: oneOf<SlaSource>(["ingest", "warden"], row.source, "source"),
    changeReason: row.changeReason,
    createdById: row.createdById,
    createdAt: row.createdAt,
  };
}

/** A row read with the raw driver (snake_case; SQLite gives 0/1 and text dates, PostgreSQL booleans and Dates). */
export function rawDefinitionView(r: Record<string, unknown>): SlaDefinitionView {
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return toDefinitionView({
    id: String(r.id),
    key: String(r.key),
    version: Number(r.version),
    current: r.current === true || r.current === 1 || r.current === 1n,
    name: String(r.name),
    description: String(r.description),
    sliKind: String(r.sli_kind),
    budgeting: String(r.budgeting),
    target: Number(r.target),
    threshold: num(r.threshold),
    warnThreshold: num(r.warn_threshold),
    unit: String(r.unit),
    windowDays: Number(r.window_days),
    timeZone: String(r.time_zone),
    ownerTeam: String(r.owner_team),
    ownerId: r.owner_id === null || r.owner_id === undefined ? null : String(r.owner_id),
    source: String(r.source),
    changeReason: String(r.change_reason),
    createdById: r.created_by_id === null || r.created_by_id === undefined ? null : String(r.created_by_id),
    createdAt: r.created_at instanceof Date ? r.created_at : new Date(String(r.created_at)),
  });
}

/** The current version of every SLA, by key. */
export async function currentSlaDefinitions(db: Tx = getDb()): Promise<SlaDefinitionView[]> {
  const rows = await db.slaDefinition.findMany({ where: { current: true }, orderBy: { key: "asc" } });
  return rows.map(toDefinitionView);
}

/** Every version of one SLA, newest first; [] for an unknown key. */
export async function slaDefinitionVersions(key: string, db: Tx = getDb()): Promise<SlaDefinitionView[]> {
  const rows = await db.slaDefinition.findMany({ where: { key }, orderBy: { version: "desc" } });
  return rows.map(toDefinitionView);
}
