// Ranks candidate exports against a suspect file's cells (decision 025). Pure: the caller hands in the cells, the
// candidates and a way to get each candidate's keys. The file needs no header and no known column order: tokens are
// found in any cell, and every column that reads as timestamps with seconds is tried against every marked column.
import { markedColumnIndexes } from "../fingerprint";
import type { ExportColumnPlan } from "../types";
import { binomialTail } from "./binomial";
import { looksDayFirst, MARK_FALSE_MATCH, markSecond, readTimestamp, type ReadTimestamp } from "./timestamp-mark";
import { splitToken, TOKEN_FALSE_MATCH, TOKEN_IN_TEXT, tokenTag } from "./token-channel";

/** A candidate is attributed when the probability of a false attribution is at most this (one in a million). */
export const ATTRIBUTION_THRESHOLD = 1e-6;
/** Evidence kept per channel: far past what any attribution needs, and it bounds the work for a large file. */
export const MAX_TOKENS_CHECKED = 256;
export const MAX_TIMESTAMPS_CHECKED = 256;

export interface TraceCandidate {
  id: string;
  datasetRef: string;
  /** The file's columns (withheld ones left out), as the export's plan froze them. */
  fileColumns: readonly ExportColumnPlan[];
}

export interface ChannelEvidence {
  /** Distinct cells checked against this export (tokens, or distinct minutes of one timestamp column). */
  checked: number;
  matched: number;
  /** Probability that an export which did not write the file matches at least this many by chance. */
  chance: number;
}

export interface CandidateScore {
  exportId: string;
  token: ChannelEvidence;
  mark: ChannelEvidence & { column: string | null; suspectColumn: number | null; hypotheses: number };
  /** Probability that some wrong export among all candidates shows at least this evidence: the false attribution. */
  falseAttribution: number;
  attributed: boolean;
}

export interface SuspectEvidence {
  rows: number;
  tokens: string[];
  /** Per suspect column (by index) that reads as timestamps with seconds: its distinct minutes, one cell each. */
  timestampColumns: Array<{ index: number; cells: ReadTimestamp[] }>;
}

/** Pulls what the channels check out of the cells: distinct tokens, and timestamp columns with their distinct minutes. */
export function extractEvidence(rows: readonly (readonly unknown[])[]): SuspectEvidence {
  const tokens = new Set<string>();
  const width = rows.reduce((w, r) => Math.max(w, r.length), 0);
  for (const row of rows) {
    for (const cell of row) {
      if (typeof cell !== "string" || cell.length < 24) continue;
      for (const m of cell.matchAll(TOKEN_IN_TEXT)) tokens.add(m[0].toLowerCase());
    }
  }
  const timestampColumns: SuspectEvidence["timestampColumns"] = [];
  for (let j = 0; j < width; j++) {
    let filled = 0;
    let dayFirst = false;
    for (const row of rows) {
      const cell = row[j];
      if (cell === null || cell === undefined || cell === "") continue;
      filled++;
      if (!dayFirst && looksDayFirst(cell)) dayFirst = true;
    }
    const byMinute = new Map<string, ReadTimestamp>();
    let read = 0;
    for (const row of rows) {
      const ts = readTimestamp(row[j], dayFirst);
      if (!ts) continue;
      read++;
      // Two cells in the same minute carry the same mark: they count once, or the maths would count one coin twice.
      if (!byMinute.has(ts.minute)) byMinute.set(ts.minute, ts);
    }
    // A header, a banner or a stray note may sit in the column: most of its filled cells must read as timestamps.
    if (read > 0 && read * 2 >= filled) timestampColumns.push({ index: j, cells: spread([...byMinute.values()], MAX_TIMESTAMPS_CHECKED) });
  }
  return { rows: rows.length, tokens: spread([...tokens], MAX_TOKENS_CHECKED), timestampColumns };
}

/** At most `max` items, spread evenly over the list (a file merged from two exports shows both). */
function spread<T>(items: T[], max: number): T[] {
  if (items.length <= max) return items;
  return Array.from({ length: max }, (_, i) => items[Math.floor((i * items.length) / max)]);
}

/**
 * Cells every candidate is checked against first, spread over the file; a candidate with any match there is then
 * checked against all of them. A wrong export almost never matches (2^-40 per token, 1/60 per mark), so this keeps a
 * trace among thousands of exports to a few HMACs each, and a file merged from several exports still shows each one
 * that contributed a sixteenth of the cells.
 */
export const FIRST_PASS_CELLS = 16;
/** Marks a candidate must match in the first pass to be checked in full: a wrong export reaches 3 of 16 once in ~400. */
const MARK_FIRST_PASS_MATCHES = 3;

export function scoreCandidates(
  evidence: SuspectEvidence,
  candidates: readonly TraceCandidate[],
  keyOf: (id: string, use: "token" | "mark") => Uint8Array,
): CandidateScore[] {
  const n = candidates.length;
  const tokens = evidence.tokens.map(splitToken);
  const firstTokens = spread(tokens, FIRST_PASS_CELLS);
  const scores = candidates.map((c): CandidateScore => {
    let token: ChannelEvidence = { checked: 0, matched: 0, chance: 1 };
    if (tokens.length > 0 && c.fileColumns.some((col) => col.treatment === "masked" && col.rule === "token")) {
      const key = keyOf(c.id, "token");
      const count = (list: typeof tokens) => list.reduce((m, t) => m + (tokenTag(key, t.body) === t.tag ? 1 : 0), 0);
      let checked = firstTokens.length;
      let matched = count(firstTokens);
      if (matched > 0 && tokens.length > firstTokens.length) [checked, matched] = [tokens.length, count(tokens)];
      token = { checked, matched, chance: binomialTail(checked, matched, TOKEN_FALSE_MATCH) };
    }

    let mark: CandidateScore["mark"] = { checked: 0, matched: 0, chance: 1, column: null, suspectColumn: null, hypotheses: 0 };
    const marked = markedColumnIndexes(c.datasetRef, c.fileColumns).map((i) => c.fileColumns[i].name);
    if (marked.length > 0 && evidence.timestampColumns.length > 0) {
      const key = keyOf(c.id, "mark");
      const hypotheses = marked.length * evidence.timestampColumns.length;
      let best: CandidateScore["mark"] | null = null;
      for (const column of marked) {
        const expected = new Map<string, number>();
        const count = (cells: readonly ReadTimestamp[]) =>
          cells.reduce((m, cell) => {
            let s = expected.get(cell.minute);
            if (s === undefined) expected.set(cell.minute, (s = markSecond(key, column, cell.minute)));
            return m + (s === cell.second ? 1 : 0);
          }, 0);
        for (const sc of evidence.timestampColumns) {
          const first = spread(sc.cells, FIRST_PASS_CELLS);
          let checked = first.length;
          let matched = count(first);
          if (matched >= Math.min(MARK_FIRST_PASS_MATCHES, checked) && sc.cells.length > checked)
            [checked, matched] = [sc.cells.length, count(sc.cells)];
          const tail = binomialTail(checked, matched, MARK_FALSE_MATCH);
          if (!best || tail < best.chance || (tail === best.chance && matched > best.matched)) {
            best = { checked, matched, chance: tail, column, suspectColumn: sc.index, hypotheses };
          }
        }
      }
      // Several (suspect column, marked column) pairs were tried: the best of them is that much likelier by chance.
      mark = { ...best!, chance: Math.min(1, best!.chance * hypotheses) };
    }
    // The two channels use independent keys: for a wrong export the chances multiply. Across the n candidates the
    // union bound gives the probability that ANY wrong one would show this much.
    const falseAttribution = Math.min(1, n * token.chance * mark.chance);
    return { exportId: c.id, token, mark, falseAttribution, attributed: falseAttribution <= ATTRIBUTION_THRESHOLD };
  });
  return scores.sort(
    (a, b) =>
      a.falseAttribution - b.falseAttribution ||
      b.token.matched + b.mark.matched - (a.token.matched + a.mark.matched) ||
      (a.exportId < b.exportId ? -1 : 1),
  );
}
