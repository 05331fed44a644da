"use client";
// The purge forms: start a dry-run, start an execute run (behind an explicit confirmation), approve or cancel a run.
// The server decides whether this person may, and refuses a start while another run is open.
import { useActionState } from "react";
import { FormAlert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Textarea } from "@/components/ui/textarea";
import { approvePurgeRunAction, cancelPurgeRunAction, startPurgeRunAction } from "./actions";
import { EMPTY_PURGE_FORM } from "./form-state";

export function StartPurgeForms() {
  const [dry, dryAction, dryPending] = useActionState(startPurgeRunAction, EMPTY_PURGE_FORM);
  const [exec, execAction, execPending] = useActionState(startPurgeRunAction, EMPTY_PURGE_FORM);
  return (
    <div className="flex flex-col gap-4">
      <form action={dryAction} className="flex flex-col gap-2" aria-label="Start a dry-run">
        <FormAlert alert={dry.alert} />
        <input type="hidden" name="mode" value="dry_run" />
        <p className="text-sm text-slate-700">Counts what retention would delete now and what the active holds keep back. Deletes nothing.</p>
        <div>
          <Button type="submit" variant="primary" pending={dryPending}>
            Start a dry-run
          </Button>
        </div>
      </form>
      <details className="rounded-md border border-slate-200 p-3">
        <summary className="cursor-pointer text-sm font-medium text-slate-900">Execute a purge…</summary>
        <form action={execAction} className="mt-3 flex flex-col gap-3" aria-label="Execute a purge">
          <FormAlert alert={exec.alert} />
          <input type="hidden" name="mode" value="execute" />
          <p className="text-sm text-slate-700">
            Deletes every record past retention that no active hold covers, in batches that re-check the holds. Deleted records cannot be brought
            back; each leaves a tombstone without personal data.
          </p>
          <Checkbox name="confirm" label="I understand that this deletes records from the warehouse" required />
          <div>
            <Button type="submit" variant="danger" pending={execPending}>
              Execute purge
            </Button>
          </div>
        </form>
      </details>
    </div>
  );
}

export function ApprovePurgeForm({ runId }: { runId: string }) {
  const [state, formAction, pending] = useActionState(approvePurgeRunAction, EMPTY_PURGE_FORM);
  return (
    <form action={formAction} className="flex flex-col gap-3" aria-label="Approve this run">
      <FormAlert alert={state.alert} />
      <input type="hidden" name="runId" value={runId} />
      <Textarea
        label="Reason"
        name="reason"
        maxLength={500}
        required
        error={state.errors.reason}
        hint="Why this volume is expected. Recorded in the ledger; no personal data."
      />
      <div>
        <Button type="submit" variant="primary" pending={pending}>
          Approve and continue
        </Button>
      </div>
    </form>
  );
}

export function CancelPurgeForm({ runId }: { runId: string }) {
  const [state, formAction, pending] = useActionState(cancelPurgeRunAction, EMPTY_PURGE_FORM);
  return (
    <form action={formAction} className="flex flex-col gap-2" aria-label="Cancel this run">
      <FormAlert alert={state.alert} />
      <input type="hidden" name="runId" value={runId} />
      <div>
        <Button type="submit" variant="secondary" pending={pending}>
          Cancel run
        </Button>
      </div>
    </form>
  );
}
