"use server";
// Changing a catalog column: a thin wrapper over updateCatalogColumn (which checks catalog.manage again, validates
// every field, ledgers the change and bumps the access version in one transaction).
import { redirect } from "next/navigation";
import { currentRequestMeta } from "@/lib/auth/current-request-meta";
import { requirePermission, requireUser } from "@/lib/auth/session";
import { updateCatalogColumn } from "@/lib/catalog/update-catalog-column";
import { formFailure } from "@/lib/http/form-failure";
import { setResponseStatus } from "@/lib/http/response-status";
import { CATALOG_FORM_FIELDS, type CatalogFormState } from "./form-state";

const INPUTS = ["dataset", "column", "tier", "maskRule", "reason", "baseTier", "baseMaskRule"];

export async function updateCatalogColumnAction(_prev: CatalogFormState, formData: FormData): Promise<CatalogFormState> {
  const values = Object.fromEntries(INPUTS.map((name) => [name, String(formData.get(name) ?? "")]));
  let saved: { dataset: string; column: string };
  try {
    const user = await requireUser();
    const meta = await currentRequestMeta();
    await requirePermission(user, "catalog.manage", meta);
    const base = values.baseTier && values.baseMaskRule ? { tier: values.baseTier, maskRule: values.baseMaskRule } : undefined;
    saved = await updateCatalogColumn(
      { actor: user, meta },
      // Validated by updateCatalogColumn (zod), which names the bad field.
      { dataset: values.dataset, column: values.column, tier: values.tier, maskRule: values.maskRule, reason: values.reason, base: base as never },
    );
  } catch (err) {
    const failure = formFailure(err, CATALOG_FORM_FIELDS);
    setResponseStatus(failure.status);
    return { values, errors: failure.fieldErrors, alert: failure.alert };
  }
  const params = new URLSearchParams({ saved: `${saved.dataset}/${saved.column}` });
  redirect(`/catalog?${params.toString()}#dataset-${encodeURIComponent(saved.dataset)}`);
}
