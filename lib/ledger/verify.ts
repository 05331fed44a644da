// Recomputes the whole chain and names the first bad seq (law 2). Streams in batches, so millions of
// entries verify in constant memory.
import type { DbTarget } from "@/lib/db/dialect";
import { sha256Hex } from "@/lib/core/hash";
import { GENESIS_HASH, hashEntry } from "./entry";
import { fromRow, LEDGER_COLUMNS, toRow } from "./row";
import { ledgerStore } from "./store";

export type VerifyResult =
  | { ok: true; count: number; headHash: string }
  | { ok: false; count: number; firstBadSeq: number; reason: string };

const BATCH = 5_000;

export async function verifyLedger(target: DbTarget): Promise<VerifyResult> {
  const store = ledgerStore(target);
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  for (;;) {
    const rows = await store.range(expectedSeq - 1, BATCH);
    if (rows.length === 0) break;
    for (const row of rows) {
      const seq = Number(row.seq);
      const fail = (reason: string): VerifyResult => ({ ok: false, count: expectedSeq - 1, firstBadSeq: Math.min(seq, expectedSeq), reason });
      if (seq !== expectedSeq) return fail(`seq ${expectedSeq} is missing (next stored seq is ${seq})`);
      const entry = fromRow(row);
      // Stored bytes must be exactly what the entry serialises to; anything else was written outside the ledger.
      const canonical = toRow(entry);
      const drifted = LEDGER_COLUMNS.find((c) => String(canonical[c]) !== String(row[c]));
      if (drifted) return fail(`column ${drifted} is not in canonical form`);
      if (entry.prevHash !== prevHash) return fail("prev_hash does not match the previous entry's hash");
      if (entry.payload !== null && sha256Hex(entry.payload) !== entry.payloadHash) return fail("payload does not match payload_hash");
      if (hashEntry(entry) !== entry.entryHash) return fail("entry_hash does not match the entry's content");
      prevHash = entry.entryHash;
      expectedSeq++;
    }
  }
  return { ok: true, count: expectedSeq - 1, headHash: prevHash };
}
