"use client";
// Revoke with a reason: the grant ends at once, the holder is told, the ledger records who and why.
import { useActionState } from "react";
import { FormAlert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { revokeGrantAction } from "./actions";
import { EMPTY_REVOKE_FORM } from "./form-state";

export function RevokeForm({ grantId }: { grantId: string }) {
  const [state, formAction, pending] = useActionState(revokeGrantAction, EMPTY_REVOKE_FORM);
  return (
    <form action={formAction} aria-label="Revoke this grant" className="flex flex-col gap-3">
      <input type="hidden" name="grantId" value={grantId} />
      <FormAlert alert={state.alert} />
      <Input
        label="Reason for revoking"
        name="reason"
        defaultValue={state.reason}
        required
        maxLength={500}
        error={state.errors.reason}
        hint="Recorded in the access ledger and shown to the holder."
      />
      <div>
        <Button type="submit" variant="danger" pending={pending}>
          Revoke grant
        </Button>
      </div>
    </form>
  );
}
