"use client";
// One dataset's columns: name and label, privacy tier, masking rule (its label and its name), what it holds.
import { DataTable } from "@/components/data-table/data-table";
import { dataTableColumns } from "@/components/data-table/features";
import { TierBadge } from "@/components/ui/badge";
import type { PrivacyTier } from "@/lib/core/tiers";

export interface CatalogColumnRow {
  name: string;
  label: string;
  tier: PrivacyTier;
  maskRule: string;
  maskLabel: string;
  description: string;
  recordId: boolean;
}

const col = dataTableColumns<CatalogColumnRow>();
const columns = col.columns([
  col.accessor("name", {
    header: "Column",
    meta: { wrap: true },
    cell: (c) => (
      <span className="flex flex-col">
        <span className="font-mono text-xs text-slate-900" data-catalog-column={c.getValue()}>
          {c.getValue()}
        </span>
        <span className="text-xs text-slate-600">
          {c.row.original.label}
          {c.row.original.recordId ? " · record id" : ""}
        </span>
      </span>
    ),
  }),
  col.accessor("tier", { header: "Tier", cell: (c) => <TierBadge tier={c.getValue()} /> }),
  col.accessor("maskRule", {
    header: "Masking rule",
    meta: { wrap: true },
    cell: (c) => (
      <span className="flex flex-col" data-mask-rule={c.getValue()}>
        <span className="text-slate-900">{c.row.original.maskLabel}</span>
        <span className="font-mono text-xs text-slate-600">{c.getValue()}</span>
      </span>
    ),
  }),
  col.accessor("description", {
    header: "Description",
    meta: { wrap: true },
    cell: (c) => <span className="block max-w-96 text-xs text-slate-700">{c.getValue()}</span>,
  }),
]);

const rowId = (r: CatalogColumnRow) => r.name;

export function CatalogColumnsTable({ rows, caption }: { rows: CatalogColumnRow[]; caption: string }) {
  return <DataTable columns={columns} data={rows} getRowId={rowId} caption={caption} emptyMessage="No columns." cards="restyle" />;
}
