// People search. Every search is a restricted read (names are pii_basic): it goes through the gateway and lands in
// the access ledger with its purpose. The search is POSTed; its results are shown from a sealed, short-lived
// snapshot named by an opaque id (?s=viw_…), so coming back to them (from a record, a reload) reads nothing again.
import type { Metadata } from "next";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/page-header";
import { firstParam } from "@/components/data-table/table-href";
import { formatAgo } from "@/components/data/format";
import { loadViewSnapshot } from "@/lib/access/view-snapshots";
import { requirePagePermission } from "@/lib/auth/session";
import { now } from "@/lib/core/clock";
import { setResponseStatus } from "@/lib/http/response-status";
import { SEARCH_LIMIT, type PeopleSearchResult } from "@/lib/people/search-people";
import type { SearchSnapshot } from "@/lib/people/snapshots";
import { EMPTY_SEARCH } from "./form-state";
import { PeopleSearchForm } from "./search-form";
import { PeopleTable } from "./people-table";

export const metadata: Metadata = { title: "People" };

export default async function PeoplePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePagePermission("people.search");
  const searchId = firstParam((await searchParams).s);
  const snapshot = searchId ? await loadViewSnapshot<SearchSnapshot>(user.id, "people.search", searchId) : null;
  if (searchId && !snapshot) setResponseStatus(404);
  const search = snapshot?.value;

  return (
    <>
      <PageHeader
        title="People"
        eyebrow="marketplace.people@1"
        description="Look up a marketplace member by name or id. Columns appear in clear, masked or withheld according to your active grants; every look-up is recorded in the access ledger with its purpose."
      />
      <PeopleSearchForm key={searchId || "new"} initial={search ? { ...EMPTY_SEARCH, query: search.query, purpose: search.purpose } : EMPTY_SEARCH} />
      <div className="mt-6 space-y-3">
        {searchId && !snapshot ? (
          <Alert variant="info" title="These results are no longer available">
            Search results are kept for a few minutes, for you only. Search again to see them; the new search is recorded in the access ledger.
          </Alert>
        ) : null}
        {search && snapshot ? (
          <>
            <p className="text-sm text-slate-600" role="status">
              {resultCount(search.result)} · recorded as ledger entry{" "}
              <span className="font-mono tabular-nums" data-testid="ledger-seq">
                #{snapshot.ledgerSeq}
              </span>
              {" · searched "}
              {formatAgo(snapshot.createdAt, now())}
            </p>
            {search.result.more ? (
              <Alert variant="info" title={matchTitle(search.result)}>
                Only the first {SEARCH_LIMIT}, in name order, are shown. Type more of the name (first and last, e.g. “ana so”) or search by an exact
                person id.
              </Alert>
            ) : null}
            <PeopleTable rows={search.result.rows} searchId={searchId} />
          </>
        ) : null}
      </div>
    </>
  );
}

function resultCount(r: PeopleSearchResult): string {
  const shown = r.rows.length;
  if (r.more) return `${shown} of ${r.total === null ? "more" : `${r.totalCapped ? "over " : ""}${r.total.toLocaleString("en-US")}`} shown`;
  return shown === 1 ? "1 person" : `${shown} people`;
}

function matchTitle(r: PeopleSearchResult): string {
  if (r.total === null) return `More than ${SEARCH_LIMIT} people match`;
  return r.totalCapped ? `More than ${r.total.toLocaleString("en-US")} people match` : `${r.total.toLocaleString("en-US")} people match`;
}
