"use server";
// The ledger filter form posts here: the actor may be typed as an email, which must not enter a URL (decision 010),
// so the action resolves it to the user id and redirects to a /ledger address that holds ids only. A purpose search
// term that looks like personal data is refused, as a purpose is when written; any other term may sit in the URL.
import { redirect } from "next/navigation";
import { requirePermission, requireUser } from "@/lib/auth/session";
import { AppError } from "@/lib/core/errors";
import { formFailure } from "@/lib/http/form-failure";
import { setResponseStatus } from "@/lib/http/response-status";
import { assertNoPiiInSearch } from "@/lib/ledger/export-ledger-entries";
import { FILTER_KEYS, resolveActor, ZLedgerFilters } from "@/lib/ledger/ledger-query";
import type { LedgerFilterState } from "./form-state";

const KEEP = ["cols", "sort", "dir"] as const;

export async function applyLedgerFiltersAction(_prev: LedgerFilterState, formData: FormData): Promise<LedgerFilterState> {
  const values: Record<string, string> = {};
  for (const k of FILTER_KEYS) {
    const v = formData.get(k);
    if (typeof v === "string" && v.trim() !== "") values[k] = v.trim().slice(0, 300);
  }
  const params = new URLSearchParams();
  try {
    const user = await requireUser();
    await requirePermission(user, "ledger.read");
    const parsed = ZLedgerFilters.safeParse(values);
    if (!parsed.success) {
      const errors: Record<string, string> = {};
      for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
      setResponseStatus(422);
      return { values, errors, alert: null };
    }
    const f = parsed.data;
    assertNoPiiInSearch(f.purpose);
    const actorId = await resolveActor(f.actor);
    if (actorId === null) {
      setResponseStatus(422);
      return { values, errors: { actor: "No console user has this email; enter an email or a usr_ id" }, alert: null };
    }
    for (const k of FILTER_KEYS) {
      const v = k === "actor" ? actorId : k === "from" || k === "to" ? values[k] : f[k];
      if (v) params.set(k, v);
    }
    for (const k of KEEP) for (const v of formData.getAll(k)) if (typeof v === "string" && v) params.append(k, v.slice(0, 100));
  } catch (err) {
    if (err instanceof AppError && err.field === "purpose" && err.code === "validation_failed") {
      setResponseStatus(422);
      return { values, errors: { purpose: err.message }, alert: null };
    }
    const failure = formFailure(err, [...FILTER_KEYS]);
    setResponseStatus(failure.status);
    return { values, errors: failure.fieldErrors, alert: failure.alert };
  }
  const qs = params.toString();
  redirect(qs ? `/ledger?${qs}` : "/ledger");
}
