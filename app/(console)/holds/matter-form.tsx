"use client";
// Open a matter, or edit an open one: name, legal reference, description, owner (an active console user).
import { useActionState } from "react";
import { FormAlert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { createMatterAction, updateMatterAction } from "./actions";
import { EMPTY_HOLDS_FORM } from "./form-state";

export interface UserChoice {
  id: string;
  name: string;
  email: string;
}

export function MatterForm({
  users,
  matter,
}: {
  users: UserChoice[];
  matter?: { id: string; name: string; legalReference: string; description: string; ownerId: string };
}) {
  const [state, formAction, pending] = useActionState(matter ? updateMatterAction : createMatterAction, EMPTY_HOLDS_FORM);
  return (
    <form action={formAction} className="grid gap-4 sm:grid-cols-2" aria-label={matter ? "Edit the matter" : "Open a matter"}>
      <FormAlert alert={state.alert} className="sm:col-span-2" />
      {matter ? <input type="hidden" name="matterId" value={matter.id} /> : null}
      <Input label="Name" name="name" defaultValue={matter?.name} required maxLength={200} error={state.errors.name} />
      <Input
        label="Legal reference"
        name="legalReference"
        defaultValue={matter?.legalReference}
        required
        maxLength={200}
        error={state.errors.legalReference}
        hint="Docket, case or request number."
      />
      <Textarea
        label="Description"
        name="description"
        defaultValue={matter?.description}
        maxLength={4000}
        wrapperClassName="sm:col-span-2"
        error={state.errors.description}
      />
      <Select
        label="Owner"
        name="ownerId"
        defaultValue={matter?.ownerId}
        required
        options={users.map((u) => ({ value: u.id, label: `${u.name} (${u.email})` }))}
        error={state.errors.ownerId}
        hint="Who answers for this matter (counsel or a privacy admin)."
      />
      <div className="flex items-end sm:col-span-2">
        <Button type="submit" variant="primary" pending={pending}>
          {matter ? "Save the matter" : "Open the matter"}
        </Button>
      </div>
    </form>
  );
}
