import { afterEach, describe, expect, it } from "vitest";
import { POST as postDecision } from "@/app/api/v1/decisions/route";
import { GET as getCheckpoints } from "@/app/api/v1/ledger/checkpoints/route";
import { GET as getEntries } from "@/app/api/v1/ledger/entries/route";
import { GET as getEvents } from "@/app/api/v1/ledger/events.ndjson/route";
import { sha256Hex } from "@/lib/core/hash";
import { getDb } from "@/lib/db/client";
import { appendLedgerEntries } from "@/lib/ledger/append";
import { hashEntry } from "@/lib/ledger/entry";
import { createTestUser, dialect, grantScopes, ledgerHeadSeq, rawExec } from "@/lib/test/fixtures";
import { exportedEventId } from "./ledger-reads";
import { apiRequest, issueToken } from "./test-helpers";

const FAIL_APPENDS =
  dialect() === "sqlite"
    ? [`CREATE TRIGGER api_reads_test_refuse BEFORE INSERT ON ledger_entries BEGIN SELECT RAISE(ABORT, 'ledger refuses (test)'); END;`]
    : [
        `CREATE OR REPLACE FUNCTION api_reads_test_refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'ledger refuses (test)'; END $$ LANGUAGE plpgsql`,
        `CREATE TRIGGER api_reads_test_refuse BEFORE INSERT ON ledger_entries FOR EACH ROW EXECUTE FUNCTION api_reads_test_refuse()`,
      ];
const HEAL =
  dialect() === "sqlite" ? [`DROP TRIGGER IF EXISTS api_reads_test_refuse`] : [`DROP TRIGGER IF EXISTS api_reads_test_refuse ON ledger_entries`];

afterEach(async () => {
  for (const sql of HEAL) await rawExec(sql);
});

interface Decision {
  decision: string;
  columns: Array<{ name: string; decision: string; mask_rule: string | null; mask_label: string | null; reason: string }>;
  ledger_seq: number;
  subject: { user_id: string; active: boolean };
}

async function decide(secret: string, body: unknown) {
  const res = await postDecision(apiRequest("/decisions", secret, { body }));
  return { status: res.status, body: (await res.json()) as Decision & { error?: { code: string; field?: string } } };
}

const column = (d: Decision, name: string) => d.columns.find((c) => c.name === name);

describe("POST /api/v1/decisions", () => {
  it("answers from the gateway's policy: deny and mask without grants, allow with them, and ledgers each decision", async () => {
    const { secret, token, owner } = await issueToken(["decisions:read"]);
    const analyst = await createTestUser("analyst");
    const question = {
      subject_user_id: analyst.id,
      dataset: "marketplace.people@1",
      columns: ["person_id", "full_name", "phone", "tin", "background_check_status"],
      purpose: "Support ticket SUP-12345",
    };
    const without = await decide(secret, question);
    expect(without.status).toBe(200);
    expect(without.body.decision).toBe("mask");
    expect(column(without.body, "person_id")).toMatchObject({ decision: "allow", mask_rule: null, mask_label: null });
    expect(column(without.body, "full_name")).toMatchObject({
      decision: "mask",
      mask_rule: "redact",
      mask_label: "Redact (fixed marker)",
      reason: expect.stringMatching(/pii_basic/),
    });
    expect(column(without.body, "phone")).toMatchObject({ decision: "mask", mask_rule: "show_last_4", mask_label: "Last 4 characters" });
    expect(column(without.body, "background_check_status")).toMatchObject({ decision: "deny", mask_rule: null, mask_label: null });
    const entry = await getDb().ledgerEntry.findUniqueOrThrow({ where: { seq: without.body.ledger_seq } });
    expect(entry).toMatchObject({
      action: "api.decision_answered",
      actorId: analyst.id,
      actorRole: "analyst",
      resource: "marketplace.people@1",
      decision: "mask",
      privacyTier: "background",
      disclosedTier: null,
      purpose: "Support ticket SUP-12345",
      columnsShown: JSON.stringify(["person_id"]),
      columnsMasked: JSON.stringify(["full_name", "phone", "tin"]),
      columnsDenied: JSON.stringify(["background_check_status"]),
    });
    expect(JSON.parse(entry.payload!)).toMatchObject({ token_id: token.id, asked_by: owner.id, would_disclose_tier: "none" });

    await grantScopes(analyst.id, ["pii_basic", "pii_sensitive", "pii_tax", "background"]);
    const withGrants = await decide(secret, { ...question, subject_user_id: undefined, subject_email: analyst.email.toUpperCase() });
    expect(withGrants.body.decision).toBe("allow");
    expect(withGrants.body.columns.every((c) => c.decision === "allow")).toBe(true);
    expect(withGrants.body.subject.user_id).toBe(analyst.id);
  });

  it("denies everything to a disabled account, and answers every column when none are named", async () => {
    const { secret } = await issueToken(["decisions:read"]);
    const analyst = await createTestUser("analyst");
    await grantScopes(analyst.id, ["pii_basic"]);
    await getDb().user.update({ where: { id: analyst.id }, data: { status: "disabled" } });
    const { body } = await decide(secret, { subject_user_id: analyst.id, dataset: "marketplace.people@1", purpose: "Support ticket SUP-1" });
    expect(body.decision).toBe("deny");
    expect(body.subject.active).toBe(false);
    expect(body.columns.length).toBeGreaterThan(5);
    expect(body.columns.every((c) => c.decision === "deny" && /disabled/.test(c.reason))).toBe(true);
  });

  it("refuses bad questions with the field: no subject, an unknown subject, a PII purpose, an unknown column or dataset", async () => {
    const { secret } = await issueToken(["decisions:read"]);
    const analyst = await createTestUser("analyst");
    const base = { subject_user_id: analyst.id, dataset: "marketplace.people@1", purpose: "Support ticket SUP-1" };
    expect((await decide(secret, { dataset: base.dataset, purpose: base.purpose })).body.error).toMatchObject({
      code: "validation_failed",
      field: "subject_user_id",
    });
    expect((await decide(secret, { ...base, subject_user_id: "usr_nobody00" })).status).toBe(404);
    expect((await decide(secret, { ...base, purpose: "call jane.doe@example.com" })).body.error).toMatchObject({
      code: "validation_failed",
      field: "purpose",
    });
    expect((await decide(secret, { ...base, columns: ["shoe_size"] })).body.error).toMatchObject({ code: "bad_request", field: "columns" });
    expect((await decide(secret, { ...base, dataset: "marketplace.nothing@1" })).status).toBe(404);
    expect((await decide(secret, { ...base, dataset: "people" })).body.error).toMatchObject({ field: "dataset" });
  });

  it("gives no answer when the ledger cannot record the decision (503)", async () => {
    const { secret } = await issueToken(["decisions:read"]);
    const analyst = await createTestUser("analyst");
    const before = await ledgerHeadSeq();
    for (const sql of FAIL_APPENDS) await rawExec(sql);
    const res = await postDecision(
      apiRequest("/decisions", secret, { body: { subject_user_id: analyst.id, dataset: "marketplace.people@1", purpose: "Support ticket SUP-1" } }),
    );
    expect(res.status).toBe(503);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body.decision).toBeUndefined();
    expect(body.columns).toBeUndefined();
    expect(await ledgerHeadSeq()).toBe(before);
  });
});

describe("ledger reads", () => {
  async function appendSome(n: number) {
    return appendLedgerEntries(
      Array.from({ length: n }, (_, i) => ({
        actorId: "usr_reader01",
        actorRole: "analyst",
        action: "people.record_viewed",
        privacyTier: "pii_basic" as const,
        resource: "marketplace.people@1",
        decision: "allow" as const,
        requestId: `reads-${i}`,
        payload: { record_ids: [`usr_p${i}`] },
      })),
    );
  }

  it("pages entries ascending by cursor, as stored (hashes recomputable), and records each read", async () => {
    const { secret, owner, token } = await issueToken(["ledger:read"]);
    const written = await appendSome(5);
    const after = written[0].seq - 1;
    const page1 = await getEntries(apiRequest(`/ledger/entries?after=${after}&limit=2`, secret));
    expect(page1.status).toBe(200);
    const p1 = (await page1.json()) as { entries: Array<Record<string, unknown>>; next_after: number | null };
    expect(p1.entries.map((e) => e.seq)).toEqual([after + 1, after + 2]);
    expect(p1.next_after).toBe(after + 2);
    const e = p1.entries[0];
    expect(e).toMatchObject({ action: "people.record_viewed", entry_hash: written[0].entryHash, columns_shown: [] });
    expect(sha256Hex(String(e.payload))).toBe(e.payload_hash);
    expect(
      hashEntry({
        seq: e.seq as number,
        occurredAt: e.occurred_at as string,
        actorId: e.actor_id as string,
        actorRole: e.actor_role as string,
        action: e.action as string,
        privacyTier: e.privacy_tier as "pii_basic",
        resource: e.resource as string,
        recordId: e.record_id as null,
        purpose: e.purpose as string,
        decision: e.decision as "allow",
        columnsShown: e.columns_shown as string[],
        columnsMasked: e.columns_masked as string[],
        columnsDenied: e.columns_denied as string[],
        policyVersion: e.policy_version as string,
        requestId: e.request_id as string,
        ipHash: e.ip_hash as null,
        uaHash: e.ua_hash as null,
        rowCount: e.row_count as number,
        disclosedTier: e.disclosed_tier as null,
        payloadHash: e.payload_hash as string,
        prevHash: e.prev_hash as string,
      }),
    ).toBe(e.entry_hash);
    const read = await getDb().ledgerEntry.findFirstOrThrow({ where: { action: "api.ledger_read", actorId: owner.id }, orderBy: { seq: "desc" } });
    expect(JSON.parse(read.payload!)).toMatchObject({ token_id: token.id, endpoint: "ledger/entries", after, count: 2, last_seq: after + 2 });

    const page2 = (await (await getEntries(apiRequest(`/ledger/entries?after=${p1.next_after}&limit=2`, secret))).json()) as typeof p1;
    expect(page2.entries.map((x) => x.seq)).toEqual([after + 3, after + 4]);
    const bad = await getEntries(apiRequest(`/ledger/entries?limit=5000`, secret));
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { error: { field: string } }).error.field).toBe("limit");
  });

  it("exports entries as §5.1 envelope events in NDJSON, with ids derived from seq and hash (a re-export is identical)", async () => {
    const { secret } = await issueToken(["ledger:read"]);
    const written = await appendSome(3);
    const after = written[0].seq - 1;
    const read = async () => {
      const res = await getEvents(apiRequest(`/ledger/events.ndjson?after=${after}&limit=3`, secret));
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
      return (await res.text()).trimEnd().split("\n");
    };
    const lines = await read();
    expect(lines).toHaveLength(3);
    const events = lines.map((l) => JSON.parse(l) as Record<string, unknown> & { payload: Record<string, unknown> });
    expect(events[0]).toMatchObject({
      event_id: exportedEventId(written[0].seq, written[0].entryHash),
      event_name: "people.record_viewed",
      event_version: "1.0.0",
      occurred_at: written[0].occurredAt,
      actor_user_id: "usr_reader01",
      actor_role: "analyst",
      privacy_tier: "pii_basic",
      request_id: "reads-0",
    });
    expect(events[0].event_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(events[0].payload).toMatchObject({ seq: written[0].seq, entry_hash: written[0].entryHash, data: { record_ids: ["usr_p0"] } });
    expect(await read()).toEqual(lines);
  });

  it("lists checkpoints from the checkpoint table", async () => {
    const { secret } = await issueToken(["ledger:read"]);
    const size = 2_000_000_000 + Math.floor(Math.random() * 100_000_000);
    await rawExec(
      `INSERT INTO ledger_checkpoints (tree_size, root_hash, origin, key_id, note, created_at) VALUES (${size}, '${"c".repeat(64)}', 'warden.test/ledger', 'abcd1234', 'note text', '2026-11-29T00:00:00.000Z')`,
    );
    try {
      const res = await getCheckpoints(apiRequest(`/ledger/checkpoints?after=${size - 1}`, secret));
      const body = (await res.json()) as { checkpoints: Array<Record<string, unknown>>; next_after: number | null };
      expect(body.checkpoints).toEqual([
        {
          tree_size: size,
          root_hash: "c".repeat(64),
          origin: "warden.test/ledger",
          key_id: "abcd1234",
          note: "note text",
          created_at: "2026-11-29T00:00:00.000Z",
        },
      ]);
      expect(body.next_after).toBeNull();
    } finally {
      await rawExec(`DELETE FROM ledger_checkpoints WHERE tree_size = ${size}`);
    }
  });
});
