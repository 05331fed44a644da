// One ledger entry: the full record, its neighbours in the chain, why it was masked or denied (policy version,
// column verdicts, the actor's grants in force then, reconstructed), and the payload (ids and hashes only).
import type { Metadata } from "next";
import { cookies } from "next/headers";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { Instant, viewerClock, TZ_COOKIE } from "@/components/ledger/instant";
import { TierPair } from "@/components/ledger/tier-pair";
import { Badge } from "@/components/ui/badge";
import { buttonClassName } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requirePagePermission } from "@/lib/auth/session";
import { EntryProof } from "@/components/ledger/entry-proof";
import { dbTarget } from "@/lib/db/client";
import { getLedgerEntry } from "@/lib/ledger/get-ledger-entry";
import { entryProofView } from "@/lib/ledger/proofs";

export const metadata: Metadata = { title: "Ledger entry" };

const DECISION_VARIANT = { allow: "success", mask: "warning", deny: "danger" } as const;

export default async function LedgerEntryPage({ params }: { params: Promise<{ seq: string }> }) {
  const user = await requirePagePermission("ledger.read");
  const { seq } = await params;
  if (!/^\d{1,16}$/.test(seq)) notFound();
  const detail = await getLedgerEntry(user, seq);
  if (!detail) notFound();
  const { entry: e, grants } = detail;
  const clock = viewerClock((await cookies()).get(TZ_COOKIE)?.value);
  const payload = parsePayload(e.payload);
  const proof = await entryProofView(dbTarget(), e.seq);

  return (
    <>
      <PageHeader
        eyebrow={
          <Link href="/ledger" className="hover:underline">
            ← Access ledger
          </Link>
        }
        title={<span className="font-mono">Entry #{e.seq}</span>}
        description={
          <>
            <span className="font-mono">{e.action}</span> · <Instant iso={e.occurredAt} clock={clock} />
          </>
        }
        actions={
          <nav aria-label="Neighbouring entries" className="flex gap-2">
            {detail.prevSeq !== null ? (
              <Link href={`/ledger/${detail.prevSeq}`} rel="prev" prefetch={false} className={buttonClassName({ variant: "secondary", size: "sm" })}>
                ← #{detail.prevSeq}
              </Link>
            ) : null}
            {detail.nextSeq !== null ? (
              <Link href={`/ledger/${detail.nextSeq}`} rel="next" prefetch={false} className={buttonClassName({ variant: "secondary", size: "sm" })}>
                #{detail.nextSeq} →
              </Link>
            ) : null}
          </nav>
        }
      />
      <div className="grid gap-4 lg:grid-cols-2">
        <Card>
          <h2 className="border-b border-slate-100 px-4 py-2 text-sm font-semibold text-slate-900">The record</h2>
          <Facts
            items={[
              [
                "Seq",
                <span key="s" className="font-mono">
                  #{e.seq}
                </span>,
              ],
              ["Occurred", <Instant key="t" iso={e.occurredAt} clock={clock} stacked />],
              [
                "Actor",
                <span key="a" data-testid="detail-actor">
                  {detail.actorEmail ?? e.actorId ?? "system"}
                  {e.actorId ? <span className="block font-mono text-xs text-slate-500">{e.actorId}</span> : null}
                </span>,
              ],
              ["Role", e.actorRole],
              [
                "Action",
                <span key="ac" className="font-mono">
                  {e.action}
                </span>,
              ],
              ["Purpose", e.purpose || "—"],
              [
                "Resource",
                <span key="r" className="font-mono wrap-anywhere">
                  {e.resource}
                </span>,
              ],
              [
                "Record id",
                e.recordId ? (
                  <Link key="rid" className="font-mono text-indigo-700 hover:underline" href={`/ledger?record=${encodeURIComponent(e.recordId)}`}>
                    {e.recordId}
                  </Link>
                ) : (
                  "—"
                ),
              ],
              [
                "Decision",
                <span key="d" data-decision={e.decision}>
                  <Badge variant={DECISION_VARIANT[e.decision] ?? "neutral"}>{e.decision}</Badge>
                </span>,
              ],
              ["Tiers", <TierPair key="tp" entry={e} />],
              ["Rows", String(e.rowCount)],
              [
                "Request id",
                <Link key="req" className="font-mono text-indigo-700 hover:underline" href={`/ledger?request=${encodeURIComponent(e.requestId)}`}>
                  {e.requestId}
                </Link>,
              ],
              ["IP hash", <Mono key="ip" v={e.ipHash} />],
              ["User agent hash", <Mono key="ua" v={e.uaHash} />],
              ["Payload hash", <Mono key="ph" v={e.payloadHash} />],
              ["Previous hash", <Mono key="prev" v={e.prevHash} />],
              ["Entry hash", <Mono key="eh" v={e.entryHash} />],
            ]}
          />
        </Card>
        <div className="flex flex-col gap-4">
          <Card>
            <h2 className="border-b border-slate-100 px-4 py-2 text-sm font-semibold text-slate-900">Why was this masked or denied</h2>
            <Facts
              items={[
                [
                  "Policy version",
                  <span key="pv" className="font-mono">
                    {e.policyVersion}
                  </span>,
                ],
                ["Shown in clear", <ColumnList key="c" names={e.columnsShown} testId="columns-shown" />],
                ["Masked", <ColumnList key="m" names={e.columnsMasked} testId="columns-masked" />],
                ["Withheld", <ColumnList key="w" names={e.columnsDenied} testId="columns-withheld" />],
              ]}
            />
            <div className="border-t border-slate-100 px-4 py-3 text-sm" data-testid="grants-in-force">
              <h3 className="font-medium text-slate-800">Grants in force then (reconstructed)</h3>
              <p className="mb-2 text-xs text-slate-500">
                Rebuilt from the grants table: the actor&apos;s grants whose window held this moment and that cover this dataset. The entry itself
                records the columns&apos; verdicts, not the grants; a grant changed since would change this list.
              </p>
              {grants === null ? (
                <p className="text-slate-600">Not a dataset read by a console user: no grants apply.</p>
              ) : grants.length === 0 ? (
                <p className="text-slate-600">None: the actor held no grant covering this dataset at that moment.</p>
              ) : (
                <ul className="grid gap-1">
                  {grants.map((g) => (
                    <li key={g.id} className="flex flex-wrap gap-x-2">
                      <span className="font-mono">{g.id}</span>
                      <span>{g.scope}</span>
                      <span className="text-slate-500">
                        {g.source}, {g.activatedAt.slice(0, 16).replace("T", " ")} → {(g.endedAt ?? g.expiresAt).slice(0, 16).replace("T", " ")} UTC
                        {g.datasets ? `, limited to ${g.datasets.join(", ")}` : ""}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </Card>
          <Card>
            <h2 className="border-b border-slate-100 px-4 py-2 text-sm font-semibold text-slate-900">Payload</h2>
            {payload === null ? (
              <p className="px-4 py-3 text-sm text-slate-600">
                {e.payload === null ? "No payload." : "The stored payload is not valid JSON (verify reports it)."}
              </p>
            ) : (
              <Facts
                items={Object.entries(payload).map(([k, v]) => [
                  k,
                  <span key={k} className="font-mono text-xs wrap-anywhere">
                    {typeof v === "string" ? v : JSON.stringify(v)}
                  </span>,
                ])}
              />
            )}
          </Card>
          <EntryProof proof={proof} />
        </div>
      </div>
    </>
  );
}

function Facts({ items }: { items: Array<[string, ReactNode]> }) {
  return (
    <dl className="divide-y divide-slate-100 text-sm">
      {items.map(([k, v]) => (
        <div key={k} className="grid gap-1 px-4 py-2 sm:grid-cols-[9rem_minmax(0,1fr)]">
          <dt className="text-slate-500">{k}</dt>
          <dd className="min-w-0 text-slate-900">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function Mono({ v }: { v: string | null }) {
  return v ? <span className="font-mono text-xs break-all">{v}</span> : <span className="text-slate-500">—</span>;
}

function ColumnList({ names, testId }: { names: readonly string[]; testId: string }) {
  return (
    <span data-testid={testId} className="font-mono text-xs wrap-anywhere">
      {names.length ? names.join(", ") : "none"}
    </span>
  );
}

function parsePayload(json: string | null): Record<string, unknown> | null {
  if (json === null) return null;
  try {
    const v = JSON.parse(json);
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };
  } catch {
    return null;
  }
}
