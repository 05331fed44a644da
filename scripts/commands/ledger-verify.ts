// `warden ledger verify [--allow-pruned-payloads]`: recomputes the chain. Exit 0 with the count; exit 1 with every
// finding on one line (rows outside the chain, gaps, broken rows, missing payloads), starting from the first bad seq.
import { dbTarget } from "@/lib/db/client";
import { describeFindings, verifyLedger } from "@/lib/ledger/verify";
import { parseFlags } from "./args";
import { isOfflineVerify, ledgerVerifyOffline } from "./ledger-verify-offline";

export async function ledgerVerify(args: string[]): Promise<number> {
  // A proof or a bundle is checked from the file alone, before anything here reads a setting or a database.
  if (isOfflineVerify(args)) return ledgerVerifyOffline(args);
  const flags = parseFlags(args, { "allow-pruned-payloads": { type: "boolean", default: false } });
  const started = performance.now();
  const result = await verifyLedger(dbTarget(), { allowPrunedPayloads: flags["allow-pruned-payloads"] });
  const ms = Math.round(performance.now() - started);
  const findings = describeFindings(result);
  if (result.ok) {
    // Only allowed pruning can leave a finding on a good chain; it is still worth a count.
    const pruned = findings.length ? `; ${findings.join("; ")}` : "";
    console.log(`ledger ok: ${result.count} entries verified in ${ms} ms, head ${result.head?.entryHash ?? "(empty)"}${pruned}`);
    return 0;
  }
  const where = result.firstBad ? ` at seq ${result.firstBad.seq}` : "";
  console.error(`ledger verify FAILED${where}: ${findings.join("; ")} (${result.count} entries walked in ${ms} ms)`);
  return 1;
}
