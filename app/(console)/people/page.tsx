// People search. Every search is a restricted read (names are pii_basic): it goes through the gateway and
// lands in the access ledger with its purpose.
import type { Metadata } from "next";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/page-header";
import { firstParam } from "@/components/data-table/table-href";
import { requirePagePermission } from "@/lib/auth/session";
import { currentRequestMeta } from "@/lib/auth/current-request-meta";
import { toErrorResponse } from "@/lib/core/errors";
import { searchPeople } from "@/lib/people/search-people";
import type { GatedResult } from "@/lib/access/types";
import { PeopleSearchForm } from "./search-form";
import { PeopleTable } from "./people-table";

export const metadata: Metadata = { title: "People" };

export default async function PeoplePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePagePermission("people.search");
  const sp = await searchParams;
  const query = firstParam(sp.q);
  const purpose = firstParam(sp.purpose);
  const submitted = "q" in sp || "purpose" in sp;

  let result: GatedResult | null = null;
  let failure: { status: number; message: string; field?: string } | null = null;
  if (submitted) {
    try {
      result = await searchPeople(user, { query, purpose }, await currentRequestMeta());
    } catch (err) {
      const { status, body } = toErrorResponse(err);
      failure = { status, message: body.error.message, field: body.error.field };
    }
  }
  const fieldError = (f: string) => (failure?.field === f && failure.status === 422 ? failure.message.replace(/^\w+: /, "") : undefined);

  return (
    <>
      <PageHeader
        title="People"
        eyebrow="marketplace.people@1"
        description="Look up a marketplace member by name or id. Columns appear in clear, masked or withheld according to your active grants; every look-up is recorded in the access ledger with its purpose."
      />
      <PeopleSearchForm query={query} purpose={purpose} errors={{ query: fieldError("query"), purpose: fieldError("purpose") }} />
      <div className="mt-6 space-y-3">
        {failure && failure.status !== 422 ? (
          <Alert variant={failure.status === 403 ? "warning" : "error"} title={failure.status === 403 ? "Not allowed" : "Search failed"}>
            {failure.message}
          </Alert>
        ) : null}
        {result ? (
          <>
            <p className="text-sm text-slate-600" role="status">
              {result.rows.length === 1 ? "1 person" : `${result.rows.length} people`} · recorded as ledger entry{" "}
              <span className="font-mono tabular-nums" data-testid="ledger-seq">#{result.ledgerSeq}</span>
            </p>
            <PeopleTable rows={result.rows} purpose={purpose.trim()} />
          </>
        ) : null}
      </div>
    </>
  );
}
