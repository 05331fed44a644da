// Builds an evidence bundle (issue 7 §3) into a file: the period's entries streamed to disk in batches (memory stays
// flat whatever the period's size), the checkpoints that cover them, consistency proofs between them, the last
// entry's inclusion proof, proofs for the filtered subset, the keys, a README and a manifest, packed as ustar.
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { once } from "node:events";
import { z } from "zod";
import { AppError } from "@/lib/core/errors";
import { now } from "@/lib/core/clock";
import type { DbTarget } from "@/lib/db/dialect";
import { queryRaw } from "@/lib/db/raw";
import { consistencyProof } from "../merkle";
import { parseCheckpoint, parseNote } from "../note";
import { checkpointCovering, checkpointsBetween, newestCheckpointSize, proofFor, readLedgerRow, type StoredCheckpoint } from "../proofs";
import { publishedVerifierKey } from "../published-keys";
import type { LedgerRow } from "../row";
import { COLS } from "../store";
import { ledgerTree } from "../tree";
import { matchesFilters, ZBundleFilters, type BundleFilters } from "./filters";
import { BUNDLE_FORMAT, BUNDLE_VERSION, checkpointMember, MEMBERS, type Manifest } from "./manifest";
import { bundleReadme } from "./readme";
import { writeTar } from "./ustar";

/** More proofs than this in one bundle: the filter is too broad to be a question about particular entries. */
export const MAX_SUBSET = 10_000;
const BATCH = 2_000;

const ZInstant = z
  .string()
  .trim()
  .min(1)
  .refine((s) => /^\d{4}-\d{2}-\d{2}/.test(s) && !Number.isNaN(Date.parse(s)), "must be an ISO-8601 date or time (UTC unless it says otherwise)")
  .transform((s) => new Date(/[zZ]|[+-]\d{2}:?\d{2}$/.test(s) || s.length === 10 ? s : `${s}Z`).toISOString());

export const ZBundleRequest = z
  .object({ from: ZInstant.optional(), to: ZInstant.optional() })
  .extend(ZBundleFilters.shape)
  .refine((r) => !r.from || !r.to || r.from <= r.to, { message: "must not be before from", path: ["to"] });
export type BundleRequest = z.input<typeof ZBundleRequest>;

export interface BuiltBundle {
  file: string;
  sha256: string;
  size: number;
  manifest: Omit<Manifest, "members">;
}

/** The contiguous seq range whose ends fall in the period; null when no entry does. */
async function seqRange(target: DbTarget, from?: string, to?: string): Promise<{ first: number; last: number } | null> {
  const [lo] = await queryRaw<{ n: number | null }>(
    target,
    `SELECT MIN(seq) AS n FROM ledger_entries WHERE seq >= 1${from ? " AND occurred_at >= ?" : ""}`,
    from ? [from] : [],
  );
  const [hi] = await queryRaw<{ n: number | null }>(
    target,
    `SELECT MAX(seq) AS n FROM ledger_entries WHERE seq >= 1${to ? " AND occurred_at <= ?" : ""}`,
    to ? [to] : [],
  );
  if (lo?.n == null || hi?.n == null || Number(lo.n) > Number(hi.n)) return null;
  return { first: Number(lo.n), last: Number(hi.n) };
}

async function* rowsBetween(target: DbTarget, first: number, last: number): AsyncIterable<LedgerRow> {
  let after = first - 1;
  while (after < last) {
    const rows = await queryRaw<LedgerRow>(target, `SELECT ${COLS} FROM ledger_entries WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ${BATCH}`, [
      after,
      last,
    ]);
    if (rows.length === 0) return;
    yield* rows;
    after = Number(rows[rows.length - 1].seq);
  }
}

/** Writes `lines` (strings without newline) to `file`, in chunks of about 256 KiB: one write per line would wait
 * for the disk every few dozen rows. */
async function writeLines(file: string, lines: AsyncIterable<string> | Iterable<string>): Promise<void> {
  const out = createWriteStream(file, { mode: 0o600, highWaterMark: 1 << 20 });
  let chunk: string[] = [];
  let size = 0;
  const flush = async () => {
    if (chunk.length === 0) return;
    const ok = out.write(chunk.join(""));
    chunk = [];
    size = 0;
    if (!ok) await once(out, "drain");
  };
  for await (const line of lines) {
    chunk.push(line, "\n");
    size += line.length + 1;
    if (size >= 256 * 1024) await flush();
  }
  await flush();
  out.end();
  await once(out, "finish");
}

async function sha256File(file: string): Promise<string> {
  const digest = createHash("sha256");
  for await (const chunk of createReadStream(file)) digest.update(chunk as Buffer);
  return digest.digest("hex");
}

/** The published vkeys of every key that signed one of `checkpoints`; throws naming a checkpoint whose key is unknown. */
async function signingKeys(checkpoints: StoredCheckpoint[]): Promise<string[]> {
  const keys = new Map<string, string>();
  for (const c of checkpoints) {
    for (const s of parseNote(c.note).signatures) {
      const id = `${s.name}+${s.keyId}`;
      if (keys.has(id)) continue;
      const v = await publishedVerifierKey(s.name, s.keyId);
      if (!v)
        throw new AppError(
          "unavailable",
          `The key ${s.name} ${s.keyId} that signed checkpoint ${c.treeSize} is not published, so no one could check it`,
        );
      keys.set(id, v.vkey);
    }
  }
  return [...keys.values()];
}

/**
 * Builds the bundle of `request` into `outFile` (a temp file when omitted). Throws AppError (422) when the period
 * holds no entry or no signed checkpoint covers it yet; entries after the newest checkpoint are left out and named.
 */
export async function buildEvidenceBundle(target: DbTarget, request: BundleRequest, outFile?: string): Promise<BuiltBundle> {
  const req = ZBundleRequest.parse(request);
  const filters: BundleFilters = ZBundleFilters.parse(req);
  const range = await seqRange(target, req.from, req.to);
  if (!range) throw new AppError("validation_failed", "No ledger entries in this period", { field: "from" });

  let covering = await checkpointCovering(target, range.last);
  let last = range.last;
  let notCovered: Manifest["not_covered"] = null;
  if (!covering) {
    const newest = await newestCheckpointSize(target);
    if (newest < range.first) {
      throw new AppError(
        "validation_failed",
        `No signed checkpoint covers this period yet (entries from seq ${range.first}; ${newest ? `the newest checkpoint covers up to seq ${newest}` : "there is no checkpoint yet"}). The next checkpoint will; try again then.`,
        { field: "to" },
      );
    }
    notCovered = { first_seq: newest + 1, last_seq: range.last };
    last = newest;
    covering = (await checkpointCovering(target, newest))!;
  }
  const checkpoints = await checkpointsBetween(target, range.first, covering.treeSize);
  const keys = await signingKeys(checkpoints);
  const coveringNote = parseNote(covering.note);
  const origin = parseCheckpoint(coveringNote.text).origin;
  const signer = coveringNote.signatures[0];
  const coveringVkey = keys.find((k) => k.startsWith(`${signer.name}+${signer.keyId}+`)) ?? null;

  const dir = await mkdtemp(path.join(os.tmpdir(), "warden-bundle-"));
  try {
    const at = (name: string) => path.join(dir, name.replace(/\//g, "__"));
    // Entries, streamed; the subset's seqs are remembered (bounded by MAX_SUBSET) for their proofs.
    const subset: number[] = [];
    let count = 0;
    let lastRow: LedgerRow | null = null;
    await writeLines(
      at(MEMBERS.entries),
      (async function* () {
        for await (const row of rowsBetween(target, range.first, last)) {
          count++;
          lastRow = row;
          if (matchesFilters(row, filters)) {
            if (subset.length >= MAX_SUBSET) {
              throw new AppError("validation_failed", `The filters match more than ${MAX_SUBSET} entries in this period; narrow them or the period`, {
                field: "from",
              });
            }
            subset.push(Number(row.seq));
          }
          yield JSON.stringify(row);
        }
      })(),
    );
    if (!lastRow || count !== last - range.first + 1) {
      throw new AppError("conflict", `The ledger holds ${count} of the entries ${range.first}..${last}; run \`npm run warden -- ledger verify\``);
    }
    const tree = ledgerTree(target);
    await writeFile(at(MEMBERS.rangeProof), JSON.stringify(await proofFor(target, lastRow, covering, coveringVkey), null, 2) + "\n", { mode: 0o600 });
    await writeLines(
      at(MEMBERS.proofs),
      (async function* () {
        for (const seq of subset) {
          const row = (await readLedgerRow(target, seq))!;
          yield JSON.stringify(await proofFor(target, row, covering, coveringVkey));
        }
      })(),
    );
    await writeLines(
      at(MEMBERS.consistency),
      (async function* () {
        for (let i = 1; i < checkpoints.length; i++) {
          const [a, b] = [checkpoints[i - 1].treeSize, checkpoints[i].treeSize];
          const proof = await consistencyProof(tree, a, b);
          yield JSON.stringify({ from: a, to: b, path: proof.map((h) => h.toString("hex")) });
        }
      })(),
    );
    for (const c of checkpoints) await writeFile(at(checkpointMember(c.treeSize)), c.note, { mode: 0o600 });
    await writeFile(at(MEMBERS.keys), keys.map((k) => k + "\n").join(""), { mode: 0o600 });

    const createdAt = now();
    const manifest: Omit<Manifest, "members"> = {
      format: BUNDLE_FORMAT,
      version: BUNDLE_VERSION,
      created_at: createdAt.toISOString(),
      origin,
      period: { from: req.from ?? null, to: req.to ?? null },
      filters,
      entries: { first_seq: range.first, last_seq: last, count },
      not_covered: notCovered,
      checkpoints: checkpoints.map((c) => c.treeSize),
      subset: { count: subset.length },
    };
    await writeFile(at(MEMBERS.readme), bundleReadme(manifest, keys), { mode: 0o600 });

    const names = [
      MEMBERS.readme,
      MEMBERS.keys,
      ...checkpoints.map((c) => checkpointMember(c.treeSize)),
      MEMBERS.consistency,
      MEMBERS.rangeProof,
      MEMBERS.proofs,
      MEMBERS.entries,
    ];
    const members: Manifest["members"] = [];
    for (const name of names) members.push({ name, size: (await stat(at(name))).size, sha256: await sha256File(at(name)) });
    await writeFile(at(MEMBERS.manifest), JSON.stringify({ ...manifest, members }, null, 2) + "\n", { mode: 0o600 });

    const file = outFile ?? path.join(os.tmpdir(), `warden-bundle-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.tar`);
    const { sha256, size } = await writeTar(
      file,
      [MEMBERS.manifest, ...names].map((name) => ({ name, file: at(name) })),
      createdAt,
    );
    return { file, sha256, size, manifest };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
