// Legal holds (holds.read: privacy admins and auditors): the matters, open or closed, with their active holds and
// custodians' acknowledgements; privacy admins (holds.manage) open new matters here.
import type { Metadata } from "next";
import Link from "next/link";
import { Card, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { PageHeader } from "@/components/ui/page-header";
import { formatUtc } from "@/components/data/format";
import { firstParam, tableHref } from "@/components/data-table/table-href";
import { requirePagePermission } from "@/lib/auth/session";
import { can } from "@/lib/core/permissions";
import { listConsoleUsers } from "@/lib/holds/matters/get-matter";
import { listMatters, ZMatterListQuery } from "@/lib/holds/matters/list-matters";
import { MatterForm } from "./matter-form";
import { MattersTable } from "./matters-table";

export const metadata: Metadata = { title: "Legal holds" };

const PAGE_SIZE = 25;
const STATUS_LABELS = { open: "Open", closed: "Closed", all: "All" } as const;

export default async function HoldsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePagePermission("holds.read");
  const sp = await searchParams;
  const raw = { status: firstParam(sp.status) || "open", cursor: firstParam(sp.cursor) || undefined, limit: PAGE_SIZE };
  const query = ZMatterListQuery.parse(raw);
  const manage = can(user, "holds.manage");
  const [page, users] = await Promise.all([listMatters(user, raw), manage ? listConsoleUsers() : Promise.resolve([])]);
  return (
    <>
      <PageHeader
        title="Legal holds"
        description="A matter gathers the legal holds of one case. An active hold beats every retention rule: the nightly purge re-checks it before each delete. Releasing a hold takes two privacy admins; a matter closes only when none of its holds is active."
      />
      <nav aria-label="Matter status" className="mb-3 flex flex-wrap gap-1 border-b border-slate-200">
        {(["open", "closed", "all"] as const).map((s) => (
          <Link
            key={s}
            href={tableHref("/holds", sp, { status: s === "open" ? null : s, cursor: null })}
            aria-current={s === query.status ? "page" : undefined}
            className={cn(
              "-mb-px border-b-2 px-3 py-2 text-sm font-medium",
              s === query.status ? "border-indigo-600 text-indigo-700" : "border-transparent text-slate-600 hover:text-slate-900",
            )}
          >
            {STATUS_LABELS[s]}
          </Link>
        ))}
      </nav>
      <MattersTable
        status={query.status}
        rows={page.rows.map((m) => ({
          id: m.id,
          name: m.name,
          legalReference: m.legalReference,
          status: m.status,
          ownerName: m.ownerName,
          ownerEmail: m.ownerEmail,
          createdText: formatUtc(m.createdAt),
          activeHolds: m.holds.active,
          draftHolds: m.holds.draft,
          releasedHolds: m.holds.released,
          custodians: m.custodians,
          acknowledged: m.acknowledged,
        }))}
        pagination={{
          pageSize: PAGE_SIZE,
          total: page.total,
          nextHref: page.nextCursor ? tableHref("/holds", sp, { cursor: page.nextCursor }) : null,
          firstHref: query.cursor ? tableHref("/holds", sp, { cursor: null }) : null,
        }}
      />
      {manage ? (
        <Card className="mt-8">
          <CardHeader
            title="Open a matter"
            description="Name the case, its legal reference and who owns it; then place holds and name custodians on its page."
          />
          <div className="p-4">
            <MatterForm users={users} />
          </div>
        </Card>
      ) : null}
    </>
  );
}
