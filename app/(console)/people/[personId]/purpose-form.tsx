// Asks for the purpose before a record is opened (GET back to the same address with ?purpose=…).
import { Input } from "@/components/ui/input";
import { buttonClassName } from "@/components/ui/button";

export function PurposeForm({ personId, error, defaultValue }: { personId: string; error?: string; defaultValue?: string }) {
  return (
    <form method="get" action={`/people/${encodeURIComponent(personId)}`} className="flex max-w-xl flex-col gap-4 rounded-lg border border-slate-200 bg-white p-4 shadow-xs">
      <Input label="Purpose" name="purpose" required maxLength={200} defaultValue={defaultValue} error={error} placeholder="e.g. Support ticket SUP-1042" hint="At least 5 characters" />
      <button type="submit" className={buttonClassName({ variant: "primary", size: "md" }) + " self-start"}>
        Open record
      </button>
    </form>
  );
}
