// The evidence bundle's layout and manifest (docs/decisions/019). The manifest lists every other member with its
// size and sha256; the bundle as a whole is bound to the ledger by the sha256 its download entry records.
import { z } from "zod";
import { ZBundleFilters } from "./filters";

export const BUNDLE_FORMAT = "warden.ledger.evidence-bundle";
export const BUNDLE_VERSION = 1;

export const MEMBERS = {
  manifest: "manifest.json",
  readme: "README.txt",
  keys: "keys.txt",
  entries: "entries.ndjson",
  rangeProof: "range-proof.json",
  proofs: "proofs.ndjson",
  consistency: "consistency.ndjson",
} as const;

/** A checkpoint's member: zero-padded so a plain listing sorts them by tree size. */
export const checkpointMember = (treeSize: number) => `checkpoints/${String(treeSize).padStart(12, "0")}.note`;
export const CHECKPOINT_MEMBER = /^checkpoints\/(\d{12})\.note$/;

const ZSeq = z.number().int().min(1);

export const ZManifest = z.object({
  format: z.literal(BUNDLE_FORMAT),
  version: z.literal(BUNDLE_VERSION),
  created_at: z.string(),
  origin: z.string(),
  period: z.object({ from: z.string().nullable(), to: z.string().nullable() }),
  filters: ZBundleFilters,
  entries: z.object({ first_seq: ZSeq, last_seq: ZSeq, count: z.number().int().min(1) }),
  /** Entries of the period after the newest checkpoint: left out, since nothing signed covers them yet. */
  not_covered: z.object({ first_seq: ZSeq, last_seq: ZSeq }).nullable(),
  /** Tree sizes of the included checkpoints, ascending; the last covers the last entry. */
  checkpoints: z.array(z.number().int().min(1)).min(1),
  subset: z.object({ count: z.number().int().min(0) }),
  members: z.array(z.object({ name: z.string(), size: z.number().int().min(0), sha256: z.string().regex(/^[0-9a-f]{64}$/) })),
});
export type Manifest = z.infer<typeof ZManifest>;

/** One line of consistency.ndjson: RFC 9162 consistency proof from one included checkpoint to the next. */
export const ZConsistencyLine = z.object({
  from: z.number().int().min(1),
  to: z.number().int().min(1),
  path: z.array(z.string().regex(/^[0-9a-f]{64}$/)).max(128),
});
