// Inclusion proofs of single entries (issue 7 §2): for a seq, its audit path against the smallest signed checkpoint
// that covers it (or a named one), packed with the entry's hashed fields, the checkpoint's note verbatim and the
// published key, so the holder checks it offline (bundle/offline-proof.ts). Reads through the driver like tree.ts.
import type { DbTarget } from "@/lib/db/dialect";
import { AppError } from "@/lib/core/errors";
import { pgPool, sqliteHandle } from "@/lib/db/raw";
import { canonicalEntry } from "./entry";
import { inclusionProof, leafHash, rootFromInclusionProof } from "./merkle";
import { parseCheckpoint, parseNote } from "./note";
import { publishedVerifierKey } from "./published-keys";
import { fromRow, type LedgerRow } from "./row";
import { COLS } from "./store";
import { ledgerTree } from "./tree";
import { PROOF_FORMAT, PROOF_VERSION, type InclusionProofDoc } from "./bundle/offline-proof";

export interface StoredCheckpoint {
  treeSize: number;
  note: string;
}

async function query<T>(target: DbTarget, sqlite: string, pg: string, params: unknown[]): Promise<T[]> {
  if (target.dialect === "sqlite")
    return sqliteHandle(target.path)
      .prepare(sqlite)
      .all(...params) as T[];
  return (await pgPool(target.url).query(pg, params)).rows as T[];
}

const toCheckpoint = (r: { tree_size: number | string; note: string }): StoredCheckpoint => ({ treeSize: Number(r.tree_size), note: r.note });

export async function readLedgerRow(target: DbTarget, seq: number): Promise<LedgerRow | null> {
  const rows = await query<LedgerRow>(
    target,
    `SELECT ${COLS} FROM ledger_entries WHERE seq = ?`,
    `SELECT ${COLS} FROM ledger_entries WHERE seq = $1`,
    [seq],
  );
  return rows[0] ?? null;
}

/** The smallest checkpoint whose tree holds `seq`, or null while none does yet. */
export async function checkpointCovering(target: DbTarget, seq: number): Promise<StoredCheckpoint | null> {
  const rows = await query<{ tree_size: number; note: string }>(
    target,
    "SELECT tree_size, note FROM ledger_checkpoints WHERE tree_size >= ? ORDER BY tree_size LIMIT 1",
    "SELECT tree_size, note FROM ledger_checkpoints WHERE tree_size >= $1 ORDER BY tree_size LIMIT 1",
    [seq],
  );
  return rows[0] ? toCheckpoint(rows[0]) : null;
}

export async function checkpointOfSize(target: DbTarget, treeSize: number): Promise<StoredCheckpoint | null> {
  const rows = await query<{ tree_size: number; note: string }>(
    target,
    "SELECT tree_size, note FROM ledger_checkpoints WHERE tree_size = ?",
    "SELECT tree_size, note FROM ledger_checkpoints WHERE tree_size = $1",
    [treeSize],
  );
  return rows[0] ? toCheckpoint(rows[0]) : null;
}

/** Checkpoints with lo <= tree_size <= hi, oldest first. */
export async function checkpointsBetween(target: DbTarget, lo: number, hi: number): Promise<StoredCheckpoint[]> {
  const rows = await query<{ tree_size: number; note: string }>(
    target,
    "SELECT tree_size, note FROM ledger_checkpoints WHERE tree_size >= ? AND tree_size <= ? ORDER BY tree_size",
    "SELECT tree_size, note FROM ledger_checkpoints WHERE tree_size >= $1 AND tree_size <= $2 ORDER BY tree_size",
    [lo, hi],
  );
  return rows.map(toCheckpoint);
}

export async function newestCheckpointSize(target: DbTarget): Promise<number> {
  const rows = await query<{ n: number | null }>(
    target,
    "SELECT MAX(tree_size) AS n FROM ledger_checkpoints",
    "SELECT MAX(tree_size) AS n FROM ledger_checkpoints",
    [],
  );
  return Number(rows[0]?.n ?? 0);
}

/** The signer's published vkey, found by the name and key id on the note's first signature line. */
async function signerVkey(note: string): Promise<string | null> {
  const sig = parseNote(note).signatures[0];
  return sig ? ((await publishedVerifierKey(sig.name, sig.keyId))?.vkey ?? null) : null;
}

/** The fields entry_hash is computed over, as the holder recomputes it: canonicalEntry's object. */
export function hashedFields(row: LedgerRow): Record<string, unknown> {
  const { payload: _payload, entryHash: _hash, ...rest } = fromRow(row);
  return JSON.parse(canonicalEntry(rest)) as Record<string, unknown>;
}

/** The proof of a stored row against a stored checkpoint; throws when the ledger no longer leads to the signed root. */
export async function proofFor(target: DbTarget, row: LedgerRow, checkpoint: StoredCheckpoint, vkey?: string | null): Promise<InclusionProofDoc> {
  const seq = Number(row.seq);
  const body = parseCheckpoint(parseNote(checkpoint.note).text);
  const path = await inclusionProof(ledgerTree(target), seq - 1, checkpoint.treeSize);
  const root = rootFromInclusionProof(seq - 1, checkpoint.treeSize, leafHash(String(row.entry_hash)), path);
  // A proof that would not verify is worse than none: it means the stored ledger differs from what was signed.
  if (!root?.equals(body.rootHash)) {
    throw new AppError(
      "conflict",
      `The stored ledger no longer matches checkpoint ${checkpoint.treeSize} at seq ${seq}; run \`npm run warden -- ledger verify\``,
    );
  }
  return {
    format: PROOF_FORMAT,
    version: PROOF_VERSION,
    seq,
    leaf_index: seq - 1,
    entry_hash: String(row.entry_hash),
    entry: hashedFields(row),
    tree_size: checkpoint.treeSize,
    root_hash: body.rootHash.toString("hex"),
    checkpoint: checkpoint.note,
    audit_path: path.map((b) => b.toString("hex")),
    vkey: vkey === undefined ? await signerVkey(checkpoint.note) : vkey,
  };
}

export type InclusionProofResult =
  | { status: "ok"; proof: InclusionProofDoc }
  /** No checkpoint covers the entry yet: the chain protects it, a signature does not yet. */
  | { status: "not_covered"; seq: number; checkpointedSeq: number; message: string };

/** The inclusion proof of `seq` against the smallest covering checkpoint, or the one of tree size `treeSize`. */
export async function buildInclusionProof(target: DbTarget, seq: number, opts: { treeSize?: number } = {}): Promise<InclusionProofResult> {
  if (!Number.isSafeInteger(seq) || seq < 1) throw new AppError("validation_failed", "seq must be a whole number of at least 1", { field: "seq" });
  const row = await readLedgerRow(target, seq);
  if (!row) throw new AppError("not_found", `No ledger entry at seq ${seq}`, { field: "seq" });
  let checkpoint: StoredCheckpoint | null;
  if (opts.treeSize !== undefined) {
    checkpoint = await checkpointOfSize(target, opts.treeSize);
    if (!checkpoint) throw new AppError("not_found", `No checkpoint of tree size ${opts.treeSize}`, { field: "checkpoint" });
    if (opts.treeSize < seq)
      throw new AppError("validation_failed", `Checkpoint ${opts.treeSize} does not cover seq ${seq}`, { field: "checkpoint" });
  } else {
    checkpoint = await checkpointCovering(target, seq);
  }
  if (!checkpoint) {
    const checkpointedSeq = await newestCheckpointSize(target);
    return {
      status: "not_covered",
      seq,
      checkpointedSeq,
      message: `Proof not yet available: seq ${seq} is not covered by a signed checkpoint yet (${checkpointedSeq ? `the newest covers seq 1..${checkpointedSeq}` : "there is no checkpoint yet"}). The next checkpoint covers it.`,
    };
  }
  return { status: "ok", proof: await proofFor(target, row, checkpoint) };
}

/** What an entry's detail page shows of its proof (components/ledger/entry-proof.tsx renders it). */
export type EntryProofView =
  | {
      status: "ok";
      seq: number;
      treeSize: number;
      origin: string;
      signedBy: string[];
      leafIndex: number;
      entryHash: string;
      rootHash: string;
      auditPath: string[];
      /** The route that serves the proof as a file, and the name it is offered under. */
      downloadHref: string;
      fileName: string;
    }
  | { status: "not_covered"; seq: number; message: string }
  | { status: "unavailable"; seq: number; message: string };

/** The proof of `seq` for display: never throws for a missing checkpoint or a ledger that no longer matches one. */
export async function entryProofView(target: DbTarget, seq: number): Promise<EntryProofView> {
  let result: InclusionProofResult;
  try {
    result = await buildInclusionProof(target, seq);
  } catch (err) {
    if (err instanceof AppError) return { status: "unavailable", seq, message: err.message };
    throw err;
  }
  if (result.status === "not_covered") return { status: "not_covered", seq, message: result.message };
  const p = result.proof;
  const note = parseNote(p.checkpoint);
  return {
    status: "ok",
    seq,
    treeSize: p.tree_size,
    origin: parseCheckpoint(note.text).origin,
    signedBy: note.signatures.map((s) => `${s.name} ${s.keyId}`),
    leafIndex: p.leaf_index,
    entryHash: p.entry_hash,
    rootHash: p.root_hash,
    auditPath: p.audit_path,
    downloadHref: `/ledger/${seq}/proof`,
    fileName: `warden-proof-seq-${seq}.json`,
  };
}
