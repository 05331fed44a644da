// The purge engine (issue 9, decision 031): one call runs a purge run from wherever it stands. It snapshots the policy
// and hold versions, counts the candidates per dataset (retention-clause.ts) and what the active holds keep back
// (hold-clause.ts), and for an execute run checks the breaker, then deletes in batches. Each batch takes the purge
// lease and commits it, THEN reads the active holds, drops the rows they cover, records the planned ids (status
// deleting), deletes them in one warehouse transaction, and in one console unit of work writes their tombstones, marks
// the batch done, ledgers it and gives the lease back. A batch found `deleting` on a restart (kill -9) is finished
// first: planned ids already gone were deleted by this run; the rest are re-checked against the holds read under the
// lease again. Idempotent: the job runner may call it again after a crash, from the top.
import { now } from "@/lib/core/clock";
import { AppError } from "@/lib/core/errors";
import { env } from "@/lib/core/env";
import { newId } from "@/lib/core/ids";
import { getDb } from "@/lib/db/client";
import { notifyPrivacyAdmins } from "@/lib/inbox/notify";
import { commitWithLedger } from "@/lib/ledger/unit-of-work";
import type { WhereBuilder } from "@/lib/warehouse/connector";
import { warehouseDataset, type WarehouseDataset } from "@/lib/warehouse/datasets";
import { openPurgeWriter, type PurgeWriter } from "@/lib/warehouse/purge-writer";
import { activeHoldTargets } from "../active-holds";
import { holdCoverClause } from "../hold-clause";
import { acquirePurgeLease, releasePurgeLease } from "../purge-lease";
import { currentRetentionPolicies } from "../retention/current-policies";
import { jurisdictionValues, retentionClause, retentionCutoffs, type RetentionTerms } from "../retention-clause";
import type { HoldTarget, PurgeRunStatus } from "../types";
import { currentBreaker } from "./breaker";
import { purgeEntry, systemMeta } from "./purge-entry";
import { purgeOrder } from "./purge-order";
import { SAMPLE_IDS, type PurgeDatasetReport, type PurgeHoldReport, type PurgeReport, type PurgeSnapshot } from "./report";
import { finishBatch } from "./finish-batch";
import { startTombstoneHasher } from "./tombstone-hasher";

export interface RunPurgeOptions {
  /** The warehouse to delete from; default WAREHOUSE_URL (opened and closed here). */
  writer?: PurgeWriter;
  /** The job's try, and how many it has: the last failing try marks the run failed (without them a failure leaves it running, to resume). */
  attempt?: number;
  maxAttempts?: number;
  /** Rows per batch, fixed; default: from FIRST_BATCH_ROWS, growing with time to WARDEN_PURGE_BATCH_ROWS. */
  batchRows?: number;
  /** The breaker's settings; default WARDEN_PURGE_BREAKER_MULTIPLE and WARDEN_PURGE_BREAKER_MIN_ROWS. */
  breaker?: { multiple: number; minRows: number };
  /** Test seams: before a batch takes the lease, and once it holds it (committed) but has not read the holds. */
  hooks?: { beforeBatch?(seq: number): Promise<void>; afterLease?(seq: number): Promise<void> };
}

export interface PurgeRunSummary {
  runId: string;
  status: PurgeRunStatus;
  candidates: number;
  deleted: number;
  heldBack: number;
}

/** The first batch of a run deletes this many rows at most; later ones grow from it (WARDEN_PURGE_BATCH_SECONDS). */
export const FIRST_BATCH_ROWS = 5_000;

type Plan = { dataset: WarehouseDataset; policyId: string; terms: RetentionTerms };

const retentionOf =
  (d: WarehouseDataset, terms: RetentionTerms, at: Date): WhereBuilder =>
  (p, t) =>
    retentionClause(d, terms, at, p, t);
const coverOf =
  (d: WarehouseDataset, targets: readonly HoldTarget[]): WhereBuilder =>
  (p) =>
    holdCoverClause(d, targets, p);

export async function runPurge(runId: string, opts: RunPurgeOptions = {}): Promise<PurgeRunSummary> {
  const writer = opts.writer ?? openPurgeWriter();
  try {
    return await runPurgeWith(runId, writer, opts);
  } catch (err) {
    if (opts.maxAttempts !== undefined && (opts.attempt ?? 1) >= opts.maxAttempts) await markFailed(runId, err);
    throw err;
  } finally {
    if (!opts.writer) await writer.close();
  }
}

async function runPurgeWith(runId: string, writer: PurgeWriter, opts: RunPurgeOptions): Promise<PurgeRunSummary> {
  const db = getDb();
  let run = await db.purgeRun.findUnique({ where: { id: runId } });
  if (!run) throw new AppError("not_found", `No purge run ${runId}`);
  if (run.status === "cancelled" || run.status === "failed") {
    // A run stopped while a crashed batch was `deleting`: its deletions still get their tombstones.
    await finishCrashedBatches(runId, writer, opts, false);
    return summaryOf(run);
  }
  if (run.status !== "queued" && run.status !== "running") return summaryOf(run);
  if (run.status === "queued") {
    const at = now();
    const moved = await db.purgeRun.updateMany({ where: { id: runId, status: "queued" }, data: { status: "running", startedAt: at, updatedAt: at } });
    if (moved.count === 0) return summaryOf(await db.purgeRun.findUniqueOrThrow({ where: { id: runId } }));
  }

  let snapshot = JSON.parse(run.snapshot) as Partial<PurgeSnapshot>;
  if (!snapshot.at) {
    const [policies, holds] = await Promise.all([currentRetentionPolicies(), activeHoldTargets()]);
    snapshot = {
      at: now().toISOString(),
      policies: policies.map((p) => ({ id: p.id, dataset: p.datasetRef, version: p.version, terms: p.terms })),
      holds: holds.map((h) => ({ id: h.id, version: h.version })),
    };
    await db.purgeRun.update({ where: { id: runId }, data: { snapshot: JSON.stringify(snapshot), updatedAt: now() } });
  }
  const snap = snapshot as PurgeSnapshot;
  const at = new Date(snap.at);
  const plans = planOf(snap);

  let report: PurgeReport;
  if (run.report) report = JSON.parse(run.report) as PurgeReport;
  else {
    report = await countCandidates(runId, writer, snap, plans);
    const candidates = sum(report.datasets.map((d) => d.candidates));
    const heldBack = sum(report.datasets.map((d) => d.heldBack));
    const toDelete = sum(report.datasets.map((d) => d.toDelete));
    if (run.mode === "dry_run") {
      await commitWithLedger(async ({ tx, record }) => {
        const finishedAt = now();
        await tx.purgeRun.update({
          where: { id: runId },
          data: { status: "completed", report: JSON.stringify(report), candidates, heldBack, finishedAt, updatedAt: finishedAt },
        });
        record(
          purgeEntry(null, systemMeta(runId), runId, "purge.run_completed", {
            mode: "dry_run",
            candidates,
            held_back: heldBack,
            to_delete: toDelete,
          }),
        );
      });
      return summaryOf(await db.purgeRun.findUniqueOrThrow({ where: { id: runId } }));
    }
    report.breaker = await currentBreaker(runId, opts.breaker);
    const tripped = !run.approvedAt && toDelete > report.breaker.limit;
    await commitWithLedger(async ({ tx, record }) => {
      const at2 = now();
      const reason = tripped
        ? `This run would delete ${toDelete.toLocaleString("en-US")} records, more than ${report.breaker!.limit.toLocaleString("en-US")} (` +
          (report.breaker!.usual === null
            ? `no completed execute run yet, so the limit is WARDEN_PURGE_BREAKER_MIN_ROWS`
            : `${report.breaker!.multiple} × the usual ${report.breaker!.usual.toLocaleString("en-US")}, the median of the last ${report.breaker!.history} runs`) +
          `). A privacy admin must approve it before anything is deleted.`
        : null;
      await tx.purgeRun.update({
        where: { id: runId },
        data: {
          report: JSON.stringify(report),
          candidates,
          heldBack,
          breakerLimit: report.breaker!.limit,
          progressDone: 0,
          progressTotal: toDelete,
          updatedAt: at2,
          ...(tripped ? { status: "tripped", trippedReason: reason } : {}),
        },
      });
      if (tripped) {
        record(
          purgeEntry(null, systemMeta(runId), runId, "purge.breaker_tripped", {
            to_delete: toDelete,
            limit: report.breaker!.limit,
            usual: report.breaker!.usual,
          }),
        );
        await notifyPrivacyAdmins(
          {
            kind: "purge.breaker_tripped",
            title: "A purge run is waiting for approval",
            body: reason!,
            href: `/purge/${runId}`,
            dedupeKey: `purge.breaker_tripped:${runId}`,
          },
          { tx },
        );
      }
    });
    if (tripped) return summaryOf(await db.purgeRun.findUniqueOrThrow({ where: { id: runId } }));
  }
  run = await db.purgeRun.findUniqueOrThrow({ where: { id: runId } });
  if (run.status !== "running" || run.mode !== "execute") return summaryOf(run);

  // Execute. First a batch a crash left in `deleting`, then every dataset until no candidate is left.
  const last = await db.purgeBatch.findFirst({ where: { runId }, orderBy: { seq: "desc" }, select: { seq: true } });
  let seq = last?.seq ?? 0;
  if (!(await finishCrashedBatches(runId, writer, opts, true))) return summaryOf(await db.purgeRun.findUniqueOrThrow({ where: { id: runId } }));

  // Batch size (decision 041): what a batch costs is mostly the index pages its commit rewrites, nearly the same for
  // 20,000 random rows as for 200,000, so rows per second grow with the batch; what bounds it is how long a hold
  // activation may wait for the batch in flight. So batches start at FIRST_BATCH_ROWS and double while one holds the
  // lease under half of WARDEN_PURGE_BATCH_SECONDS, up to WARDEN_PURGE_BATCH_ROWS; one that held it over twice that
  // (or over a quarter of the lease) halves the next, so a slow disk or a cold cache never stretches a batch towards
  // the lease's lapse. `opts.batchRows` fixes the size (tests).
  const maxRows = opts.batchRows ?? env().purgeBatchRows;
  let batchRows = opts.batchRows ?? Math.min(FIRST_BATCH_ROWS, maxRows);
  const targetMs = env().purgeBatchTargetMs;
  const slowBatchMs = Math.min(targetMs * 2, env().purgeLeaseMs / 4);
  const hasher = startTombstoneHasher();
  try {
    for (const plan of plans) if (!(await purgeDataset(plan))) return summaryOf(await db.purgeRun.findUniqueOrThrow({ where: { id: runId } }));
  } finally {
    await hasher.close();
  }
  /** Deletes one dataset's candidates batch by batch; false when the run stopped (cancelled) before a batch's lease. */
  async function purgeDataset(plan: Plan): Promise<boolean> {
    const retention = retentionOf(plan.dataset, plan.terms, at);
    let cursor: string | null = null;
    for (;;) {
      seq++;
      await opts.hooks?.beforeBatch?.(seq);
      const leaseAt = Date.now();
      if (!(await takeLease(runId, seq))) return false;
      await opts.hooks?.afterLease?.(seq);
      // The holds are read only now, under the committed lease: no activation can commit until it is given back.
      const targets = (await activeHoldTargets()).flatMap((h) => h.targets);
      const rows = await writer.scan(plan.dataset.ref, { where: retention, flag: coverOf(plan.dataset, targets), after: cursor, limit: batchRows });
      const doomed = rows.filter((r) => !r.flagged);
      const ids = doomed.map((r) => r.id);
      const scanned = rows.length;
      const limit = batchRows;
      if (ids.length === 0) {
        await getDb().$transaction((tx) => releasePurgeLease(tx, runId));
      } else {
        const batch = { id: newId("pgb"), seq, datasetRef: plan.dataset.ref, policyId: plan.policyId };
        await db.purgeBatch.create({
          data: { ...batch, runId, status: "deleting", recordIds: JSON.stringify(ids), planned: ids.length, createdAt: now() },
        });
        // The tombstone hashes are made on their own thread while the DELETE runs (tombstone-hasher.ts).
        const hashing = hasher.hash(plan.dataset.ref, ids);
        hashing.catch(() => {});
        await writer.deleteScanned(plan.dataset.ref, doomed);
        await finishBatch(runId, batch, ids, rows.length - ids.length, false, await hashing);
        const held = Date.now() - leaseAt;
        if (held > slowBatchMs) batchRows = Math.max(1, Math.floor(batchRows / 2));
        else if (held < targetMs / 2 && opts.batchRows === undefined) batchRows = Math.min(maxRows, batchRows * 2);
      }
      if (scanned < limit) return true;
      cursor = rows[rows.length - 1].key;
    }
  }

  // What is still past retention now is what the holds kept back (a hold activated during the run included).
  const finalHolds = (await activeHoldTargets()).flatMap((h) => h.targets);
  const deletedBy = await db.purgeBatch.groupBy({ by: ["datasetRef"], where: { runId }, _sum: { deleted: true } });
  for (const r of report.datasets) {
    r.deleted = deletedBy.find((x) => x.datasetRef === r.dataset)?._sum.deleted ?? 0;
  }
  let heldBack = 0;
  for (const plan of plans)
    heldBack += await writer.count(plan.dataset.ref, [retentionOf(plan.dataset, plan.terms, at), coverOf(plan.dataset, finalHolds)]);
  await commitWithLedger(async ({ tx, record }) => {
    const current = await tx.purgeRun.findUniqueOrThrow({ where: { id: runId }, select: { status: true, deleted: true } });
    if (current.status !== "running") return;
    const finishedAt = now();
    const batches = await tx.purgeBatch.count({ where: { runId } });
    await tx.purgeRun.update({
      where: { id: runId },
      data: { status: "completed", report: JSON.stringify(report), heldBack, finishedAt, updatedAt: finishedAt },
    });
    record(
      purgeEntry(null, systemMeta(runId), runId, "purge.run_completed", { mode: "execute", deleted: current.deleted, held_back: heldBack, batches }),
    );
  });
  return summaryOf(await db.purgeRun.findUniqueOrThrow({ where: { id: runId } }));
}

/**
 * Finishes the batches a crash left `deleting`: under the lease again and with the holds read again, planned ids now
 * absent went in that batch's DELETE (the warehouse committed it, the console had not yet); the rest that no hold
 * covers are deleted now. False when the run stopped before it could take the lease.
 */
async function finishCrashedBatches(runId: string, writer: PurgeWriter, opts: RunPurgeOptions, requireRunning: boolean): Promise<boolean> {
  for (const b of await getDb().purgeBatch.findMany({ where: { runId, status: "deleting" }, orderBy: { seq: "asc" } })) {
    if (!(await takeLease(runId, b.seq, requireRunning))) return false;
    await opts.hooks?.afterLease?.(b.seq);
    const d = datasetOrThrow(b.datasetRef);
    const targets = (await activeHoldTargets()).flatMap((h) => h.targets);
    const planned = JSON.parse(b.recordIds) as string[];
    const present = await writer.present(d.ref, planned, coverOf(d, targets));
    const presentIds = new Set(present.map((r) => r.id));
    const deletable = present.filter((r) => !r.flagged).map((r) => r.id);
    await writer.deleteIds(d.ref, deletable);
    const gone = [...planned.filter((id) => !presentIds.has(id)), ...deletable];
    await finishBatch(runId, { id: b.id, seq: b.seq, datasetRef: d.ref, policyId: b.policyId }, gone, present.length - deletable.length, true);
  }
  return true;
}

function planOf(snap: PurgeSnapshot): Plan[] {
  const byRef = new Map(snap.policies.map((p) => [p.dataset, p]));
  return purgeOrder()
    .filter((d) => byRef.has(d.ref))
    .map((d) => ({ dataset: d, policyId: byRef.get(d.ref)!.id, terms: byRef.get(d.ref)!.terms }));
}

function datasetOrThrow(ref: string): WarehouseDataset {
  const d = warehouseDataset(ref);
  if (!d) throw new Error(`purge batch names an unknown dataset ${ref}`);
  return d;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** The dry-run's figures (and an execute run's plan): per dataset its candidates by reason and held back, per hold its share. */
async function countCandidates(runId: string, writer: PurgeWriter, snap: PurgeSnapshot, plans: Plan[]): Promise<PurgeReport> {
  const at = new Date(snap.at);
  const holds = await activeHoldTargets();
  const allTargets = holds.flatMap((h) => h.targets);
  const steps = Math.max(1, plans.length * (2 + holds.length));
  let done = 0;
  const progress = async (n: number) => {
    done += n;
    await getDb().purgeRun.update({ where: { id: runId }, data: { progressDone: Math.min(done, steps), progressTotal: steps, updatedAt: now() } });
  };
  await progress(0);

  const datasets: PurgeDatasetReport[] = [];
  for (const p of snap.policies) {
    if (!warehouseDataset(p.dataset))
      datasets.push({
        dataset: p.dataset,
        policyId: p.id,
        policyVersion: p.version,
        candidates: 0,
        reasons: [],
        heldBack: 0,
        toDelete: 0,
        skipped: "no such dataset in this warehouse",
      });
  }
  const holdReports = new Map<string, PurgeHoldReport>(
    holds.map((h) => [
      h.id,
      {
        holdId: h.id,
        name: h.name,
        matterId: h.matterId,
        version: h.version,
        subjects: h.targets.filter((t) => t.kind === "subject" || t.kind === "booking_group").map((t) => t.value),
        datasets: [],
        heldBack: 0,
      },
    ]),
  );
  for (const plan of plans) {
    const d = plan.dataset;
    const policy = snap.policies.find((p) => p.id === plan.policyId)!;
    const retention = retentionOf(d, plan.terms, at);
    const candidates = await writer.count(d.ref, [retention]);
    const reasons = [];
    let overridden = 0;
    const cutoffs = retentionCutoffs(plan.terms, at);
    for (const state of Object.keys(cutoffs.byState).sort()) {
      const values = jurisdictionValues(d, state);
      if (values.length === 0) continue;
      const inState: WhereBuilder = (p) => ({ sql: `"${d.jurisdiction.column}" IN (${values.map((_, i) => p(i + 1)).join(", ")})`, params: values });
      const n = candidates === 0 ? 0 : await writer.count(d.ref, [retention, inState]);
      overridden += n;
      if (n > 0)
        reasons.push({
          reason: `${state} override: older than ${plan.terms.stateOverrides[state]} days from ${plan.terms.dateColumn}`,
          candidates: n,
        });
    }
    reasons.unshift({ reason: `older than ${plan.terms.days} days from ${plan.terms.dateColumn}`, candidates: candidates - overridden });
    const heldBack = candidates === 0 ? 0 : await writer.count(d.ref, [retention, coverOf(d, allTargets)]);
    await progress(2);
    for (const h of holds) {
      const covered = [retention, coverOf(d, h.targets)];
      const n = heldBack === 0 ? 0 : await writer.count(d.ref, covered);
      if (n > 0) {
        const hr = holdReports.get(h.id)!;
        hr.datasets.push({ dataset: d.ref, heldBack: n, sampleIds: await writer.sampleIds(d.ref, covered, SAMPLE_IDS) });
        hr.heldBack += n;
      }
      if (holds.length <= 50 || done % 50 === 0) await progress(1);
      else done++;
    }
    datasets.push({
      dataset: d.ref,
      policyId: plan.policyId,
      policyVersion: policy.version,
      candidates,
      reasons,
      heldBack,
      toDelete: candidates - heldBack,
    });
  }
  await progress(0);
  return { at: snap.at, datasets, holds: [...holdReports.values()] };
}

/**
 * Takes the purge lease for this run's batch `seq` and commits it, unless the run is no longer running (cancelled):
 * then false. Another run's batch cannot hold it (one run at a time), but a lapsed crashed one may: it waits for that
 * lease to run out.
 */
async function takeLease(runId: string, seq: number, requireRunning = true): Promise<boolean> {
  const deadline = Date.now() + env().purgeLeaseMs + 5_000;
  for (;;) {
    const outcome = await getDb().$transaction(async (tx) => {
      const run = await tx.purgeRun.findUniqueOrThrow({ where: { id: runId }, select: { status: true } });
      if (requireRunning && run.status !== "running") return "stopped" as const;
      return (await acquirePurgeLease(tx, runId, seq)) ? ("taken" as const) : ("busy" as const);
    });
    if (outcome !== "busy") return outcome === "taken";
    if (Date.now() > deadline) throw new AppError("conflict", "The purge lease is held by another run's batch; try again later.");
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function markFailed(runId: string, err: unknown): Promise<void> {
  const message = (err instanceof Error ? err.message : String(err)).split("\n")[0].slice(0, 500);
  try {
    await commitWithLedger(async ({ tx, record }) => {
      const run = await tx.purgeRun.findUnique({ where: { id: runId }, select: { status: true, deleted: true } });
      if (!run || (run.status !== "running" && run.status !== "queued")) return;
      const at = now();
      await tx.purgeRun.update({ where: { id: runId }, data: { status: "failed", error: message, finishedAt: at, updatedAt: at } });
      await releasePurgeLease(tx, runId);
      record(purgeEntry(null, systemMeta(runId), runId, "purge.run_failed", { deleted: run.deleted }));
    });
  } catch (e) {
    console.error("[warden] could not mark purge run failed", runId, e);
  }
}

function summaryOf(run: { id: string; status: string; candidates: number; deleted: number; heldBack: number }): PurgeRunSummary {
  return { runId: run.id, status: run.status as PurgeRunStatus, candidates: run.candidates, deleted: run.deleted, heldBack: run.heldBack };
}
