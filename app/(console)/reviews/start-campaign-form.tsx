"use client";
// Starts an access review: a name, the tiers whose active grants become its items, and the due date, after which
// every undecided item is revoked automatically.
import { useActionState } from "react";
import { FormAlert } from "@/components/ui/alert";
import { TierBadge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ChoiceCard } from "@/components/ui/choice-card";
import { Fieldset } from "@/components/ui/field";
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
      <FormAlert alert={state.alert} />
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
      <Fieldset
        legend="Tiers"
        required
        error={state.errors.scopes}
        hint="Every grant active in these tiers when the campaign starts becomes an item to certify or revoke."
      >
        <div className="flex flex-wrap gap-2">
          {tiers.map((t) => (
            <ChoiceCard key={t.scope} type="checkbox" name="scopes" value={t.scope} defaultChecked={state.scopes.includes(t.scope)}>
              <span className="flex items-center gap-2">
                <TierBadge tier={t.scope} />
                <span className="text-xs text-slate-600 tabular-nums">{t.active === 1 ? "1 active grant" : `${t.active} active grants`}</span>
              </span>
            </ChoiceCard>
          ))}
        </div>
      </Fieldset>
      <Button type="submit" variant="primary" pending={pending} className="self-start">
        Start campaign
      </Button>
    </form>
  );
}
