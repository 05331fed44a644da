// A minimal POSIX ustar writer and reader for evidence bundles: regular files only, names up to 100 bytes, members up
// to 8 GiB. Our own rather than a package: ~100 lines, no dependency for the recipient's verifier to trust, and the
// reader indexes members by offset, so verification streams entries.ndjson straight from the file (random access)
// whatever order the members come in. Any `tar -xf` unpacks what this writes (docs/decisions/019).
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import { Readable } from "node:stream";

const BLOCK = 512;
const MAX_SIZE = 8 ** 11 - 1; // 11 octal digits

export interface TarMember {
  name: string;
  /** Where the member's bytes start in the file. */
  offset: number;
  size: number;
}

function octal(n: number, width: number): string {
  return n.toString(8).padStart(width - 1, "0") + "\0";
}

function header(name: string, size: number, mtimeSeconds: number): Buffer {
  const h = Buffer.alloc(BLOCK);
  const nameBytes = Buffer.from(name, "utf8");
  if (nameBytes.length > 100) throw new Error(`tar member name too long: ${name}`);
  if (size > MAX_SIZE) throw new Error(`tar member ${name} is larger than 8 GiB`);
  nameBytes.copy(h, 0);
  h.write(octal(0o644, 8), 100, "ascii");
  h.write(octal(0, 8), 108, "ascii");
  h.write(octal(0, 8), 116, "ascii");
  h.write(octal(size, 12), 124, "ascii");
  h.write(octal(mtimeSeconds, 12), 136, "ascii");
  h.write("        ", 148, "ascii");
  h.write("0", 156, "ascii");
  h.write("ustar\0", 257, "ascii");
  h.write("00", 263, "ascii");
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, "0") + "\0 ", 148, "ascii");
  return h;
}

/** Writes `members` (name, file on disk) into a tar at `out`; returns the archive's sha256 (hex) and size. */
export async function writeTar(out: string, members: Array<{ name: string; file: string }>, mtime: Date): Promise<{ sha256: string; size: number }> {
  const fh = await open(out, "w", 0o600);
  const digest = createHash("sha256");
  let size = 0;
  const put = async (buf: Buffer) => {
    digest.update(buf);
    size += buf.length;
    await fh.write(buf);
  };
  try {
    for (const m of members) {
      const { size: bytes } = await stat(m.file);
      await put(header(m.name, bytes, Math.floor(mtime.getTime() / 1000)));
      for await (const chunk of createReadStream(m.file)) await put(chunk as Buffer);
      const pad = (BLOCK - (bytes % BLOCK)) % BLOCK;
      if (pad) await put(Buffer.alloc(pad));
    }
    await put(Buffer.alloc(BLOCK * 2));
  } finally {
    await fh.close();
  }
  return { sha256: digest.digest("hex"), size };
}

function readOctal(h: Buffer, start: number, len: number): number {
  const text = h
    .toString("ascii", start, start + len)
    .replace(/\0.*$/s, "")
    .trim();
  if (!/^[0-7]+$/.test(text)) throw new Error("not a tar file (a header field is not octal)");
  return parseInt(text, 8);
}

/** The regular-file members of a ustar file, by offset. Throws on anything that is not a plain tar of files. */
export async function indexTar(file: string): Promise<TarMember[]> {
  const fh = await open(file, "r");
  try {
    const { size: total } = await fh.stat();
    const members: TarMember[] = [];
    let pos = 0;
    for (;;) {
      if (pos + BLOCK > total) throw new Error("not a tar file (it ends inside a header)");
      const h = Buffer.alloc(BLOCK);
      await fh.read(h, 0, BLOCK, pos);
      if (h.every((b) => b === 0)) return members;
      const stored = readOctal(h, 148, 8);
      h.write("        ", 148, "ascii");
      let sum = 0;
      for (const b of h) sum += b;
      if (sum !== stored) throw new Error(`not a tar file (header checksum fails at byte ${pos})`);
      const name = h.toString("utf8", 0, 100).replace(/\0.*$/s, "");
      const prefix = h.toString("ascii", 257, 263) === "ustar\0" ? h.toString("utf8", 345, 500).replace(/\0.*$/s, "") : "";
      const size = readOctal(h, 124, 12);
      const type = String.fromCharCode(h[156]);
      if (type !== "0" && type !== "\0") throw new Error(`tar member ${name} is not a regular file`);
      const offset = pos + BLOCK;
      if (offset + size > total) throw new Error(`tar member ${name} is cut short`);
      members.push({ name: prefix ? `${prefix}/${name}` : name, offset, size });
      pos = offset + Math.ceil(size / BLOCK) * BLOCK;
    }
  } finally {
    await fh.close();
  }
}

export function memberStream(file: string, m: TarMember): Readable {
  // createReadStream's end is inclusive, so an empty member needs its own empty stream.
  if (m.size === 0) return Readable.from([]);
  return createReadStream(file, { start: m.offset, end: m.offset + m.size - 1 });
}

/** A small member's text (manifest, keys, notes); `limit` guards against a bundle crafted to exhaust memory. */
export async function memberText(file: string, m: TarMember, limit = 64 * 1024 * 1024): Promise<string> {
  if (m.size > limit) throw new Error(`tar member ${m.name} is larger than ${limit} bytes`);
  const fh = await open(file, "r");
  try {
    const buf = Buffer.alloc(m.size);
    if (m.size) await fh.read(buf, 0, m.size, m.offset);
    return buf.toString("utf8");
  } finally {
    await fh.close();
  }
}

export async function memberSha256(file: string, m: TarMember): Promise<string> {
  const digest = createHash("sha256");
  for await (const chunk of memberStream(file, m)) digest.update(chunk as Buffer);
  return digest.digest("hex");
}
