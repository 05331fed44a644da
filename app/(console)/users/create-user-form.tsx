"use client";
// Creating a console user. A password account gets a generated temporary password, shown here once: it is in this
// action's response only (never in a URL, a log or the database in clear), so the admin copies it now.
import { useActionState } from "react";
import { Alert, FormAlert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { ROLE_LABELS, ROLES } from "@/lib/core/permissions";
import { createUserAction } from "./actions";
import { EMPTY_CREATE_VALUES, type CreateUserState } from "./form-state";

const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));
const INITIAL: CreateUserState = { values: EMPTY_CREATE_VALUES, errors: {}, alert: null, created: null };

export function CreateUserForm({ ssoConfigured }: { ssoConfigured: boolean }) {
  const [state, formAction, pending] = useActionState(createUserAction, INITIAL);
  const v = state.values;
  return (
    <>
      {state.created ? (
        <div data-testid="created-user" className="mb-4">
          <Alert
            variant="success"
            title={`Created ${state.created.email} (${ROLE_LABELS[state.created.role as keyof typeof ROLE_LABELS] ?? state.created.role})`}
          >
            {state.created.temporaryPassword ? (
              <>
                <p>
                  Temporary password, shown only this once: hand it over through a channel of your own. It is not stored in clear and cannot be shown
                  again.
                </p>
                <p className="mt-2">
                  <code
                    data-testid="temporary-password"
                    className="rounded bg-white px-2 py-1 font-mono text-sm text-slate-900 ring-1 ring-emerald-200 select-all"
                  >
                    {state.created.temporaryPassword}
                  </code>
                </p>
              </>
            ) : (
              <p>This account signs in with single sign-on only; its identity is linked at the first sign-in.</p>
            )}
          </Alert>
        </div>
      ) : null}
      <form
        action={formAction}
        aria-label="Create a console user"
        className="grid gap-4 p-4 md:grid-cols-2 lg:grid-cols-[2fr_2fr_1fr_1fr_auto] lg:items-start"
      >
        <Input
          label="Email"
          name="email"
          type="email"
          required
          maxLength={254}
          autoComplete="off"
          defaultValue={v.email}
          error={state.errors.email}
        />
        <Input label="Name" name="name" required maxLength={200} autoComplete="off" defaultValue={v.name} error={state.errors.name} />
        <Select label="Role" name="role" options={ROLE_OPTIONS} defaultValue={v.role} error={state.errors.role} />
        {ssoConfigured ? (
          <Select
            label="Sign-in"
            name="signIn"
            options={[
              { value: "sso", label: "Single sign-on" },
              { value: "password", label: "Temporary password" },
            ]}
            defaultValue={v.signIn || "sso"}
            error={state.errors.signIn}
          />
        ) : (
          <div className="flex flex-col gap-1.5">
            <span className="text-sm font-medium text-slate-800">Sign-in</span>
            <input type="hidden" name="signIn" value="password" />
            <p className="flex h-9 items-center text-sm text-slate-600">Temporary password</p>
          </div>
        )}
        <Button type="submit" variant="primary" pending={pending} className="lg:mt-6">
          Create user
        </Button>
      </form>
      <FormAlert alert={state.alert} className="mx-4 mb-4" />
    </>
  );
}
