// XLSX with exceljs's streaming WorkbookWriter: each row is committed (serialised and handed to the zip) as soon as
// it is added, so memory holds one batch. Backpressure: after each batch, wait while the file stream is full, and
// yield to the event loop so the zip's deflate can catch up before the next batch.
import { once } from "node:events";
import type { Writable } from "node:stream";
import ExcelJS from "exceljs";
import { abandon, drained, fileStream } from "./durable-file";
import { xlsxHeaderFooter, watermarkLine, type WatermarkFacts } from "./watermark";

export interface XlsxOptions {
  header: string[];
  watermark: WatermarkFacts;
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * exceljs writes a sheet's XML into archiver's input stream (a PassThrough it pipes the sheet into) without heeding
 * `write()`'s answer, so without this wait the whole sheet piles up there, uncompressed, until the zip's deflate
 * catches up (measured: ~0.5 KiB a row, 104 MiB at 200,000 rows). Waiting for that stream to drain after each batch
 * keeps memory at about one batch. Reaches into exceljs's internals (`stream.pipes`), so it is guarded: without them
 * the build still works, only with the old memory profile.
 */
async function sheetDrained(sheet: unknown): Promise<void> {
  const pipes = (sheet as { stream?: { pipes?: unknown } }).stream?.pipes;
  // archiver's PassThrough comes from readable-stream 2, which has no `writableNeedDrain`: read its state instead.
  const sink = Array.isArray(pipes) ? (pipes[0] as (Writable & { _writableState?: { needDrain?: boolean } }) | undefined) : undefined;
  if (sink && typeof sink.once === "function" && (sink.writableNeedDrain ?? sink._writableState?.needDrain)) await once(sink, "drain");
}

/** On failure the descriptor is closed (abandon). Writes the workbook and returns the number of data rows (the banner and header rows not counted). */
export async function writeXlsx(fd: number, opts: XlsxOptions, rows: AsyncIterable<unknown[][]>): Promise<number> {
  const out = fileStream(fd);
  const finished = new Promise<void>((resolve, reject) => {
    out.once("finish", resolve);
    out.once("error", reject);
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = "Warden";
  workbook.created = opts.watermark.createdAt;
  const sheet = workbook.addWorksheet("Export", {
    headerFooter: { ...xlsxHeaderFooter(opts.watermark), differentFirst: false, differentOddEven: false },
    // The banner and the header stay in view while scrolling.
    views: [{ state: "frozen", ySplit: 2 }],
  });
  const width = Math.max(1, opts.header.length);
  const banner = sheet.addRow([watermarkLine(opts.watermark)]);
  banner.font = { bold: true, color: { argb: "FFB00020" } };
  sheet.mergeCells(1, 1, 1, width);
  banner.commit();
  const header = sheet.addRow(opts.header);
  header.font = { bold: true };
  header.commit();
  let count = 0;
  try {
    for await (const batch of rows) {
      for (const row of batch) sheet.addRow(row).commit();
      count += batch.length;
      await sheetDrained(sheet);
      if (out.writableNeedDrain) await drained(out);
      await yieldToLoop();
    }
    sheet.commit();
    await workbook.commit();
    await finished;
  } catch (err) {
    await abandon(out);
    throw err;
  }
  return count;
}
