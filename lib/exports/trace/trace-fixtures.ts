// Shared by the trace tests and the trace bench: exports of people to many recipients, created as `exports` rows
// directly, and each export's rows produced through the build's own pipeline (fingerprintRows), no files written.
import Database from "better-sqlite3";
import { newId } from "@/lib/core/ids";
import { getDb } from "@/lib/db/client";
import type { ExportColumnPlan } from "../types";
import { fileColumnsOf } from "../fingerprint";
import { fingerprintRows, type SourceRow } from "./fingerprint-rows";

export const PEOPLE_REF = { datasetKey: "marketplace.people", datasetVersion: 1 } as const;

const col = (
  name: string,
  tier: ExportColumnPlan["tier"],
  treatment: ExportColumnPlan["treatment"],
  rule: ExportColumnPlan["rule"],
): ExportColumnPlan => ({
  name,
  label: name,
  tier,
  treatment,
  rule,
  reason: treatment === "clear" ? "unrestricted" : `masked: ${rule}`,
});

/** A people export with two `token` columns, other masks, a withheld column and the tolerant created_at in clear. */
export const TRACE_PLAN: ExportColumnPlan[] = [
  col("person_id", "none", "clear", "none"),
  col("role", "none", "clear", "none"),
  col("full_name", "pii_basic", "masked", "redact"),
  col("email", "pii_basic", "masked", "token"),
  col("city", "pii_basic", "clear", "redact"),
  col("state", "none", "clear", "none"),
  col("phone", "pii_sensitive", "masked", "show_last_4"),
  col("date_of_birth", "pii_sensitive", "masked", "year"),
  col("tin", "pii_tax", "masked", "token"),
  col("payout_1099_cents", "pii_tax", "withheld", "withhold"),
  col("created_at", "none", "clear", "none"),
];

export const TRACE_FILE_COLUMNS = fileColumnsOf(TRACE_PLAN);

/** `count` ready exports of people, one per recipient (each a user of its own), with TRACE_PLAN. Returns their ids. */
export async function createTraceExports(count: number, label = "trace"): Promise<string[]> {
  const db = getDb();
  const at = new Date("2026-11-01T12:00:00Z");
  const users = Array.from({ length: count }, (_, i) => ({
    id: newId("usr"),
    email: `${label}-${i}-${newId("usr")}@test.warden`,
    name: `Recipient ${i}`,
    role: "analyst",
  }));
  for (let i = 0; i < users.length; i += 500) await db.user.createMany({ data: users.slice(i, i + 500) });
  const ids = users.map(() => newId("exp"));
  const rows = users.map((u, i) => ({
    id: ids[i],
    requesterId: u.id,
    ...PEOPLE_REF,
    columns: JSON.stringify(TRACE_PLAN),
    filters: "{}",
    format: i % 2 ? "xlsx" : "csv",
    purpose: `Trace test export ${i}`,
    options: JSON.stringify({ csvComment: true, exportIdColumn: false }),
    status: "ready",
    approvalRequired: false,
    approvalReasons: "[]",
    policyVersion: "1",
    accessVersion: 1,
    rowEstimate: 400,
    rowCap: 100_000,
    rowsWritten: 400,
    rowCount: 400,
    readyAt: at,
    createdAt: at,
    updatedAt: at,
  }));
  for (let i = 0; i < rows.length; i += 200) await db.export.createMany({ data: rows.slice(i, i + 200) });
  return ids;
}

/** The source rows of TRACE_FILE_COLUMNS from a demo warehouse file (record id first). */
export function readPeopleRows(warehouseFile: string, limit = 100_000): SourceRow[] {
  const db = new Database(warehouseFile, { readonly: true });
  try {
    const names = TRACE_FILE_COLUMNS.map((c) => `"${c.name}"`).join(", ");
    const rows = db.prepare(`SELECT person_id AS _id, ${names} FROM people ORDER BY person_id LIMIT ?`).raw().all(limit) as unknown[][];
    return rows.map((r) => ({ recordId: String(r[0]), values: r.slice(1) }));
  } finally {
    db.close();
  }
}

/** One export's rows as its file holds them. */
export function exportRows(exportId: string, source: readonly SourceRow[]): unknown[][] {
  return fingerprintRows({ id: exportId, ...PEOPLE_REF }, TRACE_FILE_COLUMNS, source);
}

/** A deterministic generator for excerpts and shuffles. */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffled<T>(items: readonly T[], rand: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * `n` random rows of `rows`, their columns in a random order (minus `drop`), as a leaker would hand them on:
 * `order[k]` is the file column index of the excerpt's column k.
 */
export function excerpt(
  rows: readonly unknown[][],
  n: number,
  rand: () => number,
  drop: readonly string[] = [],
): { rows: unknown[][]; order: number[] } {
  const keep = TRACE_FILE_COLUMNS.map((c, i) => (drop.includes(c.name) ? -1 : i)).filter((i) => i >= 0);
  const order = shuffled(keep, rand);
  const picked = shuffled(rows, rand).slice(0, n);
  return { rows: picked.map((r) => order.map((i) => r[i])), order };
}

/** CSV text of rows (quoted where needed), no header. */
export function toCsv(rows: readonly unknown[][], delimiter = ","): string {
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? "" : String(v);
    return /["\n\r,;\t]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return rows.map((r) => r.map(cell).join(delimiter)).join("\n") + "\n";
}
