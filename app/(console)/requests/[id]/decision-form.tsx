"use client";
// Approve or deny with a comment (one form, two submit buttons). The server decides whether this person may.
import { useActionState } from "react";
import { FormAlert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Textarea } from "@/components/ui/textarea";
import { decideRequestAction } from "../actions";
import { EMPTY_DECISION } from "../form-state";

export function DecisionForm({ requestId, lastApproval }: { requestId: string; lastApproval: boolean }) {
  const [state, formAction, pending] = useActionState(decideRequestAction, EMPTY_DECISION);
  return (
    <form action={formAction} className="flex flex-col gap-4" aria-label="Decide this request">
      <FormAlert alert={state.alert} />
      <input type="hidden" name="requestId" value={requestId} />
      <Textarea
        label="Comment"
        name="comment"
        required
        maxLength={500}
        defaultValue={state.comment}
        error={state.errors.comment}
        hint="Recorded with your decision in the access ledger and shown to the requester. No personal data."
      />
      <div className="flex flex-wrap gap-2">
        <Button type="submit" name="decision" value="approve" variant="primary" pending={pending}>
          {lastApproval ? "Approve and activate" : "Approve"}
        </Button>
        <Button type="submit" name="decision" value="deny" variant="danger" disabled={pending}>
          Deny
        </Button>
      </div>
    </form>
  );
}
