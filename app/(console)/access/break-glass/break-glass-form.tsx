"use client";
// The break-glass form: the tiers whose policy allows it with their limits, how long, and why. A plain form posting
// to a server action, so it works before JavaScript has loaded; with it, the durations follow the chosen tier.
import { useActionState, useState } from "react";
import { Alert, FormAlert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ChoiceCard } from "@/components/ui/choice-card";
import { Fieldset } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { TierBadge } from "@/components/ui/badge";
import type { Scope } from "@/lib/core/tiers";
import { describeMinutes } from "@/lib/scopes/durations";
import { activateBreakGlassAction } from "./actions";
import type { BreakGlassFormState } from "./form-state";

export interface BreakGlassTier {
  scope: Scope;
  maxMinutes: number;
  policyVersion: number;
}

const PRESETS = [15, 30, 60, 120, 240, 480, 720, 1440];

function durations(max: number): number[] {
  const list = PRESETS.filter((m) => m < max);
  return [...list, max];
}

export function BreakGlassForm({ tiers, initial }: { tiers: BreakGlassTier[]; initial: BreakGlassFormState }) {
  const [state, formAction, pending] = useActionState(activateBreakGlassAction, initial);
  const [scope, setScope] = useState<string>(state.scope || (tiers.length === 1 ? tiers[0].scope : ""));
  const chosen = tiers.find((t) => t.scope === scope);
  const options = durations(chosen?.maxMinutes ?? Math.max(...tiers.map((t) => t.maxMinutes)));

  return (
    <form action={formAction} className="flex flex-col gap-5" aria-busy={pending || undefined}>
      <FormAlert alert={state.alert} />
      <Fieldset legend="Tier" required error={state.errors.scope}>
        <div className="grid gap-2 sm:grid-cols-2">
          {tiers.map((t) => (
            <ChoiceCard
              key={t.scope}
              type="radio"
              name="scope"
              value={t.scope}
              required
              checked={scope === t.scope}
              onChange={() => setScope(t.scope)}
            >
              <span className="flex flex-col gap-1">
                <TierBadge tier={t.scope} />
                <span className="text-xs text-slate-600">
                  Up to {describeMinutes(t.maxMinutes)} · policy version {t.policyVersion}
                </span>
              </span>
            </ChoiceCard>
          ))}
        </div>
      </Fieldset>

      <Select
        label="For how long"
        name="durationMinutes"
        required
        // Re-mounted when the tier changes, so the choice never exceeds the new tier's limit.
        key={scope}
        defaultValue={state.durationMinutes && options.includes(Number(state.durationMinutes)) ? state.durationMinutes : String(options[0])}
        error={state.errors.durationMinutes}
        hint="Take the shortest time that covers the emergency; the access ends on its own."
        className="max-w-xs"
        options={options.map((m) => ({ value: String(m), label: describeMinutes(m) }))}
      />

      <Input
        label="Reason"
        name="reason"
        required
        maxLength={500}
        defaultValue={state.reason}
        error={state.errors.reason}
        placeholder="e.g. Incident INC-4711: payouts failing for a studio"
        hint="Mandatory. Shown to every privacy admin and recorded in the access ledger. No names, emails or numbers about a person."
      />

      <Alert variant="warning" title="Every privacy admin is alerted the moment you switch this on">
        Break-glass skips approval, so it is watched instead: the use is recorded in the access ledger, the privacy team gets an alert at once, and a
        privacy admin reviews it within 24 hours. A use that was not justified is revoked and followed up.
      </Alert>

      <Button type="submit" variant="danger" pending={pending} className="self-start">
        Switch on break-glass
      </Button>
    </form>
  );
}
