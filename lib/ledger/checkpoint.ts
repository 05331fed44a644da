// Signed checkpoints (decision 018): the Merkle root over the first tree_size entries in a C2SP checkpoint note,
// signed with the key outside the database, stored in ledger_checkpoints and appended to the witness log. The root
// is computed outside any lock (a prefix of the chain never changes); signing, the insert and the witness append
// happen under the ledger's own lock, so two makers never write conflicting or out-of-order checkpoints and a key
// rotation (a ledger entry, also under that lock) splits the checkpoints cleanly between the old key and the new.
import type Database from "better-sqlite3";
import type pg from "pg";
import { env } from "@/lib/core/env";
import { now } from "@/lib/core/clock";
import { dbTarget } from "@/lib/db/client";
import { retryWhileBusy } from "@/lib/db/busy";
import type { DbTarget } from "@/lib/db/dialect";
import { pgPool, sqliteHandle } from "@/lib/db/raw";
import { formatCheckpoint, signNote, type Signer } from "./note";
import { loadSigningKey, signingKeySource } from "./signing-key";
import { PG_LEDGER_LOCK } from "./store";
import { extendLedgerTree, ledgerTree } from "./tree";
import { appendWitness } from "./witness";

export interface CheckpointSettings {
  target: DbTarget;
  origin: string;
  /** Read under the lock, on every checkpoint: a rotation switches keys between two checkpoints, never within one. */
  signer: () => Signer;
  /** Where each note is appended too; null: nowhere (tests of the database alone). */
  witnessPath: string | null;
}

export function checkpointSettings(): CheckpointSettings {
  const e = env();
  return { target: dbTarget(), origin: e.ledgerOrigin, signer: () => loadSigningKey(signingKeySource()), witnessPath: e.witnessLogPath };
}

export interface Checkpoint {
  treeSize: number;
  rootHash: string;
  origin: string;
  keyId: string;
  note: string;
  createdAt: string;
}

/** Checkpoints the whole ledger as it stands; null when nothing was appended since the last one (or ever). */
export async function makeCheckpoint(settings: CheckpointSettings = checkpointSettings()): Promise<Checkpoint | null> {
  const { target } = settings;
  const head = await headSeq(target);
  if (head === 0 || (await latestTreeSize(target)) >= head) return null;
  await extendLedgerTree(target, head);
  const root = await ledgerTree(target).rangeHash(0, head);
  const body = formatCheckpoint({ origin: settings.origin, treeSize: head, rootHash: root });
  const seal = (): Checkpoint => {
    const signer = settings.signer();
    const note = signNote(body, signer);
    return { treeSize: head, rootHash: root.toString("hex"), origin: settings.origin, keyId: signer.keyId, note, createdAt: now().toISOString() };
  };
  const values = (c: Checkpoint) => [c.treeSize, c.rootHash, c.origin, c.keyId, c.note, c.createdAt];
  const witness = (c: Checkpoint) => {
    // Inside the transaction: a note the witness could not record is not committed either.
    if (settings.witnessPath) appendWitness(settings.witnessPath, c.note);
  };

  if (target.dialect === "sqlite") {
    const db = sqliteHandle(target.path);
    const tx = db.transaction((): Checkpoint | null => {
      // Another maker got here first with this size or more: nothing is left to checkpoint.
      if (latestSqlite(db) >= head) return null;
      const c = seal();
      db.prepare("INSERT INTO ledger_checkpoints (tree_size, root_hash, origin, key_id, note, created_at) VALUES (?, ?, ?, ?, ?, ?)").run(
        ...values(c),
      );
      witness(c);
      return c;
    });
    return retryWhileBusy(() => tx.immediate(), { what: "the access ledger" });
  }
  const client = await pgPool(target.url).connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock($1)", [PG_LEDGER_LOCK]);
    if ((await latestPg(client)) >= head) {
      await client.query("ROLLBACK");
      return null;
    }
    const c = seal();
    await client.query(
      "INSERT INTO ledger_checkpoints (tree_size, root_hash, origin, key_id, note, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
      values(c),
    );
    witness(c);
    await client.query("COMMIT");
    return c;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

const latestSqlite = (db: Database.Database) => Number(db.prepare("SELECT COALESCE(MAX(tree_size), 0) FROM ledger_checkpoints").pluck().get());
const latestPg = async (c: pg.Pool | pg.PoolClient) =>
  Number((await c.query<{ n: number }>("SELECT COALESCE(MAX(tree_size), 0) AS n FROM ledger_checkpoints")).rows[0].n);

async function latestTreeSize(target: DbTarget): Promise<number> {
  return target.dialect === "sqlite" ? latestSqlite(sqliteHandle(target.path)) : latestPg(pgPool(target.url));
}

async function headSeq(target: DbTarget): Promise<number> {
  const sql = "SELECT COALESCE(MAX(seq), 0) AS n FROM ledger_entries";
  if (target.dialect === "sqlite") return Number(sqliteHandle(target.path).prepare(sql).pluck().get());
  return Number((await pgPool(target.url).query<{ n: number }>(sql)).rows[0].n);
}

export interface CheckpointDue {
  due: boolean;
  uncovered: number;
}

export interface CheckpointCadence {
  everyEntries: number;
  everyMs: number;
}

/**
 * Every N entries or T minutes (env), whichever comes first: T counts from the newest checkpoint, or with none yet from
 * the first entry. Nothing uncovered is never due.
 */
export async function checkpointDue(
  at: Date,
  target: DbTarget = dbTarget(),
  cadence: CheckpointCadence = { everyEntries: env().checkpointEveryEntries, everyMs: env().checkpointEveryMs },
): Promise<CheckpointDue> {
  const head = await headSeq(target);
  const lastSql = "SELECT tree_size, created_at FROM ledger_checkpoints ORDER BY tree_size DESC LIMIT 1";
  const firstSql = "SELECT occurred_at FROM ledger_entries WHERE seq >= 1 ORDER BY seq LIMIT 1";
  const sqlite = target.dialect === "sqlite" ? sqliteHandle(target.path) : null;
  const pool = target.dialect === "postgresql" ? pgPool(target.url) : null;
  const last = sqlite
    ? (sqlite.prepare(lastSql).get() as { tree_size: number; created_at: string } | undefined)
    : (await pool!.query<{ tree_size: number; created_at: string }>(lastSql)).rows[0];
  const uncovered = Math.max(0, head - Number(last?.tree_size ?? 0));
  if (uncovered === 0) return { due: false, uncovered };
  let since = last?.created_at;
  if (!since) {
    since = sqlite
      ? (sqlite.prepare(firstSql).pluck().get() as string | undefined)
      : (await pool!.query<{ occurred_at: string }>(firstSql)).rows[0]?.occurred_at;
  }
  const stale = since === undefined || at.getTime() - Date.parse(since) >= cadence.everyMs;
  return { due: uncovered >= cadence.everyEntries || stale, uncovered };
}

/** The `ledger.checkpoint` job: a checkpoint when one is due. */
export async function checkpointIfDue(at: Date): Promise<Record<string, unknown>> {
  const { due, uncovered } = await checkpointDue(at);
  if (!due) return { made: null, uncovered };
  const c = await makeCheckpoint();
  return { made: c?.treeSize ?? null, keyId: c?.keyId ?? null };
}
