// The one way to write the ledger (law 1 and 2). Callers hand a draft; the ledger assigns seq, time and hashes.
import { dbTarget } from "@/lib/db/client";
import { ZLedgerDraft, type LedgerDraft, type LedgerEntry } from "./entry";
import { ledgerStore } from "./store";

export async function appendLedgerEntry(draft: LedgerDraft): Promise<LedgerEntry> {
  const [entry] = await appendLedgerEntries([draft]);
  return entry;
}

/** Appends several entries atomically and contiguously (all or none). */
export async function appendLedgerEntries(drafts: LedgerDraft[]): Promise<LedgerEntry[]> {
  const parsed = drafts.map((d) => ZLedgerDraft.parse(d));
  return ledgerStore(dbTarget()).append(parsed);
}
