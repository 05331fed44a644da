// The auditor's ledger browser: filters (state in the URL, ids only), keyset pages on seq in either direction, a
// capped count, the activity chart over the range, and CSV of the view. Auditors and privacy admins; analysts are
// refused (403) and the refusal is recorded. Cells are rendered here, on the server (docs/decisions/020-ledger-browser.md).
import type { Metadata } from "next";
import Link from "next/link";
import { cookies } from "next/headers";
import { firstParam, tableHref, TABLE_PARAMS } from "@/components/data-table/table-href";
import { ActivityChart } from "@/components/ledger/activity-chart";
import { ColumnChooser } from "@/components/ledger/column-chooser";
import { CoverageNote } from "@/components/ledger/coverage-note";
import { viewerClock, TZ_COOKIE } from "@/components/ledger/instant";
import { ledgerTableRows } from "@/components/ledger/ledger-rows";
import { chosenLedgerColumns } from "@/components/ledger/ledger-columns";
import { LedgerFilters } from "@/components/ledger/ledger-filters";
import { LedgerTable } from "@/components/ledger/ledger-table";
import { MatchCount } from "@/components/ledger/match-count";
import { TimeZoneCookie } from "@/components/ledger/time-zone-cookie";
import { Alert } from "@/components/ui/alert";
import { buttonClassName } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { requirePagePermission } from "@/lib/auth/session";
import { toErrorResponse } from "@/lib/core/errors";
import { setResponseStatus } from "@/lib/http/response-status";
import { ledgerCoverage } from "@/lib/ledger/coverage";
import { findLedgerEntries, ZLedgerQuery } from "@/lib/ledger/find-ledger-entries";
import { ledgerActivity } from "@/lib/ledger/ledger-activity";
import { FILTER_KEYS } from "@/lib/ledger/ledger-query";
import { applyLedgerFiltersAction } from "./actions";

export const metadata: Metadata = { title: "Access ledger" };

const PAGE_SIZE = 50;
type SearchParams = Record<string, string | string[] | undefined>;

export default async function LedgerPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requirePagePermission("ledger.read");
  const sp = await searchParams;
  const tz = (await cookies()).get(TZ_COOKIE)?.value ?? null;
  const clock = viewerClock(tz);
  const columns = chosenLedgerColumns(sp.cols);
  const newestFirst = firstParam(sp[TABLE_PARAMS.dir]) !== "asc";
  const cursor = /^[ab]\d{1,16}$/.exec(firstParam(sp[TABLE_PARAMS.cursor]))?.[0] ?? null;

  const values: Record<string, string> = {};
  for (const k of FILTER_KEYS) {
    const v = firstParam(sp[k]);
    if (v) values[k] = v;
  }
  const query = {
    ...values,
    order: newestFirst ? "newest" : "oldest",
    limit: PAGE_SIZE,
    ...(cursor ? { [cursor[0] === "b" ? "before" : "after"]: cursor.slice(1) } : {}),
  };
  const keep: Array<[string, string]> = [
    ...(sp.cols ? (Array.isArray(sp.cols) ? sp.cols : [sp.cols]).map((c): [string, string] => ["cols", c]) : []),
    ...(newestFirst ? [] : [["sort", "seq"] as [string, string], ["dir", "asc"] as [string, string]]),
  ];
  const header = (
    <PageHeader
      title="Access ledger"
      description="Every restricted read and every refusal, hash-chained and append-only. Entries are in seq order; their time rises with seq."
      actions={
        <>
          <Link href="/ledger/verify" className={buttonClassName({ variant: "secondary", size: "sm" })}>
            Verification
          </Link>
          <Link href="/ledger/bundle" className={buttonClassName({ variant: "secondary", size: "sm" })}>
            Evidence bundle
          </Link>
          <ExportButton values={values} newestFirst={newestFirst} />
        </>
      }
    />
  );

  const parsed = ZLedgerQuery.safeParse(query);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    setResponseStatus(400);
    return (
      <>
        {header}
        <LedgerFilters
          initial={{ values, errors: { [String(issue.path[0])]: issue.message }, alert: null }}
          action={applyLedgerFiltersAction}
          keep={keep}
        />
        <Alert variant="warning" title="These filters could not be read">
          {String(issue.path[0])}: {issue.message}
        </Alert>
      </>
    );
  }

  let page, activity, coverage;
  try {
    [page, activity, coverage] = await Promise.all([findLedgerEntries(user, parsed.data), ledgerActivity(user, parsed.data), ledgerCoverage()]);
  } catch (err) {
    const { status, body } = toErrorResponse(err);
    setResponseStatus(status);
    return (
      <>
        {header}
        <Alert variant="error" title="Could not read the ledger">
          {body.error.message}
        </Alert>
      </>
    );
  }

  const link = (patch: Record<string, string | null>) => tableHref("/ledger", sp, patch);
  const older = page.olderCursor !== null ? link({ cursor: `b${page.olderCursor}` }) : null;
  const newer = page.newerCursor !== null ? link({ cursor: `a${page.newerCursor}` }) : null;
  const filtered = Object.keys(values).length > 0;

  return (
    <>
      <TimeZoneCookie known={tz} />
      {header}
      <CoverageNote coverage={coverage} />
      <LedgerFilters initial={{ values, errors: {}, alert: null }} action={applyLedgerFiltersAction} keep={keep} />
      <ActivityChart activity={activity} defaultRange={!values.from && !values.to} />
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <MatchCount count={page.count} searched={page.searched} filtered={filtered} zone={clock.zone} />
        <ColumnChooser carried={[...Object.entries(values), ...keep.filter(([k]) => k !== "cols")]} chosen={columns} />
      </div>
      <LedgerTable
        rows={ledgerTableRows(page.rows, columns, clock)}
        columns={columns}
        newestFirst={newestFirst}
        emptyMessage={
          page.searched
            ? "No entries in this stretch match the purpose search."
            : filtered
              ? "No entries match these filters."
              : "The ledger has no entries yet."
        }
        pagination={{
          pageSize: PAGE_SIZE,
          prevHref: newestFirst ? newer : older,
          nextHref: newestFirst ? older : newer,
          firstHref: cursor ? link({ cursor: null }) : null,
          labels: newestFirst ? { prev: "Newer", next: "Older" } : { prev: "Older", next: "Newer" },
        }}
      />
    </>
  );
}

/** CSV of the whole filtered view. A POST: the download is recorded in the ledger before it is served. */
function ExportButton({ values, newestFirst }: { values: Record<string, string>; newestFirst: boolean }) {
  return (
    <form method="post" action="/ledger/export">
      {Object.entries(values).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <input type="hidden" name="order" value={newestFirst ? "newest" : "oldest"} />
      <button type="submit" className={buttonClassName({ variant: "secondary", size: "sm" })}>
        Download CSV
      </button>
    </form>
  );
}
