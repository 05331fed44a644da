"use client";
// Search results: one row per person, each cell as the gateway decided it. Opening a row is a restricted read, so
// it is a POST (the row's id is a submit button of one form), carrying the search's id, never its purpose.
import { useActionState } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { dataTableColumns } from "@/components/data-table/features";
import { GatedCellView } from "@/components/data/cell";
import { FormAlert } from "@/components/ui/alert";
import type { GatedRow } from "@/lib/access/types";
import { openRecordAction } from "./actions";
import { EMPTY_OPEN } from "./form-state";

const col = dataTableColumns<GatedRow>();
const gated = (name: string, header: string, kind: "text" | "id" = "text", rowLink = false) =>
  col.display({ id: name, header, meta: { rowLink }, cell: (c) => <GatedCellView cell={c.row.original.cells[name]} column={name} kind={kind} /> });

const columns = col.columns([
  gated("full_name", "Name"),
  gated("role", "Role"),
  gated("city", "City"),
  gated("state", "State"),
  // The id is never masked, so the row's button never wraps a focusable masked pill.
  gated("person_id", "Person id", "id", true),
]);

const rowId = (r: GatedRow) => r.id;
const FORM_ID = "open-record";

export function PeopleTable({ rows, searchId }: { rows: GatedRow[]; searchId: string }) {
  const [state, formAction, pending] = useActionState(openRecordAction, EMPTY_OPEN);
  return (
    <>
      <form id={FORM_ID} action={formAction} aria-busy={pending || undefined}>
        <input type="hidden" name="from" value={searchId} />
      </form>
      <FormAlert alert={state.alert} />
      <DataTable
        columns={columns}
        data={rows}
        getRowId={rowId}
        caption="People matching the search"
        emptyMessage="No one matches this search."
        emptyDescription="Try a shorter name prefix, or search by an exact person id."
        rowSubmit={{ form: FORM_ID, name: "personId", value: rowId, label: (r) => `Open the record of ${r.id}` }}
      />
    </>
  );
}
