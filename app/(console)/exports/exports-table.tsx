"use client";
// Export lists (my exports, the approval queue): status, progress while building, and the signed download links the
// server made for the requester's ready exports.
import { DataTable, type DataTablePagination } from "@/components/data-table/data-table";
import { dataTableColumns } from "@/components/data-table/features";
import { Person } from "@/components/data/person";
import { TierBadge } from "@/components/ui/badge";
import type { PrivacyTier } from "@/lib/core/tiers";
import type { ExportStatus } from "@/lib/exports/types";
import { BuildProgress, ExportStatusBadge } from "./export-status";

export interface ExportRow {
  id: string;
  dataset: string;
  format: string;
  tier: PrivacyTier;
  purpose: string;
  status: ExportStatus;
  createdText: string;
  createdAgo: string;
  rowsWritten: number;
  rowsTotal: number | null;
  requesterName: string;
  requesterEmail: string;
  approvalReasons: string[];
  links: { file: string; zip: string } | null;
}

const col = dataTableColumns<ExportRow>();
const base = [
  col.accessor("id", { header: "Export", meta: { rowLink: true }, cell: (c) => <span className="font-mono text-xs">{c.getValue()}</span> }),
  col.accessor("createdAgo", {
    header: "Asked",
    cell: (c) => (
      <span title={c.row.original.createdText} className="tabular-nums">
        {c.getValue()}
      </span>
    ),
  }),
  col.display({
    id: "what",
    header: "Dataset · format",
    meta: { wrap: true },
    cell: (c) => (
      <span className="flex flex-col items-start gap-1">
        <span className="font-mono text-xs">{c.row.original.dataset}</span>
        <span className="flex items-center gap-1 text-xs text-slate-600">
          {c.row.original.format.toUpperCase()} <TierBadge tier={c.row.original.tier} />
        </span>
      </span>
    ),
  }),
  col.accessor("purpose", { header: "Purpose", meta: { wrap: true }, cell: (c) => <span className="wrap-break-word max-w-64">{c.getValue()}</span> }),
];

const mine = col.columns([
  ...base,
  col.display({
    id: "status",
    header: "Status",
    cell: (c) => (
      <span className="flex flex-col items-start gap-1">
        <ExportStatusBadge status={c.row.original.status} />
        {c.row.original.status === "building" ? <BuildProgress written={c.row.original.rowsWritten} total={c.row.original.rowsTotal} /> : null}
      </span>
    ),
  }),
  col.display({
    id: "download",
    header: "Download",
    cell: (c) =>
      c.row.original.links ? (
        <span className="flex flex-wrap gap-2">
          <a href={c.row.original.links.file} className="text-sm font-medium text-indigo-700 underline" download>
            {c.row.original.format.toUpperCase()}
          </a>
          <a href={c.row.original.links.zip} className="text-sm font-medium text-indigo-700 underline" download>
            ZIP
          </a>
        </span>
      ) : (
        <span className="text-slate-500">—</span>
      ),
  }),
]);

const queue = col.columns([
  ...base,
  col.display({
    id: "requester",
    header: "Requester",
    meta: { wrap: true },
    cell: (c) => <Person name={c.row.original.requesterName} email={c.row.original.requesterEmail} />,
  }),
  col.display({
    id: "why",
    header: "Why approval",
    meta: { wrap: true },
    cell: (c) => (
      <ul className="max-w-80 list-disc pl-4 text-xs text-slate-700">
        {c.row.original.approvalReasons.map((r) => (
          <li key={r}>{r}</li>
        ))}
      </ul>
    ),
  }),
]);

const rowId = (r: ExportRow) => r.id;
const rowHref = (r: ExportRow) => `/exports/${r.id}`;

export function ExportsTable(props: { rows: ExportRow[]; pagination: DataTablePagination; variant: "mine" | "queue" }) {
  return (
    <DataTable
      columns={props.variant === "mine" ? mine : queue}
      data={props.rows}
      getRowId={rowId}
      onRowHref={rowHref}
      caption={props.variant === "mine" ? "My exports" : "Exports waiting for approval"}
      emptyMessage={props.variant === "mine" ? "No exports yet" : "No export is waiting for approval"}
      emptyDescription={
        props.variant === "mine"
          ? "Request one below: the preview shows what the file will hold."
          : "When an analyst asks for a column in clear, the request appears here."
      }
      pagination={props.pagination}
      cardBreakpoint="lg"
    />
  );
}
