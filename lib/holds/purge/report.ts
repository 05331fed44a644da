// The shape of a run's snapshot and report (purge_runs.snapshot / .report, JSON). Ids, counts and terms only.
import type { RetentionTerms } from "../retention-clause";

export interface PurgeSnapshot {
  /** The instant retention is measured from, fixed at the run's start so a resumed run deletes the same set. */
  at: string;
  policies: Array<{ id: string; dataset: string; version: number; terms: RetentionTerms }>;
  holds: Array<{ id: string; version: number }>;
}

export interface PurgeReasonCount {
  /** e.g. "older than 90 days from occurred_at", "CA override: older than 365 days". */
  reason: string;
  candidates: number;
}

export interface PurgeDatasetReport {
  dataset: string;
  policyId: string;
  policyVersion: number;
  /** Past retention and unreferenced when the run counted. */
  candidates: number;
  reasons: PurgeReasonCount[];
  /** Candidates an active hold covers (counted once however many holds cover them). */
  heldBack: number;
  /** What an execute run would delete: candidates − held back. */
  toDelete: number;
  /** Execute runs: rows this run deleted from the dataset. */
  deleted?: number;
  /** Set when the policy names a dataset this warehouse does not have. */
  skipped?: string;
}

export interface PurgeHoldReport {
  holdId: string;
  name: string;
  matterId: string;
  version: number;
  /** The people and booking groups the hold names (ids only), so a report says whose records it kept. */
  subjects?: string[];
  /** Candidates this hold covers, per dataset, with a few of their record ids. */
  datasets: Array<{ dataset: string; heldBack: number; sampleIds: string[] }>;
  heldBack: number;
}

export interface PurgeBreaker {
  /** Median deletions of the last completed execute runs (null: no history). */
  usual: number | null;
  history: number;
  multiple: number;
  minRows: number;
  limit: number;
}

export interface PurgeReport {
  at: string;
  datasets: PurgeDatasetReport[];
  holds: PurgeHoldReport[];
  breaker?: PurgeBreaker;
}

export const SAMPLE_IDS = 5;
