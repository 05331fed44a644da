// People search, a restricted read: names are pii_basic, so results pass the gateway and are ledgered.
import { z } from "zod";
import { keyedHash } from "@/lib/core/hash";
import { env } from "@/lib/core/env";
import { readRestricted, ZPurpose } from "@/lib/access/gateway";
import type { Actor, RequestMeta } from "@/lib/core/actor";
import type { GatedResult } from "@/lib/access/types";
import { getWarehouse } from "@/lib/warehouse/get-warehouse";
import { PERSON_ID_PATTERN } from "@/lib/warehouse/schema";
import { PEOPLE_DATASET, SEARCH_COLUMNS } from "./people-dataset";

export const ZSearchPeople = z.object({
  query: z
    .string({ error: "Enter a name or a person id" })
    .trim()
    .min(2, "Enter at least 2 characters")
    .max(100, "Keep the search under 100 characters"),
  purpose: ZPurpose,
});
export type TSearchPeople = z.input<typeof ZSearchPeople>;

export const SEARCH_LIMIT = 25;

/** Matches are counted up to this many when more than SEARCH_LIMIT match (index-only, ~0.2 ms at 1M people). */
export const COUNT_CAP = 1000;

export interface PeopleSearchResult extends GatedResult {
  /** More people match than the SEARCH_LIMIT rows returned. */
  more: boolean;
  /** How many match, when more than shown: exact below COUNT_CAP, else COUNT_CAP with `totalCapped`. */
  total: number | null;
  totalCapped: boolean;
}

export async function searchPeople(actor: Actor, input: TSearchPeople, meta: RequestMeta): Promise<PeopleSearchResult> {
  const { query, purpose } = ZSearchPeople.parse(input);
  const personId = query.toLowerCase();
  const byId = PERSON_ID_PATTERN.test(personId);
  const warehouse = getWarehouse();
  let more = false;
  const counted: { total?: { count: number; capped: boolean } } = {};
  const result = await readRestricted({
    actor,
    dataset: PEOPLE_DATASET,
    columns: SEARCH_COLUMNS,
    purpose,
    action: "people.searched",
    recordId: byId ? personId : null,
    meta,
    // The query may be a name (PII): the ledger keeps a keyed hash of it, never the text.
    payload: { query_hash: keyedHash(env().hashKey, personId), by: byId ? "id" : "name" },
    // Matching on names reads them: without clear pii_basic the matches would reveal who is called what.
    matchOn: byId
      ? undefined
      : {
          columns: ["full_name"],
          refusal: "Searching by name needs an active pii_basic grant. Search by person id (usr_…) instead, or request the scope.",
          field: "query",
        },
    fetch: async (columns) => {
      if (byId) return [await warehouse.getPerson(personId, columns)].filter((r): r is Record<string, unknown> => r !== null);
      // One row more than shown says whether more match, at the cost of one index entry.
      const rows = await warehouse.searchPeople(query, { limit: SEARCH_LIMIT + 1, columns });
      more = rows.length > SEARCH_LIMIT;
      // Inside the read, after the gateway's pii_basic check: a count of name matches is read from names too.
      if (more) counted.total = await warehouse.countPeopleMatches(query, { cap: COUNT_CAP });
      return rows.slice(0, SEARCH_LIMIT);
    },
  });
  return { ...result, more, total: counted.total?.count ?? null, totalCapped: counted.total?.capped ?? false };
}
