// The one way to write the ledger (law 1 and 2). Callers hand a draft; the ledger assigns seq, time and hashes.
// Whatever stops an append (a held lock past its deadline, a full disk, a refusing trigger, a lost connection) is
// reported as "unavailable" (503): the caller must not go on as if the access had been recorded.
import { z } from "zod";
import { AppError } from "@/lib/core/errors";
import { dbTarget } from "@/lib/db/client";
import { ZLedgerDraft, type LedgerDraft, type LedgerEntry, type ParsedDraft } from "./entry";
import { ledgerStore, type LedgerSideWrite } from "./store";

// zod's generated fast path for the same schema (falling back to zod's own parser, and its errors, on a refusal):
// every gateway read parses one draft, and the interpreted parse was ~30 µs of a person view's ~600.
const ZLedgerDraftCompiled = z.compile(ZLedgerDraft);

export async function appendLedgerEntry(draft: LedgerDraft): Promise<LedgerEntry> {
  const [entry] = await appendLedgerEntries([draft]);
  return entry;
}

/** Appends several entries atomically and contiguously (all or none), with `side` writes in the same transaction. */
export async function appendLedgerEntries(drafts: LedgerDraft[], side?: LedgerSideWrite): Promise<LedgerEntry[]> {
  return appendParsedLedgerEntries(
    drafts.map((d) => ZLedgerDraftCompiled.parse(d)),
    side,
  );
}

/**
 * appendLedgerEntries for drafts that are already in ZLedgerDraft's output shape, built by code that guarantees it
 * (the ingest maps a validated envelope; its tests parse what it builds and find it unchanged). Parsing a batch of
 * 1,000 again cost as much as sealing it. Anything built from outside input goes through appendLedgerEntries.
 */
export async function appendParsedLedgerEntries(parsed: ParsedDraft[], side?: LedgerSideWrite): Promise<LedgerEntry[]> {
  try {
    return await ledgerStore(dbTarget()).append(parsed, side);
  } catch (err) {
    if (err instanceof AppError) throw err;
    console.error("[warden] ledger append failed", err);
    throw new AppError(
      "unavailable",
      "The access ledger could not record this, so nothing was done. Try again in a moment; if it persists, tell the platform team.",
      { cause: err },
    );
  }
}
