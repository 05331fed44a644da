// The one feature set every Warden table uses, and the column helper bound to it.
// Import from client modules only (column definitions hold functions, which cannot cross the server/client line).
import { createColumnHelper, metaHelper, rowSortingFeature, tableFeatures, type RowData } from "@tanstack/react-table";

/** Per-column display hints read by DataTable. */
export interface DataTableColumnMeta {
  /** "end" right-aligns the header and cells and turns on tabular numerals (amounts, counts, seq). */
  align?: "start" | "end";
  /** Extra classes on every <td> of the column (e.g. "w-40", "whitespace-nowrap"). */
  className?: string;
  /** Extra classes on the <th>. */
  headerClassName?: string;
  /** The column's name where its header is not plain text; the narrow-screen cards label values with it
   * (default: the header string, else the column id). */
  label?: string;
  /** Cells may wrap onto several lines (default: one line). Lets a wide table shrink to its pane; long unbroken
   * values (ids, emails) should still offer break points (see `Breakable`). */
  wrap?: boolean;
  /** This column's cell holds the row link when `onRowHref` is set (default: the first column). Pick a column
   * with plain content such as an id: a link must not contain focusable things like a masked-cell pill. */
  rowLink?: boolean;
}

// Sorting only: rows arrive sorted and paginated from the server (manualSorting); no client row models.
export const dataTableFeatures = tableFeatures({
  rowSortingFeature,
  columnMeta: metaHelper<DataTableColumnMeta>(),
});

export type DataTableFeatures = typeof dataTableFeatures;

/** `const col = dataTableColumns<LedgerRow>()` then `col.columns([col.accessor("seq", {...}), ...])`. */
export function dataTableColumns<TData extends RowData>() {
  return createColumnHelper<DataTableFeatures, TData>();
}
