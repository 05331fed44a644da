// The access gateway (law 1): every restricted read passes here. It decides per column from the actor's
// active grants and the catalog, reads only what may be shown, masks, and appends the ledger entry before
// anything is returned. If the append fails the caller gets the error and no data (fail closed).
import { z } from "zod";
import { AppError } from "@/lib/core/errors";
import { highestTier } from "@/lib/core/tiers";
import { getDatasetPolicy, type DatasetPolicy } from "@/lib/catalog/get-dataset-policy";
import { appendLedgerEntry } from "@/lib/ledger/append";
import { applyMask } from "@/lib/masking/mask";
import { listActiveGrants } from "@/lib/scopes/list-active-grants";
import { decideColumns, overallDecision, POLICY_VERSION, type ColumnVerdict } from "./decide";
import type { Actor, GatedCell, GatedResult, GatedRow, RequestMeta } from "./types";

export const ZPurpose = z
  .string({ error: "A purpose is required" })
  .trim()
  .min(5, "Say why you need this data (at least 5 characters)")
  .max(200, "Keep the purpose under 200 characters");

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
  /** Reads rows holding only the given columns (the record id column is always among them). */
  fetch: (columns: string[]) => Promise<Array<Record<string, unknown>>>;
}

export async function readRestricted(req: RestrictedRead): Promise<GatedResult> {
  const purpose = ZPurpose.parse(req.purpose);
  const policy = await getDatasetPolicy(req.dataset.key, req.dataset.version);
  const verdicts = await decide(req.actor, policy, req.columns);

  const readable = verdicts.filter((v) => v.decision !== "withheld").map((v) => v.column.name);
  const fetchColumns = [...new Set([policy.recordIdColumn, ...readable])];
  const raw = await req.fetch(fetchColumns);
  const rows: GatedRow[] = raw.map((r) => ({ id: String(r[policy.recordIdColumn]), cells: gateRow(r, verdicts) }));

  const entry = await appendLedgerEntry({
    ...ledgerFields(req, policy, verdicts, purpose),
    decision: overallDecision(verdicts),
    rowCount: rows.length,
    payload: { ...req.payload, record_ids: rows.map((r) => r.id) },
  });

  return {
    dataset: policy.ref,
    columns: verdicts.map((v) => ({ name: v.column.name, label: v.column.label, tier: v.column.tier, decision: v.decision, reason: v.reason })),
    rows,
    ledgerSeq: entry.seq,
  };
}

/** Records a refused read (nothing was fetched) and throws the refusal for the caller to show. */
export async function refuseRestricted(
  req: Omit<RestrictedRead, "fetch">,
  refusal: { message: string; field?: string; deniedColumns: readonly string[] },
): Promise<never> {
  const purpose = ZPurpose.parse(req.purpose);
  const policy = await getDatasetPolicy(req.dataset.key, req.dataset.version);
  const verdicts = await decide(req.actor, policy, req.columns);
  await appendLedgerEntry({
    ...ledgerFields(req, policy, verdicts, purpose),
    decision: "deny",
    columnsShown: [],
    columnsMasked: [],
    columnsDenied: [...refusal.deniedColumns],
    rowCount: 0,
    payload: req.payload ?? null,
  });
  throw new AppError("forbidden", refusal.message, { field: refusal.field });
}

/** The actor's verdict for each asked-for column (exported so callers can check before reading). */
export async function decide(actor: Actor, policy: DatasetPolicy, columns?: readonly string[]): Promise<ColumnVerdict[]> {
  const chosen = columns
    ? columns.map((name) => {
        const c = policy.columns.find((col) => col.name === name);
        if (!c) throw new AppError("bad_request", `Unknown column ${name} in ${policy.ref}`, { field: "columns" });
        return c;
      })
    : policy.columns;
  const scopes = new Set((await listActiveGrants(actor.id)).map((g) => g.scope));
  return decideColumns(chosen, scopes);
}

function gateRow(row: Record<string, unknown>, verdicts: readonly ColumnVerdict[]): Record<string, GatedCell> {
  const cells: Record<string, GatedCell> = {};
  for (const v of verdicts) {
    const value = row[v.column.name];
    if (v.decision === "clear") cells[v.column.name] = { state: "clear", value: value === undefined ? null : (value as string | number | null) };
    else if (v.decision === "masked") cells[v.column.name] = { state: "masked", value: applyMask(v.column.maskRule, value) ?? "", reason: v.reason };
    else cells[v.column.name] = { state: "withheld", reason: v.reason };
  }
  return cells;
}

function ledgerFields(req: Omit<RestrictedRead, "fetch">, policy: DatasetPolicy, verdicts: readonly ColumnVerdict[], purpose: string) {
  const names = (d: string) => verdicts.filter((v) => v.decision === d).map((v) => v.column.name);
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
    policyVersion: POLICY_VERSION,
    requestId: req.meta.requestId,
    ipHash: req.meta.ipHash,
    uaHash: req.meta.uaHash,
  };
}
