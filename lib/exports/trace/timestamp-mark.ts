// Channel (b) of the export fingerprint (decision 025): in a column declared `timestamp_seconds` (tolerant-columns.ts)
// the seconds of each timestamp become PRF(export mark key, column ‖ the UTC minute) mod 60 (AES-256 on one block:
// block-prf.ts). A leaked cell is checked
// on its own (no record id, no other column): parse it, recompute the seconds for its minute, compare. A wrong export
// matches one cell with probability 1/60. The minute, hour and date are never touched: the value stays right to the minute.
import { createHash } from "node:crypto";
import { blockPrf, blockPrfFor, blockPrfMany, type BlockPrf } from "./block-prf";

/** Probability that one marked cell matches the mark of an export that did not write it. */
export const MARK_FALSE_MATCH = 1 / 60;

const columnIds = new Map<string, Buffer>();

/** 8 bytes naming the column in the mark's block (a SHA-256 prefix of its name). */
function columnId(column: string): Buffer {
  let id = columnIds.get(column);
  if (!id) {
    id = createHash("sha256").update(`warden/mark-column/${column}`).digest().subarray(0, 8);
    columnIds.set(column, id);
  }
  return id;
}

const MARK_SUFFIX = Buffer.from("mrk1", "latin1");

/** Writes the mark's input block at `at`: the column's id, the minute as minutes since 1970 (UTC), a fixed domain suffix. */
function writeMarkBlock(block: Buffer, at: number, id: Buffer, t: number): void {
  // Byte by byte: Buffer.copy and Buffer.write per block would each cost a call into C++ for a few bytes.
  for (let i = 0; i < 8; i++) block[at + i] = id[i];
  block.writeUInt32BE(t / 60_000, at + 8);
  for (let i = 0; i < 4; i++) block[at + 12 + i] = MARK_SUFFIX[i];
}

/** The start of the UTC minute `minute` (`YYYY-MM-DDTHH:MM`) in ms, or -1 when it is not one the block can carry. */
function minuteMs(minute: string): number {
  const t = Date.parse(`${minute}:00Z`);
  return !Number.isFinite(t) || t < 0 || t / 60_000 > 0xffffffff ? -1 : t;
}

function secondWith(prf: BlockPrf, column: string, minute: string): number {
  const t = minuteMs(minute);
  return t < 0 ? -1 : secondAt(prf, column, t);
}

/** The keyed seconds for the minute starting at `t` (ms, a value minuteMs accepted). */
function secondAt(prf: BlockPrf, column: string, t: number): number {
  const block = Buffer.alloc(16);
  writeMarkBlock(block, 0, columnId(column), t);
  // 2^32 mod 60 = 16: the bias this leaves is below 4e-9 per value, far under anything the maths counts.
  return prf(block).readUInt32BE(0) % 60;
}

/**
 * The keyed seconds (0-59) for a timestamp of `column` in the UTC minute `minute` (`YYYY-MM-DDTHH:MM`); -1 for a
 * minute before 1970 or past the block's range, which is never marked.
 */
export function markSecond(markKey: Uint8Array, column: string, minute: string): number {
  return secondWith(blockPrfFor(markKey), column, minute);
}

const ISO = /^(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/;
/** 10000-01-01T00:00Z: below it a Date's ISO text is `YYYY-MM-DDTHH:MM…`, so its minute parses back to itself. */
const YEAR_10000_MS = 253_402_300_800_000;

/**
 * What the mark of one value rests on: the UTC minute (ms) its seconds are keyed on, or -1 when the value is left as
 * it is (not a timestamp with seconds, or a minute the block cannot carry); for text, `iso` is its match, to rebuild
 * it; for a Date, `base` is the start of its minute.
 */
interface MarkInput {
  t: number;
  iso: RegExpExecArray | null;
  base: number;
}

function markInput(value: unknown, into: MarkInput): MarkInput {
  into.iso = null;
  into.t = -1;
  if (value instanceof Date) {
    const ms = value.getTime();
    if (Number.isNaN(ms)) return into;
    const minuteStart = Math.floor(ms / 60_000) * 60_000;
    into.base = minuteStart;
    into.t = minuteStart >= 0 && minuteStart < YEAR_10000_MS ? minuteStart : minuteMs(new Date(minuteStart).toISOString().slice(0, 16));
    return into;
  }
  if (typeof value !== "string") return into;
  const m = ISO.exec(value);
  if (!m) return into;
  const utc = utcMinute(value, m[1], m[4]);
  if (!utc) return into;
  into.t = minuteMs(utc);
  into.iso = m;
  return into;
}

/** `value` (whose markInput is `input`, t >= 0) with its seconds set to `s`, in the form it came in. */
function withSecond(value: unknown, input: MarkInput, s: number): unknown {
  if (value instanceof Date) return new Date(input.base + s * 1000);
  const m = input.iso!;
  const seconds = s < 10 ? `0${s}` : String(s);
  // Fractional seconds keep their width but become zeros: the mark is the whole second.
  return `${m[1]}:${seconds}${m[3] ? "." + "0".repeat(m[3].length - 1) : ""}${m[4] ?? ""}`;
}

/** markTimestamp with its PRF made once: one value at a time (the tracer's fingerprintRows). */
export function timestampMarker(markKey: Uint8Array): (value: unknown, column: string) => unknown {
  const prf = blockPrf(markKey);
  const input: MarkInput = { t: -1, iso: null, base: 0 };
  const block = Buffer.alloc(16);
  return (value, column) => {
    if (markInput(value, input).t < 0) return value;
    writeMarkBlock(block, 0, columnId(column), input.t);
    return withSecond(value, input, prf(block).readUInt32BE(0) % 60);
  };
}

/**
 * timestampMarker over a batch (the build's path): marks `rows[j][index]` of every row in place, the same values one
 * by one would get; the blocks of the whole batch go through the block cipher in one call (blockPrfMany).
 */
export function timestampBatchMarker(markKey: Uint8Array): (rows: unknown[][], index: number, column: string) => void {
  const prf = blockPrfMany(markKey);
  let blocks = Buffer.alloc(16 * 1024);
  let inputs: MarkInput[] = [];
  return (rows, index, column) => {
    const n = rows.length;
    if (blocks.length < n * 16) blocks = Buffer.alloc(n * 16);
    while (inputs.length < n) inputs.push({ t: -1, iso: null, base: 0 });
    const id = columnId(column);
    let count = 0;
    for (let j = 0; j < n; j++) {
      const input = markInput(rows[j][index], inputs[j]);
      if (input.t >= 0) writeMarkBlock(blocks, 16 * count++, id, input.t);
    }
    const out = prf(blocks, count);
    count = 0;
    for (let j = 0; j < n; j++) {
      const input = inputs[j];
      if (input.t < 0) continue;
      const row = rows[j];
      row[index] = withSecond(row[index], input, out.readUInt32BE(16 * count++) % 60);
      input.iso = null;
    }
    if (inputs.length > 4 * n) inputs = inputs.slice(0, n);
  };
}

/**
 * `value` with its seconds set to the mark, in the same form it came in (ISO-8601 text, or a Date). Anything that is
 * not a timestamp with seconds (null, a bare date, text) is returned unchanged: the mark never invents a value.
 */
export function markTimestamp(value: unknown, markKey: Uint8Array, column: string): unknown {
  const input = markInput(value, { t: -1, iso: null, base: 0 });
  return input.t < 0 ? value : withSecond(value, input, secondAt(blockPrfFor(markKey), column, input.t));
}

function utcMinute(text: string, local: string, zone: string | undefined): string | null {
  if (!zone || zone === "Z") return local.replace(" ", "T");
  const t = Date.parse(text.replace(" ", "T"));
  return Number.isNaN(t) ? null : new Date(t).toISOString().slice(0, 16);
}

/** A timestamp read back from a suspect file: its UTC minute and its seconds. */
export interface ReadTimestamp {
  minute: string;
  second: number;
}

const ISO_LOOSE = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})[T ]\s*(\d{1,2}):(\d{2}):(\d{2})(?:[.,]\d+)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?$/i;
const NUMERIC_DATE = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2}),?\s+(\d{1,2}):(\d{2}):(\d{2})(?:[.,]\d+)?\s*([AaPp]\.?[Mm]\.?)?$/;
// Excel's serial day numbers: day 25569 is 1970-01-01. Only fractional serials in a plausible range are timestamps.
const EXCEL_EPOCH_DAYS = 25_569;

/**
 * Reads a cell the way a spreadsheet may have re-saved it: ISO-8601 (with T or a space, with or without a zone),
 * `M/D/YYYY h:mm:ss [AM|PM]`, `D/M/YYYY` (when `dayFirst`, which the caller decides for a whole column),
 * `D.M.YYYY`, a Date (XLSX) or an Excel serial number. Null when the cell is not a timestamp with seconds: a cell a
 * spreadsheet cut to the minute carries no mark.
 */
export function readTimestamp(cell: unknown, dayFirst = false): ReadTimestamp | null {
  if (cell instanceof Date) return fromEpochMs(cell.getTime());
  if (typeof cell === "number") {
    if (!Number.isFinite(cell) || Number.isInteger(cell) || cell < 10_000 || cell > 100_000) return null;
    return fromEpochMs((cell - EXCEL_EPOCH_DAYS) * 86_400_000);
  }
  if (typeof cell !== "string") return null;
  const text = cell.trim();
  let m = ISO_LOOSE.exec(text);
  if (m) {
    const zone = m[7]?.toUpperCase();
    const offsetMin = !zone || zone === "Z" || zone === "UTC" || zone === "GMT" ? 0 : offsetMinutes(zone);
    return fromParts(+m[1], +m[2], +m[3], +m[4], +m[5], +m[6], offsetMin);
  }
  m = NUMERIC_DATE.exec(text);
  if (!m) return null;
  const first = +m[1];
  const second = +m[3];
  // Dots are the European day-first form; slashes are month-first unless the column says otherwise.
  const dayIsFirst = m[2] === "." || dayFirst;
  const [day, month] = dayIsFirst ? [first, second] : [second, first];
  let year = +m[4];
  if (m[4].length === 2) year += year < 70 ? 2000 : 1900;
  let hour = +m[5];
  const meridiem = m[8]?.replace(/\./g, "").toUpperCase();
  if (meridiem) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (meridiem === "PM" ? 12 : 0);
  }
  return fromParts(year, month, day, hour, +m[6], +m[7], 0);
}

/** True when a cell looks like `D/M/YYYY …` rather than `M/D/YYYY …` (its first number cannot be a month). */
export function looksDayFirst(cell: unknown): boolean {
  if (typeof cell !== "string") return false;
  const m = NUMERIC_DATE.exec(cell.trim());
  return m !== null && m[2] === "/" && +m[1] > 12;
}

function offsetMinutes(zone: string): number {
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
  return (m[1] === "-" ? -1 : 1) * (+m[2] * 60 + +m[3]);
}

function fromParts(y: number, mo: number, d: number, h: number, mi: number, s: number, offsetMin: number): ReadTimestamp | null {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const t = Date.UTC(y, mo - 1, d, h, mi, s) - offsetMin * 60_000;
  const check = new Date(Date.UTC(y, mo - 1, d));
  // 31/02 is not a date: Date.UTC would roll it into March.
  if (check.getUTCMonth() !== mo - 1) return null;
  return fromEpochMs(t);
}

function fromEpochMs(ms: number): ReadTimestamp | null {
  if (!Number.isFinite(ms)) return null;
  // A spreadsheet stores times as fractions of a day: 12:34:56 may come back as 12:34:55.9999.
  const seconds = Math.round(ms / 1000);
  const iso = new Date(seconds * 1000).toISOString();
  return { minute: iso.slice(0, 16), second: ((seconds % 60) + 60) % 60 };
}
