// The ledger browser's figures (issue 7 §4, docs/decisions/020-ledger-browser.md):
// - ledger_page_query_p95_ms: the page's query (findLedgerEntries, one filter) at BENCH_LEDGER_ENTRIES entries;
//   floor: the same page's SQL on the raw driver, same run.
// - ledger_page_render_p95_ms: full /ledger renders by 8 concurrent signed-in auditors against the product's server
//   (scripts/server.ts, its worker processes) on the production build in .next; floor: /api/health on the same
//   server, same run.
// Also runnable on its own, for measuring a build by hand:
//   tsx scripts/bench/ledger-page.ts fill N            (fills the ledger of $DATABASE_URL with N sealed entries)
//   tsx scripts/bench/ledger-page.ts load URL EMAIL PASSWORD [CLIENTS] [REQUESTS] [PATH]
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { freePort } from "@/lib/test/free-port";

const ACTIONS = [
  "people.record_viewed",
  "people.record_viewed",
  "people.record_viewed",
  "people.searched",
  "governance.scope_granted",
  "auth.signed_in",
];
const DATASETS = ["marketplace.people@1", "marketplace.bookings@1", "marketplace.payouts@1", "marketplace.background_checks@1"];
const TIERS = ["pii_basic", "pii_sensitive", "pii_tax", "background"] as const;
const PURPOSES = ["Support ticket follow-up", "Payout dispute review", "Fraud investigation", "Chargeback evidence", "Quarterly access review"];

/** A small deterministic generator, so two runs fill the same ledger. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FillOptions {
  /** Actors the entries name: [id, role]. */
  actors: Array<[string, string]>;
  /** The entries' times run evenly from here to `endMs`. */
  startMs: number;
  endMs: number;
}

/**
 * Appends `n` sealed entries on top of the chain head with raw inserts in large transactions (SQLite) or
 * multi-row inserts (PostgreSQL): the same rows the gateway writes, hashed and chained, just without the per-entry
 * round trips. `ledger verify` passes on the result.
 */
export async function fillLedger(n: number, opts: FillOptions, onProgress?: (done: number) => void): Promise<void> {
  const { dbTarget } = await import("@/lib/db/client");
  const { pgPool, sqliteHandle } = await import("@/lib/db/raw");
  const { sealEntry, ZLedgerDraft } = await import("@/lib/ledger/entry");
  const { toRow, LEDGER_COLUMNS } = await import("@/lib/ledger/row");
  const { pinClock } = await import("@/lib/core/clock");
  const target = dbTarget();
  const rand = prng(7);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];

  const entryAt = (i: number) => new Date(opts.startMs + Math.floor(((opts.endMs - opts.startMs) * i) / Math.max(1, n)));
  const draftFor = () => {
    const [actorId, actorRole] = pick(opts.actors);
    const action = pick(ACTIONS);
    const read = action.startsWith("people.");
    const asked = read ? pick(TIERS) : "none";
    const r = rand();
    const decision = !read ? "allow" : r < 0.1 ? "deny" : r < 0.45 ? "mask" : "allow";
    const shownIdx = decision === "deny" ? -1 : Math.max(0, TIERS.indexOf(asked as (typeof TIERS)[number]) - (decision === "mask" ? 1 : 0));
    return ZLedgerDraft.parse({
      actorId,
      actorRole,
      action,
      privacyTier: asked,
      resource: read ? pick(DATASETS) : `grant:grt_${Math.floor(rand() * 1e6)}`,
      recordId: action === "people.record_viewed" ? `usr_p${Math.floor(rand() * 50_000)}` : null,
      purpose: read ? `${pick(PURPOSES)} TCK-${Math.floor(rand() * 100_000)}` : "",
      decision,
      columnsShown: decision === "deny" ? [] : ["full_name", "city"],
      columnsMasked: decision === "mask" ? ["phone", "street_address"] : [],
      columnsDenied: decision === "deny" ? ["full_name", "city", "phone"] : [],
      requestId: `req-${Math.floor(rand() * 1e12).toString(36)}`,
      rowCount: decision === "deny" ? 0 : 1,
      disclosedTier: read && shownIdx >= 0 ? TIERS[shownIdx] : null,
      payload: { n: Math.floor(rand() * 1e9) },
    });
  };

  if (target.dialect === "sqlite") {
    const db = sqliteHandle(target.path);
    const headRow = db.prepare("SELECT seq, entry_hash FROM ledger_entries WHERE seq >= 1 ORDER BY seq DESC LIMIT 1").get() as
      { seq: number; entry_hash: string } | undefined;
    let head = headRow ? { seq: headRow.seq, entryHash: headRow.entry_hash } : null;
    const insert = db.prepare(`INSERT INTO ledger_entries (${LEDGER_COLUMNS.join(", ")}) VALUES (${LEDGER_COLUMNS.map((c) => "@" + c).join(", ")})`);
    const batch = db.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) {
        pinClock(entryAt(i));
        const e = sealEntry(draftFor(), head);
        insert.run(toRow(e));
        head = e;
      }
    });
    try {
      for (let i = 0; i < n; i += 20_000) {
        batch.immediate(i, Math.min(n, i + 20_000));
        onProgress?.(Math.min(n, i + 20_000));
      }
    } finally {
      pinClock(null);
    }
    return;
  }
  const pool = pgPool(target.url);
  const client = await pool.connect();
  try {
    const { rows } = await client.query("SELECT seq, entry_hash FROM ledger_entries WHERE seq >= 1 ORDER BY seq DESC LIMIT 1");
    let head = rows[0] ? { seq: Number(rows[0].seq), entryHash: String(rows[0].entry_hash) } : null;
    for (let i = 0; i < n; i += 1_000) {
      const values: unknown[] = [];
      const tuples: string[] = [];
      for (let j = i; j < Math.min(n, i + 1_000); j++) {
        pinClock(entryAt(j));
        const e = sealEntry(draftFor(), head);
        const row = toRow(e);
        tuples.push(`(${LEDGER_COLUMNS.map((c) => `$${values.push(row[c])}`).join(", ")})`);
        head = e;
      }
      await client.query(`INSERT INTO ledger_entries (${LEDGER_COLUMNS.join(", ")}) VALUES ${tuples.join(", ")}`, values);
      onProgress?.(Math.min(n, i + 1_000));
    }
  } finally {
    pinClock(null);
    client.release();
  }
}

/** Signs in through next-auth's credentials endpoint; returns the Cookie header of the session. */
export async function signInCookie(baseUrl: string, email: string, password: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const eq = pair.indexOf("=");
      jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  };
  const header = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const csrfRes = await fetch(`${baseUrl}/api/auth/csrf`);
  keep(csrfRes);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: header() },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${baseUrl}/ledger`, json: "true" }),
  });
  keep(res);
  if (![...jar.keys()].some((k) => k.includes("session-token"))) throw new Error(`sign-in as ${email} failed (HTTP ${res.status})`);
  return header();
}

export interface LoadResult {
  samples: number[];
  bytes: number;
}

/** `clients` concurrent clients, each fetching `perClient` of `paths` in turn; the time of every response. */
export async function loadTest(baseUrl: string, cookie: string, paths: string[], clients: number, perClient: number): Promise<LoadResult> {
  const samples: number[] = [];
  let bytes = 0;
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let i = 0; i < perClient; i++) {
        const p = paths[(c + i * clients) % paths.length];
        const started = performance.now();
        const res = await fetch(`${baseUrl}${p}`, { headers: { cookie }, redirect: "manual" });
        const body = await res.arrayBuffer();
        samples.push(performance.now() - started);
        if (res.status !== 200) throw new Error(`GET ${p}: HTTP ${res.status}`);
        bytes = body.byteLength;
      }
    }),
  );
  return { samples, bytes };
}

export const percentile = (samples: number[], p: number) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

/**
 * The product's own server (scripts/server.ts, as `npm start` and `npm run demo` run it) on the production build in
 * .next, on a free port: the ledger render figure measures what a deployment serves, worker processes included
 * (env().serverWorkers: WARDEN_SERVER_WORKERS from the caller's environment, else one per core; decisions 040, 045). SIGTERM: the primary stops its workers.
 */
export function startServer(env: NodeJS.ProcessEnv): Promise<{ url: string; stop: () => void }> {
  return startHttp("scripts/server.ts", (port) => ["--import", "tsx", "scripts/server.ts", "-H", "127.0.0.1", "-p", port], env);
}

/** Starts `node args(port)` on a free port and waits (up to 60 s) until its /api/health answers. */
async function startHttp(name: string, args: (port: string) => string[], env: NodeJS.ProcessEnv): Promise<{ url: string; stop: () => void }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, args(String(port)), {
    env: { ...env, NODE_ENV: "production", NEXTAUTH_URL: url, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const stop = () => {
    if (child.exitCode === null) child.kill("SIGTERM");
  };
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return { url, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  stop();
  throw new Error(`${name} did not answer within 60 s`);
}

export const hasProductionBuild = () => existsSync(path.join(".next", "BUILD_ID"));

export interface PageFigure {
  value: number;
  floor: number;
  note: string;
}

/**
 * Both figures on the bench's own database (already migrated, `DATABASE_URL` set): fills `entries` sealed entries
 * over the last 30 days, then measures. The render figure needs a production build in .next (`next build`); without
 * one it is skipped with a message.
 */
export async function ledgerPageFigures(opts: {
  entries: number;
  queries: number;
  wantQuery: boolean;
  wantRender: boolean;
  progress: (m: string) => void;
}): Promise<{ query?: PageFigure; render?: PageFigure }> {
  const { createUser } = await import("@/lib/auth/create-user");
  const { dbTarget, getDb } = await import("@/lib/db/client");
  const { sqliteHandle } = await import("@/lib/db/raw");
  const { findLedgerEntries } = await import("@/lib/ledger/find-ledger-entries");
  const password = `bench-${Math.random().toString(36).slice(2)}-pass`;
  const email = `ledger-bench-auditor-${Date.now()}@bench.warden`;
  const auditor = await createUser({ email, name: "Bench auditor", role: "auditor", password });
  const actors: Array<[string, string]> = [];
  for (let i = 0; i < 40; i++) {
    const u = await createUser({
      email: `ledger-bench-actor-${i}-${Date.now()}@bench.warden`,
      name: `Bench actor ${i}`,
      role: i % 4 ? "analyst" : "privacy_admin",
    });
    actors.push([u.id, u.role]);
  }
  const head = await getDb().ledgerEntry.count();
  const toFill = Math.max(0, opts.entries - head);
  opts.progress(`ledger browser: filling ${toFill.toLocaleString("en-US")} sealed entries…`);
  const endMs = Date.now() - 60_000;
  await fillLedger(toFill, { actors, startMs: endMs - 30 * 86_400_000, endMs });
  const target = dbTarget();
  if (target.dialect === "sqlite") sqliteHandle(target.path).exec("ANALYZE");
  // A running server signs a checkpoint every 1,000 entries as they arrive; the fill bypasses that job, so without
  // this the server below would find a million uncovered entries at start and build their Merkle tree on the event
  // loop while the auditors are being measured. Sign them here, as the steady state has them.
  if (opts.wantRender) {
    const { makeCheckpoint } = await import("@/lib/ledger/checkpoint");
    const { ensureSigningKey } = await import("@/lib/ledger/signing-key");
    ensureSigningKey();
    opts.progress("ledger browser: signing a checkpoint over the filled ledger…");
    await makeCheckpoint();
  }
  const out: { query?: PageFigure; render?: PageFigure } = {};
  const total = opts.entries.toLocaleString("en-US");

  if (opts.wantQuery) {
    // A filter per run of the page: an actor (its index), then a decision, a tier, a dataset; a page deep in the chain too.
    const filters = [
      { actor: actors[3][0] },
      { decision: "deny" },
      { asked: "pii_tax" },
      { dataset: "marketplace.payouts@1" },
      { actor: actors[7][0], before: Math.floor(opts.entries / 2) },
    ] as const;
    const reader = { id: auditor.id, role: "auditor" as const };
    const samples: number[] = [];
    for (let i = 0; i < opts.queries + 20; i++) {
      const started = performance.now();
      await findLedgerEntries(reader, { ...filters[i % filters.length], limit: 50 });
      if (i >= 20) samples.push(performance.now() - started);
    }
    // The floor: the page's one row query on the raw driver, nothing else (no count, no cursor probes, no mapping).
    const db = sqliteHandle((target as { path: string }).path);
    const raw = db.prepare(
      "SELECT l.*, u.email FROM ledger_entries l LEFT JOIN users u ON u.id = l.actor_id WHERE l.seq >= 1 AND l.actor_id = ? ORDER BY l.seq DESC LIMIT 51",
    );
    const floor: number[] = [];
    for (let i = 0; i < opts.queries + 20; i++) {
      const started = performance.now();
      raw.all(actors[(i % 5) + 3][0]);
      if (i >= 20) floor.push(performance.now() - started);
    }
    out.query = {
      value: percentile(samples, 95),
      floor: percentile(floor, 95),
      note: `findLedgerEntries at ${total} entries, 50 rows, one filter (actor, decision, tier, dataset, a deep page), capped count included; floor: the row query alone on better-sqlite3`,
    };
  }

  if (opts.wantRender) {
    if (!hasProductionBuild()) {
      opts.progress("ledger browser: no production build in .next (run `npx next build`); ledger_page_render_p95_ms skipped");
      return out;
    }
    opts.progress("ledger browser: starting scripts/server.ts…");
    const { env: wardenEnv } = await import("@/lib/core/env");
    const server = await startServer(process.env);
    try {
      const cookie = await signInCookie(server.url, email, password);
      const paths = ["/ledger", `/ledger?actor=${actors[3][0]}`, "/ledger?decision=deny", `/ledger?cursor=b${Math.floor(opts.entries / 2)}`];
      // Warm-up: one round of the measured load, discarded. A fresh process runs its first few hundred renders on code
      // V8 has not optimised yet (a first round measures ~1.3× the p95 of the rounds after it); a deployed server has
      // long since served those. The floor below is measured after the pages, on a server as warm.
      await loadTest(server.url, cookie, paths, 8, 25);
      const page = await loadTest(server.url, cookie, paths, 8, 25);
      const floor = await loadTest(server.url, cookie, ["/api/health"], 8, 25);
      out.render = {
        value: percentile(page.samples, 95),
        floor: percentile(floor.samples, 95),
        note: `8 concurrent signed-in auditors, ${page.samples.length} renders of 50-row /ledger pages (unfiltered, by actor, by decision, deep cursor) at ${total} entries, scripts/server.ts with ${wardenEnv().serverWorkers} process(es); last page ${Math.round(page.bytes / 1024)} KiB of HTML; floor: /api/health on the same server`,
      };
    } finally {
      server.stop();
    }
  }
  return out;
}

async function cli(argv: string[]): Promise<void> {
  const [cmd, ...rest] = argv;
  if (cmd === "fill") {
    const n = Number(rest[0]);
    const { getDb } = await import("@/lib/db/client");
    const users = await getDb().user.findMany({ select: { id: true, role: true } });
    const actors: Array<[string, string]> = users.length ? users.map((u) => [u.id, u.role]) : [["usr_bench", "analyst"]];
    const endMs = Date.now() - 60_000;
    await fillLedger(n, { actors, startMs: endMs - 30 * 86_400_000, endMs }, (d) => process.stderr.write(`\rfilled ${d}`));
    process.stderr.write("\n");
    return;
  }
  if (cmd === "load") {
    const [url, email, password, clients = "8", requests = "25", p = "/ledger"] = rest;
    const cookie = await signInCookie(url, email, password);
    await loadTest(url, cookie, [p], 2, 5); // warm-up
    const page = await loadTest(url, cookie, [p], Number(clients), Number(requests));
    const health = await loadTest(url, cookie, ["/api/health"], Number(clients), Number(requests));
    console.log(
      JSON.stringify({
        path: p,
        clients: Number(clients),
        requests: page.samples.length,
        p50_ms: Math.round(percentile(page.samples, 50)),
        p95_ms: Math.round(percentile(page.samples, 95)),
        bytes: page.bytes,
        health_p95_ms: Math.round(percentile(health.samples, 95)),
      }),
    );
    return;
  }
  throw new Error("usage: ledger-page.ts fill N | load URL EMAIL PASSWORD [CLIENTS] [REQUESTS] [PATH]");
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  cli(process.argv.slice(2)).then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
