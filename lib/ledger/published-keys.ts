// The verifier keys this deployment publishes: what proofs and evidence bundles hand to their holder, so they can
// check checkpoint signatures without Warden. The ONE place app code learns a public key (docs/decisions/019).
// MERGE NOTE (issue 7): until the checkpoint slice's key module lands, the keys are read from a plain list in the
// data directory (one vkey a line, written by the test helper that signs test checkpoints). At merge, the body
// becomes: the signing key file's vkey plus every earlier key named by a key-rotation entry; the signature stays.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { env } from "@/lib/core/env";
import { parseVerifierKey, type Verifier } from "./note";

/** Where the stand-in list lives until the key module lands (test helpers append to it). */
export function publishedKeysFile(): string {
  return path.join(env().dataDir, "ledger-verifier-keys.txt");
}

/** Every key that may have signed a checkpoint of this ledger, newest last; unparsable lines are skipped. */
export async function publishedVerifierKeys(): Promise<Verifier[]> {
  const file = publishedKeysFile();
  if (!existsSync(file)) return [];
  const out: Verifier[] = [];
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (!line.trim()) continue;
    try {
      const v = parseVerifierKey(line);
      if (!out.some((k) => k.vkey === v.vkey)) out.push(v);
    } catch {
      // A stray line is not a key; the checkpoints it cannot vouch for fail verification by name instead.
    }
  }
  return out;
}

/** The published key with this name and key id (as a signed note's signature line names it), or null. */
export async function publishedVerifierKey(name: string, keyId: string): Promise<Verifier | null> {
  return (await publishedVerifierKeys()).find((k) => k.name === name && k.keyId === keyId) ?? null;
}
