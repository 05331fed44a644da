"use client";
// Creating a machine token. The secret is in this action's response only (never in a URL, a log or the database in
// clear), shown here once, so the admin copies it into the other system now.
import { useActionState } from "react";
import { Alert, FormAlert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { TOKEN_USE_LABELS, TOKEN_USES } from "@/lib/api/token-uses";
import { createTokenAction } from "./actions";
import { EMPTY_TOKEN_VALUES, type CreateTokenState } from "./form-state";

const INITIAL: CreateTokenState = { values: EMPTY_TOKEN_VALUES, errors: {}, alert: null, created: null };

const EXPIRY_OPTIONS = [
  { value: "7", label: "7 days" },
  { value: "30", label: "30 days" },
  { value: "90", label: "90 days" },
  { value: "180", label: "180 days" },
  { value: "365", label: "1 year" },
];

export function CreateTokenForm({ owners }: { owners: Array<{ id: string; email: string; name: string }> }) {
  const [state, formAction, pending] = useActionState(createTokenAction, INITIAL);
  const v = state.values;
  return (
    <>
      {state.created ? (
        <div data-testid="created-token" className="mx-4 mt-4">
          <Alert variant="success" title={`Created ${state.created.name}`}>
            <p>
              Token, shown only this once: put it in the other system&apos;s secret store now. Warden keeps only its hash and cannot show it again.
            </p>
            <p className="mt-2">
              <code
                data-testid="token-secret"
                className="rounded bg-white px-2 py-1 font-mono text-sm break-all text-slate-900 ring-1 ring-emerald-200 select-all"
              >
                {state.created.secret}
              </code>
            </p>
          </Alert>
        </div>
      ) : null}
      <form action={formAction} aria-label="Create a machine token" className="grid gap-4 p-4 md:grid-cols-3">
        <Input
          label="Name"
          name="name"
          required
          maxLength={60}
          autoComplete="off"
          placeholder="warehouse-bi"
          hint="A machine name; recorded as the source of the events it reports."
          defaultValue={v.name}
          error={state.errors.name}
        />
        <Select
          label="Owner"
          name="ownerId"
          required
          hint="The console user who answers for it. If their account is disabled, the token stops working."
          options={[{ value: "", label: "Choose a person" }, ...owners.map((o) => ({ value: o.id, label: `${o.name} (${o.email})` }))]}
          defaultValue={v.ownerId}
          error={state.errors.ownerId}
        />
        <Select
          label="Expires after"
          name="expiresInDays"
          options={EXPIRY_OPTIONS}
          defaultValue={v.expiresInDays}
          error={state.errors.expiresInDays}
        />
        <fieldset className="md:col-span-3" aria-describedby={state.errors.uses ? "uses-error" : undefined}>
          <legend className="mb-2 text-sm font-medium text-slate-800">Allowed uses</legend>
          <div className="grid gap-2 md:grid-cols-3">
            {TOKEN_USES.map((u) => (
              <Checkbox key={u} name="uses" value={u} label={u} hint={TOKEN_USE_LABELS[u]} defaultChecked={v.uses.includes(u)} />
            ))}
          </div>
          {state.errors.uses ? (
            <p id="uses-error" className="mt-1 text-sm text-red-700">
              {state.errors.uses}
            </p>
          ) : null}
        </fieldset>
        <div className="md:col-span-3">
          <Button type="submit" variant="primary" pending={pending}>
            Create token
          </Button>
        </div>
      </form>
      <FormAlert alert={state.alert} className="mx-4 mb-4" />
    </>
  );
}
