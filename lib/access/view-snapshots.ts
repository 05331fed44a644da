import "server-only";
// A gated result, kept for a short while so the same user can come back to it (from a record back to the search
// results, a reload) without reading the data again and writing a second ledger entry for the same access.
// Sealed with AES-256-GCM under a key derived from the server secret, bound to the user and the kind; the URL
// carries only the opaque id, never a name or a purpose. Expired snapshots are deleted on the way.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { now } from "@/lib/core/clock";
import { env } from "@/lib/core/env";
import { newId } from "@/lib/core/ids";
import { getDb } from "@/lib/db/client";

export type SnapshotKind = "people.search" | "people.record";

export const SNAPSHOT_ID_PATTERN = /^viw_[0-9a-z]{8,40}$/;

let key: Buffer | null = null;
function sealingKey(): Buffer {
  key ??= Buffer.from(hkdfSync("sha256", env().authSecret, "warden", "view-snapshot/v1", 32));
  return key;
}

function aad(userId: string, kind: SnapshotKind): Buffer {
  return Buffer.from(`${userId}|${kind}`);
}

export function seal(userId: string, kind: SnapshotKind, value: unknown): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", sealingKey(), iv);
  cipher.setAAD(aad(userId, kind));
  const body = Buffer.concat([cipher.update(JSON.stringify(value), "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
}

export function unseal<T>(userId: string, kind: SnapshotKind, sealed: string): T | null {
  try {
    const raw = Buffer.from(sealed, "base64url");
    const decipher = createDecipheriv("aes-256-gcm", sealingKey(), raw.subarray(0, 12));
    decipher.setAAD(aad(userId, kind));
    decipher.setAuthTag(raw.subarray(12, 28));
    return JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8")) as T;
  } catch {
    return null; // another user's, another kind's, or altered: as good as absent
  }
}

export async function saveViewSnapshot(userId: string, kind: SnapshotKind, ledgerSeq: number, value: unknown): Promise<string> {
  const at = now();
  const db = getDb();
  const id = newId("viw", 16);
  await db.viewSnapshot.create({
    data: {
      id,
      userId,
      kind,
      ledgerSeq,
      createdAt: at,
      expiresAt: new Date(at.getTime() + env().viewTtlSeconds * 1000),
      sealed: seal(userId, kind, value),
    },
  });
  // Housekeeping on the write path: cheap (indexed), and expired personal data does not linger.
  await db.viewSnapshot.deleteMany({ where: { expiresAt: { lte: at } } });
  return id;
}

export interface LoadedSnapshot<T> {
  value: T;
  ledgerSeq: number;
  createdAt: Date;
  expiresAt: Date;
}

/** The snapshot when it is this user's, of this kind and unexpired; null otherwise (never says which). */
export async function loadViewSnapshot<T>(userId: string, kind: SnapshotKind, id: string): Promise<LoadedSnapshot<T> | null> {
  if (!SNAPSHOT_ID_PATTERN.test(id)) return null;
  const row = await getDb().viewSnapshot.findUnique({
    where: { id },
    select: { userId: true, kind: true, ledgerSeq: true, createdAt: true, expiresAt: true, sealed: true },
  });
  if (!row || row.userId !== userId || row.kind !== kind || row.expiresAt <= now()) return null;
  const value = unseal<T>(userId, kind, row.sealed);
  return value === null ? null : { value, ledgerSeq: row.ledgerSeq, createdAt: row.createdAt, expiresAt: row.expiresAt };
}
