// The child process of scripts/bench/verify-1m.ts: `fill FILE WITNESS N`, `floor FILE WITNESS N`, `verify FILE WITNESS N`.
// Prints one JSON object on stdout. The signing key of the run sits beside the database (FILE.key).
import { hash } from "node:crypto";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { migrate } from "@/lib/db/migrate";
import { sqliteHandle } from "@/lib/db/raw";
import { sealEntry, ZLedgerDraft, type LedgerEntry, type ParsedDraft } from "@/lib/ledger/entry";
import { MerkleFrontier } from "@/lib/ledger/merkle";
import { formatCheckpoint, generateSigner, parseCheckpoint, parseNote, parseSignerKey, signNote } from "@/lib/ledger/note";
import { LEDGER_COLUMNS, toRow } from "@/lib/ledger/row";
import { extendLedgerTree } from "@/lib/ledger/tree";
import { canonicalRowText } from "@/lib/ledger/canonical-row";
import { verifyLedger } from "@/lib/ledger/verify";
import { appendWitness, readWitnessLog } from "@/lib/ledger/witness";

const [mode, file, witnessFile, nText] = process.argv.slice(2);
const n = Number(nText);
const target = { dialect: "sqlite" as const, path: file };
const EVERY = 1_000;
const COLUMNS = ["full_name", "email", "phone", "birth_date", "city_id", "tin"];

function draftFor(i: number): ParsedDraft {
  // A mix like production: mostly gateway reads (column lists, no payload), some governance entries (payloads).
  // Already in parsed form (zod per row would dominate the fill); the first few are checked against the schema.
  const governance = i % 10 === 0;
  const d: ParsedDraft = {
    actorId: `usr_bench${i % 50}`,
    actorRole: i % 3 === 0 ? "privacy_admin" : "analyst",
    action: governance ? "governance.scope_granted" : "people.record_viewed",
    privacyTier: governance ? "none" : "pii_sensitive",
    resource: governance ? "grant" : "marketplace.people@1",
    recordId: `p_${i % 100_000}`,
    purpose: "Benchmark: customer support ticket follow-up",
    decision: i % 7 === 0 ? "mask" : "allow",
    columnsShown: governance ? [] : COLUMNS.slice(0, 3 + (i % 3)),
    columnsMasked: governance ? [] : COLUMNS.slice(3 + (i % 3)),
    columnsDenied: [],
    policyVersion: "3",
    requestId: `req_${i}`,
    ipHash: "9f".repeat(32),
    uaHash: "3c".repeat(32),
    rowCount: governance ? 0 : 1,
    disclosedTier: governance ? null : i % 7 === 0 ? "pii_basic" : "pii_sensitive",
    payload: governance ? { grant_id: `grt_${i}`, scope: "pii_basic" } : null,
  };
  if (i < 100 && JSON.stringify(ZLedgerDraft.parse(d)) !== JSON.stringify(d)) throw new Error("draftFor is not in parsed form");
  return d;
}

async function fill() {
  for (const f of [file, `${file}-wal`, `${file}-shm`, witnessFile]) rmSync(f, { force: true });
  await migrate(target);
  const signer = generateSigner("bench/ledger");
  writeFileSync(`${file}.key`, signer.skey);
  const db = sqliteHandle(file);
  db.pragma("synchronous = OFF");
  const insert = db.prepare(`INSERT INTO ledger_entries (${LEDGER_COLUMNS.join(", ")}) VALUES (${LEDGER_COLUMNS.map(() => "?").join(", ")})`);
  const insertCheckpoint = db.prepare(
    "INSERT INTO ledger_checkpoints (tree_size, root_hash, origin, key_id, note, created_at) VALUES (?, ?, ?, ?, ?, ?)",
  );
  const frontier = new MerkleFrontier();
  let head: LedgerEntry | null = null;
  const leaf = Buffer.alloc(33);
  const batch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const e: LedgerEntry = sealEntry(draftFor(i), head);
      const row = toRow(e);
      insert.run(...LEDGER_COLUMNS.map((c) => row[c]));
      head = e;
      leaf.write(e.entryHash, 1, "hex");
      frontier.push(hash("sha256", leaf, "buffer"));
      if (e.seq % EVERY === 0) {
        const root = frontier.root();
        const note = signNote(formatCheckpoint({ origin: "bench/ledger", treeSize: e.seq, rootHash: root }), signer);
        insertCheckpoint.run(e.seq, root.toString("hex"), "bench/ledger", signer.keyId, note, e.occurredAt);
        appendWitness(witnessFile, note);
      }
    }
  });
  for (let i = 0; i < n; i += 10_000) batch(i, Math.min(n, i + 10_000));
  await extendLedgerTree(target, n);
  db.pragma("synchronous = FULL");
  return { count: n };
}

/** The raw engine doing the same hashing: rows as arrays, the same bytes hashed, nothing kept but the frontier. */
function floor() {
  const db = sqliteHandle(file);
  const stmt = db.prepare(`SELECT ${LEDGER_COLUMNS.join(", ")} FROM ledger_entries WHERE seq > ? ORDER BY seq LIMIT 2000`).raw(true);
  const roots = new Map(
    readWitnessLog(witnessFile)!.notes.map((note) => {
      const c = parseCheckpoint(parseNote(note).text);
      return [c.treeSize, c.rootHash] as const;
    }),
  );
  const P = LEDGER_COLUMNS.indexOf("payload");
  const PH = LEDGER_COLUMNS.indexOf("payload_hash");
  const PREV = LEDGER_COLUMNS.indexOf("prev_hash");
  const EH = LEDGER_COLUMNS.indexOf("entry_hash");
  const frontier = new MerkleFrontier();
  const leaf = Buffer.alloc(33);
  let prev = "0".repeat(64);
  let count = 0;
  let bad = 0;
  for (let after = 0; ;) {
    const rows = stmt.all(after) as unknown[][];
    if (rows.length === 0) break;
    for (const r of rows) {
      const eh = r[EH] as string;
      if (r[PREV] !== prev || hash("sha256", canonicalRowText(r), "hex") !== eh) bad++;
      if (r[P] !== null && hash("sha256", r[P] as string, "hex") !== r[PH]) bad++;
      leaf.write(eh, 1, "hex");
      frontier.push(hash("sha256", leaf, "buffer"));
      const want = roots.get(frontier.size);
      if (want && !frontier.root().equals(want)) bad++;
      prev = eh;
      count++;
    }
    after = rows[rows.length - 1][0] as number;
  }
  if (bad) throw new Error(`floor: ${bad} bad rows`);
  return { count };
}

async function verify() {
  const key = parseSignerKey(readFileSync(`${file}.key`, "utf8"));
  const r = await verifyLedger(target, { trustedKeys: [key], witness: readWitnessLog(witnessFile) });
  if (!r.ok || r.checkpoints.verified !== Math.floor(n / EVERY) || r.witness?.matched !== r.checkpoints.count) {
    throw new Error(`verify failed: ${JSON.stringify(r.finding)}`);
  }
  return { count: r.count };
}

async function main() {
  if (mode !== "fill" && !existsSync(file)) throw new Error(`${file} does not exist`);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const out = mode === "fill" ? await fill() : mode === "floor" ? floor() : await verify();
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  // CPU time beside wall time: on a shared machine the wall clock also measures the neighbours.
  process.stdout.write(`${JSON.stringify({ ...out, ms, cpuMs: (used.user + used.system) / 1000, rssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`verify-1m: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
