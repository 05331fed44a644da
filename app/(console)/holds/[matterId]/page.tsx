// One matter (holds.read): its details, custodians with their acknowledgement times, and its holds with their
// targets, state, the records each protects now and who moved it. Privacy admins (holds.manage) edit and close the
// matter, name custodians, place holds, activate them and release them: two of them, one asks and another confirms.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { Badge, RoleBadge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Person } from "@/components/data/person";
import { formatNumber, formatUtc } from "@/components/data/format";
import { firstParam } from "@/components/data-table/table-href";
import { requirePagePermission } from "@/lib/auth/session";
import { AppError } from "@/lib/core/errors";
import { can, type Role } from "@/lib/core/permissions";
import { describeHoldTarget } from "@/lib/holds/holds/check-hold-targets";
import { RECORDS_PROTECTED_CAP } from "@/lib/holds/holds/records-protected";
import { getMatterDetails, listConsoleUsers, type HoldDetails } from "@/lib/holds/matters/get-matter";
import { WAREHOUSE_DATASETS } from "@/lib/warehouse/datasets";
import { HoldForm } from "../hold-form";
import { HoldStatusBadge, MatterStatusBadge } from "../hold-status";
import { MatterForm } from "../matter-form";
import { AddCustodianForm, DecideReleaseForm, ReasonForm, RemoveCustodianForm } from "../reason-forms";

export const metadata: Metadata = { title: "Legal matter" };

const NOTICES: Record<string, string> = {
  created: "Matter opened. Place its holds and name its custodians below.",
  updated: "Matter saved.",
  unchanged: "Nothing changed.",
  closed: "Matter closed.",
  custodian_added: "Custodian added; their legal hold notice is in their inbox.",
  custodian_removed: "Custodian removed.",
  hold_created: "Hold created as a draft: it protects nothing until it is activated.",
  targets_changed: "Targets saved.",
  activated: "Hold active: from now on the purge keeps everything it targets.",
  release_requested: "Release requested: another privacy admin must confirm it. The hold stays active until then.",
  released: "Hold released: the purge may delete its records once their retention has passed.",
  release_rejected: "Release rejected: the hold stays active.",
};

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-[10rem_minmax(0,1fr)] gap-3 border-t border-slate-100 py-2 text-sm first:border-t-0">
      <dt className="text-slate-600">{label}</dt>
      <dd className="min-w-0 break-words text-slate-900">{children}</dd>
    </div>
  );
}

function By({ who, at, reason }: { who: { name: string; email: string } | null; at: Date | null; reason?: string | null }) {
  if (!at) return <>—</>;
  return (
    <span className="flex flex-col gap-0.5">
      <span>
        {who ? `${who.name} (${who.email})` : "—"} · {formatUtc(at)}
      </span>
      {reason ? <span className="text-slate-700">“{reason}”</span> : null}
    </span>
  );
}

function Protected({ hold }: { hold: HoldDetails }) {
  if (!hold.protected) return <>None (released)</>;
  if (hold.protected.length === 0) return <>No record matches its targets now</>;
  return (
    <ul className="flex flex-col gap-0.5" data-testid="records-protected">
      {hold.protected.map((p) => (
        <li key={p.dataset} data-dataset={p.dataset} data-count={p.count} data-capped={p.capped || undefined}>
          <span className="tabular-nums">{p.capped ? `more than ${formatNumber(RECORDS_PROTECTED_CAP)}` : formatNumber(p.count)}</span>{" "}
          <span className="font-mono text-xs">{p.dataset}</span>
        </li>
      ))}
      {hold.status === "draft" ? <li className="text-xs text-slate-600">Counted as if active: a draft protects nothing yet.</li> : null}
    </ul>
  );
}

export default async function MatterPage({
  params,
  searchParams,
}: {
  params: Promise<{ matterId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePagePermission("holds.read");
  const { matterId } = await params;
  const sp = await searchParams;
  let m;
  try {
    m = await getMatterDetails(user, matterId);
  } catch (err) {
    if (err instanceof AppError && err.code === "not_found") notFound();
    throw err;
  }
  const manage = can(user, "holds.manage");
  const open = m.status === "open";
  const users = manage ? await listConsoleUsers() : [];
  const custodianIds = new Set(m.custodians.map((c) => c.id));
  const notice = NOTICES[firstParam(sp.notice)];
  const datasets = Object.keys(WAREHOUSE_DATASETS);
  const active = m.holds.filter((h) => h.status === "active");

  return (
    <>
      <PageHeader
        eyebrow={<Link href="/holds">Legal holds</Link>}
        title={m.name}
        description={`${m.legalReference} · opened ${formatUtc(m.createdAt)}`}
        actions={<MatterStatusBadge status={m.status} />}
      />
      {notice ? (
        <Alert variant="success" className="mb-4">
          {notice}
        </Alert>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader title="Matter" />
          <dl className="px-4 py-2">
            <Row label="Legal reference">{m.legalReference}</Row>
            <Row label="Owner">
              <Person name={m.owner.name} email={m.owner.email} />
            </Row>
            <Row label="Description">{m.description || "—"}</Row>
            <Row label="Holds">
              {active.length} active of {m.holds.length}
            </Row>
            {m.closedAt ? (
              <Row label="Closed">
                <By who={m.closedBy} at={m.closedAt} reason={m.closeReason} />
              </Row>
            ) : null}
          </dl>
          {manage && open ? (
            <div className="flex flex-col gap-4 border-t border-slate-200 p-4">
              <details>
                <summary className="cursor-pointer text-sm font-medium text-indigo-700 hover:underline">Edit the matter</summary>
                <div className="pt-3">
                  <MatterForm
                    users={users}
                    matter={{ id: m.id, name: m.name, legalReference: m.legalReference, description: m.description, ownerId: m.owner.id }}
                  />
                </div>
              </details>
              <details>
                <summary className="cursor-pointer text-sm font-medium text-indigo-700 hover:underline">Close the matter</summary>
                <div className="pt-3">
                  {active.length > 0 ? (
                    <p className="mb-3 text-sm text-amber-800">
                      {active.length === 1 ? "One hold is" : `${active.length} holds are`} still active: release {active.length === 1 ? "it" : "them"}{" "}
                      first.
                    </p>
                  ) : null}
                  <ReasonForm
                    kind="close"
                    matterId={m.id}
                    label="Why close it"
                    button="Close the matter"
                    variant="danger"
                    hint="Recorded in the access ledger. No personal data."
                  />
                </div>
              </details>
            </div>
          ) : null}
        </Card>
        <Card as="section" aria-labelledby="custodians">
          <CardHeader
            title="Custodians"
            titleId="custodians"
            description="People told to preserve what this matter concerns. Each gets a notice in their inbox and acknowledges it."
          />
          {m.custodians.length === 0 ? (
            <p className="px-4 py-3 text-sm text-slate-600">No custodian named yet.</p>
          ) : (
            <table className="w-full text-left text-sm" data-testid="custodians">
              <thead className="text-xs text-slate-600">
                <tr>
                  <th className="px-4 py-2 font-medium">Custodian</th>
                  <th className="px-4 py-2 font-medium">Added (UTC)</th>
                  <th className="px-4 py-2 font-medium">Acknowledged (UTC)</th>
                  {manage ? (
                    <th className="px-4 py-2 font-medium">
                      <span className="sr-only">Actions</span>
                    </th>
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {m.custodians.map((c) => (
                  <tr key={c.id} className="border-t border-slate-100 align-top" data-custodian={c.email}>
                    <td className="px-4 py-2">
                      <Person name={c.name} email={c.email} />
                      <RoleBadge role={c.role as Role} className="mt-1" />
                    </td>
                    <td className="px-4 py-2 tabular-nums">{formatUtc(c.addedAt)}</td>
                    <td className="px-4 py-2 tabular-nums" data-acknowledged={c.acknowledgedAt ? "yes" : "no"}>
                      {c.acknowledgedAt ? formatUtc(c.acknowledgedAt) : <Badge variant="warning">Not yet</Badge>}
                    </td>
                    {manage ? (
                      <td className="px-4 py-2 text-right">
                        <RemoveCustodianForm matterId={m.id} userId={c.id} name={c.name} />
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {manage && open ? (
            <div className="border-t border-slate-200 p-4">
              <AddCustodianForm matterId={m.id} users={users.filter((u) => !custodianIds.has(u.id))} />
            </div>
          ) : null}
        </Card>
      </div>

      <h2 className="mt-8 mb-3 text-base font-semibold text-slate-900">Holds</h2>
      {m.holds.length === 0 ? <p className="text-sm text-slate-600">No hold in this matter yet.</p> : null}
      <div className="flex flex-col gap-6">
        {m.holds.map((h) => {
          const requested = h.status === "active" && h.releaseRequestedBy !== null;
          return (
            <Card key={h.id} as="section" className="scroll-mt-4" aria-labelledby={`${h.id}-title`}>
              <div id={h.id} data-hold-id={h.id} data-hold-name={h.name}>
                <CardHeader
                  title={h.name}
                  titleId={`${h.id}-title`}
                  description={`${h.id} · version ${h.version}`}
                  actions={<HoldStatusBadge status={h.status} releaseRequested={requested} />}
                />
                <dl className="px-4 py-2">
                  <Row label="Targets">
                    <ul className="flex flex-col gap-0.5" data-testid="hold-targets">
                      {h.targets.map((t, i) => (
                        <li key={i} className="font-mono text-xs" data-target-kind={t.kind}>
                          {describeHoldTarget(t)}
                        </li>
                      ))}
                    </ul>
                  </Row>
                  <Row label="Records protected">
                    <Protected hold={h} />
                  </Row>
                  <Row label="Created">
                    <By who={h.createdBy} at={h.createdAt} />
                  </Row>
                  <Row label="Activated">
                    <By who={h.activatedBy} at={h.activatedAt} reason={h.activationReason} />
                  </Row>
                  {h.releaseRequestedAt ? (
                    <Row label="Release asked">
                      <By who={h.releaseRequestedBy} at={h.releaseRequestedAt} reason={h.releaseReason} />
                    </Row>
                  ) : null}
                  {h.releasedAt ? (
                    <Row label="Released">
                      <By who={h.releasedBy} at={h.releasedAt} />
                    </Row>
                  ) : null}
                </dl>
                {manage ? <HoldActions matterId={m.id} matterOpen={open} hold={h} viewerId={user.id} datasets={datasets} /> : null}
              </div>
            </Card>
          );
        })}
      </div>
      {manage && open ? (
        <Card className="mt-8">
          <CardHeader title="Place a hold" description="One or more targets of any kinds. The hold starts as a draft; activate it with a reason." />
          <div className="p-4">
            <HoldForm matterId={m.id} datasets={datasets} />
          </div>
        </Card>
      ) : null}
    </>
  );
}

function HoldActions({
  matterId,
  matterOpen,
  hold,
  viewerId,
  datasets,
}: {
  matterId: string;
  matterOpen: boolean;
  hold: HoldDetails;
  viewerId: string;
  datasets: string[];
}) {
  if (hold.status === "draft" && matterOpen) {
    return (
      <div className="flex flex-col gap-4 border-t border-slate-200 p-4">
        <ReasonForm
          kind="activate"
          matterId={matterId}
          holdId={hold.id}
          label="Why activate it"
          button="Activate the hold"
          hint="Recorded in the access ledger. No personal data."
        />
        <details>
          <summary className="cursor-pointer text-sm font-medium text-indigo-700 hover:underline">Change the targets</summary>
          <div className="pt-3">
            <HoldForm
              matterId={matterId}
              datasets={datasets}
              hold={{
                id: hold.id,
                name: hold.name,
                targets: hold.targets.map((t) => (t.kind === "date_range" ? t : { ...t, fromDay: "", toDay: "" })),
              }}
            />
          </div>
        </details>
      </div>
    );
  }
  if (hold.status !== "active") return null;
  if (!hold.releaseRequestedBy) {
    return (
      <div className="border-t border-slate-200 p-4">
        <ReasonForm
          kind="release"
          matterId={matterId}
          holdId={hold.id}
          label="Why release it"
          button="Ask to release the hold"
          variant="secondary"
          hint="Another privacy admin must confirm; the hold stays active until then. Recorded in the access ledger."
        />
      </div>
    );
  }
  if (hold.releaseRequestedBy.id === viewerId) {
    return (
      <p className="border-t border-slate-200 p-4 text-sm text-slate-600">
        You asked to release this hold: another privacy admin must confirm or reject it.
      </p>
    );
  }
  return (
    <div className="border-t border-slate-200 p-4">
      <DecideReleaseForm matterId={matterId} holdId={hold.id} />
    </div>
  );
}
