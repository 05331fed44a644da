// Recomputes the whole chain (law 2) and reports everything an auditor must act on, not only the first break:
// rows outside the chain (seq <= 0), seq gaps, rows whose hashes fail, payloads gone against their payload_hash, and
// (decision 018) every signed checkpoint: its root against the chain, its signature against a trusted key, its
// consistency with the one before, and the witness log against the checkpoints. The core walks any seq-ordered
// stream of rows, so `ledger verify --bundle` can reuse it over a file; reading a store is the only
// database-specific part. One streaming pass in constant memory: rows are read as arrays in batches and hashed
// through a hand-written serialiser of the fixed entry shape (byte-identical to canonicalEntry), with the general
// path kept for any row that does not have that shape.
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { DbTarget } from "@/lib/db/dialect";
import { pgPool, sqliteHandle } from "@/lib/db/raw";
import { GENESIS_HASH } from "./entry";
import { consistencyProof, MerkleFrontier, nodeHash, splitPoint, verifyConsistency, type SubtreeSource } from "./merkle";
import { noteSignedBy, parseCheckpoint, parseNote, parseVerifierKey, type Note, type Verifier } from "./note";
import { checkRow } from "./check-row";
import { LEDGER_COLUMNS, type LedgerRow } from "./row";
import { COL, fastRowOk, KEY_ROTATED_ACTION, type ChunkSummary, type ChunkTask, type Rotation, type WorkerMessage } from "./verify-chunk";
import { ledgerTree } from "./tree";
import type { WitnessLog } from "./witness";

export { KEY_ROTATED_ACTION } from "./verify-chunk";
/** The first line of the signed statement a key rotation carries. */
export const KEY_ROTATION_HEADER = "warden ledger key rotation";

export type FindingKind = "edited" | "missing" | "reordered" | "forged checkpoint" | "truncated tail" | "rewritten history";

export interface Finding {
  kind: FindingKind;
  /** The first bad seq, when the finding is about entries. */
  seq: number | null;
  /** The checkpoint's tree size, when the finding is about a checkpoint. */
  checkpoint: number | null;
  reason: string;
}

/** A ledger_checkpoints row as stored. */
export interface CheckpointRow {
  tree_size: number | string;
  root_hash: string;
  origin: string;
  key_id: string;
  note: string;
  created_at: string;
}

export interface VerifyOptions {
  /** Payloads may have been pruned on purpose (their hash stays chained). Nothing in Warden prunes them
   * today, so by default a missing payload is tampering. */
  allowPrunedPayloads?: boolean;
  /** The signed checkpoints to check against the chain (any order). */
  checkpoints?: readonly CheckpointRow[];
  /** Keys trusted from outside the ledger; later keys are trusted only through rotations they (or their successors)
   * signed. Left out: signatures are not checked (roots, consistency and the witness still are); [] : none is trusted. */
  trustedKeys?: readonly Verifier[];
  /** The witness log's notes; each must match a checkpoint byte for byte. */
  witness?: WitnessLog | null;
  /** Subtree hashes for the consistency proof between successive checkpoints (checked against their signed roots). */
  tree?: SubtreeSource;
  /** Called after each batch with the number of rows walked. */
  onProgress?: (walked: number) => void;
  /** Worker threads for a large ledger (decision 018, Speed): 0 or 1 walks it on this thread; default: the cores
   * available, from PARALLEL_FROM entries on, outside the Next server. `parallelFrom` lowers that bar (tests). */
  workers?: number;
  parallelFrom?: number;
  /** Entries per chunk of a parallel walk, a power of two (tests make it small to stitch many chunks). */
  parallelChunk?: number;
}

export interface VerifyResult {
  /** No row outside the chain, no gap, no broken row, no missing payload unless pruning is allowed, and no
   * checkpoint or witness finding. */
  ok: boolean;
  /** Rows at seq >= 1 that were walked. */
  count: number;
  /** The last row walked: its entry_hash is the chain head when ok. */
  head: { seq: number; entryHash: string } | null;
  /** The first gap or broken row in seq order: where an investigation starts. */
  firstBad: { seq: number; reason: string } | null;
  /** The first finding of any kind, by position in the ledger (a checkpoint sits at its tree size). */
  finding: Finding | null;
  /** Rows stored at seq <= 0. The chain starts at 1, so nothing vouches for them. `seqs`: the first few, as stored. */
  outsideChain: { count: number; seqs: string[] };
  /** Runs of seqs missing between 1 and the last row (`missing` counts the seqs). */
  gaps: { count: number; missing: number; ranges: Array<{ from: number; to: number }> };
  /** Rows whose stored form, link, payload or entry_hash fails. `first`: the first few. */
  broken: { count: number; first: Array<{ seq: number; reason: string; kind: FindingKind }> };
  /** Rows whose payload is NULL although payload_hash says there was one. */
  missingPayloads: { count: number; firstSeq: number | null; allowed: boolean };
  /** Checkpoints checked, how many passed, the newest tree size, and what failed (`first`: the first few). */
  checkpoints: { count: number; verified: number; latest: number | null; failed: number; first: Finding[] };
  /** The witness log: notes read, matched byte for byte, and checkpoints it does not hold (not a failure: another
   * instance may have made them). null when no witness log was given. */
  witness: { notes: number; matched: number; unwitnessed: number; tornTail: boolean } | null;
  /** Key ids trusted for checkpoints (in order of rotation) and the number of rotations seen. */
  keys: { trusted: string[]; rotations: number };
}

/** How many seqs, gaps and broken rows a result names; the counts are always complete. */
const LISTED = 10;

const toObject = (r: readonly unknown[]): LedgerRow => Object.fromEntries(LEDGER_COLUMNS.map((c, i) => [c, r[i]])) as LedgerRow;
const toArray = (row: LedgerRow): unknown[] => LEDGER_COLUMNS.map((c) => row[c]);

interface ParsedCheckpoint {
  size: number;
  row: CheckpointRow;
  note: Note | null;
  root: Buffer | null;
}

/** The chain walk, one row at a time, as arrays in LEDGER_COLUMNS order. */
class LedgerWalker {
  readonly result: VerifyResult;
  private readonly findings: Finding[] = [];
  private expectedSeq = 1;
  private prevHash: string | null = GENESIS_HASH;
  private readonly frontier = new MerkleFrontier();
  private readonly checkpoints: ParsedCheckpoint[];
  private nextCheckpoint = 0;
  private readonly probeSizes: Set<number>;
  /** Chain roots at the witness notes' sizes that the database has no checkpoint for. */
  private readonly probed = new Map<number, Buffer>();
  private previous: { size: number; root: Buffer } | null = null;
  private readonly failedSizes = new Set<number>();
  private late: ReadonlyMap<number, CheckpointRow> = new Map();
  private readonly rotations: Rotation[] = [];
  /** noteSignedBy's answers, by note and key: presign() asks them while the workers walk (decision 039). */
  private readonly signed = new Map<Note, Map<Verifier, boolean>>();
  /** The tree size after adopt() (the frontier stays empty then). */
  private treeSize: number | null = null;
  /** After adopt(): subtree hashes the workers computed for the consistency proofs, in front of opts.tree. */
  private walkedTree: SubtreeSource | null = null;

  constructor(private readonly opts: VerifyOptions) {
    this.result = {
      ok: false,
      count: 0,
      head: null,
      firstBad: null,
      finding: null,
      outsideChain: { count: 0, seqs: [] },
      gaps: { count: 0, missing: 0, ranges: [] },
      broken: { count: 0, first: [] },
      missingPayloads: { count: 0, firstSeq: null, allowed: opts.allowPrunedPayloads === true },
      checkpoints: { count: 0, verified: 0, latest: null, failed: 0, first: [] },
      witness: null,
      keys: { trusted: [], rotations: 0 },
    };
    this.checkpoints = (opts.checkpoints ?? []).map((row) => this.parseCheckpointRow(row)).sort((a, b) => a.size - b.size);
    this.result.checkpoints.count = this.checkpoints.length;
    this.result.checkpoints.latest = this.checkpoints.at(-1)?.size ?? null;
    const stored = new Set(this.checkpoints.map((c) => c.size));
    this.probeSizes = new Set((opts.witness?.notes ?? []).map(witnessSize).filter((s): s is number => s !== null && !stored.has(s)));
  }

  private noteChain(seq: number, reason: string, kind: FindingKind) {
    this.result.broken.count++;
    if (this.result.broken.first.length < LISTED) this.result.broken.first.push({ seq, reason, kind });
    this.result.firstBad ??= { seq, reason };
    this.findings.push({ kind, seq, checkpoint: null, reason: `seq ${seq}: ${reason}` });
  }

  private noteCheckpoint(size: number, kind: FindingKind, reason: string) {
    const f: Finding = { kind, seq: null, checkpoint: size, reason: `checkpoint ${size}: ${reason}` };
    this.result.checkpoints.failed++;
    this.failedSizes.add(size);
    if (this.result.checkpoints.first.length < LISTED) this.result.checkpoints.first.push(f);
    this.findings.push(f);
  }

  private parseCheckpointRow(row: CheckpointRow): ParsedCheckpoint {
    const size = Number(row.tree_size);
    const out: ParsedCheckpoint = { size, row, note: null, root: null };
    try {
      const note = parseNote(String(row.note));
      const body = parseCheckpoint(note.text);
      // The columns exist for queries; the note is what was signed, and they must say the same.
      const mismatch =
        body.treeSize !== size
          ? "tree_size"
          : body.rootHash.toString("hex") !== row.root_hash
            ? "root_hash"
            : body.origin !== row.origin
              ? "origin"
              : !note.signatures.some((s) => s.keyId === row.key_id)
                ? "key_id"
                : null;
      if (mismatch) throw new Error(`its ${mismatch} column differs from its signed note`);
      out.note = note;
      out.root = body.rootHash;
    } catch (err) {
      this.noteCheckpoint(size, "forged checkpoint", err instanceof Error ? err.message : String(err));
    }
    return out;
  }

  /** Checks one row; returns a promise only when a checkpoint was reached (no promise per row on the hot path). */
  push(r: unknown[]): Promise<void> | null {
    const result = this.result;
    const rawSeq = r[COL.seq];
    const seq = Number(rawSeq);
    if (!Number.isInteger(seq)) {
      this.noteChain(this.expectedSeq, `seq ${JSON.stringify(rawSeq)} is not a whole number`, "edited");
      this.prevHash = null;
      return null;
    }
    if (seq < 1) {
      result.outsideChain.count++;
      if (result.outsideChain.seqs.length < LISTED) result.outsideChain.seqs.push(String(rawSeq));
      this.findings.push({ kind: "edited", seq, checkpoint: null, reason: `a row outside the chain at seq ${String(rawSeq)}` });
      return null;
    }
    result.count++;
    if (seq < this.expectedSeq) {
      this.noteChain(seq, `seq ${seq} appears twice or out of order`, "reordered");
      return null;
    }
    if (seq > this.expectedSeq) {
      const range = { from: this.expectedSeq, to: seq - 1 };
      result.gaps.count++;
      result.gaps.missing += range.to - range.from + 1;
      if (result.gaps.ranges.length < LISTED) result.gaps.ranges.push(range);
      const reason = `${describeRange(range)} missing`;
      result.firstBad ??= { seq: this.expectedSeq, reason };
      this.findings.push({ kind: "missing", seq: this.expectedSeq, checkpoint: null, reason });
      // The gap already explains why this row's prev_hash links to nothing we saw.
      this.prevHash = null;
    }
    this.expectedSeq = seq + 1;

    if (!fastRowOk(r, this.prevHash)) {
      const bad = checkRow(toObject(r), this.prevHash);
      if (bad) this.noteChain(seq, bad.reason, bad.kind);
    }
    const payload = r[COL.payload];
    if (payload === null && r[COL.payload_hash] !== null) {
      result.missingPayloads.count++;
      result.missingPayloads.firstSeq ??= seq;
    }
    if (r[COL.action] === KEY_ROTATED_ACTION) this.rotations.push({ seq, payload: payload === null ? null : String(payload) });
    // Link the next row to what is stored here, so one altered row is reported once, not as every row after it.
    const entryHash = String(r[COL.entry_hash]);
    this.prevHash = entryHash;
    result.head = { seq, entryHash };

    this.frontier.pushEntryHash(entryHash);
    const size = this.frontier.size;
    if (this.probeSizes.has(size)) this.probed.set(size, this.frontier.root());
    if (this.nextCheckpoint < this.checkpoints.length && this.checkpoints[this.nextCheckpoint].size <= size) return this.checkReached(size);
    return null;
  }

  private async checkReached(size: number): Promise<void> {
    while (this.nextCheckpoint < this.checkpoints.length && this.checkpoints[this.nextCheckpoint].size <= size) {
      await this.checkCheckpoint(this.checkpoints[this.nextCheckpoint++], size);
    }
  }

  private async checkCheckpoint(c: ParsedCheckpoint, size: number, chainRoot?: Buffer): Promise<void> {
    if (c.size !== size) {
      // Only a size below 1 can be passed over (sizes are whole numbers, met in order).
      this.noteCheckpoint(c.size, "forged checkpoint", "its tree size is not a size the ledger has had");
      return;
    }
    if (!c.root) return; // already reported as unparsable
    const root = chainRoot ?? this.frontier.root();
    if (!root.equals(c.root)) {
      this.noteCheckpoint(c.size, "rewritten history", "its signed root does not match the entries it covers");
      return;
    }
    const tree = this.walkedTree ?? this.opts.tree;
    if (this.previous && tree) {
      const proof = await consistencyProof(tree, this.previous.size, c.size);
      if (!verifyConsistency(this.previous.size, c.size, this.previous.root, c.root, proof)) {
        this.noteCheckpoint(c.size, "rewritten history", `it does not extend checkpoint ${this.previous.size} (consistency proof fails)`);
        return;
      }
    }
    this.previous = { size: c.size, root: c.root };
  }

  /**
   * The subtrees the consistency proofs between successive checkpoints (as checkCheckpoint will ask for them when
   * every checkpoint passes) need from a parallel walk with chunks of `chunk` leaves: those inside one chunk, which
   * its worker folds from the leaves it hashes anyway (decision 029). None when no proof will be asked for.
   */
  async proofRanges(max: number, chunk: number): Promise<Array<[number, number]>> {
    if (!this.opts.tree) return [];
    const wanted = new Map<string, [number, number]>();
    const planner = planTree(chunk, (start, end) => {
      wanted.set(`${start}:${end}`, [start, end]);
      return null;
    });
    let previous: number | null = null;
    for (const c of this.checkpoints) {
      if (!c.root || !Number.isSafeInteger(c.size) || c.size < 1 || c.size > max) continue;
      if (previous !== null && previous < c.size) await consistencyProof(planner, previous, c.size);
      previous = c.size;
    }
    return [...wanted.values()];
  }

  /** The tree sizes whose roots a parallel walk must bring back: checkpoints and witness-only sizes in 1..max. */
  rootSizes(max: number): number[] {
    const sizes = new Set<number>();
    for (const c of this.checkpoints) if (Number.isSafeInteger(c.size) && c.size >= 1 && c.size <= max) sizes.add(c.size);
    for (const s of this.probeSizes) if (Number.isSafeInteger(s) && s >= 1 && s <= max) sizes.add(s);
    return [...sizes].sort((a, b) => a - b);
  }

  /**
   * Takes over a parallel walk of seqs 1..count that found every row intact and linked: what push() would have
   * recorded over those rows, then each checkpoint reached, in the same order, against the roots the chunks computed.
   */
  async adopt(walk: {
    count: number;
    head: { seq: number; entryHash: string } | null;
    missingPayloads: { count: number; firstSeq: number | null };
    rotations: Rotation[];
    roots: ReadonlyMap<number, Buffer>;
    ranges: ReadonlyMap<string, Buffer>;
    chunk: number;
  }): Promise<void> {
    const result = this.result;
    const stored = this.opts.tree;
    if (stored) {
      // Proofs across chunks ask the stored tree for the same few aligned subtrees again and again (on the bench's
      // 1,000,000 entries, 950 asks of 3 subtrees, two queries each, all after the walk): one ask each.
      const asked = new Map<string, Promise<Buffer>>();
      this.walkedTree = planTree(walk.chunk, (start, end) => {
        const key = `${start}:${end}`;
        const walked = walk.ranges.get(key);
        if (walked) return walked;
        let answer = asked.get(key);
        if (!answer) asked.set(key, (answer = stored.rangeHash(start, end)));
        return answer;
      });
    }
    result.count = walk.count;
    result.head = walk.head;
    result.missingPayloads.count = walk.missingPayloads.count;
    result.missingPayloads.firstSeq = walk.missingPayloads.firstSeq;
    this.rotations.push(...walk.rotations);
    this.treeSize = walk.count;
    this.expectedSeq = walk.count + 1;
    for (const [size, root] of walk.roots) if (this.probeSizes.has(size)) this.probed.set(size, root);
    while (this.nextCheckpoint < this.checkpoints.length && this.checkpoints[this.nextCheckpoint].size <= walk.count) {
      const c = this.checkpoints[this.nextCheckpoint++];
      // push() meets a checkpoint at the first size >= its own; only a whole size >= 1 can be met exactly.
      const reached = Math.max(1, Math.ceil(c.size));
      await this.checkCheckpoint(c, reached, reached === c.size ? walk.roots.get(c.size) : undefined);
    }
  }

  /** Sizes the witness log holds and the checkpoint list did not: asked of the store again after the walk. */
  witnessOnlySizes(): number[] {
    return [...this.probeSizes];
  }

  /** `late`: checkpoints committed while the walk ran (made concurrently), by size, from witnessOnlySizes(). */
  finish(late: ReadonlyMap<number, CheckpointRow> = new Map()): VerifyResult {
    this.late = late;
    const result = this.result;
    const head = this.treeSize ?? this.frontier.size;
    for (const c of this.checkpoints.slice(this.nextCheckpoint)) {
      if (c.size > head) this.noteCheckpoint(c.size, "truncated tail", `it covers ${c.size} entries but the ledger holds ${head}`);
      else this.noteCheckpoint(c.size, "forged checkpoint", "its tree size is not a size the ledger has had");
    }
    this.checkSignatures();
    this.checkWitness(head);

    result.ok =
      result.outsideChain.count === 0 &&
      result.gaps.count === 0 &&
      result.broken.count === 0 &&
      (result.missingPayloads.count === 0 || result.missingPayloads.allowed) &&
      result.checkpoints.failed === 0;
    const position = (f: Finding) => f.seq ?? f.checkpoint ?? 0;
    result.finding = this.findings.reduce<Finding | null>((first, f) => (first === null || position(f) < position(first) ? f : first), null);
    return result;
  }

  /** The keys in force over the ledger: the first, then one per valid rotation, each from the rotation's seq on. */
  private keyEpochs(): Array<{ from: number; key: Verifier }> {
    const anchors = this.opts.trustedKeys ?? [];
    const epochs: Array<{ from: number; key: Verifier }> = [];
    for (const r of this.rotations) {
      const rotation = parseRotation(r.payload);
      if (typeof rotation === "string") {
        this.noteChain(r.seq, `key rotation: ${rotation}`, "forged checkpoint");
        continue;
      }
      if (epochs.length === 0) epochs.push({ from: 0, key: rotation.old });
      if (epochs.at(-1)!.key.vkey !== rotation.old.vkey) {
        this.noteChain(r.seq, `key rotation from ${rotation.old.keyId}, which was not the key in force`, "forged checkpoint");
        continue;
      }
      epochs.push({ from: r.seq, key: rotation.new });
    }
    if (epochs.length === 0 && anchors.length > 0) epochs.push({ from: 0, key: anchors[0] });
    this.result.keys.rotations = this.rotations.length;
    // The ledger's own rotations are trusted only as a chain that reaches a key trusted from outside it.
    const anchored = epochs.some((e) => anchors.some((a) => a.vkey === e.key.vkey));
    if (!anchored) return [];
    this.result.keys.trusted = epochs.map((e) => e.key.keyId);
    return epochs;
  }

  /**
   * Checks every checkpoint's signature against the keys trusted from outside, ahead of finish(), which asks the same
   * (pure) questions and takes the answers from here. Run while the workers walk, so the main thread's idle time
   * takes this off the serial end of a parallel verify; it yields between small batches to hand out chunks promptly.
   */
  async presign(): Promise<void> {
    const anchors = this.opts.trustedKeys ?? [];
    let n = 0;
    for (const c of this.checkpoints) {
      if (!c.note) continue;
      for (const key of anchors) {
        try {
          this.signedBy(c.note, key);
        } catch {
          // Not cached: finish() asks again, and whatever it throws there it threw before.
        }
      }
      if (++n % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private signedBy(note: Note, key: Verifier): boolean {
    let byKey = this.signed.get(note);
    if (!byKey) this.signed.set(note, (byKey = new Map()));
    let ok = byKey.get(key);
    if (ok === undefined) byKey.set(key, (ok = noteSignedBy(note, key)));
    return ok;
  }

  private checkSignatures(): void {
    // No anchors given at all (a library caller checking roots only); the CLI and the job always pass them.
    if (this.opts.trustedKeys === undefined) return;
    const epochs = this.keyEpochs();
    for (const c of this.checkpoints) {
      if (!c.note || !c.root || this.failedSizes.has(c.size)) continue;
      const ids = c.note.signatures.map((s) => s.keyId).join(", ");
      const epoch = epochs.findLast((e) => e.from <= c.size);
      if (!epoch) {
        this.noteCheckpoint(
          c.size,
          "forged checkpoint",
          (this.opts.trustedKeys ?? []).length === 0
            ? "no trusted key to check its signature against"
            : `signed by key ${ids}, which no trusted key or rotation from one introduced`,
        );
      } else if (!this.signedBy(c.note, epoch.key)) {
        const known = epochs.some((e) => c.note!.signatures.some((s) => s.keyId === e.key.keyId));
        this.noteCheckpoint(
          c.size,
          "forged checkpoint",
          known && !c.note.signatures.some((s) => s.keyId === epoch.key.keyId)
            ? `signed by key ${ids}, which was not the key in force at this size (${epoch.key.keyId})`
            : c.note.signatures.some((s) => s.keyId === epoch.key.keyId)
              ? `its signature by key ${epoch.key.keyId} does not verify`
              : `signed by key ${ids}, which no trusted rotation introduced`,
        );
      } else {
        this.result.checkpoints.verified++;
      }
    }
  }

  private checkWitness(head: number): void {
    const witness = this.opts.witness;
    if (!witness) return;
    const stored = new Map(this.checkpoints.map((c) => [c.size, c]));
    let matched = 0;
    const witnessed = new Set<number>();
    for (const note of witness.notes) {
      const size = witnessSize(note);
      if (size === null) continue; // not a checkpoint note; nothing to compare
      witnessed.add(size);
      const db = stored.get(size);
      if (db) {
        if (db.row.note === note) {
          matched++;
          continue;
        }
        const root = rootOfNote(note);
        this.noteCheckpoint(
          size,
          root && db.root && !root.equals(db.root) ? "rewritten history" : "forged checkpoint",
          root && db.root && !root.equals(db.root)
            ? "the witness log holds a different root for this size"
            : "its note differs from the one in the witness log",
        );
      } else if (this.late.get(size)?.note === note && rootOfNote(note)?.equals(this.probed.get(size) ?? Buffer.alloc(0))) {
        // Made while this verification ran: in the database now, byte for byte, and its root is the chain's.
        matched++;
      } else if (size > head) {
        this.noteCheckpoint(size, "truncated tail", `the witness log holds a checkpoint of ${size} entries but the ledger holds ${head}`);
      } else {
        const root = rootOfNote(note);
        const chain = this.probed.get(size);
        this.noteCheckpoint(
          size,
          "rewritten history",
          root && chain && root.equals(chain)
            ? "the witness log holds this checkpoint, the database does not"
            : "the witness log holds a root for this size that the entries no longer have",
        );
      }
    }
    this.result.witness = {
      notes: witness.notes.length,
      matched,
      unwitnessed: this.checkpoints.filter((c) => !witnessed.has(c.size)).length,
      tornTail: witness.trailing.trim().length > 0,
    };
  }
}

function witnessSize(note: string): number | null {
  try {
    return parseCheckpoint(parseNote(note).text).treeSize;
  } catch {
    return null;
  }
}

function rootOfNote(note: string): Buffer | null {
  try {
    return parseCheckpoint(parseNote(note).text).rootHash;
  } catch {
    return null;
  }
}

export interface KeyRotationPayload {
  old_key_id: string;
  new_key_id: string;
  old_vkey: string;
  new_vkey: string;
  /** A signed note by the old key: KEY_ROTATION_HEADER, the old vkey, the new vkey, one per line. */
  statement: string;
}

export const rotationStatementText = (oldVkey: string, newVkey: string) => `${KEY_ROTATION_HEADER}\n${oldVkey}\n${newVkey}\n`;

/** The old and new keys of a rotation whose statement the old key signed, or why not. */
function parseRotation(payload: string | null): { old: Verifier; new: Verifier } | string {
  if (payload === null) return "its payload is missing";
  try {
    const p = JSON.parse(payload) as Partial<KeyRotationPayload>;
    const oldKey = parseVerifierKey(String(p.old_vkey));
    const newKey = parseVerifierKey(String(p.new_vkey));
    const note = parseNote(String(p.statement));
    if (note.text !== rotationStatementText(oldKey.vkey, newKey.vkey)) return "its statement does not name these keys";
    if (!noteSignedBy(note, oldKey)) return "its statement is not signed by the key it replaces";
    return { old: oldKey, new: newKey };
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

const DUMMY_NODE = Buffer.alloc(32);
const isPerfect = (start: number, n: number) => n >= 1 && (n & (n - 1)) === 0 && start % n === 0;

/**
 * A subtree source over a parallel walk's chunks of `chunk` leaves: a range inside one chunk is `inChunk`'s to answer
 * (null: planning, any hash will do); a range across chunks is split the RFC 6962 way until it is, except an aligned
 * perfect subtree, which `inChunk` answers too (from the stored tree). proofRanges plans with it, adopt answers with it,
 * so both make the same calls.
 */
function planTree(chunk: number, inChunk: (start: number, end: number) => Promise<Buffer> | Buffer | null): SubtreeSource {
  const mth = async (start: number, end: number): Promise<Buffer> => {
    const n = end - start;
    if (n >= 2 && Math.floor(start / chunk) !== Math.floor((end - 1) / chunk) && !isPerfect(start, n)) {
      const k = splitPoint(n);
      return nodeHash(await mth(start, start + k), await mth(start + k, end));
    }
    return (await inChunk(start, end)) ?? DUMMY_NODE;
  };
  return { rangeHash: mth };
}

/** Verifies rows in ascending seq order (all of them, seq <= 0 included). Pure: no I/O but the iteration. */
export async function verifyLedgerRows(rows: AsyncIterable<LedgerRow> | Iterable<LedgerRow>, opts: VerifyOptions = {}): Promise<VerifyResult> {
  const walker = new LedgerWalker(opts);
  for await (const row of rows) await walker.push(toArray(row));
  return walker.finish();
}

const SCAN_BATCH = 2_000;
const COLS = LEDGER_COLUMNS.join(", ");
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Every stored row in seq order, seq <= 0 included, as arrays, in batches. */
async function* scanArrays(target: DbTarget): AsyncIterable<unknown[][]> {
  if (target.dialect === "sqlite") {
    const db = sqliteHandle(target.path);
    const sql = (where: string) => `SELECT ${COLS} FROM ledger_entries WHERE ${where} ORDER BY seq LIMIT ?`;
    // Rows at seqs JS cannot hold exactly (forged, outside 1..2^53-1) are read with BigInts, so keyset paging over them
    // advances and verify names them as stored; the chain itself is read as plain numbers (no BigInt per row).
    const edgeFirst = db
      .prepare(sql(`seq < 1 OR seq > ${Number.MAX_SAFE_INTEGER}`))
      .raw(true)
      .safeIntegers(true);
    const edgeNext = db
      .prepare(sql(`seq > ? AND (seq < 1 OR seq > ${Number.MAX_SAFE_INTEGER})`))
      .raw(true)
      .safeIntegers(true);
    const chain = db.prepare(sql(`seq > ? AND seq <= ${Number.MAX_SAFE_INTEGER}`)).raw(true);
    const normalise = (batch: unknown[][]) => {
      for (const r of batch) {
        for (let i = 0; i < r.length; i++) {
          const v = r[i];
          // Integers as numbers where exact, else as their decimal text (the verifier names such a seq as stored).
          if (typeof v === "bigint") r[i] = v >= MIN_SAFE && v <= MAX_SAFE ? Number(v) : v.toString();
        }
      }
      return batch;
    };
    function* edges(from: bigint | null, below: boolean): Iterable<unknown[][]> {
      for (let after = from; ;) {
        const batch = (after === null ? edgeFirst.all(SCAN_BATCH) : edgeNext.all(after, SCAN_BATCH)) as unknown[][];
        const kept = below ? batch.filter((r) => (r[COL.seq] as bigint) < 1n) : batch;
        const last = batch.length > 0 ? (batch[batch.length - 1][COL.seq] as bigint) : null;
        if (kept.length > 0) yield normalise(kept);
        if (last === null || batch.length < SCAN_BATCH || kept.length < batch.length) return;
        after = last;
      }
    }
    yield* edges(null, true);
    let after = 0;
    for (;;) {
      const batch = chain.all(after, SCAN_BATCH) as unknown[][];
      if (batch.length === 0) break;
      after = batch[batch.length - 1][COL.seq] as number;
      yield batch;
      // Synchronous reads: let the server's other requests in between batches when this runs as a job.
      await new Promise((resolve) => setImmediate(resolve));
    }
    yield* edges(BigInt(Number.MAX_SAFE_INTEGER), false);
    return;
  }
  const pool = pgPool(target.url);
  // seq is a 4-byte integer here, so it is always exact as a JS number.
  let after: number | null = null;
  for (;;) {
    const { rows }: { rows: unknown[][] } =
      after === null
        ? await pool.query({ text: `SELECT ${COLS} FROM ledger_entries ORDER BY seq LIMIT $1`, values: [SCAN_BATCH], rowMode: "array" })
        : await pool.query({
            text: `SELECT ${COLS} FROM ledger_entries WHERE seq > $1 ORDER BY seq LIMIT $2`,
            values: [after, SCAN_BATCH],
            rowMode: "array",
          });
    if (rows.length === 0) return;
    after = Number(rows[rows.length - 1][COL.seq]);
    yield rows;
  }
}

/** Ledgers from this many entries on are walked by worker threads (below, starting them costs more than it saves). */
export const PARALLEL_FROM = 50_000;

let lastPath: "parallel" | "single" | null = null;
/** How the last verifyLedger of this process walked the chain (tests prove both paths ran). */
export const lastVerifyPath = () => lastPath;

/** The worker's source beside this module; absent when this module was bundled (the Next server), which walks on
 * this thread. The worker is TypeScript, so it starts with tsx's loader. */
function workerFile(): string | null {
  if (process.env.NEXT_RUNTIME) return null;
  try {
    const file = path.join(path.dirname(fileURLToPath(import.meta.url)), "verify-worker.cjs");
    return existsSync(file) ? file : null;
  } catch {
    return null;
  }
}

/** The highest seq in the chain's range, or null when rows outside 1..2^53-1 exist (the single-threaded walk names them). */
async function chainExtent(target: DbTarget): Promise<number | null> {
  if (target.dialect === "sqlite") {
    const db = sqliteHandle(target.path);
    if (db.prepare(`SELECT 1 FROM ledger_entries WHERE seq < 1 OR seq > ${Number.MAX_SAFE_INTEGER} LIMIT 1`).get()) return null;
    const row = db.prepare("SELECT MAX(seq) AS m FROM ledger_entries").get() as { m: number | null };
    return row.m ?? 0;
  }
  const pool = pgPool(target.url);
  if ((await pool.query("SELECT 1 FROM ledger_entries WHERE seq < 1 LIMIT 1")).rows.length > 0) return null;
  const { rows } = await pool.query<{ m: number | null }>("SELECT MAX(seq) AS m FROM ledger_entries");
  return rows[0].m === null ? 0 : Number(rows[0].m);
}

/**
 * Seqs 1..max split into chunks of C (a power of two) walked by `workers` threads. Chunk j starts at leaf jC, a
 * multiple of C, and holds at most C leaves, so the root at any size inside it is the left chunks' frontier with the
 * chunk's own root folded on (MerkleFrontier.rootWith). null: some chunk is not clean, or the workers failed; the
 * caller then walks on one thread, which finds and explains whatever it is.
 */
async function walkInParallel(
  pool: WorkerPool,
  max: number,
  walker: LedgerWalker,
  onProgress?: (walked: number) => void,
  minChunk = 4_096,
): Promise<Parameters<LedgerWalker["adopt"]>[0] | null> {
  const workers = pool.threads.length;
  let chunk = minChunk;
  // At least 16 chunks a worker: the walk ends when the last chunk does, and a worker that drew one chunk more than
  // the other ran alone meanwhile (with 4 a worker, 1,000,000 entries left one worker ~48,600 rows ahead). The proofs'
  // subtrees across chunks come from the stored tree, one read each (adopt).
  while (chunk * workers * 16 < max) chunk *= 2;
  const sizes = walker.rootSizes(max);
  const tasks: ChunkTask[] = [];
  for (let from = 0, i = 0, index = 0; from < max; from += chunk, index++) {
    const to = Math.min(max, from + chunk);
    const mine: number[] = [];
    while (i < sizes.length && sizes[i] <= to) mine.push(sizes[i++]);
    tasks.push({ index, from, to, sizes: mine, ranges: [] });
  }
  for (const [start, end] of await walker.proofRanges(max, chunk)) tasks[Math.floor(start / chunk)]?.ranges.push([start, end]);
  for (const t of tasks) t.ranges.sort((a, b) => a[1] - b[1]);
  const summaries: ChunkSummary[] = new Array(tasks.length);
  let walked = 0;
  const ok = await new Promise<boolean>((resolve) => {
    let next = 0;
    let done = 0;
    let settled = false;
    const settle = (v: boolean) => {
      if (settled) return;
      settled = true;
      resolve(v);
    };
    const give = (w: Worker) => {
      if (next < tasks.length) w.postMessage(tasks[next++]);
      else w.postMessage(null);
    };
    pool.listen((w, m) => {
      if (settled) return;
      if (m.type === "ready") give(w);
      else if (m.type === "progress") {
        walked += m.rows;
        onProgress?.(walked);
      } else if (m.type === "chunk") {
        summaries[m.summary.index] = m.summary;
        if (!m.summary.clean) return settle(false);
        if (++done === tasks.length) return settle(true);
        give(w);
      } else settle(false);
    });
  });
  if (!ok) return null;

  // Stitch: links across chunk boundaries, then roots at the wanted sizes over the chunks to their left.
  const roots = new Map<number, Buffer>();
  const ranges = new Map<string, Buffer>();
  const left = new MerkleFrontier();
  const missingPayloads = { count: 0, firstSeq: null as number | null };
  const rotations: Rotation[] = [];
  let prev = GENESIS_HASH;
  for (const s of summaries) {
    if (s.firstPrev !== prev || s.lastHash === null || s.root === null) return null;
    prev = s.lastHash;
    for (const [size, root] of s.roots) roots.set(size, left.rootWith(Buffer.from(root, "hex")));
    left.push(Buffer.from(s.root, "hex"));
    for (const [start, end, hex] of s.ranges) ranges.set(`${start}:${end}`, Buffer.from(hex, "hex"));
    missingPayloads.count += s.missingPayloads.count;
    missingPayloads.firstSeq ??= s.missingPayloads.firstSeq;
    rotations.push(...s.rotations);
  }
  return { count: max, head: max === 0 ? null : { seq: max, entryHash: prev }, missingPayloads, rotations, roots, ranges, chunk };
}

/**
 * Worker threads started before the walk is planned (decision 039): each loads its TypeScript on start, which then
 * overlaps the main thread's reading of the checkpoints and planning of the proofs. What they say before the walk
 * listens is kept for it; a worker that cannot start or dies says so as an error.
 */
interface WorkerPool {
  threads: Worker[];
  listen(handler: (w: Worker, m: WorkerMessage) => void): void;
  close(): Promise<void>;
}

function startWorkers(file: string, target: DbTarget, count: number): WorkerPool {
  const threads: Worker[] = [];
  const early: Array<[Worker, WorkerMessage]> = [];
  let handler: ((w: Worker, m: WorkerMessage) => void) | null = null;
  const say = (w: Worker, m: WorkerMessage) => (handler ? handler(w, m) : early.push([w, m]));
  for (let k = 0; k < count; k++) {
    // No inherited execArgv: under tsx that is its ESM loader, which each worker would start again (a loader thread
    // and ~150 ms of CPU apiece) though verify-worker.cjs registers the CommonJS hooks it needs itself (decision 039).
    const w = new Worker(file, { workerData: target, execArgv: [], resourceLimits: { maxYoungGenerationSizeMb: 16 } });
    threads.push(w);
    w.on("message", (m: WorkerMessage) => say(w, m));
    // A worker that cannot start or dies costs time, never a verdict: the single-threaded walk follows.
    w.on("error", (err) => say(w, { type: "error", message: err.message }));
    w.on("exit", (code) => {
      if (code !== 0) say(w, { type: "error", message: `exit ${code}` });
    });
  }
  return {
    threads,
    listen(h) {
      handler = h;
      for (const [w, m] of early.splice(0)) h(w, m);
    },
    close: async () => {
      handler = () => {};
      await Promise.all(threads.map((w) => w.terminate()));
    },
  };
}

/** The stored checkpoints; none when the table does not exist (a copy of the entries alone, as some tests make). */
export async function readCheckpointRows(target: DbTarget): Promise<CheckpointRow[]> {
  const sql = "SELECT tree_size, root_hash, origin, key_id, note, created_at FROM ledger_checkpoints ORDER BY tree_size";
  if (target.dialect === "sqlite") {
    const db = sqliteHandle(target.path);
    const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'ledger_checkpoints'").get();
    return exists ? (db.prepare(sql).all() as CheckpointRow[]) : [];
  }
  const pool = pgPool(target.url);
  const exists = (await pool.query<{ t: string | null }>("SELECT to_regclass('ledger_checkpoints')::text AS t")).rows[0].t;
  return exists ? (await pool.query<CheckpointRow>(sql)).rows : [];
}

/** The whole ledger of a database: chain, checkpoints, and (when given) trusted keys and the witness log. */
export async function verifyLedger(target: DbTarget, opts: VerifyOptions = {}): Promise<VerifyResult> {
  const workers = opts.workers ?? availableParallelism();
  const file = workers > 1 ? workerFile() : null;
  const parallelFrom = opts.parallelFrom ?? PARALLEL_FROM;
  const large = (extent: number | null): extent is number => extent !== null && extent > 0 && extent >= parallelFrom;
  // Started first, so they load while the checkpoints are read and the proofs planned (decision 039).
  let pool = file && large(await chainExtent(target)) ? startWorkers(file, target, workers) : null;
  const prepared = await (async () => {
    const checkpoints = opts.checkpoints ?? (await readCheckpointRows(target));
    const walkerOpts = { ...opts, checkpoints, tree: opts.tree ?? (checkpoints.length > 1 ? ledgerTree(target) : undefined) };
    const walker = new LedgerWalker(walkerOpts);
    // Read again after the checkpoints (and the caller's witness log): every size they name is within it.
    return { walkerOpts, walker, max: file ? await chainExtent(target) : null };
  })().catch(async (err: unknown) => {
    // Workers left waiting for tasks would keep the process alive after the error.
    await pool?.close();
    throw err;
  });
  const { walkerOpts, max } = prepared;
  let walker = prepared.walker;
  if (file && large(max)) {
    pool ??= startWorkers(file, target, workers);
    const presigned = walker.presign();
    const walk = await walkInParallel(pool, max, walker, opts.onProgress, opts.parallelChunk).catch(() => null);
    await presigned;
    await pool.close();
    pool = null;
    if (walk) {
      lastPath = "parallel";
      await walker.adopt(walk);
      return finishWalk(target, opts, walker);
    }
    walker = new LedgerWalker(walkerOpts);
  }
  await pool?.close();
  lastPath = "single";
  for await (const batch of scanArrays(target)) {
    for (const r of batch) {
      const reached = walker.push(r);
      if (reached) await reached;
    }
    opts.onProgress?.(walker.result.count);
  }
  return finishWalk(target, opts, walker);
}

async function finishWalk(target: DbTarget, opts: VerifyOptions, walker: LedgerWalker): Promise<VerifyResult> {
  // The witness log was read before the walk; a checkpoint made meanwhile is in it but not in the list read above.
  const late = new Map<number, CheckpointRow>();
  const sizes = walker.witnessOnlySizes();
  if (sizes.length > 0 && opts.checkpoints === undefined) {
    for (const row of await readCheckpointRows(target)) if (sizes.includes(Number(row.tree_size))) late.set(Number(row.tree_size), row);
  }
  return walker.finish(late);
}

function describeRange(r: { from: number; to: number }): string {
  return r.from === r.to ? `seq ${r.from}` : `seq ${r.from}..${r.to}`;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const andMore = (listed: number, total: number) => (total > listed ? `, and ${total - listed} more` : "");

/** The findings as short clauses, most urgent first; empty when there is nothing to report. */
export function describeFindings(r: VerifyResult): string[] {
  const out: string[] = [];
  if (r.outsideChain.count > 0) {
    out.push(
      `${plural(r.outsideChain.count, "row", "rows")} outside the chain at seq <= 0: ${r.outsideChain.seqs.join(", ")}${andMore(r.outsideChain.seqs.length, r.outsideChain.count)}`,
    );
  }
  if (r.gaps.count > 0) {
    const ranges = r.gaps.ranges.map(describeRange).join(", ");
    out.push(
      `${plural(r.gaps.count, "gap", "gaps")} (${plural(r.gaps.missing, "seq", "seqs")} missing): ${ranges}${andMore(r.gaps.ranges.length, r.gaps.count)}`,
    );
  }
  if (r.broken.count > 0) {
    const first = r.broken.first.map((f) => `seq ${f.seq}: ${f.reason}`).join("; ");
    out.push(`${plural(r.broken.count, "row fails", "rows fail")} verification (${first}${andMore(r.broken.first.length, r.broken.count)})`);
  }
  if (r.missingPayloads.count > 0) {
    const what = `${plural(r.missingPayloads.count, "payload", "payloads")} missing against payload_hash (first at seq ${r.missingPayloads.firstSeq})`;
    out.push(r.missingPayloads.allowed ? `${what}, pruning allowed` : what);
  }
  if (r.checkpoints.failed > 0) {
    const first = r.checkpoints.first.map((f) => `${f.reason} [${f.kind}]`).join("; ");
    out.push(
      `${plural(r.checkpoints.failed, "checkpoint fails", "checkpoint findings")} (${first}${andMore(r.checkpoints.first.length, r.checkpoints.failed)})`,
    );
  }
  return out;
}
