// Test fixtures for checkpoints and verify: a private copy of the console ledger (entries, checkpoints, tree nodes)
// with every guard removed, so a test can tamper as someone with database access would, on either dialect.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { dbTarget } from "@/lib/db/client";
import type { DbTarget } from "@/lib/db/dialect";
import { pgPool, sqliteHandle } from "@/lib/db/raw";
import type { CheckpointSettings } from "./checkpoint";
import { generateSigner, type Signer } from "./note";

export interface LedgerCopy {
  target: DbTarget;
  /** DATABASE_URL of the copy, for the CLI. */
  url: string;
  dir: string;
  exec(sql: string, params?: unknown[]): Promise<void>;
  rows<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** `?` placeholders become `$n` on PostgreSQL. */
  sql(text: string): string;
  dispose(): Promise<void>;
}

export async function ledgerCopy(): Promise<LedgerCopy> {
  const t = dbTarget();
  const dir = mkdtempSync(path.join(os.tmpdir(), "warden-ckpt-"));
  if (t.dialect === "sqlite") {
    const file = path.join(dir, "warden.db");
    sqliteHandle(t.path).prepare("VACUUM INTO ?").run(file);
    const db = sqliteHandle(file);
    db.exec(
      "DROP TRIGGER ledger_entries_no_update; DROP TRIGGER ledger_entries_no_delete; DROP TRIGGER IF EXISTS ledger_entries_seq_positive; DELETE FROM ledger_checkpoints; DELETE FROM ledger_tree_nodes;",
    );
    return {
      target: { dialect: "sqlite", path: file },
      url: `file:${file}`,
      dir,
      exec: async (sql, params = []) => void (params.length ? db.prepare(sql).run(...params) : db.exec(sql)),
      rows: async <T>(sql: string, params: unknown[] = []) => db.prepare(sql).all(...params) as T[],
      sql: (text) => text,
      dispose: async () => {
        db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = `ckpt_copy_${randomUUID().replace(/-/g, "")}`;
  const shared = pgPool(t.url);
  // LIKE copies columns, keys and indexes but no triggers (the append-only guard goes, as if someone dropped it).
  await shared.query(
    `CREATE SCHEMA ${schema};
     CREATE TABLE ${schema}.ledger_entries (LIKE public.ledger_entries INCLUDING ALL);
     ALTER TABLE ${schema}.ledger_entries DROP CONSTRAINT IF EXISTS ledger_entries_seq_positive;
     INSERT INTO ${schema}.ledger_entries SELECT * FROM public.ledger_entries;
     CREATE TABLE ${schema}.ledger_checkpoints (LIKE public.ledger_checkpoints INCLUDING ALL);
     CREATE TABLE ${schema}.ledger_tree_nodes (LIKE public.ledger_tree_nodes INCLUDING ALL);`,
  );
  const url = new URL(t.url);
  url.searchParams.set("options", `-c search_path=${schema}`);
  const pool = pgPool(url.toString());
  const sql = (text: string) => {
    let i = 0;
    return text.replace(/\?/g, () => `$${++i}`);
  };
  return {
    target: { dialect: "postgresql", url: url.toString() },
    url: url.toString(),
    dir,
    exec: async (text, params = []) => void (await pool.query(sql(text), params)),
    rows: async <T>(text: string, params: unknown[] = []) => (await pool.query(sql(text), params)).rows as T[],
    sql,
    dispose: async () => {
      await shared.query(`DROP SCHEMA ${schema} CASCADE`);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function testCheckpointSettings(copy: LedgerCopy, signer: Signer = generateSigner("test/ledger")): CheckpointSettings & { key: Signer } {
  return { target: copy.target, origin: "test/ledger", signer: () => signer, witnessPath: path.join(copy.dir, "witness.log"), key: signer };
}
