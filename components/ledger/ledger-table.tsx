"use client";
// The ledger entries in the one DataTable. Cells arrive rendered from the server (ledger-cells.tsx); this module only
// lays them out, so no entry object and no cell renderer crosses to the browser.
import { useMemo } from "react";
import { DataTable, type DataTablePagination } from "@/components/data-table/data-table";
import { dataTableColumns } from "@/components/data-table/features";
import type { LedgerTableRow } from "./ledger-cells";
import { LEDGER_COLUMN_LABELS, type LedgerColumnId } from "./ledger-columns";

const col = dataTableColumns<LedgerTableRow>();
const WRAP: Partial<Record<LedgerColumnId, boolean>> = { actor: true, action: true, decision: true, resource: true, request: true };

const rowId = (r: LedgerTableRow) => r.id;
const rowHref = (r: LedgerTableRow) => `/ledger/${r.id}`;

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
        key.split(",").map((id) =>
          col.display({
            id: id === "entry" ? "seq" : id,
            header: LEDGER_COLUMN_LABELS[id as LedgerColumnId],
            // Only seq order exists (time rises with seq); the entry column's header flips it.
            enableSorting: id === "entry",
            sortDescFirst: true,
            meta: { wrap: WRAP[id as LedgerColumnId] ?? false },
            cell: (c) => c.row.original.cells[id as LedgerColumnId] ?? null,
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
    />
  );
}
