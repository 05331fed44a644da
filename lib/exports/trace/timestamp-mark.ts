// Channel (b) of the export fingerprint (decision 025): in a column declared `timestamp_seconds` (tolerant-columns.ts)
// the seconds of each timestamp become PRF(export mark key, column ‖ the UTC minute) mod 60 (AES-256 on one block:
// block-prf.ts). A leaked cell is checked
// on its own (no record id, no other column): parse it, recompute the seconds for its minute, compare. A wrong export
// matches one cell with probability 1/60. The minute, hour and date are never touched: the value stays right to the minute.
import { createHash } from "node:crypto";
import { blockPrf, blockPrfFor, type BlockPrf } from "./block-prf";

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

/** The mark's input block: the column's id, the minute as minutes since 1970 (UTC), a fixed domain suffix. */
function markBlock(column: string, minute: string): Buffer | null {
  const t = Date.parse(`${minute}:00Z`);
  if (!Number.isFinite(t) || t < 0 || t / 60_000 > 0xffffffff) return null;
  const block = Buffer.alloc(16);
  columnId(column).copy(block, 0);
  block.writeUInt32BE(t / 60_000, 8);
  block.write("mrk1", 12, "latin1");
  return block;
}

function secondWith(prf: BlockPrf, column: string, minute: string): number {
  const block = markBlock(column, minute);
  // 2^32 mod 60 = 16: the bias this leaves is below 4e-9 per value, far under anything the maths counts.
  return block ? prf(block).readUInt32BE(0) % 60 : -1;
}

/**
 * The keyed seconds (0-59) for a timestamp of `column` in the UTC minute `minute` (`YYYY-MM-DDTHH:MM`); -1 for a
 * minute before 1970 or past the block's range, which is never marked.
 */
export function markSecond(markKey: Uint8Array, column: string, minute: string): number {
  return secondWith(blockPrfFor(markKey), column, minute);
}

/** markTimestamp with its PRF made once: what a build uses for every row. */
export function timestampMarker(markKey: Uint8Array): (value: unknown, column: string) => unknown {
  const prf = blockPrf(markKey);
  return (value, column) => markTimestampWith(value, (c, minute) => secondWith(prf, c, minute), column);
}

const ISO = /^(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * `value` with its seconds set to the mark, in the same form it came in (ISO-8601 text, or a Date). Anything that is
 * not a timestamp with seconds (null, a bare date, text) is returned unchanged: the mark never invents a value.
 */
export function markTimestamp(value: unknown, markKey: Uint8Array, column: string): unknown {
  return markTimestampWith(value, (c, minute) => markSecond(markKey, c, minute), column);
}

function markTimestampWith(value: unknown, second: (column: string, minute: string) => number, column: string): unknown {
  if (value instanceof Date) {
    const t = value.getTime();
    if (Number.isNaN(t)) return value;
    const minuteStart = Math.floor(t / 60_000) * 60_000;
    const s = second(column, new Date(minuteStart).toISOString().slice(0, 16));
    return s < 0 ? value : new Date(minuteStart + s * 1000);
  }
  if (typeof value !== "string") return value;
  const m = ISO.exec(value);
  if (!m) return value;
  const utc = utcMinute(value, m[1], m[4]);
  if (!utc) return value;
  const s = second(column, utc);
  if (s < 0) return value;
  const seconds = String(s).padStart(2, "0");
  // Fractional seconds keep their width but become zeros: the mark is the whole second.
  return `${m[1]}:${seconds}${m[3] ? "." + "0".repeat(m[3].length - 1) : ""}${m[4] ?? ""}`;
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
