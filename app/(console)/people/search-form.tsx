"use client";
// The people search form: POSTs to a server action (the name and the purpose never enter a URL) and works before
// the page's JavaScript has loaded. Errors come back beside their fields; refusals as an alert.
import { useActionState } from "react";
import { FormAlert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { searchAction } from "./actions";
import type { SearchFormState } from "./form-state";

export const PURPOSE_SUGGESTIONS = [
  "Support ticket SUP-",
  "Payout dispute investigation",
  "Fraud review",
  "Trust & safety report",
  "Data subject access request",
];

export function PeopleSearchForm({ initial }: { initial: SearchFormState }) {
  const [state, formAction, pending] = useActionState(searchAction, initial);
  return (
    <>
      <form
        action={formAction}
        role="search"
        aria-label="Search people"
        className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 shadow-xs md:grid-cols-[2fr_3fr_auto] md:items-start"
      >
        <Input
          label="Name or person id"
          name="query"
          defaultValue={state.query}
          placeholder="e.g. Lopez or usr_…"
          maxLength={100}
          required
          autoComplete="off"
          error={state.errors.query}
          hint="Name prefix (first or last name) or an exact usr_ id"
        />
        <Input
          label="Purpose"
          name="purpose"
          defaultValue={state.purpose}
          placeholder="Why you need this data"
          maxLength={200}
          required
          list="purpose-suggestions"
          error={state.errors.purpose}
          hint="Recorded with every look-up in the access ledger. No names, emails or numbers about a person."
        />
        <datalist id="purpose-suggestions">
          {PURPOSE_SUGGESTIONS.map((p) => (
            <option key={p} value={p} />
          ))}
        </datalist>
        <Button type="submit" variant="primary" pending={pending} className="md:mt-6">
          Search
        </Button>
      </form>
      <FormAlert alert={state.alert} className="mt-4" />
    </>
  );
}
