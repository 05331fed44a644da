"use client";
// The ledger's filters. POSTed to a server action (an actor typed as an email never enters a URL; the action
// redirects to an address with the user id), and works before the page's JavaScript has loaded.
import Link from "next/link";
import { useActionState } from "react";
import { FormAlert } from "@/components/ui/alert";
import { Button, buttonClassName } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { PRIVACY_TIERS, TIER_LABELS } from "@/lib/core/tiers";
import { ROLES, ROLE_LABELS } from "@/lib/core/permissions";
import type { FormAlert as FormAlertData } from "@/lib/http/form-failure";

export interface LedgerFilterFormState {
  values: Record<string, string>;
  errors: Record<string, string>;
  alert: FormAlertData | null;
}

const ANY = { value: "", label: "Any" };
const TIER_OPTIONS = [ANY, ...PRIVACY_TIERS.map((t) => ({ value: t, label: TIER_LABELS[t] }))];
const ROLE_OPTIONS = [ANY, ...ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] })), { value: "system", label: "System" }];
const DECISION_OPTIONS = [ANY, { value: "allow", label: "allow" }, { value: "mask", label: "mask" }, { value: "deny", label: "deny" }];

export function LedgerFilters({
  initial,
  action,
  keep,
}: {
  initial: LedgerFilterFormState;
  action: (prev: LedgerFilterFormState, form: FormData) => Promise<LedgerFilterFormState>;
  /** View settings carried over (columns, order). */
  keep: Array<[string, string]>;
}) {
  const [state, formAction, pending] = useActionState(action, initial);
  const v = state.values;
  const e = state.errors;
  return (
    <details open={Object.keys(v).length > 0 || Object.keys(e).length > 0} className="mb-4 rounded-lg border border-slate-200 bg-white shadow-xs">
      <summary className="cursor-pointer px-4 py-2 text-sm font-medium text-slate-800">Filters</summary>
      <form
        action={formAction}
        role="search"
        aria-label="Filter the ledger"
        className="grid gap-3 border-t border-slate-100 p-4 sm:grid-cols-2 lg:grid-cols-4"
      >
        {keep.map(([k, val], i) => (
          <input key={`${k}-${i}`} type="hidden" name={k} value={val} />
        ))}
        <Input label="From (UTC)" name="from" type="datetime-local" step={1} defaultValue={v.from?.slice(0, 19)} error={e.from} />
        <Input label="To (UTC)" name="to" type="datetime-local" step={1} defaultValue={v.to?.slice(0, 19)} error={e.to} />
        <Input label="Actor" name="actor" defaultValue={v.actor} error={e.actor} hint="Email or usr_ id" autoComplete="off" maxLength={200} />
        <Select label="Role" name="role" defaultValue={v.role ?? ""} options={ROLE_OPTIONS} error={e.role} />
        <Input label="Action" name="action" defaultValue={v.action} error={e.action} placeholder="people.record_viewed" maxLength={80} />
        <Select label="Tier asked" name="asked" defaultValue={v.asked ?? ""} options={TIER_OPTIONS} error={e.asked} />
        <Select label="Tier shown in clear" name="shown" defaultValue={v.shown ?? ""} options={TIER_OPTIONS} error={e.shown} />
        <Select label="Decision" name="decision" defaultValue={v.decision ?? ""} options={DECISION_OPTIONS} error={e.decision} />
        <Input label="Dataset" name="dataset" defaultValue={v.dataset} error={e.dataset} placeholder="marketplace.people@1" maxLength={200} />
        <Input label="Record id" name="record" defaultValue={v.record} error={e.record} placeholder="usr_…" maxLength={200} />
        <Input label="Request id" name="request" defaultValue={v.request} error={e.request} maxLength={100} />
        <Input
          label="Purpose contains"
          name="purpose"
          defaultValue={v.purpose}
          error={e.purpose}
          maxLength={100}
          hint="Searched page by page (a text search cannot use an index)"
        />
        <div className="flex items-end gap-2 sm:col-span-2 lg:col-span-4">
          <Button type="submit" variant="primary" pending={pending}>
            Apply filters
          </Button>
          <Link href="/ledger" className={buttonClassName({ variant: "ghost", size: "md" })}>
            Clear
          </Link>
        </div>
      </form>
      <FormAlert alert={state.alert} className="mx-4 mb-4" />
    </details>
  );
}
