// The `exports.build` job (issue 8 §3, docs/decisions/027-export-builds.md): streams the export's rows from the
// warehouse through its frozen column plan (clear, masked under the export's own key, withheld = never read) and its
// fingerprint into a CSV or XLSX file, then the zip with NOTICE and signed manifest. Memory holds one batch. This
// module keeps the export's state, the ledger and the signing key; the rows are written (write-files.ts) in a build
// process of its own (build-process.ts), so a build's memory is that small process's, not the server's or the runner's.
//
// Crash policy: RESTART. Every try starts from the first row in an emptied directory and writes under `.partial`
// names; the file and the zip are renamed into place only inside the unit of work that marks the export ready and
// appends `exports.built`, after a check that this try still owns the build (status building, its attempt number).
// A try killed at any point leaves at most partial files (or, between the rename and the commit, a whole file of an
// export that is still `building`, which is never served); the next try deletes them and starts again.
import { rm } from "node:fs/promises";
import type { RequestMeta } from "@/lib/core/actor";
import { now } from "@/lib/core/clock";
import { env } from "@/lib/core/env";
import { AppError } from "@/lib/core/errors";
import { highestTier } from "@/lib/core/tiers";
import { getDb } from "@/lib/db/client";
import { loadSigningKey } from "@/lib/ledger/signing-key";
import { commitWithLedger } from "@/lib/ledger/unit-of-work";
import { exportEntry } from "../export-internals";
import type { WarehouseConnector } from "@/lib/warehouse/connector";
import { getWarehouse } from "@/lib/warehouse/get-warehouse";
import { readExport } from "../export-record";
import { exportDir, exportFileName, exportFilePath, exportZipName } from "../files";
import type { ExportRecord } from "../types";
import { startBuildProcess, type BuildProcess } from "./build-process";
import { ensureExportDir, PARTIAL_SUFFIX, publish, removeDir } from "./durable-file";
import { filePlan, type FilePlan } from "./file-plan";
import { ledgerPurpose } from "./ledger-purpose";
import { manifestInput, signManifest } from "./manifest";
import { noticeText, type WatermarkFacts } from "./watermark";
import { writeExportFiles, type FileExport, type FileFacts, type FileJob, type FilesWritten } from "./write-files";
import type { ZipTail } from "./write-zip";

const DAY_MS = 86_400_000;
/** rows_written is updated after this many rows (and at the end): a progress bar, not a write per row. */
export const PROGRESS_EVERY_ROWS = 5_000;

export interface BuildOptions {
  /** Who runs it, for the ledger's request id. */
  meta: RequestMeta;
  /**
   * Write the rows in this process instead of a build process of its own (build-process.ts). The job runner never
   * does; tests that inject a warehouse, and the bench's in-process comparison, do.
   */
  inProcess?: boolean;
  /** Counts the rows, and with inProcess writes them. Default: the deployment's warehouse (WAREHOUSE_URL). */
  warehouse?: WarehouseConnector;
  /** The build process's environment (default: this process's); its WAREHOUSE_URL is the warehouse it reads. */
  processEnv?: NodeJS.ProcessEnv;
  progressEvery?: number;
}

export type BuildSummary =
  | {
      exportId: string;
      built: true;
      attempt: number;
      rows: number;
      bytes: number;
      sha256: string;
      /** The build process's lifetime peak RSS in MiB (absent for an in-process build). */
      buildProcessPeakRssMb?: number;
      /** The build process's CPU time in ms, all its threads (absent for an in-process build). */
      buildProcessCpuMs?: number;
    }
  | { exportId: string; built: false; skipped: string };

/** Statuses a build may (re)start from: approved, or building after a try that died. */
const STARTABLE = ["approved", "building"];

export async function buildExport(exportId: string, opts: BuildOptions): Promise<BuildSummary> {
  const exp = await readExport(exportId);
  if (!STARTABLE.includes(exp.status)) return { exportId, built: false, skipped: `status is ${exp.status}` };
  const plan = filePlan(exp);
  const attempt = await startBuild(exp, plan, opts.meta);
  if (attempt === null) return { exportId, built: false, skipped: "another try started this build" };

  // The build process starts while the rows are counted (its start-up is most of a second); a try that fails before its
  // job is ready ends it unused.
  const child = opts.inProcess ? null : startBuildProcess({ env: opts.processEnv });
  try {
    return await buildWith(exp, plan, attempt, child, opts);
  } finally {
    child?.kill();
  }
}

async function buildWith(exp: ExportRecord, plan: FilePlan, attempt: number, child: BuildProcess | null, opts: BuildOptions): Promise<BuildSummary> {
  const dir = exportDir(exp.id);
  // Restart, never resume: whatever an earlier try left (partial files, or a whole file it renamed before its commit
  // was lost) is deleted, so only this try's bytes can ever be published.
  await removeDir(dir);
  await ensureExportDir(dir);

  const requester = await getDb().user.findUnique({ where: { id: exp.requesterId }, select: { email: true } });
  if (!requester) throw new AppError("not_found", `The requester of ${exp.id} no longer exists`);
  const warehouse = opts.warehouse ?? getWarehouse();
  const counted = await warehouse.countRows(plan.datasetRef, exp.filters, { cap: exp.rowCap });
  if (counted.capped) {
    throw new AppError(
      "too_large",
      `More than ${exp.rowCap} rows now match this export's filters (its row cap); request it again with narrower filters`,
      {
        field: "filters",
      },
    );
  }
  await progress(exp.id, attempt, { rowsTotal: counted.count, rowsWritten: 0 });

  const createdAt = now();
  const facts: WatermarkFacts = { exportId: exp.id, recipient: requester.email, purpose: exp.purpose, datasetRef: plan.datasetRef, createdAt };
  const fileName = exportFileName({ datasetRef: plan.datasetRef, exportId: exp.id, recipient: requester.email, at: createdAt, format: exp.format });
  const filePath = exportFilePath(exp.id, fileName);
  const zipPath = exportFilePath(exp.id, exportZipName(fileName));
  const filePartial = `${filePath}.${attempt}${PARTIAL_SUFFIX}`;
  const zipPartial = `${zipPath}.${attempt}${PARTIAL_SUFFIX}`;

  let readyAt: Date, expiresAt: Date;
  /** The manifest and NOTICE, once the file's hash, size and rows are known. */
  const tail = async ({ sha256, bytes, rowCount }: FileFacts): Promise<ZipTail> => {
    readyAt = now();
    expiresAt = new Date(readyAt.getTime() + env().exportTtlDays * DAY_MS);
    const manifest = signManifest(
      manifestInput({
        exportId: exp.id,
        recipient: requester.email,
        purpose: exp.purpose,
        dataset: plan.datasetRef,
        format: exp.format,
        fileName,
        sha256,
        bytes,
        rowCount,
        columns: exp.columns,
        exportIdColumn: exp.options.exportIdColumn,
        policyVersion: exp.policyVersion,
        createdAt,
        expiresAt,
      }),
      loadSigningKey(),
    );
    return {
      notice: noticeText({ ...facts, expiresAt, fileName, rowCount, sha256 }),
      manifest: manifest.text,
      manifestSignature: manifest.signature,
    };
  };
  const fileExport: FileExport = {
    id: exp.id,
    datasetKey: exp.datasetKey,
    datasetVersion: exp.datasetVersion,
    columns: exp.columns,
    filters: exp.filters,
    format: exp.format,
    options: exp.options,
    rowCap: exp.rowCap,
  };
  const job: FileJob = { exp: fileExport, facts, fileName, filePartial, zipPartial, progressEvery: opts.progressEvery ?? PROGRESS_EVERY_ROWS };
  const onProgress = (rowsWritten: number) => progress(exp.id, attempt, { rowsWritten });
  let written: FilesWritten;
  let peakRssMb: number | undefined;
  let cpuMs: number | undefined;
  if (!child) written = await writeExportFiles(job, { warehouse, onProgress, tail });
  else {
    try {
      const out = await child.run(job, { onProgress, tail });
      ({ peakRssMb, cpuMs } = out);
      written = out;
    } catch (err) {
      // A build process killed (taken over, or it died) leaves its partial files; a later try empties the directory anyway.
      await Promise.all([rm(filePartial, { force: true }), rm(zipPartial, { force: true })]);
      throw err;
    }
  }
  const { sha256, bytes, rowCount, zipSha256 } = written;

  const clear = plan.fileColumns.filter((c) => c.treatment === "clear");
  const masked = plan.fileColumns.filter((c) => c.treatment === "masked");
  const committed = await commitWithLedger(async ({ tx, record }) => {
    const won = await tx.export.updateMany({
      where: { id: exp.id, status: "building", buildAttempts: attempt },
      data: {
        status: "ready",
        readyAt,
        expiresAt,
        fileName,
        fileSha256: sha256,
        fileBytes: BigInt(bytes),
        rowCount,
        rowsWritten: rowCount,
        error: null,
        updatedAt: readyAt,
      },
    });
    if (won.count === 0) return false;
    // Inside the transaction: if the commit fails after these renames, the export is still `building` (not served)
    // and the next try deletes the files.
    await publish(filePartial, filePath);
    await publish(zipPartial, zipPath);
    record({
      ...exportEntry({ actor: null, meta: opts.meta }, exp, {
        action: "exports.built",
        purpose: ledgerPurpose(exp.purpose),
        payload: {
          sha256,
          row_count: rowCount,
          policy_version: exp.policyVersion,
          bytes,
          format: exp.format,
          zip_sha256: zipSha256,
          attempt,
          expires_at: expiresAt.toISOString(),
        },
      }),
      decision: masked.length > 0 ? "mask" : "allow",
      columnsShown: clear.map((c) => c.name),
      columnsMasked: masked.map((c) => c.name),
      columnsDenied: exp.columns.filter((c) => c.treatment === "withheld").map((c) => c.name),
      policyVersion: exp.policyVersion,
      rowCount,
      disclosedTier: clear.length > 0 ? highestTier(clear.map((c) => c.tier)) : null,
    });
    return true;
  });
  if (!committed.result) {
    await removeDir(dir).catch(() => {});
    return { exportId: exp.id, built: false, skipped: "another try took this build over" };
  }
  return {
    exportId: exp.id,
    built: true,
    attempt,
    rows: rowCount,
    bytes,
    sha256,
    ...(peakRssMb === undefined ? {} : { buildProcessPeakRssMb: peakRssMb }),
    ...(cpuMs === undefined ? {} : { buildProcessCpuMs: cpuMs }),
  };
}

/** approved|building → building, attempt + 1, with `exports.build_started`; null if another try moved it first. */
async function startBuild(exp: ExportRecord, plan: FilePlan, meta: RequestMeta): Promise<number | null> {
  const attempt = exp.buildAttempts + 1;
  const at = now();
  const { result } = await commitWithLedger(async ({ tx, record }) => {
    const moved = await tx.export.updateMany({
      where: { id: exp.id, status: { in: STARTABLE }, buildAttempts: exp.buildAttempts },
      data: { status: "building", buildAttempts: attempt, buildStartedAt: at, rowsWritten: 0, rowsTotal: null, error: null, updatedAt: at },
    });
    if (moved.count === 0) return false;
    record(
      exportEntry({ actor: null, meta }, exp, {
        action: "exports.build_started",
        purpose: ledgerPurpose(exp.purpose),
        payload: { attempt, restart: exp.status === "building", format: exp.format, policy_version: exp.policyVersion },
      }),
    );
    return true;
  });
  return result ? attempt : null;
}

/** Progress for the UI; only while this try still owns the build (a try taken over stops at its next update). */
async function progress(id: string, attempt: number, data: { rowsWritten: number; rowsTotal?: number }): Promise<void> {
  const moved = await getDb().export.updateMany({ where: { id, status: "building", buildAttempts: attempt }, data: { ...data, updatedAt: now() } });
  if (moved.count === 0) throw new SupersededError();
}

export class SupersededError extends Error {
  constructor() {
    super("Another try took this build over");
    this.name = "SupersededError";
  }
}
