// Opening one person's record: every column of the people dataset, gated and ledgered.
import { z } from "zod";
import { AppError } from "@/lib/core/errors";
import { readRestricted, ZPurpose } from "@/lib/access/gateway";
import type { Actor, RequestMeta } from "@/lib/core/actor";
import type { GatedResult } from "@/lib/access/types";
import { getWarehouse } from "@/lib/warehouse/get-warehouse";
import { PERSON_ID_PATTERN } from "@/lib/warehouse/schema";
import { PEOPLE_DATASET } from "./people-dataset";

export const ZGetPerson = z.object({
  personId: z.string().trim().toLowerCase().regex(PERSON_ID_PATTERN, "A person id looks like usr_ followed by letters and digits"),
  purpose: ZPurpose,
});
export type TGetPerson = z.input<typeof ZGetPerson>;

export async function getPerson(actor: Actor, input: TGetPerson, meta: RequestMeta): Promise<GatedResult> {
  const { personId, purpose } = ZGetPerson.parse(input);
  const warehouse = getWarehouse();
  // The attempt is ledgered even when the id matches nobody: probing for ids is itself worth an audit line.
  const result = await readRestricted({
    actor,
    dataset: PEOPLE_DATASET,
    purpose,
    action: "people.record_viewed",
    recordId: personId,
    meta,
    fetch: async (columns) => {
      const row = await warehouse.getPerson(personId, columns);
      return row ? [row] : [];
    },
  });
  if (result.rows.length === 0) throw new AppError("not_found", `No person with id ${personId}`, { field: "personId" });
  return result;
}
