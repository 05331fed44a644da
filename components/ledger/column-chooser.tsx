// Which columns the ledger shows: a GET form (the choice is view state, kept in the URL as `cols`), so it works
// without JavaScript and every view has an address. The filters and the order ride along as hidden fields.
import { buttonClassName } from "@/components/ui/button";
import { LEDGER_COLUMN_IDS, LEDGER_COLUMN_LABELS, type LedgerColumnId } from "./ledger-columns";

/** `carried`: the view's filters and order, as the page read them: never the raw query, whose names are anyone's. */
export function ColumnChooser({ carried, chosen }: { carried: ReadonlyArray<readonly [string, string]>; chosen: readonly LedgerColumnId[] }) {
  return (
    <details className="relative">
      <summary className={buttonClassName({ variant: "ghost", size: "sm" })}>Columns</summary>
      <form
        method="get"
        action="/ledger"
        className="absolute right-0 z-30 mt-1 grid w-56 gap-1 rounded-lg border border-slate-200 bg-white p-3 text-sm shadow-md"
      >
        {carried.map(([k, v], i) => (
          <input key={`${k}-${i}`} type="hidden" name={k} value={v} />
        ))}
        <fieldset className="grid gap-1">
          <legend className="mb-1 text-xs font-medium text-slate-600">Show columns</legend>
          {LEDGER_COLUMN_IDS.map((id) => (
            <label key={id} className="flex items-center gap-2">
              <input type="checkbox" name="cols" value={id} defaultChecked={chosen.includes(id)} disabled={id === "entry"} />
              {LEDGER_COLUMN_LABELS[id]}
            </label>
          ))}
        </fieldset>
        <input type="hidden" name="cols" value="entry" />
        <button type="submit" className={buttonClassName({ variant: "secondary", size: "sm" })}>
          Show
        </button>
      </form>
    </details>
  );
}
