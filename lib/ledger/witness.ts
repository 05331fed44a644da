// The witness log (decision 018): every checkpoint's signed note, appended to a file outside the database as it is
// made. A deployment ships the file elsewhere (or tails it into another system), so a rewrite of the database is
// caught even by someone who holds the key. The format is plain text, read by eye or by any tool:
//   each checkpoint's C2SP signed note exactly as signed (text, blank line, signature lines), then one blank line.
import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";

export function appendWitness(file: string, note: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  appendFileSync(file, `${note}\n`);
}

export interface WitnessLog {
  notes: string[];
  /** Text after the last complete note (a torn write): reported, never silently dropped. */
  trailing: string;
}

/** The notes of a witness log, byte for byte as written; null when the file does not exist. */
export function readWitnessLog(file: string): WitnessLog | null {
  if (!existsSync(file)) return null;
  return parseWitnessLog(readFileSync(file, "utf8"));
}

export function parseWitnessLog(text: string): WitnessLog {
  const notes: string[] = [];
  let at = 0;
  for (;;) {
    // A note: text lines up to a blank line, then signature lines up to the next blank line.
    const textEnd = text.indexOf("\n\n", at);
    if (textEnd < 0) break;
    const sigEnd = text.indexOf("\n\n", textEnd + 2);
    if (sigEnd < 0) break;
    notes.push(text.slice(at, sigEnd + 1));
    at = sigEnd + 2;
  }
  return { notes, trailing: text.slice(at) };
}
