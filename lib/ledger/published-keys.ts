// The verifier keys this deployment publishes: what proofs and evidence bundles hand to their holder, so they can
// check checkpoint signatures without Warden. The ONE place app code learns a public key (docs/decisions/019): the
// current signing key's public half (decision 018; never generated here) and every key a `ledger.key_rotated` entry
// names, old and new, so checkpoints signed before a rotation still name a key the holder can look up. Which of them
// to TRUST is the holder's call (`--trusted-key`); this list only says which keys signed.
import { getDb } from "@/lib/db/client";
import { parseVerifierKey, type Verifier } from "./note";
import { loadSigningKey, signingKeySource } from "./signing-key";
import { KEY_ROTATED_ACTION } from "./verify";

/** Every key that may have signed a checkpoint of this ledger, oldest first. */
export async function publishedVerifierKeys(): Promise<Verifier[]> {
  const out: Verifier[] = [];
  const add = (vkey: unknown) => {
    if (typeof vkey !== "string") return;
    try {
      const v = parseVerifierKey(vkey);
      if (!out.some((k) => k.vkey === v.vkey)) out.push(v);
    } catch {
      // Not a key: checkpoints it cannot vouch for fail verification by name instead.
    }
  };
  const rotations = await getDb().ledgerEntry.findMany({
    where: { action: KEY_ROTATED_ACTION, seq: { gte: 1 } },
    orderBy: { seq: "asc" },
    select: { payload: true },
  });
  for (const r of rotations) {
    try {
      const p = JSON.parse(r.payload ?? "null") as { old_vkey?: unknown; new_vkey?: unknown } | null;
      add(p?.old_vkey);
      add(p?.new_vkey);
    } catch {
      // A pruned or unreadable payload names no key.
    }
  }
  try {
    add(loadSigningKey({ ...signingKeySource(), generate: false }).vkey);
  } catch {
    // No key configured here (a reader-only instance): the rotation entries are all we can name.
  }
  return out;
}

/** The published key with this name and key id (as a signed note's signature line names it), or null. */
export async function publishedVerifierKey(name: string, keyId: string): Promise<Verifier | null> {
  return (await publishedVerifierKeys()).find((k) => k.name === name && k.keyId === keyId) ?? null;
}
