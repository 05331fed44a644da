// What the export forms' server actions hand back: the preview, or the field and reason a submission was refused.
import type { FormAlert } from "@/lib/http/form-failure";
import type { ExportPlan } from "@/lib/exports/plan-export";

export type PreviewResult = { ok: true; plan: ExportPlan } | { ok: false; field: string | null; message: string };

export interface ExportFormState {
  errors: Record<string, string>;
  alert: FormAlert | null;
}

export const EMPTY_EXPORT_FORM: ExportFormState = { errors: {}, alert: null };

export interface DecisionState {
  errors: { comment?: string };
  alert: FormAlert | null;
}

export const EMPTY_DECISION: DecisionState = { errors: {}, alert: null };
