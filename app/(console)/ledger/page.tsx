// The access ledger, newest first, for auditors and privacy admins. Analysts are refused (403) and the
// refusal itself is recorded.
import type { Metadata } from "next";
import Link from "next/link";
import { buttonClassName } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/page-header";
import { firstParam, tableHref } from "@/components/data-table/table-href";
import { requirePagePermission } from "@/lib/auth/session";
import { toErrorResponse } from "@/lib/core/errors";
import { findLedgerEntries } from "@/lib/ledger/find-ledger-entries";
import { LedgerTable } from "./ledger-table";

export const metadata: Metadata = { title: "Access ledger" };

const PAGE_SIZE = 50;

export default async function LedgerPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePagePermission("ledger.read");
  const sp = await searchParams;
  const cursor = firstParam(sp.cursor) || undefined;

  let page;
  try {
    page = await findLedgerEntries(user, { before: cursor, limit: PAGE_SIZE });
  } catch (err) {
    const { body } = toErrorResponse(err);
    return (
      <>
        <PageHeader title="Access ledger" />
        <Alert variant="error" title="Could not read the ledger">
          {body.error.field === "before" ? "The page link is not valid. Start from the newest entries." : body.error.message}
        </Alert>
      </>
    );
  }

  return (
    <>
      <PageHeader
        title="Access ledger"
        description="Every restricted read and every refusal, hash-chained and append-only. Verify the chain offline with npm run warden -- ledger verify."
        actions={
          <Link href="/ledger/verify" className={buttonClassName({ variant: "secondary", size: "sm" })}>
            Verification
          </Link>
        }
      />
      <LedgerTable
        rows={page.rows}
        pagination={{
          pageSize: PAGE_SIZE,
          total: page.total,
          nextHref: page.nextCursor ? tableHref("/ledger", sp, { cursor: page.nextCursor }) : null,
          firstHref: cursor ? tableHref("/ledger", sp, { cursor: null }) : null,
          labels: { prev: "Newer", next: "Older" },
        }}
      />
    </>
  );
}
