// Verification runs started from the console (decision 018): the start is ledgered with the run and its job; the
// `ledger.verify` job walks the ledger as configured (lib/ledger/verification.ts), records its progress for the panel's
// bar, then the outcome, and ledgers that too.
import type { Actor, RequestMeta } from "@/lib/core/actor";
import { now } from "@/lib/core/clock";
import { AppError } from "@/lib/core/errors";
import { newId } from "@/lib/core/ids";
import { can } from "@/lib/core/permissions";
import { getDb } from "@/lib/db/client";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import { appendLedgerEntry } from "@/lib/ledger/append";
import { commitWithLedger, governanceEntry } from "@/lib/ledger/unit-of-work";
import { findingLocation, summarise, verifyConfiguredLedger } from "@/lib/ledger/verification";

export const VERIFY_JOB_KIND = "ledger.verify";

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
  if (!can(actor, "ledger.verify")) throw new AppError("forbidden", "Your role does not allow starting a verification (ledger.verify).");
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
      data: {
        status: "done",
        done: result.count,
        ok: result.ok,
        kind: result.ok ? null : (result.finding?.kind ?? null),
        location,
        summary: summary.slice(0, 2_000),
        finishedAt: now(),
      },
    });
    await appendLedgerEntry(
      governanceEntry(
        null,
        { requestId: `job:${jobId}`, ipHash: null, uaHash: null },
        {
          action: "ledger.verified",
          privacyTier: "none",
          resource: "ledger",
          recordId: runId,
          decision: result.ok ? "allow" : "deny",
          payload: { ok: result.ok, count: result.count, kind: result.ok ? null : (result.finding?.kind ?? null), location },
        },
      ),
    );
    return { runId, ok: result.ok, count: result.count };
  } catch (err) {
    const message = err instanceof Error ? err.message.split("\n")[0] : String(err);
    await db.ledgerVerificationRun.update({
      where: { id: runId },
      data: { status: "error", summary: `verification could not run: ${message}`.slice(0, 2_000), finishedAt: now() },
    });
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
  return rows.map((r) => ({
    ...r,
    status: r.status as VerificationRun["status"],
    startedByName: r.startedBy ? (names.get(r.startedBy) ?? null) : null,
  }));
}

/** The newest run, and the newest finished one (the last result), for the verification panel. */
export async function findVerificationRuns(): Promise<{ latest: VerificationRun | null; lastFinished: VerificationRun | null }> {
  const db = getDb();
  const [latest, lastFinished] = await Promise.all([
    db.ledgerVerificationRun.findFirst({ orderBy: { createdAt: "desc" }, select: RUN_SELECT }),
    db.ledgerVerificationRun.findFirst({ where: { status: { in: ["done", "error"] } }, orderBy: { createdAt: "desc" }, select: RUN_SELECT }),
  ]);
  const named = await withNames(
    [latest, lastFinished].filter((r): r is NonNullable<typeof r> => r !== null) as Array<Omit<VerificationRun, "startedByName">>,
  );
  return { latest: latest ? named[0] : null, lastFinished: lastFinished ? named[latest ? 1 : 0] : null };
}

export async function getVerificationRun(id: string): Promise<VerificationRun | null> {
  const row = await getDb().ledgerVerificationRun.findUnique({ where: { id }, select: RUN_SELECT });
  return row ? (await withNames([row as Omit<VerificationRun, "startedByName">]))[0] : null;
}
