"use client";
// Asks for the purpose before a record is opened; POSTs to a server action, so the purpose never enters a URL.
import { useActionState } from "react";
import { FormAlert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { openRecordAction } from "../actions";
import type { OpenRecordFormState } from "../form-state";

export function PurposeForm({ personId, from, initial }: { personId: string; from?: string; initial: OpenRecordFormState }) {
  const [state, formAction, pending] = useActionState(openRecordAction, initial);
  return (
    <div className="flex max-w-xl flex-col gap-4">
      <FormAlert alert={state.alert} />
      <form action={formAction} className="flex flex-col gap-4 rounded-lg border border-slate-200 bg-white p-4 shadow-xs">
        <input type="hidden" name="personId" value={personId} />
        {from ? <input type="hidden" name="from" value={from} /> : null}
        <Input
          label="Purpose"
          name="purpose"
          required
          maxLength={200}
          defaultValue={state.purpose}
          error={state.errors.purpose}
          placeholder="e.g. Support ticket SUP-1042"
          hint="At least 5 characters. No names, emails or numbers about a person."
        />
        <Button type="submit" variant="primary" pending={pending} className="self-start">
          Open record
        </Button>
      </form>
    </div>
  );
}
