// The access gateway (law 1): every restricted read passes here. It decides per column from the actor's
// grants in force for this dataset and the catalog, reads only what may be shown, masks, and appends the ledger entry before
// anything is returned. If the append fails the caller gets the error and no data (fail closed).
import { z } from "zod";
import { AppError } from "@/lib/core/errors";
import { describePii, detectPii } from "@/lib/core/pii-detect";
import { highestTier } from "@/lib/core/tiers";
import type { DatasetPolicy } from "@/lib/catalog/get-dataset-policy";
import { appendLedgerEntry } from "@/lib/ledger/append";
import { applyMask } from "@/lib/masking/mask";
import { viewMaskContext } from "@/lib/masking/view-tokenizer";
import { accessContext } from "./access-context";
import { tallyGatewayDecision } from "./decision-tally";
import { decideColumns, overallDecision, POLICY_VERSION, type ColumnVerdict } from "./decide";
import type { Actor, RequestMeta } from "@/lib/core/actor";
import type { GatedCell, GatedResult, GatedRow } from "./types";

// The purpose is stored in the ledger and shown to auditors, so it must not carry personal data itself.
export const ZPurpose = z
  .string({ error: "A purpose is required" })
  .trim()
  .min(5, "Say why you need this data (at least 5 characters)")
  .max(200, "Keep the purpose under 200 characters")
  .superRefine((purpose, ctx) => {
    const reason = piiReason(purpose);
    if (reason) ctx.addIssue({ code: "custom", message: `The purpose ${reason}` });
  });

// The PII scan is most of a purpose's validation and runs twice per read (the caller's schema and the gateway's); a
// person working a ticket gives the same purpose again and again. A pure function of the text, so remembering the
// last purposes found clean changes nothing but the time (decision 022). Refused ones are never kept: they hold PII.
const cleanPurposes = new Set<string>();
function piiReason(purpose: string): string | null {
  if (cleanPurposes.has(purpose)) return null;
  const reason = describePii(detectPii(purpose));
  if (reason === null) {
    if (cleanPurposes.size >= 1_000) cleanPurposes.clear();
    cleanPurposes.add(purpose);
  }
  return reason;
}

export interface RestrictedRead {
  actor: Actor;
  dataset: { key: string; version: number };
  /** Columns asked for; all of the dataset's when omitted. Unknown names are refused. */
  columns?: readonly string[];
  purpose: string;
  /** `namespace.action` recorded in the ledger, e.g. `people.record_viewed`. */
  action: string;
  /** The single record read, when there is one. */
  recordId?: string | null;
  meta: RequestMeta;
  /** Extra ids/hashes for the ledger payload (never raw PII). */
  payload?: Record<string, unknown>;
  /**
   * Columns the read *matches on* (a name search reads names even for rows it does not return). Unless the
   * actor sees every one of them in clear, the read is refused with `refusal` and the denial is ledgered.
   */
  matchOn?: { columns: readonly string[]; refusal: string; field?: string };
  /** Reads rows holding only the given columns (the record id column is always among them). */
  fetch: (columns: string[]) => Promise<Array<Record<string, unknown>>>;
}

export async function readRestricted(req: RestrictedRead): Promise<GatedResult> {
  const purpose = ZPurpose.parse(req.purpose);
  // One round trip: grants in force now (window evaluated in the query, never cached) and the policy, cached under
  // the access version read with them (access-context.ts).
  const { policy, scopes } = await accessContext(req.actor.id, req.dataset);
  const all = decideColumns(policy.columns, scopes);
  const verdicts = pick(all, policy, req.columns ?? policy.columns.map((c) => c.name));

  const hidden = req.matchOn ? pick(all, policy, req.matchOn.columns).filter((v) => v.decision !== "clear") : [];
  if (req.matchOn && hidden.length > 0) {
    const denial = await appendLedgerEntry({
      ...ledgerFields(req, policy, verdicts, purpose),
      decision: "deny",
      columnsShown: [],
      columnsMasked: [],
      columnsDenied: hidden.map((v) => v.column.name),
      disclosedTier: null,
      rowCount: 0,
      payload: req.payload ?? null,
    });
    tallyGatewayDecision(denial.action, new Date(denial.occurredAt));
    throw new AppError("forbidden", req.matchOn.refusal, { field: req.matchOn.field });
  }

  const readable = verdicts.filter((v) => v.decision !== "withheld").map((v) => v.column.name);
  const raw = await req.fetch([...new Set([policy.recordIdColumn, ...readable])]);
  const rows: GatedRow[] = raw.map((r) => ({ id: String(r[policy.recordIdColumn]), cells: gateRow(r, verdicts) }));

  const entry = await appendLedgerEntry({
    ...ledgerFields(req, policy, verdicts, purpose),
    decision: overallDecision(verdicts),
    rowCount: rows.length,
    payload: { ...req.payload, record_ids: rows.map((r) => r.id) },
  });
  // The SLI "PII access logged" compares this count with the ledger's entries (decision 036).
  tallyGatewayDecision(entry.action, new Date(entry.occurredAt));

  return {
    dataset: policy.ref,
    columns: verdicts.map((v) => ({ name: v.column.name, label: v.column.label, tier: v.column.tier, decision: v.decision, reason: v.reason })),
    rows,
    ledgerSeq: entry.seq,
  };
}

function pick(all: readonly ColumnVerdict[], policy: DatasetPolicy, names: readonly string[]): ColumnVerdict[] {
  return names.map((name) => {
    const v = all.find((x) => x.column.name === name);
    if (!v) throw new AppError("bad_request", `Unknown column ${name} in ${policy.ref}`, { field: "columns" });
    return v;
  });
}

function gateRow(row: Record<string, unknown>, verdicts: readonly ColumnVerdict[]): Record<string, GatedCell> {
  const cells: Record<string, GatedCell> = {};
  for (const v of verdicts) {
    const value = row[v.column.name];
    if (v.decision === "clear") cells[v.column.name] = { state: "clear", value: value === undefined ? null : (value as string | number | null) };
    else if (v.decision === "masked")
      cells[v.column.name] = { state: "masked", value: applyMask(v.column.maskRule, value, viewMaskContext()) ?? "", reason: v.reason };
    else cells[v.column.name] = { state: "withheld", reason: v.reason };
  }
  return cells;
}

function ledgerFields(req: RestrictedRead, policy: DatasetPolicy, verdicts: readonly ColumnVerdict[], purpose: string) {
  const names = (d: string) => verdicts.filter((v) => v.decision === d).map((v) => v.column.name);
  const clear = verdicts.filter((v) => v.decision === "clear");
  return {
    actorId: req.actor.id,
    actorRole: req.actor.role,
    action: req.action,
    privacyTier: highestTier(verdicts.map((v) => v.column.tier)),
    resource: policy.ref,
    recordId: req.recordId ?? null,
    purpose,
    columnsShown: names("clear"),
    columnsMasked: names("masked"),
    columnsDenied: names("withheld"),
    // Told apart from privacyTier (the highest tier asked for): a view with background withheld discloses less.
    disclosedTier: clear.length > 0 ? highestTier(clear.map((v) => v.column.tier)) : null,
    policyVersion: POLICY_VERSION,
    requestId: req.meta.requestId,
    ipHash: req.meta.ipHash,
    uaHash: req.meta.uaHash,
  };
}
