// The build's process of its own (docs/decisions/027, "Memory"): the job runner (the server's, or `warden jobs run`)
// keeps the export's state, the ledger and the signing key; a child process streams the rows into the file and the
// zip (write-files.ts) and loads nothing else: no Prisma, no Next.js, no other job kinds. So the memory a build takes
// is its own process's, bounded (BUILD_PROCESS_FLAGS), and an export of any size never grows the server.
//
// The protocol (Node's IPC channel, JSON): parent → child `start` {job}; child → parent `progress` {rowsWritten}
// (as often as the in-process build would update rows_written; the parent writes it); child → parent `file`
// {sha256, bytes, rowCount}; parent → child `tail` {notice, manifest, signature}; child → parent `done` {zipSha256,
// peakRssMb, cpuMs} or `error`. The child exits when its parent goes away (kill -9 of the runner), so an orphan never keeps
// writing; a child that dies fails the try like any other error.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { AppError, type ErrorCode } from "@/lib/core/errors";
import type { FileFacts, FileJob, FilesWritten } from "./write-files";
import type { ZipTail } from "./write-zip";

/** The child's entry, run by Node with tsx's loader like every other process of this deployment. */
export const BUILD_PROCESS_ENTRY = "lib/exports/build/build-process-main.ts";

/**
 * The build process's old generation is capped at 256 MiB (V8's default for this machine's memory is several GiB):
 * the build holds one batch and its heap stays under ~100 MiB, so the cap changes nothing in a sound build and turns a
 * leak into a failed try instead of a process growing until the machine swaps. Tighter settings were measured and
 * rejected (decision 027, Memory): 128 MiB peaks ~25 MiB lower for ~10% more CPU; small young generations cost
 * +35–70% CPU.
 */
export const BUILD_PROCESS_FLAGS = ["--max-old-space-size=256"];

export type ChildMessage =
  | { type: "progress"; rowsWritten: number }
  | { type: "file"; file: FileFacts }
  | { type: "done"; zipSha256: string; peakRssMb: number; cpuMs: number }
  | { type: "error"; code: ErrorCode | null; message: string; field: string | null };

export type ParentMessage = { type: "start"; job: SerialJob } | { type: "tail"; tail: ZipTail };

/** FileJob over JSON: the watermark's date as ISO text. */
export type SerialJob = Omit<FileJob, "facts"> & { facts: Omit<FileJob["facts"], "createdAt"> & { createdAt: string } };

export interface ProcessHooks {
  onProgress(rowsWritten: number): Promise<void>;
  tail(file: FileFacts): Promise<ZipTail>;
}

export interface ProcessWritten extends FilesWritten {
  /** The build process's lifetime peak RSS (MiB): start-up included. */
  peakRssMb: number;
  /** The build process's CPU time (ms, user + system, all its threads): start-up included. */
  cpuMs: number;
}

/** A build process started ahead of its job: its start-up (Node, tsx, the build's modules) overlaps the row count. */
export interface BuildProcess {
  /** Runs writeExportFiles for `job` in it (once). */
  run(job: FileJob, hooks: ProcessHooks): Promise<ProcessWritten>;
  /** Ends it unused (the try failed before its job was ready). */
  kill(): void;
}

/**
 * Starts a build process. `env`: the child's environment (default: this process's; the warehouse is the child's
 * WAREHOUSE_URL).
 */
export function startBuildProcess(opts: { env?: NodeJS.ProcessEnv } = {}): BuildProcess {
  const child = spawn(process.execPath, [...BUILD_PROCESS_FLAGS, "--import", "tsx", path.join(process.cwd(), BUILD_PROCESS_ENTRY)], {
    cwd: process.cwd(),
    env: opts.env ?? process.env,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  // Until run() listens: a child that fails to spawn or dies while it waits is reported by run().
  let early: { error?: unknown; code?: number | null; signal?: NodeJS.Signals | null } | null = null;
  const onEarlyError = (error: unknown) => (early = { ...early, error });
  const onEarlyExit = (code: number | null, signal: NodeJS.Signals | null) => (early = { ...early, code, signal });
  child.once("error", onEarlyError);
  child.once("exit", onEarlyExit);
  return {
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    },
    run: (job, hooks) => {
      child.off("error", onEarlyError);
      child.off("exit", onEarlyExit);
      return runIn(child, early, job, hooks);
    },
  };
}

/**
 * Runs writeExportFiles in the build process. Rejects with the child's error (an AppError keeps its code and field), with
 * the first failing hook's error (the child is killed), or when the child dies.
 */
function runIn(
  child: ChildProcess,
  early: { error?: unknown; code?: number | null; signal?: NodeJS.Signals | null } | null,
  job: FileJob,
  hooks: ProcessHooks,
): Promise<ProcessWritten> {
  if (early) {
    const { error, code, signal } = early;
    return Promise.reject(
      error ?? new Error(`The build process ended before its job started (${signal ? `signal ${signal}` : `exit code ${code}`})`),
    );
  }
  return new Promise<ProcessWritten>((resolve, reject) => {
    let settled = false;
    let result: ProcessWritten | null = null;
    let failure: unknown = null;
    const fail = (err: unknown) => {
      if (failure === null && result === null) failure = err;
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    };
    // Progress updates one at a time, the newest wins: a slow commit never queues up updates behind it.
    let queued: number | null = null;
    let updating: Promise<void> | null = null;
    const pump = async () => {
      while (queued !== null && failure === null) {
        const n = queued;
        queued = null;
        await hooks.onProgress(n);
      }
    };
    const progress = (n: number) => {
      queued = n;
      if (updating) return;
      updating = pump()
        .catch(fail)
        .finally(() => (updating = null));
    };
    let file: FileFacts | null = null;
    child.on("message", (m: ChildMessage) => {
      if (m.type === "progress") progress(m.rowsWritten);
      else if (m.type === "file") {
        file = m.file;
        hooks.tail(m.file).then((tail) => {
          if (child.connected) child.send({ type: "tail", tail } satisfies ParentMessage);
        }, fail);
      } else if (m.type === "done" && file) result = { ...file, zipSha256: m.zipSha256, peakRssMb: m.peakRssMb, cpuMs: m.cpuMs };
      else if (m.type === "error") fail(m.code ? new AppError(m.code, m.message, m.field ? { field: m.field } : {}) : new Error(m.message));
    });
    child.once("error", fail);
    child.once("exit", (code, signal) => {
      void (async () => {
        // The last progress update is written (or has failed) before the try's outcome is known.
        while (updating) await updating;
        if (settled) return;
        settled = true;
        if (failure !== null) reject(failure);
        else if (result) resolve(result);
        else reject(new Error(`The build process ended before the file was whole (${signal ? `signal ${signal}` : `exit code ${code}`})`));
      })();
    });
    child.send({ type: "start", job: { ...job, facts: { ...job.facts, createdAt: job.facts.createdAt.toISOString() } } } satisfies ParentMessage);
  });
}
