// Export details, for the requester, privacy admins and auditors (export.read_all): who asked, for what, which masks,
// the purpose, the approval, the build and its file hash, and its ledger history — the downloads and refused attempts
// included. A privacy admin other than the requester decides a waiting export here; the requester downloads or cancels.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { Badge, TierBadge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Person } from "@/components/data/person";
import { firstParam } from "@/components/data-table/table-href";
import { formatUtc } from "@/components/data/format";
import { requirePageUser } from "@/lib/auth/session";
import { AppError } from "@/lib/core/errors";
import { can } from "@/lib/core/permissions";
import { downloadLink } from "@/lib/exports/download-link";
import { exportTier } from "@/lib/exports/export-internals";
import { getExportDetails } from "@/lib/exports/get-export-details";
import { AutoRefresh } from "@/components/ui/auto-refresh";
import { BuildProgress, ExportStatusBadge } from "../export-status";
import { CancelForm, DecisionForm } from "./decision-form";

export const metadata: Metadata = { title: "Export" };

const NOTICES: Record<string, string> = {
  created: "Export requested.",
  approved: "Export approved: the build is queued.",
  denied: "Export denied; the requester has been told.",
  cancelled: "Export cancelled.",
};

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-[10rem_minmax(0,1fr)] gap-3 border-t border-slate-100 py-2 text-sm first:border-t-0">
      <dt className="text-slate-600">{label}</dt>
      <dd className="min-w-0 break-words text-slate-900">{children}</dd>
    </div>
  );
}

export default async function ExportPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePageUser();
  const { id } = await params;
  const sp = await searchParams;
  let details;
  try {
    details = await getExportDetails(user, id.slice(0, 100));
  } catch (err) {
    if (err instanceof AppError && err.code === "not_found") notFound();
    throw err;
  }
  const { export: exp, requester, decidedBy, history } = details;
  const mine = exp.requesterId === user.id;
  const notice = NOTICES[firstParam(sp.notice)];
  const moving = exp.status === "approved" || exp.status === "building";
  const fmt = (d: Date | null) => (d ? formatUtc(d) : "—");
  return (
    <>
      <PageHeader
        eyebrow={<Link href={mine ? "/exports" : can(user, "export.approve") ? "/exports/approvals" : "/exports"}>Exports</Link>}
        title={`Export ${exp.id}`}
        description={`${exp.datasetKey}@${exp.datasetVersion} · ${exp.format.toUpperCase()} · asked ${formatUtc(exp.createdAt)}`}
        actions={<ExportStatusBadge status={exp.status} />}
      />
      {moving ? <AutoRefresh everyMs={1000} /> : null}
      {notice ? (
        <Alert variant="success" className="mb-4">
          {notice}
        </Alert>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader title="Request" />
          <dl className="px-4 py-2">
            <Row label="Requester">
              <Person name={requester.name} email={requester.email} />
            </Row>
            <Row label="Dataset">
              <span className="font-mono">
                {exp.datasetKey}@{exp.datasetVersion}
              </span>{" "}
              <TierBadge tier={exportTier(exp.columns)} />
            </Row>
            <Row label="Purpose">{exp.purpose}</Row>
            <Row label="Filters">
              {Object.keys(exp.filters).length === 0
                ? "None (every row)"
                : Object.entries(exp.filters)
                    .map(([k, v]) => `${k} = ${v}`)
                    .join(" · ")}
            </Row>
            <Row label="Options">
              {exp.format === "csv" ? (exp.options.csvComment ? "CONFIDENTIAL comment line" : "No comment line") : "XLSX banner and header/footer"}
              {exp.options.exportIdColumn ? " · _export_id column" : ""}
            </Row>
            <Row label="Rows">
              about {exp.rowEstimate.toLocaleString("en-US")} at request (cap {exp.rowCap.toLocaleString("en-US")})
            </Row>
            <Row label="Policy">
              {exp.policyVersion} · access version {exp.accessVersion}
            </Row>
          </dl>
        </Card>
        <Card>
          <CardHeader title="Approval and build" />
          <dl className="px-4 py-2">
            <Row label="Approval">
              {exp.approvalRequired ? (
                <ul className="list-disc pl-4">
                  {exp.approvalReasons.map((r) => (
                    <li key={r}>{r}</li>
                  ))}
                </ul>
              ) : (
                "Not needed (nothing above Basic PII leaves in clear)"
              )}
            </Row>
            <Row label="Decided">
              {decidedBy ? (
                <>
                  <Person name={decidedBy.name} email={decidedBy.email} /> at {fmt(exp.decidedAt)}
                  {exp.decisionComment ? <span className="block text-slate-700">“{exp.decisionComment}”</span> : null}
                </>
              ) : (
                "—"
              )}
            </Row>
            <Row label="Build">
              {exp.status === "building" || (exp.status === "ready" && exp.rowsTotal !== null) ? (
                <BuildProgress written={exp.rowsWritten} total={exp.rowsTotal} />
              ) : null}
              {exp.buildStartedAt ? `started ${fmt(exp.buildStartedAt)}` : "not started"}
              {exp.buildAttempts > 1 ? ` · ${exp.buildAttempts} attempts` : ""}
              {exp.error ? <span className="block text-red-700">{exp.error}</span> : null}
            </Row>
            <Row label="File">
              {exp.fileName ? (
                <>
                  <span className="block font-mono text-xs" data-testid="file-name">
                    {exp.fileName}
                  </span>
                  <span className="block">
                    {exp.rowCount?.toLocaleString("en-US")} rows · {exp.fileBytes?.toLocaleString("en-US")} bytes · ready {fmt(exp.readyAt)}
                  </span>
                  <span className="block font-mono text-xs" data-testid="file-sha256">
                    sha256 {exp.fileSha256}
                  </span>
                  <span className="block">{exp.fileDeletedAt ? `deleted ${fmt(exp.fileDeletedAt)}` : `expires ${fmt(exp.expiresAt)}`}</span>
                </>
              ) : (
                "—"
              )}
            </Row>
          </dl>
          <div className="flex flex-col gap-3 border-t border-slate-200 p-4">
            {mine && exp.status === "ready" ? (
              <div className="flex flex-wrap gap-3">
                <a className="font-medium text-indigo-700 underline" href={downloadLink(exp.id, user.id).href} download>
                  Download {exp.format.toUpperCase()}
                </a>
                <a className="font-medium text-indigo-700 underline" href={downloadLink(exp.id, user.id, { zip: true }).href} download>
                  Download ZIP (with NOTICE and signed manifest)
                </a>
              </div>
            ) : null}
            {mine && ["draft", "pending_approval", "approved"].includes(exp.status) ? <CancelForm exportId={exp.id} /> : null}
            {!mine && exp.status === "pending_approval" && can(user, "export.approve") ? <DecisionForm exportId={exp.id} /> : null}
            {mine && exp.status === "pending_approval" ? (
              <p className="text-sm text-slate-600">Waiting for another privacy admin to decide.</p>
            ) : null}
          </div>
        </Card>
      </div>
      <Card className="mt-6">
        <CardHeader title="Columns" description="How each column leaves the file, frozen when the export was requested." />
        <table className="w-full text-left text-sm">
          <thead className="text-xs text-slate-600">
            <tr>
              <th className="px-4 py-2 font-medium">Column</th>
              <th className="px-4 py-2 font-medium">Tier</th>
              <th className="px-4 py-2 font-medium">Leaves</th>
              <th className="px-4 py-2 font-medium">Why</th>
            </tr>
          </thead>
          <tbody>
            {exp.columns.map((c) => (
              <tr key={c.name} className="border-t border-slate-100 align-top" data-column={c.name} data-treatment={c.treatment}>
                <td className="px-4 py-2">
                  {c.label} <span className="font-mono text-xs text-slate-500">{c.name}</span>
                </td>
                <td className="px-4 py-2">
                  <TierBadge tier={c.tier} />
                </td>
                <td className="px-4 py-2">
                  <Badge variant={c.treatment === "clear" ? "success" : c.treatment === "masked" ? "info" : "neutral"}>
                    {c.treatment === "masked" ? `masked (${c.rule})` : c.treatment}
                  </Badge>
                </td>
                <td className="px-4 py-2 text-xs text-slate-700">{c.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
      <Card className="mt-6">
        <CardHeader
          title="History"
          description="From the access ledger (record id = this export): the request, the decision, the build, every download and every refused attempt."
        />
        <table className="w-full text-left text-sm" data-testid="export-history">
          <thead className="text-xs text-slate-600">
            <tr>
              <th className="px-4 py-2 font-medium">Seq</th>
              <th className="px-4 py-2 font-medium">When (UTC)</th>
              <th className="px-4 py-2 font-medium">Action</th>
              <th className="px-4 py-2 font-medium">Decision</th>
              <th className="px-4 py-2 font-medium">Who</th>
            </tr>
          </thead>
          <tbody>
            {history.map((h) => (
              <tr key={h.seq} className="border-t border-slate-100" data-action={h.action}>
                <td className="px-4 py-2 tabular-nums">{can(user, "ledger.read") ? <Link href={`/ledger/${h.seq}`}>{h.seq}</Link> : h.seq}</td>
                <td className="px-4 py-2 tabular-nums">{formatUtc(h.occurredAt)}</td>
                <td className="px-4 py-2 font-mono text-xs">{h.action}</td>
                <td className="px-4 py-2">
                  <Badge variant={h.decision === "deny" ? "danger" : "neutral"}>{h.decision}</Badge>
                </td>
                <td className="px-4 py-2">
                  {h.actorEmail ?? (h.byRequester ? "you" : h.actorRole === "system" ? "Warden" : `someone else (${h.actorRole})`)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
    </>
  );
}
