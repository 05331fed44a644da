// verify_1m_ms and verify_1m_peak_rss_mb (issue 7): `ledger verify` over a ledger of 1,000,000 entries (BENCH_VERIFY_N)
// with a signed checkpoint every 1,000 and its witness log, each beside its floor measured in the same run: a raw loop
// that reads the same rows as arrays and checks the same hashes (entry hash, payload hash, chain link, Merkle leaves and
// the checkpoint roots), nothing else. Both run in a child process of their own, so the peak RSS is theirs alone.
// Building the ledger takes minutes: BENCH_VERIFY_LEDGER_DIR keeps it in that directory and reuses it on the next run
// when it was built for the same N (a stamp file says so); without it the ledger lives in the run's temporary directory.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

export interface VerifyFigures {
  verify: { ms: number; cpuMs: number; rssMb: number; count: number };
  floor: { ms: number; cpuMs: number; rssMb: number; count: number };
}

/** Builds the ledger in `dir` (raw inserts of sealed entries) and measures verify and its floor. */
export async function measureVerify1m(runDir: string, n: number, progress: (m: string) => void): Promise<VerifyFigures> {
  const keep = process.env.BENCH_VERIFY_LEDGER_DIR;
  const dir = keep ? path.resolve(keep) : runDir;
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "verify-1m.db");
  const witness = path.join(dir, "verify-1m-witness.log");
  const stamp = path.join(dir, "verify-1m.json");
  const child = (mode: string) =>
    JSON.parse(
      execFileSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/bench/verify-1m-child.ts", mode, file, witness, String(n)], {
        env: { ...process.env, DATABASE_URL: `file:${file}` },
        stdio: ["ignore", "pipe", "inherit"],
        maxBuffer: 1 << 20,
      }).toString(),
    );
  const built = keep && existsSync(file) && existsSync(stamp) && JSON.parse(readFileSync(stamp, "utf8")).n === n;
  if (built) progress(`verify_1m: reusing the ledger of ${n.toLocaleString("en-US")} entries in ${dir}`);
  else {
    progress(`verify_1m: ${n.toLocaleString("en-US")} sealed entries, a checkpoint every 1,000…`);
    rmSync(stamp, { force: true });
    child("fill");
    if (keep) writeFileSync(stamp, JSON.stringify({ n }));
  }
  progress("verify_1m: floor…");
  const floor = child("floor");
  progress("verify_1m: ledger verify…");
  const verify = child("verify");
  return { verify, floor };
}
