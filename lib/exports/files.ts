// Where an export's artifacts live and what they are called. The build writes each one under a temporary name and
// renames it into place only when it is complete and hashed, so a path below exists only for a whole file.
import path from "node:path";
import { env } from "@/lib/core/env";
import type { ExportFormat } from "./types";

/** Keeps a name segment to letters, digits and `.@_+-` (anything else becomes `-`), so it is safe in every OS and header. */
function segment(text: string): string {
  return (
    text
      .replace(/[^A-Za-z0-9.@_+-]+/g, "-")
      .replace(/^[.-]+/, "")
      .slice(0, 120) || "unknown"
  );
}

/** `{dataset}__{export id}__{recipient}__{UTC date}__CONFIDENTIAL.{ext}` (the visible watermark in the name). */
export function exportFileName(a: { datasetRef: string; exportId: string; recipient: string; at: Date; format: ExportFormat }): string {
  const day = a.at.toISOString().slice(0, 10);
  return `${segment(a.datasetRef)}__${segment(a.exportId)}__${segment(a.recipient)}__${day}__CONFIDENTIAL.${a.format}`;
}

/** The zip that carries the file with its NOTICE and signed manifest: the file's name with `.zip` for its extension. */
export function exportZipName(fileName: string): string {
  return fileName.replace(/\.(csv|xlsx)$/, "") + ".zip";
}

/** The export's private directory (created by the build with mode 0700). */
export function exportDir(exportId: string): string {
  if (!/^exp_[0-9a-z]+$/.test(exportId)) throw new Error(`not an export id: ${exportId}`);
  return path.join(env().exportDir, exportId);
}

export function exportFilePath(exportId: string, fileName: string): string {
  return path.join(exportDir(exportId), path.basename(fileName));
}
