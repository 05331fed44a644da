// The leak tracer (issue 8 §7, decision 025): a privacy admin hands in a suspect file or pasted rows; Warden ranks
// the exports that may have leaked it, with each channel's evidence and the probability of a false attribution, and
// records the trace in the ledger (`exports.traced`) in one unit of work. Read-only otherwise: nothing is changed.
import { createHash } from "node:crypto";
import { z } from "zod";
import type { Actor, RequestMeta } from "@/lib/core/actor";
import { AppError } from "@/lib/core/errors";
import { can } from "@/lib/core/permissions";
import { highestTier } from "@/lib/core/tiers";
import { commitWithLedger, governanceEntry } from "@/lib/ledger/unit-of-work";
import { exportKey } from "../export-keys";
import { ATTRIBUTION_THRESHOLD, extractEvidence, scoreCandidates, type CandidateScore } from "./attribute";
import { findTraceCandidates, type TraceCandidateInfo } from "./find-trace-candidates";
import { readPastedRows, readSuspectFile, type SuspectKind } from "./read-suspect";

export type TraceSource = { kind: "file"; bytes: Uint8Array; name?: string } | { kind: "text"; text: string };

const ZDatasets = z.array(z.string().regex(/^[a-z0-9_.-]+@\d{1,6}$/, "must be a dataset key@version")).max(50);

/** How many ranked candidates a report shows (the attributed ones always, then the closest others). */
export const RANKING_SHOWN = 10;

export interface RankedCandidate extends CandidateScore {
  datasetRef: string;
  status: string;
  recipient: string;
  purpose: string;
  readyAt: string | null;
}

export interface TraceReport {
  fileSha256: string;
  kind: SuspectKind;
  rows: number;
  tokensFound: number;
  timestampColumns: number;
  candidates: number;
  threshold: number;
  ranking: RankedCandidate[];
  attributed: string[];
  ledgerSeq: number;
}

/** `actor` null: the operator at the command line (the CLI's convention); otherwise it must hold export.trace. */
export async function traceLeak(
  acting: { actor: Pick<Actor, "id" | "role"> | null; meta: RequestMeta },
  input: { source: TraceSource; datasets?: string[] },
): Promise<TraceReport> {
  if (acting.actor && !can(acting.actor, "export.trace")) throw new AppError("forbidden", "Only privacy admins trace leaked files.");
  const datasets = ZDatasets.parse(input.datasets ?? []);
  const bytes = input.source.kind === "file" ? input.source.bytes : Buffer.from(input.source.text, "utf8");
  const cells = input.source.kind === "file" ? await readSuspectFile(input.source.bytes) : readPastedRows(input.source.text);
  const fileSha256 = createHash("sha256").update(bytes).digest("hex");

  const candidates = await findTraceCandidates(datasets);
  const evidence = extractEvidence(cells.rows);
  const scores = scoreCandidates(evidence, candidates, exportKey);
  const byId = new Map(candidates.map((c) => [c.id, c]));
  const ranking = scores.slice(0, Math.max(RANKING_SHOWN, scores.filter((s) => s.attributed).length)).map((s) => ranked(s, byId.get(s.exportId)!));
  const attributed = scores.filter((s) => s.attributed).map((s) => s.exportId);
  const best = ranking[0] ?? null;
  const bestCandidate = best ? byId.get(best.exportId)! : null;

  const { entries } = await commitWithLedger(async ({ record }) => {
    record(
      governanceEntry(acting.actor, acting.meta, {
        action: "exports.traced",
        privacyTier: bestCandidate && best!.attributed ? highestTier(bestCandidate.fileColumns.map((c) => c.tier)) : "none",
        resource: best && best.attributed ? `export:${best.exportId}` : "export:unattributed",
        recordId: best && best.attributed ? best.exportId : null,
        payload: {
          file_sha256: fileSha256,
          kind: cells.kind,
          rows: cells.rows.length,
          candidates: candidates.length,
          best: best?.exportId ?? null,
          best_false_attribution: best?.falseAttribution ?? 1,
          attributed,
          token_evidence: best ? `${best.token.matched}/${best.token.checked}` : "0/0",
          mark_evidence: best ? `${best.mark.matched}/${best.mark.checked}` : "0/0",
        },
      }),
    );
  });
  return {
    fileSha256,
    kind: cells.kind,
    rows: cells.rows.length,
    tokensFound: evidence.tokens.length,
    timestampColumns: evidence.timestampColumns.length,
    candidates: candidates.length,
    threshold: ATTRIBUTION_THRESHOLD,
    ranking,
    attributed,
    ledgerSeq: entries[0].seq,
  };
}

function ranked(s: CandidateScore, c: TraceCandidateInfo): RankedCandidate {
  return { ...s, datasetRef: c.datasetRef, status: c.status, recipient: c.recipient, purpose: c.purpose, readyAt: c.readyAt?.toISOString() ?? null };
}
