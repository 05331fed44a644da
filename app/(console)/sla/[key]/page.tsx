// One SLA: its chart over a chosen range (24 h to 90 d, in the URL) judged under a chosen version, its breaches, the
// tile's figures, attainment under every version side by side, and the definition with all its versions.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { requirePagePermission } from "@/lib/auth/session";
import { now } from "@/lib/core/clock";
import { can } from "@/lib/core/permissions";
import { BUDGETING_LABELS, type SlaDefinitionView } from "@/lib/sla/types";
import type { SlaRange } from "@/lib/sla/views";
import { Alert } from "@/components/ui/alert";
import { Card, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { firstParam } from "@/components/data-table/table-href";
import { formatUtc } from "@/components/data/format";
import { DetailChart } from "@/components/sla/detail-chart";
import { TileFigures } from "@/components/sla/sla-tile";
import { SlaRefChip, SlaStatusBadge } from "@/components/sla/status";
import { formatAttainment, formatThreshold } from "@/components/sla/units";
import { buttonClassName } from "@/components/ui/button";
import { bucketMsOf, parseSlaKey, RANGE_LABELS, SLA_RANGES } from "../sla-key";
import { listConsoleUsers } from "@/lib/holds/matters/get-matter";
import { slaDetail } from "@/lib/sla/read/detail";

export const metadata: Metadata = { title: "SLA" };

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function SlaDetailPage({ params, searchParams }: { params: Promise<{ key: string }>; searchParams: Search }) {
  const user = await requirePagePermission("sla.read");
  const key = parseSlaKey((await params).key);
  if (!key) notFound();
  const sp = await searchParams;
  const rangeParam = firstParam(sp.range);
  const range: SlaRange = (SLA_RANGES as readonly string[]).includes(rangeParam) ? (rangeParam as SlaRange) : "30d";
  const versionParam = firstParam(sp.version);
  const version = /^[1-9]\d{0,5}$/.test(versionParam) ? Number(versionParam) : undefined;
  const at = now();
  const [detail, users] = await Promise.all([slaDetail(key, { range, version, at }), listConsoleUsers()]);
  if (!detail) notFound();
  const { def, tile, versions } = detail;
  const current = versions.find((v) => v.current) ?? versions[0];
  const viewingOld = def.version !== current.version;
  const mayEdit = can(user, "sla.manage");
  const href = (r: SlaRange, v?: number) => `/sla/${key}?range=${r}${v !== undefined && v !== current.version ? `&version=${v}` : ""}`;
  const bucketMs = bucketMsOf(range);
  const names = new Map(users.map((u) => [u.id, u.email]));
  const chartBreaches = detail.breaches.map((b) => ({
    from: b.from,
    to: b.to,
    label: `Breach ${formatUtc(b.from)} to ${formatUtc(b.to)}: ${b.reason}`,
  }));

  return (
    <>
      <PageHeader
        eyebrow={<Link href="/sla">SLAs</Link>}
        title={def.name}
        description={def.description}
        actions={
          <>
            <SlaRefChip refText={def.ref} />
            <SlaStatusBadge status={tile.status} />
            {mayEdit ? (
              <Link href={`/sla/${key}/edit`} className={buttonClassName({ size: "sm" })}>
                Edit (new version)
              </Link>
            ) : null}
          </>
        }
      />
      {firstParam(sp.notice) === "versioned" && !viewingOld ? (
        <Alert variant="success" className="mb-4">
          Saved: <strong>{current.ref}</strong> is the current version. Figures below are judged under it; earlier versions stay listed.
        </Alert>
      ) : null}
      {viewingOld ? (
        <Alert variant="info" className="mb-4">
          You are viewing the figures judged under <strong>{def.ref}</strong>. The current version is <Link href={href(range)}>{current.ref}</Link>.
        </Alert>
      ) : null}

      <div className="mb-4 flex flex-wrap items-center gap-x-6 gap-y-3">
        <Picker label="Range">
          {SLA_RANGES.map((r) => (
            <PickerLink key={r} href={href(r, def.version)} active={r === range}>
              {RANGE_LABELS[r]}
            </PickerLink>
          ))}
        </Picker>
        {versions.length > 1 ? (
          <Picker label="Judged under">
            {[...versions].reverse().map((v) => (
              <PickerLink key={v.version} href={href(range, v.version)} active={v.version === def.version}>
                @{v.version}
                {v.current ? " (current)" : ""}
              </PickerLink>
            ))}
          </Picker>
        ) : null}
      </div>

      <div className="mb-6 grid gap-4 lg:grid-cols-3">
        <Card as="section" aria-labelledby="sla-chart-title" className="lg:col-span-2">
          <CardHeader
            titleId="sla-chart-title"
            title={`Last ${RANGE_LABELS[range]}`}
            description={`${formatUtc(detail.range.from)} to ${formatUtc(detail.range.to)}, per ${bucketMs === 3_600_000 ? "hour" : "day"}${detail.breaches.length > 0 ? `; ${detail.breaches.length} breach${detail.breaches.length === 1 ? "" : "es"} shaded` : ""}.`}
          />
          <div className="p-4">
            {detail.series.some((p) => p.total > 0) ? (
              <DetailChart
                series={detail.series}
                bucketMs={bucketMs}
                unit={def.unit}
                target={def.target}
                threshold={def.threshold}
                breaches={chartBreaches}
                title={`${def.name} over the last ${RANGE_LABELS[range]}, judged under ${def.ref}`}
              />
            ) : (
              <EmptyState title="No observations in this range" description="Pick a longer range, or check that the platform reports this SLA." />
            )}
          </div>
        </Card>
        <Card as="section" aria-labelledby="sla-figures-title">
          <CardHeader titleId="sla-figures-title" title="Now" description={`Judged under ${def.ref}`} />
          <div className="p-4">
            <TileFigures tile={tile} at={at} />
          </div>
        </Card>
      </div>

      <Card as="section" aria-labelledby="sla-breaches-title" className="mb-6">
        <CardHeader titleId="sla-breaches-title" title="Breaches" description={`In the last ${RANGE_LABELS[range]}, newest first.`} />
        {detail.breaches.length === 0 ? (
          <EmptyState title="No breach in this range" description="The promise held in every bucket." />
        ) : (
          <SimpleTable head={["From", "To", "What broke"]} testId="sla-breaches">
            {detail.breaches.map((b) => (
              <tr key={b.from} data-breach-from={b.from}>
                <Td>
                  <time dateTime={b.from}>{formatUtc(b.from)}</time>
                </Td>
                <Td>
                  <time dateTime={b.to}>{formatUtc(b.to)}</time>
                </Td>
                <Td className="whitespace-normal">{b.reason}</Td>
              </tr>
            ))}
          </SimpleTable>
        )}
      </Card>

      <Card as="section" aria-labelledby="sla-by-version-title" className="mb-6">
        <CardHeader
          titleId="sla-by-version-title"
          title="Attainment by version"
          description="The same observations judged under every version of the definition, so an edit shows old and new side by side."
        />
        <SimpleTable head={["Version", "7 days", "30 days", "Status"]} testId="sla-by-version">
          {detail.byVersion.map((v) => (
            <tr key={v.version} data-version={v.version}>
              <Td>
                <SlaRefChip refText={v.ref} />
              </Td>
              <Td className="tabular-nums">{formatAttainment(v.attainment7d)}</Td>
              <Td className="tabular-nums">{formatAttainment(v.attainment30d)}</Td>
              <Td>
                <SlaStatusBadge status={v.status} />
              </Td>
            </tr>
          ))}
        </SimpleTable>
      </Card>

      <Card as="section" aria-labelledby="sla-definition-title" className="mb-6">
        <CardHeader
          titleId="sla-definition-title"
          title="Definition and versions"
          description={`${versions.length} version${versions.length === 1 ? "" : "s"}, newest first.`}
        />
        <SimpleTable head={["Version", "Target", "Threshold (warn)", "Window", "Method", "Zone", "Owner", "Changed", "Reason"]} testId="sla-versions">
          {versions.map((v) => (
            <VersionRow key={v.version} v={v} names={names} />
          ))}
        </SimpleTable>
      </Card>
    </>
  );
}

function VersionRow({ v, names }: { v: SlaDefinitionView; names: Map<string, string> }) {
  return (
    <tr data-version={v.version}>
      <Td>
        <span className="flex items-center gap-1.5">
          <SlaRefChip refText={v.ref} />
          {v.current ? <span className="text-xs text-slate-600">current</span> : null}
        </span>
      </Td>
      <Td className="tabular-nums">{`${Number((v.target * 100).toFixed(4))}%`}</Td>
      <Td className="tabular-nums">
        {formatThreshold(v.unit, v.threshold)}
        {v.warnThreshold !== null ? <span className="text-slate-600"> ({formatThreshold(v.unit, v.warnThreshold)})</span> : null}
      </Td>
      <Td>{v.windowDays === 1 ? "1 day" : `${v.windowDays} days`}</Td>
      <Td title={BUDGETING_LABELS[v.budgeting]}>{v.budgeting}</Td>
      <Td>{v.timeZone}</Td>
      <Td>
        {v.ownerTeam}
        {v.ownerId ? <span className="block text-xs text-slate-600">{names.get(v.ownerId) ?? v.ownerId}</span> : null}
      </Td>
      <Td>
        <time dateTime={v.createdAt.toISOString()}>{formatUtc(v.createdAt)}</time>
        <span className="block text-xs text-slate-600">{v.createdById ? (names.get(v.createdById) ?? v.createdById) : "seeded by migration"}</span>
      </Td>
      <Td className="min-w-48 whitespace-normal">{v.changeReason}</Td>
    </tr>
  );
}

function Picker({ label, children }: { label: string; children: ReactNode }) {
  return (
    <nav aria-label={label} className="flex items-center gap-2">
      <span className="text-sm text-slate-600">{label}</span>
      <ul className="inline-flex overflow-hidden rounded-md border border-slate-300 bg-white text-sm shadow-xs">{children}</ul>
    </nav>
  );
}

function PickerLink({ href, active, children }: { href: string; active: boolean; children: ReactNode }) {
  return (
    <li className="border-l border-slate-300 first:border-l-0">
      <Link
        href={href}
        aria-current={active ? "page" : undefined}
        className={cn("block px-3 py-1.5 font-medium", active ? "bg-indigo-600 text-white" : "text-slate-700 hover:bg-slate-50")}
      >
        {children}
      </Link>
    </li>
  );
}

function SimpleTable({ head, children, testId }: { head: string[]; children: ReactNode; testId: string }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid={testId}>
        <thead className="bg-slate-50 text-xs text-slate-600">
          <tr>
            {head.map((h) => (
              <th key={h} scope="col" className="whitespace-nowrap px-4 py-2 font-medium">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </div>
  );
}

function Td({ children, className, title }: { children: ReactNode; className?: string; title?: string }) {
  return (
    <td title={title} className={cn("whitespace-nowrap px-4 py-2 align-top text-slate-800", className)}>
      {children}
    </td>
  );
}
