import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { POST as postEvents } from "@/app/api/v1/access-events/route";
import { apiRequest, accessEvent, issueToken } from "@/lib/api/test-helpers";
import { getDb } from "@/lib/db/client";
import { dialect, ledgerHeadSeq, rawExec } from "@/lib/test/fixtures";
import { ZLedgerDraft } from "@/lib/ledger/entry";
import { validateEvent, ZAccessEvent } from "./envelope";
import { eventToDraft, ingestAccessEvents } from "./ingest-access-events";

const FAIL_APPENDS =
  dialect() === "sqlite"
    ? [`CREATE TRIGGER ingest_test_refuse BEFORE INSERT ON ledger_entries BEGIN SELECT RAISE(ABORT, 'ledger refuses (test)'); END;`]
    : [
        `CREATE OR REPLACE FUNCTION ingest_test_refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'ledger refuses (test)'; END $$ LANGUAGE plpgsql`,
        `CREATE TRIGGER ingest_test_refuse BEFORE INSERT ON ledger_entries FOR EACH ROW EXECUTE FUNCTION ingest_test_refuse()`,
      ];
const HEAL = dialect() === "sqlite" ? [`DROP TRIGGER IF EXISTS ingest_test_refuse`] : [`DROP TRIGGER IF EXISTS ingest_test_refuse ON ledger_entries`];

afterEach(async () => {
  for (const sql of HEAL) await rawExec(sql);
});

interface Outcome {
  accepted: number;
  duplicates: number;
  rejected: number;
  results: Array<{ index: number; event_id: string | null; status: string; seq?: number; field?: string; reason?: string }>;
}

async function post(secret: string, body: unknown, headers?: Record<string, string>) {
  const res = await postEvents(apiRequest("/access-events", secret, { body, headers }));
  return { status: res.status, body: (await res.json()) as Outcome & { error?: { code: string; field?: string; message: string } } };
}

async function receipts(ids: string[]) {
  return getDb().ingestReceipt.count({ where: { eventId: { in: ids } } });
}

describe("POST /api/v1/access-events", () => {
  it("turns one event into one ledger entry: the envelope mapped onto the entry, ids in the payload, a receipt", async () => {
    const { token, secret } = await issueToken(["events:write"]);
    const event = accessEvent();
    const { status, body } = await post(secret, event);
    expect(status).toBe(200);
    expect(body).toMatchObject({ accepted: 1, duplicates: 0, rejected: 0 });
    const seq = body.results[0].seq!;
    const entry = await getDb().ledgerEntry.findUniqueOrThrow({ where: { seq } });
    expect(entry).toMatchObject({
      action: "warehouse.query_executed",
      actorId: "usr_ext0001",
      actorRole: "analyst",
      privacyTier: "pii_sensitive",
      disclosedTier: "pii_sensitive",
      resource: "marketplace.people@1",
      recordId: "usr_p0001",
      decision: "allow",
      rowCount: 3,
      requestId: event.request_id,
      ipHash: "a".repeat(64),
      uaHash: "b".repeat(64),
      columnsShown: JSON.stringify(["phone"]),
    });
    expect(JSON.parse(entry.payload!)).toMatchObject({
      event_id: event.event_id,
      event_version: "1.0.0",
      occurred_at: event.occurred_at,
      source_token_id: token.id,
      lbg_id: "lbg_01hf8z2k",
      country: "US",
      platform: "web",
    });
    expect(await getDb().ingestReceipt.findUniqueOrThrow({ where: { eventId: event.event_id as string } })).toMatchObject({ seq, tokenId: token.id });
  });

  it("names the token as the resource when the event names no dataset", async () => {
    const { token, secret } = await issueToken(["events:write"]);
    const { body } = await post(secret, accessEvent({ payload: { ticket: "SUP-12345" } }));
    const entry = await getDb().ledgerEntry.findUniqueOrThrow({ where: { seq: body.results[0].seq! } });
    expect(entry.resource).toBe(`external:${token.name}`);
  });

  it("keeps the valid events of a partial batch and gives each invalid one its index, event_id, field and reason", async () => {
    const { secret } = await issueToken(["events:write"]);
    const good = [accessEvent(), accessEvent(), accessEvent()];
    const noId = accessEvent();
    delete noId.event_id;
    const badName = accessEvent({ event_name: "NotNamespaced" });
    const before = await ledgerHeadSeq();
    const { status, body } = await post(secret, { events: [good[0], noId, good[1], badName, good[2]] });
    expect(status).toBe(200);
    expect(body).toMatchObject({ accepted: 3, duplicates: 0, rejected: 2 });
    expect(body.results.map((r) => r.status)).toEqual(["accepted", "rejected", "accepted", "rejected", "accepted"]);
    expect(body.results[1]).toMatchObject({ index: 1, event_id: null, field: "event_id" });
    expect(body.results[3]).toMatchObject({
      index: 3,
      event_id: badName.event_id,
      field: "event_name",
      reason: expect.stringMatching(/namespace\.action/),
    });
    // One append for the batch: contiguous seqs right after the head.
    expect([body.results[0].seq, body.results[2].seq, body.results[4].seq]).toEqual([before + 1, before + 2, before + 3]);
    expect(await ledgerHeadSeq()).toBe(before + 3);
  });

  it("refuses a malformed envelope: unknown fields, a bad semver, a raw address instead of a hash (422 when nothing is kept)", async () => {
    const { secret } = await issueToken(["events:write"]);
    const before = await ledgerHeadSeq();
    const { status, body } = await post(secret, {
      events: [accessEvent({ email: "x" }), accessEvent({ event_version: "1.0" }), accessEvent({ ip_hash: "203.0.113.7" }), "not an event"],
    });
    expect(status).toBe(422);
    expect(body.results.map((r) => [r.field, r.status])).toEqual([
      ["email", "rejected"],
      ["event_version", "rejected"],
      ["ip_hash", "rejected"],
      ["(event)", "rejected"],
    ]);
    expect(body.results[0].reason).toMatch(/unknown field/);
    expect(await ledgerHeadSeq()).toBe(before);
  });

  it("refuses raw personal data in a payload (emails, phones, TINs, street addresses) and names the path", async () => {
    const { secret } = await issueToken(["events:write"]);
    const { body } = await post(secret, {
      events: [
        accessEvent({ payload: { note: "sent to jane.doe@example.com" } }),
        accessEvent({ payload: { contact: { phone: "+1 (555) 010-0100" } } }),
        accessEvent({ payload: { tins: ["123-45-6789"] } }),
        accessEvent({ payload: { where: "221B Baker Street" } }),
      ],
    });
    expect(body.results.map((r) => [r.status, r.field])).toEqual([
      ["rejected", "payload.note"],
      ["rejected", "payload.contact.phone"],
      ["rejected", "payload.tins.0"],
      ["rejected", "payload.where"],
    ]);
    expect(body.results[0].reason).toMatch(/email address/);
    expect(body.results[3].reason).toMatch(/street address/);
  });

  it("refuses an occurred_at in the future (beyond a few minutes of skew) and Warden's own namespaces", async () => {
    const { secret } = await issueToken(["events:write"]);
    const { body } = await post(secret, {
      events: [
        accessEvent({ occurred_at: new Date(Date.now() + 3_600_000).toISOString() }),
        accessEvent({ occurred_at: new Date(Date.now() + 60_000).toISOString() }),
        accessEvent({ event_name: "governance.scope_granted" }),
      ],
    });
    expect(body.results.map((r) => [r.status, r.field ?? null])).toEqual([
      ["rejected", "occurred_at"],
      ["accepted", null],
      ["rejected", "event_name"],
    ]);
    expect(body.results[0].reason).toMatch(/future/);
  });

  it("never stores a retried event_id twice: within one batch and across batches it is a duplicate with the original seq", async () => {
    const { secret } = await issueToken(["events:write"]);
    const a = accessEvent();
    const first = await post(secret, { events: [a, { ...a }, accessEvent()] });
    expect(first.body.results.map((r) => r.status)).toEqual(["accepted", "duplicate", "accepted"]);
    const seq = first.body.results[0].seq;
    expect(first.body.results[1].seq).toBe(seq);
    const head = await ledgerHeadSeq();
    const again = await post(secret, { events: [{ ...a, event_id: String(a.event_id).toUpperCase() }] });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 1, results: [{ status: "duplicate", seq }] });
    expect(await ledgerHeadSeq()).toBe(head);
    expect(await receipts([a.event_id as string])).toBe(1);
  });

  it("stores a new event_id once when two calls carry it at the same moment (the loser retries and finds the receipt)", async () => {
    const { token } = await issueToken(["events:write"]);
    const events = [accessEvent(), accessEvent(), accessEvent()];
    const source = { tokenId: token.id, tokenName: token.name, meta: { requestId: randomUUID(), ipHash: null, uaHash: null } };
    const outcomes = await Promise.all([0, 1, 2, 3].map(() => ingestAccessEvents(source, events)));
    expect(outcomes.reduce((n, o) => n + o.accepted, 0)).toBe(3);
    expect(outcomes.reduce((n, o) => n + o.duplicates, 0)).toBe(9);
    for (let i = 0; i < 3; i++) expect(new Set(outcomes.map((o) => (o.results[i] as { seq?: number }).seq)).size).toBe(1);
    expect(await getDb().ingestReceipt.count({ where: { tokenId: token.id } })).toBe(3);
    expect(await getDb().ledgerEntry.count({ where: { requestId: { in: events.map((e) => e.request_id as string) } } })).toBe(3);
  });

  it("writes the receipts of a large batch several to a statement, and a concurrent repeat of it still finds them", async () => {
    const { token } = await issueToken(["events:write"]);
    const events = Array.from({ length: 123 }, () => accessEvent());
    const source = { tokenId: token.id, tokenName: token.name, meta: { requestId: randomUUID(), ipHash: null, uaHash: null } };
    const outcomes = await Promise.all([0, 1, 2].map(() => ingestAccessEvents(source, events)));
    expect(outcomes.map((o) => o.accepted).sort()).toEqual([0, 0, 123]);
    const winner = outcomes.find((o) => o.accepted === 123)!;
    for (const o of outcomes)
      expect(o.results.map((r) => (r as { seq?: number }).seq)).toEqual(winner.results.map((r) => (r as { seq?: number }).seq));
    const stored = await getDb().ingestReceipt.findMany({ where: { tokenId: token.id } });
    expect(stored).toHaveLength(123);
    const seqOf = new Map(winner.results.map((r) => [r.event_id, (r as { seq?: number }).seq]));
    expect(stored.every((r) => seqOf.get(r.eventId) === r.seq)).toBe(true);
  });

  it("finds earlier receipts anywhere in a batch of several look-up chunks, a short last one included", async () => {
    const { token } = await issueToken(["events:write"]);
    const events = Array.from({ length: 601 }, () => accessEvent());
    const source = { tokenId: token.id, tokenName: token.name, meta: { requestId: randomUUID(), ipHash: null, uaHash: null } };
    const earlier = await ingestAccessEvents(
      source,
      events.filter((_, i) => i % 3 === 0),
    );
    expect(earlier.accepted).toBe(201);
    const seqOf = new Map(earlier.results.map((r) => [r.event_id, (r as { seq?: number }).seq]));
    const all = await ingestAccessEvents(source, events);
    expect(all).toMatchObject({ accepted: 400, duplicates: 201, rejected: 0 });
    all.results.forEach((r, i) => {
      expect(r.status).toBe(i % 3 === 0 ? "duplicate" : "accepted");
      if (i % 3 === 0) expect((r as { seq?: number }).seq).toBe(seqOf.get(r.event_id));
    });
    expect(await getDb().ingestReceipt.count({ where: { tokenId: token.id } })).toBe(601);
  });

  it("refuses a batch above 1,000 events (413) and stores nothing", async () => {
    const { secret, token } = await issueToken(["events:write"]);
    const before = await ledgerHeadSeq();
    const events = Array.from({ length: 1_001 }, () => accessEvent());
    const { status, body } = await post(secret, { events });
    expect(status).toBe(413);
    expect(body.error).toMatchObject({ code: "too_large", field: "events" });
    expect(await ledgerHeadSeq()).toBe(before);
    expect(await getDb().ingestReceipt.count({ where: { tokenId: token.id } })).toBe(0);
  });

  it("answers 400 for a body that is not JSON or not an event, and 413 for a declared body too large", async () => {
    const { secret } = await issueToken(["events:write"]);
    expect((await post(secret, "{not json")).body.error).toMatchObject({ code: "bad_request", field: "body" });
    expect((await post(secret, [accessEvent()])).status).toBe(400);
    expect((await post(secret, { events: "x" })).body.error).toMatchObject({ field: "events" });
    const big = await postEvents(apiRequest("/access-events", secret, { body: "{}", headers: { "content-length": String(64 * 1024 * 1024) } }));
    expect(big.status).toBe(413);
    const text = await postEvents(apiRequest("/access-events", secret, { body: "{}", headers: { "content-type": "text/plain" } }));
    expect(text.status).toBe(400);
  });

  it("fails closed when the ledger cannot be written: 503, no entry, no receipt; then works again", async () => {
    const { secret } = await issueToken(["events:write"]);
    const events = [accessEvent(), accessEvent()];
    const before = await ledgerHeadSeq();
    for (const sql of FAIL_APPENDS) await rawExec(sql);
    const failed = await postEvents(apiRequest("/access-events", secret, { body: { events } }));
    expect(failed.status).toBe(503);
    expect(failed.headers.get("retry-after")).toBeTruthy();
    const err = ((await failed.json()) as { error: { code: string; message: string } }).error;
    expect(err.code).toBe("unavailable");
    expect(JSON.stringify(err)).not.toMatch(/refuses \(test\)|at .*\.ts/);
    expect(await ledgerHeadSeq()).toBe(before);
    expect(await receipts(events.map((e) => e.event_id as string))).toBe(0);
    for (const sql of HEAL) await rawExec(sql);
    const retried = await post(secret, { events });
    expect(retried.body).toMatchObject({ accepted: 2, duplicates: 0 });
    expect(retried.body.results[0].seq).toBe(before + 1);
  });

  it("is refused to a token without events:write", async () => {
    const { secret } = await issueToken(["ledger:read"]);
    const { status } = await post(secret, accessEvent({ event_id: randomUUID() }));
    expect(status).toBe(403);
  });

  it("maps every valid envelope onto a draft the ledger's own schema leaves unchanged (so the append need not parse it again)", () => {
    const long = "x".repeat(600);
    const payloads: Array<Record<string, unknown>> = [
      {},
      { dataset: "marketplace.people@1", record_id: "usr_p0001", row_count: 3, columns_shown: ["phone"] },
      { dataset: "not a ref", record_id: "has space", row_count: -1, purpose: long, decision: "deny", disclosed_tier: "nope" },
      { decision: "mask", disclosed_tier: "pii_basic", row_count: 2 ** 60, columns_masked: ["", "c".repeat(101), "ok", 7], columns_denied: "x" },
      { columns_shown: Array.from({ length: 300 }, (_, i) => `c${i}`), purpose: 42, record_id: "r".repeat(201) },
    ];
    const events = payloads.flatMap((payload, i) => [
      accessEvent({ payload }),
      accessEvent({
        payload,
        privacy_tier: "none",
        ip_hash: null,
        user_agent_hash: undefined,
        received_at: undefined,
        lbg_id: null,
        actor_user_id: `u${"9".repeat(63)}`,
      }),
      accessEvent({ payload, session_id: `s${i}`, state: "US-CA", app_version: "1.2.3+b", actor_role: "a".repeat(40), request_id: "r".repeat(100) }),
    ]);
    let checked = 0;
    for (const raw of events) {
      const check = validateEvent(raw, Date.now());
      expect(check.ok).toBe(true);
      if (!check.ok) continue;
      const draft = eventToDraft(check.event, check.event.event_id.toLowerCase(), { tokenId: "tok_x", tokenName: "t".repeat(60) });
      expect(ZLedgerDraft.parse(draft)).toEqual(draft);
      expect(ZLedgerDraft.parse(draft).purpose.length).toBeLessThanOrEqual(500);
      checked++;
    }
    expect(checked).toBe(15);
  });
  it("judges every envelope as the envelope's zod schema does (the compiled fast path): same event kept, same first field and reason", () => {
    const good = accessEvent();
    const variants: unknown[] = [
      good,
      accessEvent({ received_at: null, ip_hash: undefined, lbg_id: null, state: "US-CA", app_version: "2.0.1+b7", session_id: "s_1" }),
      accessEvent({ occurred_at: "2024-02-29T23:59:59.123456+05:30" }),
      accessEvent({ occurred_at: "2023-02-29T10:00:00Z" }),
      accessEvent({ occurred_at: "2026-11-29T24:00:00Z" }),
      accessEvent({ occurred_at: "2026-11-29T10:00Z" }),
      accessEvent({ event_id: "not-a-uuid" }),
      accessEvent({ event_id: 42 }),
      accessEvent({ event_name: "Warehouse.query" }),
      accessEvent({ event_name: `a.${"b".repeat(80)}` }),
      accessEvent({ event_version: "1.0" }),
      accessEvent({ actor_user_id: "alice@example.com" }),
      accessEvent({ actor_user_id: `u${"1".repeat(64)}` }),
      accessEvent({ actor_role: "Analyst" }),
      accessEvent({ request_id: "" }),
      accessEvent({ ip_hash: "203.0.113.9" }),
      accessEvent({ privacy_tier: "secret" }),
      accessEvent({ payload: [] }),
      accessEvent({ payload: null }),
      accessEvent({ payload: "x" }),
      accessEvent({ payload: Object.create(null) }),
      accessEvent({ country: "usa", extra: 1 }),
      accessEvent({ lbg_id: 7 }),
      accessEvent({ leg_role: "Model" }),
      accessEvent({ platform: "x".repeat(21) }),
      { ...good, event_name: undefined },
      null,
      [good],
      "event",
    ];
    const at = Date.now();
    for (const raw of variants) {
      const check = validateEvent(raw, at);
      const parsed = ZAccessEvent.safeParse(raw);
      expect(check.ok, JSON.stringify(raw)).toBe(parsed.success);
      if (check.ok && parsed.success) expect(check.event).toEqual(parsed.data);
      if (!check.ok && !parsed.success) {
        const issue = parsed.error.issues[0];
        expect(check.field).toBe(issue.code === "unrecognized_keys" ? issue.keys[0] : issue.path.map(String).join(".") || "(event)");
        if (issue.code !== "unrecognized_keys") expect(check.reason).toBe(issue.message);
      }
    }
  });
});
