// Shared vocabulary of legal holds, retention and the purge (issue 9): states, target kinds and their validation.
// Decision records 030 (holds), 031 (purge engine and its lease) and 032 (retention defaults).
import { z } from "zod";

export const MATTER_STATUSES = ["open", "closed"] as const;
export type MatterStatus = (typeof MATTER_STATUSES)[number];

/** draft → active → released. Activation and release need a reason; release needs a second privacy admin. */
export const HOLD_STATUSES = ["draft", "active", "released"] as const;
export type HoldStatus = (typeof HOLD_STATUSES)[number];

export const HOLD_TARGET_KINDS = ["subject", "booking_group", "dataset", "date_range"] as const;
export type HoldTargetKind = (typeof HOLD_TARGET_KINDS)[number];

export const HOLD_TARGET_LABELS: Record<HoldTargetKind, string> = {
  subject: "Subject (person)",
  booking_group: "Booking group",
  dataset: "Whole dataset",
  date_range: "Date range on a dataset",
};

/** One target as stored (legal_hold_targets) and as the purge reads it. Days are inclusive UTC `YYYY-MM-DD`. */
export type HoldTarget =
  | { kind: "subject"; value: string }
  | { kind: "booking_group"; value: string }
  | { kind: "dataset"; value: string }
  | { kind: "date_range"; value: string; fromDay: string; toDay: string };

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isRealDay = (d: string) => DAY.test(d) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d;
const ZDay = z.string().trim().refine(isRealDay, "must be a date, YYYY-MM-DD");
const ZDatasetRef = z
  .string()
  .trim()
  .regex(/^[a-z0-9_.]+@\d+$/, "must be a dataset key@version");

/**
 * The shape of a target. Whether the subject, booking group or dataset exists is checked against the warehouse by
 * the domain function that adds it (an unknown id is refused, never silently kept).
 */
export const ZHoldTarget = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("subject"),
    value: z
      .string()
      .trim()
      .regex(/^usr_[0-9a-z]{4,40}$/, "must be a person id (usr_…)"),
  }),
  z.object({
    kind: z.literal("booking_group"),
    value: z
      .string()
      .trim()
      .regex(/^lbg_[0-9a-z]{4,40}$/, "must be a booking group id (lbg_…)"),
  }),
  z.object({ kind: z.literal("dataset"), value: ZDatasetRef }),
  z
    .object({ kind: z.literal("date_range"), value: ZDatasetRef, fromDay: ZDay, toDay: ZDay })
    .refine((t) => t.fromDay <= t.toDay, { message: "the range runs backwards: from must be on or before to", path: ["toDay"] }),
]);

export const PURGE_MODES = ["dry_run", "execute"] as const;
export type PurgeMode = (typeof PURGE_MODES)[number];

/** A tripped run waits for a privacy admin's approval, then continues as `running`. */
export const PURGE_RUN_STATUSES = ["queued", "running", "tripped", "completed", "failed", "cancelled"] as const;
export type PurgeRunStatus = (typeof PURGE_RUN_STATUSES)[number];

export const PURGE_TRIGGERS = ["schedule", "cli", "console"] as const;
export type PurgeTrigger = (typeof PURGE_TRIGGERS)[number];

/** `{ "<US state code>": days }`: where a record's state has an override, the longer of the two applies. */
export const ZStateOverrides = z.record(
  z.string().regex(/^[A-Z]{2}$/, "state codes are two capital letters, e.g. CA"),
  z.number().int("days must be a whole number").min(0, "days cannot be negative").max(36_500, "days must be at most 36500"),
);
export type StateOverrides = z.infer<typeof ZStateOverrides>;
