// Files that are either whole or absent: written under a temporary name, fsynced, hashed, then renamed into place
// (and the directory fsynced, so the rename survives a power cut). Private: directories 0700, files 0600.
import { createHash } from "node:crypto";
import { close, createReadStream, createWriteStream, fsync, open as openFd, type WriteStream } from "node:fs";
import { mkdir, open, rename, rm } from "node:fs/promises";
import { promisify } from "node:util";
import path from "node:path";
import type { Writable } from "node:stream";
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from "@/lib/core/private-files";

/** Suffix of a file being written; never served (the flow serves only exportFilePath of a ready export). */
export const PARTIAL_SUFFIX = ".partial";

export async function ensureExportDir(dir: string): Promise<void> {
  await mkdir(path.dirname(dir), { recursive: true, mode: PRIVATE_DIR_MODE });
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/**
 * Opens a new private file for writing; fails if it exists (a concurrent writer of the same name). A plain descriptor,
 * not a FileHandle: Node's FileHandle.sync() never settles after a FileHandle.createWriteStream has ended on it.
 */
export async function openPrivate(file: string): Promise<number> {
  return promisify(openFd)(file, "wx", PRIVATE_FILE_MODE);
}

/** A write stream on the descriptor that leaves it open, for syncAndClose. */
export function fileStream(fd: number, highWaterMark = 1 << 20): WriteStream {
  return createWriteStream("", { fd, autoClose: false, highWaterMark });
}

export function drained(out: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const onDrain = () => (out.off("error", onError), resolve());
    const onError = (err: Error) => (out.off("drain", onDrain), reject(err));
    out.once("drain", onDrain);
    out.once("error", onError);
  });
}

/** Ends the stream and waits until every byte reached the file handle. */
export function endStream(out: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    out.once("error", reject);
    out.end(() => resolve());
  });
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** fsync of the file's bytes, then close. */
export async function syncAndClose(fd: number): Promise<void> {
  try {
    await promisify(fsync)(fd);
  } finally {
    await promisify(close)(fd);
  }
}

/**
 * After a failed write: destroys the stream, which closes its descriptor (even with autoClose off, in Node 20), and
 * waits for that. Callers must not close the descriptor again: its number may already belong to another file.
 */
export async function abandon(out: WriteStream): Promise<void> {
  out.on("error", () => {});
  if (out.closed) return;
  await new Promise<void>((resolve) => {
    out.once("close", () => resolve());
    out.destroy();
  });
}

/** Renames into place and makes the rename durable. */
export async function publish(from: string, to: string): Promise<void> {
  await rename(from, to);
  const dir = await open(path.dirname(to), "r");
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
