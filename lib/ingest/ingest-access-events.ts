// Access events reported by other systems (POST /api/v1/access-events) become ledger entries: one entry per accepted
// event, all of a batch in ONE append (one transaction), with each event's receipt (event_id → seq) written in that
// same transaction (decision 017's side writes). A retried event_id finds its receipt and is answered "duplicate"
// with the original seq. Each event is judged on its own: the invalid ones get their reason, the valid ones are kept.
// If the ledger cannot be written the whole call fails (503) and nothing is stored.
import type Database from "better-sqlite3";
import type pg from "pg";
import type { RequestMeta } from "@/lib/core/actor";
import { now } from "@/lib/core/clock";
import { PRIVACY_TIERS, type PrivacyTier } from "@/lib/core/tiers";
import { dbTarget } from "@/lib/db/client";
import { insertRows, pgPool, preparedStatement, sqliteHandle } from "@/lib/db/raw";
import { appendParsedLedgerEntries } from "@/lib/ledger/append";
import type { LedgerEntry, ParsedDraft } from "@/lib/ledger/entry";
import type { LedgerSideWrite } from "@/lib/ledger/store";
import { OPTIONAL_FIELDS, validateEvent, type PiiMemo, type TAccessEvent } from "./envelope";

export interface IngestSource {
  tokenId: string;
  /** The token's machine name: the entry's resource when the event names no dataset. */
  tokenName: string;
  meta: RequestMeta;
}

export type EventResult =
  | { index: number; event_id: string; status: "accepted"; seq: number }
  | { index: number; event_id: string; status: "duplicate"; seq: number }
  | { index: number; event_id: string | null; status: "rejected"; field: string; reason: string };

export interface IngestOutcome {
  accepted: number;
  duplicates: number;
  rejected: number;
  results: EventResult[];
}

const DATASET_REF = /^[a-z][a-z0-9_.-]{0,80}@[1-9]\d{0,5}$/;
const RECORD_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$/;

export async function ingestAccessEvents(source: IngestSource, events: readonly unknown[]): Promise<IngestOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ingestOnce(source, events);
    } catch (err) {
      // Calls carrying the same new event_id at the same moment: the later one's receipt insert hits the earlier one's
      // and rolls its whole batch back. Again, and the receipt is there: answered "duplicate". Overlapping batches
      // can collide more than once, hence a few tries.
      if (attempt < MAX_ATTEMPTS && isReceiptConflict(err)) continue;
      throw err;
    }
  }
}

const MAX_ATTEMPTS = 4;

async function ingestOnce(source: IngestSource, events: readonly unknown[]): Promise<IngestOutcome> {
  const at = now();
  const atMs = at.getTime();
  const results: EventResult[] = new Array(events.length);
  const firstIndex = new Map<string, number>();
  const fresh: Array<{ index: number; event: TAccessEvent; eventId: string }> = [];
  const repeats: Array<{ index: number; eventId: string }> = [];

  const piiSeen: PiiMemo = new Map();
  for (let i = 0; i < events.length; i++) {
    const raw = events[i];
    const check = validateEvent(raw, atMs, piiSeen);
    if (!check.ok) {
      results[i] = { index: i, event_id: eventIdOf(raw), status: "rejected", field: check.field, reason: check.reason };
      continue;
    }
    const eventId = check.event.event_id.toLowerCase();
    if (firstIndex.has(eventId)) repeats.push({ index: i, eventId });
    else {
      firstIndex.set(eventId, i);
      fresh.push({ index: i, event: check.event, eventId });
    }
  }

  const known = await findReceipts(fresh.map((f) => f.eventId));
  const toAppend = fresh.filter((f) => {
    const seq = known.get(f.eventId);
    if (seq === undefined) return true;
    results[f.index] = { index: f.index, event_id: f.eventId, status: "duplicate", seq };
    return false;
  });

  if (toAppend.length > 0) {
    const receivedAt = at.toISOString();
    const drafts = toAppend.map((f) => eventToDraft(f.event, f.eventId, source));
    const entries = await appendParsedLedgerEntries(
      drafts,
      receiptWrite(
        toAppend.map((f) => f.eventId),
        source.tokenId,
        receivedAt,
      ),
    );
    toAppend.forEach((f, i) => {
      results[f.index] = { index: f.index, event_id: f.eventId, status: "accepted", seq: entries[i].seq };
      known.set(f.eventId, entries[i].seq);
    });
  }
  for (const r of repeats) results[r.index] = { index: r.index, event_id: r.eventId, status: "duplicate", seq: known.get(r.eventId)! };

  let accepted = 0;
  let duplicates = 0;
  for (const r of results) {
    if (r.status === "accepted") accepted++;
    else if (r.status === "duplicate") duplicates++;
  }
  return { accepted, duplicates, rejected: results.length - accepted - duplicates, results };
}

/**
 * The envelope mapped onto a ledger entry: the event's own fields go into the payload (ids only). The draft is in
 * ZLedgerDraft's output shape already (the envelope's rules are at least as tight as the draft's, and the bounds
 * below keep the rest inside them), so the append does not parse it again; ingest.test.ts holds it to that.
 */
export function eventToDraft(e: TAccessEvent, eventId: string, source: Pick<IngestSource, "tokenId" | "tokenName">): ParsedDraft {
  const p = e.payload;
  const decision = p.decision === "allow" || p.decision === "mask" || p.decision === "deny" ? p.decision : "allow";
  const disclosed = isTier(p.disclosed_tier) ? p.disclosed_tier : decision === "allow" ? e.privacy_tier : null;
  const payload: Record<string, unknown> = {
    event_id: eventId,
    event_version: e.event_version,
    occurred_at: e.occurred_at,
    source_token_id: source.tokenId,
  };
  if (e.received_at) payload.source_received_at = e.received_at;
  for (const k of OPTIONAL_FIELDS) {
    const v = e[k];
    if (v !== undefined && v !== null) payload[k] = v;
  }
  payload.data = p;
  return {
    actorId: e.actor_user_id,
    actorRole: e.actor_role,
    action: e.event_name,
    privacyTier: e.privacy_tier,
    resource: typeof p.dataset === "string" && DATASET_REF.test(p.dataset) ? p.dataset : `external:${source.tokenName}`,
    recordId: typeof p.record_id === "string" && RECORD_ID.test(p.record_id) ? p.record_id : null,
    purpose: typeof p.purpose === "string" ? p.purpose.slice(0, 500) : "",
    decision,
    columnsShown: columnList(p.columns_shown),
    columnsMasked: columnList(p.columns_masked),
    columnsDenied: columnList(p.columns_denied),
    policyVersion: "1",
    requestId: e.request_id,
    ipHash: e.ip_hash ?? null,
    uaHash: e.user_agent_hash ?? null,
    rowCount: typeof p.row_count === "number" && Number.isSafeInteger(p.row_count) && p.row_count >= 0 ? p.row_count : 0,
    disclosedTier: disclosed,
    payload,
  };
}

const isTier = (v: unknown): v is PrivacyTier => typeof v === "string" && (PRIVACY_TIERS as readonly string[]).includes(v);

function columnList(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  return v.filter((c): c is string => typeof c === "string" && c.length > 0 && c.length <= 100).slice(0, 200);
}

function eventIdOf(raw: unknown): string | null {
  const id = raw && typeof raw === "object" ? (raw as { event_id?: unknown }).event_id : undefined;
  return typeof id === "string" && id.length <= 64 ? id : null;
}

/**
 * Receipts already stored for these event ids: event_id → seq. On SQLite, LOOKUP_IDS ids per prepared statement (a
 * short last chunk padded with NULLs, which match nothing), so one statement serves every batch size; bound ids cost
 * about two thirds of the same look-up through json_each over a JSON array.
 */
async function findReceipts(ids: readonly string[]): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  if (ids.length === 0) return found;
  const t = dbTarget();
  const rows =
    t.dialect === "sqlite"
      ? lookupSqlite(preparedStatement(sqliteHandle(t.path), LOOKUP_SQL), ids)
      : (
          await pgPool(t.url).query<{ event_id: string; seq: number }>("SELECT event_id, seq FROM ingest_receipts WHERE event_id = ANY($1::text[])", [
            ids,
          ])
        ).rows;
  for (const r of rows) found.set(r.event_id, Number(r.seq));
  return found;
}

const LOOKUP_IDS = 250;
const LOOKUP_SQL = `SELECT event_id, seq FROM ingest_receipts WHERE event_id IN (${Array.from({ length: LOOKUP_IDS }, () => "?").join(", ")})`;

function lookupSqlite(stmt: Database.Statement, ids: readonly string[]): Array<{ event_id: string; seq: number }> {
  const rows: Array<{ event_id: string; seq: number }> = [];
  for (let i = 0; i < ids.length; i += LOOKUP_IDS) {
    const chunk: Array<string | null> = ids.slice(i, i + LOOKUP_IDS);
    while (chunk.length < LOOKUP_IDS) chunk.push(null);
    for (const r of stmt.all(chunk) as Array<{ event_id: string; seq: number }>) rows.push(r);
  }
  return rows;
}

/** Receipts per INSERT on SQLite (lib/db/raw.ts insertRows; decision 046). */
export const RECEIPT_ROWS = 250;
export const RECEIPT_COLUMNS = ["event_id", "seq", "token_id", "received_at"] as const;

/** The receipts, written inside the append's transaction: they exist exactly when their entries do. */
function receiptWrite(eventIds: readonly string[], tokenId: string, receivedAt: string): LedgerSideWrite {
  return {
    sqlite(db: Database.Database, entries: readonly LedgerEntry[]) {
      insertRows(db, "ingest_receipts", RECEIPT_COLUMNS, RECEIPT_ROWS, entries, (out, e, i) => out.push(eventIds[i], e.seq, tokenId, receivedAt));
    },
    async pg(client: pg.PoolClient, entries: readonly LedgerEntry[]) {
      await client.query(
        "INSERT INTO ingest_receipts (event_id, seq, token_id, received_at) SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[])",
        [eventIds, entries.map((e) => e.seq), entries.map(() => tokenId), entries.map(() => receivedAt)],
      );
    },
  };
}

function isReceiptConflict(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    const x = e as { code?: unknown; constraint?: unknown; message?: unknown; cause?: unknown };
    if (x.code === "SQLITE_CONSTRAINT_PRIMARYKEY" && String(x.message).includes("ingest_receipts")) return true;
    if (x.code === "23505" && x.constraint === "ingest_receipts_pkey") return true;
    e = x.cause;
  }
  return false;
}
