// A privacy admin sets a dataset's retention policy (issue 9 item 2). Every edit is a new version, never an update of
// the old row: the old one stops being current and version n+1 becomes current in ONE unit of work with its ledger
// entry (retention.policy_changed: old and new terms), so a purge run's snapshot always names a version that existed.
// Refusals change nothing and are recorded as governance.action_refused, as every governance verb's are.
import type { Acting } from "@/lib/core/actor";
import { now } from "@/lib/core/clock";
import { AppError } from "@/lib/core/errors";
import { sha256Hex } from "@/lib/core/hash";
import { newId } from "@/lib/core/ids";
import { governanceEntry, type Tx, type UnitOfWork } from "@/lib/ledger/unit-of-work";
import { commitOrRefuse, parseOrRefuse, refusal, requirePermissionOrRefuse, type RefusalContext } from "@/lib/scopes/record-refusal";
import { ZReason } from "@/lib/scopes/vocabulary";
import type { RetentionTerms } from "../retention-clause";
import { ZStateOverrides } from "../types";
import { RETENTION_POLICY_CHANGED, ZRetentionPolicyEdit, type TRetentionPolicyEdit } from "./retention-terms";
import { z } from "zod";

export interface RetentionPolicyVersion {
  id: string;
  datasetRef: string;
  version: number;
  terms: RetentionTerms;
  legalBasis: string;
  ledgerSeq: number;
}

/** What a policy version says, with `legalBasis`; the unit the "nothing changed" test and the ledger compare. */
interface PolicyContent {
  terms: RetentionTerms;
  legalBasis: string;
}

/** The terms as the ledger carries them: the legal basis by hash (it is prose; the policy row keeps the text). */
function ledgerTerms(c: PolicyContent) {
  return {
    days: c.terms.days,
    date_column: c.terms.dateColumn,
    state_overrides: c.terms.stateOverrides,
    legal_basis_sha256: sha256Hex(c.legalBasis),
  };
}

const sameOverrides = (a: Record<string, number>, b: Record<string, number>) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);

export async function updateRetentionPolicy(acting: Acting, edit: TRetentionPolicyEdit & { changeReason: string }): Promise<RetentionPolicyVersion> {
  const ref = typeof edit?.dataset === "string" ? edit.dataset.trim().slice(0, 120) : "unknown";
  const ctx: RefusalContext = { attempted: "update_retention_policy", privacyTier: "none", resource: `dataset:${ref}` };
  await requirePermissionOrRefuse(acting, "retention.manage", ctx);
  const e = await parseOrRefuse(ZRetentionPolicyEdit.and(z.object({ changeReason: ZReason })), edit, acting, ctx);
  const next: PolicyContent = {
    terms: { days: e.days, dateColumn: e.dateColumn, stateOverrides: e.stateOverrides },
    legalBasis: e.legalBasis,
  };

  try {
    const { result, entries } = await commitOrRefuse(acting, (uow) =>
      writeVersion(uow, acting, { ref: e.dataset, next, changeReason: e.changeReason, baseVersion: e.baseVersion, ctx }),
    );
    return { ...result, ledgerSeq: entries[0]?.seq ?? 0 };
  } catch (err) {
    // Two editors at once on PostgreSQL: the second insert of the same version hits the unique (dataset, version).
    if ((err as { code?: unknown })?.code === "P2002") {
      throw new AppError("conflict", "Someone else changed this policy at the same moment. Review it and edit again.", { cause: err });
    }
    throw err;
  }
}

/**
 * Inside a unit of work: retires the current version of `ref` (if any) and writes the next one as current, with its
 * ledger entry. Shared with the demo defaults (seed-retention-defaults.ts), so a seeded version 1 is ledgered alike.
 */
export async function writeVersion(
  uow: UnitOfWork,
  acting: Pick<Acting, "meta"> & { actor: Acting["actor"] | null },
  opts: { ref: string; next: PolicyContent; changeReason: string; baseVersion?: number; ctx: RefusalContext },
): Promise<Omit<RetentionPolicyVersion, "ledgerSeq">> {
  const { tx, record } = uow;
  const [key, v] = opts.ref.split("@");
  const datasetVersion = Number(v);
  const current = await readCurrent(tx, key, datasetVersion);
  const currentVersion = current?.version ?? 0;
  if (opts.baseVersion !== undefined && opts.baseVersion !== currentVersion) {
    throw refusal(opts.ctx, "conflict", `This policy changed while you edited it: it is now version ${currentVersion}. Review it and edit again.`);
  }
  if (
    current &&
    current.terms.days === opts.next.terms.days &&
    current.terms.dateColumn === opts.next.terms.dateColumn &&
    sameOverrides(current.terms.stateOverrides, opts.next.terms.stateOverrides) &&
    current.legalBasis === opts.next.legalBasis
  ) {
    throw refusal(opts.ctx, "validation_failed", `Nothing changed: version ${current.version} already says this`);
  }
  if (current) {
    // Only if still current as read: a concurrent edit that retired it first makes this one a conflict, not a fork.
    const retired = await tx.retentionPolicy.updateMany({ where: { id: current.id, current: true }, data: { current: false } });
    if (retired.count !== 1) throw refusal(opts.ctx, "conflict", "Someone else changed this policy at the same moment. Review it and edit again.");
  }
  const version = currentVersion + 1;
  const id = newId("ret");
  await tx.retentionPolicy.create({
    data: {
      id,
      datasetKey: key,
      datasetVersion,
      version,
      days: opts.next.terms.days,
      dateColumn: opts.next.terms.dateColumn,
      legalBasis: opts.next.legalBasis,
      stateOverrides: JSON.stringify(opts.next.terms.stateOverrides),
      current: true,
      createdById: acting.actor?.id ?? null,
      createdAt: now(),
      changeReason: opts.changeReason,
    },
  });
  record(
    governanceEntry(acting.actor, acting.meta, {
      action: RETENTION_POLICY_CHANGED,
      privacyTier: "none",
      resource: `dataset:${opts.ref}`,
      recordId: id,
      purpose: opts.changeReason,
      payload: {
        dataset: opts.ref,
        from_version: current ? current.version : null,
        to_version: version,
        old: current ? ledgerTerms(current) : null,
        new: ledgerTerms(opts.next),
      },
    }),
  );
  return { id, datasetRef: opts.ref, version, terms: opts.next.terms, legalBasis: opts.next.legalBasis };
}

async function readCurrent(tx: Tx, datasetKey: string, datasetVersion: number): Promise<(PolicyContent & { id: string; version: number }) | null> {
  const row = await tx.retentionPolicy.findFirst({
    where: { datasetKey, datasetVersion, current: true },
    select: { id: true, version: true, days: true, dateColumn: true, stateOverrides: true, legalBasis: true },
  });
  if (!row) return null;
  return {
    id: row.id,
    version: row.version,
    terms: { days: row.days, dateColumn: row.dateColumn, stateOverrides: ZStateOverrides.parse(JSON.parse(row.stateOverrides)) },
    legalBasis: row.legalBasis,
  };
}
