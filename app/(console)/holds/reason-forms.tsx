"use client";
// The small forms of a matter's page: one action with a reason (activate, ask to release, close), confirm or reject
// a release, add or remove a custodian, and the custodian's acknowledgement. The server decides who may (law 3).
import { useActionState } from "react";
import { FormAlert } from "@/components/ui/alert";
import { Button, type ButtonVariant } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import {
  acknowledgeAction,
  activateHoldAction,
  addCustodianAction,
  closeMatterAction,
  decideReleaseAction,
  removeCustodianAction,
  requestReleaseAction,
} from "./actions";
import { EMPTY_HOLDS_FORM } from "./form-state";
import type { UserChoice } from "./matter-form";

const REASON_ACTIONS = { activate: activateHoldAction, release: requestReleaseAction, close: closeMatterAction };

export function ReasonForm({
  kind,
  matterId,
  holdId,
  label,
  button,
  hint,
  variant = "primary",
}: {
  kind: keyof typeof REASON_ACTIONS;
  matterId: string;
  holdId?: string;
  label: string;
  button: string;
  hint: string;
  variant?: ButtonVariant;
}) {
  const [state, formAction, pending] = useActionState(REASON_ACTIONS[kind], EMPTY_HOLDS_FORM);
  return (
    <form action={formAction} className="flex flex-col gap-3" aria-label={button}>
      <FormAlert alert={state.alert} />
      <input type="hidden" name="matterId" value={matterId} />
      {holdId ? <input type="hidden" name="holdId" value={holdId} /> : null}
      <Input label={label} name="reason" maxLength={500} error={state.errors.reason} hint={hint} />
      <div>
        <Button type="submit" variant={variant} pending={pending}>
          {button}
        </Button>
      </div>
    </form>
  );
}

export function DecideReleaseForm({ matterId, holdId }: { matterId: string; holdId: string }) {
  const [state, formAction, pending] = useActionState(decideReleaseAction, EMPTY_HOLDS_FORM);
  return (
    <form action={formAction} className="flex flex-col gap-3" aria-label="Decide the release">
      <FormAlert alert={state.alert} />
      <input type="hidden" name="matterId" value={matterId} />
      <input type="hidden" name="holdId" value={holdId} />
      <Input
        label="Why keep it (to reject)"
        name="reason"
        maxLength={500}
        error={state.errors.reason}
        hint="Needed only to reject; recorded in the ledger and sent to the privacy admin who asked. No personal data."
      />
      <div className="flex flex-wrap gap-2">
        <Button type="submit" name="decision" value="confirm" variant="danger" pending={pending}>
          Confirm the release
        </Button>
        <Button type="submit" name="decision" value="reject" variant="secondary" disabled={pending}>
          Reject the release
        </Button>
      </div>
    </form>
  );
}

export function AddCustodianForm({ matterId, users }: { matterId: string; users: UserChoice[] }) {
  const [state, formAction, pending] = useActionState(addCustodianAction, EMPTY_HOLDS_FORM);
  return (
    <form action={formAction} className="flex flex-col gap-3" aria-label="Add a custodian">
      <FormAlert alert={state.alert} />
      <input type="hidden" name="matterId" value={matterId} />
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
        <Select
          label="Custodian"
          name="userId"
          required
          options={users.map((u) => ({ value: u.id, label: `${u.name} (${u.email})` }))}
          error={state.errors.userId}
          wrapperClassName="min-w-0 sm:flex-1"
        />
        <div>
          <Button type="submit" variant="secondary" pending={pending}>
            Add custodian
          </Button>
        </div>
      </div>
    </form>
  );
}

export function RemoveCustodianForm({ matterId, userId, name }: { matterId: string; userId: string; name: string }) {
  const [state, formAction, pending] = useActionState(removeCustodianAction, EMPTY_HOLDS_FORM);
  return (
    <form action={formAction} aria-label={`Remove ${name} as custodian`}>
      <FormAlert alert={state.alert} />
      <input type="hidden" name="matterId" value={matterId} />
      <input type="hidden" name="userId" value={userId} />
      <Button type="submit" size="sm" variant="ghost" pending={pending}>
        Remove
      </Button>
    </form>
  );
}

export function AcknowledgeForm({ matterId }: { matterId: string }) {
  const [state, formAction, pending] = useActionState(acknowledgeAction, EMPTY_HOLDS_FORM);
  return (
    <form action={formAction} className="flex flex-col gap-3" aria-label="Acknowledge the notice">
      <FormAlert alert={state.alert} />
      <input type="hidden" name="matterId" value={matterId} />
      <div>
        <Button type="submit" variant="primary" pending={pending}>
          I acknowledge this legal hold notice
        </Button>
      </div>
    </form>
  );
}
