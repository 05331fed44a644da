// The inclusion proof as a file (`ledger prove`, and each proof inside an evidence bundle) and its offline check.
// Pure: no database, no network, no key but the one passed in, so `ledger verify --proof` runs on any machine.
// The holder recomputes everything: entry_hash from the entry's fields, the leaf hash, the root via the audit path,
// and checks that root against a checkpoint whose signature the key verifies (docs/decisions/019).
import { z } from "zod";
import { canonicalJson } from "@/lib/core/canonical-json";
import { sha256Hex } from "@/lib/core/hash";
import { leafHash, rootFromInclusionProof } from "../merkle";
import { noteSignedBy, parseCheckpoint, parseNote, parseVerifierKey, type Verifier } from "../note";

export const PROOF_FORMAT = "warden.ledger.inclusion-proof";
export const PROOF_VERSION = 1;

const ZHex32 = z.string().regex(/^[0-9a-f]{64}$/, "must be 64 lowercase hex digits");

export const ZInclusionProof = z.object({
  format: z.literal(PROOF_FORMAT),
  version: z.literal(PROOF_VERSION),
  seq: z.number().int().min(1),
  leaf_index: z.number().int().min(0),
  entry_hash: ZHex32,
  /** Exactly the fields entry_hash is computed over (snake_case, as canonicalEntry writes them). */
  entry: z.record(z.string(), z.unknown()),
  tree_size: z.number().int().min(1),
  root_hash: ZHex32,
  /** The checkpoint's signed note, verbatim (C2SP signed-note around a C2SP tlog-checkpoint body). */
  checkpoint: z.string().min(1),
  /** RFC 9162 inclusion path, leaf to root, each node as hex. */
  audit_path: z.array(ZHex32).max(64),
  /** The key that signed the checkpoint, as published (`name+keyid+base64`); null when the server does not know it. */
  vkey: z.string().nullable(),
});
export type InclusionProofDoc = z.infer<typeof ZInclusionProof>;

export type ProofCheck =
  { ok: true; seq: number; treeSize: number; keyId: string; keyName: string; trusted: boolean } | { ok: false; kind: ProofFailure; reason: string };

/** What went wrong, in the words of issue 7: an edited entry, a path or root that does not lead where it claims,
 * a checkpoint whose signature does not verify (forged, or signed by another key), or a file that is not a proof. */
export type ProofFailure = "malformed" | "edited" | "bad_path" | "root_mismatch" | "forged_checkpoint" | "no_key";

const fail = (kind: ProofFailure, reason: string): ProofCheck => ({ ok: false, kind, reason });

/** The verifier to check against: the trusted key when given (what an auditor got from elsewhere), else the proof's own. */
export function pickVerifier(trustedVkey: string | undefined, ownVkey: string | null): Verifier | string {
  const text = trustedVkey ?? ownVkey;
  if (!text) return "the proof names no key: pass --trusted-key with the deployment's published verifier key";
  try {
    return parseVerifierKey(text);
  } catch (err) {
    return `${trustedVkey ? "--trusted-key" : "the proof's vkey"} is not a verifier key: ${(err as Error).message}`;
  }
}

/** Checks a signed checkpoint note against a key: the body it signs, or why not. */
export function checkSignedCheckpoint(
  noteText: string,
  verifier: Verifier,
): { ok: true; treeSize: number; rootHash: Buffer; origin: string } | { ok: false; kind: "malformed" | "forged_checkpoint"; reason: string } {
  let note;
  let body;
  try {
    note = parseNote(noteText);
    body = parseCheckpoint(note.text);
  } catch (err) {
    return { ok: false, kind: "malformed", reason: `the checkpoint is not a signed checkpoint note: ${(err as Error).message}` };
  }
  if (!noteSignedBy(note, verifier)) {
    const by = note.signatures.map((s) => `${s.name} ${s.keyId}`).join(", ");
    return {
      ok: false,
      kind: "forged_checkpoint",
      reason: `checkpoint ${body.treeSize}: no valid signature by key ${verifier.name} ${verifier.keyId} (signed as ${by}): forged checkpoint or another key`,
    };
  }
  return { ok: true, treeSize: body.treeSize, rootHash: body.rootHash, origin: body.origin };
}

/** Recomputes entry_hash from the entry's fields; null when it matches. */
export function entryHashMismatch(entry: Record<string, unknown>, entryHash: string): string | null {
  let computed: string;
  try {
    computed = sha256Hex(canonicalJson(entry));
  } catch (err) {
    return `the entry's fields cannot be serialised: ${(err as Error).message}`;
  }
  return computed === entryHash ? null : "the entry's fields do not hash to its entry_hash";
}

/** Checks a parsed or raw proof with no database and no network. */
export function verifyInclusionProofDoc(input: unknown, trustedVkey?: string): ProofCheck {
  const parsed = ZInclusionProof.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail("malformed", `not a Warden inclusion proof: ${issue?.path.join(".") || "(root)"}: ${issue?.message ?? "invalid"}`);
  }
  const p = parsed.data;
  if (p.entry.seq !== p.seq) return fail("edited", `seq ${p.seq}: the entry's fields say seq ${JSON.stringify(p.entry.seq)}`);
  if (p.leaf_index !== p.seq - 1) return fail("malformed", `seq ${p.seq}: leaf_index must be seq - 1 (${p.seq - 1}), not ${p.leaf_index}`);
  const edited = entryHashMismatch(p.entry, p.entry_hash);
  if (edited) return fail("edited", `seq ${p.seq}: ${edited} (edited entry)`);
  const root = rootFromInclusionProof(
    p.leaf_index,
    p.tree_size,
    leafHash(p.entry_hash),
    p.audit_path.map((h) => Buffer.from(h, "hex")),
  );
  if (!root || root.toString("hex") !== p.root_hash) {
    return fail(
      "bad_path",
      `seq ${p.seq}: the audit path does not lead from the entry to root ${p.root_hash.slice(0, 16)}… of tree size ${p.tree_size}`,
    );
  }
  const verifier = pickVerifier(trustedVkey, p.vkey);
  if (typeof verifier === "string") return fail("no_key", verifier);
  const signed = checkSignedCheckpoint(p.checkpoint, verifier);
  if (!signed.ok) return fail(signed.kind, signed.reason);
  if (signed.treeSize !== p.tree_size || signed.rootHash.toString("hex") !== p.root_hash) {
    return fail(
      "root_mismatch",
      `seq ${p.seq}: the proof's tree size ${p.tree_size} and root differ from the signed checkpoint's (${signed.treeSize}, ${signed.rootHash.toString("hex").slice(0, 16)}…)`,
    );
  }
  return { ok: true, seq: p.seq, treeSize: p.tree_size, keyId: verifier.keyId, keyName: verifier.name, trusted: trustedVkey !== undefined };
}
