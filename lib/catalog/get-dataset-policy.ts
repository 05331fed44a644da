// Reads one dataset's column classification from the catalog: the policy the gateway enforces. Cached per process
// under the access version it was read at (decision 022): any catalog change bumps that version in its own
// transaction, so a cached policy is used only while no change has committed since.
import { env } from "@/lib/core/env";
import { AppError } from "@/lib/core/errors";
import { ZPrivacyTier } from "@/lib/core/schemas";
import type { PrivacyTier } from "@/lib/core/tiers";
import { ZMaskRule, type MaskRule } from "@/lib/masking/mask";
import { readAccessVersion } from "./access-version";
import { rawRead } from "./raw-query";

export interface ColumnPolicy {
  name: string;
  label: string;
  tier: PrivacyTier;
  maskRule: MaskRule;
}

export interface DatasetPolicy {
  key: string;
  version: number;
  /** `key@version`, the name the ledger records. */
  ref: string;
  recordIdColumn: string;
  columns: ColumnPolicy[];
}

export async function getDatasetPolicy(key: string, version: number): Promise<DatasetPolicy> {
  return datasetPolicyAt(await readAccessVersion(), key, version);
}

const POLICY_SQL = (p: (i: number) => string) =>
  `SELECT d.key, d.version, d.record_id_column, c.name, c.label, c.tier, c.mask_rule
     FROM datasets d LEFT JOIN dataset_columns c ON c.dataset_id = d.id
    WHERE d.key = ${p(1)} AND d.version = ${p(2)}
    ORDER BY c.position`;
const SQL = { sqlite: POLICY_SQL(() => "?"), pg: POLICY_SQL((i) => `$${i}`) };

interface PolicyRow {
  key: string;
  version: number;
  record_id_column: string;
  name: string | null;
  label: string | null;
  tier: string | null;
  mask_rule: string | null;
}

const cache = globalThis as unknown as { __wardenPolicies?: Map<string, { accessVersion: number; policy: DatasetPolicy }> };

/**
 * The policy as of `accessVersion` (read from the database by the caller, before this). A policy loaded here is
 * at least as new as that version (it is read after it), so tagging it with it can only make the next read reload.
 */
export async function datasetPolicyAt(accessVersion: number, key: string, version: number): Promise<DatasetPolicy> {
  cache.__wardenPolicies ??= new Map();
  // Per database too: two databases' version counters say nothing about each other.
  const ref = `${env().databaseUrl} ${key}@${version}`;
  const hit = cache.__wardenPolicies.get(ref);
  if (hit && hit.accessVersion === accessVersion) return hit.policy;
  const policy = await loadPolicy(key, version);
  const latest = cache.__wardenPolicies.get(ref);
  if (!latest || latest.accessVersion <= accessVersion) cache.__wardenPolicies.set(ref, { accessVersion, policy });
  return policy;
}

async function loadPolicy(key: string, version: number): Promise<DatasetPolicy> {
  const rows = await rawRead<PolicyRow>("warden_dataset_policy", SQL, [key, version]);
  if (rows.length === 0) throw new AppError("not_found", `Dataset ${key}@${version} is not in the catalog`);
  const d = rows[0];
  return {
    key: d.key,
    version: Number(d.version),
    ref: `${d.key}@${Number(d.version)}`,
    recordIdColumn: d.record_id_column,
    // Parsed, not cast: an unknown tier in the catalog must fail closed, not be treated as `none`.
    columns: rows
      .filter((c) => c.name !== null)
      .map((c) => ({ name: c.name!, label: c.label!, tier: ZPrivacyTier.parse(c.tier), maskRule: ZMaskRule.parse(c.mask_rule) })),
  };
}
