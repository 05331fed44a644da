// `warden ledger checkpoint`: signs a checkpoint of the whole ledger now (the job makes one every N entries or T
// minutes). Exit 0 whether one was made or nothing was new since the last.
import { makeCheckpoint } from "@/lib/ledger/checkpoint";
import { parseFlags } from "./args";

export async function ledgerCheckpoint(args: string[]): Promise<number> {
  parseFlags(args, {});
  const c = await makeCheckpoint();
  if (!c) {
    console.log("ledger checkpoint: nothing new since the last checkpoint");
    return 0;
  }
  console.log(`ledger checkpoint: ${c.treeSize} entries, root ${c.rootHash}, signed by key ${c.keyId}`);
  return 0;
}
