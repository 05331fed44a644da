// Verification as the deployment is configured (decision 018): the chain and the checkpoints from the database,
// the trust anchor (--trusted-key, else the public half of the configured signing key) and the witness log from the
// environment. The CLI and the console's verification runs (lib/verification) both come through here.
import { env } from "@/lib/core/env";
import { AppError } from "@/lib/core/errors";
import { dbTarget } from "@/lib/db/client";
import type { DbTarget } from "@/lib/db/dialect";
import { parseVerifierKey, type Verifier } from "./note";
import { loadSigningKey, signingKeySource } from "./signing-key";
import { describeFindings, verifyLedger, type VerifyResult } from "./verify";
import { readWitnessLog } from "./witness";

export interface ConfiguredVerify {
  target?: DbTarget;
  /** Verifier keys (name+hash+key) trusted from outside; default: the configured signing key's public half. */
  trustedKeys?: string[];
  /** The witness log to check; default: WARDEN_WITNESS_LOG. null: none. */
  witnessPath?: string | null;
  allowPrunedPayloads?: boolean;
  onProgress?: (walked: number) => void;
}

/** The trust anchors: the keys given, else the configured key (read only: verify never generates one). */
export function trustAnchors(trustedKeys: string[] | undefined): Verifier[] {
  if (trustedKeys && trustedKeys.length > 0) {
    return trustedKeys.map((k) => {
      try {
        return parseVerifierKey(k);
      } catch (err) {
        throw new AppError("bad_request", `--trusted-key: ${err instanceof Error ? err.message : String(err)}`);
      }
    });
  }
  try {
    return [loadSigningKey({ ...signingKeySource(), generate: false })];
  } catch {
    return []; // no key here: every checkpoint is reported as unverifiable
  }
}

export async function verifyConfiguredLedger(o: ConfiguredVerify = {}): Promise<VerifyResult> {
  const witnessPath = o.witnessPath === undefined ? env().witnessLogPath : o.witnessPath;
  return verifyLedger(o.target ?? dbTarget(), {
    allowPrunedPayloads: o.allowPrunedPayloads,
    trustedKeys: trustAnchors(o.trustedKeys),
    witness: witnessPath ? readWitnessLog(witnessPath) : null,
    onProgress: o.onProgress,
  });
}

/** "at seq 12 (edited)" / "at checkpoint 1000 (forged checkpoint)", or "" when nothing failed. */
export function findingLocation(r: VerifyResult): string {
  const f = r.finding;
  if (!f || r.ok) return "";
  return f.seq !== null ? `seq ${f.seq}` : `checkpoint ${f.checkpoint}`;
}

/** One line for an operator or the console. */
export function summarise(r: VerifyResult, ms?: number): string {
  const took = ms === undefined ? "" : ` in ${ms} ms`;
  const findings = describeFindings(r);
  if (r.ok) {
    const signed = r.checkpoints.count ? `, ${r.checkpoints.verified} signed checkpoint${r.checkpoints.verified === 1 ? "" : "s"}` : "";
    const witnessed = r.witness ? `, ${r.witness.matched} witnessed` : "";
    const pruned = findings.length ? `; ${findings.join("; ")}` : "";
    return `ledger ok: ${r.count} entries verified${took}${signed}${witnessed}, head ${r.head?.entryHash ?? "(empty)"}${pruned}`;
  }
  const where = r.finding ? ` at ${findingLocation(r)} (${r.finding.kind})` : "";
  return `ledger verify FAILED${where}: ${findings.join("; ")} (${r.count} entries walked${took})`;
}
