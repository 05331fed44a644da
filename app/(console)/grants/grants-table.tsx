"use client";
// Who holds what until when: one row per grant, opening the grant's page (where a privacy admin revokes it).
import { DataTable, type DataTablePagination, type DataTableSort } from "@/components/data-table/data-table";
import { dataTableColumns } from "@/components/data-table/features";
import { Breakable } from "@/components/data/breakable";
import { formatUtc } from "@/components/data/format";
import { TierBadge } from "@/components/ui/badge";
import type { Scope } from "@/lib/core/tiers";
import type { GrantSource, GrantStatus } from "@/lib/scopes/vocabulary";
import { SOURCE_LABELS, StatusBadge, TimeLeft } from "./grant-cells";

/** A grant as the page hands it over (dates as ISO strings). */
export interface GrantRow {
  id: string;
  holderEmail: string;
  holderName: string;
  scope: Scope;
  status: GrantStatus;
  source: GrantSource;
  datasets: string[] | null;
  reason: string;
  activatedAt: string;
  expiresAt: string;
  /** The clock the page was rendered at, for the time left. */
  at: string;
}

const col = dataTableColumns<GrantRow>();
const columns = col.columns([
  col.display({
    id: "holder",
    header: "Holder",
    meta: { wrap: true, rowLink: true },
    cell: (c) => (
      <span className="flex flex-col">
        <span data-testid="holder" className="wrap-break-word">
          <Breakable text={c.row.original.holderEmail} after="@" />
        </span>
        <span className="text-xs font-normal text-slate-500">{c.row.original.holderName}</span>
      </span>
    ),
  }),
  col.accessor("scope", { header: "Tier", cell: (c) => <TierBadge tier={c.getValue()} /> }),
  col.display({
    id: "status",
    header: "Status · time left",
    meta: { label: "Status" },
    cell: (c) => (
      <span className="flex flex-col items-start gap-0.5">
        <StatusBadge status={c.row.original.status} />
        <span className="text-xs">
          <TimeLeft status={c.row.original.status} expiresAt={c.row.original.expiresAt} at={c.row.original.at} />
        </span>
      </span>
    ),
  }),
  col.accessor("expiresAt", {
    id: "expires",
    header: "Ends",
    enableSorting: true,
    cell: (c) => <When iso={c.getValue()} />,
  }),
  col.accessor("activatedAt", {
    id: "activated",
    header: "Active from",
    enableSorting: true,
    cell: (c) => <When iso={c.getValue()} />,
  }),
  col.accessor("source", { header: "Source", cell: (c) => SOURCE_LABELS[c.getValue()] }),
  col.display({
    id: "datasets",
    header: "Datasets",
    meta: { wrap: true },
    cell: (c) => {
      const d = c.row.original.datasets;
      if (d === null) return <span className="text-slate-600">All</span>;
      return <span className="flex flex-col font-mono text-xs">{d.length === 0 ? "none" : d.map((ref) => <Breakable key={ref} text={ref} />)}</span>;
    },
  }),
  col.accessor("reason", {
    header: "Reason",
    meta: { wrap: true },
    cell: (c) => <span className="block max-w-64 text-xs wrap-break-word text-slate-700">{c.getValue()}</span>,
  }),
]);

/** "YYYY-MM-DD" above "HH:MM UTC", so two time columns leave room for the reason. */
function When({ iso }: { iso: string }) {
  const text = formatUtc(iso);
  const cut = text.indexOf(" ");
  return (
    <time dateTime={iso} className="flex flex-col tabular-nums">
      <span>{text.slice(0, cut)}</span>
      <span className="text-xs text-slate-500">{text.slice(cut + 1)}</span>
    </time>
  );
}

const rowId = (r: GrantRow) => r.id;
const rowHref = (r: GrantRow) => `/grants/${r.id}`;

export function GrantsTable({ rows, sorting, pagination }: { rows: GrantRow[]; sorting: DataTableSort; pagination: DataTablePagination }) {
  return (
    <DataTable
      columns={columns}
      data={rows}
      getRowId={rowId}
      onRowHref={rowHref}
      caption="Grants"
      emptyMessage="No grants match these filters."
      emptyDescription="Widen the filters, or show every status."
      sorting={sorting}
      pagination={pagination}
    />
  );
}
