// The download archive: the file, its NOTICE and the signed manifest, streamed by yazl. A CSV is deflated as it is
// written (openStreamingExportZip: its bytes go to the file and to the zip's deflate at once, so the deflate runs on
// libuv's thread pool beside the build, and the file is never read back); an XLSX (exceljs writes its own file) is
// read from disk once finished and stored, since it is already a zip.
import { createHash } from "node:crypto";
import path from "node:path";
import { PassThrough, type Writable } from "node:stream";
import yazl from "yazl";
import { abandon, fileStream } from "./durable-file";
import { MANIFEST_NAME, MANIFEST_SIG_NAME, NOTICE_NAME } from "./manifest";

export interface ZipTail {
  notice: string;
  manifest: string;
  manifestSignature: string;
}

export interface ZipParts extends ZipTail {
  /** The finished export file on disk, and the name it has inside the zip. */
  filePath: string;
  fileName: string;
  mtime: Date;
}

/** The archive on `fd`, its bytes hashed as they are written. */
function openZip(fd: number) {
  const out = fileStream(fd);
  const zip = new yazl.ZipFile();
  const hash = createHash("sha256");
  const done = new Promise<void>((resolve, reject) => {
    out.once("finish", resolve);
    out.once("error", reject);
    zip.outputStream.once("error", reject);
    zip.once("error", reject);
  });
  // Unhandled until `done` is awaited: an early failure must not crash the process before the build sees it.
  done.catch(() => {});
  zip.outputStream.on("data", (chunk: Buffer) => hash.update(chunk));
  zip.outputStream.pipe(out);
  return { out, zip, hash, done };
}

function addTail(zip: yazl.ZipFile, tail: ZipTail, opts: { mtime: Date; mode: number }): void {
  zip.addBuffer(Buffer.from(tail.notice, "utf8"), NOTICE_NAME, opts);
  zip.addBuffer(Buffer.from(tail.manifest, "utf8"), MANIFEST_NAME, opts);
  zip.addBuffer(Buffer.from(tail.manifestSignature, "utf8"), MANIFEST_SIG_NAME, opts);
}

/** Writes the archive of a finished file; returns the archive's SHA-256 (hex). */
export async function writeExportZip(fd: number, parts: ZipParts): Promise<string> {
  const { out, zip, hash, done } = openZip(fd);
  const opts = { mtime: parts.mtime, mode: 0o100600 };
  zip.addFile(parts.filePath, path.basename(parts.fileName), { ...opts, compressionLevel: parts.fileName.endsWith(".xlsx") ? 0 : 1 });
  addTail(zip, parts, opts);
  zip.end();
  try {
    await done;
  } catch (err) {
    await abandon(out);
    throw err;
  }
  return hash.digest("hex");
}

export interface StreamingExportZip {
  /** Takes the export file's bytes, in order, as they are written to the file; end it with the file. */
  entry: Writable;
  /**
   * After `entry` ended: adds NOTICE, manifest and signature, ends the archive, waits for its last byte; its SHA-256.
   * On failure, call abandon.
   */
  finish(tail: ZipTail): Promise<string>;
  /** After a failure: stops the archive and closes its descriptor (callers must not close it again). */
  abandon(): Promise<void>;
}

/**
 * An archive whose first entry, `fileName`, is fed while the file is written (a local header, the deflated bytes, a
 * data descriptor with the CRC and sizes; any unzip reads it). Level 1: a CSV of masked values still shrinks about
 * 3×, at a third of the default level's CPU time.
 */
export function openStreamingExportZip(fd: number, a: { fileName: string; mtime: Date }): StreamingExportZip {
  const { out, zip, hash, done } = openZip(fd);
  const opts = { mtime: a.mtime, mode: 0o100600 };
  // Below one chunk (a batch of CSV is ~170 KB): every write waits for the previous chunk to move on to the deflate
  // (write-csv.ts says why).
  const entry = new PassThrough({ highWaterMark: 1 << 16 });
  zip.addReadStream(entry, path.basename(a.fileName), { ...opts, compressionLevel: 1 });
  return {
    entry,
    async finish(tail) {
      addTail(zip, tail, opts);
      zip.end();
      await done;
      return hash.digest("hex");
    },
    async abandon() {
      entry.destroy();
      zip.outputStream.unpipe(out);
      await abandon(out);
    },
  };
}
