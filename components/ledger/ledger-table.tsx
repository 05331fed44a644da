"use client";
// The ledger entries in the one DataTable. Rows arrive compact and pre-formatted (ledger-rows.ts); each cell is
// written as a string of markup (`cellHtml`, escaped by construction): 50 rows of a few elements each would
// otherwise be most of the elements React renders for the page (decision 043). Phones get the same table restyled
// as cards, not a second rendering of every cell (decision 020).
import { useMemo } from "react";
import { DataTable, type DataTablePagination } from "@/components/data-table/data-table";
import { dataTableColumns } from "@/components/data-table/features";
import { LEDGER_CELLS } from "./ledger-cells";
import { LEDGER_COLUMN_LABELS, type LedgerColumnId, type LedgerTableRow } from "./ledger-columns";

// The table's column id for the entry column is "seq" (its sort id).
const cellHtml = (columnId: string, r: LedgerTableRow) => LEDGER_CELLS[columnId === "seq" ? "entry" : (columnId as LedgerColumnId)](r);

const col = dataTableColumns<LedgerTableRow>();
const WRAP: Partial<Record<LedgerColumnId, boolean>> = { actor: true, action: true, decision: true, resource: true, request: true };
const rowId = (r: LedgerTableRow) => String(r.s);
const rowHref = (r: LedgerTableRow) => `/ledger/${r.s}`;

export function LedgerTable({
  rows,
  columns: visible,
  newestFirst,
  pagination,
  emptyMessage,
}: {
  rows: LedgerTableRow[];
  columns: LedgerColumnId[];
  newestFirst: boolean;
  pagination: DataTablePagination;
  emptyMessage: string;
}) {
  const key = visible.join(",");
  const columns = useMemo(
    () =>
      col.columns(
        (key.split(",") as LedgerColumnId[]).map((id) =>
          col.display({
            id: id === "entry" ? "seq" : id,
            header: LEDGER_COLUMN_LABELS[id],
            // Only seq order exists (time rises with seq); the entry column's header flips it.
            enableSorting: id === "entry",
            sortDescFirst: true,
            meta: { wrap: WRAP[id] ?? false },
          }),
        ),
      ),
    [key],
  );
  return (
    <DataTable
      columns={columns}
      data={rows}
      getRowId={rowId}
      onRowHref={rowHref}
      caption={newestFirst ? "Access ledger entries, newest first" : "Access ledger entries, oldest first"}
      emptyMessage={emptyMessage}
      sorting={{ id: "seq", desc: newestFirst }}
      pagination={pagination}
      cards="restyle"
      cellHtml={cellHtml}
    />
  );
}
