// A purge run in a process of its own, for the server's job runner (decision 041). On the embedded SQLite warehouse the
// purge writer is better-sqlite3, which is synchronous: a batch's DELETE of tens of thousands of rows would hold the
// server's event loop for seconds, and issue 5 asks for a server that never stalls. So when the runner inside the
// server runs a `purge.run` job it starts `node --import tsx` on purge-process-main.ts, which runs the same runPurge
// with its own connections to both databases, and waits for it. The CLI (`warden purge`, `warden jobs run`) is already
// a process of its own and runs the purge in place.
//
// The protocol (Node's IPC channel, JSON): child → parent `done` {summary} or `error` {code, message, field}. The child
// exits when its parent goes away (kill -9 of the server): the run resumes from its batches at the job's next try,
// like any crashed run (decision 031).
import { spawn } from "node:child_process";
import path from "node:path";
import { AppError, type ErrorCode } from "@/lib/core/errors";
import type { PurgeRunSummary } from "./run-purge";

export const PURGE_PROCESS_ENTRY = "lib/holds/purge/purge-process-main.ts";

export type PurgeChildMessage =
  { type: "done"; summary: PurgeRunSummary } | { type: "error"; code: ErrorCode | null; message: string; field: string | null };

export interface PurgeProcessArgs {
  runId: string;
  attempt?: number;
  maxAttempts?: number;
}

/** True inside the Next.js server, where a synchronous warehouse writer must not run on the event loop. */
export const inServer = () => process.env.NEXT_RUNTIME === "nodejs";

/** Runs runPurge(runId) in a child process; resolves with its summary, rejects with its error (an AppError keeps its code). */
export function runPurgeInProcess(args: PurgeProcessArgs, opts: { env?: NodeJS.ProcessEnv } = {}): Promise<PurgeRunSummary> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(process.cwd(), PURGE_PROCESS_ENTRY), JSON.stringify(args)], {
    cwd: process.cwd(),
    env: opts.env ?? process.env,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise<PurgeRunSummary>((resolve, reject) => {
    let outcome: { summary: PurgeRunSummary } | { error: Error } | null = null;
    child.on("message", (m: PurgeChildMessage) => {
      if (m.type === "done") outcome = { summary: m.summary };
      else if (m.type === "error")
        outcome = { error: m.code ? new AppError(m.code, m.message, m.field ? { field: m.field } : {}) : new Error(m.message) };
    });
    child.once("error", (err) => (outcome ??= { error: err }));
    child.once("exit", (code, signal) => {
      if (outcome && "summary" in outcome) resolve(outcome.summary);
      else if (outcome) reject(outcome.error);
      else reject(new Error(`The purge process ended without a result (${signal ? `signal ${signal}` : `exit code ${code}`})`));
    });
  });
}
