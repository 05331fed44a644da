"use client";
// The after-review: a comment and the conclusion. "Not justified" ends the grant at once if it is still running.
import { useActionState } from "react";
import { FormAlert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ChoiceCard } from "@/components/ui/choice-card";
import { Fieldset } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { afterReviewAction } from "../actions";
import { EMPTY_AFTER_REVIEW } from "../form-state";

const OUTCOMES = [
  { value: "justified", title: "Justified", text: "The emergency was real and the access fitted it. The grant runs until it ends on its own." },
  { value: "revoke", title: "Not justified: revoke", text: "End the grant now if it is still running, and record the use as not justified." },
] as const;

export function AfterReviewForm({ grantId, running }: { grantId: string; running: boolean }) {
  const [state, formAction, pending] = useActionState(afterReviewAction, EMPTY_AFTER_REVIEW);
  return (
    <form action={formAction} className="flex flex-col gap-4" aria-busy={pending || undefined}>
      <input type="hidden" name="grantId" value={grantId} />
      <FormAlert alert={state.alert} />
      <Fieldset legend="Conclusion" required error={state.errors.outcome}>
        <div className="grid gap-2 sm:grid-cols-2">
          {OUTCOMES.map((o) => (
            <ChoiceCard key={o.value} type="radio" name="outcome" value={o.value} required defaultChecked={state.outcome === o.value}>
              <span className="flex flex-col">
                <span className="text-sm font-medium text-slate-900">{o.title}</span>
                <span className="text-xs text-slate-600">
                  {o.value === "revoke" && !running ? "The grant has already ended; the use is recorded as not justified." : o.text}
                </span>
              </span>
            </ChoiceCard>
          ))}
        </div>
      </Fieldset>
      <Input
        label="Comment"
        name="comment"
        required
        maxLength={500}
        defaultValue={state.comment}
        error={state.errors.comment}
        placeholder="e.g. Matches incident INC-4711; access fitted the fix"
        hint="Recorded in the access ledger. No names, emails or numbers about a person."
      />
      <Button type="submit" variant="primary" pending={pending} className="self-start">
        Record after-review
      </Button>
    </form>
  );
}
