// `warden ledger verify [--allow-pruned-payloads] [--trusted-key VKEY]... [--witness FILE | --no-witness]`: recomputes
// the chain and checks every signed checkpoint and the witness log (decision 018). Exit 0 with the count; exit 1 with
// one line naming the first bad seq or checkpoint, what is wrong (edited, missing, reordered, forged checkpoint,
// truncated tail, rewritten history), then every finding.
import { summarise, verifyConfiguredLedger } from "@/lib/ledger/verification";
import { parseFlags } from "./args";
import { isOfflineVerify, ledgerVerifyOffline } from "./ledger-verify-offline";

export async function ledgerVerify(args: string[]): Promise<number> {
  // A proof or a bundle is checked from the file alone, before anything here reads a setting or a database.
  if (isOfflineVerify(args)) return ledgerVerifyOffline(args);
  const flags = parseFlags(args, {
    "allow-pruned-payloads": { type: "boolean", default: false },
    "trusted-key": { type: "string", multiple: true },
    witness: { type: "string" },
    "no-witness": { type: "boolean", default: false },
  });
  const started = performance.now();
  const result = await verifyConfiguredLedger({
    allowPrunedPayloads: flags["allow-pruned-payloads"],
    trustedKeys: flags["trusted-key"],
    witnessPath: flags["no-witness"] ? null : flags.witness,
  });
  const line = summarise(result, Math.round(performance.now() - started));
  if (result.ok) {
    console.log(line);
    return 0;
  }
  console.error(line);
  return 1;
}
