// Reads a suspect file (CSV or XLSX) or pasted rows into cells for the tracer. Tolerant by design: the header, the
// banner and `#` comment lines may be gone or still there, the delimiter may be a comma, semicolon, tab or bar (a
// spreadsheet re-saves with its locale's), the text UTF-8 or UTF-16, the workbook any number of sheets. Anything else
// (an image, a PDF, an old binary .xls) is refused with 422, and anything over TRACE_MAX_BYTES with 413.
import ExcelJS from "exceljs";
import { parse } from "csv-parse/sync";
import { AppError } from "@/lib/core/errors";

/** 8 MiB: a few dozen rows attribute a leak, so a large upload buys nothing; and the console's proxy buffers 10 MB at most. */
export const TRACE_MAX_BYTES = 8 * 1024 * 1024;
/** Rows read from a file: evidence is capped far below this anyway (attribute.ts). */
export const TRACE_MAX_ROWS = 200_000;

export type SuspectKind = "csv" | "xlsx" | "pasted";

export interface SuspectCells {
  kind: SuspectKind;
  rows: unknown[][];
}

export function tooLargeError(bytes?: number): AppError {
  const mb = (TRACE_MAX_BYTES / 1024 / 1024).toFixed(0);
  const got = bytes === undefined ? "" : ` (this one is ${(bytes / 1024 / 1024).toFixed(1)} MB)`;
  return new AppError("too_large", `The suspect file is larger than ${mb} MB${got}. A few dozen rows are enough to trace a leak: send an excerpt.`, {
    field: "file",
  });
}

const notCsvOrXlsx = (why: string) => new AppError("validation_failed", `The file is neither CSV nor XLSX: ${why}.`, { field: "file" });

export async function readSuspectFile(bytes: Uint8Array): Promise<SuspectCells> {
  if (bytes.byteLength > TRACE_MAX_BYTES) throw tooLargeError(bytes.byteLength);
  if (bytes.byteLength === 0) throw new AppError("validation_failed", "The file is empty.", { field: "file" });
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return { kind: "xlsx", rows: await readXlsx(bytes) };
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) throw notCsvOrXlsx("it is an old binary Excel (.xls) or Office file; save it as XLSX or CSV");
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) throw notCsvOrXlsx("it is a PDF");
  return { kind: "csv", rows: readCsvText(decodeText(bytes)) };
}

export function readPastedRows(text: string): SuspectCells {
  if (Buffer.byteLength(text, "utf8") > TRACE_MAX_BYTES) throw tooLargeError(Buffer.byteLength(text, "utf8"));
  if (text.trim() === "") throw new AppError("validation_failed", "Paste at least one row, or upload a file.", { field: "text" });
  return { kind: "pasted", rows: readCsvText(text.replace(/^\uFEFF/, "")) };
}

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

function decodeText(bytes: Uint8Array): string {
  let text: string;
  if (startsWith(bytes, [0xff, 0xfe])) text = new TextDecoder("utf-16le").decode(bytes.subarray(2));
  else if (startsWith(bytes, [0xfe, 0xff])) text = new TextDecoder("utf-16be").decode(bytes.subarray(2));
  else {
    // NUL bytes never occur in text a spreadsheet writes as UTF-8 or a single-byte code page.
    if (bytes.subarray(0, 64 * 1024).includes(0)) throw notCsvOrXlsx("it contains binary data");
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      // Excel's "CSV" in a Western locale is Windows-1252; tokens and timestamps are ASCII either way.
      text = new TextDecoder("windows-1252").decode(bytes);
    }
  }
  text = text.replace(/^\uFEFF/, "");
  // Control characters other than tab and line breaks mean this is not text.
  const sample = text.slice(0, 64 * 1024);
  const control = sample.match(/[\u0000-\u0008\u000E-\u001F]/g)?.length ?? 0;
  if (control > 0 && control * 100 > sample.length) throw notCsvOrXlsx("it contains binary data");
  return text;
}

const DELIMITERS = [",", ";", "\t", "|"] as const;

/** The delimiter that splits the most of the first lines the same number of times (outside quotes). */
function guessDelimiter(text: string): string {
  const lines = text
    .split(/\r?\n/, 60)
    .filter((l) => l.trim() !== "" && !l.startsWith("#"))
    .slice(0, 30);
  let best: string = ",";
  let bestScore = -1;
  for (const d of DELIMITERS) {
    const counts = lines.map((l) => countOutsideQuotes(l, d)).filter((c) => c > 0);
    if (counts.length === 0) continue;
    const mode = [...counts.reduce((m, c) => m.set(c, (m.get(c) ?? 0) + 1), new Map<number, number>())].sort((a, b) => b[1] - a[1])[0];
    const score = mode[1] * 1000 + mode[0];
    if (score > bestScore) [best, bestScore] = [d, score];
  }
  return best;
}

function countOutsideQuotes(line: string, d: string): number {
  let n = 0;
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (c === d && !quoted) n++;
  }
  return n;
}

function readCsvText(text: string): unknown[][] {
  try {
    const rows = parse(text, {
      delimiter: guessDelimiter(text),
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      comment: "#",
      comment_no_infix: true,
      to: TRACE_MAX_ROWS,
    }) as string[][];
    return rows;
  } catch (err) {
    throw notCsvOrXlsx(`it could not be read as CSV (${err instanceof Error ? err.message.split("\n")[0] : String(err)})`);
  }
}

async function readXlsx(bytes: Uint8Array): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch {
    throw notCsvOrXlsx("it is a zip archive but not an XLSX workbook");
  }
  const rows: unknown[][] = [];
  workbook.eachSheet((sheet) => {
    sheet.eachRow({ includeEmpty: false }, (row) => {
      if (rows.length >= TRACE_MAX_ROWS) return;
      // row.values is 1-based (index 0 is empty): drop it so column j is the sheet's column j+1.
      const values = (row.values as unknown[]).slice(1);
      rows.push(Array.from(values, cellValue));
    });
  });
  return rows;
}

/** A cell as text, number or Date: rich text joined, a formula's result, a hyperlink's text. */
function cellValue(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v !== "object" || v instanceof Date) return v;
  const o = v as { richText?: Array<{ text: string }>; result?: unknown; text?: unknown; error?: unknown };
  if (Array.isArray(o.richText)) return o.richText.map((r) => r.text).join("");
  if ("result" in o) return cellValue(o.result);
  if (typeof o.text === "string") return o.text;
  return null;
}
