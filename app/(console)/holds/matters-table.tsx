"use client";
// The matters list: name and legal reference, state, owner, holds by state, custodians' acknowledgements.
import { DataTable, type DataTablePagination } from "@/components/data-table/data-table";
import { dataTableColumns } from "@/components/data-table/features";
import { Person } from "@/components/data/person";
import type { MatterStatus } from "@/lib/holds/types";
import { MatterStatusBadge } from "./hold-status";

export interface MatterRow {
  id: string;
  name: string;
  legalReference: string;
  status: MatterStatus;
  ownerName: string;
  ownerEmail: string;
  createdText: string;
  activeHolds: number;
  draftHolds: number;
  releasedHolds: number;
  custodians: number;
  acknowledged: number;
}

const col = dataTableColumns<MatterRow>();
const columns = col.columns([
  col.accessor("name", {
    header: "Matter",
    meta: { rowLink: true, wrap: true },
    cell: (c) => (
      <span className="flex flex-col">
        <span className="font-medium">{c.getValue()}</span>
        <span className="text-xs text-slate-600">{c.row.original.legalReference}</span>
      </span>
    ),
  }),
  col.accessor("status", { header: "State", cell: (c) => <MatterStatusBadge status={c.getValue()} /> }),
  col.accessor("activeHolds", {
    header: "Active holds",
    meta: { align: "end" },
    cell: (c) => (
      <span className="tabular-nums" data-active-holds={c.getValue()}>
        {c.getValue()}
      </span>
    ),
  }),
  col.display({
    id: "otherHolds",
    header: "Draft · released",
    cell: (c) => (
      <span className="tabular-nums text-slate-600">
        {c.row.original.draftHolds} · {c.row.original.releasedHolds}
      </span>
    ),
  }),
  col.display({
    id: "custodians",
    header: "Custodians acknowledged",
    cell: (c) => (
      <span className="tabular-nums">
        {c.row.original.custodians === 0 ? "none named" : `${c.row.original.acknowledged} of ${c.row.original.custodians}`}
      </span>
    ),
  }),
  col.display({
    id: "owner",
    header: "Owner",
    meta: { wrap: true },
    cell: (c) => <Person name={c.row.original.ownerName} email={c.row.original.ownerEmail} />,
  }),
  col.accessor("createdText", { header: "Opened (UTC)", cell: (c) => <span className="tabular-nums">{c.getValue()}</span> }),
]);

const rowId = (r: MatterRow) => r.id;
const rowHref = (r: MatterRow) => `/holds/${r.id}`;

export function MattersTable(props: { rows: MatterRow[]; pagination: DataTablePagination; status: string }) {
  return (
    <DataTable
      columns={columns}
      data={props.rows}
      getRowId={rowId}
      onRowHref={rowHref}
      caption="Legal matters"
      emptyMessage={props.status === "closed" ? "No closed matters" : props.status === "open" ? "No open matters" : "No matters yet"}
      emptyDescription="A matter gathers the legal holds of one case or request; open one below."
      pagination={props.pagination}
      cardBreakpoint="lg"
    />
  );
}
