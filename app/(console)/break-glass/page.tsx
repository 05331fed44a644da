// Break-glass for privacy admins (grant.manage): the uses awaiting after-review, overdue first, and the reviewed
// history. Each row opens the use, where it is after-reviewed. The view, sort and page are in the URL.
import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/page-header";
import { cn } from "@/components/ui/cn";
import { firstParam, tableHref } from "@/components/data-table/table-href";
import { requirePagePermission } from "@/lib/auth/session";
import { BREAK_GLASS_VIEWS, listBreakGlass, ZBreakGlassQuery, type BreakGlassView } from "@/lib/scopes/list-break-glass";
import { BreakGlassTable } from "./break-glass-table";

export const metadata: Metadata = { title: "Break-glass" };

const PAGE_SIZE = 50;
const VIEW_LABELS: Record<BreakGlassView, string> = { awaiting: "Awaiting after-review", reviewed: "Reviewed", all: "All uses" };

export default async function BreakGlassPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePagePermission("grant.manage");
  const sp = await searchParams;
  const query = ZBreakGlassQuery.parse({
    view: firstParam(sp.view) || undefined,
    sort: firstParam(sp.sort) || undefined,
    dir: firstParam(sp.dir) || undefined,
    cursor: firstParam(sp.cursor) || undefined,
    limit: PAGE_SIZE,
  });
  const page = await listBreakGlass(user, query);
  const overdue = query.view === "awaiting" ? page.rows.filter((r) => r.overdue).length : 0;

  return (
    <>
      <PageHeader
        title="Break-glass"
        description="Emergency access an analyst switched on alone. Each use needs an after-review by a privacy admin other than the person who used it, within 24 hours."
      />
      {firstParam(sp.notice) === "reviewed" ? (
        <Alert variant="success" className="mb-4">
          After-review recorded in the access ledger.
        </Alert>
      ) : null}
      {overdue > 0 ? (
        <Alert variant="error" title={overdue === 1 ? "1 after-review is overdue" : `${overdue} after-reviews are overdue`} className="mb-4">
          They are listed first. Review them now.
        </Alert>
      ) : null}
      <nav aria-label="Break-glass views" className="mb-3 flex flex-wrap gap-1 border-b border-slate-200">
        {BREAK_GLASS_VIEWS.map((v) => (
          <Link
            key={v}
            href={tableHref("/break-glass", {}, { view: v === "awaiting" ? null : v })}
            aria-current={v === query.view ? "page" : undefined}
            className={cn(
              "-mb-px border-b-2 px-3 py-2 text-sm font-medium",
              v === query.view ? "border-indigo-600 text-indigo-700" : "border-transparent text-slate-600 hover:text-slate-900",
            )}
          >
            {VIEW_LABELS[v]}
            {v === query.view ? <span className="ml-1.5 text-xs text-slate-500 tabular-nums">{page.total}</span> : null}
          </Link>
        ))}
      </nav>
      <BreakGlassTable
        rows={page.rows}
        mode={query.view}
        sorting={page.sort}
        pagination={{
          pageSize: PAGE_SIZE,
          total: page.total,
          nextHref: page.nextCursor ? tableHref("/break-glass", sp, { cursor: page.nextCursor }) : null,
          firstHref: query.cursor ? tableHref("/break-glass", sp, { cursor: null }) : null,
        }}
      />
    </>
  );
}
