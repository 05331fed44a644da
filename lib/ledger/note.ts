// C2SP signed notes (https://c2sp.org/signed-note) and transparency-log checkpoints (https://c2sp.org/tlog-checkpoint),
// with Ed25519 keys in the same text forms Go's golang.org/x/mod/sumdb/note uses, so existing tooling reads what we
// write. Pure: no files, no database.
//
//   checkpoint body:  <origin>\n<tree size>\n<base64 root>\n[extension lines]
//   signed note:      <body>\n— <key name> <base64(4-byte key hash || 64-byte signature)>\n …
//   verifier key:     <name>+<hex key hash>+<base64(0x01 || 32-byte public key)>
//   signer key:       PRIVATE+KEY+<name>+<hex key hash>+<base64(0x01 || 32-byte seed)>
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from "node:crypto";

const ED25519 = 0x01;
const SIG_PREFIX = "— "; // U+2014 EM DASH, then a space
// PKCS#8 and SPKI DER prefixes for a raw 32-byte Ed25519 seed / public key (RFC 8410).
const PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");
const SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

export interface Verifier {
  name: string;
  /** The 4-byte key hash as 8 hex digits: the key id checkpoints carry. */
  keyId: string;
  publicKey: Buffer;
  /** `<name>+<keyId>+<base64>`: the public key as it is published and put in bundles. */
  vkey: string;
}

export interface Signer extends Verifier {
  skey: string;
  privateKey: KeyObject;
}

/** A valid key name: non-empty, no whitespace, no plus sign (C2SP signed-note). */
function checkName(name: string): string {
  if (!name || /[\s+]/u.test(name)) throw new Error(`invalid key name ${JSON.stringify(name)}: no spaces or '+'`);
  return name;
}

/** The key hash: the first 4 bytes of SHA-256(name || "\n" || 0x01 || public key). */
function keyHash(name: string, publicKey: Buffer): Buffer {
  return createHash("sha256")
    .update(Buffer.from(`${name}\n`, "utf8"))
    .update(Buffer.from([ED25519]))
    .update(publicKey)
    .digest()
    .subarray(0, 4);
}

function verifierFrom(name: string, publicKey: Buffer): Verifier {
  const keyId = keyHash(name, publicKey).toString("hex");
  return { name, keyId, publicKey, vkey: `${name}+${keyId}+${Buffer.concat([Buffer.from([ED25519]), publicKey]).toString("base64")}` };
}

function signerFromSeed(name: string, seed: Buffer): Signer {
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: "der", type: "pkcs8" });
  const spki = createPublicKey(privateKey).export({ format: "der", type: "spki" });
  const v = verifierFrom(name, Buffer.from(spki.subarray(SPKI_PREFIX.length)));
  return { ...v, privateKey, skey: `PRIVATE+KEY+${name}+${v.keyId}+${Buffer.concat([Buffer.from([ED25519]), seed]).toString("base64")}` };
}

export function generateSigner(name: string): Signer {
  const { privateKey } = generateKeyPairSync("ed25519");
  const der = privateKey.export({ format: "der", type: "pkcs8" });
  return signerFromSeed(checkName(name), Buffer.from(der.subarray(PKCS8_PREFIX.length)));
}

export function parseSignerKey(skey: string): Signer {
  const parts = splitKey(skey, 5);
  if (parts.length !== 5 || parts[0] !== "PRIVATE" || parts[1] !== "KEY") throw new Error("not a signer key (PRIVATE+KEY+name+hash+key)");
  const raw = Buffer.from(parts[4], "base64");
  if (raw.length !== 33 || raw[0] !== ED25519) throw new Error("signer key is not an Ed25519 key");
  const signer = signerFromSeed(checkName(parts[2]), raw.subarray(1));
  if (signer.keyId !== parts[3].toLowerCase()) throw new Error("signer key's hash does not match its key");
  return signer;
}

export function parseVerifierKey(vkey: string): Verifier {
  const parts = splitKey(vkey, 3);
  if (parts.length !== 3) throw new Error("not a verifier key (name+hash+key)");
  const raw = Buffer.from(parts[2], "base64");
  if (raw.length !== 33 || raw[0] !== ED25519) throw new Error("verifier key is not an Ed25519 key");
  const v = verifierFrom(checkName(parts[0]), raw.subarray(1));
  if (v.keyId !== parts[1].toLowerCase()) throw new Error("verifier key's hash does not match its key");
  return v;
}

/** Splits on the first `n - 1` plus signs: the last field is base64, which may itself contain '+'. */
function splitKey(key: string, n: number): string[] {
  const parts = key.trim().split("+");
  return parts.length < n ? parts : [...parts.slice(0, n - 1), parts.slice(n - 1).join("+")];
}

export interface NoteSignature {
  name: string;
  keyId: string;
  signature: Buffer;
}

export interface Note {
  /** The signed text: every line up to and including the newline before the blank line. */
  text: string;
  signatures: NoteSignature[];
}

/** Signs `text` (which must end in a newline and contain no blank line) and returns the whole signed note. */
export function signNote(text: string, signer: Signer): string {
  if (!text.endsWith("\n") || text.includes("\n\n")) throw new Error("a note's text ends with a newline and has no blank line");
  const sig = sign(null, Buffer.from(text, "utf8"), signer.privateKey);
  const blob = Buffer.concat([Buffer.from(signer.keyId, "hex"), sig]).toString("base64");
  return `${text}\n${SIG_PREFIX}${signer.name} ${blob}\n`;
}

/** Parses one signed note; throws on anything malformed. Signatures are not checked here. */
export function parseNote(signed: string): Note {
  const split = signed.lastIndexOf("\n\n");
  if (split < 0) throw new Error("a signed note needs a blank line between its text and its signatures");
  const text = signed.slice(0, split + 1);
  if (text.includes("\n\n")) throw new Error("a note's text has no blank line");
  const lines = signed.slice(split + 2).split("\n");
  if (lines.pop() !== "") throw new Error("a signed note ends with a newline");
  if (lines.length === 0) throw new Error("a signed note has at least one signature");
  const signatures = lines.map((line) => {
    if (!line.startsWith(SIG_PREFIX)) throw new Error(`not a signature line: ${JSON.stringify(line.slice(0, 40))}`);
    const [name, b64, extra] = line.slice(SIG_PREFIX.length).split(" ");
    if (!name || !b64 || extra !== undefined) throw new Error("a signature line is '— <name> <base64>'");
    const blob = Buffer.from(b64, "base64");
    if (blob.length < 5) throw new Error("a signature is too short");
    return { name, keyId: blob.subarray(0, 4).toString("hex"), signature: blob.subarray(4) };
  });
  return { text, signatures };
}

/** Whether `note` carries a valid signature by `verifier` (matched by name and key id, then checked). */
export function noteSignedBy(note: Note, verifier: Verifier): boolean {
  return note.signatures.some(
    (s) =>
      s.name === verifier.name && s.keyId === verifier.keyId && verify(null, Buffer.from(note.text, "utf8"), publicKeyObject(verifier), s.signature),
  );
}

// verify checks every checkpoint against the same few verifiers: one key object each, not one per signature.
const keyObjects = new WeakMap<Verifier, KeyObject>();
function publicKeyObject(v: Verifier): KeyObject {
  let key = keyObjects.get(v);
  if (!key) {
    key = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, v.publicKey]), format: "der", type: "spki" });
    keyObjects.set(v, key);
  }
  return key;
}

export interface CheckpointBody {
  origin: string;
  treeSize: number;
  rootHash: Buffer;
  /** Extension lines, kept verbatim (none written today). */
  extensions: string[];
}

export function formatCheckpoint(c: Omit<CheckpointBody, "extensions"> & { extensions?: string[] }): string {
  return [c.origin, String(c.treeSize), c.rootHash.toString("base64"), ...(c.extensions ?? [])].join("\n") + "\n";
}

export function parseCheckpoint(text: string): CheckpointBody {
  const lines = text.split("\n");
  if (lines.pop() !== "" || lines.length < 3) throw new Error("a checkpoint has an origin, a tree size and a root hash, one per line");
  const [origin, size, root, ...extensions] = lines;
  if (!/^(0|[1-9][0-9]*)$/.test(size) || !Number.isSafeInteger(Number(size))) throw new Error(`tree size ${JSON.stringify(size)} is not a number`);
  const rootHash = Buffer.from(root, "base64");
  if (rootHash.length !== 32 || rootHash.toString("base64") !== root) throw new Error("root hash is not 32 bytes of base64");
  return { origin, treeSize: Number(size), rootHash, extensions };
}
