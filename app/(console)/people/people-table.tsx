"use client";
// Search results: one row per person, each cell as the gateway decided it.
import { DataTable } from "@/components/data-table/data-table";
import { dataTableColumns } from "@/components/data-table/features";
import { GatedCellView } from "@/components/data/cell";
import type { GatedRow } from "@/lib/access/types";

const col = dataTableColumns<GatedRow>();
const gated = (name: string, header: string, kind: "text" | "id" = "text", rowLink = false) =>
  col.display({ id: name, header, meta: { rowLink }, cell: (c) => <GatedCellView cell={c.row.original.cells[name]} column={name} kind={kind} /> });

const columns = col.columns([
  gated("full_name", "Name"),
  gated("role", "Role"),
  gated("city", "City"),
  gated("state", "State"),
  // The id is never masked, so the row link never wraps a focusable masked pill.
  gated("person_id", "Person id", "id", true),
]);

const rowId = (r: GatedRow) => r.id;

export function PeopleTable({ rows, purpose }: { rows: GatedRow[]; purpose: string }) {
  return (
    <DataTable
      columns={columns}
      data={rows}
      getRowId={rowId}
      caption="People matching the search"
      emptyMessage="No one matches this search."
      emptyDescription="Try a shorter name prefix, or search by an exact person id."
      onRowHref={(r) => `/people/${r.id}?purpose=${encodeURIComponent(purpose)}`}
    />
  );
}
