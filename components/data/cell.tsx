// Renders one cell from the access gateway (lib/access/types.ts): clear, masked or withheld.
// Masked and withheld cells are marked visibly and say why on hover AND keyboard focus; e2e selects on
// data-state / data-column. No hooks, so it works in server and client components alike.
import type { ReactNode } from "react";
import type { GatedCell } from "@/lib/access/types";
import { cn } from "@/components/ui/cn";
import { formatCents, formatNumber, formatUtc } from "./format";

/** How to display a clear value. */
export type CellKind = "text" | "number" | "cents" | "datetime" | "id";

export interface GatedCellViewProps {
  /** Missing (the gateway returned no such column) renders as withheld: fail closed, never blank-as-clear. */
  cell: GatedCell | null | undefined;
  /** The column name (e.g. "phone"); rendered as data-column. */
  column: string;
  kind?: CellKind;
  /** ISO currency for kind="cents". */
  currency?: string;
  className?: string;
}

export function GatedCellView({ cell: given, column, kind = "text", currency = "USD", className }: GatedCellViewProps) {
  const cell: GatedCell = given ?? { state: "withheld", reason: "Not returned by the access gateway." };
  if (cell.state === "clear") {
    return (
      <span data-state="clear" data-column={column} className={cn(isNumeric(kind) && "tabular-nums", className)}>
        {renderClear(cell.value, kind, currency)}
      </span>
    );
  }

  if (cell.state === "masked") {
    return (
      <span data-state="masked" data-column={column} className={cn("group relative inline-flex max-w-full align-middle", className)}>
        <span
          role="group"
          tabIndex={0}
          aria-label={`masked: ${cell.reason}`}
          title={cell.reason}
          className="relative z-10 inline-flex max-w-full items-center gap-1 rounded border border-dashed border-slate-400 bg-slate-50 py-px pl-1 pr-1.5 font-mono text-xs text-slate-700 outline-offset-1"
        >
          <LockIcon />
          <span className="truncate">{cell.value}</span>
          <span className="font-sans text-[0.625rem] font-semibold uppercase tracking-wide text-slate-600">masked</span>
        </span>
        <Tip>{cell.reason}</Tip>
      </span>
    );
  }

  return (
    <span data-state="withheld" data-column={column} className={cn("group relative inline-flex align-middle", className)}>
      <span
        role="group"
        tabIndex={0}
        aria-label={`withheld: ${cell.reason}`}
        title={cell.reason}
        className="relative z-10 inline-flex items-center gap-1 rounded bg-slate-100 px-1.5 py-px text-xs text-slate-600 outline-offset-1"
      >
        <span aria-hidden="true">—</span>
        <span className="font-medium">Withheld</span>
      </span>
      <Tip>{cell.reason}</Tip>
    </span>
  );
}

function isNumeric(kind: CellKind): boolean {
  return kind === "number" || kind === "cents";
}

function renderClear(value: string | number | null, kind: CellKind, currency: string): ReactNode {
  if (value === null || value === "") {
    return (
      <span className="text-slate-400">
        <span aria-hidden="true">—</span>
        <span className="sr-only">empty</span>
      </span>
    );
  }
  switch (kind) {
    case "cents":
      return typeof value === "number" ? formatCents(value, currency) : value;
    case "number":
      return typeof value === "number" ? formatNumber(value) : value;
    case "datetime":
      return (
        <time dateTime={String(value)} className="whitespace-nowrap tabular-nums">
          {formatUtc(String(value))}
        </time>
      );
    case "id":
      return <span className="font-mono text-xs">{value}</span>;
    default:
      return value;
  }
}

/** CSS-only tooltip: shown while the wrapper is hovered or holds focus. Hidden from AT (aria-label carries it).
 * display:none (not visibility) while hidden, so an unseen tooltip never widens a table's scroll area; anchored at the
 * right edge so it grows leftwards, into the table, rather than past the last column. */
function Tip({ children }: { children: ReactNode }) {
  return (
    <span
      aria-hidden="true"
      className={cn(
        "pointer-events-none absolute bottom-full right-0 z-30 mb-1 hidden w-max max-w-80 rounded-md bg-slate-900 px-2 py-1",
        "whitespace-normal text-left font-sans text-xs font-normal normal-case leading-snug text-white shadow-lg",
        "group-focus-within:block group-hover:block",
      )}
    >
      {children}
    </span>
  );
}

function LockIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 16 16" className="size-3 shrink-0 text-slate-500" fill="currentColor">
      <path
        fillRule="evenodd"
        d="M8 1.5a3 3 0 0 0-3 3V6h-.5A1.5 1.5 0 0 0 3 7.5v5A1.5 1.5 0 0 0 4.5 14h7a1.5 1.5 0 0 0 1.5-1.5v-5A1.5 1.5 0 0 0 11.5 6H11V4.5a3 3 0 0 0-3-3ZM9.5 6V4.5a1.5 1.5 0 1 0-3 0V6h3Z"
        clipRule="evenodd"
      />
    </svg>
  );
}
