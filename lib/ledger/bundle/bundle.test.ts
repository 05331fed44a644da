import { execFile, execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { open } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dbTarget, getDb } from "@/lib/db/client";
import { appendLedgerEntries } from "../append";
import type { LedgerEntry } from "../entry";
import { formatCheckpoint, generateSigner, parseCheckpoint, parseNote, signNote } from "../note";
import { buildEvidenceBundle, type BuiltBundle } from "./build-bundle";
import { downloadEvidenceBundle } from "./download-bundle";
import { checkpointMember, MEMBERS, type Manifest } from "./manifest";
import type { InclusionProofDoc } from "./offline-proof";
import { dropTestCheckpoints, makeTestCheckpoint, testSigner } from "./test-checkpoint";
import { indexTar, writeTar } from "./ustar";
import { verifyEvidenceBundle } from "./verify-bundle";

const ACTOR = "usr_bundle_a";
const made: number[] = [];
let entries: LedgerEntry[] = [];
let sizes: number[] = [];
let dir: string;
let base: BuiltBundle;

const draft = (n: number) => ({
  actorId: n % 3 === 0 ? ACTOR : "usr_bundle_b",
  actorRole: "auditor",
  action: "test.bundled",
  privacyTier: "none" as const,
  resource: "test:bundle",
  purpose: `bundle ${n}`,
  decision: "allow" as const,
  requestId: `req-bundle-${n}`,
  payload: { n },
});

const period = () => ({ from: entries[0].occurredAt, to: entries[entries.length - 1].occurredAt });

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "warden-bundle-test-"));
  entries = await appendLedgerEntries([0, 1, 2, 3, 4, 5, 6, 7].map(draft));
  for (const i of [2, 5, 7]) made.push((await makeTestCheckpoint(dbTarget(), entries[i].seq)).treeSize);
  sizes = made;
  base = await buildEvidenceBundle(dbTarget(), { ...period(), actor: ACTOR }, path.join(dir, "base.tar"));
});
afterAll(async () => {
  await dropTestCheckpoints(dbTarget(), made);
  rmSync(dir, { recursive: true, force: true });
});

/** Every member of a bundle, by name, in order. */
async function unpack(file: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  const fh = await open(file, "r");
  try {
    for (const m of await indexTar(file)) {
      const buf = Buffer.alloc(m.size);
      await fh.read(buf, 0, m.size, m.offset);
      out.set(m.name, buf);
    }
  } finally {
    await fh.close();
  }
  return out;
}

/** Repacks members into a new bundle; `rehash`: the manifest is brought in line, as a careful forger would. */
async function repack(members: Map<string, Buffer>, rehash = true): Promise<string> {
  const work = mkdtempSync(path.join(dir, "repack-"));
  if (rehash) {
    const manifest = JSON.parse(members.get(MEMBERS.manifest)!.toString("utf8")) as Manifest;
    manifest.members = manifest.members
      .filter((m) => members.has(m.name))
      .map((m) => ({ name: m.name, size: members.get(m.name)!.length, sha256: createHash("sha256").update(members.get(m.name)!).digest("hex") }));
    members.set(MEMBERS.manifest, Buffer.from(JSON.stringify(manifest)));
  }
  const list = [...members].map(([name, buf], i) => {
    const file = path.join(work, String(i));
    writeFileSync(file, buf);
    return { name, file };
  });
  const out = path.join(work, "bundle.tar");
  await writeTar(out, list, new Date());
  return out;
}

const ndjson = (buf: Buffer) => buf.toString("utf8").split("\n").filter(Boolean);
const fromNdjson = (lines: string[]) => Buffer.from(lines.map((l) => l + "\n").join(""));
const seqOfLine = (line: string) => (JSON.parse(line) as { seq: number }).seq;

function runWarden(args: string[], databaseUrl = process.env.DATABASE_URL!): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["node_modules/tsx/dist/cli.mjs", "scripts/warden.ts", ...args],
      { env: { ...process.env, DATABASE_URL: databaseUrl } },
      (err, stdout, stderr) => resolve({ status: err ? Number(err.code ?? -1) : 0, stdout, stderr }),
    );
  });
}
const NOWHERE = "postgresql://nobody:nothing@127.0.0.1:9/no_such_database";

describe("evidence bundles", () => {
  it("round trip: holds the period's entries, checkpoints, consistency and subset proofs, and verifies against the trusted key", async () => {
    const m = base.manifest;
    expect(m.entries.last_seq).toBe(entries[7].seq);
    expect(m.entries.first_seq).toBeLessThanOrEqual(entries[0].seq);
    expect(m.checkpoints).toEqual(sizes.filter((s) => s >= m.entries.first_seq));
    expect(m.subset.count).toBe(entries.filter((e) => e.actorId === ACTOR).length);
    expect(m.not_covered).toBeNull();
    const r = await verifyEvidenceBundle(base.file, testSigner().vkey);
    expect(r).toMatchObject({ ok: true, entries: m.entries.count, checkpoints: 3, proofs: 3, trusted: true });
    // Plain tar reads it; the README tells the recipient how to check it.
    const listing = execFileSync("tar", ["-tf", base.file], { encoding: "utf8" }).trim().split("\n");
    expect(listing).toEqual(expect.arrayContaining([MEMBERS.manifest, MEMBERS.readme, MEMBERS.entries, MEMBERS.keys, checkpointMember(sizes[0])]));
    const readme = (await unpack(base.file)).get(MEMBERS.readme)!.toString("utf8");
    expect(readme).toMatch(/ledger verify --bundle THIS_FILE --trusted-key/);
    expect(readme).toMatch(/WHAT IT DOES NOT PROVE/);
    expect(createHash("sha256").update(readFileSync(base.file)).digest("hex")).toBe(base.sha256);
  });

  it("leaves out entries no checkpoint covers yet, says so, and still verifies", async () => {
    await appendLedgerEntries([draft(8)]);
    const b = await buildEvidenceBundle(dbTarget(), { from: entries[0].occurredAt }, path.join(dir, "open.tar"));
    expect(b.manifest.entries.last_seq).toBe(entries[7].seq);
    expect(b.manifest.not_covered?.first_seq).toBe(entries[7].seq + 1);
    expect(b.manifest.subset.count).toBe(0);
    expect(await verifyEvidenceBundle(b.file, testSigner().vkey)).toMatchObject({ ok: true, proofs: 0 });
  });

  it("refuses an empty period and bad input, naming the field", async () => {
    await expect(buildEvidenceBundle(dbTarget(), { from: "2999-01-01" })).rejects.toMatchObject({ code: "validation_failed", field: "from" });
    await expect(buildEvidenceBundle(dbTarget(), { from: "yesterday" })).rejects.toMatchObject({ name: "ZodError" });
    await expect(buildEvidenceBundle(dbTarget(), { tier: "secret" as never })).rejects.toMatchObject({ name: "ZodError" });
  });

  it("fails an edited entry, naming its seq", async () => {
    const members = await unpack(base.file);
    const lines = ndjson(members.get(MEMBERS.entries)!);
    const row = JSON.parse(lines[3]) as Record<string, unknown>;
    row.purpose = "rewritten";
    lines[3] = JSON.stringify(row);
    members.set(MEMBERS.entries, fromNdjson(lines));
    const r = await verifyEvidenceBundle(await repack(members), testSigner().vkey);
    expect(r).toMatchObject({ ok: false, kind: "edited" });
    if (!r.ok) expect(r.reason).toMatch(new RegExp(`^seq ${row.seq}: entry_hash does not match`));
  });

  it("fails a deleted entry, naming the missing seq", async () => {
    const members = await unpack(base.file);
    const lines = ndjson(members.get(MEMBERS.entries)!);
    const gone = seqOfLine(lines[2]);
    lines.splice(2, 1);
    members.set(MEMBERS.entries, fromNdjson(lines));
    const r = await verifyEvidenceBundle(await repack(members), testSigner().vkey);
    expect(r).toMatchObject({ ok: false, kind: "missing" });
    if (!r.ok) expect(r.reason).toMatch(new RegExp(`^seq ${gone} missing`));
  });

  it("fails two swapped entries as reordered", async () => {
    const members = await unpack(base.file);
    const lines = ndjson(members.get(MEMBERS.entries)!);
    [lines[2], lines[3]] = [lines[3], lines[2]];
    members.set(MEMBERS.entries, fromNdjson(lines));
    const r = await verifyEvidenceBundle(await repack(members), testSigner().vkey);
    expect(r).toMatchObject({ ok: false, kind: "reordered" });
    if (!r.ok) expect(r.reason).toMatch(new RegExp(`^seq ${seqOfLine(lines[3])}: appears after seq ${seqOfLine(lines[2])}`));
  });

  it("fails a forged checkpoint signature, naming the checkpoint", async () => {
    const members = await unpack(base.file);
    const name = checkpointMember(sizes[1]);
    const note = members.get(name)!.toString("utf8");
    const sigLine = note.trimEnd().split("\n").pop()!;
    const blob = Buffer.from(sigLine.split(" ").pop()!, "base64");
    blob[10] ^= 0xff;
    members.set(name, Buffer.from(note.replace(sigLine, `${sigLine.slice(0, sigLine.lastIndexOf(" "))} ${blob.toString("base64")}`)));
    const r = await verifyEvidenceBundle(await repack(members), testSigner().vkey);
    expect(r).toMatchObject({ ok: false, kind: "forged_checkpoint" });
    if (!r.ok) expect(r.reason).toMatch(new RegExp(`^checkpoint ${sizes[1]}: no valid signature`));
  });

  it("fails a replaced key (notes re-signed, keys.txt swapped) against the trusted key, though it checks against its own", async () => {
    const members = await unpack(base.file);
    const forger = generateSigner(testSigner().name);
    const resign = (note: string) => signNote(parseNote(note).text, forger);
    const notes = new Map<string, string>();
    for (const size of base.manifest.checkpoints) {
      const name = checkpointMember(size);
      const old = members.get(name)!.toString("utf8");
      notes.set(old, resign(old));
      members.set(name, Buffer.from(notes.get(old)!));
    }
    const fixProof = (line: string) => {
      const p = JSON.parse(line) as InclusionProofDoc;
      return JSON.stringify({ ...p, checkpoint: notes.get(p.checkpoint), vkey: forger.vkey });
    };
    members.set(MEMBERS.rangeProof, Buffer.from(fixProof(members.get(MEMBERS.rangeProof)!.toString("utf8"))));
    members.set(MEMBERS.proofs, fromNdjson(ndjson(members.get(MEMBERS.proofs)!).map(fixProof)));
    members.set(MEMBERS.keys, Buffer.from(forger.vkey + "\n"));
    const forged = await repack(members);
    expect(await verifyEvidenceBundle(forged)).toMatchObject({ ok: true, trusted: false });
    const r = await verifyEvidenceBundle(forged, testSigner().vkey);
    expect(r).toMatchObject({ ok: false, kind: "forged_checkpoint" });
    if (!r.ok)
      expect(r.reason).toMatch(
        new RegExp(`^checkpoint ${base.manifest.checkpoints[0]}: no valid signature by key ${testSigner().name} ${testSigner().keyId}`),
      );
  });

  it("fails an edited manifest, and a member edited without updating it", async () => {
    const members = await unpack(base.file);
    const manifest = JSON.parse(members.get(MEMBERS.manifest)!.toString("utf8")) as Manifest;
    const entriesMember = manifest.members.find((m) => m.name === MEMBERS.entries)!;
    entriesMember.sha256 = "0".repeat(64);
    members.set(MEMBERS.manifest, Buffer.from(JSON.stringify(manifest)));
    const r = await verifyEvidenceBundle(await repack(members, false), testSigner().vkey);
    expect(r).toMatchObject({ ok: false, kind: "manifest" });
    if (!r.ok) expect(r.reason).toBe(`member ${MEMBERS.entries} does not match its sha256 in the manifest (edited)`);

    const again = await unpack(base.file);
    again.set(MEMBERS.readme, Buffer.from("nothing to see here\n"));
    expect(await verifyEvidenceBundle(await repack(again, false), testSigner().vkey)).toMatchObject({ ok: false, kind: "manifest" });
  });

  it("fails when a proof the filters ask for was removed", async () => {
    const members = await unpack(base.file);
    const proofs = ndjson(members.get(MEMBERS.proofs)!);
    const dropped = (JSON.parse(proofs[1]) as InclusionProofDoc).seq;
    members.set(MEMBERS.proofs, fromNdjson([proofs[0], proofs[2]]));
    const r = await verifyEvidenceBundle(await repack(members), testSigner().vkey);
    expect(r).toMatchObject({ ok: false, kind: "proof" });
    if (!r.ok) expect(r.reason).toBe(`seq ${dropped} matches the bundle's filters but its inclusion proof is missing`);
  });

  it("fails a checkpoint signed over a rewritten history as inconsistent", async () => {
    // An attacker who holds the key re-signs a middle checkpoint over another root: signatures pass, consistency does not.
    const members = await unpack(base.file);
    const name = checkpointMember(sizes[1]);
    const body = parseCheckpoint(parseNote(members.get(name)!.toString("utf8")).text);
    members.set(name, Buffer.from(signNote(formatCheckpoint({ ...body, rootHash: createHash("sha256").update("other").digest() }), testSigner())));
    const r = await verifyEvidenceBundle(await repack(members), testSigner().vkey);
    expect(r).toMatchObject({ ok: false, kind: "inconsistent" });
    if (!r.ok) expect(r.reason).toMatch(new RegExp(`checkpoint ${sizes[1]} does not extend checkpoint ${sizes[0]}`));
  });

  it("fails a file that is not a bundle", async () => {
    const file = path.join(dir, "not-a-bundle.tar");
    writeFileSync(file, "hello\n".repeat(200));
    expect(await verifyEvidenceBundle(file)).toMatchObject({ ok: false, kind: "malformed" });
  });
});

describe("bundle downloads", () => {
  it("records the download, with the bundle's sha256, before the file is handed over", async () => {
    const actor = { id: "usr_bundle_auditor", role: "auditor" as const };
    const built = await downloadEvidenceBundle(
      { actor, meta: { requestId: "req-bundle-dl", ipHash: null, uaHash: null } },
      { ...period(), actor: ACTOR },
    );
    try {
      const entry = await getDb().ledgerEntry.findFirst({ where: { action: "ledger.bundle_downloaded", requestId: "req-bundle-dl" } });
      expect(entry).toMatchObject({ actorId: actor.id, actorRole: "auditor", decision: "allow" });
      const payload = JSON.parse(entry!.payload!) as Record<string, unknown>;
      expect(payload).toMatchObject({ bundle_sha256: built.sha256, entry_count: built.manifest.entries.count, filters: { actor: ACTOR } });
      expect(createHash("sha256").update(readFileSync(built.file)).digest("hex")).toBe(built.sha256);
    } finally {
      rmSync(built.file, { force: true });
    }
  }, 30_000); // builds a bundle of the whole shared test ledger

  it("refuses an analyst and records the refusal as a deny entry", async () => {
    const actor = { id: "usr_bundle_analyst", role: "analyst" as const };
    await expect(
      downloadEvidenceBundle({ actor, meta: { requestId: "req-bundle-deny", ipHash: null, uaHash: null } }, period()),
    ).rejects.toMatchObject({
      code: "forbidden",
    });
    const entry = await getDb().ledgerEntry.findFirst({ where: { requestId: "req-bundle-deny" } });
    expect(entry).toMatchObject({ actorId: actor.id, decision: "deny", resource: "ledger:bundle" });
    expect(await getDb().ledgerEntry.count({ where: { requestId: "req-bundle-deny", action: "ledger.bundle_downloaded", decision: "allow" } })).toBe(
      0,
    );
  });
});

describe("ledger bundle and ledger verify --bundle (CLI)", () => {
  it("writes a bundle that verify --bundle checks with no database; a tampered one fails on one line", async () => {
    const out = path.join(dir, "cli.tar");
    const made = await runWarden(["ledger", "bundle", "--from", period().from, "--to", period().to, "--actor", ACTOR, "--out", out]);
    expect(made.stderr).toBe("");
    expect(made.stdout).toMatch(
      /^bundle written to .*: \d+ entries \(seq \d+\.\.\d+\), 3 checkpoint\(s\), 3 inclusion proof\(s\), sha256 [0-9a-f]{64}/,
    );
    expect(made.status).toBe(0);
    const ok = await runWarden(["ledger", "verify", "--bundle", out, "--trusted-key", testSigner().vkey], NOWHERE);
    expect(ok.stderr).toBe("");
    expect(ok.stdout).toMatch(/^bundle ok: \d+ entries .* 3 checkpoint\(s\) signed and consistent, 3 inclusion proof\(s\)/);
    expect(ok.status).toBe(0);
    const own = await runWarden(["ledger", "verify", "--bundle", out], NOWHERE);
    expect(own.stdout).toMatch(/pass --trusted-key/);

    const members = await unpack(out);
    const lines = ndjson(members.get(MEMBERS.entries)!);
    lines.splice(1, 1);
    members.set(MEMBERS.entries, fromNdjson(lines));
    const bad = await runWarden(["ledger", "verify", "--bundle", await repack(members), "--trusted-key", testSigner().vkey], NOWHERE);
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    expect(bad.stderr).toMatch(/^bundle FAILED \(missing\): seq \d+ missing/);
  }, 60_000);

  it("--proof and --bundle together is a usage error", async () => {
    expect((await runWarden(["ledger", "verify", "--proof", "a", "--bundle", "b"], NOWHERE)).status).toBe(2);
  }, 60_000);
});
