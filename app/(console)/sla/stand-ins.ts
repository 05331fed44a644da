import "server-only";
// STAND-INS (issue 10, UI slice). Until the math and ingest slices land, these answer with the exact names and types
// of lib/sla/read/dashboard.ts (slaDashboard), lib/sla/read/detail.ts (slaDetail),
// lib/sla/definitions/read-definitions.ts (currentSlaDefinitions, slaDefinitionVersions) and
// lib/sla/definitions/update-definition.ts (updateSlaDefinition, ZSlaDefinitionEdit). Definitions are the real
// rows; the figures are synthetic (deterministic per key and day) so the screens can be built and screenshotted.
// AT MERGE: point the imports in app/(console)/sla/** and app/(console)/page.tsx at the real modules and delete this file.
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import type { Acting } from "@/lib/core/actor";
import { now } from "@/lib/core/clock";
import { AppError } from "@/lib/core/errors";
import { newId } from "@/lib/core/ids";
import { can } from "@/lib/core/permissions";
import {
  BUDGETING_METHODS,
  BURN_WINDOWS,
  type BudgetingMethod,
  type SlaDefinitionView,
  type SlaStatus,
  type SliKind,
  type SlaSource,
  type ThresholdUnit,
} from "@/lib/sla/types";
import type { BreachTimeline, BreachView, SeriesPoint, SlaDetailView, SlaRange, SlaTileView, SparkPoint } from "@/lib/sla/views";

type Row = Awaited<ReturnType<ReturnType<typeof getDb>["slaDefinition"]["findFirstOrThrow"]>>;

function toView(r: Row): SlaDefinitionView {
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
  const rows = await getDb().slaDefinition.findMany({ where: { current: true }, orderBy: { key: "asc" } });
  return rows.map(toView);
}

export async function slaDefinitionVersions(key: string): Promise<SlaDefinitionView[]> {
  const rows = await getDb().slaDefinition.findMany({ where: { key }, orderBy: { version: "desc" } });
  return rows.map(toView);
}

// --- synthetic figures -------------------------------------------------------------------------------------------

function rand(seed: string): number {
  let h = 2166136261;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619);
  return ((h >>> 0) % 100000) / 100000;
}

const DAY = 86_400_000;
const dayOf = (t: number) => new Date(t).toISOString().slice(0, 10);

function dayFigures(def: SlaDefinitionView, day: string): { good: number; total: number; worst: number | null; breach: boolean } {
  const r = rand(`${def.key}|${day}`);
  const total = def.budgeting === "daily" ? 1 : 100 + Math.round(rand(`${def.key}|n|${day}`) * 400);
  const breach = r > 0.965;
  const bad = breach
    ? Math.max(1, Math.ceil(total * (1 - def.target) * 2) || 1)
    : r > 0.8 && def.target < 1
      ? Math.floor(total * (1 - def.target) * 0.5)
      : 0;
  const worst = def.threshold === null ? null : breach ? def.threshold * 1.3 : def.threshold * (0.4 + 0.5 * r);
  return { good: total - Math.min(bad, total), total, worst, breach };
}

function statusOf(def: SlaDefinitionView, at: Date): SlaStatus {
  const r = rand(`${def.key}|status|${def.version}`);
  if (def.key === "governance.grants_past_expiry") return "no_data";
  return r > 0.85 ? "breach" : r > 0.7 ? "warn" : "ok";
  void at;
}

function tileOf(def: SlaDefinitionView, at: Date): SlaTileView {
  const today = Date.parse(dayOf(at.getTime()));
  const sparkline: SparkPoint[] = [];
  let g7 = 0,
    t7 = 0,
    g30 = 0,
    t30 = 0;
  for (let i = 29; i >= 0; i--) {
    const day = dayOf(today - i * DAY);
    const f = dayFigures(def, day);
    sparkline.push({ day, attainment: f.total ? f.good / f.total : null, breach: f.breach });
    g30 += f.good;
    t30 += f.total;
    if (i < 7) {
      g7 += f.good;
      t7 += f.total;
    }
  }
  const status = statusOf(def, at);
  const invariant = def.budgeting === "invariant";
  const total = def.windowDays === 1 ? Math.round(t30 / 30) : t30;
  const allowed = (1 - def.target) * total;
  const used = status === "breach" ? Math.ceil(allowed * 1.2) + 1 : Math.floor(allowed * 0.4);
  const remaining = allowed > 0 ? 1 - used / allowed : null;
  const current =
    status === "no_data"
      ? { value: null, text: "No data" }
      : { value: def.threshold, text: def.threshold === null ? `${((g7 / t7) * 100).toFixed(2)}%` : `${def.threshold}` };
  return {
    def,
    method: def.budgeting,
    status,
    statusReason:
      status === "breach"
        ? "Stand-in: budget overspent in the window"
        : status === "warn"
          ? "Stand-in: burning fast"
          : status === "no_data"
            ? "No observation yet"
            : "Stand-in: within target",
    current,
    targetText: def.threshold === null ? `≥ ${(def.target * 100).toFixed(1)}%` : `≤ ${def.threshold} ${def.unit}`,
    attainment7d: t7 ? g7 / t7 : null,
    attainment30d: t30 ? g30 / t30 : null,
    budget: invariant
      ? null
      : {
          windowLabel: def.windowDays === 1 ? "1 day" : `${def.windowDays} days`,
          allowed,
          used,
          remainingRatio: remaining,
          failuresLeft: Math.max(0, Math.floor(allowed - used)),
        },
    burn:
      invariant || def.budgeting === "daily"
        ? []
        : BURN_WINDOWS.map((w) => {
            const rate = Number((rand(`${def.key}|burn|${w.key}`) * (status === "breach" ? 20 : 3)).toFixed(2));
            return { window: w.key, rate, alerting: w.alertAt !== null && rate >= w.alertAt };
          }),
    sparkline,
    lastObservedAt: status === "no_data" ? null : new Date(at.getTime() - 90_000).toISOString(),
  };
}

export async function slaDashboard(opts: { at?: Date } = {}): Promise<{ tiles: SlaTileView[]; timeline: BreachTimeline }> {
  const at = opts.at ?? now();
  const defs = await currentSlaDefinitions();
  const tiles = defs.map((d) => tileOf(d, at));
  const today = Date.parse(dayOf(at.getTime()));
  const days = Array.from({ length: 90 }, (_, i) => dayOf(today - (89 - i) * DAY));
  return {
    tiles,
    timeline: {
      days,
      rows: defs.map((d) => ({
        key: d.key,
        ref: d.ref,
        name: d.name,
        cells: days.map((day) => {
          const f = dayFigures(d, day);
          const status: SlaStatus =
            d.key === "governance.grants_past_expiry" ? "no_data" : f.breach ? "breach" : f.total - f.good > 0 ? "warn" : "ok";
          return { day, status, bad: f.total - f.good, total: f.total };
        }),
      })),
    },
  };
}

const RANGE_HOURS: Record<SlaRange, number> = { "24h": 24, "7d": 168, "30d": 720, "90d": 2160 };

export async function slaDetail(key: string, opts: { range: SlaRange; version?: number; at?: Date }): Promise<SlaDetailView | null> {
  const at = opts.at ?? now();
  const versions = await slaDefinitionVersions(key);
  const def = opts.version === undefined ? versions.find((v) => v.current) : versions.find((v) => v.version === opts.version);
  if (!def) return null;
  const hourly = RANGE_HOURS[opts.range] <= 168;
  const step = hourly ? 3_600_000 : DAY;
  const end = Math.floor(at.getTime() / step) * step;
  const n = hourly ? RANGE_HOURS[opts.range] : RANGE_HOURS[opts.range] / 24;
  const series: SeriesPoint[] = [];
  for (let i = n - 1; i >= 0; i--) {
    const t = end - i * step;
    const f = dayFigures(def, new Date(t).toISOString().slice(0, hourly ? 13 : 10));
    series.push({ t: new Date(t).toISOString(), good: f.good, total: f.total, attainment: f.good / f.total, worst: f.worst, breach: f.breach });
  }
  const breaches: BreachView[] = [];
  for (let i = 0; i < series.length; i++) {
    if (!series[i].breach) continue;
    let j = i;
    while (j + 1 < series.length && series[j + 1].breach) j++;
    breaches.push({
      from: series[i].t,
      to: new Date(Date.parse(series[j].t) + step).toISOString(),
      reason: `Stand-in: ${series.slice(i, j + 1).reduce((s, p) => s + p.total - p.good, 0)} bad of ${series.slice(i, j + 1).reduce((s, p) => s + p.total, 0)}`,
      worst: series[i].worst,
    });
    i = j;
  }
  const tile = tileOf(def, at);
  return {
    def,
    versions,
    tile,
    byVersion: versions.map((v) => {
      const t = tileOf(v, at);
      return { ref: v.ref, version: v.version, attainment7d: t.attainment7d, attainment30d: t.attainment30d, status: t.status };
    }),
    range: { key: opts.range, from: new Date(end - (n - 1) * step).toISOString(), to: new Date(end + step).toISOString() },
    series,
    breaches: breaches.reverse(),
  };
}

// --- edit ---------------------------------------------------------------------------------------------------------

// The shape of lib/sla/definitions/update-definition.ts (ingest slice), so the form behaves the same after the swap.
export const ZSlaDefinitionEdit = z.strictObject({
  name: z.string().trim().min(3, "Give the name (at least 3 characters)").max(120),
  description: z.string().trim().min(10, "Give the description (at least 10 characters)").max(1000),
  budgeting: z.enum(BUDGETING_METHODS, { error: "Choose a budgeting method" }),
  target: z.number().gt(0, "The target is above 0").lte(1, "The target is at most 1 (100%)"),
  threshold: z.number().finite().nullable(),
  warnThreshold: z.number().finite().nullable(),
  windowDays: z.number().int("Give the window in whole days").min(1, "The window is at least 1 day").max(365, "The window is at most 365 days"),
  timeZone: z
    .string()
    .trim()
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat("en-US", { timeZone: tz });
        return tz.length > 0;
      } catch {
        return false;
      }
    }, "Give an IANA time zone, e.g. America/New_York or UTC"),
  ownerTeam: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9-]{1,63}$/, "The owning team is a short slug, e.g. data-platform"),
  ownerId: z
    .string()
    .regex(/^usr_[0-9a-z]{4,40}$/, "The owner is a console user id (usr_…)")
    .nullable()
    .optional(),
  changeReason: z.string().trim().min(5, "Give a reason of at least 5 characters").max(500),
  baseVersion: z.number().int().positive().optional(),
});
export type TSlaDefinitionEdit = z.input<typeof ZSlaDefinitionEdit>;

export async function updateSlaDefinition(acting: Acting, key: string, input: TSlaDefinitionEdit): Promise<SlaDefinitionView> {
  if (!can(acting.actor, "sla.manage")) throw new AppError("forbidden", "Your role does not allow this (sla.manage).");
  const edit = ZSlaDefinitionEdit.parse(input);
  const { baseVersion: _base, ...fields } = edit;
  const db = getDb();
  const cur = await db.slaDefinition.findFirst({ where: { key, current: true } });
  if (!cur) throw new AppError("not_found", `No SLA ${key}.`);
  if (edit.baseVersion !== undefined && edit.baseVersion !== cur.version) throw new AppError("conflict", `This SLA changed while you edited it.`);
  const row = await db.$transaction(async (tx) => {
    await tx.slaDefinition.update({ where: { id: cur.id }, data: { current: false } });
    return tx.slaDefinition.create({
      data: {
        ...cur,
        ...fields,
        ownerId: fields.ownerId ?? null,
        id: newId("sla"),
        version: cur.version + 1,
        current: true,
        createdById: acting.actor.id,
        createdAt: now(),
      },
    });
  });
  return toView(row);
}
