// Verification as the deployment is configured (decision 018): the chain and the checkpoints from the database,
// the trust anchor (--trusted-key, else the public half of the configured signing key) and the witness log from the
// environment. The CLI and the console's verification runs both come through here.
import type { Actor, RequestMeta } from "@/lib/core/actor";
import { env } from "@/lib/core/env";
import { AppError } from "@/lib/core/errors";
import { newId } from "@/lib/core/ids";
import { now } from "@/lib/core/clock";
import { dbTarget, getDb } from "@/lib/db/client";
import type { DbTarget } from "@/lib/db/dialect";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import { appendLedgerEntry } from "./append";
import { parseVerifierKey, type Verifier } from "./note";
import { loadSigningKey, signingKeySource } from "./signing-key";
import { commitWithLedger, governanceEntry } from "./unit-of-work";
import { describeFindings, verifyLedger, type VerifyResult } from "./verify";
import { readWitnessLog } from "./witness";

export const VERIFY_JOB_KIND = "ledger.verify";

export interface ConfiguredVerify {
  target?: DbTarget;
  /** Verifier keys (name+hash+key) trusted from outside; default: the configured signing key's public half. */
  trustedKeys?: string[];
  /** The witness log to check; default: WARDEN_WITNESS_LOG. null: none. */
  witnessPath?: string | null;
  allowPrunedPayloads?: boolean;
  onProgress?: (walked: number) => void;
}

/** The trust anchors: the keys given, else the configured key (read only: verify never generates one). */
export function trustAnchors(trustedKeys: string[] | undefined): Verifier[] {
  if (trustedKeys && trustedKeys.length > 0) {
    return trustedKeys.map((k) => {
      try {
        return parseVerifierKey(k);
      } catch (err) {
        throw new AppError("bad_request", `--trusted-key: ${err instanceof Error ? err.message : String(err)}`);
      }
    });
  }
  try {
    return [loadSigningKey({ ...signingKeySource(), generate: false })];
  } catch {
    return []; // no key here: every checkpoint is reported as unverifiable
  }
}

export async function verifyConfiguredLedger(o: ConfiguredVerify = {}): Promise<VerifyResult> {
  const witnessPath = o.witnessPath === undefined ? env().witnessLogPath : o.witnessPath;
  return verifyLedger(o.target ?? dbTarget(), {
    allowPrunedPayloads: o.allowPrunedPayloads,
    trustedKeys: trustAnchors(o.trustedKeys),
    witness: witnessPath ? readWitnessLog(witnessPath) : null,
    onProgress: o.onProgress,
  });
}

/** "at seq 12 (edited)" / "at checkpoint 1000 (forged checkpoint)", or "" when nothing failed. */
export function findingLocation(r: VerifyResult): string {
  const f = r.finding;
  if (!f || r.ok) return "";
  return f.seq !== null ? `seq ${f.seq}` : `checkpoint ${f.checkpoint}`;
}

/** One line for an operator or the console. */
export function summarise(r: VerifyResult, ms?: number): string {
  const took = ms === undefined ? "" : ` in ${ms} ms`;
  const findings = describeFindings(r);
  if (r.ok) {
    const signed = r.checkpoints.count ? `, ${r.checkpoints.verified} signed checkpoints` : "";
    const witnessed = r.witness ? `, ${r.witness.matched} witnessed` : "";
    const pruned = findings.length ? `; ${findings.join("; ")}` : "";
    return `ledger ok: ${r.count} entries verified${took}${signed}${witnessed}, head ${r.head?.entryHash ?? "(empty)"}${pruned}`;
  }
  const where = r.finding ? ` at ${findingLocation(r)} (${r.finding.kind})` : "";
  return `ledger verify FAILED${where}: ${findings.join("; ")} (${r.count} entries walked${took})`;
}

export interface VerificationRun {
  id: string;
  startedBy: string | null;
  startedByName: string | null;
  status: "queued" | "running" | "done" | "error";
  total: number;
  done: number;
  ok: boolean | null;
  kind: string | null;
  location: string | null;
  summary: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

/** Starts a verification of the whole ledger as a job; the start is ledgered with the run. */
export async function startVerification(actor: Actor, meta: RequestMeta): Promise<{ id: string }> {
  const id = newId("lvr");
  await commitWithLedger(async ({ tx, record }) => {
    await tx.ledgerVerificationRun.create({ data: { id, startedBy: actor.id, status: "queued", createdAt: now() } });
    await enqueueJob({ kind: VERIFY_JOB_KIND, payload: { runId: id }, dedupeKey: `${VERIFY_JOB_KIND}:${id}` }, tx);
    record(governanceEntry(actor, meta, { action: "ledger.verification_started", privacyTier: "none", resource: "ledger", recordId: id }));
  });
  return { id };
}

/** The `ledger.verify` job: runs the verification, recording progress, then ledgers the outcome. */
export async function runVerification(runId: string, jobId: string): Promise<Record<string, unknown>> {
  const db = getDb();
  const run = await db.ledgerVerificationRun.findUnique({ where: { id: runId } });
  if (!run) return { runId, skipped: "no such run" };
  // At-least-once: a run that already finished is not run again.
  if (run.status === "done" || run.status === "error") return { runId, status: run.status };
  const head = await db.ledgerEntry.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } });
  await db.ledgerVerificationRun.update({ where: { id: runId }, data: { status: "running", total: head?.seq ?? 0, done: 0 } });
  let last = 0;
  try {
    const started = performance.now();
    const result = await verifyConfiguredLedger({
      onProgress: (walked) => {
        // One write per ~50,000 entries: the bar moves, the run does not slow down for it.
        if (walked - last < 50_000) return;
        last = walked;
        void db.ledgerVerificationRun.update({ where: { id: runId }, data: { done: walked } }).catch(() => undefined);
      },
    });
    const summary = summarise(result, Math.round(performance.now() - started));
    const location = findingLocation(result) || null;
    await db.ledgerVerificationRun.update({
      where: { id: runId },
      data: { status: "done", done: result.count, ok: result.ok, kind: result.ok ? null : (result.finding?.kind ?? null), location, summary: summary.slice(0, 2_000), finishedAt: now() },
    });
    await appendLedgerEntry(
      governanceEntry(null, { requestId: `job:${jobId}`, ipHash: null, uaHash: null }, {
        action: "ledger.verified",
        privacyTier: "none",
        resource: "ledger",
        recordId: runId,
        decision: result.ok ? "allow" : "deny",
        payload: { ok: result.ok, count: result.count, kind: result.ok ? null : (result.finding?.kind ?? null), location },
      }),
    );
    return { runId, ok: result.ok, count: result.count };
  } catch (err) {
    const message = err instanceof Error ? err.message.split("\n")[0] : String(err);
    await db.ledgerVerificationRun.update({ where: { id: runId }, data: { status: "error", summary: `verification could not run: ${message}`.slice(0, 2_000), finishedAt: now() } });
    throw err;
  }
}

const RUN_SELECT = {
  id: true,
  startedBy: true,
  status: true,
  total: true,
  done: true,
  ok: true,
  kind: true,
  location: true,
  summary: true,
  createdAt: true,
  finishedAt: true,
} as const;

async function withNames(rows: Array<Omit<VerificationRun, "startedByName">>): Promise<VerificationRun[]> {
  const ids = [...new Set(rows.map((r) => r.startedBy).filter((x): x is string => !!x))];
  const users = ids.length ? await getDb().user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } }) : [];
  const names = new Map(users.map((u) => [u.id, u.name]));
  return rows.map((r) => ({ ...r, status: r.status as VerificationRun["status"], startedByName: r.startedBy ? (names.get(r.startedBy) ?? null) : null }));
}

/** The newest run, and the newest finished one (the last result), for the verification panel. */
export async function findVerificationRuns(): Promise<{ latest: VerificationRun | null; lastFinished: VerificationRun | null }> {
  const db = getDb();
  const [latest, lastFinished] = await Promise.all([
    db.ledgerVerificationRun.findFirst({ orderBy: { createdAt: "desc" }, select: RUN_SELECT }),
    db.ledgerVerificationRun.findFirst({ where: { status: { in: ["done", "error"] } }, orderBy: { createdAt: "desc" }, select: RUN_SELECT }),
  ]);
  const named = await withNames([latest, lastFinished].filter((r): r is NonNullable<typeof r> => r !== null) as Array<Omit<VerificationRun, "startedByName">>);
  return { latest: latest ? named[0] : null, lastFinished: lastFinished ? named[latest ? 1 : 0] : null };
}

export async function getVerificationRun(id: string): Promise<VerificationRun | null> {
  const row = await getDb().ledgerVerificationRun.findUnique({ where: { id }, select: RUN_SELECT });
  return row ? (await withNames([row as Omit<VerificationRun, "startedByName">]))[0] : null;
}
