"use client";
// The one table (CONVENTIONS §8): TanStack Table v9 in manual mode. The server sorts and pages; the URL is the
// state. Sort headers and pagination are real links, so every table view has an address and works without JS.
//
// Usage — a page passes plain data to a small client module that owns the column definitions:
//
//   // app/(console)/ledger/ledger-table.tsx
//   "use client";
//   import { DataTable, type DataTablePagination } from "@/components/data-table/data-table";
//   import { dataTableColumns } from "@/components/data-table/features";
//   import { TierBadge } from "@/components/ui/badge";
//
//   type LedgerRow = { seq: number; occurredAt: string; action: string; tier: PrivacyTier };
//   const col = dataTableColumns<LedgerRow>();
//   const columns = col.columns([
//     col.accessor("seq", { header: "Seq", enableSorting: true, sortDescFirst: true, meta: { align: "end" } }),
//     col.accessor("occurredAt", { header: "Occurred (UTC)", enableSorting: true, cell: (c) => formatUtc(c.getValue()) }),
//     col.accessor("action", { header: "Action" }),
//     col.accessor("tier", { header: "Tier", cell: (c) => <TierBadge tier={c.getValue()} /> }),
//   ]);
//   const rowId = (r: LedgerRow) => String(r.seq);
//   const rowHref = (r: LedgerRow) => `/ledger/${r.seq}`;
//
//   export function LedgerTable(props: { rows: LedgerRow[]; sorting: { id: string; desc: boolean }; pagination: DataTablePagination }) {
//     return <DataTable columns={columns} data={props.rows} getRowId={rowId} onRowHref={rowHref}
//       caption="Access ledger entries" emptyMessage="No entries match these filters."
//       sorting={props.sorting} pagination={props.pagination} />;
//   }
//
//   // app/(console)/ledger/page.tsx (server): validate searchParams with zod, call the domain function, then
//   //   pagination={{ pageSize: 50, total: page.total,
//   //     nextHref: page.nextCursor ? tableHref("/ledger", sp, { cursor: page.nextCursor }) : null,
//   //     firstHref: sp.cursor ? tableHref("/ledger", sp, { cursor: null }) : null }}
//
// Columns are not sortable unless they set `enableSorting: true` (only the server knows which orders it supports).
//
// Narrow screens get a layout of their own: below `cardBreakpoint` (default md) each row is a card in a list, its
// title the row-link column (a real link when `onRowHref` is set) and every other column a label/value pair in a
// description list, rendered by the same cell renderers (so data-column/data-state on gated cells stay). Both views
// are server-rendered and CSS picks one, so there is no layout flash and no JS needed; the hidden one is
// display:none, out of the accessibility tree. Specs that find text with getByText should scope to `tr` or to
// `[data-table-view]:visible`, since the text is in the DOM twice. Labels come from `meta.label`, else the header.
// `cards="restyle"` renders every cell once instead: the same <table>, restyled as cards by CSS under the breakpoint.
// `cellHtml` goes further for long read-only pages: the body is one string of escaped-by-construction markup
// (markup.ts), so React renders none of the rows' elements; the row links still navigate in the app (decision 043).
import Link, { useLinkStatus } from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { Fragment, useId, useMemo, type MouseEvent, type ReactNode } from "react";
import {
  flexRender,
  functionalUpdate,
  useTable,
  type Column,
  type Header,
  type RowData,
  type SortingState,
  type TableOptions,
  type Updater,
} from "@tanstack/react-table";
import { EmptyState } from "@/components/ui/empty-state";
import { buttonClassName } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { formatNumber } from "@/components/data/format";
import { dataTableFeatures, type DataTableFeatures } from "./features";
import { markup, type SafeHtml } from "./markup";
import { sortHref } from "./table-href";

export interface DataTablePagination {
  /** Link to the next page (older entries, further results); null on the last page. */
  nextHref: string | null;
  /** Link to the previous page, when the list contract can go back. */
  prevHref?: string | null;
  /** Link back to the first page; pass it only when not already on the first page. */
  firstHref?: string | null;
  /** Total rows matching the filters, when the server counts them. */
  total?: number;
  pageSize: number;
  /** Link texts; default "Previous" / "Next". A newest-first ledger reads better as "Newer" / "Older". */
  labels?: { prev: string; next: string };
}

export interface DataTableSort {
  id: string;
  desc: boolean;
}

/** The width from which the table shows; below it, cards. */
export type DataTableCardBreakpoint = "sm" | "md" | "lg";

// Literal class names, so Tailwind's scanner sees every one of them.
const VIEW_CLASSES: Record<DataTableCardBreakpoint, { table: string; cards: string }> = {
  sm: { table: "hidden sm:block", cards: "sm:hidden" },
  md: { table: "hidden md:block", cards: "md:hidden" },
  lg: { table: "hidden lg:block", cards: "lg:hidden" },
};

const TABLE_CLASSES =
  "w-full border-separate border-spacing-0 text-sm [&>tbody>tr>td]:border-b [&>tbody>tr>td]:border-slate-100 [&>tbody>tr>td]:px-3 [&>tbody>tr>td]:py-1.5 [&>tbody>tr>td]:align-middle [&>tbody>tr>td]:text-slate-800 [&>tbody>tr:last-child>td]:border-b-0";

// `cards="restyle"`: below the breakpoint the one <table> is restyled as cards: header row visually hidden, each row
// a block, each cell a block whose ::before shows its column's label (data-label). Set on the <table>, so the 50
// rows' cells carry no extra classes.
const RESTYLE_CLASSES: Record<DataTableCardBreakpoint, string> = {
  sm: "max-sm:block max-sm:[&>thead]:sr-only max-sm:[&>tbody]:block max-sm:[&>tbody>tr]:block max-sm:[&>tbody>tr]:px-4 max-sm:[&>tbody>tr]:py-3 max-sm:[&>tbody>tr]:border-b max-sm:[&>tbody>tr]:border-slate-100 max-sm:[&>tbody>tr>td]:block max-sm:[&>tbody>tr>td]:border-0 max-sm:[&>tbody>tr>td]:px-0 max-sm:[&>tbody>tr>td]:py-1 max-sm:[&>tbody>tr>td]:whitespace-normal max-sm:[&>tbody>tr>td]:text-left max-sm:[&>tbody>tr>td]:before:block max-sm:[&>tbody>tr>td]:before:text-xs max-sm:[&>tbody>tr>td]:before:font-normal max-sm:[&>tbody>tr>td]:before:text-slate-500 max-sm:[&>tbody>tr>td]:before:content-[attr(data-label)]",
  md: "max-md:block max-md:[&>thead]:sr-only max-md:[&>tbody]:block max-md:[&>tbody>tr]:block max-md:[&>tbody>tr]:px-4 max-md:[&>tbody>tr]:py-3 max-md:[&>tbody>tr]:border-b max-md:[&>tbody>tr]:border-slate-100 max-md:[&>tbody>tr>td]:block max-md:[&>tbody>tr>td]:border-0 max-md:[&>tbody>tr>td]:px-0 max-md:[&>tbody>tr>td]:py-1 max-md:[&>tbody>tr>td]:whitespace-normal max-md:[&>tbody>tr>td]:text-left max-md:[&>tbody>tr>td]:before:block max-md:[&>tbody>tr>td]:before:text-xs max-md:[&>tbody>tr>td]:before:font-normal max-md:[&>tbody>tr>td]:before:text-slate-500 max-md:[&>tbody>tr>td]:before:content-[attr(data-label)]",
  lg: "max-lg:block max-lg:[&>thead]:sr-only max-lg:[&>tbody]:block max-lg:[&>tbody>tr]:block max-lg:[&>tbody>tr]:px-4 max-lg:[&>tbody>tr]:py-3 max-lg:[&>tbody>tr]:border-b max-lg:[&>tbody>tr]:border-slate-100 max-lg:[&>tbody>tr>td]:block max-lg:[&>tbody>tr>td]:border-0 max-lg:[&>tbody>tr>td]:px-0 max-lg:[&>tbody>tr>td]:py-1 max-lg:[&>tbody>tr>td]:whitespace-normal max-lg:[&>tbody>tr>td]:text-left max-lg:[&>tbody>tr>td]:before:block max-lg:[&>tbody>tr>td]:before:text-xs max-lg:[&>tbody>tr>td]:before:font-normal max-lg:[&>tbody>tr>td]:before:text-slate-500 max-lg:[&>tbody>tr>td]:before:content-[attr(data-label)]",
};

export interface DataTableProps<TData extends RowData> {
  /** Built with `dataTableColumns<Row>().columns([...])` at module scope (stable identity). */
  columns: TableOptions<DataTableFeatures, TData>["columns"];
  /** The page of rows exactly as the server returned it (already sorted). */
  data: ReadonlyArray<TData>;
  getRowId: (row: TData) => string;
  /** Names the table for screen readers (visually hidden <caption>) and labels its scroll region. */
  caption: string;
  emptyMessage: string;
  emptyDescription?: ReactNode;
  /** The sort the server applied (from the validated URL), so headers show it and link to the next one. */
  sorting?: DataTableSort | null;
  pagination?: DataTablePagination;
  /** Makes one cell of each row (the first column, or the one with `meta.rowLink`) a link to this address;
   * the whole row is clickable through it. */
  onRowHref?: (row: TData) => string | null;
  /** Instead of a link, the same cell becomes a submit button of the form `form` sending name=value(row): for
   * rows whose opening is a restricted read, which must be a POST (a GET is never allowed to write the ledger). */
  rowSubmit?: RowSubmit<TData>;
  /** Below this breakpoint the rows render as a list of cards instead of the table; null keeps the table at every
   * width. Default "md": under 768 px a table of more than three columns needs sideways scrolling. */
  cardBreakpoint?: DataTableCardBreakpoint | null;
  /** Heading level of each card's title; default 2 (cards usually sit right under the page's h1). */
  cardHeadingLevel?: 2 | 3 | 4;
  /** How the narrow-screen cards are made. "list" (default): a second rendering of every cell, as a <ul> of cards
   * with headings and <dl>s. "restyle": no second rendering; CSS turns the table's rows into cards and labels each
   * cell from `data-label`. Each cell renders once, so server render time and HTML halve: use it for long pages
   * (the ledger). The table keeps its table semantics at every width (screen readers still hear the headers). */
  cards?: "list" | "restyle";
  /** Renders the body as one string of markup instead of React elements: each cell's content comes from this
   * function (built with `markup`, which escapes what it interpolates), the rows, cells and row links are written by
   * the table as it writes them otherwise. For long read-only pages (the ledger): neither the server's renderer nor
   * the browser's reconciler walks the rows' elements. Implies `cards="restyle"`; ignored with `rowSubmit`. */
  cellHtml?: (columnId: string, row: TData) => SafeHtml;
}

const NO_SORT: SortingState = [];

export function DataTable<TData extends RowData>({
  columns,
  data,
  getRowId,
  caption,
  emptyMessage,
  emptyDescription,
  sorting,
  pagination,
  onRowHref,
  rowSubmit,
  cardBreakpoint = "md",
  cardHeadingLevel = 2,
  cards = "list",
  cellHtml,
}: DataTableProps<TData>) {
  const captionId = useId();
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();

  const sortId = sorting?.id;
  const sortDesc = sorting?.desc ?? false;
  const sortingState = useMemo<SortingState>(() => (sortId ? [{ id: sortId, desc: sortDesc }] : NO_SORT), [sortId, sortDesc]);

  const table = useTable({
    features: dataTableFeatures,
    columns,
    data,
    getRowId,
    manualSorting: true,
    enableMultiSort: false,
    enableSortingRemoval: false,
    // Opt-in per column: a header is only a sort link when the server can order by it.
    defaultColumn: { enableSorting: false },
    state: { sorting: sortingState },
    // Sorting lives in the URL; a programmatic toggle navigates like the header links do.
    onSortingChange: (updater: Updater<SortingState>) => {
      const next = functionalUpdate(updater, sortingState)[0];
      if (next) router.push(sortHref(pathname, searchParams, next.id, next.desc));
    },
  });

  const rows = table.getRowModel().rows;
  const leafColumns = table.getAllLeafColumns();
  const linkColumnId = (leafColumns.find((c) => c.columnDef.meta?.rowLink) ?? leafColumns[0])?.id;
  const stringBody = cellHtml !== undefined && rowSubmit === undefined;
  const restyle = cardBreakpoint && (cards === "restyle" || stringBody) ? RESTYLE_CLASSES[cardBreakpoint] : null;
  const views = cardBreakpoint && !restyle ? VIEW_CLASSES[cardBreakpoint] : null;
  const Heading = `h${cardHeadingLevel}` as const;
  // A body cell's class list and card label depend on its column only: built once per column, not per cell (a
  // page of 50 rows has hundreds of cells; decision 040).
  const cellLooks = new Map(
    leafColumns.map((c) => {
      const meta = c.columnDef.meta;
      const className = cn(
        meta?.wrap ? "whitespace-normal" : "whitespace-nowrap",
        meta?.align === "end" && "text-right tabular-nums",
        meta?.className,
      );
      return [c.id, { className, label: restyle ? columnLabel(c) : undefined }] as const;
    }),
  );

  // A row link in the string body is a plain <a>: a plain click on it navigates in the app as <Link> does (no
  // prefetch, like RowLink); a modified click, a middle click or a new tab is left to the browser.
  const followRowLink = (event: MouseEvent<HTMLElement>) => {
    const to = rowLinkTarget(event);
    if (to === null) return;
    event.preventDefault();
    router.push(to);
  };

  if (rows.length === 0) {
    // One empty state for every width: a header row over nothing tells no one anything, and on a phone it would
    // only add sideways scrolling.
    return (
      <div className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-xs">
        <EmptyState title={emptyMessage} description={emptyDescription} />
        {pagination ? <PaginationBar pagination={pagination} shown={0} caption={caption} /> : null}
      </div>
    );
  }

  return (
    <div className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-xs">
      {/* The body scrolls inside its own pane on wide screens so the sticky header stays in view; the height
          leaves room for the pagination bar when the page is scrolled to the bottom. */}
      <div
        role="region"
        aria-labelledby={captionId}
        tabIndex={0}
        data-table-view="table"
        className={cn(views?.table, "overflow-auto focus-visible:-outline-offset-2 lg:max-h-[max(20rem,calc(100dvh-7.5rem))]")}
      >
        {/* The body cells' shared look is set once here, not on each of the page's hundreds of <td>s. */}
        <table className={cn(TABLE_CLASSES, restyle)}>
          <caption id={captionId} className="sr-only">
            {caption}
          </caption>
          <thead className="sticky top-0 z-20">
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => (
                  <HeaderCell
                    key={header.id}
                    header={header}
                    href={
                      header.column.getCanSort()
                        ? sortHref(pathname, searchParams, header.column.id, header.column.getNextSortingOrder() === "desc")
                        : null
                    }
                  >
                    {header.isPlaceholder ? null : <table.FlexRender header={header} />}
                  </HeaderCell>
                ))}
              </tr>
            ))}
          </thead>
          {stringBody ? (
            <tbody
              onClick={followRowLink}
              dangerouslySetInnerHTML={{
                __html: rowsHtml(
                  rows,
                  leafColumns.map((c) => ({ id: c.id, ...cellLooks.get(c.id)! })),
                  linkColumnId,
                  onRowHref,
                  cellHtml,
                ),
              }}
            />
          ) : (
            <tbody>
              {rows.map((row) => {
                const href = onRowHref?.(row.original) ?? null;
                const clickable = href !== null || rowSubmit !== undefined;
                return (
                  <tr key={row.id} data-row-id={row.id} className={clickable ? CLICKABLE_ROW : "group/row"}>
                    {row.getAllCells().map((cell) => {
                      const look = cellLooks.get(cell.column.id)!;
                      // flexRender, not <table.FlexRender>: one component fewer per cell (no grouping here).
                      const content = flexRender(cell.column.columnDef.cell, cell.getContext());
                      return (
                        <td key={cell.id} data-label={look.label} className={look.className}>
                          {cell.column.id === linkColumnId ? (
                            <RowTarget href={href} submit={rowSubmit} row={row.original}>
                              {content}
                            </RowTarget>
                          ) : (
                            content
                          )}
                        </td>
                      );
                    })}
                  </tr>
                );
              })}
            </tbody>
          )}
        </table>
      </div>
      {views ? (
        <ul role="list" aria-label={caption} data-table-view="cards" className={cn(views.cards, "divide-y divide-slate-100")}>
          {rows.map((row) => {
            const href = onRowHref?.(row.original) ?? null;
            const clickable = href !== null || rowSubmit !== undefined;
            const cells = row.getAllCells();
            const titleCell = cells.find((c) => c.column.id === linkColumnId) ?? cells[0];
            const title = <table.FlexRender cell={titleCell} />;
            return (
              <li
                key={row.id}
                data-row-id={row.id}
                className={cn("px-4 py-3", clickable && "relative hover:bg-slate-50 has-[[data-row-link]:focus-visible]:bg-indigo-50/60")}
              >
                <Heading className="flex flex-wrap items-baseline gap-x-2 text-sm font-semibold text-slate-900">
                  <span className="text-xs font-normal text-slate-500">{columnLabel(titleCell.column)}</span>
                  <span className="min-w-0 wrap-break-word">
                    <RowTarget href={href} submit={rowSubmit} row={row.original}>
                      {title}
                    </RowTarget>
                  </span>
                </Heading>
                <dl className="mt-2 grid grid-cols-[minmax(0,7.5rem)_minmax(0,1fr)] gap-x-3 gap-y-2">
                  {cells
                    .filter((c) => c !== titleCell)
                    .map((cell) => (
                      <Fragment key={cell.id}>
                        <dt className="text-xs leading-5 text-slate-500">{columnLabel(cell.column)}</dt>
                        <dd className="min-w-0 leading-5 wrap-break-word text-slate-800">
                          <table.FlexRender cell={cell} />
                        </dd>
                      </Fragment>
                    ))}
                </dl>
              </li>
            );
          })}
        </ul>
      ) : null}
      {pagination ? <PaginationBar pagination={pagination} shown={rows.length} caption={caption} /> : null}
    </div>
  );
}

export interface RowSubmit<TData> {
  form: string;
  name: string;
  value: (row: TData) => string;
  label?: (row: TData) => string;
}

/** The row's one target (table cell or card title): a link, a submit button, or nothing. */
function RowTarget<TData>({ href, submit, row, children }: { href: string | null; submit?: RowSubmit<TData>; row: TData; children: ReactNode }) {
  if (href) return <RowLink href={href}>{children}</RowLink>;
  if (!submit) return <>{children}</>;
  return (
    <button
      type="submit"
      form={submit.form}
      name={submit.name}
      value={submit.value(row)}
      aria-label={submit.label?.(row)}
      data-row-link=""
      // The same ::after overlay as a row link: the whole row submits.
      className="cursor-pointer text-left font-medium text-indigo-700 after:absolute after:inset-0 hover:underline focus-visible:outline-offset-1"
    >
      {children}
    </button>
  );
}

/** The row's one link (table cell or card title). */
function RowLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Link
      href={href}
      // Detail pages are restricted reads that write a ledger entry: never render one the person did not open.
      prefetch={false}
      data-row-link=""
      className={ROW_LINK_CLASSES}
    >
      {children}
    </Link>
  );
}

// The ::after overlay stretches the link over its row or card (the nearest positioned ancestor), so the whole row is
// one big target while staying a real <a> (open in new tab, keyboard, screen readers).
const ROW_LINK_CLASSES = "font-medium text-indigo-700 after:absolute after:inset-0 hover:underline focus-visible:outline-offset-1";

/** The body's rows as markup (`cellHtml`): the same rows of the row model, and the same <tr>/<td>/row link, as the
 * React body writes. */
function rowsHtml<TData>(
  rows: ReadonlyArray<{ id: string; original: TData }>,
  columns: ReadonlyArray<{ id: string; className: string; label: string | undefined }>,
  linkColumnId: string | undefined,
  onRowHref: ((row: TData) => string | null) | undefined,
  cellHtml: (columnId: string, row: TData) => SafeHtml,
): string {
  let out = "";
  for (const { id, original: row } of rows) {
    const href = onRowHref?.(row) ?? null;
    out += markup`<tr data-row-id="${id}" class="${href !== null ? CLICKABLE_ROW : "group/row"}">`.value;
    for (const c of columns) {
      const content = cellHtml(c.id, row);
      const label = c.label === undefined ? null : markup` data-label="${c.label}"`;
      const inner =
        c.id === linkColumnId && href !== null ? markup`<a data-row-link="" class="${ROW_LINK_CLASSES}" href="${href}">${content}</a>` : content;
      out += markup`<td${label} class="${c.className}">${inner}</td>`.value;
    }
    out += "</tr>";
  }
  return out;
}

/** Where a click on a string body's row link should go in the app, or null when the browser should handle it. */
function rowLinkTarget(event: MouseEvent<HTMLElement>): string | null {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return null;
  const link = event.target instanceof Element ? event.target.closest("a[data-row-link]") : null;
  if (!(link instanceof HTMLAnchorElement) || link.target || link.hasAttribute("download") || link.origin !== window.location.origin) return null;
  return link.pathname + link.search + link.hash;
}

const CLICKABLE_ROW = "group/row relative hover:bg-slate-50 has-[[data-row-link]:focus-visible]:bg-indigo-50/60";

/** What a card calls a column: `meta.label`, else a plain-text header, else the column id. */
function columnLabel<TData extends RowData>(column: Column<DataTableFeatures, TData, unknown>): string {
  const def = column.columnDef;
  return def.meta?.label ?? (typeof def.header === "string" ? def.header : column.id);
}

function HeaderCell<TData extends RowData>({
  header,
  href,
  children,
}: {
  header: Header<DataTableFeatures, TData, unknown>;
  href: string | null;
  children: ReactNode;
}) {
  const meta = header.column.columnDef.meta;
  const sorted = header.column.getIsSorted();
  const alignEnd = meta?.align === "end";
  return (
    <th
      scope="col"
      colSpan={header.colSpan}
      aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}
      className={cn(
        "whitespace-nowrap bg-slate-50 px-3 py-2 text-left text-xs font-medium text-slate-600",
        // A bottom shadow instead of a border: borders on sticky cells scroll away in some browsers.
        "shadow-[inset_0_-1px_0_var(--color-slate-200)]",
        alignEnd && "text-right",
        meta?.headerClassName,
      )}
    >
      {href && !header.isPlaceholder ? (
        <Link
          href={href}
          className={cn(
            "group/sort -mx-1 inline-flex items-center gap-1 rounded px-1 hover:text-slate-900",
            alignEnd && "flex-row-reverse",
            sorted && "text-slate-900",
          )}
        >
          {children}
          <SortIcon direction={sorted} />
          <span className="sr-only">{sorted ? ", change sort order" : ", sort by this column"}</span>
        </Link>
      ) : (
        children
      )}
    </th>
  );
}

function SortIcon({ direction }: { direction: false | "asc" | "desc" }) {
  const { pending } = useLinkStatus();
  if (pending) return <Spinner />;
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 16 16"
      className={cn(
        "size-3.5 shrink-0",
        direction ? "text-indigo-600" : "text-slate-400 opacity-0 group-hover/sort:opacity-100 group-focus-visible/sort:opacity-100",
      )}
      fill="none"
      stroke="currentColor"
      strokeWidth="1.75"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      {direction === "asc" ? (
        <path d="M8 12.5v-9M4.5 7 8 3.5 11.5 7" />
      ) : direction === "desc" ? (
        <path d="M8 3.5v9M4.5 9 8 12.5 11.5 9" />
      ) : (
        <path d="M5 6 8 3l3 3M5 10l3 3 3-3" />
      )}
    </svg>
  );
}

function PaginationBar({ pagination, shown, caption }: { pagination: DataTablePagination; shown: number; caption: string }) {
  const { nextHref, prevHref, firstHref, total, pageSize, labels } = pagination;
  const prevLabel = labels?.prev ?? "Previous";
  const nextLabel = labels?.next ?? "Next";
  return (
    <nav aria-label={`${caption}: pages`} className="flex flex-wrap items-center justify-between gap-2 border-t border-slate-200 bg-white px-3 py-2">
      <p className="text-xs text-slate-600 tabular-nums">
        {total !== undefined ? `Showing ${formatNumber(shown)} of ${formatNumber(total)}` : `Showing ${formatNumber(shown)}${nextHref ? "+" : ""}`}
        <span className="text-slate-500"> · {formatNumber(pageSize)} per page</span>
      </p>
      <div className="flex items-center gap-2">
        {firstHref ? (
          <Link href={firstHref} rel="first" className={buttonClassName({ variant: "ghost", size: "sm" })}>
            <span>First page</span>
            <PendingSwap />
          </Link>
        ) : null}
        {prevHref !== undefined ? <PageLink href={prevHref} rel="prev" label={prevLabel} direction="prev" /> : null}
        <PageLink href={nextHref} rel="next" label={nextLabel} direction="next" />
      </div>
    </nav>
  );
}

function PageLink({ href, rel, label, direction }: { href: string | null; rel: "prev" | "next"; label: string; direction: "prev" | "next" }) {
  const chevron = (
    <svg
      aria-hidden="true"
      viewBox="0 0 16 16"
      className="size-3.5 shrink-0"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.75"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d={direction === "prev" ? "M10 3.5 5.5 8l4.5 4.5" : "M6 3.5 10.5 8 6 12.5"} />
    </svg>
  );
  const className = buttonClassName({ variant: "secondary", size: "sm" });
  if (!href) {
    // No href when there is nowhere to go: announced as a dimmed link, not focusable, nothing to click.
    return (
      <a role="link" aria-disabled="true" className={className}>
        {direction === "prev" ? chevron : null}
        {label}
        {direction === "next" ? chevron : null}
      </a>
    );
  }
  return (
    <Link href={href} rel={rel} className={className}>
      {direction === "prev" ? <PendingSwap fallback={chevron} /> : null}
      {label}
      {direction === "next" ? <PendingSwap fallback={chevron} /> : null}
    </Link>
  );
}

/** Shows a spinner instead of `fallback` while the enclosing <Link>'s navigation is pending. */
function PendingSwap({ fallback = null }: { fallback?: ReactNode }) {
  const { pending } = useLinkStatus();
  return pending ? <Spinner /> : fallback;
}

function Spinner() {
  return (
    <svg aria-hidden="true" viewBox="0 0 16 16" className="size-3.5 shrink-0 animate-spin text-slate-500" fill="none">
      <circle cx="8" cy="8" r="6" stroke="currentColor" strokeOpacity="0.3" strokeWidth="2" />
      <path d="M14 8a6 6 0 0 0-6-6" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
    </svg>
  );
}
