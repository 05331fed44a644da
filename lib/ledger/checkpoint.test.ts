import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { JOB_KINDS } from "@/lib/job-kinds/job-kinds";
import { ledgerCopy, testCheckpointSettings, type LedgerCopy } from "./checkpoint-fixtures";
import { checkpointDue, makeCheckpoint, type CheckpointSettings } from "./checkpoint";
import { hashEntry, ZLedgerDraft } from "./entry";
import { consistencyProof, inclusionProof, leafHash, rootOf, verifyConsistency, verifyInclusion } from "./merkle";
import { formatCheckpoint, generateSigner, parseNote, parseVerifierKey, signNote, type Signer } from "./note";
import { fromRow, LEDGER_COLUMNS, toRow, type LedgerRow } from "./row";
import { loadSigningKey } from "./signing-key";
import { rotateSigningKey } from "./signing-key-rotation";
import { ledgerStore } from "./store";
import { extendLedgerTree, ledgerTree } from "./tree";
import { verifyLedger, type VerifyResult } from "./verify";
import { readWitnessLog } from "./witness";

const draft = (n: number) =>
  ZLedgerDraft.parse({
    actorId: null,
    actorRole: "system",
    action: "test.appended",
    privacyTier: "none",
    resource: "test:checkpoint",
    purpose: `entry ${n}`,
    decision: "allow",
    requestId: `req-${n}`,
    payload: { n },
  });

async function append(copy: LedgerCopy, n: number): Promise<void> {
  for (let i = 0; i < n; i += 100) await ledgerStore(copy.target).append(Array.from({ length: Math.min(100, n - i) }, (_, j) => draft(i + j)));
}

interface Fixture {
  copy: LedgerCopy;
  settings: CheckpointSettings & { key: Signer };
  /** Head seq before this fixture appended; checkpoints at base + 300 and base + 600; 5 entries after the last. */
  base: number;
  verify(trusted?: Signer[]): Promise<VerifyResult>;
}

let copies: LedgerCopy[] = [];
afterEach(async () => {
  for (const c of copies) await c.dispose();
  copies = [];
});

async function fixture(): Promise<Fixture> {
  const copy = await ledgerCopy();
  copies.push(copy);
  const settings = testCheckpointSettings(copy);
  const base = (await ledgerStore(copy.target).head())?.seq ?? 0;
  await append(copy, 300);
  expect((await makeCheckpoint(settings))?.treeSize).toBe(base + 300);
  await append(copy, 300);
  expect((await makeCheckpoint(settings))?.treeSize).toBe(base + 600);
  await append(copy, 5);
  const verify = (trusted: Signer[] = [settings.key]) =>
    verifyLedger(copy.target, { trustedKeys: trusted, witness: readWitnessLog(settings.witnessPath!) });
  return { copy, settings, base, verify };
}

const forUpdate = (copy: LedgerCopy, row: LedgerRow) =>
  copy.exec(
    copy.sql(
      `UPDATE ledger_entries SET ${LEDGER_COLUMNS.filter((c) => c !== "seq")
        .map((c) => `${c} = ?`)
        .join(", ")} WHERE seq = ?`,
    ),
    [...LEDGER_COLUMNS.filter((c) => c !== "seq").map((c) => row[c]), row.seq],
  );

describe("checkpoints", () => {
  it("signs the root of the whole ledger, stores the note verbatim and appends it to the witness log", async () => {
    const { copy, settings, base } = await fixture();
    const rows = await copy.rows<{ tree_size: number; root_hash: string; key_id: string; note: string }>(
      "SELECT tree_size, root_hash, key_id, note FROM ledger_checkpoints ORDER BY tree_size",
    );
    expect(rows.map((r) => Number(r.tree_size))).toEqual([base + 300, base + 600]);
    const hashes = (await copy.rows<{ entry_hash: string }>("SELECT entry_hash FROM ledger_entries WHERE seq <= ? ORDER BY seq", [base + 600])).map(
      (r) => r.entry_hash,
    );
    expect(rows[1].root_hash).toBe(rootOf(hashes.map(leafHash)).toString("hex"));
    expect(rows[1].key_id).toBe(settings.key.keyId);
    expect(parseNote(rows[1].note).text).toBe(
      formatCheckpoint({ origin: "test/ledger", treeSize: base + 600, rootHash: Buffer.from(rows[1].root_hash, "hex") }),
    );
    expect(readWitnessLog(settings.witnessPath!)).toEqual({ notes: rows.map((r) => r.note), trailing: "" });
    // Each note, then a blank line: the documented witness format.
    expect(readFileSync(settings.witnessPath!, "utf8")).toBe(rows.map((r) => `${r.note}\n`).join(""));
  }, 60_000);

  it("is a no-op when nothing was appended since the last checkpoint", async () => {
    const { copy, settings, base } = await fixture();
    expect((await makeCheckpoint(settings))?.treeSize).toBe(base + 605);
    expect(await makeCheckpoint(settings)).toBeNull();
    expect(readWitnessLog(settings.witnessPath!)!.notes).toHaveLength(3);
    expect(await copy.rows("SELECT tree_size FROM ledger_checkpoints")).toHaveLength(3);
  }, 60_000);

  it("two makers at once write one checkpoint, never two conflicting ones", async () => {
    const { copy, settings, base } = await fixture();
    const made = await Promise.all([makeCheckpoint(settings), makeCheckpoint(settings), makeCheckpoint(settings)]);
    expect(made.filter((c) => c !== null).map((c) => c!.treeSize)).toEqual([base + 605]);
    expect(readWitnessLog(settings.witnessPath!)!.notes).toHaveLength(3);
    expect(await copy.rows("SELECT tree_size FROM ledger_checkpoints")).toHaveLength(3);
  }, 60_000);

  it("is due every N entries or T minutes, and never with nothing uncovered", async () => {
    const { copy } = await fixture();
    const [last] = await copy.rows<{ created_at: string }>("SELECT created_at FROM ledger_checkpoints ORDER BY tree_size DESC LIMIT 1");
    const at = Date.parse(last.created_at);
    const cadence = { everyEntries: 1_000, everyMs: 5 * 60_000 };
    expect(await checkpointDue(new Date(at + 60_000), copy.target, cadence)).toEqual({ due: false, uncovered: 5 });
    expect(await checkpointDue(new Date(at + 5 * 60_000), copy.target, cadence)).toEqual({ due: true, uncovered: 5 });
    await append(copy, 995);
    expect(await checkpointDue(new Date(at + 60_000), copy.target, cadence)).toEqual({ due: true, uncovered: 1_000 });
    await copy.exec("DELETE FROM ledger_checkpoints");
    // With no checkpoint yet, T counts from the first entry.
    const [first] = await copy.rows<{ occurred_at: string }>("SELECT occurred_at FROM ledger_entries WHERE seq = 1");
    const big = { everyEntries: 10 ** 9, everyMs: 5 * 60_000 };
    expect((await checkpointDue(new Date(Date.parse(first.occurred_at) + 60_000), copy.target, big)).due).toBe(false);
    expect((await checkpointDue(new Date(Date.parse(first.occurred_at) + 5 * 60_000), copy.target, big)).due).toBe(true);
    expect(JOB_KINDS.find((k) => k.kind === "ledger.checkpoint")?.everyMs).toBeGreaterThan(0);
    expect(JOB_KINDS.find((k) => k.kind === "ledger.verify")?.everyMs).toBeUndefined();
  }, 60_000);
});

describe("the stored tree", () => {
  it("answers any subtree, root and proof from stored nodes exactly as the recursive definition does", async () => {
    const { copy, base } = await fixture();
    const hashes = (await copy.rows<{ entry_hash: string }>("SELECT entry_hash FROM ledger_entries ORDER BY seq")).map((r) => r.entry_hash);
    const leaves = hashes.map(leafHash);
    const n = base + 605;
    expect(leaves).toHaveLength(n);
    const nodes = await copy.rows<{ level: number }>("SELECT level FROM ledger_tree_nodes");
    expect(nodes.length).toBeGreaterThan(0);
    const tree = ledgerTree(copy.target);
    for (const [s, e] of [
      [0, n],
      [0, 256],
      [256, 512],
      [0, base + 300],
      [3, n - 7],
      [n - 300, n],
    ]) {
      expect((await tree.rangeHash(s, e)).toString("hex")).toBe(rootOf(leaves.slice(s, e)).toString("hex"));
    }
    const root = rootOf(leaves);
    for (const i of [0, 255, 256, base + 299, n - 1]) {
      expect(verifyInclusion(i, n, leaves[i], await inclusionProof(tree, i, n), root)).toBe(true);
    }
    const old = rootOf(leaves.slice(0, base + 300));
    expect(verifyConsistency(base + 300, n, old, root, await consistencyProof(tree, base + 300, n))).toBe(true);
    // Extending is idempotent.
    await extendLedgerTree(copy.target, n);
    expect(await copy.rows("SELECT level FROM ledger_tree_nodes")).toHaveLength(nodes.length);
  }, 60_000);
});

describe("verify with checkpoints (tamper tests)", () => {
  it("an untouched ledger verifies: every checkpoint signed, consistent and witnessed", async () => {
    const { verify } = await fixture();
    const r = await verify();
    expect(r).toMatchObject({
      ok: true,
      finding: null,
      checkpoints: { count: 2, verified: 2, failed: 0 },
      witness: { notes: 2, matched: 2, unwitnessed: 0 },
    });
  }, 60_000);

  it("edit a field: names the seq, edited", async () => {
    const { copy, base, verify } = await fixture();
    await copy.exec(copy.sql("UPDATE ledger_entries SET purpose = 'nothing to see here' WHERE seq = ?"), [base + 100]);
    expect((await verify()).finding).toMatchObject({ kind: "edited", seq: base + 100 });
  }, 60_000);

  it("delete an entry: names the seq, missing", async () => {
    const { copy, base, verify } = await fixture();
    await copy.exec(copy.sql("DELETE FROM ledger_entries WHERE seq = ?"), [base + 100]);
    const r = await verify();
    expect(r.ok).toBe(false);
    expect(r.finding).toMatchObject({ kind: "missing", seq: base + 100 });
  }, 60_000);

  it("swap two entries: names the seq, reordered", async () => {
    const { copy, base, verify } = await fixture();
    const [a, b] = [base + 100, base + 101];
    await copy.exec(copy.sql("UPDATE ledger_entries SET seq = ? WHERE seq = ?"), [-1_000_000, a]);
    await copy.exec(copy.sql("UPDATE ledger_entries SET seq = ? WHERE seq = ?"), [a, b]);
    await copy.exec(copy.sql("UPDATE ledger_entries SET seq = ? WHERE seq = ?"), [b, -1_000_000]);
    const r = await verify();
    expect(r.finding).toMatchObject({ kind: "reordered", seq: a });
    expect(r.finding!.reason).toContain(`written at seq ${b}`);
  }, 60_000);

  it("truncate the tail behind the last checkpoint: names the checkpoint, truncated tail (and the witness still does with the checkpoint gone)", async () => {
    const { copy, base, verify } = await fixture();
    await copy.exec(copy.sql("DELETE FROM ledger_entries WHERE seq > ?"), [base + 550]);
    expect((await verify()).finding).toMatchObject({ kind: "truncated tail", checkpoint: base + 600 });
    await copy.exec(copy.sql("DELETE FROM ledger_checkpoints WHERE tree_size = ?"), [base + 600]);
    const r = await verify();
    expect(r.ok).toBe(false);
    expect(r.finding).toMatchObject({ kind: "truncated tail", checkpoint: base + 600 });
  }, 60_000);

  it("rewrite the whole chain with fresh hashes: the checkpoints catch it, and re-signed with the key, the witness log does", async () => {
    const { copy, base, settings, verify } = await fixture();
    const rows = await copy.rows<LedgerRow>(`SELECT ${LEDGER_COLUMNS.join(", ")} FROM ledger_entries WHERE seq >= ? ORDER BY seq`, [base + 100]);
    let prev = (await copy.rows<{ entry_hash: string }>("SELECT entry_hash FROM ledger_entries WHERE seq = ?", [base + 99]))[0].entry_hash;
    for (const row of rows) {
      const e = fromRow(row);
      const changed = { ...e, purpose: e.seq === base + 100 ? "rewritten" : e.purpose, prevHash: prev };
      const sealed = { ...changed, entryHash: hashEntry(changed) };
      await forUpdate(copy, toRow(sealed));
      prev = sealed.entryHash;
    }
    const chainOnly = await verify();
    expect(chainOnly.broken.count).toBe(0); // the chain alone is self-consistent now
    expect(chainOnly.finding).toMatchObject({ kind: "rewritten history", checkpoint: base + 300 });
    // The attacker holds the key: fresh checkpoints, signed, but the witness log (shipped elsewhere) keeps the old ones.
    await copy.exec("DELETE FROM ledger_checkpoints");
    await copy.exec("DELETE FROM ledger_tree_nodes");
    expect(await makeCheckpoint({ ...settings, witnessPath: null })).not.toBeNull();
    const r = await verify();
    expect(r.ok).toBe(false);
    expect(r.finding).toMatchObject({ kind: "rewritten history", checkpoint: base + 300 });
  }, 60_000);

  it("forge a checkpoint signature: names the checkpoint, forged checkpoint", async () => {
    const { copy, base, verify } = await fixture();
    const [{ note }] = await copy.rows<{ note: string }>("SELECT note FROM ledger_checkpoints WHERE tree_size = ?", [base + 300]);
    const parsed = parseNote(note);
    const sig = Buffer.from(parsed.signatures[0].signature);
    sig[10] ^= 0xff;
    const forged = `${parsed.text}\n— ${parsed.signatures[0].name} ${Buffer.concat([Buffer.from(parsed.signatures[0].keyId, "hex"), sig]).toString("base64")}\n`;
    await copy.exec(copy.sql("UPDATE ledger_checkpoints SET note = ? WHERE tree_size = ?"), [forged, base + 300]);
    const r = await verify();
    expect(r.finding).toMatchObject({ kind: "forged checkpoint", checkpoint: base + 300 });
    expect(r.checkpoints.first.map((f) => f.reason)).toContain(
      `checkpoint ${base + 300}: its signature by key ${parsed.signatures[0].keyId} does not verify`,
    );
  }, 60_000);

  it("replace the key and re-sign every checkpoint: the witness log catches it, and so does a pinned key", async () => {
    const { copy, base, settings, verify } = await fixture();
    const evil = generateSigner("test/ledger");
    for (const row of await copy.rows<{ tree_size: number; note: string }>("SELECT tree_size, note FROM ledger_checkpoints")) {
      await copy.exec(copy.sql("UPDATE ledger_checkpoints SET note = ?, key_id = ? WHERE tree_size = ?"), [
        signNote(parseNote(row.note).text, evil),
        evil.keyId,
        row.tree_size,
      ]);
    }
    // The key file now holds the attacker's key, so it is what verify trusts by default: the witness log disagrees.
    const swapped = await verify([evil]);
    expect(swapped.ok).toBe(false);
    expect(swapped.finding).toMatchObject({ kind: "forged checkpoint", checkpoint: base + 300 });
    expect(swapped.finding!.reason).toContain("witness log");
    // With the published key pinned (--trusted-key), the signatures alone give it away.
    const pinned = await verifyLedger(copy.target, { trustedKeys: [parseVerifierKey(settings.key.vkey)] });
    expect(pinned.finding).toMatchObject({ kind: "forged checkpoint", checkpoint: base + 300 });
    expect(pinned.finding!.reason).toContain(`signed by key ${evil.keyId}, which no trusted rotation introduced`);
  }, 60_000);
});

describe("verify's store scan", () => {
  it("reads rows below seq 1 and beyond 2^53 (forged, SQLite) around the chain, in seq order, naming them as stored", async () => {
    const { copy, base, verify } = await fixture();
    const row = toRow({ ...fromRow((await copy.rows<LedgerRow>(`SELECT ${LEDGER_COLUMNS.join(", ")} FROM ledger_entries WHERE seq = 1`))[0]) });
    const insert = copy.sql(`INSERT INTO ledger_entries (${LEDGER_COLUMNS.join(", ")}) VALUES (${LEDGER_COLUMNS.map(() => "?").join(", ")})`);
    const forged = (seq: number | bigint) =>
      LEDGER_COLUMNS.map((c) => (c === "seq" ? seq : c === "entry_hash" || c === "prev_hash" ? randomBytes(32).toString("hex") : row[c]));
    await copy.exec(insert, forged(-3));
    if (copy.target.dialect === "sqlite") {
      const db = (await import("@/lib/db/raw")).sqliteHandle(copy.target.path);
      db.prepare(insert).run(...forged(9_007_199_254_740_993n));
    }
    const r = await verify();
    expect(r.ok).toBe(false);
    expect(r.outsideChain).toEqual({ count: 1, seqs: ["-3"] });
    if (copy.target.dialect === "sqlite") {
      expect(r.count).toBe(base + 606);
      expect(r.gaps.count).toBe(1);
      expect(r.gaps.ranges[0].from).toBe(base + 606);
    } else {
      expect(r.count).toBe(base + 605);
    }
  }, 60_000);
});

describe("verify racing a checkpoint maker", () => {
  it("a checkpoint committed during the walk (witnessed, not in the list read first) matches; it is no finding", async () => {
    const { copy, settings, base } = await fixture();
    const made = await makeCheckpoint(settings);
    expect(made?.treeSize).toBe(base + 605);
    await copy.exec(copy.sql("DELETE FROM ledger_checkpoints WHERE tree_size = ?"), [made!.treeSize]);
    // Not in the database at all: the witness note is a finding.
    const gone = await verifyLedger(copy.target, { trustedKeys: [settings.key], witness: readWitnessLog(settings.witnessPath!) });
    expect(gone.finding).toMatchObject({ kind: "rewritten history", checkpoint: base + 605 });
    if (copy.target.dialect !== "sqlite") return; // below, the insert must land synchronously inside the walk
    const db = (await import("@/lib/db/raw")).sqliteHandle(copy.target.path);
    let committed = false;
    const r = await verifyLedger(copy.target, {
      trustedKeys: [settings.key],
      witness: readWitnessLog(settings.witnessPath!),
      onProgress: () => {
        if (committed) return;
        committed = true;
        db.prepare("INSERT INTO ledger_checkpoints (tree_size, root_hash, origin, key_id, note, created_at) VALUES (?, ?, ?, ?, ?, ?)").run(
          made!.treeSize,
          made!.rootHash,
          made!.origin,
          made!.keyId,
          made!.note,
          made!.createdAt,
        );
      },
    });
    expect(committed).toBe(true);
    expect(r).toMatchObject({ ok: true, finding: null, witness: { notes: 3, matched: 3 } });
  }, 60_000);
});

describe("signing key", () => {
  it("is generated once, mode 600, on the embedded default; reused after", () => {
    const dir = path.join(os.tmpdir(), `warden-key-${process.pid}-${Date.now()}`);
    const file = path.join(dir, "ledger-signing.key");
    const a = loadSigningKey({ inline: null, file, generate: true, name: "test/ledger" });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, "utf8")).toBe(`${a.skey}\n`);
    expect(loadSigningKey({ inline: null, file, generate: true, name: "test/ledger" }).keyId).toBe(a.keyId);
    expect(loadSigningKey({ inline: a.skey, file: path.join(dir, "absent"), generate: false, name: "x" }).keyId).toBe(a.keyId);
  });

  it("is never generated for PostgreSQL: a missing key is a one-line error", () => {
    const file = path.join(os.tmpdir(), `warden-absent-${process.pid}.key`);
    expect(() => loadSigningKey({ inline: null, file, generate: false, name: "test/ledger" })).toThrow(
      /^the ledger signing key .* does not exist: a PostgreSQL deployment must provide it \(WARDEN_LEDGER_KEY or WARDEN_LEDGER_KEY_FILE\)$/,
    );
    expect(existsSync(file)).toBe(false);
  });

  it("rotates through a signed ledger entry: the old key's checkpoints and the new key's both verify from either key", async () => {
    const { copy, settings, base } = await fixture();
    const file = path.join(copy.dir, "ledger-signing.key");
    writeFileSync(file, `${settings.key.skey}\n`, { mode: 0o600 });
    const source = { inline: null, file, generate: false, name: "test/ledger" };
    const rotated = await rotateSigningKey({
      source,
      target: copy.target,
      checkpoints: { ...settings, signer: () => loadSigningKey(source) },
      actor: { id: null, role: "system" },
    });
    expect(rotated.oldKeyId).toBe(settings.key.keyId);
    const next = loadSigningKey(source);
    expect(next.keyId).toBe(rotated.newKeyId);
    expect(rotated.seq).toBe(base + 606);
    const sizes = await copy.rows<{ tree_size: number; key_id: string }>("SELECT tree_size, key_id FROM ledger_checkpoints ORDER BY tree_size");
    expect(sizes.map((s) => [Number(s.tree_size), s.key_id])).toEqual([
      [base + 300, settings.key.keyId],
      [base + 600, settings.key.keyId],
      [base + 605, settings.key.keyId],
      [base + 606, next.keyId],
    ]);
    const witness = readWitnessLog(settings.witnessPath!);
    for (const trusted of [[settings.key], [next]]) {
      const r = await verifyLedger(copy.target, { trustedKeys: trusted, witness });
      expect(r).toMatchObject({ ok: true, checkpoints: { verified: 4 }, keys: { trusted: [settings.key.keyId, next.keyId], rotations: 1 } });
    }
    // A key no rotation introduced is not trusted, whatever it signed.
    const stranger = await verifyLedger(copy.target, { trustedKeys: [generateSigner("test/ledger")], witness });
    expect(stranger.finding).toMatchObject({ kind: "forged checkpoint", checkpoint: base + 300 });
  }, 60_000);
});

/** `npm run warden -- ARGS` as an operator runs it, against a copy. */
function runWarden(args: string[], env: Record<string, string>): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["node_modules/tsx/dist/cli.mjs", "scripts/warden.ts", ...args],
      { env: { ...process.env, ...env } },
      (err, stdout, stderr) => resolve({ status: err ? Number(err.code ?? -1) : 0, stdout, stderr }),
    );
  });
}

describe("ledger checkpoint / verify through the CLI", () => {
  it("checkpoints with the configured key and witness, verifies (exit 0), then names a forged checkpoint (exit 1, one line)", async () => {
    const { copy, settings, base } = await fixture();
    const env = {
      DATABASE_URL: copy.url,
      WARDEN_LEDGER_KEY: settings.key.skey,
      WARDEN_WITNESS_LOG: settings.witnessPath!,
      WARDEN_LEDGER_ORIGIN: "test/ledger",
    };
    const made = await runWarden(["ledger", "checkpoint"], env);
    expect(made).toMatchObject({ status: 0 });
    expect(made.stdout).toContain(`ledger checkpoint: ${base + 605} entries`);
    const ok = await runWarden(["ledger", "verify"], env);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain("3 signed checkpoints, 3 witnessed");
    await copy.exec(copy.sql("UPDATE ledger_checkpoints SET key_id = ? WHERE tree_size = ?"), ["00000000", base + 600]);
    const bad = await runWarden(["ledger", "verify", "--trusted-key", settings.key.vkey], env);
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim().split("\n")).toEqual([expect.stringContaining(`FAILED at checkpoint ${base + 600} (forged checkpoint)`)]);
  }, 120_000);
});
