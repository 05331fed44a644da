// Purge runs (privacy admins and auditors, purge.read): the history with counts, what the holds kept back and the
// duration; privacy admins (purge.run) start a dry-run or, after a confirmation, an execute run. The nightly run's next
// start is shown; a run stopped by the circuit breaker waits on its detail page for approval.
import type { Metadata } from "next";
import { Alert } from "@/components/ui/alert";
import { AutoRefresh } from "@/components/ui/auto-refresh";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { firstParam, tableHref } from "@/components/data-table/table-href";
import { formatUtc } from "@/components/data/format";
import { requirePagePermission } from "@/lib/auth/session";
import { can } from "@/lib/core/permissions";
import { nextScheduledPurge } from "@/lib/holds/purge/nightly";
import { listPurgeRuns } from "@/lib/holds/purge/read-purge-runs";
import { StartPurgeForms } from "./purge-forms";
import { PurgeRunsTable } from "./purge-table";
import { toPurgeRunRows } from "./run-rows";

export const metadata: Metadata = { title: "Purge runs" };

type SearchParams = Record<string, string | string[] | undefined>;
const PAGE_SIZE = 20;

export default async function PurgePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requirePagePermission("purge.read");
  const sp = await searchParams;
  const cursor = firstParam(sp.cursor) || undefined;
  const [page, next] = await Promise.all([listPurgeRuns({ cursor, pageSize: PAGE_SIZE }), nextScheduledPurge()]);
  const rows = toPurgeRunRows(page.rows);
  const moving = rows.some((r) => r.status === "queued" || r.status === "running");
  const tripped = page.rows.find((r) => r.status === "tripped");
  return (
    <>
      <PageHeader
        title="Purge runs"
        description={`Retention's nightly purge and the runs started by hand. A hold beats every retention rule: each batch re-reads the active holds under the purge lease before it deletes. Next nightly run: ${formatUtc(next)}.`}
      />
      {moving ? <AutoRefresh everyMs={1000} /> : null}
      {tripped ? (
        <Alert variant="warning" title="A run is waiting for approval" className="mb-4">
          Run{" "}
          <a className="font-mono underline" href={`/purge/${tripped.id}`}>
            {tripped.id}
          </a>{" "}
          was stopped by the circuit breaker: {tripped.trippedReason}
        </Alert>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <section aria-labelledby="purge-history">
          <h2 id="purge-history" className="mb-3 text-base font-semibold text-slate-900">
            History
          </h2>
          <PurgeRunsTable
            rows={rows}
            pagination={{
              pageSize: PAGE_SIZE,
              total: page.total,
              nextHref: page.nextCursor ? tableHref("/purge", sp, { cursor: page.nextCursor }) : null,
              firstHref: cursor ? tableHref("/purge", sp, { cursor: null }) : null,
            }}
          />
        </section>
        {can(user, "purge.run") ? (
          <Card>
            <CardHeader title="Run a purge" description="One run at a time." />
            <div className="p-4">
              <StartPurgeForms />
            </div>
          </Card>
        ) : null}
      </div>
    </>
  );
}
