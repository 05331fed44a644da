// `warden ledger bundle [--from T] [--to T] [filters] --out FILE`: the evidence bundle the console offers, made from
// the command line. Recorded in the ledger (as the operator, actor "system") before the file appears at --out.
import { randomUUID } from "node:crypto";
import { copyFile, rm } from "node:fs/promises";
import { downloadEvidenceBundle } from "@/lib/ledger/bundle/download-bundle";
import { parseFlags, UsageError } from "./args";

const text = { type: "string" } as const;

export async function ledgerBundle(args: string[]): Promise<number> {
  const flags = parseFlags(args, {
    from: text,
    to: text,
    actor: text,
    role: text,
    action: text,
    tier: text,
    dataset: text,
    decision: text,
    record: text,
    out: text,
  });
  const { out, ...request } = flags;
  if (!out) throw new UsageError("--out FILE is required");
  const built = await downloadEvidenceBundle({ actor: null, meta: { requestId: `cli-${randomUUID()}`, ipHash: null, uaHash: null } }, request);
  try {
    await copyFile(built.file, out);
  } finally {
    await rm(built.file, { force: true });
  }
  const m = built.manifest;
  const left = m.not_covered ? `; seq ${m.not_covered.first_seq}..${m.not_covered.last_seq} left out: no checkpoint covers them yet` : "";
  console.log(
    `bundle written to ${out}: ${m.entries.count} entries (seq ${m.entries.first_seq}..${m.entries.last_seq}), ${m.checkpoints.length} checkpoint(s), ${m.subset.count} inclusion proof(s), sha256 ${built.sha256}${left}`,
  );
  return 0;
}
