// How many entries match, said honestly: exact from the seq range when only time is filtered (the chain is
// contiguous), capped when other filters are set (counting millions per page would cost more than the page), and
// not counted for a text search, which says which stretch it searched.
import type { LedgerPage } from "@/lib/ledger/find-ledger-entries";

export function MatchCount({
  count,
  searched,
  filtered,
  zone,
}: {
  count: LedgerPage["count"];
  searched: LedgerPage["searched"];
  filtered: boolean;
  zone: string | null;
}) {
  const fmt = (n: number) => n.toLocaleString("en-US");
  let text: string;
  if (searched)
    text = `Purpose search: this page looked at entries #${fmt(searched.from)}–#${fmt(searched.to)}; go on to search further. Not counted.`;
  else if (!count) text = "";
  else if (count.capped) text = `${fmt(count.value)}+ entries match (counting stops at ${fmt(count.value)}).`;
  else text = `${fmt(count.value)} ${count.value === 1 ? "entry" : "entries"} ${filtered ? "match" : "in the ledger"}.`;
  return (
    <p className="text-sm text-slate-700" data-testid="match-count">
      {text} <span className="text-slate-500">Times in UTC{zone ? ` and in your zone (${zone})` : ""}.</span>
    </p>
  );
}
