// The people search form: a plain GET form, so the search has an address and works without JavaScript.
import { Input } from "@/components/ui/input";
import { buttonClassName } from "@/components/ui/button";

export const PURPOSE_SUGGESTIONS = [
  "Support ticket SUP-",
  "Payout dispute investigation",
  "Fraud review",
  "Trust & safety report",
  "Data subject access request",
];

export function PeopleSearchForm(props: {
  query: string;
  purpose: string;
  errors: { query?: string; purpose?: string };
}) {
  return (
    <form method="get" action="/people" role="search" aria-label="Search people" className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 shadow-xs md:grid-cols-[2fr_3fr_auto] md:items-start">
      <Input
        label="Name or person id"
        name="q"
        defaultValue={props.query}
        placeholder="e.g. Lopez or usr_…"
        maxLength={100}
        required
        autoComplete="off"
        error={props.errors.query}
        hint="Name prefix (first or last name) or an exact usr_ id"
      />
      <Input
        label="Purpose"
        name="purpose"
        defaultValue={props.purpose}
        placeholder="Why you need this data"
        maxLength={200}
        required
        list="purpose-suggestions"
        error={props.errors.purpose}
        hint="Recorded with every look-up in the access ledger"
      />
      <datalist id="purpose-suggestions">
        {PURPOSE_SUGGESTIONS.map((p) => (
          <option key={p} value={p} />
        ))}
      </datalist>
      <button type="submit" className={buttonClassName({ variant: "primary", size: "md" }) + " md:mt-6"}>
        Search
      </button>
    </form>
  );
}
