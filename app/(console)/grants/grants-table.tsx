"use client";
// Who holds what until when: one row per grant, opening the grant's page (where a privacy admin revokes it).
import { DataTable, type DataTablePagination, type DataTableSort } from "@/components/data-table/data-table";
import { dataTableColumns } from "@/components/data-table/features";
import { Breakable } from "@/components/data/breakable";
import { Person } from "@/components/data/person";
import { UtcTime } from "@/components/data/utc-time";
import { TierBadge } from "@/components/ui/badge";
import type { Scope } from "@/lib/core/tiers";
import type { GrantSource, GrantStatus } from "@/lib/scopes/vocabulary";
import { GrantStatusBadge, SOURCE_LABELS, TimeLeft } from "./grant-cells";

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
    cell: (c) => <Person name={c.row.original.holderName} email={c.row.original.holderEmail} />,
  }),
  col.accessor("scope", { header: "Tier", cell: (c) => <TierBadge tier={c.getValue()} /> }),
  col.display({
    id: "status",
    header: "Status · time left",
    meta: { label: "Status" },
    cell: (c) => (
      <span className="flex flex-col items-start gap-0.5">
        <GrantStatusBadge status={c.row.original.status} />
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
    cell: (c) => <UtcTime at={c.getValue()} split />,
  }),
  col.accessor("activatedAt", {
    id: "activated",
    header: "Active from",
    enableSorting: true,
    cell: (c) => <UtcTime at={c.getValue()} split />,
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
