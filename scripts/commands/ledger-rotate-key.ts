// `warden ledger rotate-key`: replaces the checkpoint signing key. The rotation is a ledger entry signed by the old
// key (decision 018); publish the new verifier key printed here wherever the old one was published.
import { rotateSigningKey } from "@/lib/ledger/signing-key-rotation";
import { parseFlags } from "./args";

export async function ledgerRotateKey(args: string[]): Promise<number> {
  parseFlags(args, {});
  const r = await rotateSigningKey({ actor: { id: null, role: "system" } });
  console.log(`ledger rotate-key: key ${r.oldKeyId} replaced by ${r.newKeyId} (ledger entry seq ${r.seq}); new verifier key: ${r.newVkey}`);
  return 0;
}
