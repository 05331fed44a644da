"use client";
// Approve or deny an export with a comment (required to deny). The server decides whether this person may (law 3).
import { useActionState } from "react";
import { FormAlert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Textarea } from "@/components/ui/textarea";
import { cancelExportAction, decideExportAction } from "../actions";
import { EMPTY_DECISION } from "../form-state";

export function DecisionForm({ exportId }: { exportId: string }) {
  const [state, formAction, pending] = useActionState(decideExportAction, EMPTY_DECISION);
  return (
    <form action={formAction} className="flex flex-col gap-4" aria-label="Decide this export">
      <FormAlert alert={state.alert} />
      <input type="hidden" name="exportId" value={exportId} />
      <Textarea
        label="Comment"
        name="comment"
        maxLength={500}
        error={state.errors.comment}
        hint="Recorded with your decision and shown to the requester; required to deny. No personal data."
      />
      <div className="flex flex-wrap gap-2">
        <Button type="submit" name="decision" value="approve" variant="primary" pending={pending}>
          Approve export
        </Button>
        <Button type="submit" name="decision" value="deny" variant="danger" disabled={pending}>
          Deny export
        </Button>
      </div>
    </form>
  );
}

export function CancelForm({ exportId }: { exportId: string }) {
  const [state, formAction, pending] = useActionState(cancelExportAction, EMPTY_DECISION);
  return (
    <form action={formAction} className="flex flex-col gap-2" aria-label="Cancel this export">
      <FormAlert alert={state.alert} />
      <input type="hidden" name="exportId" value={exportId} />
      <div>
        <Button type="submit" variant="secondary" pending={pending}>
          Cancel export
        </Button>
      </div>
    </form>
  );
}
