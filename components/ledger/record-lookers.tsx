// "Who looked at this person": the ledger entries about one record, newest first, each linking to its detail.
// Shown to readers of the ledger only (the page loads the entries after checking ledger.read).
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import type { LedgerPage } from "@/lib/ledger/find-ledger-entries";
import { utcSeconds } from "./instant";

const DECISION_VARIANT = { allow: "success", mask: "warning", deny: "danger" } as const;

export function RecordLookers({ recordId, page }: { recordId: string; page: LedgerPage }) {
  return (
    <section aria-labelledby="who-looked" className="mt-6">
      <h2 id="who-looked" className="mb-2 text-base font-semibold text-slate-900">
        Who looked at this person
      </h2>
      {page.rows.length === 0 ? (
        <p className="text-sm text-slate-600">No ledger entry names this record.</p>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm" data-testid="record-lookers">
          {page.rows.map((r) => (
            <li key={r.seq} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-2">
              <Link href={`/ledger/${r.seq}`} prefetch={false} className="font-mono font-medium text-indigo-700 hover:underline">
                #{r.seq}
              </Link>
              <span className="tabular-nums text-slate-600">{utcSeconds(r.occurredAt)} UTC</span>
              <span className="wrap-anywhere">{r.actorEmail ?? r.actorId ?? "—"}</span>
              <span className="font-mono text-xs">{r.action}</span>
              <Badge variant={DECISION_VARIANT[r.decision] ?? "neutral"}>{r.decision}</Badge>
              <span className="text-xs text-slate-500">{r.purpose}</span>
            </li>
          ))}
        </ul>
      )}
      <p className="mt-2 text-sm">
        <Link href={`/ledger?record=${encodeURIComponent(recordId)}`} className="text-indigo-700 hover:underline">
          {page.olderCursor !== null ? "See all entries about this record in the ledger" : "Open these in the ledger"}
        </Link>
      </p>
    </section>
  );
}
