// Opening a download link (docs/decisions/024-exports.md, issue 8 §4). Order of checks: a link the server did not sign
// (or for an export that does not exist) is 404 with no details; a signed link opened by anyone but the requester is
// 403 and an `exports.download_refused` entry, whatever their role; then expiry (410, saying why); then the file must
// be `ready` and whole on disk. A download is an `exports.downloaded` entry appended BEFORE the first byte: if the
// ledger cannot record it, nothing is sent (law 1).
import { stat } from "node:fs/promises";
import { z } from "zod";
import type { Acting } from "@/lib/core/actor";
import { now } from "@/lib/core/clock";
import { appendLedgerEntry } from "@/lib/ledger/append";
import { linkSignatureValid } from "./download-link";
import { readExport } from "./export-record";
import { exportEntry } from "./export-internals";
import { exportFilePath, exportZipName } from "./files";
import type { ExportRecord } from "./types";

export const ZDownloadQuery = z.object({
  exportId: z.string().regex(/^exp_[0-9a-z]{4,40}$/),
  e: z
    .string()
    .regex(/^\d{1,15}$/)
    .transform(Number),
  s: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  as: z.enum(["zip"]).optional(),
});

export type DownloadOutcome =
  | { ok: true; path: string; fileName: string; bytes: number; zip: boolean; exportId: string }
  | { ok: false; status: 403 | 404 | 409 | 410; reason: string; exportId?: string };

const NOT_FOUND = { ok: false, status: 404, reason: "This download link is not valid." } as const;

export async function authorizeDownload(acting: Acting, query: Record<string, string | undefined>): Promise<DownloadOutcome> {
  const q = ZDownloadQuery.safeParse(query);
  if (!q.success) return NOT_FOUND;
  const { exportId, e, s } = q.data;
  const zip = q.data.as === "zip";
  let exp: ExportRecord;
  try {
    exp = await readExport(exportId);
  } catch {
    return NOT_FOUND;
  }
  if (!linkSignatureValid(exp.id, exp.requesterId, e, s)) return NOT_FOUND;

  if (acting.actor.id !== exp.requesterId) {
    await appendLedgerEntry(
      exportEntry(acting, exp, {
        action: "exports.download_refused",
        decision: "deny",
        purpose: "Download link opened by someone other than the requester",
        payload: { requester_id: exp.requesterId, zip, link_expires_at: new Date(e).toISOString() },
      }),
    );
    return {
      ok: false,
      status: 403,
      reason: "This export was made for someone else: only its requester may download it. The attempt has been recorded.",
      exportId: exp.id,
    };
  }
  if (e <= now().getTime()) {
    return {
      ok: false,
      status: 410,
      reason: `This download link expired at ${new Date(e).toISOString().replace("T", " ").slice(0, 16)} UTC (links last a few minutes). Open "My exports" for a fresh link.`,
      exportId: exp.id,
    };
  }
  if (exp.status === "expired" || exp.fileDeletedAt) {
    return { ok: false, status: 410, reason: "This export has expired and its file was deleted. Request a new export.", exportId: exp.id };
  }
  if (exp.status !== "ready" || !exp.fileName) {
    return { ok: false, status: 409, reason: `This export is not ready to download (it is ${exp.status.replace("_", " ")}).`, exportId: exp.id };
  }
  const fileName = zip ? exportZipName(exp.fileName) : exp.fileName;
  const path = exportFilePath(exp.id, fileName);
  // The build renames each artifact into place only when complete, so a name that exists is a whole file.
  const info = await stat(path).catch(() => null);
  if (!info?.isFile())
    return { ok: false, status: 410, reason: "The file of this export is no longer there. Request a new export.", exportId: exp.id };

  await appendLedgerEntry(
    exportEntry(acting, exp, {
      action: "exports.downloaded",
      purpose: exp.purpose,
      payload: { file: zip ? "zip" : exp.format, file_sha256: exp.fileSha256, bytes: info.size, rows: exp.rowCount },
    }),
  );
  return { ok: true, path, fileName, bytes: info.size, zip, exportId: exp.id };
}
