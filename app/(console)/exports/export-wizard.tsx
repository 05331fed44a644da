"use client";
// The new-export wizard: dataset, columns (each may be asked in clear), filters, format, purpose and options, with a
// live preview from the server (the same plan the submission freezes): each column's treatment and rule, the
// estimated rows against the tier's cap, and whether approval is needed and why. No drafts: the preview is free.
import { useActionState, useEffect, useMemo, useState } from "react";
import { FormAlert } from "@/components/ui/alert";
import { Badge, TierBadge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import type { PrivacyTier } from "@/lib/core/tiers";
import { createExportAction, previewExportAction } from "./actions";
import { EMPTY_EXPORT_FORM, type PreviewResult } from "./form-state";

export interface WizardDataset {
  ref: string;
  title: string;
  columns: Array<{ name: string; label: string; tier: PrivacyTier }>;
  filters: Array<"state" | "city" | "role">;
}

const FILTER_LABELS = { state: "State is", city: "City is", role: "Role is" } as const;
const TREATMENT_VARIANT = { clear: "success", masked: "info", withheld: "neutral" } as const;

export function ExportWizard({ datasets }: { datasets: WizardDataset[] }) {
  const [dataset, setDataset] = useState(datasets[0]?.ref ?? "");
  const ds = datasets.find((d) => d.ref === dataset) ?? datasets[0];
  const [columns, setColumns] = useState<string[]>([]);
  const [unmask, setUnmask] = useState<string[]>([]);
  const [filters, setFilters] = useState<Record<string, string>>({});
  const [format, setFormat] = useState<"csv" | "xlsx">("csv");
  const [purpose, setPurpose] = useState("");
  const [csvComment, setCsvComment] = useState(true);
  const [exportIdColumn, setExportIdColumn] = useState(false);
  const [preview, setPreview] = useState<PreviewResult | null>(null);
  const [state, formAction, pending] = useActionState(createExportAction, EMPTY_EXPORT_FORM);

  const plan = useMemo(() => {
    const chosen = ds.columns.map((c) => c.name).filter((n) => columns.includes(n));
    const f = Object.fromEntries(Object.entries(filters).filter(([, v]) => v.trim() !== ""));
    return {
      dataset,
      columns: chosen,
      unmask: unmask.filter((n) => chosen.includes(n)),
      filters: f,
      format,
      options: { csvComment, exportIdColumn },
    };
  }, [ds, dataset, columns, unmask, filters, format, csvComment, exportIdColumn]);
  const planJson = JSON.stringify(plan);

  useEffect(() => {
    if (plan.columns.length === 0) return;
    let live = true;
    const timer = setTimeout(() => {
      void previewExportAction(planJson).then((r) => {
        if (live) setPreview(r);
      });
    }, 200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [planJson, plan.columns.length]);

  const toggle = (list: string[], set: (l: string[]) => void, name: string, on: boolean) =>
    set(on ? [...list, name] : list.filter((n) => n !== name));
  const shown = plan.columns.length === 0 ? null : preview;
  // "Ask in clear" only where the file would not be clear anyway (the preview knows this person's grants).
  const clearAnyway = new Set(
    shown?.ok ? shown.plan.columns.filter((c) => c.treatment === "clear" && !unmask.includes(c.name)).map((c) => c.name) : [],
  );

  return (
    <form action={formAction} className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]" aria-label="New export">
      <input type="hidden" name="payload" value={JSON.stringify({ ...plan, purpose })} />
      <div className="flex flex-col gap-5">
        <FormAlert alert={state.alert} />
        <Select
          label="Dataset"
          name="dataset"
          value={dataset}
          error={state.errors.dataset}
          onChange={(e) => {
            setDataset(e.target.value);
            setColumns([]);
            setUnmask([]);
            setFilters({});
            setPreview(null);
          }}
          options={datasets.map((d) => ({ value: d.ref, label: `${d.title} (${d.ref})` }))}
        />
        <fieldset className="flex flex-col gap-2" aria-describedby={state.errors.columns ? "columns-error" : undefined}>
          <legend className="mb-1 text-sm font-medium text-slate-800">Columns</legend>
          <p className="text-xs text-slate-600">
            Columns above Basic PII leave the file masked unless you ask for them in clear; asking needs a privacy admin&apos;s approval.
          </p>
          {ds.columns.map((c) => (
            <div key={c.name} className="flex flex-wrap items-center gap-x-4 gap-y-1 rounded-md border border-slate-200 px-3 py-2">
              <Checkbox label={c.label} checked={columns.includes(c.name)} onChange={(e) => toggle(columns, setColumns, c.name, e.target.checked)} />
              <TierBadge tier={c.tier} />
              <span className="font-mono text-xs text-slate-500">{c.name}</span>
              {c.tier !== "none" && columns.includes(c.name) && !clearAnyway.has(c.name) ? (
                <span className="ml-auto">
                  <Checkbox
                    label={`Ask ${c.label} in clear`}
                    checked={unmask.includes(c.name)}
                    onChange={(e) => toggle(unmask, setUnmask, c.name, e.target.checked)}
                  />
                </span>
              ) : null}
            </div>
          ))}
          {state.errors.columns || state.errors.unmask ? (
            <p id="columns-error" className="text-sm text-red-700">
              {state.errors.columns ?? state.errors.unmask}
            </p>
          ) : null}
        </fieldset>
        <fieldset className="grid grid-cols-2 gap-3">
          <legend className="mb-1 text-sm font-medium text-slate-800">Filters</legend>
          <Input label="From (UTC day)" type="date" value={filters.from ?? ""} onChange={(e) => setFilters({ ...filters, from: e.target.value })} />
          <Input label="To (UTC day)" type="date" value={filters.to ?? ""} onChange={(e) => setFilters({ ...filters, to: e.target.value })} />
          {ds.filters.map((f) => (
            <Input
              key={f}
              label={FILTER_LABELS[f]}
              value={filters[f] ?? ""}
              maxLength={128}
              onChange={(e) => setFilters({ ...filters, [f]: e.target.value })}
            />
          ))}
          {state.errors.filters ? <p className="col-span-2 text-sm text-red-700">{state.errors.filters}</p> : null}
        </fieldset>
        <Select
          label="Format"
          name="format"
          value={format}
          error={state.errors.format}
          onChange={(e) => setFormat(e.target.value === "xlsx" ? "xlsx" : "csv")}
          options={[
            { value: "csv", label: "CSV" },
            { value: "xlsx", label: "Excel (XLSX)" },
          ]}
        />
        <Textarea
          label="Purpose"
          name="purpose"
          required
          maxLength={200}
          value={purpose}
          error={state.errors.purpose}
          onChange={(e) => setPurpose(e.target.value)}
          hint="Why you need this file. Recorded in the access ledger and printed in the file's watermark: no personal data."
        />
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-1 text-sm font-medium text-slate-800">Options</legend>
          {format === "csv" ? (
            <Checkbox
              label="CONFIDENTIAL comment line"
              hint="The CSV's first line: # CONFIDENTIAL, with you, the purpose and the export id."
              checked={csvComment}
              onChange={(e) => setCsvComment(e.target.checked)}
            />
          ) : null}
          <Checkbox
            label="_export_id column"
            hint="Every row carries the export id."
            checked={exportIdColumn}
            onChange={(e) => setExportIdColumn(e.target.checked)}
          />
        </fieldset>
        <div>
          <Button
            type="submit"
            variant="primary"
            pending={pending}
            disabled={plan.columns.length === 0 || (shown?.ok === true && shown.plan.overCap)}
          >
            {shown?.ok && shown.plan.approvalRequired ? "Submit for approval" : "Request export"}
          </Button>
        </div>
      </div>
      <Card className="self-start">
        <CardHeader title="Preview" description="What the file will hold, from the same rules the console applies, before you submit." level={2} />
        <div className="p-4" data-testid="export-preview" aria-live="polite">
          {plan.columns.length === 0 ? (
            <p className="text-sm text-slate-600">Choose at least one column.</p>
          ) : !shown ? (
            <p className="text-sm text-slate-600">Working out the preview…</p>
          ) : !shown.ok ? (
            <p className="text-sm text-red-700" role="alert">
              {shown.field ? `${shown.field}: ` : ""}
              {shown.message}
            </p>
          ) : (
            <PreviewBody preview={shown} />
          )}
        </div>
      </Card>
    </form>
  );
}

function PreviewBody({ preview }: { preview: Extract<PreviewResult, { ok: true }> }) {
  const p = preview.plan;
  return (
    <div className="flex flex-col gap-4">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">How each column leaves</caption>
        <thead className="text-xs text-slate-600">
          <tr>
            <th className="py-1 pr-2 font-medium">Column</th>
            <th className="py-1 pr-2 font-medium">Leaves</th>
            <th className="py-1 font-medium">Why</th>
          </tr>
        </thead>
        <tbody>
          {p.columns.map((c) => (
            <tr
              key={c.name}
              className="border-t border-slate-100 align-top"
              data-column={c.name}
              data-treatment={c.treatment}
              data-rule={c.treatment === "masked" ? c.rule : ""}
            >
              <td className="py-1.5 pr-2">
                <span className="block">{c.label}</span>
                <TierBadge tier={c.tier} />
              </td>
              <td className="py-1.5 pr-2">
                <Badge variant={TREATMENT_VARIANT[c.treatment]}>{c.treatment === "masked" ? `masked (${c.rule})` : c.treatment}</Badge>
              </td>
              <td className="py-1.5 text-xs text-slate-700">{c.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="text-sm" data-testid="preview-rows">
        {p.overCap ? (
          <strong className="text-red-700">
            More than {p.rowCap.toLocaleString("en-US")} rows match: over the cap for a {p.capTier} export. Narrow the filters or drop the {p.capTier}{" "}
            columns.
          </strong>
        ) : (
          <>
            About <strong>{p.rowEstimate.toLocaleString("en-US")}</strong> rows (cap {p.rowCap.toLocaleString("en-US")} for a {p.capTier} export).
          </>
        )}
      </p>
      <div data-testid="preview-approval" data-approval={p.approvalRequired ? "required" : "none"}>
        {p.approvalRequired ? (
          <>
            <p className="text-sm font-medium text-amber-800">Needs a privacy admin&apos;s approval (not yours):</p>
            <ul className="ml-5 list-disc text-sm text-slate-700">
              {p.approvalReasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          </>
        ) : (
          <p className="text-sm font-medium text-emerald-800">No approval needed: the build starts when you submit.</p>
        )}
      </div>
    </div>
  );
}
