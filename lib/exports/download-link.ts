// Signed, expiring download links (docs/decisions/024-exports.md): HMAC-SHA256 under the export's own link key over
// the export id, the recipient and the expiry. Only a link the server signed for that person, still in time, opens.
import { createHmac, timingSafeEqual } from "node:crypto";
import { now } from "@/lib/core/clock";
import { env } from "@/lib/core/env";
import { exportKey } from "./export-keys";

function sign(exportId: string, recipientId: string, expiresMs: number): string {
  return createHmac("sha256", exportKey(exportId, "link")).update(`${exportId}\n${recipientId}\n${expiresMs}`).digest("base64url");
}

/** A console path to download the export's file (or its zip), valid for env().exportLinkMinutes. */
export function downloadLink(exportId: string, recipientId: string, opts: { zip?: boolean; at?: Date } = {}): { href: string; expiresAt: Date } {
  const expiresMs = (opts.at ?? now()).getTime() + env().exportLinkMinutes * 60_000;
  const q = new URLSearchParams({ e: String(expiresMs), s: sign(exportId, recipientId, expiresMs) });
  if (opts.zip) q.set("as", "zip");
  return { href: `/exports/${encodeURIComponent(exportId)}/download?${q}`, expiresAt: new Date(expiresMs) };
}

/** Whether `s` is the link signature for this export, recipient and expiry (constant time). */
export function linkSignatureValid(exportId: string, recipientId: string, expiresMs: number, s: string): boolean {
  const want = Buffer.from(sign(exportId, recipientId, expiresMs));
  const got = Buffer.from(s);
  return got.length === want.length && timingSafeEqual(got, want);
}
