// Export approvals (privacy admins, export.approve): every export waiting for a decision, oldest questions first
// on the page they open. A row opens the export, where another privacy admin than the requester approves or denies it.
import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { firstParam, tableHref } from "@/components/data-table/table-href";
import { requirePagePermission } from "@/lib/auth/session";
import { listExports } from "@/lib/exports/list-exports";
import { ExportsTable } from "../exports-table";
import { toExportRows } from "../export-rows";

export const metadata: Metadata = { title: "Export approvals" };

type SearchParams = Record<string, string | string[] | undefined>;
const PAGE_SIZE = 25;

export default async function ExportApprovalsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requirePagePermission("export.approve");
  const sp = await searchParams;
  const cursor = firstParam(sp.cursor) || undefined;
  const page = await listExports(user, { view: "approvals", cursor, limit: PAGE_SIZE });
  return (
    <>
      <PageHeader
        title="Export approvals"
        description="Exports that would leave a column in clear above Basic PII, or beyond the requester's grants. Nobody decides their own export."
      />
      <ExportsTable
        variant="queue"
        rows={toExportRows(user, page.rows)}
        pagination={{
          pageSize: PAGE_SIZE,
          total: page.total,
          nextHref: page.nextCursor ? tableHref("/exports/approvals", sp, { cursor: page.nextCursor }) : null,
          firstHref: cursor ? tableHref("/exports/approvals", sp, { cursor: null }) : null,
        }}
      />
    </>
  );
}
