// The README.txt every evidence bundle carries: for a recipient who may never have heard of Warden.
import type { Manifest } from "./manifest";

export function bundleReadme(m: Omit<Manifest, "members">, keys: string[]): string {
  const filters = Object.entries(m.filters)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k} = ${String(v)}`);
  const last = m.checkpoints[m.checkpoints.length - 1];
  return `WARDEN EVIDENCE BUNDLE
======================

Made ${m.created_at} by the Warden governance console of ${m.origin}.
Period asked for: ${m.period.from ?? "the beginning"} to ${m.period.to ?? "the time it was made"} (UTC).
Entries: seq ${m.entries.first_seq} to ${m.entries.last_seq} (${m.entries.count} entries, every one in that range).
${m.not_covered ? `Left out: seq ${m.not_covered.first_seq} to ${m.not_covered.last_seq} fall in the period but no signed checkpoint\ncovered them yet when this bundle was made; a later bundle includes them.\n` : ""}Checkpoints: ${m.checkpoints.length}, tree sizes ${m.checkpoints[0]} to ${last}.
Filters (the subset proven one by one): ${filters.length ? filters.join(", ") : "none"} (${m.subset.count} entries).

WHAT IS INSIDE
  manifest.json       what this bundle holds, with the size and SHA-256 of every other file
  entries.ndjson      the ledger entries, one JSON object a line, exactly as stored, in seq order
  checkpoints/*.note  signed checkpoints (C2SP signed-note + tlog-checkpoint text, Ed25519)
  consistency.ndjson  RFC 9162 consistency proofs, each checkpoint to the next
  range-proof.json    inclusion proof of the last entry (seq ${m.entries.last_seq}) in checkpoint ${last}
  proofs.ndjson       inclusion proofs of the entries matching the filters, one JSON object a line
  keys.txt            the public key(s) that signed the checkpoints (name+keyid+base64, Go sumdb note form)

HOW TO VERIFY WITH WARDEN (no database, no network needed)
  npm run warden -- ledger verify --bundle THIS_FILE --trusted-key 'VKEY'
  VKEY is the deployment's published verifier key, obtained from the operator through a channel you trust, NOT
  from keys.txt: a bundle checked only against its own key proves nothing about who signed it.
  Exit 0 means every check below passed; otherwise one line names the seq or checkpoint and what is wrong.

HOW TO VERIFY WITHOUT WARDEN
  1. sha256sum each file and compare with manifest.json.
  2. For each line of entries.ndjson: entry_hash = SHA-256 of the canonical JSON (keys sorted, no whitespace,
     RFC 8785 style) of the object with snake_case keys seq, occurred_at, actor_id, actor_role, action,
     privacy_tier, resource, record_id, purpose, decision, columns_shown, columns_masked, columns_denied (the JSON
     lists as arrays), policy_version, request_id, ip_hash, ua_hash, row_count, disclosed_tier (only when not null),
     payload_hash and prev_hash. payload_hash is SHA-256 of payload when there is one. Each prev_hash equals the
     entry_hash of the line before.
  3. Each checkpoint note: check the Ed25519 signature with the trusted key (Go: golang.org/x/mod/sumdb/note).
     Its body is origin, tree size and base64 root: the RFC 6962 Merkle root over the first <tree size> entries,
     leaf i = SHA-256(0x00 || entry_hash bytes of seq i+1), node = SHA-256(0x01 || left || right).
  4. Check each consistency proof (RFC 9162 section 2.1.4.2) and each inclusion proof (section 2.1.3.2): in a
     proof, "entry" holds the hashed fields, so entry_hash can be recomputed from it.

WHAT IT PROVES
  - Every entry in the range is exactly as the ledger recorded it: the last entry is included in a signed
    checkpoint, and each entry's hash is chained into the next, so no entry in the range was edited, removed,
    inserted or reordered after that checkpoint was signed.
  - The checkpoints extend one another (consistency): the history they sign was only ever appended to.
  - Each entry in proofs.ndjson is in the signed ledger, and no entry of the range that matches the filters lacks
    its proof.

WHAT IT DOES NOT PROVE
  - That the ledger recorded every access that happened: it proves what was recorded was not altered.
  - Anything about entries outside the range, or not yet covered by a checkpoint.
  - Who holds the signing key: trust comes from the key you pass with --trusted-key, and from the witness log
    the operator keeps outside the database.
  - The descriptive fields of manifest.json (period, filters, time made) are not signed; the download of this
    bundle is itself a ledger entry that records this file's SHA-256, which a later checkpoint signs.
${keys.length ? `\nKeys in this bundle (compare with the published key; do not trust them on their own):\n${keys.map((k) => `  ${k}`).join("\n")}\n` : ""}`;
}
