// The check of one stored row, on its own and against its predecessor's hash: what `ledger verify` (the slow path,
// and every row the fast path doubts) and the evidence-bundle verifier both apply, so a row fails for the same reason
// whether it is read from the database or from a bundle. Pure: no database, so the offline verifier can load it.
import { sha256Hex } from "@/lib/core/hash";
import { hashEntry } from "./entry";
import { fromRow, LEDGER_COLUMNS, toRow, type LedgerRow } from "./row";

/** What a bad row is: changed in place, or a whole entry moved to another seq. */
export type RowFindingKind = "edited" | "reordered";

/** Why a row at seq >= 1 fails on its own and against its predecessor (prevHash null: not checked), or null. */
export function checkRow(row: LedgerRow, prevHash: string | null): { reason: string; kind: RowFindingKind } | null {
  const entry = fromRow(row);
  // Stored bytes must be exactly what the entry serialises to; anything else was written outside the ledger.
  const canonical = toRow(entry);
  const drifted = LEDGER_COLUMNS.find((c) => String(canonical[c]) !== String(row[c]));
  if (drifted) return { reason: `column ${drifted} is not in canonical form`, kind: "edited" };
  const intact = hashEntry(entry) === entry.entryHash;
  if (!intact) {
    // An intact entry moved to another seq hashes right at the seq it was written for: say so, not "edited".
    for (let d = 1; d <= 8; d++) {
      for (const at of [entry.seq + d, entry.seq - d]) {
        if (at >= 1 && hashEntry({ ...entry, seq: at }) === entry.entryHash) {
          return { reason: `the entry stored at seq ${entry.seq} was written at seq ${at}`, kind: "reordered" };
        }
      }
    }
  }
  if (prevHash !== null && entry.prevHash !== prevHash) return { reason: "prev_hash does not match the previous entry's hash", kind: "edited" };
  if (entry.payload !== null && sha256Hex(entry.payload) !== entry.payloadHash)
    return { reason: "payload does not match payload_hash", kind: "edited" };
  if (!intact) return { reason: "entry_hash does not match the entry's content", kind: "edited" };
  return null;
}
