// The build's batch path (one block-cipher call per batch for tags and marks) must write exactly the rows the tracer
// recomputes value by value (fingerprintRows: applyMask with the mask context, then mark): otherwise a leaked file
// would not be attributed.
import { describe, expect, it } from "vitest";
import { exportFingerprint, fileColumnsOf } from "../fingerprint";
import { timestampBatchMarker, timestampMarker } from "../trace/timestamp-mark";
import { exportTokenBatch, exportTokenizer } from "../trace/token-channel";
import { fingerprintRows } from "../trace/fingerprint-rows";
import { exportKey } from "../export-keys";
import type { ExportRecord } from "../types";
import { batchTransformer, filePlan } from "./file-plan";
import { PEOPLE_PLAN } from "./test-helpers";

const TIMESTAMPS: unknown[] = [
  "2025-03-07T14:22:09Z",
  "2025-03-07 14:22:09",
  "2025-03-07T14:22:09.123Z",
  "2025-03-07T14:22:09+02:00",
  "2025-03-07T14:22:09-0530",
  "2025-02-30T10:00:00Z",
  "1969-12-31T23:59:59Z",
  "2025-03-07",
  "2025-03-07T14:22",
  "not a time",
  new Date("2025-03-07T14:22:09.500Z"),
  new Date(-1),
  new Date(Number.NaN),
  null,
  42,
];

/** Rows in the streamed order of PEOPLE_PLAN's file columns (person_id first), with awkward values in every column. */
function sourceRows(): unknown[][] {
  return Array.from({ length: 300 }, (_, i) => [
    `usr_${String(i).padStart(6, "0")}`,
    i % 2 ? "seller" : "buyer",
    i % 7 ? `Person ${i}` : null,
    [`p${i}@example.com`, "Élodie@Example.COM", "bad-email", null][i % 4],
    "Springfield",
    "IL",
    [`+1-415-555-${String(1000 + i).slice(-4)}`, "٣٤٥٦٧٨", "12", null][i % 4],
    [`9${String(i).padStart(4, "0")}`, "05901", "ABCDE", null][i % 4],
    ["1985-03-12", "1900-02-29", "2000-02-29", new Date("1990-05-01T00:00:00Z"), null][i % 5],
    i % 9 ? `${100 + i}-45-${String(6789 + i).slice(-4)}` : i % 2 ? null : "東京 123",
    [i * 1234, "-49999", "12.5k", null][i % 4],
    TIMESTAMPS[i % TIMESTAMPS.length],
  ]);
}

function exportOf(id: string, exportIdColumn: boolean): ExportRecord {
  return {
    id,
    datasetKey: "marketplace.people",
    datasetVersion: 1,
    columns: PEOPLE_PLAN,
    options: { csvComment: true, exportIdColumn },
  } as unknown as ExportRecord;
}

describe("the build's batch path", () => {
  it.each([false, true])("writes the rows the tracer recomputes value by value (export id column: %s)", (withId) => {
    const exp = exportOf("exp_batchbatchba", withId);
    const plan = filePlan(exp);
    const source = sourceRows();
    const expected = fingerprintRows(
      exp,
      fileColumnsOf(exp.columns),
      source.map((values) => ({ recordId: values[0] as string, values })),
    ).map((row) => (withId ? [...row, exp.id] : row));
    const batch = source.map((row) => row.slice());
    batchTransformer(exp, plan, exportFingerprint(exp, plan.fileColumns))(batch);
    expect(batch).toEqual(expected);
    // Not vacuous: the tokens and the marks are there.
    expect(batch.filter((row) => typeof row[9] === "string" && (row[9] as string).startsWith("tok_")).length).toBeGreaterThan(200);
    expect(batch.filter((row, i) => typeof row[11] === "string" && row[11] !== source[i][11]).length).toBeGreaterThan(50);
  });

  it("tokenizes and marks a batch exactly as one value at a time, nulls and unmarkable values left as they are", () => {
    const tokenKey = exportKey("exp_batchbatchba", "token");
    const values = ["912-34-5678", null, "", "José", "x".repeat(300), null, "912-34-5678"];
    const one = exportTokenizer(tokenKey);
    expect(exportTokenBatch(tokenKey)(values)).toEqual(values.map((v) => (v === null ? null : one(v))));

    const markKey = exportKey("exp_batchbatchba", "mark");
    const rows = TIMESTAMPS.map((t) => ["usr_x", t]);
    timestampBatchMarker(markKey)(rows, 1, "created_at");
    const marker = timestampMarker(markKey);
    expect(rows.map((r) => r[1])).toEqual(TIMESTAMPS.map((t) => marker(t, "created_at")));
  });
});
