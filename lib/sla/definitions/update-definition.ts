// A privacy admin edits an SLA definition (issue 10 item 1, decision 035). An edit never updates a row: it inserts
// version N+1 as current and un-currents N in ONE unit of work with its ledger entry (sla.definition_changed, old and
// new values, the reason), so tiles keep referencing key@version and attainment can be shown under both. The SLI
// (kind) and its unit are fixed per key: the stored observations are of that kind. Then the new version's rollups
// are rebuilt from the stored observations.
import { retryWhileBusy } from "@/lib/db/busy";
import { IANAZone } from "luxon";
import { z } from "zod";
import type { Acting } from "@/lib/core/actor";
import { now } from "@/lib/core/clock";
import { AppError } from "@/lib/core/errors";
import { newId } from "@/lib/core/ids";
import { dbTarget } from "@/lib/db/client";
import { governanceEntry } from "@/lib/ledger/unit-of-work";
import { commitOrRefuse, parseOrRefuse, refusal, requirePermissionOrRefuse, type RefusalContext } from "@/lib/scopes/record-refusal";
import { ZReason } from "@/lib/scopes/vocabulary";
import { PG_SLA_KEY_LOCK_CLASS } from "@/lib/sla/ingest/insert-observations";
import { rebuildRollups } from "@/lib/sla/rollups";
import {
  BUDGETING_METHODS,
  SLA_EDITABLE_FIELDS,
  type BudgetingMethod,
  type SlaDefinitionView,
  type SliKind,
  type ThresholdUnit,
} from "@/lib/sla/types";
import { toDefinitionView } from "./read-definitions";

/**
 * The budgeting methods that make sense per kind. Occurrences need events that are each good or bad (runs, checks,
 * closes, approvals); timeslices need regular samples (freshness, latency windows, counts per window); daily needs a
 * verdict per local day; invariant (no budget, target 1) suits promises where any miss is a breach.
 */
export const BUDGETING_FOR_KIND: Record<SliKind, readonly BudgetingMethod[]> = {
  pipeline_run: ["occurrences", "daily"],
  freshness: ["timeslices", "occurrences", "daily"],
  daily_close: ["daily", "invariant"],
  reconciliation: ["occurrences", "daily", "invariant"],
  dq_check: ["occurrences", "daily"],
  event_counts: ["invariant", "timeslices", "occurrences"],
  bi_latency: ["timeslices", "occurrences", "daily"],
  spend: ["invariant"],
  tile_refs: ["invariant", "occurrences"],
  access_report: ["invariant"],
  pii_logged: ["invariant", "occurrences"],
  access_approval: ["occurrences"],
  grants_past_expiry: ["invariant", "timeslices"],
  review_on_time: ["occurrences"],
  purge_run: ["occurrences"],
  export_approval: ["occurrences"],
};

/** Kinds judged without a threshold (each observation says good or bad itself): threshold and warn stay empty. */
const NO_THRESHOLD: readonly SliKind[] = ["pipeline_run", "dq_check", "tile_refs", "purge_run", "access_report"];

/** Allowed threshold range per unit (the unit is the definition's own, fixed per key). */
const UNIT_RANGE: Record<ThresholdUnit, { min: number; max: number; integer: boolean; label: string }> = {
  seconds: { min: 0, max: 30 * 86_400, integer: false, label: "seconds" },
  ms: { min: 0, max: 3_600_000, integer: false, label: "milliseconds" },
  hours: { min: 0, max: 90 * 24, integer: false, label: "hours" },
  percent: { min: 0, max: 100, integer: false, label: "percent" },
  // Minutes after local midnight of the business date; up to the next day's end (a close due "by 06:00 the next day").
  local_time: { min: 0, max: 48 * 60, integer: true, label: "minutes after local midnight" },
  minor_units: { min: 0, max: 1e15, integer: true, label: "minor units (cents)" },
  count: { min: 0, max: 1e9, integer: true, label: "a count" },
  ratio: { min: 0, max: 1, integer: false, label: "a ratio" },
};

const text = (label: string, min: number, max: number) =>
  z
    .string({ error: `Give the ${label}` })
    .trim()
    .min(min, `Give the ${label} (at least ${min} characters)`)
    .max(max, `Keep the ${label} under ${max} characters`);

export const ZSlaDefinitionEdit = z.strictObject({
  name: text("name", 3, 120),
  description: text("description", 10, 1_000),
  budgeting: z.enum(BUDGETING_METHODS, { error: `The budgeting method is one of ${BUDGETING_METHODS.join(", ")}` }),
  target: z.number({ error: "Give the target as a ratio, e.g. 0.999" }).gt(0, "The target is above 0").lte(1, "The target is at most 1 (100%)"),
  threshold: z.number({ error: "Give the threshold as a number" }).finite().nullable(),
  warnThreshold: z.number({ error: "Give the warn level as a number" }).finite().nullable(),
  windowDays: z
    .number({ error: "Give the window in days" })
    .int("Give the window in whole days")
    .min(1, "The window is at least 1 day")
    .max(365, "The window is at most 365 days"),
  timeZone: z
    .string({ error: "Give the time zone" })
    .trim()
    .refine((tz) => IANAZone.isValidZone(tz), "Give an IANA time zone, e.g. America/New_York or UTC"),
  ownerTeam: z
    .string({ error: "Give the owning team" })
    .trim()
    .regex(/^[a-z][a-z0-9-]{1,63}$/, "The owning team is a short slug, e.g. data-platform"),
  ownerId: z
    .string()
    .regex(/^usr_[0-9a-z]{4,40}$/, "The owner is a console user id (usr_…)")
    .nullable()
    .optional(),
  changeReason: ZReason,
  /** The version the editor saw; an edit based on an older one is refused (409) rather than silently overwriting. */
  baseVersion: z.number().int().positive().optional(),
});
export type TSlaDefinitionEdit = z.input<typeof ZSlaDefinitionEdit>;

const EDITABLE = SLA_EDITABLE_FIELDS;
type Editable = (typeof EDITABLE)[number];
const LEDGER_NAMES: Record<Editable, string> = {
  name: "name",
  description: "description",
  budgeting: "budgeting",
  target: "target",
  threshold: "threshold",
  warnThreshold: "warn_threshold",
  windowDays: "window_days",
  timeZone: "time_zone",
  ownerTeam: "owner_team",
  ownerId: "owner_id",
};

/** Why these values do not fit the definition's kind and unit, as [field, message], or null. */
function ruleProblem(def: SlaDefinitionView, e: z.output<typeof ZSlaDefinitionEdit>): [string, string] | null {
  const methods = BUDGETING_FOR_KIND[def.sliKind];
  if (!methods.includes(e.budgeting)) return ["budgeting", `A ${def.sliKind} SLA is budgeted by ${methods.join(" or ")}`];
  if (e.budgeting === "invariant" && e.target !== 1) return ["target", "An invariant has no budget: its target is 1 (100%)"];
  if (NO_THRESHOLD.includes(def.sliKind)) {
    if (e.threshold !== null) return ["threshold", `A ${def.sliKind} SLA has no threshold: each observation is good or bad itself`];
    if (e.warnThreshold !== null) return ["warnThreshold", `A ${def.sliKind} SLA has no warn level`];
    return null;
  }
  const range = UNIT_RANGE[def.unit];
  if (e.threshold === null) return ["threshold", `Give the threshold in ${range.label}`];
  for (const [field, v] of [
    ["threshold", e.threshold],
    ["warnThreshold", e.warnThreshold],
  ] as const) {
    if (v === null) continue;
    if (v < range.min || v > range.max) return [field, `Give a value from ${range.min} to ${range.max} ${range.label}`];
    if (range.integer && !Number.isInteger(v)) return [field, `Give a whole number of ${range.label}`];
  }
  // Higher is worse for every kind's value, so the warning comes first.
  if (e.warnThreshold !== null && e.warnThreshold >= e.threshold)
    return ["warnThreshold", "The warn level is below the threshold (it warns before the breach)"];
  return null;
}

export async function updateSlaDefinition(acting: Acting, key: string, input: TSlaDefinitionEdit): Promise<SlaDefinitionView> {
  const safeKey = typeof key === "string" && /^[a-z][a-z0-9_.]{0,80}$/.test(key) ? key : "unknown";
  const ctx: RefusalContext = { attempted: "update_sla_definition", privacyTier: "none", resource: `sla:${safeKey}` };
  await requirePermissionOrRefuse(acting, "sla.manage", ctx);
  const e = await parseOrRefuse(ZSlaDefinitionEdit, input, acting, ctx);

  let created: SlaDefinitionView;
  try {
    const { result } = await commitOrRefuse(acting, async ({ tx, record }) => {
      // PostgreSQL: wait for ingest batches that read the current versions of this key (they hold it shared).
      if (dbTarget().dialect === "postgresql") {
        await tx.$queryRawUnsafe(`SELECT pg_advisory_xact_lock(${PG_SLA_KEY_LOCK_CLASS}, hashtext($1))::text AS locked`, safeKey);
      }
      const row = await tx.slaDefinition.findFirst({ where: { key: safeKey, current: true } });
      if (!row) throw refusal(ctx, "not_found", `There is no SLA ${safeKey}`);
      const current = toDefinitionView(row);
      if (e.baseVersion !== undefined && e.baseVersion !== current.version) {
        throw new AppError("conflict", `This SLA changed while you edited it: it is now ${current.ref}. Review it and edit again.`);
      }
      // Left out: the owner stays; null: no named owner.
      const ownerId = e.ownerId === undefined ? current.ownerId : e.ownerId;
      const problem = ruleProblem(current, e);
      if (problem) throw refusal(ctx, "validation_failed", problem[1], problem[0]);
      if (ownerId && ownerId !== current.ownerId) {
        const owner = await tx.user.findUnique({ where: { id: ownerId }, select: { status: true } });
        if (!owner || owner.status !== "active") throw refusal(ctx, "validation_failed", "The owner must be an active console user", "ownerId");
      }
      const next: Record<Editable, unknown> = { ...pick(e), ownerId };
      const changed = EDITABLE.filter((f) => next[f] !== current[f]);
      if (changed.length === 0) throw refusal(ctx, "validation_failed", `Nothing changed: ${current.ref} already says this`);

      const version = current.version + 1;
      // Insert first: a concurrent edit of the same version then fails on the unique (key, version) index.
      const inserted = await tx.slaDefinition.create({
        data: {
          id: newId("sla"),
          key: current.key,
          version,
          current: true,
          name: e.name,
          description: e.description,
          sliKind: current.sliKind,
          budgeting: e.budgeting,
          target: e.target,
          threshold: e.threshold,
          warnThreshold: e.warnThreshold,
          unit: current.unit,
          windowDays: e.windowDays,
          timeZone: e.timeZone,
          ownerTeam: e.ownerTeam,
          ownerId,
          source: current.source,
          changeReason: e.changeReason,
          createdById: acting.actor.id,
          createdAt: now(),
        },
      });
      await tx.slaDefinition.update({ where: { id: current.id }, data: { current: false } });
      const ledgerForm = (v: Record<Editable, unknown>) => Object.fromEntries(changed.map((f) => [LEDGER_NAMES[f], v[f]]));
      record(
        governanceEntry(acting.actor, acting.meta, {
          action: "sla.definition_changed",
          privacyTier: "none",
          resource: `sla:${current.key}`,
          recordId: inserted.id,
          purpose: e.changeReason,
          payload: {
            key: current.key,
            from_version: current.version,
            to_version: version,
            changed: changed.map((f) => LEDGER_NAMES[f]),
            old: ledgerForm(current),
            new: ledgerForm(next),
          },
        }),
      );
      return toDefinitionView(inserted);
    });
    created = result;
  } catch (err) {
    // Two editors at once: the second insert of the same version hits the unique (key, version) index.
    if ((err as { code?: unknown })?.code === "P2002") {
      throw new AppError("conflict", "Someone else changed this SLA at the same moment. Review it and edit again.", { cause: err });
    }
    throw err;
  }
  try {
    await retryWhileBusy(() => rebuildRollups(created));
  } catch (err) {
    console.error(`[warden] rollups of ${created.ref} could not be rebuilt`, err);
    throw new AppError(
      "unavailable",
      `${created.ref} is saved, but its attainment history could not be recomputed; the dashboard lacks it until it is. Tell the platform team.`,
      {
        cause: err,
      },
    );
  }
  return created;
}

function pick(e: z.output<typeof ZSlaDefinitionEdit>): Omit<Record<Editable, unknown>, "ownerId"> {
  return {
    name: e.name,
    description: e.description,
    budgeting: e.budgeting,
    target: e.target,
    threshold: e.threshold,
    warnThreshold: e.warnThreshold,
    windowDays: e.windowDays,
    timeZone: e.timeZone,
    ownerTeam: e.ownerTeam,
  };
}
