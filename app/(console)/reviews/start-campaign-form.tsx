"use client";
// Starts an access review: a name, the tiers whose active grants become its items, and the due date, after which
// every undecided item is revoked automatically.
import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { TierBadge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import type { Scope } from "@/lib/core/tiers";
import { startCampaignAction } from "./actions";
import type { StartCampaignFormState } from "./form-state";

export function StartCampaignForm({
  tiers,
  initial,
  minDate,
  maxDate,
}: {
  tiers: Array<{ scope: Scope; active: number }>;
  initial: StartCampaignFormState;
  minDate: string;
  maxDate: string;
}) {
  const [state, formAction, pending] = useActionState(startCampaignAction, initial);
  return (
    <form action={formAction} className="flex flex-col gap-4" aria-busy={pending || undefined}>
      {state.alert ? (
        <Alert variant={state.alert.tone} title={state.alert.title}>
          {state.alert.message}
        </Alert>
      ) : null}
      <div className="grid gap-4 md:grid-cols-[3fr_2fr]">
        <Input
          label="Campaign name"
          name="name"
          required
          maxLength={120}
          defaultValue={state.name}
          error={state.errors.name}
          placeholder="e.g. Q4 tax access review"
          hint="Recorded in the access ledger; no personal data."
        />
        <Input
          label="Due date"
          name="dueAt"
          type="date"
          required
          min={minDate}
          max={maxDate}
          defaultValue={state.dueAt}
          error={state.errors.dueAt}
          hint="By the end of that day (UTC), within 90 days. Undecided grants are revoked then."
        />
      </div>
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">
          Tiers
          <span aria-hidden="true" className="ml-0.5 text-red-700">
            *
          </span>
        </legend>
        <p className="text-xs text-slate-600">Every grant active in these tiers when the campaign starts becomes an item to certify or revoke.</p>
        <div className="mt-2 flex flex-wrap gap-2">
          {tiers.map((t) => (
            <label
              key={t.scope}
              className="flex cursor-pointer items-center gap-2 rounded-md border border-slate-300 px-3 py-2 has-checked:border-indigo-600 has-checked:bg-indigo-50/60"
            >
              <input type="checkbox" name="scopes" value={t.scope} defaultChecked={state.scopes.includes(t.scope)} className="accent-indigo-600" />
              <TierBadge tier={t.scope} />
              <span className="text-xs text-slate-600 tabular-nums">{t.active === 1 ? "1 active grant" : `${t.active} active grants`}</span>
            </label>
          ))}
        </div>
        {state.errors.scopes ? <p className="mt-1.5 text-xs font-medium text-red-700">{state.errors.scopes}</p> : null}
      </fieldset>
      <Button type="submit" variant="primary" pending={pending} className="self-start">
        Start campaign
      </Button>
    </form>
  );
}
