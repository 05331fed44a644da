// One person's record, every column gated. Opening it is a restricted read with a required purpose.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { GatedCellView, type CellKind } from "@/components/data/cell";
import { Alert } from "@/components/ui/alert";
import { TierBadge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { firstParam } from "@/components/data-table/table-href";
import { requirePagePermission } from "@/lib/auth/session";
import { currentRequestMeta } from "@/lib/auth/current-request-meta";
import { toErrorResponse } from "@/lib/core/errors";
import { getPerson } from "@/lib/people/get-person";
import type { GatedResult } from "@/lib/access/types";
import { PurposeForm } from "./purpose-form";

export const metadata: Metadata = { title: "Person" };

const KINDS: Record<string, CellKind> = { person_id: "id", payout_1099_cents: "cents", created_at: "datetime" };

export default async function PersonPage({
  params,
  searchParams,
}: {
  params: Promise<{ personId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePagePermission("people.read");
  const { personId } = await params;
  const sp = await searchParams;
  const purpose = firstParam(sp.purpose);

  if (!purpose.trim()) {
    return (
      <>
        <PageHeader title="Open a person's record" eyebrow="marketplace.people@1" description="Say why you need this record. The purpose is recorded in the access ledger with the look-up." />
        <PurposeForm personId={personId} />
      </>
    );
  }

  let result: GatedResult;
  try {
    result = await getPerson(user, { personId, purpose }, await currentRequestMeta());
  } catch (err) {
    const { status, body } = toErrorResponse(err);
    if (status === 404) notFound();
    return (
      <>
        <PageHeader title="Open a person's record" eyebrow="marketplace.people@1" />
        {status === 422 && body.error.field === "purpose" ? (
          <PurposeForm personId={personId} error={body.error.message.replace(/^\w+: /, "")} defaultValue={purpose} />
        ) : (
          <Alert variant={status === 403 ? "warning" : "error"} title={status === 422 ? "That is not a person id" : "Could not open this record"}>
            {body.error.message}
          </Alert>
        )}
      </>
    );
  }

  const row = result.rows[0];
  const name = row.cells.full_name;
  const counts = { clear: 0, masked: 0, withheld: 0 };
  for (const c of result.columns) counts[c.decision]++;

  return (
    <>
      <PageHeader
        eyebrow={
          <Link href="/people" className="hover:underline">
            ← People · {result.dataset}
          </Link>
        }
        title={name.state === "clear" ? String(name.value) : <span className="font-mono">{row.id}</span>}
        description={
          <>
            Purpose: <q>{purpose}</q> · recorded as ledger entry{" "}
            <span className="font-mono tabular-nums" data-testid="ledger-seq">#{result.ledgerSeq}</span>
          </>
        }
      />
      <p className="mb-4 text-sm text-slate-600" data-testid="decision-summary">
        {counts.clear} shown in clear · {counts.masked} masked · {counts.withheld} withheld
      </p>
      <Card>
        <dl className="divide-y divide-slate-100">
          {result.columns.map((c) => (
            <div key={c.name} className="grid gap-1 px-4 py-3 sm:grid-cols-[14rem_1fr_auto] sm:items-center sm:gap-4" data-field={c.name}>
              <dt className="text-sm font-medium text-slate-700">{c.label}</dt>
              <dd className="min-w-0 text-sm text-slate-900">
                <GatedCellView cell={row.cells[c.name]} column={c.name} kind={KINDS[c.name] ?? "text"} />
              </dd>
              <dd className="sm:justify-self-end">
                <TierBadge tier={c.tier} />
              </dd>
            </div>
          ))}
        </dl>
      </Card>
    </>
  );
}
