// The ledger table's cells as markup (DataTable's `cellHtml`, decision 043): the compact row (ledger-columns.ts) to
// escaped-by-construction HTML. Pure, shared by the client table and its tests. Test ids and data attributes are
// what the e2e specs find rows by.
import { markup, type SafeHtml } from "@/components/data-table/markup";
import { TIER_LABELS } from "@/lib/core/tiers";
import type { LedgerColumnId, LedgerTableRow } from "./ledger-columns";

const DECISION_CLASS = { allow: "bg-emerald-50 text-emerald-800", mask: "bg-amber-50 text-amber-800", deny: "bg-red-50 text-red-700" } as const;

function shownHtml(r: LedgerTableRow): SafeHtml | string {
  if (r.ts === "not_recorded")
    return markup`<span class="text-amber-700" title="Written before the ledger recorded the tier shown in clear">not recorded</span>`;
  return r.ts === "nothing" ? "nothing in clear" : TIER_LABELS[r.ts!];
}

export const LEDGER_CELLS: Record<LedgerColumnId, (r: LedgerTableRow) => SafeHtml> = {
  entry: (r) =>
    markup`<span class="flex flex-col tabular-nums"><span class="font-mono" data-testid="seq">#${r.s}</span><span class="text-xs font-normal text-slate-700">${r.u} UTC</span>${r.l ? markup`<span class="text-xs font-normal text-slate-500">${r.l} local</span>` : null}</span>`,
  actor: (r) =>
    markup`<span class="flex flex-col wrap-anywhere"><span data-testid="actor">${r.a}</span><span class="text-xs text-slate-500">${r.r}</span></span>`,
  // The purpose is what an auditor questions: in full, wrapped, never truncated.
  action: (r) =>
    markup`<span class="flex min-w-36 max-w-72 flex-col text-xs"><span class="font-mono wrap-anywhere">${r.x}</span><span class="wrap-break-word text-slate-500">${r.p || "—"}</span></span>`,
  // Tiers told apart: what the access asked for, and what it showed in clear (decision 017).
  decision: (r) =>
    markup`<span class="flex flex-col items-start text-xs tabular-nums text-slate-600"><span class="rounded px-1.5 font-medium ${DECISION_CLASS[r.d!] ?? ""}" data-decision="${r.d}">${r.d}</span><span data-testid="tiers" data-asked="${r.ta}" data-shown="${r.ts}">asked ${TIER_LABELS[r.ta!] ?? r.ta} · shown ${shownHtml(r)}</span><span data-testid="column-counts">${r.c![0]} clear · ${r.c![1]} masked · ${r.c![2]} withheld</span><span class="text-slate-500">${r.n === 1 ? "1 row" : `${r.n} rows`}</span></span>`,
  resource: (r) =>
    markup`<span class="flex flex-col font-mono text-xs wrap-anywhere"><span>${r.o}</span>${r.k ? markup`<span class="text-slate-500" data-testid="record-id">${r.k}</span>` : null}</span>`,
  request: (r) => markup`<span class="font-mono text-xs wrap-anywhere">${r.q}</span>`,
  policy: (r) => markup`<span class="font-mono text-xs">${r.v}</span>`,
};
