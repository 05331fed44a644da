// Key rotation (decision 018) is itself a ledger entry: `ledger.key_rotated` carries the old and the new public key
// and a statement naming both, signed by the old key. verify trusts the new key only through such an entry from a key
// it already trusts. The new key file replaces the old one inside the entry's own transaction, under the ledger's
// lock, so every checkpoint up to the entry is signed by the old key and every one after it by the new.
import { randomUUID } from "node:crypto";
import { existsSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dbTarget } from "@/lib/db/client";
import type { DbTarget } from "@/lib/db/dialect";
import { PRIVATE_FILE_MODE } from "@/lib/core/private-files";
import { makeCheckpoint, type CheckpointSettings, checkpointSettings } from "./checkpoint";
import { ZLedgerDraft } from "./entry";
import { generateSigner, signNote } from "./note";
import { loadSigningKey, signingKeySource, type SigningKeySource } from "./signing-key";
import { ledgerStore } from "./store";
import { KEY_ROTATED_ACTION, rotationStatementText, type KeyRotationPayload } from "./verify";

export interface RotateOptions {
  source?: SigningKeySource;
  target?: DbTarget;
  /** Where the checkpoints before and after the rotation go (defaults from env, with this key source). */
  checkpoints?: CheckpointSettings;
  actor: { id: string | null; role: string };
  requestId?: string;
}

export interface Rotated {
  oldKeyId: string;
  newKeyId: string;
  seq: number;
  newVkey: string;
}

export async function rotateSigningKey(opts: RotateOptions): Promise<Rotated> {
  const source = opts.source ?? signingKeySource();
  const target = opts.target ?? dbTarget();
  if (source.inline) throw new Error("the signing key comes from WARDEN_LEDGER_KEY: rotate it with WARDEN_LEDGER_KEY_FILE instead");
  const settings = opts.checkpoints ?? { ...checkpointSettings(), target, signer: () => loadSigningKey(source) };
  const old = loadSigningKey(source);
  // Everything before the rotation is signed by the key that wrote it.
  await makeCheckpoint(settings);
  const next = generateSigner(old.name);
  const staged = `${source.file}.next`;
  writeFileSync(staged, `${next.skey}\n`, { mode: PRIVATE_FILE_MODE });
  const payload: KeyRotationPayload = {
    old_key_id: old.keyId,
    new_key_id: next.keyId,
    old_vkey: old.vkey,
    new_vkey: next.vkey,
    statement: signNote(rotationStatementText(old.vkey, next.vkey), old),
  };
  const draft = ZLedgerDraft.parse({
    actorId: opts.actor.id,
    actorRole: opts.actor.role,
    action: KEY_ROTATED_ACTION,
    privacyTier: "none",
    resource: "ledger:signing-key",
    recordId: next.keyId,
    purpose: "Checkpoint signing key rotated",
    decision: "allow",
    requestId: opts.requestId ?? `cli:${randomUUID()}`,
    payload: { ...payload },
  });
  const swap = () => renameSync(staged, source.file);
  try {
    const [entry] = await ledgerStore(target).append([draft], { sqlite: swap, pg: async () => swap() });
    // The new key's first checkpoint covers the rotation itself.
    await makeCheckpoint(settings);
    return { oldKeyId: old.keyId, newKeyId: next.keyId, seq: entry.seq, newVkey: next.vkey };
  } finally {
    if (existsSync(staged)) rmSync(staged);
  }
}
