// A hold's targets, checked before anything is written: the shape (ZHoldTarget), at least one, no repeats, and that
// each names something the warehouse has. An unknown id is refused, never kept: a hold on a typo protects nothing
// while it looks as if it did.
import { z } from "zod";
import { AppError } from "@/lib/core/errors";
import { warehouseDataset } from "@/lib/warehouse/datasets";
import { getWarehouse } from "@/lib/warehouse/get-warehouse";
import { ZHoldTarget, type HoldTarget } from "../types";

const PEOPLE = "marketplace.people@1";
const BOOKINGS = "marketplace.bookings@1";
export const MAX_HOLD_TARGETS = 200;

const invalid = (field: string, message: string) => new AppError("validation_failed", message, { field });

/** The targets as stored, or a 422 naming the field (`targets`, `targets.<i>.value`, `targets.<i>.toDay`, …). */
export async function checkHoldTargets(raw: unknown): Promise<HoldTarget[]> {
  if (!Array.isArray(raw) || raw.length === 0)
    throw invalid("targets", "A hold needs at least one target: a person, a booking group, a dataset or a date range");
  if (raw.length > MAX_HOLD_TARGETS) throw invalid("targets", `A hold takes at most ${MAX_HOLD_TARGETS} targets; split it into several holds`);
  const targets: HoldTarget[] = [];
  const seen = new Set<string>();
  for (const [i, item] of raw.entries()) {
    const parsed = ZHoldTarget.safeParse(item);
    if (!parsed.success) throw invalid(fieldOf(parsed.error, i), parsed.error.issues[0]?.message ?? "Invalid target");
    const t = parsed.data as HoldTarget;
    const key = JSON.stringify(t);
    if (seen.has(key)) throw invalid(`targets.${i}.value`, "This target is listed twice");
    seen.add(key);
    if ((t.kind === "dataset" || t.kind === "date_range") && !warehouseDataset(t.value)) {
      throw invalid(`targets.${i}.value`, `No dataset ${t.value} in the warehouse`);
    }
    targets.push(t);
  }
  await refuseMissing(targets, "subject", PEOPLE, "No person with this id in the warehouse");
  await refuseMissing(targets, "booking_group", BOOKINGS, "No booking group with this id in the warehouse");
  return targets;
}

async function refuseMissing(targets: readonly HoldTarget[], kind: "subject" | "booking_group", dataset: string, message: string): Promise<void> {
  const ids = targets.filter((t) => t.kind === kind).map((t) => t.value);
  if (ids.length === 0) return;
  const missing = await getWarehouse().missingRecordIds(dataset, ids);
  if (missing.length === 0) return;
  const i = targets.findIndex((t) => t.kind === kind && t.value === missing[0]);
  throw invalid(`targets.${i}.value`, `${message}: ${missing[0]}`);
}

function fieldOf(err: z.ZodError, i: number): string {
  const path = err.issues[0]?.path.map(String) ?? [];
  // An unknown kind has no branch to report a path from.
  return `targets.${i}.${path.length > 0 ? path.join(".") : "kind"}`;
}

/** A target as one line of text, for the screens and the inbox (ids only, no personal data). */
export function describeHoldTarget(t: HoldTarget): string {
  switch (t.kind) {
    case "subject":
      return `person ${t.value}`;
    case "booking_group":
      return `booking group ${t.value}`;
    case "dataset":
      return `all of ${t.value}`;
    case "date_range":
      return `${t.value} from ${t.fromDay} to ${t.toDay}`;
  }
}
