"use client";
// Certify or revoke one grant in a campaign, with a comment. The server refuses the grantee and a decided item.
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { decideItemAction } from "../actions";
import { EMPTY_DECIDE } from "../form-state";

export function DecideItemForm({ itemId, campaignId, back, grantee }: { itemId: string; campaignId: string; back: string; grantee: string }) {
  const [state, formAction, pending] = useActionState(decideItemAction, EMPTY_DECIDE);
  const error = state.errors.comment ?? state.alert?.message;
  return (
    <form action={formAction} className="flex w-40 flex-col gap-1.5" aria-busy={pending || undefined} data-decide-item={itemId}>
      <input type="hidden" name="itemId" value={itemId} />
      <input type="hidden" name="campaignId" value={campaignId} />
      <input type="hidden" name="back" value={back} />
      <Input
        label={`Comment on ${grantee}'s grant`}
        hideLabel
        name="comment"
        required
        maxLength={500}
        defaultValue={state.comment}
        placeholder="Comment (required)"
        error={error}
        className="h-8"
      />
      <span className="flex gap-2">
        <Button type="submit" name="decision" value="certify" size="sm" pending={pending}>
          Certify
        </Button>
        <Button type="submit" name="decision" value="revoke" size="sm" variant="danger" disabled={pending}>
          Revoke
        </Button>
      </span>
    </form>
  );
}
