// `warden ledger verify --proof FILE | --bundle FILE [--trusted-key VKEY]`: checks an inclusion proof or an evidence
// bundle on any machine, with no database and no network (docs/decisions/019). Nothing here may open the console
// database: ledger-verify.ts branches here before it reads any setting. Exit 0, or 1 with a one-line reason.
import { readFile } from "node:fs/promises";
import { verifyInclusionProofDoc } from "@/lib/ledger/bundle/offline-proof";
import { verifyEvidenceBundle } from "@/lib/ledger/bundle/verify-bundle";
import { parseFlags, UsageError } from "./args";

/** Whether `ledger verify` was asked to check a file rather than the database. */
export function isOfflineVerify(args: string[]): boolean {
  return args.some((a) => a === "--proof" || a === "--bundle" || a.startsWith("--proof=") || a.startsWith("--bundle="));
}

const UNTRUSTED = " (checked against the key the file itself carries: pass --trusted-key with the published key for evidence)";

export async function ledgerVerifyOffline(args: string[]): Promise<number> {
  const flags = parseFlags(args, { proof: { type: "string" }, bundle: { type: "string" }, "trusted-key": { type: "string" } });
  if ((flags.proof === undefined) === (flags.bundle === undefined)) throw new UsageError("give one of --proof FILE or --bundle FILE");
  const trusted = flags["trusted-key"];
  if (flags.proof !== undefined) {
    let doc: unknown;
    try {
      doc = JSON.parse(await readFile(flags.proof, "utf8"));
    } catch (err) {
      console.error(`proof FAILED (malformed): ${flags.proof} is not a readable JSON file (${(err as Error).message.split("\n")[0]})`);
      return 1;
    }
    const r = verifyInclusionProofDoc(doc, trusted);
    if (!r.ok) {
      console.error(`proof FAILED (${r.kind}): ${r.reason}`);
      return 1;
    }
    console.log(
      `proof ok: seq ${r.seq} is in the signed checkpoint of tree size ${r.treeSize}, key ${r.keyName} ${r.keyId}${r.trusted ? "" : UNTRUSTED}`,
    );
    return 0;
  }
  const r = await verifyEvidenceBundle(flags.bundle!, trusted);
  if (!r.ok) {
    console.error(`bundle FAILED (${r.kind}): ${r.reason}`);
    return 1;
  }
  const m = r.manifest;
  const keys = r.keys.map((k) => `${k.name} ${k.keyId}`).join(", ");
  const left = m.not_covered ? `; seq ${m.not_covered.first_seq}..${m.not_covered.last_seq} left out (no checkpoint yet)` : "";
  console.log(
    `bundle ok: ${r.entries} entries (seq ${m.entries.first_seq}..${m.entries.last_seq}) chained and included in checkpoint ${m.checkpoints[m.checkpoints.length - 1]}, ${r.checkpoints} checkpoint(s) signed and consistent, ${r.proofs} inclusion proof(s), key ${keys}${left}${r.trusted ? "" : UNTRUSTED}`,
  );
  return 0;
}
