// Figure ingest_events_per_s: access events through the machine API's ingest in batches of 1,000 (token check, JSON
// parse, envelope validation, PII scan, duplicate lookup, one append with receipts per batch), beside its floor in the
// same run: the same entries sealed and inserted (as the store does, several rows per INSERT) with their receipts on
// the raw driver, one transaction per batch.
import { floorDatabase } from "./floor-db";
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { createApiToken } from "@/lib/api/api-tokens";
import { authenticateApi } from "@/lib/api/authenticate";
import { ZAccessEvent } from "@/lib/ingest/envelope";
import { eventToDraft, ingestAccessEvents, RECEIPT_COLUMNS, RECEIPT_ROWS } from "@/lib/ingest/ingest-access-events";
import { sealEntry, type ParsedDraft } from "@/lib/ledger/entry";
import { insertRows } from "@/lib/db/raw";
import { LEDGER_COLUMNS, pushRowValues } from "@/lib/ledger/row";
import { SQLITE_INSERT_ROWS } from "@/lib/ledger/store";
import { createUser } from "@/lib/auth/create-user";
import { systemRequestMeta } from "@/lib/auth/request-meta";

export interface IngestFigure {
  value: number;
  unit: "per_s";
  floor: number;
  ratio: number;
  note: string;
}

const BATCH = 1_000;

function makeEvents(n: number, offset: number): Array<Record<string, unknown>> {
  const occurred = new Date(Date.now() - 60_000).toISOString();
  return Array.from({ length: n }, (_, i) => ({
    event_id: randomUUID(),
    event_name: "warehouse.query_executed",
    event_version: "1.2.0",
    occurred_at: occurred,
    actor_user_id: `usr_ext${(offset + i) % 500}`,
    actor_role: "analyst",
    request_id: `req-${offset + i}`,
    ip_hash: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    user_agent_hash: "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752",
    privacy_tier: "pii_sensitive",
    payload: {
      dataset: "marketplace.people@1",
      record_id: `usr_p${(offset + i) % 10_000}`,
      query_id: `q_${offset + i}`,
      row_count: 12,
      columns_shown: ["person_id", "city", "phone"],
      purpose: "BI dashboard tile ops.weekly_bookings@3",
    },
    lbg_id: `lbg_${(offset + i) % 7_919}`,
    country: "US",
    platform: "web",
  }));
}

export async function ingestEventsFigure(opts: {
  dir: string;
  consoleDbPath: string;
  events: number;
  progress: (m: string) => void;
}): Promise<IngestFigure> {
  const batches = Math.max(2, Math.ceil(opts.events / BATCH));
  const created = await createUser({ email: `bench-admin-${randomUUID()}@bench.warden`, name: "Bench admin", role: "privacy_admin" });
  const admin = { id: created.id, role: created.role };
  const { token, secret } = await createApiToken(
    { actor: admin, meta: systemRequestMeta() },
    { name: `bench-${randomUUID().slice(0, 8)}`, ownerId: admin.id, uses: ["events:write"], expiresInDays: 1 },
  );
  const bodies = Array.from({ length: batches + 1 }, (_, b) => JSON.stringify({ events: makeEvents(BATCH, b * BATCH) }));

  // The floor: the same drafts (mapped outside the clock), sealed and inserted with receipts on the raw driver.
  // Floor and ingest batches alternate, so a shared machine's load changes weigh on both alike.
  const raw = floorDatabase(opts.dir, "ingest-floor.db", opts.consoleDbPath, ["ledger_entries", "ingest_receipts"]);
  let floorMs = 0;
  let ms = 0;
  try {
    const head = raw.prepare("SELECT seq, entry_hash FROM ledger_entries WHERE seq >= 1 ORDER BY seq DESC LIMIT 1");
    const source = { tokenId: token.id, tokenName: token.name };
    const draftsOf = (body: string) =>
      (JSON.parse(body) as { events: unknown[] }).events.map((e) => {
        const ev = ZAccessEvent.parse(e);
        return { id: ev.event_id, draft: eventToDraft(ev, ev.event_id, source) };
      });
    // Rows go in as lib/ledger's SQLite store and the ingest's receipts write them: the same helper, as many per statement.
    const floorBatch = raw.transaction((items: Array<{ id: string; draft: ParsedDraft }>, receivedAt: string) => {
      const h = head.get() as { seq: number; entry_hash: string } | undefined;
      let prev: { seq: number; entryHash: string } | null = h ? { seq: h.seq, entryHash: h.entry_hash } : null;
      const entries = items.map(({ draft }) => (prev = sealEntry(draft, prev)));
      insertRows(raw, "ledger_entries", LEDGER_COLUMNS, SQLITE_INSERT_ROWS, entries, pushRowValues);
      insertRows(raw, "ingest_receipts", RECEIPT_COLUMNS, RECEIPT_ROWS, entries, (out, e, j) => out.push(items[j].id, e.seq, token.id, receivedAt));
    });
    const prepared = bodies.map(draftsOf);

    const post = async (body: string) => {
      const req = new Request("http://bench.local/api/v1/access-events", {
        method: "POST",
        headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
        body,
      });
      const caller = await authenticateApi(req, "events:write");
      const parsed = JSON.parse(await req.text()) as { events: unknown[] };
      const out = await ingestAccessEvents({ tokenId: caller.tokenId, tokenName: caller.tokenName, meta: caller.meta }, parsed.events);
      if (out.accepted !== BATCH)
        throw new Error(`ingest bench: ${out.rejected} events rejected (${JSON.stringify(out.results.find((r) => r.status === "rejected"))})`);
    };

    opts.progress(`ingest: ${batches} batches of ${BATCH} through lib/ingest, each beside a raw floor batch…`);
    floorBatch.immediate(prepared[0], new Date().toISOString()); // warm-up
    await post(bodies[0]);
    for (let b = 1; b <= batches; b++) {
      let t = performance.now();
      floorBatch.immediate(prepared[b], new Date().toISOString());
      floorMs += performance.now() - t;
      t = performance.now();
      await post(bodies[b]);
      ms += performance.now() - t;
    }
  } finally {
    raw.close();
  }

  const events = batches * BATCH;
  const value = Math.round((events / ms) * 1000);
  const floor = Math.round((events / floorMs) * 1000);
  return {
    value,
    unit: "per_s",
    floor,
    ratio: Number((value / floor).toPrecision(3)),
    note: `${events.toLocaleString("en-US")} events in batches of ${BATCH} (token check, JSON parse, envelope validation, PII scan, duplicate lookup, one append with receipts per batch); floor: the same entries sealed and inserted with their receipts on the raw driver, one transaction per batch, alternating with the measured batches`,
  };
}
