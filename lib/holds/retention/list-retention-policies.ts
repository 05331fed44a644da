// The Retention screen's policies (retention.read): every warehouse dataset with its current policy version, or none
// (then it is never purged), and each dataset's versions newest first with who set them and why.
import { AppError } from "@/lib/core/errors";
import { can, type Role } from "@/lib/core/permissions";
import { getDb } from "@/lib/db/client";
import { findPeople } from "@/lib/scopes/find-people";
import { WAREHOUSE_DATASETS } from "@/lib/warehouse/datasets";
import type { RetentionTerms } from "../retention-clause";
import { ZStateOverrides } from "../types";
import { retentionDateColumns } from "./retention-terms";

export interface RetentionPolicyRow {
  id: string;
  version: number;
  terms: RetentionTerms;
  legalBasis: string;
  current: boolean;
  createdAt: Date;
  /** null: Warden's demo default (the seed, no person). */
  createdByEmail: string | null;
  changeReason: string | null;
}

export interface DatasetRetention {
  datasetRef: string;
  /** The columns a policy may count from (the edit form's choices). */
  dateColumns: string[];
  current: RetentionPolicyRow | null;
  /** Newest first; the current version is the first. */
  versions: RetentionPolicyRow[];
}

export async function listRetentionPolicies(viewer: { role: Role }): Promise<DatasetRetention[]> {
  if (!can(viewer, "retention.read")) throw new AppError("forbidden", "Reading retention policies needs the retention.read permission");
  const rows = await getDb().retentionPolicy.findMany({
    orderBy: [{ datasetKey: "asc" }, { datasetVersion: "asc" }, { version: "desc" }],
  });
  const authors = await findPeople(rows.map((r) => r.createdById));
  const byDataset = new Map<string, RetentionPolicyRow[]>();
  for (const r of rows) {
    const ref = `${r.datasetKey}@${r.datasetVersion}`;
    const list = byDataset.get(ref) ?? [];
    list.push({
      id: r.id,
      version: r.version,
      terms: { days: r.days, dateColumn: r.dateColumn, stateOverrides: ZStateOverrides.parse(JSON.parse(r.stateOverrides)) },
      legalBasis: r.legalBasis,
      current: r.current,
      createdAt: r.createdAt,
      createdByEmail: r.createdById ? (authors.get(r.createdById)?.email ?? null) : null,
      changeReason: r.changeReason,
    });
    byDataset.set(ref, list);
  }
  return Object.values(WAREHOUSE_DATASETS)
    .map((d) => {
      const versions = byDataset.get(d.ref) ?? [];
      return { datasetRef: d.ref, dateColumns: retentionDateColumns(d), current: versions.find((v) => v.current) ?? null, versions };
    })
    .sort((a, b) => a.datasetRef.localeCompare(b.datasetRef));
}
