// `warden ledger prove SEQ [--checkpoint SIZE] [--out FILE]`: the inclusion proof of one entry, as JSON that
// `ledger verify --proof FILE` checks offline. Exit 1 with the reason when no checkpoint covers the entry yet.
import { writeFile } from "node:fs/promises";
import { dbTarget } from "@/lib/db/client";
import { buildInclusionProof } from "@/lib/ledger/proofs";
import { parseFlags, UsageError } from "./args";

export async function ledgerProve(args: string[]): Promise<number> {
  // SEQ is the one positional argument; flags are checked first so a mistyped flag is named as such.
  const seqArg = args[0] !== undefined && !args[0].startsWith("-") ? args[0] : undefined;
  const flags = parseFlags(seqArg === undefined ? args : args.slice(1), { out: { type: "string" }, checkpoint: { type: "string" } });
  if (seqArg === undefined || !/^[1-9][0-9]*$/.test(seqArg)) {
    throw new UsageError("give the entry's seq first: ledger prove SEQ [--checkpoint SIZE] [--out FILE]");
  }
  if (flags.checkpoint !== undefined && !/^[1-9][0-9]*$/.test(flags.checkpoint))
    throw new UsageError("--checkpoint takes a tree size (a whole number)");
  const result = await buildInclusionProof(dbTarget(), Number(seqArg), {
    treeSize: flags.checkpoint === undefined ? undefined : Number(flags.checkpoint),
  });
  if (result.status === "not_covered") {
    console.error(result.message);
    return 1;
  }
  const json = JSON.stringify(result.proof, null, 2) + "\n";
  if (flags.out) {
    await writeFile(flags.out, json, { mode: 0o600 });
    console.log(
      `proof of seq ${result.proof.seq} against checkpoint ${result.proof.tree_size} written to ${flags.out}; check it with: npm run warden -- ledger verify --proof ${flags.out} --trusted-key VKEY`,
    );
  } else {
    process.stdout.write(json);
  }
  return 0;
}
