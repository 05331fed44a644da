// A custodian's legal hold notice (any role: a custodian is named on the matter, not by a permission). Only that
// custodian sees it and acknowledges it here; the time is recorded and ledgered. Viewers with holds.read who are not
// custodians are sent to the matter's page, where every custodian's acknowledgement shows; anyone else gets a 404, so
// nobody learns of a matter through this address.
import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { formatUtc } from "@/components/data/format";
import { firstParam } from "@/components/data-table/table-href";
import { requirePageUser } from "@/lib/auth/session";
import { can } from "@/lib/core/permissions";
import { MATTER_ID } from "@/lib/holds/holds-internals";
import { getCustodianNotice } from "@/lib/holds/matters/get-matter";
import { AcknowledgeForm } from "../../reason-forms";

export const metadata: Metadata = { title: "Legal hold notice" };

export default async function AcknowledgePage({
  params,
  searchParams,
}: {
  params: Promise<{ matterId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePageUser();
  const { matterId } = await params;
  const sp = await searchParams;
  const notice = await getCustodianNotice(user.id, matterId);
  if (!notice) {
    if (can(user, "holds.read") && MATTER_ID.test(matterId)) redirect(`/holds/${matterId}#custodians`);
    notFound();
  }
  return (
    <>
      <PageHeader
        eyebrow="Legal hold notice"
        title={notice.name}
        description={`${notice.legalReference} · owner ${notice.ownerName} · you were named custodian ${formatUtc(notice.addedAt)}`}
      />
      {firstParam(sp.notice) === "acknowledged" ? (
        <Alert variant="success" className="mb-4">
          Thank you: your acknowledgement is recorded.
        </Alert>
      ) : null}
      <Card className="max-w-3xl">
        <CardHeader title="What this means for you" />
        <div className="flex flex-col gap-3 p-4 text-sm text-slate-800">
          <p>
            You are a custodian of this legal matter. Until the privacy team tells you the hold is lifted, preserve every document, message and record
            you hold that concerns it: do not delete, alter or move them, and suspend any routine clean-up of them.
          </p>
          {notice.description ? <p className="whitespace-pre-line text-slate-700">{notice.description}</p> : null}
          {notice.status === "closed" ? <p className="text-slate-600">This matter has since been closed.</p> : null}
          {notice.acknowledgedAt ? (
            <p data-testid="acknowledged-at">
              You acknowledged this notice on <span className="tabular-nums">{formatUtc(notice.acknowledgedAt)}</span>.
            </p>
          ) : (
            <AcknowledgeForm matterId={notice.matterId} />
          )}
        </div>
      </Card>
    </>
  );
}
