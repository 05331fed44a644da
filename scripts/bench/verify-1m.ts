// verify_1m_ms and verify_1m_peak_rss_mb (issue 7): `ledger verify` over a ledger of 1,000,000 entries (BENCH_VERIFY_N)
// with a signed checkpoint every 1,000 and its witness log, each beside its floor measured in the same run: a raw loop
// that reads the same rows as arrays and checks the same hashes (entry hash, payload hash, chain link, Merkle leaves and
// the checkpoint roots), nothing else. Both run in a child process of their own, so the peak RSS is theirs alone.
import { execFileSync } from "node:child_process";
import path from "node:path";

export interface VerifyFigures {
  verify: { ms: number; cpuMs: number; rssMb: number; count: number };
  floor: { ms: number; cpuMs: number; rssMb: number; count: number };
}

/** Builds the ledger in `dir` (raw inserts of sealed entries) and measures verify and its floor. */
export async function measureVerify1m(dir: string, n: number, progress: (m: string) => void): Promise<VerifyFigures> {
  const file = path.join(dir, "verify-1m.db");
  const witness = path.join(dir, "verify-1m-witness.log");
  const child = (mode: string) =>
    JSON.parse(
      execFileSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/bench/verify-1m-child.ts", mode, file, witness, String(n)], {
        env: { ...process.env, DATABASE_URL: `file:${file}` },
        stdio: ["ignore", "pipe", "inherit"],
        maxBuffer: 1 << 20,
      }).toString(),
    );
  progress(`verify_1m: ${n.toLocaleString("en-US")} sealed entries, a checkpoint every 1,000…`);
  child("fill");
  progress("verify_1m: floor…");
  const floor = child("floor");
  progress("verify_1m: ledger verify…");
  const verify = child("verify");
  return { verify, floor };
}
