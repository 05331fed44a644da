// XLSX with exceljs's streaming WorkbookWriter: each row is committed (serialised and handed to the zip) as soon as
// it is added, so memory holds one batch. Backpressure: after each batch, wait while the file stream is full, and
// yield to the event loop so the zip's deflate can catch up before the next batch.
import ExcelJS from "exceljs";
import { abandon, drained, fileStream } from "./durable-file";
import { xlsxHeaderFooter, watermarkLine, type WatermarkFacts } from "./watermark";

export interface XlsxOptions {
  header: string[];
  watermark: WatermarkFacts;
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

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
