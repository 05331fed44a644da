// Grants: who holds what until when, for auditors and privacy admins (grant.read_all). Filters, sort and the page
// are the URL; each row opens the grant, where a privacy admin revokes it with a reason.
import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { buttonClassName } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { PageHeader } from "@/components/ui/page-header";
import { firstParam, tableHref } from "@/components/data-table/table-href";
import { requirePagePermission } from "@/lib/auth/session";
import { now } from "@/lib/core/clock";
import { toErrorResponse } from "@/lib/core/errors";
import { can } from "@/lib/core/permissions";
import { SCOPES, TIER_LABELS } from "@/lib/core/tiers";
import { setResponseStatus } from "@/lib/http/response-status";
import { listGrants, ZGrantsQuery, type GrantsPage } from "@/lib/scopes/list-grants";
import { GRANT_SOURCES, GRANT_STATUSES } from "@/lib/scopes/vocabulary";
import { SOURCE_LABELS } from "./grant-cells";
import { GrantsTable, type GrantRow } from "./grants-table";

export const metadata: Metadata = { title: "Grants" };

const PAGE_SIZE = 50;
const FILTERS = ["tier", "status", "source", "holder", "expiringWithinHours", "sort", "dir", "cursor"] as const;
const STATUS_LABELS: Record<(typeof GRANT_STATUSES)[number] | "all", string> = {
  active: "Active",
  expired: "Expired",
  revoked: "Revoked",
  relinquished: "Given back",
  all: "Any status",
};
const EXPIRING = [
  { value: "", label: "Any time" },
  { value: "1", label: "Within 1 hour" },
  { value: "24", label: "Within 24 hours" },
  { value: "168", label: "Within 7 days" },
];

export default async function GrantsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePagePermission("grant.read_all");
  const sp = await searchParams;
  const raw = Object.fromEntries(FILTERS.map((f) => [f, firstParam(sp[f])]));
  const query = ZGrantsQuery.safeParse(raw);

  let page: GrantsPage | null = null;
  let problem: string | null = null;
  if (query.success) page = await listGrants(user, { ...query.data, limit: PAGE_SIZE });
  else {
    setResponseStatus(422);
    problem = toErrorResponse(query.error).body.error.message;
  }
  const q = query.success ? query.data : ZGrantsQuery.parse({});
  const at = now().toISOString();
  const rows: GrantRow[] = (page?.rows ?? []).map((g) => ({
    id: g.id,
    holderEmail: g.holder.email,
    holderName: g.holder.name,
    scope: g.scope,
    status: g.status,
    source: g.source,
    datasets: g.datasets,
    reason: g.reason,
    activatedAt: g.activatedAt.toISOString(),
    expiresAt: g.expiresAt.toISOString(),
    at,
  }));

  return (
    <>
      <PageHeader
        title="Grants"
        description="Who holds which tier of personal data, until when, and why. A grant ends on its own at its end time; privacy admins can revoke one earlier, with a reason."
        actions={
          can(user, "grant.manage") ? (
            <Link href="/grants/new" className={buttonClassName({ variant: "primary" })}>
              Grant access
            </Link>
          ) : null
        }
      />
      <form
        method="get"
        role="search"
        aria-label="Filter grants"
        className="mb-4 grid gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-xs sm:grid-cols-2 lg:grid-cols-[repeat(5,minmax(0,1fr))_auto] lg:items-end"
      >
        <Select
          label="Tier"
          name="tier"
          defaultValue={q.tier ?? ""}
          options={[{ value: "", label: "Every tier" }, ...SCOPES.map((s) => ({ value: s, label: TIER_LABELS[s] }))]}
        />
        <Select
          label="Status"
          name="status"
          defaultValue={q.status}
          options={[...GRANT_STATUSES, "all" as const].map((s) => ({ value: s, label: STATUS_LABELS[s] }))}
        />
        <Select
          label="Source"
          name="source"
          defaultValue={q.source ?? ""}
          options={[{ value: "", label: "Any source" }, ...GRANT_SOURCES.map((s) => ({ value: s, label: SOURCE_LABELS[s] }))]}
        />
        <Input label="Holder" name="holder" defaultValue={q.holder ?? ""} placeholder="email or part of it" maxLength={254} autoComplete="off" />
        <Select
          label="Ends"
          name="expiringWithinHours"
          defaultValue={q.expiringWithinHours ? String(q.expiringWithinHours) : ""}
          options={EXPIRING}
        />
        <input type="hidden" name="sort" value={q.sort} />
        <input type="hidden" name="dir" value={q.dir} />
        <div className="flex gap-2">
          <button type="submit" className={buttonClassName({ variant: "secondary" })}>
            Apply
          </button>
          <Link href="/grants" className={buttonClassName({ variant: "ghost" })}>
            Reset
          </Link>
        </div>
      </form>
      {problem ? (
        <Alert variant="warning" title="These filters could not be read" className="mb-4">
          {problem} <Link href="/grants">Show the active grants</Link>.
        </Alert>
      ) : (
        <GrantsTable
          rows={rows}
          sorting={{ id: q.sort, desc: q.dir === "desc" }}
          pagination={{
            pageSize: PAGE_SIZE,
            total: page?.total,
            nextHref: page?.nextCursor ? tableHref("/grants", sp, { cursor: page.nextCursor }) : null,
            firstHref: q.cursor ? tableHref("/grants", sp, { cursor: null }) : null,
          }}
        />
      )}
    </>
  );
}
