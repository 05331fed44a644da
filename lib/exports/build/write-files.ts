// The part of a build that touches rows: stream them from the warehouse through the plan's masks and fingerprint into
// the file, and the zip beside it. No console database here (no Prisma): it runs in the build process of its own
// (build-process.ts) that the job runner starts, or in the caller's process (tests, `inProcess`). Its caller owns the
// export's state: progress goes out through `onProgress`, and the zip's NOTICE and signed manifest come back through
// `tail` once the file's hash, size and rows are known.
import { rm, stat } from "node:fs/promises";
import { env } from "@/lib/core/env";
import { AppError } from "@/lib/core/errors";
import type { WarehouseConnector } from "@/lib/warehouse/connector";
import { exportFingerprint } from "../fingerprint";
import type { ExportRecord } from "../types";
import { openPrivate, sha256File, syncAndClose } from "./durable-file";
import type { EncodedBatch } from "./csv-encoder";
import { encodeInOrder, encodeRanges, rangesOf, type StartEncoders } from "./encode-in-order";
import { BATCH_ROWS, batchTransformer, filePlan, RANGE_ROWS } from "./file-plan";
import { csvCommentLine, type WatermarkFacts } from "./watermark";
import { writeCsv } from "./write-csv";
import { openStreamingExportZip, writeExportZip, type ZipTail } from "./write-zip";

/** What a file build needs of its export (JSON-safe but for the watermark's date). */
export type FileExport = Pick<ExportRecord, "id" | "datasetKey" | "datasetVersion" | "columns" | "filters" | "format" | "options" | "rowCap">;

export interface FileJob {
  exp: FileExport;
  facts: WatermarkFacts;
  fileName: string;
  filePartial: string;
  zipPartial: string;
  /** rows_written is reported after this many rows. */
  progressEvery: number;
}

export interface FileFacts {
  sha256: string;
  bytes: number;
  rowCount: number;
}

export interface FilesWritten extends FileFacts {
  zipSha256: string;
}

export interface FileHooks {
  warehouse: WarehouseConnector;
  /** Rows written so far. Runs while the next rows are made; awaited before the next call and before the end. */
  onProgress(rowsWritten: number): Promise<void>;
  /** NOTICE, manifest and signature for the zip, once the file is whole. */
  tail(file: FileFacts): Promise<ZipTail>;
  /** Encoder threads for a CSV build (encoder-threads.ts; the build process passes them): without, one thread encodes. */
  startEncoders?: StartEncoders;
  /**
   * The embedded SQLite warehouse `warehouse` reads, when it is one: encoder threads then read key ranges of it on their
   * own connections (encodeRanges) instead of being handed the rows this thread read.
   */
  warehouseFile?: string;
}

/** Writes the file and its zip under their `.partial` names; on failure deletes both and rethrows. */
export async function writeExportFiles(job: FileJob, hooks: FileHooks): Promise<FilesWritten> {
  const { exp, facts, fileName, filePartial, zipPartial } = job;
  const plan = filePlan(exp);
  try {
    const fd = await openPrivate(filePartial);
    if (exp.format === "csv") {
      // The zip is written beside the file, its deflate fed with the same bytes (write-zip.ts).
      let zfd: number;
      try {
        zfd = await openPrivate(zipPartial);
      } catch (err) {
        await syncAndClose(fd).catch(() => {});
        throw err;
      }
      const zip = openStreamingExportZip(zfd, { fileName, mtime: facts.createdAt });
      let file: FileFacts, zipSha256: string;
      try {
        // A writer that fails closes the file's descriptor itself; syncAndClose closes it whatever happens.
        const batches = counted(exp, hooks, job.progressEvery, encodedBatches(exp, hooks));
        const written = await writeCsv(
          fd,
          { comment: exp.options.csvComment ? csvCommentLine(facts) : null, header: plan.header },
          batches,
          zip.entry,
        );
        file = { rowCount: written.rows, bytes: written.bytes, sha256: written.sha256 };
        await syncAndClose(fd);
        zipSha256 = await zip.finish(await hooks.tail(file));
      } catch (err) {
        await zip.abandon();
        throw err;
      }
      await syncAndClose(zfd);
      return { ...file, zipSha256 };
    }
    // exceljs is loaded only for XLSX builds: it adds tens of MB to a process that never writes one.
    const rows = counted(exp, hooks, job.progressEvery, readRows(exp, hooks));
    const rowCount = await (await import("./write-xlsx")).writeXlsx(fd, { header: plan.header, watermark: facts }, transformed(rows, exp));
    await syncAndClose(fd);
    const file = { rowCount, sha256: await sha256File(filePartial), bytes: (await stat(filePartial)).size };
    const zfd = await openPrivate(zipPartial);
    const zipSha256 = await writeExportZip(zfd, { filePath: filePartial, fileName, mtime: facts.createdAt, ...(await hooks.tail(file)) });
    await syncAndClose(zfd);
    return { ...file, zipSha256 };
  } catch (err) {
    // This try's own leftovers; a later try (or the failure handler) empties the directory anyway.
    await Promise.all([rm(filePartial, { force: true }), rm(zipPartial, { force: true })]);
    throw err;
  }
}

/** The file's rows (masked, fingerprinted) from streamed ones, batch by batch, in place. */
async function* transformed(rows: AsyncIterable<unknown[][]>, exp: FileExport): AsyncIterable<unknown[][]> {
  const plan = filePlan(exp);
  const transform = batchTransformer(exp, plan, exportFingerprint(exp, plan.fileColumns));
  for await (const batch of rows) {
    transform(batch);
    yield batch;
  }
}

/** The rows streamed from the warehouse, streamColumns' order. */
function readRows(exp: FileExport, hooks: FileHooks, range: { after?: string; through?: string } = {}): AsyncIterable<unknown[][]> {
  const plan = filePlan(exp);
  return hooks.warehouse.streamRows(plan.datasetRef, { columns: plan.streamColumnNames, filters: exp.filters, ...range, batchSize: BATCH_ROWS });
}

/**
 * The CSV's encoded batches. With encoder threads and an embedded warehouse, by key ranges the threads read themselves
 * (the ids walked here in RANGE_ROWS steps); otherwise the rows are read here and handed to the threads (or encoded here).
 */
function encodedBatches(exp: FileExport, hooks: FileHooks): AsyncIterable<EncodedBatch> {
  const threads = env().exportEncodeThreads;
  if (threads > 0 && hooks.startEncoders && hooks.warehouseFile) {
    const plan = filePlan(exp);
    const ids = hooks.warehouse.streamRows(plan.datasetRef, { columns: [], filters: exp.filters, batchSize: RANGE_ROWS });
    return encodeRanges(rangesOf(ids), exp, {
      threads,
      start: hooks.startEncoders,
      warehouseFile: hooks.warehouseFile,
      readRange: (range) => readRows(exp, hooks, range),
    });
  }
  return encodeInOrder(readRows(exp, hooks), exp, { threads, start: hooks.startEncoders });
}

/**
 * Rows or encoded batches as they go to the file, checked against the row cap, with progress: the count at start was
 * within the cap; rows added since must not carry the file past it.
 */
async function* counted<T extends unknown[][] | EncodedBatch>(
  exp: FileExport,
  hooks: FileHooks,
  every: number,
  items: AsyncIterable<T>,
): AsyncIterable<T> {
  let written = 0;
  let reported = 0;
  // The progress update runs while the next rows are made (its commit waits for an fsync); it is awaited before the
  // next one and at the end, so a try that was taken over still stops one update later, and no update outlives the rows.
  let pending: Promise<void> | null = null;
  try {
    for await (const item of items) {
      written += Array.isArray(item) ? item.length : (item as EncodedBatch).rows;
      if (written > exp.rowCap)
        throw new AppError("too_large", `The export passed its row cap of ${exp.rowCap} while it was built`, { field: "filters" });
      yield item;
      if (written - reported >= every) {
        reported = written;
        if (pending) await pending;
        pending = hooks.onProgress(written);
        // Awaited later; until then a failure must not count as unhandled.
        pending.catch(() => {});
      }
    }
    if (pending) await pending;
  } finally {
    // Left early (an error, or the writer gave up): wait for the update in flight, whatever it says.
    if (pending) await pending.catch(() => {});
  }
}
