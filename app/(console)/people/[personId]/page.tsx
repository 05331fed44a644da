// One person's record, every column gated. Opening it is a restricted read with a required purpose, POSTed from
// the purpose form (or a search result); the record is then shown from its sealed snapshot (?v=viw_…), so a reload
// shows the same record without reading it again.
import type { Metadata } from "next";
import Link from "next/link";
import { GatedCellView, type CellKind } from "@/components/data/cell";
import { HoldNotice } from "@/components/holds/hold-notice";
import { Alert } from "@/components/ui/alert";
import { TierBadge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { firstParam } from "@/components/data-table/table-href";
import { loadViewSnapshot, SNAPSHOT_ID_PATTERN } from "@/lib/access/view-snapshots";
import { RecordLookers } from "@/components/ledger/record-lookers";
import { requirePagePermission } from "@/lib/auth/session";
import { can } from "@/lib/core/permissions";
import { setResponseStatus } from "@/lib/http/response-status";
import { activeHoldsForSubject } from "@/lib/holds/subject-holds";
import { findLedgerEntries } from "@/lib/ledger/find-ledger-entries";
import type { PersonRecordSnapshot, SearchSnapshot } from "@/lib/people/snapshots";
import { PERSON_ID_PATTERN } from "@/lib/warehouse/schema";
import { EMPTY_OPEN } from "../form-state";
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
  const raw = (await params).personId;
  const sp = await searchParams;
  const personId = raw.trim().toLowerCase();
  const from = firstParam(sp.from);
  const fromSearch = SNAPSHOT_ID_PATTERN.test(from) ? from : undefined;
  const back = (
    <Link href={fromSearch ? `/people?s=${fromSearch}` : "/people"} className="hover:underline">
      ← {fromSearch ? "Back to the results" : "People"} · marketplace.people@1
    </Link>
  );

  if (!PERSON_ID_PATTERN.test(personId)) {
    setResponseStatus(422);
    return (
      <>
        <PageHeader title="That is not a person id" eyebrow={back} />
        <Alert variant="warning" title="Check the address">
          A person id looks like <code className="font-mono">usr_</code> followed by letters and digits, for example{" "}
          <code className="font-mono">usr_8h2kq4m9xa1c</code>. Search by name or id on the People page.
        </Alert>
      </>
    );
  }

  // Who looked at this person: for readers of the ledger only (privacy admins); ids only, no personal data.
  const lookers = can(user, "ledger.read") ? (
    <RecordLookers recordId={personId} page={await findLedgerEntries(user, { record: personId, limit: 10 })} />
  ) : null;

  // Whether a legal hold keeps this person's records: for those allowed to see matters (holds.read).
  const holdNotice = can(user, "holds.read") ? <HoldNotice holds={await activeHoldsForSubject(personId)} /> : null;

  const viewId = firstParam(sp.v);
  const snapshot = viewId ? await loadViewSnapshot<PersonRecordSnapshot>(user.id, "people.record", viewId) : null;
  const record = snapshot && snapshot.value.result.rows[0]?.id === personId ? snapshot.value : null;
  if (!record || !snapshot) {
    if (viewId) setResponseStatus(404);
    const search = fromSearch ? await loadViewSnapshot<SearchSnapshot>(user.id, "people.search", fromSearch) : null;
    return (
      <>
        <PageHeader
          title="Open a person's record"
          eyebrow={back}
          description="Say why you need this record. The purpose is recorded in the access ledger with the look-up."
        />
        {holdNotice}
        {viewId ? (
          <Alert variant="info" title="This view is no longer available" className="mb-4 max-w-xl">
            A record stays on screen for a few minutes, for you only. Open it again to see it; that is recorded in the access ledger.
          </Alert>
        ) : null}
        <p className="mb-4 text-sm text-slate-700">
          Person <span className="font-mono">{personId}</span>
        </p>
        <PurposeForm personId={personId} from={fromSearch} initial={{ ...EMPTY_OPEN, purpose: search?.value.purpose ?? "" }} />
        {lookers}
      </>
    );
  }

  const { result, purpose } = record;
  const row = result.rows[0];
  const name = row.cells.full_name;
  const counts = { clear: 0, masked: 0, withheld: 0 };
  for (const c of result.columns) counts[c.decision]++;

  return (
    <>
      <PageHeader
        eyebrow={back}
        title={name.state === "clear" ? String(name.value) : <span className="font-mono">{row.id}</span>}
        description={
          <>
            Purpose: <q>{purpose}</q> · recorded as ledger entry{" "}
            <span className="font-mono tabular-nums" data-testid="ledger-seq">
              #{snapshot.ledgerSeq}
            </span>
          </>
        }
      />
      {holdNotice}
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
      {lookers}
    </>
  );
}
