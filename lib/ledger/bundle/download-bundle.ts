// An auditor's bundle download (issue 7 §3: "the download is itself a ledger entry"): build the bundle, record
// `ledger.bundle_downloaded` with the period, filters, entry count and the file's sha256, and only then hand the
// file over. Fail closed: if the entry cannot be written, the file is deleted and nothing is served.
import { rm } from "node:fs/promises";
import type { Acting } from "@/lib/core/actor";
import { can, ROLE_LABELS } from "@/lib/core/permissions";
import { AppError } from "@/lib/core/errors";
import { dbTarget } from "@/lib/db/client";
import { appendLedgerEntry } from "../append";
import { governanceEntry } from "../unit-of-work";
import { buildEvidenceBundle, ZBundleRequest, type BuiltBundle } from "./build-bundle";

export const BUNDLE_RESOURCE = "ledger:bundle";

/** Who may take the ledger away as evidence: those who may read it (auditors; privacy admins hold every permission). */
export const BUNDLE_PERMISSION = "ledger.read" as const;

/** The file name a bundle is offered under: its range, so two downloads are told apart. */
export function bundleFilename(b: BuiltBundle): string {
  return `warden-evidence-seq-${b.manifest.entries.first_seq}-${b.manifest.entries.last_seq}.tar`;
}

/**
 * Builds and records a bundle for `acting` (null actor: the CLI, as the operator). The caller streams `file` and
 * deletes it afterwards. A role without ledger.read is refused and the refusal recorded as a deny entry.
 */
export async function downloadEvidenceBundle(acting: Acting | { actor: null; meta: Acting["meta"] }, request: unknown): Promise<BuiltBundle> {
  if (acting.actor && !can(acting.actor, BUNDLE_PERMISSION)) {
    const message = `Your role (${ROLE_LABELS[acting.actor.role]}) does not allow downloading ledger evidence (${BUNDLE_PERMISSION}).`;
    // Refused attempts are evidence too (as lib/scopes/record-refusal.ts records them), whoever the caller is.
    await appendLedgerEntry(
      governanceEntry(acting.actor, acting.meta, {
        action: "governance.action_refused",
        decision: "deny",
        privacyTier: "none",
        resource: BUNDLE_RESOURCE,
        purpose: message,
        payload: { attempted: "download_evidence_bundle", code: "forbidden", field: null },
      }),
    );
    throw new AppError("forbidden", message);
  }
  const req = ZBundleRequest.parse(request);
  const built = await buildEvidenceBundle(dbTarget(), req);
  try {
    const m = built.manifest;
    await appendLedgerEntry(
      governanceEntry(acting.actor, acting.meta, {
        action: "ledger.bundle_downloaded",
        privacyTier: "none",
        resource: BUNDLE_RESOURCE,
        purpose: `Evidence bundle of seq ${m.entries.first_seq}..${m.entries.last_seq}`,
        payload: {
          period: m.period,
          filters: m.filters,
          first_seq: m.entries.first_seq,
          last_seq: m.entries.last_seq,
          entry_count: m.entries.count,
          checkpoint: m.checkpoints[m.checkpoints.length - 1],
          subset_count: m.subset.count,
          bundle_sha256: built.sha256,
          bundle_bytes: built.size,
        },
      }),
    );
  } catch (err) {
    await rm(built.file, { force: true });
    throw err;
  }
  return built;
}
