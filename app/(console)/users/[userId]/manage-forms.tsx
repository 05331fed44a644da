"use client";
// Changing another person's account: their role, or disabling / re-enabling it. The server refuses changes to
// one's own account and to the last active privacy admin whatever this form sends (lib/auth/manage-user.ts).
import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import { ROLE_LABELS, ROLES } from "@/lib/core/permissions";
import { changeUserRoleAction, setUserStatusAction } from "../actions";
import { EMPTY_MANAGE, type ManageUserState } from "../form-state";

const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));

export function ManageUserForms({ userId, email, role, status }: { userId: string; email: string; role: string; status: string }) {
  const [roleState, roleAction, rolePending] = useActionState(changeUserRoleAction, EMPTY_MANAGE);
  const [statusState, statusAction, statusPending] = useActionState(setUserStatusAction, EMPTY_MANAGE);
  const disabled = status === "disabled";
  return (
    <div className="grid gap-6 p-4 md:grid-cols-2">
      <div>
        <form action={roleAction} aria-label={`Change the role of ${email}`} className="flex flex-wrap items-end gap-3">
          <input type="hidden" name="userId" value={userId} />
          <Select label="Role" name="role" options={ROLE_OPTIONS} defaultValue={role} wrapperClassName="w-48" />
          <Button type="submit" pending={rolePending}>
            Change role
          </Button>
        </form>
        <p className="mt-2 text-xs text-slate-600">A role change signs the person out everywhere; they sign in again with the new role.</p>
        <Result state={roleState} />
      </div>
      <div>
        <form action={statusAction} aria-label={`${disabled ? "Re-enable" : "Disable"} ${email}`}>
          <input type="hidden" name="userId" value={userId} />
          <input type="hidden" name="status" value={disabled ? "active" : "disabled"} />
          <Button type="submit" variant={disabled ? "secondary" : "danger"} pending={statusPending}>
            {disabled ? "Re-enable account" : "Disable account"}
          </Button>
        </form>
        <p className="mt-2 text-xs text-slate-600">
          {disabled
            ? "Re-enabling lets the person sign in again; sessions ended by disabling stay ended."
            : "Disabling ends every session of this person at once and stops them signing in. It can be undone."}
        </p>
        <Result state={statusState} />
      </div>
    </div>
  );
}

function Result({ state }: { state: ManageUserState }) {
  if (state.alert) {
    return (
      <Alert variant={state.alert.tone} title={state.alert.title} className="mt-3">
        {state.alert.message}
      </Alert>
    );
  }
  return state.notice ? (
    <Alert variant="success" className="mt-3">
      {state.notice}
    </Alert>
  ) : null;
}
