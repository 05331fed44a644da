// Per-export secret keys, derived from the deployment's hash key and the export id: nothing to store, nothing that
// leaves the server. One key per use, so a key revealed for one use (say, by a bug) says nothing about another.
import { createHmac } from "node:crypto";
import { env } from "@/lib/core/env";

/** token: channel (a), the export's own `token` mask key; mark: channel (b); link: signed download links. */
export type ExportKeyUse = "token" | "mark" | "link";

export function exportKey(exportId: string, use: ExportKeyUse): Buffer {
  return createHmac("sha256", env().hashKey).update(`warden/export/${use}/v1/${exportId}`).digest();
}
