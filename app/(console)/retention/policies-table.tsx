"use client";
// Every warehouse dataset's retention in force: how long, from which date, longer where, why, which version, who set it,
// and what a purge would find past retention now.
import { DataTable } from "@/components/data-table/data-table";
import { dataTableColumns } from "@/components/data-table/features";
import { Breakable } from "@/components/data/breakable";
import { formatNumber, formatUtc } from "@/components/data/format";
import { describeDays } from "./describe-days";

export interface RetentionPolicyTableRow {
  datasetRef: string;
  policy: {
    days: number;
    dateColumn: string;
    overrides: string;
    legalBasis: string;
    version: number;
    createdAt: string;
    createdByEmail: string | null;
  } | null;
  /** null: no policy, or the warehouse could not be counted. */
  estimate: { due: number; capped: boolean; nextDueAt: string | null } | null;
}

const col = dataTableColumns<RetentionPolicyTableRow>();
const columns = col.columns([
  col.accessor("datasetRef", {
    header: "Dataset",
    meta: { wrap: true },
    cell: (c) => (
      <a href={`#retention-${c.getValue()}`} className="font-mono text-xs text-indigo-700 hover:underline">
        {c.getValue()}
      </a>
    ),
  }),
  col.display({
    id: "days",
    header: "Keeps",
    meta: { wrap: true },
    cell: (c) => {
      const p = c.row.original.policy;
      if (!p) return <span className="text-amber-800">No policy: never purged</span>;
      return (
        <span className="flex flex-col" data-days={p.days}>
          <span className="text-slate-900">{describeDays(p.days)}</span>
          <span className="text-xs text-slate-600">
            from <span className="font-mono">{p.dateColumn}</span>
          </span>
        </span>
      );
    },
  }),
  col.display({
    id: "overrides",
    header: "Longer in",
    meta: { wrap: true },
    cell: (c) => <span className="font-mono text-xs">{c.row.original.policy?.overrides || "—"}</span>,
  }),
  col.display({
    id: "legalBasis",
    header: "Legal basis",
    meta: { wrap: true },
    cell: (c) => <span className="block max-w-96 text-xs text-slate-700">{c.row.original.policy?.legalBasis ?? "—"}</span>,
  }),
  col.display({
    id: "version",
    header: "Version",
    meta: { align: "end" },
    cell: (c) => (c.row.original.policy ? <span className="font-mono">v{c.row.original.policy.version}</span> : "—"),
  }),
  col.display({
    id: "changed",
    header: "Changed",
    meta: { wrap: true },
    cell: (c) => {
      const p = c.row.original.policy;
      if (!p) return "—";
      return (
        <span className="flex flex-col text-xs">
          <time dateTime={p.createdAt}>{formatUtc(p.createdAt)}</time>
          {p.createdByEmail ? <Breakable text={p.createdByEmail} after="@" /> : <span className="text-slate-600">Warden (default)</span>}
        </span>
      );
    },
  }),
  col.display({
    id: "estimate",
    header: "Next purge estimate",
    meta: { wrap: true },
    cell: (c) => {
      const { policy, estimate } = c.row.original;
      if (!policy) return <span className="text-slate-600">Nothing: no policy</span>;
      if (!estimate) return <span className="text-slate-600">Not available</span>;
      return (
        <span className="flex flex-col text-xs" data-due={estimate.due}>
          <span className="text-slate-900">
            {estimate.capped ? "over " : ""}
            {formatNumber(estimate.due)} past retention now
          </span>
          <span className="text-slate-600">
            {estimate.nextDueAt ? (
              <>
                next due <time dateTime={estimate.nextDueAt}>{formatUtc(estimate.nextDueAt)}</time>
              </>
            ) : (
              "none falling due"
            )}
          </span>
        </span>
      );
    },
  }),
]);

const rowId = (r: RetentionPolicyTableRow) => r.datasetRef;

export function RetentionPoliciesTable({ rows }: { rows: RetentionPolicyTableRow[] }) {
  return (
    <DataTable
      columns={columns}
      data={rows}
      getRowId={rowId}
      caption="Retention policies in force, by dataset"
      emptyMessage="No datasets."
      cardHeadingLevel={3}
    />
  );
}
