import { describe, expect, it } from "vitest";
import { formatCheckpoint, generateSigner, noteSignedBy, parseCheckpoint, parseNote, parseSignerKey, parseVerifierKey, signNote } from "./note";

// The published test vector of Go's golang.org/x/mod/sumdb/note, which C2SP signed-note describes: reading it
// proves our key and signature encodings are the ones other transparency-log tooling uses.
const GO_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
const GO_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
const GO_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const GO_SIGNED = `${GO_TEXT}\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;

describe("C2SP signed notes", () => {
  it("reads Go's key pair and verifies and reproduces its signed note (Ed25519 is deterministic)", () => {
    const signer = parseSignerKey(GO_SKEY);
    expect(signer.vkey).toBe(GO_VKEY);
    expect(parseVerifierKey(GO_VKEY).keyId).toBe("c74f20a3");
    expect(noteSignedBy(parseNote(GO_SIGNED), parseVerifierKey(GO_VKEY))).toBe(true);
    expect(signNote(GO_TEXT, signer)).toBe(GO_SIGNED);
  });

  it("a changed text, a changed signature or another key fails", () => {
    const v = parseVerifierKey(GO_VKEY);
    expect(noteSignedBy(parseNote(GO_SIGNED.replace("cryptography", "Cryptography")), v)).toBe(false);
    const other = generateSigner("PeterNeumann");
    expect(noteSignedBy(parseNote(signNote(GO_TEXT, other)), v)).toBe(false);
    expect(noteSignedBy(parseNote(signNote(GO_TEXT, other)), other)).toBe(true);
  });

  it("round-trips a checkpoint body and a fresh key", () => {
    const signer = generateSigner("warden.example/ledger");
    expect(parseSignerKey(signer.skey).vkey).toBe(signer.vkey);
    const body = formatCheckpoint({ origin: "warden.example/ledger", treeSize: 1000, rootHash: Buffer.alloc(32, 7) });
    expect(body).toBe(`warden.example/ledger\n1000\n${Buffer.alloc(32, 7).toString("base64")}\n`);
    const parsed = parseCheckpoint(parseNote(signNote(body, signer)).text);
    expect(parsed).toMatchObject({ origin: "warden.example/ledger", treeSize: 1000, extensions: [] });
    expect(parsed.rootHash.equals(Buffer.alloc(32, 7))).toBe(true);
  });

  it("refuses malformed notes, keys and checkpoints", () => {
    expect(() => parseNote(GO_TEXT)).toThrow(/blank line/);
    expect(() => parseNote(`${GO_TEXT}\n- PeterNeumann abc\n`)).toThrow(/signature line/);
    expect(() => parseVerifierKey(GO_VKEY.replace("c74f20a3", "00000000"))).toThrow(/hash/);
    expect(() => parseCheckpoint("origin\n12x\nAAAA\n")).toThrow(/tree size/);
    expect(() => parseCheckpoint("origin\n12\nAAAA\n")).toThrow(/32 bytes/);
    expect(() => generateSigner("has space")).toThrow(/key name/);
  });
});
