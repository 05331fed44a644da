// Server side: the ledger page's rows as the compact shape the client table renders (ledger-columns.ts).
import type { LedgerListRow } from "@/lib/ledger/find-ledger-entries";
import { utcSeconds, type ViewerClock } from "./instant";
import type { LedgerColumnId, LedgerTableRow, ShownTier } from "./ledger-columns";

export function shownTier(e: Pick<LedgerListRow, "disclosedTier" | "columnsShown">): ShownTier {
  if (e.disclosedTier !== null) return e.disclosedTier;
  return e.columnsShown.length > 0 ? "not_recorded" : "nothing";
}

export function ledgerTableRows(rows: readonly LedgerListRow[], columns: readonly LedgerColumnId[], clock: ViewerClock): LedgerTableRow[] {
  const on = new Set(columns);
  return rows.map((e) => {
    const utc = utcSeconds(e.occurredAt);
    const row: LedgerTableRow = { s: e.seq, u: utc };
    if (clock.local) {
      const local = clock.local.format(new Date(e.occurredAt));
      row.l = local.slice(0, 10) === utc.slice(0, 10) ? local.slice(11) : local;
    }
    if (on.has("actor")) {
      row.a = e.actorEmail ?? e.actorId ?? "—";
      row.r = e.actorRole;
    }
    if (on.has("action")) {
      row.x = e.action;
      row.p = e.purpose;
    }
    if (on.has("decision")) {
      row.d = e.decision;
      row.ta = e.privacyTier;
      row.ts = shownTier(e);
      row.c = [e.columnsShown.length, e.columnsMasked.length, e.columnsDenied.length];
      row.n = e.rowCount;
    }
    if (on.has("resource")) {
      row.o = e.resource;
      row.k = e.recordId;
    }
    if (on.has("request")) row.q = e.requestId;
    if (on.has("policy")) row.v = e.policyVersion;
    return row;
  });
}
