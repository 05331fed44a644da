"use client";
// A tier's policy versions, newest first: when, by whom, what changed, and why.
import { DataTable } from "@/components/data-table/data-table";
import { dataTableColumns } from "@/components/data-table/features";
import { Breakable } from "@/components/data/breakable";
import { formatUtc } from "@/components/data/format";
import { POLICY_RULE_LABELS, type PolicyRule } from "@/lib/scopes/policy-rules";

export interface PolicyVersionRow {
  version: number;
  createdAt: string;
  createdByEmail: string | null;
  changeReason: string;
  changes: Array<{ rule: PolicyRule; from: string; to: string }>;
}

const col = dataTableColumns<PolicyVersionRow>();
const columns = col.columns([
  col.accessor("version", { header: "Version", meta: { align: "end" }, cell: (c) => <span className="font-mono">v{c.getValue()}</span> }),
  col.accessor("createdAt", { header: "When", cell: (c) => <time dateTime={c.getValue()}>{formatUtc(c.getValue())}</time> }),
  col.accessor("createdByEmail", {
    header: "By",
    meta: { wrap: true },
    cell: (c) => (c.getValue() ? <Breakable text={c.getValue()!} after="@" /> : <span className="text-slate-600">Warden (default)</span>),
  }),
  col.display({
    id: "changes",
    header: "What changed",
    meta: { wrap: true },
    cell: (c) =>
      c.row.original.changes.length === 0 ? (
        <span className="text-slate-600">The first version</span>
      ) : (
        <ul className="flex flex-col gap-0.5 text-xs">
          {c.row.original.changes.map((ch) => (
            <li key={ch.rule}>
              <span className="text-slate-600">{POLICY_RULE_LABELS[ch.rule]}:</span>{" "}
              <span className="line-through decoration-slate-400">{ch.from}</span> → <span className="font-medium text-slate-900">{ch.to}</span>
            </li>
          ))}
        </ul>
      ),
  }),
  col.accessor("changeReason", {
    header: "Why",
    meta: { wrap: true },
    cell: (c) => <span className="block max-w-64 text-xs wrap-break-word text-slate-700">{c.getValue()}</span>,
  }),
]);

const rowId = (r: PolicyVersionRow) => String(r.version);

export function PolicyHistoryTable({ rows, caption }: { rows: PolicyVersionRow[]; caption: string }) {
  return <DataTable columns={columns} data={rows} getRowId={rowId} caption={caption} emptyMessage="No versions." cardHeadingLevel={4} />;
}
