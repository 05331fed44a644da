// Everything the gateway decides from, in one round trip (decision 022): the access version and the actor's grants
// in force now, in one prepared query on the driver; the dataset's policy from the per-process cache, valid while the
// access version it was read at is still the stored one. Grants are never cached: the window is evaluated at read
// time, so a grant that ends stops counting at once, expiry job or not.
import { missingVersion } from "@/lib/catalog/access-version";
import { datasetPolicyAt, type DatasetPolicy } from "@/lib/catalog/get-dataset-policy";
import { rawRead } from "@/lib/catalog/raw-query";
import { now } from "@/lib/core/clock";
import type { Scope } from "@/lib/core/tiers";
import { grantInForce, grantParams, scopesFromGrants, type GrantRow } from "@/lib/scopes/effective-scopes";

export interface AccessContext {
  policy: DatasetPolicy;
  /** The tiers the user may see in clear in this dataset at `at`. */
  scopes: ReadonlySet<Scope>;
  /** The access version both were read at. */
  accessVersion: number;
}

// A LEFT JOIN from the one counter row: it comes back even when the user holds no grant.
const CONTEXT_SQL = (p: (i: number) => string) =>
  `SELECT v.version, g.scope, g.datasets FROM access_version v LEFT JOIN grants g ON ${grantInForce(p)} WHERE v.id = 1`;
const SQL = { sqlite: CONTEXT_SQL(() => "?"), pg: CONTEXT_SQL((i) => `$${i}`) };

export async function accessContext(userId: string, dataset: { key: string; version: number }, at: Date = now()): Promise<AccessContext> {
  const rows = await rawRead<GrantRow & { version: number }>("warden_access_context", SQL, grantParams(userId, at));
  if (rows.length === 0) throw missingVersion();
  const accessVersion = Number(rows[0].version);
  const policy = await datasetPolicyAt(accessVersion, dataset.key, dataset.version);
  return { policy, scopes: scopesFromGrants(rows, policy.ref), accessVersion };
}
