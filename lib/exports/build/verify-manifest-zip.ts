// Checks a downloaded export archive offline: the manifest's signature by a trusted key, and that the file in the
// archive is the one the manifest names (SHA-256 and size). Reads the zip with yauzl, the file streamed.
import { createHash } from "node:crypto";
import yauzl from "yauzl";
import type { Verifier } from "@/lib/ledger/note";
import { MANIFEST_NAME, MANIFEST_SIG_NAME, NOTICE_NAME, verifyManifestText, type ExportManifest } from "./manifest";

export type ZipCheck = { ok: true; manifest: ExportManifest; keyId: string } | { ok: false; reason: string };

const SMALL = 1 << 20;

interface Read {
  small: Map<string, string>;
  hashes: Map<string, { sha256: string; bytes: number }>;
}

function readZip(file: string): Promise<Read> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, strictFileNames: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error("cannot open the zip"));
      const small = new Map<string, string>();
      const hashes = new Map<string, { sha256: string; bytes: number }>();
      zip.on("error", reject);
      zip.on("end", () => resolve({ small, hashes }));
      zip.on("entry", (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error(`cannot read ${entry.fileName}`));
          const hash = createHash("sha256");
          const chunks: Buffer[] = [];
          let bytes = 0;
          stream.on("data", (c: Buffer) => {
            hash.update(c);
            bytes += c.length;
            if (bytes <= SMALL) chunks.push(c);
          });
          stream.on("error", reject);
          stream.on("end", () => {
            hashes.set(entry.fileName, { sha256: hash.digest("hex"), bytes });
            if (bytes <= SMALL) small.set(entry.fileName, Buffer.concat(chunks).toString("utf8"));
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

export async function verifyManifestZip(file: string, trusted: readonly Verifier[]): Promise<ZipCheck> {
  let read: Read;
  try {
    read = await readZip(file);
  } catch (err) {
    return { ok: false, reason: `not a readable zip: ${err instanceof Error ? err.message : String(err)}` };
  }
  const text = read.small.get(MANIFEST_NAME);
  const sig = read.small.get(MANIFEST_SIG_NAME);
  if (text === undefined || sig === undefined) return { ok: false, reason: `the zip has no ${MANIFEST_NAME} and ${MANIFEST_SIG_NAME}` };
  if (!read.small.has(NOTICE_NAME)) return { ok: false, reason: `the zip has no ${NOTICE_NAME}` };
  const checked = verifyManifestText(text, sig, trusted);
  if (!checked.ok) return checked;
  const m = checked.manifest;
  const got = read.hashes.get(m.file_name);
  if (!got) return { ok: false, reason: `the zip does not hold ${m.file_name}, the file the manifest names` };
  if (got.sha256 !== m.file_sha256) return { ok: false, reason: `${m.file_name} has SHA-256 ${got.sha256}; the manifest says ${m.file_sha256}` };
  if (got.bytes !== m.file_bytes) return { ok: false, reason: `${m.file_name} has ${got.bytes} bytes; the manifest says ${m.file_bytes}` };
  const extra = [...read.hashes.keys()].filter((n) => ![m.file_name, MANIFEST_NAME, MANIFEST_SIG_NAME, NOTICE_NAME].includes(n));
  if (extra.length > 0) return { ok: false, reason: `the zip holds files the manifest does not name: ${extra.join(", ")}` };
  return checked;
}
