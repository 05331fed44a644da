// The download archive: the file, its NOTICE and the signed manifest, streamed by yazl (the file is read from disk as
// it is compressed, never held in memory). CSV is deflated; XLSX is already a zip, so it is stored.
import path from "node:path";
import yazl from "yazl";
import { abandon, fileStream } from "./durable-file";
import { MANIFEST_NAME, MANIFEST_SIG_NAME, NOTICE_NAME } from "./manifest";

export interface ZipParts {
  /** The finished export file on disk, and the name it has inside the zip. */
  filePath: string;
  fileName: string;
  notice: string;
  manifest: string;
  manifestSignature: string;
  mtime: Date;
}

export async function writeExportZip(fd: number, parts: ZipParts): Promise<void> {
  const out = fileStream(fd);
  const zip = new yazl.ZipFile();
  const done = new Promise<void>((resolve, reject) => {
    out.once("finish", resolve);
    out.once("error", reject);
  });
  zip.outputStream.pipe(out);
  const opts = { mtime: parts.mtime, mode: 0o100600 };
  // Level 1: a CSV of masked values still shrinks about 3×, at a third of the default level's CPU time.
  zip.addFile(parts.filePath, path.basename(parts.fileName), { ...opts, compressionLevel: parts.fileName.endsWith(".xlsx") ? 0 : 1 });
  zip.addBuffer(Buffer.from(parts.notice, "utf8"), NOTICE_NAME, opts);
  zip.addBuffer(Buffer.from(parts.manifest, "utf8"), MANIFEST_NAME, opts);
  zip.addBuffer(Buffer.from(parts.manifestSignature, "utf8"), MANIFEST_SIG_NAME, opts);
  zip.end();
  try {
    await done;
  } catch (err) {
    await abandon(out);
    throw err;
  }
}
