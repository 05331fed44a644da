// The catalog: every dataset key@version with its columns' privacy tier and masking rule, for every role
// (catalog.read). Privacy admins (catalog.manage) change a column's tier or rule; each change is ledgered and takes
// effect on the next read (lib/catalog/update-catalog-column.ts, docs/decisions/023).
import type { Metadata } from "next";
import { Alert } from "@/components/ui/alert";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { firstParam } from "@/components/data-table/table-href";
import { requirePagePermission } from "@/lib/auth/session";
import { listCatalog } from "@/lib/catalog/list-catalog";
import { listCatalogChanges } from "@/lib/catalog/list-catalog-changes";
import { can } from "@/lib/core/permissions";
import { MASK_RULE_LABELS, MASK_RULES } from "@/lib/masking/mask";
import { CatalogChangesTable } from "./changes-table";
import { ColumnForm } from "./column-form";
import { CatalogColumnsTable } from "./columns-table";

export const metadata: Metadata = { title: "Catalog" };

const RULE_OPTIONS = MASK_RULES.map((r) => ({ value: r, label: `${r} · ${MASK_RULE_LABELS[r]}` }));

export default async function CatalogPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePagePermission("catalog.read");
  const saved = firstParam((await searchParams).saved);
  const datasets = await listCatalog(user);
  const changes = await Promise.all(datasets.map((d) => listCatalogChanges(user, d.ref)));
  const editable = can(user, "catalog.manage");
  const savedColumn = datasets.flatMap((d) => d.columns.map((c) => ({ d, c }))).find(({ d, c }) => `${d.ref}/${c.name}` === saved);

  return (
    <>
      <PageHeader
        title="Catalog"
        description="Every governed dataset and its columns: the privacy tier of each, and the masking rule applied when the reader holds no active grant for that tier. The same rule masks the person view, exports and the decisions API. Every change is recorded in the access ledger and applies from the next read."
      />
      {savedColumn ? (
        <Alert variant="success" className="mb-4">
          Saved: {savedColumn.d.ref} · {savedColumn.c.name} is now {savedColumn.c.tier} / {savedColumn.c.maskRule}. It applies from the next read.
        </Alert>
      ) : null}
      <div className="flex flex-col gap-6">
        {datasets.map((d, i) => (
          <div key={d.ref} id={`dataset-${d.ref}`} className="scroll-mt-4" data-dataset={d.ref}>
            <Card as="section" aria-labelledby={`dataset-${d.ref}-title`}>
              <CardHeader
                titleId={`dataset-${d.ref}-title`}
                title={
                  <span>
                    {d.title} <span className="font-mono text-sm font-normal text-slate-600">{d.ref}</span>
                  </span>
                }
                description={d.description}
              />
              <CatalogColumnsTable
                caption={`Columns of ${d.ref}`}
                rows={d.columns.map((c) => ({
                  name: c.name,
                  label: c.label,
                  tier: c.tier,
                  maskRule: c.maskRule,
                  maskLabel: c.maskLabel,
                  description: c.description,
                  recordId: c.name === d.recordIdColumn,
                }))}
              />
              {editable ? (
                <ColumnForm
                  dataset={d.ref}
                  rules={RULE_OPTIONS}
                  columns={d.columns.map((c) => ({ name: c.name, label: c.label, tier: c.tier, maskRule: c.maskRule }))}
                />
              ) : null}
              <details className="border-t border-slate-200">
                <summary className="cursor-pointer px-4 py-3 text-sm font-medium text-indigo-700 hover:underline">
                  Change history ({changes[i].length})
                </summary>
                <div className="px-4 pb-4">
                  <CatalogChangesTable
                    caption={`Column changes of ${d.ref}, newest first`}
                    rows={changes[i].map((ch) => ({
                      seq: ch.seq,
                      occurredAt: ch.occurredAt,
                      column: ch.column,
                      actorEmail: ch.actorEmail,
                      from: `${ch.old.tier} / ${ch.old.maskRule}`,
                      to: `${ch.new.tier} / ${ch.new.maskRule}`,
                      reason: ch.reason,
                    }))}
                  />
                </div>
              </details>
            </Card>
          </div>
        ))}
      </div>
    </>
  );
}
