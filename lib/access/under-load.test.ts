// Fail closed, under load (issue 7 §7, decision 022): while the ledger cannot be written, restricted reads fail with
// a clear error and serve nothing, callers queued in a group commit included; once it recovers, reads resume and the
// chain has no gap.
import Database from "better-sqlite3";
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { toErrorResponse } from "@/lib/core/errors";
import { dbTarget, getDb } from "@/lib/db/client";
import { PG_LEDGER_LOCK } from "@/lib/ledger/store";
import { verifyLedger } from "@/lib/ledger/verify";
import { getPerson } from "@/lib/people/get-person";
import { searchPeople } from "@/lib/people/search-people";
import { createTestUser, dialect, grantScopes, ledgerHeadSeq, rawExec } from "@/lib/test/fixtures";
import { getWarehouse } from "@/lib/warehouse/get-warehouse";
import type { Actor, RequestMeta } from "@/lib/core/actor";
import type { GatedResult } from "./types";

const purpose = "Fraud review FR-3318";
let analyst: Actor;
let people: string[];

beforeAll(async () => {
  analyst = await createTestUser("analyst");
  await grantScopes(analyst.id, ["pii_basic", "pii_sensitive"]);
  people = (await getWarehouse().searchPeople("ma", { limit: 20, columns: ["person_id"] })).map((r) => String(r.person_id));
});

const REFUSE = {
  sqlite: "CREATE TRIGGER test_load_down BEFORE INSERT ON ledger_entries BEGIN SELECT RAISE(ABORT, 'ledger unavailable'); END;",
  pg: "CREATE FUNCTION test_load_down() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'ledger unavailable'; END; $$; CREATE TRIGGER test_load_down BEFORE INSERT ON ledger_entries FOR EACH ROW EXECUTE FUNCTION test_load_down();",
};
const ALLOW = { sqlite: "DROP TRIGGER test_load_down", pg: "DROP TRIGGER test_load_down ON ledger_entries; DROP FUNCTION test_load_down();" };
const sql = (s: { sqlite: string; pg: string }) => (dialect() === "sqlite" ? s.sqlite : s.pg);

interface Outcome {
  requestId: string;
  result?: GatedResult;
  error?: unknown;
}

/** One restricted read (a person view, or every fifth a name search) under its own request id. */
async function read(i: number, run: string): Promise<Outcome> {
  const meta: RequestMeta = { requestId: `${run}-${i}`, ipHash: null, uaHash: null };
  try {
    const result =
      i % 5 === 4
        ? await searchPeople(analyst, { query: "ma", purpose }, meta)
        : await getPerson(analyst, { personId: people[i % people.length], purpose }, meta);
    return { requestId: meta.requestId, result };
  } catch (error) {
    return { requestId: meta.requestId, error };
  }
}

function expectUnavailable(outcomes: Outcome[]) {
  for (const o of outcomes) {
    expect(o.result).toBeUndefined(); // nothing served
    expect(toErrorResponse(o.error)).toMatchObject({ status: 503, body: { error: { code: "unavailable" } } });
  }
}

/** The seqs of this run's entries, and that they are exactly the successful reads, once each. */
async function entriesOf(run: string, served: Outcome[]) {
  const rows = await getDb().ledgerEntry.findMany({ where: { requestId: { startsWith: run } }, select: { seq: true, requestId: true } });
  expect(rows.map((r) => r.requestId).sort()).toEqual(served.map((o) => o.requestId).sort());
  for (const o of served) expect(rows.find((r) => r.requestId === o.requestId)?.seq).toBe(o.result!.ledgerSeq);
  return rows.map((r) => r.seq).sort((a, b) => a - b);
}

describe("the gateway under load when the ledger cannot be written", () => {
  it("fails every read while inserts are refused mid-load, queued ones included, and resumes with no gap", async () => {
    const run = randomUUID();
    const before = await ledgerHeadSeq();
    const outcomes: Array<Outcome & { phase: "up" | "down" | "recovered" }> = [];
    let phase: "up" | "down" | "recovered" = "up";
    let n = 0;
    let stop = false;
    // Eight clients, each reading back to back: the ledger always has callers queued behind a commit.
    const clients = Array.from({ length: 8 }, async () => {
      while (!stop) {
        const at = phase;
        const o = await read(n++, run);
        // A read that started before the switch may land on either side: judged only when it started and ended in one phase.
        if (at === phase) outcomes.push({ ...o, phase: at });
      }
    });
    const until = async (what: () => boolean) => {
      while (!what()) await new Promise((r) => setTimeout(r, 5));
    };
    const count = (p: string, ok: boolean) => outcomes.filter((o) => o.phase === p && (o.result !== undefined) === ok).length;
    try {
      await until(() => count("up", true) >= 20);
      await rawExec(sql(REFUSE));
      phase = "down";
      await until(() => count("down", false) >= 20);
    } finally {
      await rawExec(sql(ALLOW));
    }
    phase = "recovered";
    await until(() => count("recovered", true) >= 20);
    stop = true;
    await Promise.all(clients);

    expect(outcomes.filter((o) => o.phase === "up").every((o) => o.result)).toBe(true);
    const down = outcomes.filter((o) => o.phase === "down");
    expect(down.length).toBeGreaterThanOrEqual(20);
    expectUnavailable(down);
    expect(outcomes.filter((o) => o.phase === "recovered").every((o) => o.result)).toBe(true);

    // Every entry written belongs to a read that was served (reads across a switch included), and none is missing.
    const written = await getDb().ledgerEntry.findMany({ where: { requestId: { startsWith: run } }, select: { seq: true, requestId: true } });
    for (const o of outcomes.filter((x) => x.result)) expect(written.find((r) => r.requestId === o.requestId)?.seq).toBe(o.result!.ledgerSeq);
    for (const o of down) expect(written.find((r) => r.requestId === o.requestId)).toBeUndefined();
    const head = await ledgerHeadSeq();
    const verified = await verifyLedger(dbTarget());
    expect(verified).toMatchObject({ ok: true, gaps: { count: 0 } });
    expect(verified.head?.seq).toBe(head);
    expect(head).toBeGreaterThanOrEqual(before + 40);
  });

  it("fails reads closed while another process holds the ledger's lock past the deadline, then resumes", async () => {
    const run = randomUUID();
    const before = await ledgerHeadSeq();
    const t = dbTarget();
    let release: () => Promise<void>;
    if (t.dialect === "sqlite") {
      const other = new Database(t.path);
      other.exec("BEGIN IMMEDIATE");
      release = async () => {
        other.exec("ROLLBACK");
        other.close();
      };
    } else {
      const other = new pg.Client({ connectionString: t.url });
      await other.connect();
      await other.query("SELECT pg_advisory_lock($1)", [PG_LEDGER_LOCK]);
      release = async () => {
        await other.query("SELECT pg_advisory_unlock($1)", [PG_LEDGER_LOCK]);
        await other.end();
      };
    }
    let down: Outcome[];
    try {
      down = await Promise.all(Array.from({ length: 10 }, (_, i) => read(i, `${run}-down`)));
    } finally {
      await release();
    }
    expectUnavailable(down);
    expect(await ledgerHeadSeq()).toBe(before);

    const up = await Promise.all(Array.from({ length: 10 }, (_, i) => read(i, `${run}-up`)));
    const seqs = await entriesOf(`${run}-up`, up);
    expect(seqs).toEqual(Array.from({ length: 10 }, (_, i) => before + 1 + i));
    expect((await verifyLedger(dbTarget())).ok).toBe(true);
  });
});
