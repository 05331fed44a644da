// Checks an evidence bundle with no database and no network (issue 7 §3): the manifest's hashes, every entry's hash
// and the chain across the range, every checkpoint's signature, consistency from each checkpoint to the next, that
// the range's last entry (hence, through the chain, every entry before it) is in the covering checkpoint, and every
// subset proof, which must also be complete for the bundle's filters. Streams entries.ndjson from the file.
import { createInterface } from "node:readline";
import { checkRow } from "../check-row";
import { GENESIS_HASH } from "../entry";
import { verifyConsistency } from "../merkle";
import { parseNote, parseVerifierKey, type Verifier } from "../note";
import { LEDGER_COLUMNS, type LedgerRow } from "../row";
import { matchesFilters } from "./filters";
import { CHECKPOINT_MEMBER, checkpointMember, MEMBERS, ZConsistencyLine, ZManifest, type Manifest } from "./manifest";
import { checkSignedCheckpoint, verifyInclusionProofDoc, ZInclusionProof } from "./offline-proof";
import { indexTar, memberSha256, memberStream, memberText, type TarMember } from "./ustar";

/** edited: content changed; missing: entries or members gone; reordered: entries out of seq order; forged_checkpoint:
 * a signature that does not verify; inconsistent: checkpoints that do not extend each other; not_included: the range
 * is not under its checkpoint; proof: a subset proof fails or is missing; malformed: not a bundle / manifest drift. */
export type BundleFailureKind =
  "malformed" | "manifest" | "edited" | "missing" | "reordered" | "forged_checkpoint" | "inconsistent" | "not_included" | "proof";

export type BundleCheck =
  | {
      ok: true;
      manifest: Manifest;
      entries: number;
      checkpoints: number;
      proofs: number;
      keys: Array<{ name: string; keyId: string }>;
      /** False when checked only against the bundle's own keys.txt. */
      trusted: boolean;
    }
  | { ok: false; kind: BundleFailureKind; reason: string };

class BundleFailure extends Error {
  constructor(
    readonly kind: BundleFailureKind,
    message: string,
  ) {
    super(message);
  }
}
const bad = (kind: BundleFailureKind, reason: string): never => {
  throw new BundleFailure(kind, reason);
};

async function* lines(file: string, m: TarMember): AsyncIterable<string> {
  const rl = createInterface({ input: memberStream(file, m), crlfDelay: Infinity });
  for await (const line of rl) if (line !== "") yield line;
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return bad("malformed", `${where} is not JSON`);
  }
}

export async function verifyEvidenceBundle(file: string, trustedVkey?: string): Promise<BundleCheck> {
  try {
    return await check(file, trustedVkey);
  } catch (err) {
    if (err instanceof BundleFailure) return { ok: false, kind: err.kind, reason: err.message };
    return { ok: false, kind: "malformed", reason: (err as Error).message.split("\n")[0] };
  }
}

async function check(file: string, trustedVkey?: string): Promise<BundleCheck> {
  // 1. The file and its manifest: every member listed with the right size and sha256, nothing unlisted.
  const index = await indexTar(file);
  const byName = new Map<string, TarMember>();
  for (const m of index) {
    if (byName.has(m.name)) bad("malformed", `member ${m.name} appears twice`);
    byName.set(m.name, m);
  }
  const manifestMember = byName.get(MEMBERS.manifest) ?? bad("missing", `no ${MEMBERS.manifest}: not a Warden evidence bundle`);
  const parsed = ZManifest.safeParse(parseJson(await memberText(file, manifestMember), MEMBERS.manifest));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    bad("manifest", `${MEMBERS.manifest}: ${issue?.path.join(".") || "(root)"}: ${issue?.message ?? "invalid"}`);
  }
  const manifest = parsed.data!;
  const listed = new Set(manifest.members.map((m) => m.name));
  for (const m of index) if (m.name !== MEMBERS.manifest && !listed.has(m.name)) bad("manifest", `member ${m.name} is not listed in the manifest`);
  for (const want of manifest.members) {
    const m = byName.get(want.name) ?? bad("missing", `member ${want.name} listed in the manifest is missing`);
    if (m.size !== want.size || (await memberSha256(file, m)) !== want.sha256) {
      bad("manifest", `member ${want.name} does not match its sha256 in the manifest (edited)`);
    }
  }
  const member = (name: string) => byName.get(name) ?? bad("missing", `member ${name} is missing`);
  for (const name of Object.values(MEMBERS)) member(name);
  const bundled = new Set(index.filter((m) => CHECKPOINT_MEMBER.test(m.name)).map((m) => Number(CHECKPOINT_MEMBER.exec(m.name)![1])));
  for (const size of manifest.checkpoints) if (!bundled.delete(size)) bad("missing", `checkpoint ${size} listed in the manifest is missing`);
  if (bundled.size) bad("manifest", `checkpoint ${[...bundled][0]} is not listed in the manifest`);

  // 2. Keys: the trusted key alone when given, else the bundle's own (worth less, and the result says so).
  let verifiers: Verifier[];
  if (trustedVkey !== undefined) {
    try {
      verifiers = [parseVerifierKey(trustedVkey)];
    } catch (err) {
      return bad("malformed", `--trusted-key is not a verifier key: ${(err as Error).message}`);
    }
  } else {
    verifiers = [];
    for (const line of (await memberText(file, member(MEMBERS.keys))).split("\n")) {
      if (!line.trim()) continue;
      try {
        verifiers.push(parseVerifierKey(line));
      } catch (err) {
        bad("malformed", `${MEMBERS.keys}: ${(err as Error).message}`);
      }
    }
    if (verifiers.length === 0) bad("missing", `${MEMBERS.keys} holds no key; pass --trusted-key`);
  }

  // 3. Checkpoints: each signed by a key we trust, naming its own tree size, one origin, ascending.
  const checkpoints: Array<{ size: number; root: Buffer; note: string; verifier: Verifier }> = [];
  for (const size of manifest.checkpoints) {
    const note = await memberText(file, member(checkpointMember(size)), 1 << 20);
    let sigs: ReturnType<typeof parseNote>["signatures"];
    try {
      sigs = parseNote(note).signatures;
    } catch (err) {
      return bad("malformed", `checkpoint ${size}: ${(err as Error).message}`);
    }
    const verifier = verifiers.find((v) => sigs.some((s) => s.name === v.name && s.keyId === v.keyId)) ?? verifiers[0];
    const signed = checkSignedCheckpoint(note, verifier);
    if (!signed.ok) return bad(signed.kind, signed.reason.startsWith("checkpoint") ? signed.reason : `checkpoint ${size}: ${signed.reason}`);
    if (signed.treeSize !== size) bad("manifest", `checkpoint ${size}: its signed tree size is ${signed.treeSize}`);
    if (signed.origin !== manifest.origin)
      bad("forged_checkpoint", `checkpoint ${size}: origin ${JSON.stringify(signed.origin)} is not the bundle's ${JSON.stringify(manifest.origin)}`);
    const prev = checkpoints[checkpoints.length - 1];
    if (prev && prev.size >= size) bad("manifest", `checkpoint ${size} is listed after checkpoint ${prev.size}`);
    checkpoints.push({ size, root: signed.rootHash, note, verifier });
  }

  // 4. Consistency: each checkpoint's tree is a prefix of the next one's.
  const consistency = new Map<string, string[]>();
  for await (const line of lines(file, member(MEMBERS.consistency))) {
    const c = ZConsistencyLine.safeParse(parseJson(line, MEMBERS.consistency));
    if (!c.success) return bad("malformed", `${MEMBERS.consistency}: a line is not a consistency proof`);
    consistency.set(`${c.data.from}-${c.data.to}`, c.data.path);
  }
  for (let i = 1; i < checkpoints.length; i++) {
    const [a, b] = [checkpoints[i - 1], checkpoints[i]];
    const path = consistency.get(`${a.size}-${b.size}`) ?? bad("missing", `no consistency proof from checkpoint ${a.size} to ${b.size}`);
    if (
      !verifyConsistency(
        a.size,
        b.size,
        a.root,
        b.root,
        path.map((h) => Buffer.from(h, "hex")),
      )
    ) {
      bad("inconsistent", `checkpoint ${b.size} does not extend checkpoint ${a.size}: the consistency proof fails (rewritten history)`);
    }
  }
  const covering = checkpoints[checkpoints.length - 1];
  if (covering.size < manifest.entries.last_seq) bad("not_included", `no checkpoint covers the last entry, seq ${manifest.entries.last_seq}`);

  const checkProof = (raw: unknown, where: string) => {
    const p = ZInclusionProof.safeParse(raw);
    if (!p.success) return bad("malformed", `${where}: not an inclusion proof`);
    const cp =
      checkpoints.find((c) => c.note === p.data.checkpoint) ??
      bad("proof", `${where} (seq ${p.data.seq}): its checkpoint is not one of the bundle's`);
    const r = verifyInclusionProofDoc(p.data, cp.verifier.vkey);
    if (!r.ok) bad(r.kind === "edited" ? "edited" : "proof", `${where}: ${r.reason}`);
    return p.data;
  };

  // 5. The range proof: the last entry is in the covering checkpoint.
  const rangeProof = checkProof(parseJson(await memberText(file, member(MEMBERS.rangeProof)), MEMBERS.rangeProof), MEMBERS.rangeProof);
  if (rangeProof.seq !== manifest.entries.last_seq)
    bad("not_included", `${MEMBERS.rangeProof} proves seq ${rangeProof.seq}, not the last entry ${manifest.entries.last_seq}`);
  if (rangeProof.tree_size !== covering.size)
    bad("not_included", `${MEMBERS.rangeProof} is against checkpoint ${rangeProof.tree_size}, not ${covering.size}`);

  // 6. Subset proofs, kept by seq (bounded: the builder caps the subset) to match against the entries.
  const proven = new Map<number, string>();
  let n = 0;
  for await (const line of lines(file, member(MEMBERS.proofs))) {
    const p = checkProof(parseJson(line, `${MEMBERS.proofs} line ${++n}`), `${MEMBERS.proofs} line ${n}`);
    if (p.seq < manifest.entries.first_seq || p.seq > manifest.entries.last_seq)
      bad("proof", `the proof of seq ${p.seq} is outside the bundle's range`);
    proven.set(p.seq, p.entry_hash);
  }

  // 7. The entries: contiguous from first_seq, each hash right, each linked to the one before.
  let expected = manifest.entries.first_seq;
  let prevHash: string | null = expected === 1 ? GENESIS_HASH : null;
  let lastSeen = expected - 1;
  let count = 0;
  let lineNo = 0;
  // A gap is reported once the walk ends: the missing seq may still turn up further on, which is a reordering.
  let gap: { from: number; to: number } | null = null;
  for await (const line of lines(file, member(MEMBERS.entries))) {
    lineNo++;
    const row = parseJson(line, `${MEMBERS.entries} line ${lineNo}`) as LedgerRow;
    if (!row || typeof row !== "object" || !LEDGER_COLUMNS.every((c) => c in row))
      bad("malformed", `${MEMBERS.entries} line ${lineNo} is not a ledger entry`);
    const seq = Number(row.seq);
    if (!Number.isSafeInteger(seq)) bad("edited", `${MEMBERS.entries} line ${lineNo}: seq ${JSON.stringify(row.seq)} is not a whole number`);
    if (seq < expected) {
      bad(
        "reordered",
        `seq ${seq}: appears after seq ${lastSeen} (${gap && seq >= gap.from && seq <= gap.to ? "entries reordered" : "entry repeated or reordered"})`,
      );
    }
    if (seq > expected) {
      gap ??= { from: expected, to: seq - 1 };
      prevHash = null; // its predecessor is not where it should be; the gap is the finding
    }
    const problem = checkRow(row, prevHash);
    if (problem) {
      // A broken link means the entry before it is not the one this entry was chained to: reordered or replaced.
      const kind = problem.kind === "reordered" || problem.reason.startsWith("prev_hash") ? "reordered" : "edited";
      bad(kind, `seq ${seq}: ${problem.reason} (${kind === "edited" ? "edited entry" : "entry reordered or its predecessor replaced"})`);
    }
    const provenHash = proven.get(seq);
    if (provenHash !== undefined && provenHash !== row.entry_hash)
      bad("edited", `seq ${seq}: the entry differs from the one its inclusion proof proves (edited)`);
    if (provenHash === undefined && matchesFilters(row, manifest.filters)) {
      bad("proof", `seq ${seq} matches the bundle's filters but its inclusion proof is missing`);
    }
    prevHash = String(row.entry_hash);
    lastSeen = seq;
    expected = seq + 1;
    count++;
  }
  if (gap)
    bad("missing", `seq ${gap.from}${gap.to > gap.from ? `..${gap.to}` : ""} missing (the entries jump from seq ${gap.from - 1} to ${gap.to + 1})`);
  if (lastSeen < manifest.entries.last_seq) {
    bad("missing", `seq ${lastSeen + 1}..${manifest.entries.last_seq} missing (entries.ndjson ends at seq ${lastSeen}, truncated)`);
  }
  if (lastSeen > manifest.entries.last_seq) bad("manifest", `entries.ndjson goes on past the manifest's last seq ${manifest.entries.last_seq}`);
  if (count !== manifest.entries.count) bad("manifest", `the manifest counts ${manifest.entries.count} entries; entries.ndjson holds ${count}`);
  if (prevHash !== rangeProof.entry_hash) {
    bad("not_included", `seq ${manifest.entries.last_seq}: the last entry is not the one checkpoint ${covering.size} includes (edited or replaced)`);
  }
  if (proven.size !== manifest.subset.count)
    bad("manifest", `the manifest counts ${manifest.subset.count} proofs; proofs.ndjson holds ${proven.size}`);

  return {
    ok: true,
    manifest,
    entries: count,
    checkpoints: checkpoints.length,
    proofs: proven.size,
    keys: [...new Map(checkpoints.map((c) => [c.verifier.vkey, { name: c.verifier.name, keyId: c.verifier.keyId }])).values()],
    trusted: trustedVkey !== undefined,
  };
}
