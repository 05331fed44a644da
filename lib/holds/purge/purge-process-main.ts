// The purge process's entry (purge-process.ts starts it: `node --import tsx` this file with its arguments as JSON).
// Runs one purge run with its own database connections, reports the summary or the error, and exits.
import { AppError } from "@/lib/core/errors";
import type { PurgeChildMessage, PurgeProcessArgs } from "./purge-process";
import { runPurge } from "./run-purge";

process.umask(0o077);

const send = (m: PurgeChildMessage) =>
  new Promise<void>((resolve, reject) => process.send!(m, undefined, undefined, (err) => (err ? reject(err) : resolve())));

// The server that started this run is gone (kill -9, crash): stop now; the run resumes at the job's next try.
process.on("disconnect", () => process.exit(1));

async function main(): Promise<void> {
  const args = JSON.parse(process.argv[2] ?? "{}") as PurgeProcessArgs;
  let code = 0;
  try {
    const summary = await runPurge(args.runId, { attempt: args.attempt, maxAttempts: args.maxAttempts });
    await send({ type: "done", summary });
  } catch (err) {
    code = 1;
    await send({
      type: "error",
      code: err instanceof AppError ? err.code : null,
      message: (err instanceof Error ? err.message : String(err)) || "The purge run failed",
      field: err instanceof AppError ? (err.field ?? null) : null,
    }).catch(() => {});
  }
  process.exit(code);
}

void main();
