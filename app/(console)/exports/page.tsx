// Exports (analysts and privacy admins, export.request): the new-export wizard with its live preview, and "my exports"
// with status, build progress and download links (signed for the requester, valid for a few minutes).
import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { Card, CardHeader } from "@/components/ui/card";
import { firstParam, tableHref } from "@/components/data-table/table-href";
import { requirePagePermission } from "@/lib/auth/session";
import { getDatasetPolicy } from "@/lib/catalog/get-dataset-policy";
import { listExports } from "@/lib/exports/list-exports";
import { WAREHOUSE_DATASETS } from "@/lib/warehouse/datasets";
import { AutoRefresh } from "@/components/ui/auto-refresh";
import { ExportWizard, type WizardDataset } from "./export-wizard";
import { ExportsTable } from "./exports-table";
import { toExportRows } from "./export-rows";

export const metadata: Metadata = { title: "Exports" };

type SearchParams = Record<string, string | string[] | undefined>;
const PAGE_SIZE = 20;

async function wizardDatasets(): Promise<WizardDataset[]> {
  const out: WizardDataset[] = [];
  for (const d of Object.values(WAREHOUSE_DATASETS)) {
    const at = d.ref.lastIndexOf("@");
    const policy = await getDatasetPolicy(d.ref.slice(0, at), Number(d.ref.slice(at + 1))).catch(() => null);
    if (!policy) continue;
    out.push({
      ref: policy.ref,
      title: policy.key,
      columns: policy.columns.map((c) => ({ name: c.name, label: c.label, tier: c.tier })),
      filters: (["state", "city", "role"] as const).filter((f) => d.filterColumns[f]),
    });
  }
  return out;
}

export default async function ExportsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requirePagePermission("export.request");
  const sp = await searchParams;
  const cursor = firstParam(sp.cursor) || undefined;
  const [datasets, page] = await Promise.all([wizardDatasets(), listExports(user, { view: "mine", cursor, limit: PAGE_SIZE })]);
  const rows = toExportRows(user, page.rows);
  const moving = rows.some((r) => r.status === "approved" || r.status === "building");
  return (
    <>
      <PageHeader
        title="Exports"
        description="Masked, watermarked files of governed datasets. Anything above Basic PII leaves masked unless a privacy admin approves it in clear; only you can download your exports, through links that expire."
      />
      {moving ? <AutoRefresh everyMs={1000} /> : null}
      <section aria-labelledby="my-exports" className="mb-8">
        <h2 id="my-exports" className="mb-3 text-base font-semibold text-slate-900">
          My exports
        </h2>
        <ExportsTable
          variant="mine"
          rows={rows}
          pagination={{
            pageSize: PAGE_SIZE,
            total: page.total,
            nextHref: page.nextCursor ? tableHref("/exports", sp, { cursor: page.nextCursor }) : null,
            firstHref: cursor ? tableHref("/exports", sp, { cursor: null }) : null,
          }}
        />
      </section>
      <Card>
        <CardHeader
          title="New export"
          description="Pick a dataset, columns and filters; the preview shows how each column leaves before you submit."
        />
        <div className="p-4">{datasets.length > 0 ? <ExportWizard datasets={datasets} /> : <p>No dataset is in the catalog yet.</p>}</div>
      </Card>
    </>
  );
}
