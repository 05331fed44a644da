// `warden ledger verify`: recomputes the chain. Exit 0 with the count; exit 1 naming the first bad seq.
import { dbTarget } from "@/lib/db/client";
import { verifyLedger } from "@/lib/ledger/verify";

export async function ledgerVerify(): Promise<number> {
  const started = performance.now();
  const result = await verifyLedger(dbTarget());
  const ms = Math.round(performance.now() - started);
  if (result.ok) {
    console.log(`ledger ok: ${result.count} entries verified in ${ms} ms, head ${result.headHash}`);
    return 0;
  }
  console.error(`ledger verify FAILED at seq ${result.firstBadSeq}: ${result.reason} (${result.count} entries before it verified)`);
  return 1;
}
