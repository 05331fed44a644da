import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dbTarget } from "@/lib/db/client";
import { appendLedgerEntries } from "./append";
import { verifyInclusionProofDoc, type InclusionProofDoc } from "./bundle/offline-proof";
import { dropTestCheckpoints, makeTestCheckpoint, testSigner } from "./bundle/test-checkpoint";
import { formatCheckpoint, generateSigner, parseCheckpoint, parseNote, signNote } from "./note";
import { buildInclusionProof, entryProofView } from "./proofs";

const made: number[] = [];
let seqs: number[] = [];
let first: { treeSize: number }, second: { treeSize: number };

const draft = (n: number) => ({
  actorId: "usr_proof",
  actorRole: "auditor",
  action: "test.proved",
  privacyTier: "none" as const,
  resource: "test:proofs",
  purpose: `proof ${n}`,
  decision: "allow" as const,
  requestId: `req-proof-${n}`,
  payload: { n },
});

beforeAll(async () => {
  seqs = (await appendLedgerEntries([1, 2, 3, 4, 5].map(draft))).map((e) => e.seq);
  first = await makeTestCheckpoint(dbTarget(), seqs[2]);
  second = await makeTestCheckpoint(dbTarget(), seqs[4]);
  made.push(first.treeSize, second.treeSize);
});
afterAll(() => dropTestCheckpoints(dbTarget(), made));

async function proofOf(seq: number, treeSize?: number): Promise<InclusionProofDoc> {
  const r = await buildInclusionProof(dbTarget(), seq, { treeSize });
  if (r.status !== "ok") throw new Error(r.message);
  return r.proof;
}

/** `npm run warden -- ARGS` as an operator runs it; DATABASE_URL points nowhere for the offline commands. */
function runWarden(
  args: string[],
  databaseUrl: string | null = process.env.DATABASE_URL!,
  extraEnv: Record<string, string> = {},
): Promise<{ status: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extraEnv };
  if (databaseUrl === null) delete env.DATABASE_URL;
  else env.DATABASE_URL = databaseUrl;
  return new Promise((resolve) => {
    execFile(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/warden.ts", ...args], { env }, (err, stdout, stderr) =>
      resolve({ status: err ? Number(err.code ?? -1) : 0, stdout, stderr }),
    );
  });
}
const NOWHERE = "postgresql://nobody:nothing@127.0.0.1:9/no_such_database";

describe("inclusion proofs", () => {
  it("proves an entry against the smallest checkpoint that covers it, and the proof verifies offline", async () => {
    const proof = await proofOf(seqs[1]);
    expect(proof.tree_size).toBe(first.treeSize);
    expect(proof.leaf_index).toBe(seqs[1] - 1);
    expect(proof.vkey).toBe(testSigner().vkey);
    expect(proof.entry.purpose).toBe("proof 2");
    const r = verifyInclusionProofDoc(JSON.parse(JSON.stringify(proof)), testSigner().vkey);
    expect(r).toMatchObject({ ok: true, seq: seqs[1], treeSize: first.treeSize, trusted: true });
  });

  it("proves against a named, larger checkpoint too", async () => {
    const proof = await proofOf(seqs[0], second.treeSize);
    expect(proof.tree_size).toBe(second.treeSize);
    expect(verifyInclusionProofDoc(proof).ok).toBe(true);
  });

  it("says clearly when no checkpoint covers the entry yet", async () => {
    const [late] = await appendLedgerEntries([draft(6)]);
    const r = await buildInclusionProof(dbTarget(), late.seq);
    expect(r.status).toBe("not_covered");
    if (r.status === "not_covered") {
      expect(r.message).toMatch(/not yet available/);
      expect(r.message).toMatch(/next checkpoint/);
      expect(r.checkpointedSeq).toBeGreaterThanOrEqual(second.treeSize);
    }
  });

  it("refuses a checkpoint that does not cover the entry, and a seq that does not exist", async () => {
    await expect(buildInclusionProof(dbTarget(), seqs[4], { treeSize: first.treeSize })).rejects.toMatchObject({
      code: "validation_failed",
      field: "checkpoint",
    });
    await expect(buildInclusionProof(dbTarget(), 10_000_000)).rejects.toMatchObject({ code: "not_found", field: "seq" });
  });

  it("fails when an entry field changes", async () => {
    const proof = await proofOf(seqs[1]);
    const r = verifyInclusionProofDoc({ ...proof, entry: { ...proof.entry, purpose: "nothing to see" } }, testSigner().vkey);
    expect(r).toMatchObject({ ok: false, kind: "edited" });
    if (!r.ok) expect(r.reason).toContain(`seq ${seqs[1]}`);
  });

  it("fails when a node of the audit path changes", async () => {
    const proof = await proofOf(seqs[1]);
    expect(proof.audit_path.length).toBeGreaterThan(0);
    const path = [...proof.audit_path];
    path[0] = (path[0][0] === "0" ? "1" : "0") + path[0].slice(1);
    expect(verifyInclusionProofDoc({ ...proof, audit_path: path }, testSigner().vkey)).toMatchObject({ ok: false, kind: "bad_path" });
  });

  it("fails when the root changes", async () => {
    const proof = await proofOf(seqs[1]);
    const root = (proof.root_hash[0] === "0" ? "1" : "0") + proof.root_hash.slice(1);
    expect(verifyInclusionProofDoc({ ...proof, root_hash: root }, testSigner().vkey)).toMatchObject({ ok: false, kind: "bad_path" });
  });

  it("fails when the note is replaced by one for another root, even if the path matches it", async () => {
    // A forger rebuilds the checkpoint around the proof's root but cannot sign it with the deployment's key.
    const proof = await proofOf(seqs[1]);
    const body = parseCheckpoint(parseNote(proof.checkpoint).text);
    const forger = generateSigner(testSigner().name);
    const note = signNote(formatCheckpoint({ origin: body.origin, treeSize: body.treeSize, rootHash: body.rootHash }), forger);
    const r = verifyInclusionProofDoc({ ...proof, checkpoint: note }, testSigner().vkey);
    expect(r).toMatchObject({ ok: false, kind: "forged_checkpoint" });
    // An edited note text (another tree size) no longer carries a valid signature either.
    const edited = proof.checkpoint.replace(`\n${body.treeSize}\n`, `\n${body.treeSize + 1}\n`);
    expect(verifyInclusionProofDoc({ ...proof, checkpoint: edited }, testSigner().vkey)).toMatchObject({ ok: false, kind: "forged_checkpoint" });
  });

  it("fails when the key changes: another vkey in the proof, or a trusted key that did not sign", async () => {
    const proof = await proofOf(seqs[1]);
    const other = generateSigner("warden-test-ledger");
    expect(verifyInclusionProofDoc({ ...proof, vkey: other.vkey })).toMatchObject({ ok: false, kind: "forged_checkpoint" });
    expect(verifyInclusionProofDoc(proof, other.vkey)).toMatchObject({ ok: false, kind: "forged_checkpoint" });
    expect(verifyInclusionProofDoc({ ...proof, vkey: null })).toMatchObject({ ok: false, kind: "no_key" });
  });

  it("gives the detail page a view: checkpoint, path and download link, or why there is none yet", async () => {
    const view = await entryProofView(dbTarget(), seqs[1]);
    expect(view).toMatchObject({
      status: "ok",
      treeSize: first.treeSize,
      downloadHref: `/ledger/${seqs[1]}/proof`,
      signedBy: [`${testSigner().name} ${testSigner().keyId}`],
    });
    const [late] = await appendLedgerEntries([draft(8)]);
    expect(await entryProofView(dbTarget(), late.seq)).toMatchObject({ status: "not_covered", message: expect.stringMatching(/not yet available/) });
    expect(await entryProofView(dbTarget(), 10_000_000)).toMatchObject({ status: "unavailable", message: "No ledger entry at seq 10000000" });
  });

  it("fails on a file that is not a proof, naming the field", () => {
    const r = verifyInclusionProofDoc({ format: "something else" });
    expect(r).toMatchObject({ ok: false, kind: "malformed" });
    if (!r.ok) expect(r.reason).toMatch(/^not a Warden inclusion proof: format/);
  });
});

describe("ledger prove and ledger verify --proof (CLI)", () => {
  it("prints a proof that verify --proof checks with no database, and fails a tampered copy with a one-line reason", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "warden-proof-"));
    const file = path.join(dir, "proof.json");
    const prove = await runWarden(["ledger", "prove", String(seqs[2]), "--out", file]);
    expect(prove.stderr).toBe("");
    expect(prove.status).toBe(0);
    const ok = await runWarden(["ledger", "verify", "--proof", file, "--trusted-key", testSigner().vkey], NOWHERE);
    expect(ok.stderr).toBe("");
    expect(ok.stdout).toMatch(new RegExp(`^proof ok: seq ${seqs[2]} is in the signed checkpoint of tree size ${first.treeSize}`));
    expect(ok.status).toBe(0);

    // With no DATABASE_URL at all the default would be a SQLite file in the data dir: it must not appear.
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "warden-proof-nodb-"));
    const unset = await runWarden(["ledger", "verify", "--proof", file, "--trusted-key", testSigner().vkey], null, { WARDEN_DATA_DIR: dataDir });
    expect(unset.status).toBe(0);
    expect(existsSync(path.join(dataDir, "warden.db"))).toBe(false);

    const doc = JSON.parse(readFileSync(file, "utf8")) as InclusionProofDoc;
    writeFileSync(file, JSON.stringify({ ...doc, entry: { ...doc.entry, decision: "deny" } }));
    const bad = await runWarden(["ledger", "verify", "--proof", file, "--trusted-key", testSigner().vkey], NOWHERE);
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    expect(bad.stderr).toMatch(/^proof FAILED \(edited\): seq \d+: the entry's fields do not hash/);
  }, 60_000);

  it("prove without a covering checkpoint exits 1 saying so; a bad seq is a usage error", async () => {
    const [late] = await appendLedgerEntries([draft(7)]);
    const r = await runWarden(["ledger", "prove", String(late.seq)]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/Proof not yet available/);
    expect((await runWarden(["ledger", "prove", "abc"])).status).toBe(2);
  }, 60_000);
});
